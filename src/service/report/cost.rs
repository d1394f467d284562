//! What the period's trouble cost: compensation given, per root cause and per carrier,
//! and the delivery-date moves used (each one spends the order's budget with the
//! Market).

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::period::Period;
use super::rows::{Dataset, TrailKind, UnredeemedRow};
use crate::base::money::Money;

/// Compensation given in the period, in all and by group.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Cost {
    /// The sum of the compensation recorded in the period, in the orders' currency.
    pub compensation: Money,
    /// How many compensation entries that is.
    pub entries: u64,
    /// By the incident's root cause (`""`: not closed yet).
    pub by_cause: Vec<Amount>,
    /// By the order's carrier.
    pub by_carrier: Vec<Amount>,
    pub date_moves: DateMoves,
    pub unredeemed: Unredeemed,
}

/// Parcels that came back unredeemed in the period: the goods travelled there and back
/// and the sale is lost.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Unredeemed {
    pub parcels: u64,
    /// What they were worth, in the orders' currency.
    pub value: Money,
    /// By the order's carrier (`entries`: parcels).
    pub by_carrier: Vec<Amount>,
}

/// An amount for one group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Amount {
    pub key: String,
    pub amount: Money,
    pub entries: u64,
}

/// The delivery-date moves of the period.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct DateMoves {
    /// Changes of an order's planned delivery day the sync saw in the period.
    pub moves: u64,
    /// How many orders moved.
    pub orders: u64,
    /// Days moved, all moves together (each counted by its size, later or earlier).
    pub shift_days: i64,
    /// Moves agents confirmed through ym-triage in the period.
    pub by_agents: u64,
    /// Moves by the order's carrier.
    pub by_carrier: Vec<Count>,
}

/// A count for one group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Count {
    pub key: String,
    pub count: u64,
}

/// The planned delivery day a timeline value states: its last date
/// (`2026-11-20..2026-11-22` → the 22nd), as `Order::due` reads it.
pub fn stated_due(value: Option<&str>) -> Option<NaiveDate> {
    value?.rsplit("..").next()?.trim().parse().ok()
}

fn amounts(map: HashMap<String, (Money, u64)>) -> Vec<Amount> {
    let mut v: Vec<Amount> = map
        .into_iter()
        .map(|(key, (amount, entries))| Amount {
            key,
            amount,
            entries,
        })
        .collect();
    v.sort_by(|a, b| b.amount.cmp(&a.amount).then_with(|| a.key.cmp(&b.key)));
    v
}

/// The cost of `period`.
pub fn cost(data: &Dataset, period: &Period) -> Cost {
    let (incidents, changes, trail) = (&data.incidents, &data.date_changes, &data.trail);
    let mut c = Cost::default();
    let (mut by_cause, mut by_carrier): (HashMap<String, (Money, u64)>, HashMap<_, _>) =
        Default::default();
    let mut total = Money::ZERO;
    for i in incidents {
        for g in i
            .compensation
            .iter()
            .filter(|g| period.contains(g.at.timestamp()))
        {
            total += g.amount;
            c.entries += 1;
            let cause = i.root_cause.clone().unwrap_or_default();
            for (map, key) in [
                (&mut by_cause, cause),
                (&mut by_carrier, i.carrier.to_string()),
            ] {
                let e = map.entry(key).or_default();
                e.0 += g.amount;
                e.1 += 1;
            }
        }
    }
    c.compensation = total;
    c.by_cause = amounts(by_cause);
    c.by_carrier = amounts(by_carrier);

    let mut moved: HashSet<i64> = HashSet::new();
    let mut carriers: HashMap<String, u64> = HashMap::new();
    let m = &mut c.date_moves;
    for ch in changes.iter().filter(|ch| period.contains(ch.seen_at)) {
        let (Some(old), Some(new)) = (stated_due(ch.old.as_deref()), stated_due(ch.new.as_deref()))
        else {
            continue;
        };
        if old == new {
            continue;
        }
        m.moves += 1;
        m.shift_days += (new - old).num_days().abs();
        moved.insert(ch.order_id);
        *carriers.entry(ch.carrier.clone()).or_default() += 1;
    }
    m.orders = moved.len() as u64;
    m.by_agents = trail
        .iter()
        .filter(|e| e.kind == TrailKind::DateMove && period.contains(e.at))
        .count() as u64;
    let mut by: Vec<Count> = carriers
        .into_iter()
        .map(|(key, count)| Count { key, count })
        .collect();
    by.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    m.by_carrier = by;
    c.unredeemed = unredeemed(&data.unredeemed, period);
    c
}

/// The unredeemed parcels the Market opened in `period`.
fn unredeemed(rows: &[UnredeemedRow], period: &Period) -> Unredeemed {
    let mut u = Unredeemed::default();
    let mut by_carrier: HashMap<String, (Money, u64)> = HashMap::new();
    for r in rows.iter().filter(|r| period.contains(r.created_at)) {
        u.parcels += 1;
        u.value += r.value;
        let e = by_carrier.entry(r.carrier.clone()).or_default();
        e.0 += r.value;
        e.1 += 1;
    }
    u.by_carrier = amounts(by_carrier);
    u
}
