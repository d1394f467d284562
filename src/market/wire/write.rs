//! Request and response bodies of the writes: status, batch status, delivery date,
//! track code, storage limit, cancellation answer, shipment transfer. Write bodies
//! carry `YYYY-MM-DD` dates.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::market::enums::{
    CancellationRejectReason, DeliveryDateReason, OrderStatus, OrderSubstatus, UpdateStatus,
};

/// `UpdateOrderStatusRequest`: `{"order":{status, substatus, delivery}}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatusChangeRequest {
    pub order: StatusChange,
}

/// `OrderStatusChangeDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub status: OrderStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substatus: Option<OrderSubstatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<StatusChangeDelivery>,
}

/// `OrderStatusChangeDeliveryDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StatusChangeDelivery {
    pub dates: StatusChangeDates,
}

/// `OrderStatusChangeDeliveryDatesDTO`: the real delivery day (DBS, never in the future).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeDates {
    pub real_delivery_date: NaiveDate,
}

/// `UpdateOrderStatusesRequest`: 1..30 orders.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BatchStatusRequest {
    pub orders: Vec<BatchStatusItem>,
}

/// `OrderStateDTO`: one order of a batch.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BatchStatusItem {
    pub id: i64,
    pub status: OrderStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substatus: Option<OrderSubstatus>,
}

/// `UpdateOrderStatusesDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BatchStatusResult {
    #[serde(
        default,
        deserialize_with = "crate::market::dates::null_vec::deserialize"
    )]
    pub orders: Vec<BatchStatusOutcome>,
}

/// `UpdateOrderStatusDTO`: the per-order answer; a failure comes with HTTP 200.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct BatchStatusOutcome {
    pub id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrderStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substatus: Option<OrderSubstatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_status: Option<UpdateStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_details: Option<String>,
}

/// `UpdateOrderDeliveryDateRequest`: both fields required.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DeliveryDateRequest {
    pub dates: DeliveryDateChange,
    pub reason: DeliveryDateReason,
}

/// `OrderDeliveryDateDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryDateChange {
    pub to_date: NaiveDate,
}

/// `UpdateOrderDeliveryTrackRequest` (`OrderDeliveryTrackDTO`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TrackRequest {
    pub track_code: String,
    pub delivery_service_id: i64,
}

/// `UpdateOrderStorageLimitRequest`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct StorageLimitRequest {
    pub new_date: NaiveDate,
}

/// `AcceptOrderCancellationRequest`: `reason` is required when refusing.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CancellationAnswer {
    pub accepted: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<CancellationRejectReason>,
}

/// `TransferOrdersFromShipmentRequest`: ≤ 500 orders to the next shipment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct TransferRequest {
    pub order_ids: Vec<i64>,
}
