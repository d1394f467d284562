//! `GET /v2/delivery/services`: the carrier directory, the ids a track code names.

use serde::{Deserialize, Serialize};

use crate::market::dates::null_vec;

/// `GetDeliveryServicesResponse`: `{"result": …}` with no `status` beside it, unlike the
/// other wrapped answers (a `status` that comes anyway is ignored).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DeliveryServicesResponse {
    #[serde(default)]
    pub result: DeliveryServices,
}

/// `DeliveryServicesDTO`: `{"deliveryService":[{"id","name"}]}` inside the envelope.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryServices {
    #[serde(default, deserialize_with = "null_vec::deserialize")]
    pub delivery_service: Vec<DeliveryService>,
}

/// `DeliveryServiceInfoDTO`: one carrier.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeliveryService {
    pub id: i64,
    #[serde(default)]
    pub name: String,
}
