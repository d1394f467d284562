//! Shapes shared by many endpoints: envelopes, paging, money, regions, addresses.

use serde::{Deserialize, Serialize};

use crate::base::money::Money;
use crate::market::enums::{RegionType, ResponseStatus};

/// `{"status":"OK","result":…}`: the wrapper of most non-legacy responses.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Envelope<T> {
    pub status: ResponseStatus,
    pub result: T,
}

/// `{"status":"OK"}`: the answer of writes that return nothing else.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Ack {
    pub status: ResponseStatus,
}

/// `ApiErrorDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ApiErrorDto {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `ApiErrorResponse`: every error the Market sends.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiErrorResponse {
    pub status: ResponseStatus,
    #[serde(
        default,
        deserialize_with = "crate::market::dates::null_vec::deserialize"
    )]
    pub errors: Vec<ApiErrorDto>,
}

/// `ForwardScrollingPagerDTO`: the token of the next page; absent on the last page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_page_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev_page_token: Option<String>,
}

/// `FlippingPagerDTO`: the deprecated page-number pager.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pager {
    #[serde(default)]
    pub total: Option<i64>,
    #[serde(default)]
    pub from: Option<i64>,
    #[serde(default)]
    pub to: Option<i64>,
    #[serde(default)]
    pub current_page: Option<i64>,
    #[serde(default)]
    pub pages_count: Option<i64>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

/// `CurrencyValueDTO`: an amount in a currency (`RUR`, …). The Market writes the
/// value as a number of roubles; it is read to the kopeck here, once.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CurrencyValue {
    pub value: Money,
    pub currency_id: String,
}

/// `RegionDTO`, with its `parent` chain up to the country.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: RegionType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Box<Region>>,
}

impl Region {
    /// The nearest region of the chain (this one first) whose type is one of `kinds`.
    pub fn find(&self, kinds: &[RegionType]) -> Option<&Region> {
        let mut r = Some(self);
        while let Some(region) = r {
            if kinds.contains(&region.kind) {
                return Some(region);
            }
            r = region.parent.as_deref();
        }
        None
    }
}

/// `GpsDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Gps {
    pub latitude: f64,
    pub longitude: f64,
}

/// An address as both order shapes send it; every part optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subway: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estate: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub building: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entryphone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apartment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gps: Option<Gps>,
}

/// `OrderTrackDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Track {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_code: Option<String>,
    pub delivery_service_id: i64,
}
