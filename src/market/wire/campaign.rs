//! `GET /v2/campaigns`: the shops of the cabinet, their business and model.

use serde::{Deserialize, Serialize};

use super::common::{Pager, Paging};
use crate::market::enums::{ApiAvailability, PlacementType};

/// `BusinessDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Business {
    pub id: i64,
    #[serde(default)]
    pub name: String,
}

/// `CampaignDTO`: one shop. `id` is the campaignId, `business.id` the businessId.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Campaign {
    pub id: i64,
    #[serde(default)]
    pub domain: String,
    pub business: Business,
    pub placement_type: PlacementType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_availability: Option<ApiAvailability>,
}

/// `GetCampaignsResponse`: no `status` wrapper.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CampaignsPage {
    #[serde(
        default,
        deserialize_with = "crate::market::dates::null_vec::deserialize"
    )]
    pub campaigns: Vec<Campaign>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pager: Option<Pager>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}
