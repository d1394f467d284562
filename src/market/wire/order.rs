//! `POST /v1/businesses/{businessId}/orders`: `GetBusinessOrdersRequest` and
//! `BusinessOrderDTO`. Dates here are ISO 8601 with an offset and `YYYY-MM-DD`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::common::{Address, CurrencyValue, Paging, Region, Track};
use crate::market::dates::null_vec;
use crate::market::enums::{
    BuyerType, DeliveryPartnerType, DeliveryType, DispatchType, ItemStatus, OrderStatus,
    OrderSubstatus, PaymentMethod, PaymentType, ProgramType,
};

/// `GetBusinessOrdersRequest`: every filter optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrdersFilter {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order_ids: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub program_types: Vec<ProgramType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub campaign_ids: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<OrderStatus>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substatuses: Vec<OrderSubstatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dates: Option<OrdersDateFilter>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fake: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting_for_cancellation_approve: Option<bool>,
}

/// The `dates` block of the filter: creation and shipment days (`YYYY-MM-DD`, From
/// inclusive, To exclusive, ≤ 30 days) and update time (ISO 8601).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrdersDateFilter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date_to: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment_date_from: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment_date_to: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_date_from: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_date_to: Option<DateTime<FixedOffset>>,
}

/// `GetBusinessOrdersResponse`: up to 50 orders; no `nextPageToken` on the last page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(bound(deserialize = "O: Deserialize<'de>", serialize = "O: Serialize"))]
pub struct OrdersPage<O = BusinessOrder> {
    #[serde(default = "Vec::new", deserialize_with = "null_vec::deserialize")]
    pub orders: Vec<O>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// `GetBusinessOrdersResponse` with each order left as the JSON that came, and
/// `orders` read strictly: it is the answer's one required field, so a page without
/// it (or with `null`) is told apart from an empty page, which would end a pass.
#[derive(Debug, Deserialize)]
pub struct RawOrdersAnswer {
    #[serde(default)]
    pub orders: Option<Vec<Box<serde_json::value::RawValue>>>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

/// `BusinessOrderDTO`: one order as v1 sends it. No buyer names here.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BusinessOrder {
    pub order_id: i64,
    pub campaign_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub program_type: Option<ProgramType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_order_id: Option<String>,
    pub status: OrderStatus,
    pub substatus: OrderSubstatus,
    pub creation_date: DateTime<FixedOffset>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_date: Option<DateTime<FixedOffset>>,
    pub payment_type: PaymentType,
    pub payment_method: PaymentMethod,
    pub fake: bool,
    #[serde(default, deserialize_with = "null_vec::deserialize")]
    pub items: Vec<OrderItem>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<OrderPrices>,
    pub delivery: OrderDelivery,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_type: Option<BuyerType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_requested: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_platform: Option<String>,
}

/// `BusinessOrderItemDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrderItem {
    pub id: i64,
    pub offer_id: String,
    pub offer_name: String,
    pub count: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prices: Option<ItemPrices>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub item_statuses: Vec<ItemUnitStatus>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub required_instance_types: Vec<String>,
}

/// `ItemPriceDTO`: totals over all units of the item, in the shop currency.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ItemPrices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<CurrencyValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidy: Option<CurrencyValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashback: Option<CurrencyValue>,
}

/// `OrderItemUnitStatusDTO`: how many units of an item are in a state (e.g. `LOST`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ItemUnitStatus {
    pub status: ItemStatus,
    pub count: i64,
}

/// `OrderPriceDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrderPrices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<CurrencyValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidy: Option<CurrencyValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cashback: Option<CurrencyValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryPrices>,
}

/// `DeliveryPriceDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryPrices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<CurrencyValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidy: Option<CurrencyValue>,
}

/// `BusinessOrderDeliveryDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct OrderDelivery {
    #[serde(rename = "type")]
    pub kind: DeliveryType,
    pub service_name: String,
    pub delivery_service_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warehouse_id: Option<String>,
    pub delivery_partner_type: DeliveryPartnerType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch_type: Option<DispatchType>,
    pub dates: DeliveryDates,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment: Option<Shipment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub courier: Option<CourierDelivery>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup: Option<PickupDelivery>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tracks: Vec<Track>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated: Option<bool>,
}

impl OrderDelivery {
    /// The region of the delivery, from the courier or the pickup block.
    pub fn region(&self) -> Option<&Region> {
        self.courier
            .as_ref()
            .and_then(|c| c.region.as_ref())
            .or_else(|| self.pickup.as_ref().and_then(|p| p.region.as_ref()))
    }

    /// The address of the delivery: the buyer's door or the pickup point.
    pub fn address(&self) -> Option<&Address> {
        self.courier
            .as_ref()
            .and_then(|c| c.address.as_ref())
            .or_else(|| self.pickup.as_ref().and_then(|p| p.address.as_ref()))
    }
}

/// `BusinessOrderDeliveryDatesDTO`: days are `YYYY-MM-DD`, times `HH:MM`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryDates {
    pub from_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub real_delivery_date: Option<NaiveDate>,
}

/// `BusinessOrderShipmentDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Shipment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub shipment_date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment_time: Option<String>,
}

/// `BusinessOrderCourierDeliveryDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CourierDelivery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

/// `BusinessOrderPickupDeliveryDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PickupDelivery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logistic_point_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outlet_storage_limit_date: Option<NaiveDate>,
}
