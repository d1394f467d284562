//! The program's own view of an order and of what our cache observed about it: the
//! plain data the risk rules, `status` and the screens read. Built from the Market's
//! wire shape once, at sync time, so nothing downstream parses JSON.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use crate::base::money::Money;
use crate::base::shared::Shared;
use crate::market::enums::{
    DeliveryPartnerType, DeliveryType, ItemStatus, OrderStatus, OrderSubstatus, ProgramType,
    RegionType, ReturnShipmentStatus, ReturnType,
};
use crate::market::wire::BusinessOrder;

/// One order, as the rules and screens need it.
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    pub order_id: i64,
    pub campaign_id: i64,
    pub business_id: i64,
    /// FBS, EXPRESS, DBS, FBY, LAAS, or what the Market sent.
    pub model: ProgramType,
    pub status: OrderStatus,
    pub substatus: OrderSubstatus,
    pub created_at: DateTime<Utc>,
    /// The Market's `updateDate`.
    pub updated_at: Option<DateTime<Utc>>,
    pub ship_date: Option<NaiveDate>,
    pub ship_time: Option<NaiveTime>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    pub real_delivery_date: Option<NaiveDate>,
    pub delivery_type: DeliveryType,
    pub partner: DeliveryPartnerType,
    pub carrier_id: i64,
    pub carrier: Shared,
    pub tracks: Vec<String>,
    pub region: Option<Shared>,
    pub city: Option<Shared>,
    /// What the buyer pays for the items, in `currency`.
    pub value: Money,
    pub currency: Shared,
    pub buyer_name: Option<String>,
    pub cancel_requested: bool,
    pub estimated: bool,
    pub storage_limit: Option<NaiveDate>,
    /// The legacy `expiryDate`, when an answer carried it.
    pub expiry: Option<DateTime<Utc>>,
    pub items_lost: bool,
    /// What the buyer ordered: each offer's name and count (drafts name them).
    pub items: Vec<ItemLine>,
}

/// One line of an order: an offer and how many of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemLine {
    pub name: Shared,
    pub count: i64,
}

impl Order {
    /// The planned delivery day: `toDate`, or `fromDate` when there is none.
    pub fn due(&self) -> Option<NaiveDate> {
        self.due_to.or(self.due_from)
    }

    /// Reads the wire order. The model falls back to the campaign's when v1 omits it.
    pub fn from_wire(o: &BusinessOrder, business_id: i64, fallback_model: ProgramType) -> Order {
        let d = &o.delivery;
        let region = d.region();
        let city = d.address().and_then(|a| a.city.clone()).or_else(|| {
            region
                .and_then(|r| r.find(&[RegionType::CITY, RegionType::VILLAGE]))
                .map(|r| r.name.clone())
        });
        let subject = region
            .and_then(|r| r.find(&[RegionType::REGION, RegionType::REPUBLIC]))
            .or(region)
            .map(|r| r.name.clone());
        let value = o
            .prices
            .as_ref()
            .and_then(|p| p.payment.as_ref())
            .map(|p| p.value)
            .unwrap_or_else(|| {
                o.items
                    .iter()
                    .filter_map(|i| i.prices.as_ref()?.payment.as_ref().map(|p| p.value))
                    .sum()
            });
        let currency = o
            .prices
            .as_ref()
            .and_then(|p| p.payment.as_ref())
            .map_or_else(|| Shared::from("RUR"), |p| p.currency_id.as_str().into());
        Order {
            order_id: o.order_id,
            campaign_id: o.campaign_id,
            business_id,
            model: o.program_type.clone().unwrap_or(fallback_model),
            status: o.status.clone(),
            substatus: o.substatus.clone(),
            created_at: o.creation_date.to_utc(),
            updated_at: o.update_date.map(|t| t.to_utc()),
            ship_date: d.shipment.as_ref().map(|s| s.shipment_date),
            ship_time: d
                .shipment
                .as_ref()
                .and_then(|s| s.shipment_time.as_deref())
                .and_then(parse_hhmm),
            due_from: Some(d.dates.from_date),
            due_to: d.dates.to_date,
            real_delivery_date: d.dates.real_delivery_date,
            delivery_type: d.kind.clone(),
            partner: d.delivery_partner_type.clone(),
            carrier_id: d.delivery_service_id,
            carrier: d.service_name.as_str().into(),
            tracks: d
                .tracks
                .iter()
                .filter_map(|t| t.track_code.clone())
                .collect(),
            region: subject.map(Shared::from),
            city: city.map(Shared::from),
            value,
            currency,
            buyer_name: None,
            cancel_requested: o.cancel_requested.unwrap_or(false),
            estimated: d.estimated.unwrap_or(false),
            storage_limit: d.pickup.as_ref().and_then(|p| p.outlet_storage_limit_date),
            expiry: None,
            items_lost: o.items.iter().any(|i| {
                i.item_statuses
                    .iter()
                    .any(|s| s.status == ItemStatus::LOST && s.count > 0)
            }),
            items: o
                .items
                .iter()
                .map(|i| ItemLine {
                    name: i.offer_name.as_str().into(),
                    count: i.count,
                })
                .collect(),
        }
    }
}

/// Reads `HH:MM` (the Market's time of day).
pub fn parse_hhmm(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").ok()
}

/// What our cache observed about an order over time: the Market keeps no history.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// When we first saw the order.
    pub first_seen: Option<DateTime<Utc>>,
    /// When we last saw anything about it change.
    pub last_change: Option<DateTime<Utc>>,
    /// When we first saw it handed over (status DELIVERY).
    pub handed_over_at: Option<DateTime<Utc>>,
    /// When we first saw the buyer's cancellation request.
    pub cancel_requested_at: Option<DateTime<Utc>>,
    /// How many times we saw the planned delivery day move, and by how many days in all.
    pub date_moves: u32,
    pub date_shift_days: i64,
    /// The last chat message: whether the buyer wrote it, and when.
    pub last_chat: Option<(bool, DateTime<Utc>)>,
    /// The order's latest incident was closed (with a root cause) after the last change
    /// the sync saw: an agent resolved it, and it stays resolved until the Market
    /// changes the order again.
    pub incident_closed: bool,
    /// A compensation for the order was seen.
    pub compensated: bool,
    /// The order's parcels on their way back to the seller (returns, non-purchases).
    pub returns: Vec<ReturnParcel>,
}

/// A parcel of a return or non-purchase, as the rules need it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnParcel {
    pub return_id: i64,
    /// `UNREDEEMED` (never received) or `RETURN` (sent back after delivery).
    pub kind: ReturnType,
    pub shipment_status: Option<ReturnShipmentStatus>,
    /// While the parcel waits at a pickup point: the last moment the seller can collect it.
    pub pickup_till: Option<DateTime<Utc>>,
    /// When the Market last changed it.
    pub updated_at: Option<DateTime<Utc>>,
}
