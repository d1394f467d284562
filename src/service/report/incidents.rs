//! Incidents counted: opened and closed in the period and per day, the Pareto of root
//! causes and of fault owners over the incidents closed in the period, and the
//! breakdown by cause, carrier, region, campaign or agent.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::Dimension;
use super::flow::Facts;
use super::period::{Period, moscow_day_of};
use super::rates::rates_by;
use super::rows::{IncidentRow, OrderRow};
use super::stats::{Durations, Rate};
use crate::base::money::Money;
use crate::domain::incident::steps::{FaultOwner, RootCause};

/// How many incidents opened and closed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct IncidentCounts {
    /// Opened within the period.
    pub opened: u64,
    /// Closed within the period.
    pub closed: u64,
    /// Still open when the period ended (or now, for a period that has not).
    pub open_at_end: u64,
    /// Each day of the period, in order.
    pub per_day: Vec<DayCount>,
}

/// One day's incidents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`, a Moscow day.
    pub day: String,
    pub opened: u64,
    pub closed: u64,
}

/// Counts the incidents of `period`.
pub fn counts(incidents: &[IncidentRow], period: &Period) -> IncidentCounts {
    let days: Vec<NaiveDate> = period.each_day().collect();
    let mut per_day: Vec<(u64, u64)> = vec![(0, 0); days.len()];
    let index = |secs: i64| {
        let d = moscow_day_of(secs);
        days.binary_search(&d).ok()
    };
    let mut c = IncidentCounts::default();
    for i in incidents {
        if period.contains(i.opened_at) {
            c.opened += 1;
            if let Some(k) = index(i.opened_at) {
                per_day[k].0 += 1;
            }
        }
        if let Some(closed) = i.closed_at.filter(|t| period.contains(*t)) {
            c.closed += 1;
            if let Some(k) = index(closed) {
                per_day[k].1 += 1;
            }
        }
        if i.opened_at < period.end() && i.closed_at.is_none_or(|t| t >= period.end()) {
            c.open_at_end += 1;
        }
    }
    c.per_day = days
        .iter()
        .zip(per_day)
        .map(|(d, (opened, closed))| DayCount {
            day: d.to_string(),
            opened,
            closed,
        })
        .collect();
    c
}

/// One root cause in the Pareto.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CauseRow {
    /// The root-cause id (`carrier_delay`, …).
    pub cause: String,
    /// Its fault owner's id (`seller`, `carrier`, `buyer`, `marketplace`, `none`).
    pub owner: String,
    pub count: u64,
    /// Of the incidents closed in the period.
    pub share: f64,
    /// This cause's share plus every larger one's.
    pub cumulative_share: f64,
}

/// One fault owner in the Pareto.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerRow {
    pub owner: String,
    pub count: u64,
    pub share: f64,
    pub cumulative_share: f64,
}

/// The owner an incident was closed with: the stored one, else the cause's.
fn owner_of(i: &IncidentRow) -> String {
    i.fault_owner.clone().unwrap_or_else(|| {
        i.root_cause
            .as_deref()
            .and_then(RootCause::from_id)
            .map_or(FaultOwner::None, RootCause::owner)
            .id()
            .to_owned()
    })
}

/// Where a cause id sorts among equals: the brief's order, unknown ids last.
fn cause_rank(id: &str) -> usize {
    RootCause::from_id(id)
        .and_then(|c| RootCause::ALL.iter().position(|x| *x == c))
        .unwrap_or(usize::MAX)
}

/// Counts sorted for a Pareto: the largest first, ties by `rank`, with shares.
fn pareto(
    counts: HashMap<String, u64>,
    rank: impl Fn(&str) -> usize,
) -> Vec<(String, u64, f64, f64)> {
    let total: u64 = counts.values().sum();
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| rank(&a.0).cmp(&rank(&b.0)))
            .then_with(|| a.0.cmp(&b.0))
    });
    let mut running = 0;
    v.into_iter()
        .map(|(key, n)| {
            running += n;
            let share = |x: u64| x as f64 / total as f64;
            (key, n, share(n), share(running))
        })
        .collect()
}

/// The root causes of the incidents closed in `period`, the most frequent first.
pub fn causes(incidents: &[IncidentRow], period: &Period) -> Vec<CauseRow> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    let mut owners: HashMap<String, String> = HashMap::new();
    for i in closed_in(incidents, period) {
        let cause = i.root_cause.clone().unwrap_or_default();
        owners.entry(cause.clone()).or_insert_with(|| owner_of(i));
        *counts.entry(cause).or_default() += 1;
    }
    pareto(counts, cause_rank)
        .into_iter()
        .map(|(cause, count, share, cumulative_share)| CauseRow {
            owner: owners.remove(&cause).unwrap_or_default(),
            cause,
            count,
            share,
            cumulative_share,
        })
        .collect()
}

/// The fault owners of the incidents closed in `period`, the most frequent first.
pub fn owners(incidents: &[IncidentRow], period: &Period) -> Vec<OwnerRow> {
    let mut counts: HashMap<String, u64> = HashMap::new();
    for i in closed_in(incidents, period) {
        *counts.entry(owner_of(i)).or_default() += 1;
    }
    let rank = |id: &str| FaultOwner::from_id(id).map_or(usize::MAX, |o| o as usize);
    pareto(counts, rank)
        .into_iter()
        .map(|(owner, count, share, cumulative_share)| OwnerRow {
            owner,
            count,
            share,
            cumulative_share,
        })
        .collect()
}

fn closed_in<'a>(
    incidents: &'a [IncidentRow],
    period: &'a Period,
) -> impl Iterator<Item = &'a IncidentRow> {
    incidents
        .iter()
        .filter(|i| i.closed_at.is_some_and(|t| period.contains(t)))
}

/// One group of the breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupRow {
    /// The cause id, carrier name, region name, campaign id or agent; `""` when the
    /// incident has none (not closed yet, no region given, nobody claimed it).
    pub key: String,
    /// The cause's fault owner (`--by cause` only).
    pub owner: Option<String>,
    /// The campaign's model (`--by campaign` only).
    pub model: Option<String>,
    pub opened: u64,
    pub closed: u64,
    /// Of all incidents closed in the period.
    pub closed_share: Option<f64>,
    /// Closed with a cause the seller owns.
    pub seller_fault: u64,
    /// Compensation given in the period (`--by agent`: by this agent).
    pub compensation: Money,
    /// Of the group's incidents closed in the period.
    pub resolve: Durations,
    /// Of the group's rule-opened incidents opened in the period.
    pub detect: Durations,
    /// The Market's rates for the group's orders (`--by carrier|region|campaign`).
    pub late_shipment: Option<Rate>,
    pub late_delivery: Option<Rate>,
    pub seller_cancellations: Option<Rate>,
}

/// The group an incident falls in.
pub fn group_of(x: &Facts<'_>, by: Dimension) -> String {
    let i = x.incident;
    match by {
        Dimension::Cause => i.root_cause.clone().unwrap_or_default(),
        Dimension::Carrier => i.carrier.to_string(),
        Dimension::Region => i.region.as_deref().unwrap_or_default().to_owned(),
        Dimension::Campaign => i.campaign_id.to_string(),
        Dimension::Agent => x.agent().to_owned(),
    }
}

/// The group an order falls in, for the dimensions orders have.
fn order_group(o: &OrderRow, by: Dimension) -> Option<String> {
    match by {
        Dimension::Carrier => Some(o.carrier.to_string()),
        Dimension::Region => Some(o.region.as_deref().unwrap_or_default().to_owned()),
        Dimension::Campaign => Some(o.campaign_id.to_string()),
        Dimension::Cause | Dimension::Agent => None,
    }
}

#[derive(Default)]
struct Acc {
    opened: u64,
    closed: u64,
    seller_fault: u64,
    compensation: Money,
    resolve: Vec<i64>,
    detect: Vec<i64>,
    owner: Option<String>,
    model: Option<String>,
}

/// The breakdown of `period` by `by`: every group with an incident, compensation or
/// (for carriers, regions and campaigns) an order counted in a rate.
pub fn breakdown(
    facts: &[Facts<'_>],
    orders: &[OrderRow],
    period: &Period,
    by: Dimension,
    now: i64,
) -> Vec<GroupRow> {
    let mut groups: HashMap<String, Acc> = HashMap::new();
    let closed_total = count_incidents(facts, period, by, &mut groups);
    let rates = count_orders(orders, period, by, now, &mut groups);
    let mut rows = group_rows(groups, &rates, closed_total, by);
    sort_groups(&mut rows);
    rows
}

/// Counts each incident opened or closed in `period`, and each compensation given in
/// it, into its group. Returns how many incidents closed in all.
fn count_incidents(
    facts: &[Facts<'_>],
    period: &Period,
    by: Dimension,
    groups: &mut HashMap<String, Acc>,
) -> u64 {
    let mut closed_total = 0u64;
    for x in facts {
        let i = x.incident;
        let acc = groups.entry(group_of(x, by)).or_default();
        if by == Dimension::Campaign {
            acc.model.get_or_insert_with(|| i.model.to_string());
        }
        if period.contains(i.opened_at) {
            acc.opened += 1;
            if let (true, Some((at, _))) = (i.by_rule, x.first_claim) {
                acc.detect.push(at - i.opened_at);
            }
        }
        if let Some(closed) = i.closed_at.filter(|t| period.contains(*t)) {
            closed_total += 1;
            acc.closed += 1;
            acc.resolve.push(closed - i.opened_at);
            let owner = owner_of(i);
            acc.seller_fault += u64::from(owner == FaultOwner::Seller.id());
            if by == Dimension::Cause {
                acc.owner.get_or_insert(owner);
            }
        }
        for g in i
            .compensation
            .iter()
            .filter(|g| period.contains(g.at.timestamp()))
        {
            let key = if by == Dimension::Agent {
                g.by.clone()
            } else {
                group_of(x, by)
            };
            groups.entry(key).or_default().compensation += g.amount;
        }
    }
    closed_total
}

/// The order rates of each group, for the dimensions orders belong to (carriers,
/// regions, campaigns); every group with a rate has a row.
fn count_orders(
    orders: &[OrderRow],
    period: &Period,
    by: Dimension,
    now: i64,
    groups: &mut HashMap<String, Acc>,
) -> HashMap<String, [Rate; 3]> {
    if !order_group_exists(by) {
        return HashMap::new();
    }
    let rates = rates_by(orders, period, now, |o| {
        order_group(o, by).unwrap_or_default()
    });
    for o in orders {
        if by == Dimension::Campaign
            && let Some(k) = order_group(o, by)
            && rates.contains_key(&k)
        {
            groups
                .entry(k)
                .or_default()
                .model
                .get_or_insert_with(|| o.model.to_string());
        }
    }
    for k in rates.keys() {
        groups.entry(k.clone()).or_default();
    }
    rates
}

/// The rows of the groups that have something to show.
fn group_rows(
    groups: HashMap<String, Acc>,
    rates: &HashMap<String, [Rate; 3]>,
    closed_total: u64,
    by: Dimension,
) -> Vec<GroupRow> {
    let with_orders = order_group_exists(by);
    groups
        .into_iter()
        .filter(|(k, a)| {
            a.opened + a.closed > 0 || a.compensation > Money::ZERO || rates.contains_key(k)
        })
        .map(|(key, a)| {
            let r = rates.get(&key).copied();
            let rate = |n: usize| with_orders.then(|| r.map(|r| r[n]).unwrap_or_default());
            GroupRow {
                owner: a.owner,
                model: a.model,
                opened: a.opened,
                closed: a.closed,
                closed_share: (closed_total > 0).then(|| a.closed as f64 / closed_total as f64),
                seller_fault: a.seller_fault,
                compensation: a.compensation,
                resolve: Durations::of(a.resolve),
                detect: Durations::of(a.detect),
                late_shipment: rate(0),
                late_delivery: rate(1),
                seller_cancellations: rate(2),
                key,
            }
        })
        .collect()
}

/// Most closed first, then most opened, then most orders counted, then by name.
fn sort_groups(rows: &mut [GroupRow]) {
    let orders_in = |g: &GroupRow| {
        [&g.late_shipment, &g.late_delivery, &g.seller_cancellations]
            .iter()
            .filter_map(|r| r.map(|r| r.denominator))
            .sum::<u64>()
    };
    rows.sort_by(|a, b| {
        b.closed
            .cmp(&a.closed)
            .then_with(|| b.opened.cmp(&a.opened))
            .then_with(|| orders_in(b).cmp(&orders_in(a)))
            .then_with(|| a.key.cmp(&b.key))
    });
}

/// Whether orders (and so the Market's rates) can be grouped by this dimension.
fn order_group_exists(by: Dimension) -> bool {
    matches!(
        by,
        Dimension::Carrier | Dimension::Region | Dimension::Campaign
    )
}
