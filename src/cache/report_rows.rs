//! The plain rows a report is computed from, as the cache hands them over: incidents
//! with what the report needs of their order, the orders whose dates fall near the
//! period, the agents' trail (claims, messages, date moves) and the date moves the
//! sync saw. No SQL and no JSON beyond this point.

use chrono::{NaiveDate, NaiveTime};

use crate::base::money::Money;
use crate::base::shared::Shared;
use crate::domain::incident::compensation::Given;
use crate::market::enums::{OrderStatus, OrderSubstatus, ProgramType};

/// One incident, with its order's carrier, region, campaign and model (filled in from
/// the orders read with it; empty when the order is not cached).
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRow {
    pub id: i64,
    pub order_id: i64,
    /// Unix seconds, as every instant here.
    pub opened_at: i64,
    /// A rule opened it (`rule:<id>`), not an agent by hand.
    pub by_rule: bool,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    /// A `RootCause` id, or what a newer build stored.
    pub root_cause: Option<String>,
    /// A `FaultOwner` id.
    pub fault_owner: Option<String>,
    pub detected_before_buyer: Option<bool>,
    pub compensation: Vec<Given>,
    /// An earlier incident of the same order was closed before this one opened.
    pub reopened: bool,
    pub campaign_id: i64,
    pub model: ProgramType,
    pub carrier: Shared,
    pub region: Option<Shared>,
}

/// One order, with the dates and observations the Market's rates are counted from.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub order_id: i64,
    pub campaign_id: i64,
    pub model: ProgramType,
    pub status: OrderStatus,
    pub substatus: OrderSubstatus,
    pub created_at: i64,
    /// The planned shipment day and time (FBS/Express), as the Market shows it now.
    pub ship_date: Option<NaiveDate>,
    pub ship_time: Option<NaiveTime>,
    /// The planned delivery day: `toDate`, else `fromDate`, as the Market shows it now.
    pub due: Option<NaiveDate>,
    pub real_delivery_date: Option<NaiveDate>,
    /// When the sync first saw it reach PICKUP or DELIVERED (the Market's
    /// `updateDate` of that snapshot), looked up only when `real_delivery_date` is
    /// missing.
    pub delivered_seen_at: Option<i64>,
    /// When it was handed to delivery: the Market's `updateDate` of the first
    /// snapshot we saw in DELIVERY.
    pub handed_over_at: Option<i64>,
    pub carrier: Shared,
    pub region: Option<Shared>,
    pub items_lost: bool,
}

/// What an agent did that the flow measures time: claims, messages, date moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrailKind {
    /// `claim` or `take_over`.
    Claim,
    /// A chat message to the buyer the agent confirmed and the Market did not refuse.
    ChatMessage,
    /// A delivery date move the agent confirmed.
    DateMove,
}

/// One entry of the agents' trail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrailEntry {
    pub order_id: i64,
    pub at: i64,
    pub agent: String,
    pub kind: TrailKind,
}

/// A change of the planned delivery dates the sync saw, as the timeline stores it
/// (`2026-11-20` or `2026-11-20..2026-11-22`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateChange {
    pub order_id: i64,
    pub seen_at: i64,
    pub old: Option<String>,
    pub new: Option<String>,
    pub carrier: String,
}

/// Everything one report (and the period before it) is computed from.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Dataset {
    pub incidents: Vec<IncidentRow>,
    pub orders: Vec<OrderRow>,
    pub trail: Vec<TrailEntry>,
    pub date_changes: Vec<DateChange>,
    pub unredeemed: Vec<UnredeemedRow>,
}

/// A parcel that came back unredeemed: when the Market opened it, what it was worth
/// (the returned items', else the order's value) and the order's carrier.
#[derive(Debug, Clone, PartialEq)]
pub struct UnredeemedRow {
    pub order_id: i64,
    pub created_at: i64,
    pub value: Money,
    pub carrier: String,
}
