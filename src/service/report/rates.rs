//! The Market's own rates, counted from the cached orders: late shipment (FBS and
//! Express), late delivery (DBS) and cancellations that are the seller's fault, each
//! with its numerator and denominator, in all and per carrier and region.
//!
//! Each order is judged once against its deadline ([`shipment`], [`delivery`],
//! [`seller_cancellation`]); an order whose deadline is still ahead is *pending* and one
//! whose moment the cache never saw is *unknown*: both stay out of the denominator
//! and are counted beside it, so a rate never guesses.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde::Serialize;

use super::period::{Period, day_start, moscow_day_of};
use super::rows::OrderRow;
use super::stats::{KeyedRate, Rate};
use crate::market::enums::{OrderStatus as S, OrderSubstatus as Sub, ProgramType as M};

/// How one order stands against one deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    OnTime,
    /// Late by this many days (0 when late within the day: a shipment after its hour).
    Late {
        days: i64,
    },
    /// The deadline is still ahead and nothing has happened yet.
    Pending,
    /// It happened, but the cache never saw when.
    Unknown,
    /// Cancelled before the deadline: counted with cancellations, not here.
    Cancelled,
}

/// Cancellation substatuses that are the seller's fault: the seller cancelled
/// (`SHOP_FAILED`, the seller's normal reason), did not process the order in time,
/// had no stock or the wrong item, or moved the delivery date until the Market gave up.
pub const SELLER_FAULT: [Sub; 7] = [
    Sub::SHOP_FAILED,
    Sub::PROCESSING_EXPIRED,
    Sub::SHOP_PENDING_CANCELLED,
    Sub::MISSING_ITEM,
    Sub::WRONG_ITEM,
    Sub::TOO_MANY_DELIVERY_DATE_CHANGES,
    Sub::TOO_LONG_DELIVERY,
];

/// Cancellations at checkout, before the seller ever had the order: outside every rate.
const CHECKOUT: [Sub; 3] = [
    Sub::RESERVATION_EXPIRED,
    Sub::RESERVATION_FAILED,
    Sub::USER_NOT_PAID,
];

/// Statuses an order has before the seller gets it.
const BEFORE_SELLER: [S; 3] = [S::PLACING, S::RESERVED, S::UNPAID];

/// Statuses past the handover to delivery.
const HANDED_OVER: [S; 5] = [
    S::DELIVERY,
    S::PICKUP,
    S::DELIVERED,
    S::PARTIALLY_RETURNED,
    S::RETURNED,
];

/// Whether the seller ships the order itself (and so answers for the shipment day).
pub fn ships_itself(o: &OrderRow) -> bool {
    matches!(o.model, M::FBS | M::EXPRESS)
}

/// The last instant an FBS/Express order may be handed over: its shipment day at the
/// shipment time when the Market gives one, else the end of that Moscow day.
pub fn ship_deadline(day: NaiveDate, time: Option<NaiveTime>) -> i64 {
    match time {
        Some(t) => day_start(day) + i64::from(t.num_seconds_from_midnight()),
        None => day_start(day) + 86_399,
    }
}

/// Shipment of an FBS/Express order against its planned shipment day; `None` for
/// other models and orders without a shipment day.
pub fn shipment(o: &OrderRow, now: i64) -> Option<Outcome> {
    if !ships_itself(o) {
        return None;
    }
    let day = o.ship_date?;
    let deadline = ship_deadline(day, o.ship_time);
    let late = |at: i64| {
        if at > deadline {
            Outcome::Late {
                days: (moscow_day_of(at) - day).num_days(),
            }
        } else {
            Outcome::OnTime
        }
    };
    if let Some(at) = o.handed_over_at {
        return Some(late(at));
    }
    Some(match o.status {
        S::CANCELLED => Outcome::Cancelled,
        // Shipped (or further) while the deadline is still ahead: on time whenever it was.
        _ if now <= deadline
            && (o.substatus == Sub::SHIPPED || HANDED_OVER.contains(&o.status)) =>
        {
            Outcome::OnTime
        }
        _ if o.substatus == Sub::SHIPPED || HANDED_OVER.contains(&o.status) => Outcome::Unknown,
        _ if now > deadline => late(now),
        _ => Outcome::Pending,
    })
}

/// The Moscow day the order reached the buyer or the pickup point, when known.
pub fn delivered_day(o: &OrderRow) -> Option<NaiveDate> {
    o.real_delivery_date
        .or_else(|| o.delivered_seen_at.map(moscow_day_of))
}

/// Delivery of any order against its planned delivery day (`today` is now's Moscow
/// day); `None` without a planned day.
pub fn delivery(o: &OrderRow, today: NaiveDate) -> Option<Outcome> {
    let due = o.due?;
    if let Some(day) = delivered_day(o) {
        return Some(if day > due {
            Outcome::Late {
                days: (day - due).num_days(),
            }
        } else {
            Outcome::OnTime
        });
    }
    Some(match o.status {
        S::CANCELLED => Outcome::Cancelled,
        S::PICKUP | S::DELIVERED | S::PARTIALLY_RETURNED | S::RETURNED => Outcome::Unknown,
        _ if today > due => Outcome::Late {
            days: (today - due).num_days(),
        },
        _ => Outcome::Pending,
    })
}

/// Whether the order is in the cancellation rate and, if so, whether it was cancelled
/// by the seller's fault. FBY orders are out (the Market fulfils them), as are
/// orders that never reached the seller (checkout cancellations, unpaid).
pub fn seller_cancellation(o: &OrderRow) -> Option<bool> {
    if o.model == M::FBY || BEFORE_SELLER.contains(&o.status) {
        return None;
    }
    if o.status == S::CANCELLED && CHECKOUT.contains(&o.substatus) {
        return None;
    }
    Some(o.status == S::CANCELLED && SELLER_FAULT.contains(&o.substatus))
}

/// The day an order counts in the cancellation rate: its planned shipment day, as the
/// Market's window does, else the Moscow day it was created.
pub fn cancellation_day(o: &OrderRow) -> NaiveDate {
    o.ship_date.unwrap_or_else(|| moscow_day_of(o.created_at))
}

/// One rate in all, with what stayed out of it, per carrier and per region.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RateTable {
    pub total: Rate,
    /// Orders of the period whose deadline is still ahead.
    pub pending: u64,
    /// Orders of the period whose moment the cache never saw.
    pub unknown: u64,
    pub by_carrier: Vec<KeyedRate>,
    pub by_region: Vec<KeyedRate>,
}

/// The three rates.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Rates {
    /// FBS/Express orders whose planned shipment day is in the period: handed over
    /// after the deadline, out of those handed over (or overdue).
    pub late_shipment: RateTable,
    /// DBS orders whose planned delivery day is in the period: delivered after it (or
    /// still undelivered past it), out of those delivered (or overdue).
    pub late_delivery: RateTable,
    /// FBS/Express/DBS orders whose planned shipment day (else creation day) is in the
    /// period: cancelled by the seller's fault, out of all of them.
    pub seller_cancellations: RateTable,
}

/// Where an order stands in one rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Counted in the denominator; `true` also in the numerator.
    Counted(bool),
    Pending,
    Unknown,
}

impl Verdict {
    fn of(outcome: Outcome) -> Option<Verdict> {
        match outcome {
            Outcome::OnTime => Some(Verdict::Counted(false)),
            Outcome::Late { .. } => Some(Verdict::Counted(true)),
            Outcome::Pending => Some(Verdict::Pending),
            Outcome::Unknown => Some(Verdict::Unknown),
            Outcome::Cancelled => None,
        }
    }
}

/// The order's verdict in each rate — late shipment, late delivery, seller-fault
/// cancellation — or `None` where it is not part of that rate for the period.
fn verdicts(o: &OrderRow, period: &Period, now: i64, today: NaiveDate) -> [Option<Verdict>; 3] {
    let ship = o
        .ship_date
        .filter(|d| period.contains_day(*d))
        .and_then(|_| shipment(o, now))
        .and_then(Verdict::of);
    let deliver = (o.model == M::DBS)
        .then_some(o.due)
        .flatten()
        .filter(|d| period.contains_day(*d))
        .and_then(|_| delivery(o, today))
        .and_then(Verdict::of);
    let cancel = period
        .contains_day(cancellation_day(o))
        .then(|| seller_cancellation(o))
        .flatten()
        .map(Verdict::Counted);
    [ship, deliver, cancel]
}

/// Collects one rate in all and by carrier and region.
#[derive(Default)]
struct Tally<'a> {
    total: Rate,
    pending: u64,
    unknown: u64,
    by_carrier: HashMap<&'a str, Rate>,
    by_region: HashMap<&'a str, Rate>,
}

impl<'a> Tally<'a> {
    fn add(&mut self, o: &'a OrderRow, verdict: Verdict) {
        let hit = match verdict {
            Verdict::Counted(hit) => hit,
            Verdict::Pending => return self.pending += 1,
            Verdict::Unknown => return self.unknown += 1,
        };
        self.total.add(hit);
        self.by_carrier.entry(&*o.carrier).or_default().add(hit);
        self.by_region
            .entry(o.region.as_deref().unwrap_or_default())
            .or_default()
            .add(hit);
    }

    fn table(self) -> RateTable {
        let owned = |m: HashMap<&str, Rate>| {
            m.into_iter()
                .map(|(k, r)| (k.to_owned(), r))
                .collect::<HashMap<String, Rate>>()
        };
        RateTable {
            total: self.total,
            pending: self.pending,
            unknown: self.unknown,
            by_carrier: sorted(owned(self.by_carrier)),
            by_region: sorted(owned(self.by_region)),
        }
    }
}

/// Keyed rates, the most orders first, then by key.
pub fn sorted(map: HashMap<String, Rate>) -> Vec<KeyedRate> {
    let mut v: Vec<KeyedRate> = map
        .into_iter()
        .map(|(key, rate)| KeyedRate { key, rate })
        .collect();
    v.sort_by(|a, b| {
        b.rate
            .denominator
            .cmp(&a.rate.denominator)
            .then_with(|| a.key.cmp(&b.key))
    });
    v
}

/// The three rates of the period, judged as of `now`.
pub fn rates(orders: &[OrderRow], period: &Period, now: i64) -> Rates {
    let today = moscow_day_of(now);
    let mut tallies: [Tally; 3] = Default::default();
    for o in orders {
        for (tally, verdict) in tallies.iter_mut().zip(verdicts(o, period, now, today)) {
            if let Some(v) = verdict {
                tally.add(o, v);
            }
        }
    }
    let [ship, deliver, cancel] = tallies;
    Rates {
        late_shipment: ship.table(),
        late_delivery: deliver.table(),
        seller_cancellations: cancel.table(),
    }
}

/// The three rates of the period for each group `key` puts orders in (late
/// shipment, late delivery, seller-fault cancellations): the breakdown's columns.
pub fn rates_by(
    orders: &[OrderRow],
    period: &Period,
    now: i64,
    key: impl Fn(&OrderRow) -> String,
) -> HashMap<String, [Rate; 3]> {
    let today = moscow_day_of(now);
    let mut out: HashMap<String, [Rate; 3]> = HashMap::new();
    for o in orders {
        let counted = verdicts(o, period, now, today).map(|v| match v {
            Some(Verdict::Counted(hit)) => Some(hit),
            _ => None,
        });
        if counted.iter().all(Option::is_none) {
            continue;
        }
        let group = out.entry(key(o)).or_default();
        for (rate, hit) in group.iter_mut().zip(counted) {
            if let Some(hit) = hit {
                rate.add(hit);
            }
        }
    }
    out
}
