//! `OrderDTO`: the legacy order shape, still returned by the status write
//! (`PUT …/orders/{orderId}/status` → `{"order": OrderDTO}`). Its dates are the
//! legacy dialect: `DD-MM-YYYY` and `DD-MM-YYYY HH:mm:ss` Moscow time.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::common::{Address, Region, Track};
use crate::market::dates::{dmy, dmy_hms, dmy_hms_opt, dmy_opt, null_vec};
use crate::market::enums::{
    BuyerType, DeliveryPartnerType, DeliveryType, OrderStatus, OrderSubstatus, PaymentMethod,
    PaymentType, TaxSystem,
};

/// `{"order": OrderDTO}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderEnvelope {
    pub order: LegacyOrder,
}

/// `OrderDTO` (the fields this tool reads).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LegacyOrder {
    pub id: i64,
    pub status: OrderStatus,
    pub substatus: OrderSubstatus,
    #[serde(with = "dmy_hms")]
    pub creation_date: DateTime<FixedOffset>,
    #[serde(default, with = "dmy_hms_opt", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<DateTime<FixedOffset>>,
    #[serde(default, with = "dmy_hms_opt", skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<DateTime<FixedOffset>>,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub items_total: f64,
    #[serde(default)]
    pub delivery_total: f64,
    /// The items before promotions, coupons and promo codes: the struck-out prices.
    #[serde(default)]
    pub buyer_items_total_before_discount: f64,
    pub payment_type: PaymentType,
    pub payment_method: PaymentMethod,
    #[serde(default)]
    pub fake: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_requested: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, deserialize_with = "null_vec::deserialize")]
    pub items: Vec<LegacyItem>,
    pub delivery: LegacyDelivery,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<LegacyBuyer>,
    /// Required by the spec; kept optional so an answer without it still reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tax_system: Option<TaxSystem>,
}

/// `OrderItemDTO` (the fields this tool reads).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LegacyItem {
    pub id: i64,
    pub offer_id: String,
    pub offer_name: String,
    #[serde(default)]
    pub price: f64,
    #[serde(default)]
    pub buyer_price: f64,
    /// Per unit, before promotions, coupons and promo codes.
    #[serde(default)]
    pub buyer_price_before_discount: f64,
    pub count: i64,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub promos: Vec<serde_json::Value>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub instances: Vec<serde_json::Value>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub subsidies: Vec<serde_json::Value>,
}

/// `OrderDeliveryDTO` (legacy).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LegacyDelivery {
    #[serde(rename = "type")]
    pub kind: DeliveryType,
    pub service_name: String,
    pub delivery_partner_type: DeliveryPartnerType,
    pub delivery_service_id: i64,
    pub dates: LegacyDeliveryDates,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_code: Option<String>,
    #[serde(default, with = "dmy_opt", skip_serializing_if = "Option::is_none")]
    pub outlet_storage_limit_date: Option<NaiveDate>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tracks: Vec<Track>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub shipments: Vec<LegacyShipment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated: Option<bool>,
}

/// `DeliveryDatesDTO` (legacy): `DD-MM-YYYY` days.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LegacyDeliveryDates {
    #[serde(with = "dmy")]
    pub from_date: NaiveDate,
    #[serde(default, with = "dmy_opt", skip_serializing_if = "Option::is_none")]
    pub to_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_time: Option<String>,
    #[serde(default, with = "dmy_opt", skip_serializing_if = "Option::is_none")]
    pub real_delivery_date: Option<NaiveDate>,
}

/// `OrderShipmentDTO` (legacy): a parcel of the order. Its deprecated `id` is the
/// parcel's, given by the Market; the FBS shipment (the day's handover) is the v1
/// order's `delivery.shipment.id`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LegacyShipment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, with = "dmy_opt", skip_serializing_if = "Option::is_none")]
    pub shipment_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment_time: Option<String>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tracks: Vec<Track>,
}

/// `OrderBuyerDTO` (legacy): names only for DBS.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LegacyBuyer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    #[serde(rename = "type")]
    pub kind: BuyerType,
}
