//! `GET /v2/campaigns/{campaignId}/returns`: a campaign's non-purchases (parcels that
//! came back undelivered or refused, `UNREDEEMED`) and returns (`RETURN`), and the query
//! that filters them. Dates are ISO 8601 with an offset; the query's days `YYYY-MM-DD`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::common::{CurrencyValue, Paging};
use crate::market::dates::null_vec;
use crate::market::enums::{
    LogisticPointType, RefundStatus, ReturnDecisionReason, ReturnDecisionSubreason,
    ReturnDecisionType, ReturnInstanceStatus, ReturnInstanceStockType, ReturnRecipientType,
    ReturnShipmentStatus, ReturnType,
};

/// The most `orderIds` one query may name.
pub const MAX_RETURN_ORDER_IDS: usize = 50;

/// The filters of `GET …/returns`, all optional. Lists go on the query comma-separated,
/// as the spec describes them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReturnsFilter {
    /// Up to 50 orders.
    pub order_ids: Vec<i64>,
    /// Refund statuses (the query's `statuses`).
    pub statuses: Vec<RefundStatus>,
    /// Where the parcel is (`shipmentStatuses`).
    pub shipment_statuses: Vec<ReturnShipmentStatus>,
    /// Non-purchases or returns only (`type`); both when `None`.
    pub kind: Option<ReturnType>,
    /// First day of the last update, inclusive (`fromDate`).
    pub from_date: Option<NaiveDate>,
    /// Last day of the last update (`toDate`).
    pub to_date: Option<NaiveDate>,
}

impl ReturnsFilter {
    /// The query parameters of the filter, in the spec's names.
    pub fn query(&self) -> Vec<(&'static str, String)> {
        fn joined<T: std::fmt::Display>(items: &[T]) -> String {
            items
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(",")
        }
        let mut q = Vec::new();
        if !self.order_ids.is_empty() {
            q.push(("orderIds", joined(&self.order_ids)));
        }
        if !self.statuses.is_empty() {
            q.push(("statuses", joined(&self.statuses)));
        }
        if !self.shipment_statuses.is_empty() {
            q.push(("shipmentStatuses", joined(&self.shipment_statuses)));
        }
        if let Some(kind) = &self.kind {
            q.push(("type", kind.to_string()));
        }
        if let Some(d) = self.from_date {
            q.push(("fromDate", d.to_string()));
        }
        if let Some(d) = self.to_date {
            q.push(("toDate", d.to_string()));
        }
        q
    }
}

/// `PagedReturnsDTO`, the `result` of `GetReturnsResponse`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PagedReturns {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
    #[serde(default, deserialize_with = "null_vec::deserialize")]
    pub returns: Vec<Return>,
}

/// `ReturnDTO`: one non-purchase or return of an order. The logistics fields may be
/// missing (a fast refund leaves the goods with the buyer); `refundStatus` means
/// something for `RETURN` only.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Return {
    pub id: i64,
    pub order_id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_date: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_date: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_status: Option<RefundStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logistic_pickup_point: Option<LogisticPickupPoint>,
    /// The last moment the shop can collect the parcel; only while `READY_FOR_PICKUP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup_till_date: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment_recipient_type: Option<ReturnRecipientType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipment_status: Option<ReturnShipmentStatus>,
    /// Deprecated: the amount in kopecks; `amount` replaces it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<CurrencyValue>,
    #[serde(default, deserialize_with = "null_vec::deserialize")]
    pub items: Vec<ReturnItem>,
    pub return_type: ReturnType,
    /// The cheap-defect fast refund: the goods stay with the buyer (`RETURN` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fast_return: Option<bool>,
}

/// `LogisticPickupPointDTO`: where the shop collects the parcel.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct LogisticPickupPoint {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<PickupAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<LogisticPointType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logistic_partner_id: Option<i64>,
}

/// `PickupAddressDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PickupAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub house: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

/// `ReturnItemDTO`: the units of one offer in the return.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub market_sku: Option<i64>,
    /// The seller's SKU: the order item's `offerId`.
    pub shop_sku: String,
    pub count: i64,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub decisions: Vec<ReturnDecision>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub instances: Vec<ReturnInstance>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tracks: Vec<ReturnTrack>,
}

/// `ReturnDecisionDTO`: the shop's decision on some units and the buyer's reason.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnDecision {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_item_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_type: Option<ReturnDecisionReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subreason_type: Option<ReturnDecisionSubreason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_type: Option<ReturnDecisionType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<CurrencyValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_compensation_amount: Option<CurrencyValue>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub images: Vec<String>,
}

/// `ReturnInstanceDTO`: one unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnInstance {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock_type: Option<ReturnInstanceStockType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReturnInstanceStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cis: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imei: Option<String>,
}

/// `TrackDTO`: a postal track code of the return.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ReturnTrack {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_code: Option<String>,
}

#[cfg(test)]
mod tests;
