//! The at-risk rules. Pure: an order, what we observed about it, and `now` in; the
//! matched rules, the worst severity and the time to breach out. The wall clock is
//! never read here. Rule ids are stable: JSON output and config use them.

use chrono::{DateTime, Days, Duration, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::order::{History, Order, parse_hhmm};
use crate::market::dates::moscow;
use crate::market::enums::{
    OrderStatus as S, OrderSubstatus as Sub, ProgramType, ReturnShipmentStatus as RS,
};

/// How urgent: P1 is the most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    P1,
    P2,
    P3,
    P4,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::P1, Severity::P2, Severity::P3, Severity::P4];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::P1 => "P1",
            Severity::P2 => "P2",
            Severity::P3 => "P3",
            Severity::P4 => "P4",
        }
    }
}

/// Declares the rules with their stable ids, in the order of the product brief.
macro_rules! rules {
    ($($variant:ident = $id:literal),+ $(,)?) => {
        /// An at-risk rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule { $($variant),+ }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The stable id used in JSON and config.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id),+ }
            }

            /// The rule with this id.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)+ _ => None }
            }
        }
    };
}

rules! {
    NotReceivedDispute = "not_received_dispute",
    CancelRequestPending = "cancel_request_pending",
    Expiring = "expiring",
    ShipmentOverdue = "shipment_overdue",
    DeliveryOverdue = "delivery_overdue",
    Undelivered = "undelivered",
    ShipmentDueSoon = "shipment_due_soon",
    DeliveryDueToday = "delivery_due_today",
    DateChangeBudget = "date_change_budget",
    Stale = "stale",
    NoTrack = "no_track",
    StorageExpiring = "storage_expiring",
    DateUnconfirmed = "date_unconfirmed",
    BuyerWaiting = "buyer_waiting",
    LostClaimClock = "lost_claim_clock",
    ReturnStuck = "return_stuck",
}

/// Thresholds of the rules (config `[risk]`), with the product's defaults.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Moscow time of day an FBS shipment is due when the Market gives no time.
    pub shipment_cutoff: String,
    pub ship_due_soon_hours: i64,
    pub cancel_answer_hours: i64,
    pub expiring_hours: i64,
    pub date_moves: u32,
    pub date_shift_days: i64,
    pub stale_days: i64,
    /// Within the seller's own region (`home_region`) a quiet order is stale sooner.
    pub stale_days_home: i64,
    pub home_region: Option<String>,
    pub no_track_hours: i64,
    pub storage_days: i64,
    pub buyer_waiting_hours: i64,
    pub lost_claim_months: u32,
    pub lost_claim_urgent_days: i64,
    /// A returned parcel waiting at a pickup point is flagged this long before the
    /// seller's last day to collect it.
    pub return_pickup_hours: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            shipment_cutoff: "12:00".into(),
            ship_due_soon_hours: 4,
            cancel_answer_hours: 48,
            expiring_hours: 24,
            date_moves: 2,
            date_shift_days: 5,
            stale_days: 3,
            stale_days_home: 2,
            home_region: None,
            no_track_hours: 2,
            storage_days: 1,
            buyer_waiting_hours: 2,
            lost_claim_months: 3,
            lost_claim_urgent_days: 7,
            return_pickup_hours: 24,
        }
    }
}

impl Thresholds {
    /// Checks the values; on error, the key and what is wrong.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        if parse_hhmm(&self.shipment_cutoff).is_none() {
            return Err((
                "shipment_cutoff",
                format!("{:?} is not HH:MM", self.shipment_cutoff),
            ));
        }
        let non_negative = [
            ("ship_due_soon_hours", self.ship_due_soon_hours),
            ("cancel_answer_hours", self.cancel_answer_hours),
            ("expiring_hours", self.expiring_hours),
            ("date_shift_days", self.date_shift_days),
            ("stale_days", self.stale_days),
            ("stale_days_home", self.stale_days_home),
            ("no_track_hours", self.no_track_hours),
            ("storage_days", self.storage_days),
            ("buyer_waiting_hours", self.buyer_waiting_hours),
            ("lost_claim_urgent_days", self.lost_claim_urgent_days),
            ("return_pickup_hours", self.return_pickup_hours),
        ];
        for (key, v) in non_negative {
            if !(0..=10_000).contains(&v) {
                return Err((key, format!("{v} is out of range 0..=10000")));
            }
        }
        Ok(())
    }

    fn cutoff(&self) -> NaiveTime {
        parse_hhmm(&self.shipment_cutoff).unwrap_or(NaiveTime::MIN)
    }
}

/// One matched rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub rule: Rule,
    pub severity: Severity,
    /// When the rule's deadline falls (in the past when already breached).
    pub due: Option<DateTime<Utc>>,
}

/// Everything the rules say about one order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Assessment {
    /// Worst first, then the earliest deadline.
    pub matches: Vec<Match>,
}

impl Assessment {
    pub fn is_at_risk(&self) -> bool {
        !self.matches.is_empty()
    }

    pub fn worst(&self) -> Option<&Match> {
        self.matches.first()
    }

    pub fn severity(&self) -> Option<Severity> {
        self.worst().map(|m| m.severity)
    }

    /// The earliest deadline of any matched rule.
    pub fn due(&self) -> Option<DateTime<Utc>> {
        self.matches.iter().filter_map(|m| m.due).min()
    }
}

const ACTIVE: [S; 3] = [S::PROCESSING, S::DELIVERY, S::PICKUP];

/// Cancelled because the delivery failed: the order never arrived.
pub fn is_delivery_failure(sub: &Sub) -> bool {
    matches!(
        sub,
        Sub::DELIVERY_SERVICE_UNDELIVERED
            | Sub::DELIVERY_SERVICE_FAILED
            | Sub::DELIVERY_SERVICE_LOST
            | Sub::DELIVERY_SERVICE_NOT_RECEIVED
            | Sub::SORTING_CENTER_LOST
            | Sub::DROPOFF_LOST
            | Sub::DROPOFF_CLOSED
            | Sub::LOST
            | Sub::DELIVERY_PROBLEMS
            | Sub::PICKUP_EXPIRED
            | Sub::SHIPPED_TO_WRONG_DELIVERY_SERVICE
            | Sub::WAREHOUSE_FAILED_TO_SHIP
            | Sub::CANCELLED_COURIER_NOT_FOUND
            | Sub::COURIER_NOT_FOUND
            | Sub::COURIER_NOT_DELIVER_ORDER
            | Sub::COURIER_NOT_COME_FOR_ORDER
            | Sub::DELIVERY_NOT_MANAGED_REGION
            | Sub::INAPPROPRIATE_WEIGHT_SIZE
            | Sub::PICKUP_POINT_CLOSED
            | Sub::DAMAGED_BOX
    )
}

/// Lost on the way: a claim to the Market may be due.
pub fn is_lost(sub: &Sub) -> bool {
    matches!(
        sub,
        Sub::DELIVERY_SERVICE_LOST | Sub::SORTING_CENTER_LOST | Sub::LOST | Sub::DROPOFF_LOST
    )
}

/// The statuses in which an order can match a rule whatever its substatus.
pub const WATCHED_STATUSES: [S; 4] = [S::UNPAID, S::PROCESSING, S::DELIVERY, S::PICKUP];

/// The substatuses with which an order in any other status can still match a rule:
/// delivery failures, losses and arbitration.
pub fn watched_substatuses() -> Vec<Sub> {
    Sub::KNOWN
        .iter()
        .filter(|s| {
            is_delivery_failure(s)
                || matches!(
                    s,
                    Sub::DELIVERY_USER_NOT_RECEIVED | Sub::DELIVERED_USER_NOT_RECEIVED
                )
        })
        .cloned()
        .collect()
}

/// Whether any rule could match this order, chats aside (`buyer_waiting` depends on
/// the chat alone). Lets a reader skip the orders no rule can touch, e.g. in SQL.
pub fn may_match(order: &Order) -> bool {
    WATCHED_STATUSES.contains(&order.status)
        || order.items_lost
        || watched_substatuses().contains(&order.substatus)
}

fn ships_itself(model: &ProgramType) -> bool {
    matches!(model, ProgramType::FBS | ProgramType::EXPRESS)
}

use crate::base::time::moscow_midnight as msk_day_start;

/// When an FBS/Express order must be shipped: shipment day at its time, or the cut-off.
pub fn ship_due(order: &Order, t: &Thresholds) -> Option<DateTime<Utc>> {
    let day = order.ship_date?;
    let time = order.ship_time.unwrap_or_else(|| t.cutoff());
    moscow()
        .from_local_datetime(&day.and_time(time))
        .single()
        .map(|x| x.to_utc())
}

/// Applies every rule to one order. An order whose incident an agent closed after its
/// last change is at no risk: it was resolved, until the Market changes it again.
pub fn assess(order: &Order, history: &History, now: DateTime<Utc>, t: &Thresholds) -> Assessment {
    if history.incident_closed {
        return Assessment::default();
    }
    let f = Facts {
        order,
        history,
        now,
        t,
        today: now.with_timezone(&moscow()).date_naive(),
        active: ACTIVE.contains(&order.status),
        dbs: order.model == ProgramType::DBS,
        market_changed: order.updated_at.or(history.last_change),
    };
    let mut out = Vec::new();
    buyer_and_market_clocks(&f, &mut out);
    shipment(&f, &mut out);
    delivery(&f, &mut out);
    waiting_and_losses(&f, &mut out);
    returns(&f, &mut out);
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| cmp_due(a.due, b.due))
            .then_with(|| a.rule.cmp(&b.rule))
    });
    Assessment { matches: out }
}

/// What every rule of [`assess`] reads.
struct Facts<'a> {
    order: &'a Order,
    history: &'a History,
    now: DateTime<Utc>,
    t: &'a Thresholds,
    /// Today in Moscow.
    today: NaiveDate,
    /// Processing, in delivery or at the pickup point.
    active: bool,
    dbs: bool,
    /// The Market's last change of the order, as it said or as the sync saw it.
    market_changed: Option<DateTime<Utc>>,
}

fn hit(out: &mut Vec<Match>, rule: Rule, severity: Severity, due: Option<DateTime<Utc>>) {
    out.push(Match {
        rule,
        severity,
        due,
    });
}

/// A delivery dispute, the buyer's cancellation request and the order's expiry.
fn buyer_and_market_clocks(f: &Facts, out: &mut Vec<Match>) {
    let (order, history, now, t) = (f.order, f.history, f.now, f.t);
    if matches!(
        order.substatus,
        Sub::DELIVERY_USER_NOT_RECEIVED | Sub::DELIVERED_USER_NOT_RECEIVED
    ) {
        hit(
            out,
            Rule::NotReceivedDispute,
            Severity::P1,
            f.market_changed,
        );
    }
    if order.cancel_requested && matches!(order.status, S::DELIVERY | S::PICKUP) {
        let asked = history.cancel_requested_at.or(order.updated_at);
        let due = asked.map(|a| a + Duration::hours(t.cancel_answer_hours));
        hit(out, Rule::CancelRequestPending, Severity::P1, due);
    }
    if let Some(expiry) = order.expiry
        && (f.active || order.status == S::UNPAID)
        && expiry - now <= Duration::hours(t.expiring_hours)
    {
        hit(out, Rule::Expiring, Severity::P1, Some(expiry));
    }
}

/// FBS/Express: the shipment overdue or due soon.
fn shipment(f: &Facts, out: &mut Vec<Match>) {
    let (order, now, t) = (f.order, f.now, f.t);
    // Once SHIPPED the parcel is with the Market: the shipment is no longer ours to miss.
    if ships_itself(&order.model)
        && order.status == S::PROCESSING
        && order.substatus != Sub::SHIPPED
        && let Some(due) = ship_due(order, t)
    {
        if now > due {
            hit(out, Rule::ShipmentOverdue, Severity::P1, Some(due));
        } else if order.substatus == Sub::STARTED
            && due - now <= Duration::hours(t.ship_due_soon_hours)
        {
            hit(out, Rule::ShipmentDueSoon, Severity::P2, Some(due));
        }
    }
}

/// The delivery itself: its date, a failed delivery, the date-move budget, a stale
/// parcel, a missing track, pickup storage and an unconfirmed date.
fn delivery(f: &Facts, out: &mut Vec<Match>) {
    let (order, history, now, t, today) = (f.order, f.history, f.now, f.t, f.today);
    if f.dbs
        && let Some(due_day) = order.due()
    {
        let breach = msk_day_start(due_day + Days::new(1));
        if f.active && order.real_delivery_date.is_none() && today > due_day {
            hit(out, Rule::DeliveryOverdue, Severity::P1, Some(breach));
        }
        if order.status == S::PROCESSING && due_day <= today {
            hit(out, Rule::DeliveryDueToday, Severity::P2, Some(breach));
        }
    }
    if order.status == S::CANCELLED
        && is_delivery_failure(&order.substatus)
        && !history.incident_closed
    {
        hit(out, Rule::Undelivered, Severity::P1, f.market_changed);
    }
    if f.dbs
        && f.active
        && (history.date_moves >= t.date_moves || history.date_shift_days >= t.date_shift_days)
    {
        hit(out, Rule::DateChangeBudget, Severity::P2, None);
    }
    stale(f, out);
    if f.dbs
        && order.status == S::DELIVERY
        && order.tracks.is_empty()
        && let Some(handed) = history.handed_over_at.or(order.updated_at)
    {
        let due = handed + Duration::hours(t.no_track_hours);
        if now > due {
            hit(out, Rule::NoTrack, Severity::P3, Some(due));
        }
    }
    if order.status == S::PICKUP
        && let Some(limit) = order.storage_limit
        && (limit - today).num_days() <= t.storage_days
    {
        hit(
            out,
            Rule::StorageExpiring,
            Severity::P3,
            Some(msk_day_start(limit + Days::new(1))),
        );
    }
    if order.estimated && (f.active || order.status == S::UNPAID) {
        hit(out, Rule::DateUnconfirmed, Severity::P3, None);
    }
}

/// In delivery with no change from the Market for longer than the home region's or
/// the other regions' limit.
fn stale(f: &Facts, out: &mut Vec<Match>) {
    let (order, t) = (f.order, f.t);
    if order.status == S::DELIVERY
        && let Some(since) = f.market_changed
    {
        let home = t.home_region.is_some() && t.home_region.as_deref() == order.region.as_deref();
        let days = if home {
            t.stale_days_home
        } else {
            t.stale_days
        };
        let due = since + Duration::days(days);
        if f.now >= due {
            hit(out, Rule::Stale, Severity::P2, Some(due));
        }
    }
}

/// A buyer waiting for an answer in the chat, and the clock of a loss claim.
fn waiting_and_losses(f: &Facts, out: &mut Vec<Match>) {
    let (order, history, now, t) = (f.order, f.history, f.now, f.t);
    if let Some((true, at)) = history.last_chat {
        let due = at + Duration::hours(t.buyer_waiting_hours);
        if now > due {
            hit(out, Rule::BuyerWaiting, Severity::P3, Some(due));
        }
    }
    let lost = (order.status == S::CANCELLED && is_lost(&order.substatus)) || order.items_lost;
    if lost && !history.compensated {
        let planned = order
            .due()
            .unwrap_or_else(|| order.created_at.with_timezone(&moscow()).date_naive());
        // The last day of the three months still counts: the deadline is its end.
        let deadline = msk_day_start(planned + Months::new(t.lost_claim_months) + Days::new(1));
        let sev = if deadline - now <= Duration::days(t.lost_claim_urgent_days) {
            Severity::P1
        } else {
            Severity::P2
        };
        hit(out, Rule::LostClaimClock, sev, Some(deadline));
    }
}

/// A parcel on its way back that the carrier lost, or that waits at a pickup point
/// about to send it away (or already past its day): the goods are the seller's.
fn returns(f: &Facts, out: &mut Vec<Match>) {
    for p in &f.history.returns {
        match &p.shipment_status {
            Some(RS::LOST) => hit(out, Rule::ReturnStuck, Severity::P2, p.updated_at),
            Some(RS::READY_FOR_PICKUP)
                if p.pickup_till.is_some_and(|till| {
                    till - f.now <= Duration::hours(f.t.return_pickup_hours)
                }) =>
            {
                hit(out, Rule::ReturnStuck, Severity::P2, p.pickup_till);
            }
            _ => {}
        }
    }
}

/// The next instant after `now` at which time alone may change what [`assess`] says
/// of this order (a rule starting to match, or its severity rising), with the order and
/// its history unchanged; `None` when no time threshold lies ahead. The syncing
/// process re-assesses an order when this instant passes, so time-driven rules fire
/// without a change from the Market. It may name an instant at which nothing changes
/// (a threshold of a rule that will not match then); it never misses one that does.
pub fn next_change(
    order: &Order,
    history: &History,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Option<DateTime<Utc>> {
    if history.incident_closed {
        return None;
    }
    // A rule written `now > x` starts a second after `x`; `now >= x` at `x`. Only the
    // thresholds of rules whose other conditions hold now are counted: time alone does
    // not change an order's status, so a delivered order has none ahead.
    let after = |x: DateTime<Utc>| x + Duration::seconds(1);
    let active = ACTIVE.contains(&order.status);
    let dbs = order.model == ProgramType::DBS;
    let mut at: Vec<DateTime<Utc>> = Vec::new();
    if let Some(expiry) = order.expiry
        && (active || order.status == S::UNPAID)
    {
        at.push(expiry - Duration::hours(t.expiring_hours));
    }
    if ships_itself(&order.model)
        && order.status == S::PROCESSING
        && order.substatus != Sub::SHIPPED
        && let Some(due) = ship_due(order, t)
    {
        at.push(due - Duration::hours(t.ship_due_soon_hours));
        at.push(after(due));
    }
    if dbs
        && (active || order.status == S::PROCESSING)
        && let Some(due_day) = order.due()
    {
        at.push(msk_day_start(due_day));
        at.push(msk_day_start(due_day + Days::new(1)));
    }
    if order.status == S::DELIVERY
        && let Some(since) = order.updated_at.or(history.last_change)
    {
        at.push(since + Duration::days(t.stale_days));
        at.push(since + Duration::days(t.stale_days_home));
    }
    if dbs
        && order.status == S::DELIVERY
        && order.tracks.is_empty()
        && let Some(handed) = history.handed_over_at.or(order.updated_at)
    {
        at.push(after(handed + Duration::hours(t.no_track_hours)));
    }
    if order.status == S::PICKUP
        && let Some(limit) = order.storage_limit
    {
        at.push(msk_day_start(
            limit - Days::new(t.storage_days.max(0) as u64),
        ));
    }
    if let Some((true, wrote)) = history.last_chat {
        at.push(after(wrote + Duration::hours(t.buyer_waiting_hours)));
    }
    let lost = (order.status == S::CANCELLED && is_lost(&order.substatus)) || order.items_lost;
    if lost && !history.compensated {
        let planned = order
            .due()
            .unwrap_or_else(|| order.created_at.with_timezone(&moscow()).date_naive());
        let deadline = msk_day_start(planned + Months::new(t.lost_claim_months) + Days::new(1));
        at.push(deadline - Duration::days(t.lost_claim_urgent_days));
    }
    for p in &history.returns {
        if p.shipment_status == Some(RS::READY_FOR_PICKUP)
            && let Some(till) = p.pickup_till
        {
            at.push(till - Duration::hours(t.return_pickup_hours));
        }
    }
    at.into_iter().filter(|x| *x > now).min()
}

/// Earlier deadlines first; "no deadline" after every deadline.
pub fn cmp_due(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// An assessment's rank in the triage order: its severity (P1 first), and an order no
/// rule matches after every P4.
pub fn triage_rank(a: &Assessment) -> u8 {
    a.severity().unwrap_or(Severity::P4) as u8 + u8::from(!a.is_at_risk())
}

/// The triage order: severity, then time to breach, then the larger order first.
pub fn triage_cmp(a: (&Assessment, &Order), b: (&Assessment, &Order)) -> std::cmp::Ordering {
    triage_rank(a.0)
        .cmp(&triage_rank(b.0))
        .then_with(|| cmp_due(a.0.due(), b.0.due()))
        .then_with(|| b.1.value.cmp(&a.1.value))
        .then_with(|| a.1.order_id.cmp(&b.1.order_id))
}

#[cfg(test)]
mod tests;
