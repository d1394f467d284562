//! The syncing process's assessment of risk: the rules applied to the orders that
//! changed, stored for every reader, and an incident opened for each order that first
//! matches a rule — at the moment it was detected, whoever is or isn't looking. A
//! clock tick re-assesses only the orders whose next threshold has passed.

use chrono::{DateTime, Utc};

use crate::cache::{Cache, CacheError, Stored, StoredRisk};
use crate::domain::order::{History, Order};
use crate::domain::risk::{self, Thresholds};

/// Bumped whenever a rule changes what it matches, so stored assessments are redone.
const RULES_VERSION: u32 = 1;
/// Where the basis of the stored assessments is kept.
const BASIS_KEY: &str = "risk_basis";
/// Orders assessed per transaction when many are redone at once.
const CHUNK: usize = 2_000;

/// What one assessment pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Assessed {
    pub orders: usize,
    pub at_risk: usize,
    pub opened: usize,
}

impl std::ops::AddAssign for Assessed {
    fn add_assign(&mut self, o: Self) {
        self.orders += o.orders;
        self.at_risk += o.at_risk;
        self.opened += o.opened;
    }
}

/// Assesses these orders at `now` (read from the cache), stores the result and opens
/// an incident for each order at risk that has none.
pub fn reassess(
    cache: &mut Cache,
    ids: &[i64],
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Result<Assessed, CacheError> {
    let mut done = Assessed::default();
    for chunk in ids.chunks(CHUNK) {
        let orders: Vec<(Order, History, bool)> = cache
            .orders_for_assessment(chunk)?
            .into_iter()
            .map(|(o, h)| (o, h, false))
            .collect();
        done += store(cache, &orders, now, t)?;
    }
    Ok(done)
}

/// Assesses orders the sync just stored, as it stored them: an order seen for the first
/// time has nothing else in the cache, the others get their chat, incident and
/// returns read.
pub fn assess_stored(
    cache: &mut Cache,
    stored: Vec<Stored>,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Result<Assessed, CacheError> {
    let mut orders = Vec::with_capacity(stored.len());
    for s in stored {
        let mut h = s.history;
        if !s.fresh {
            cache.fill_assessment_extras(s.order.order_id, &mut h)?;
        }
        orders.push((s.order, h, s.fresh));
    }
    store(cache, &orders, now, t)
}

/// Applies the rules to orders in hand (each with whether it is new to the cache),
/// stores the result and opens the incidents.
fn store(
    cache: &mut Cache,
    orders: &[(Order, History, bool)],
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Result<Assessed, CacheError> {
    let rows: Vec<StoredRisk> = orders
        .iter()
        .map(|(o, h, fresh)| {
            let row = StoredRisk {
                order_id: o.order_id,
                assessment: risk::assess(o, h, now, t),
                next_check: risk::next_change(o, h, now, t),
                fresh: *fresh,
            };
            (row, *fresh)
        })
        // An order new to the cache with nothing to store has no row to empty either.
        .filter(|(r, fresh)| !fresh || r.assessment.is_at_risk() || r.next_check.is_some())
        .map(|(r, _)| r)
        .collect();
    cache.store_risk(&rows, now)?;
    let matched: Vec<(i64, &str)> = rows
        .iter()
        .filter_map(|r| Some((r.order_id, r.assessment.worst()?.rule.id())))
        .collect();
    Ok(Assessed {
        orders: rows.len(),
        at_risk: matched.len(),
        opened: cache.open_incidents(&matched, now)?,
    })
}

/// Re-assesses the orders whose next threshold has passed by `now`.
pub fn tick(cache: &mut Cache, now: DateTime<Utc>, t: &Thresholds) -> Result<Assessed, CacheError> {
    let due = cache.risk_due(now)?;
    if due.is_empty() {
        return Ok(Assessed::default());
    }
    reassess(cache, &due, now, t)
}

/// What the stored assessments were made with: the rules' version and thresholds.
fn basis(t: &Thresholds) -> String {
    format!("rules v{RULES_VERSION}; {t:?}")
}

/// Redoes every assessment when the rules or their thresholds differ from those the
/// stored ones were made with (a new cache, a new build, a changed `[risk]`).
/// Returns `None` when the stored ones stand.
pub fn ensure_current(
    cache: &mut Cache,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Result<Option<Assessed>, CacheError> {
    let want = basis(t);
    if cache.service_state(BASIS_KEY)?.as_deref() == Some(want.as_str()) {
        return Ok(None);
    }
    let statuses: Vec<&str> = risk::WATCHED_STATUSES
        .iter()
        .map(super::super::market::enums::OrderStatus::as_str)
        .collect();
    let subs = risk::watched_substatuses();
    let subs: Vec<&str> = subs
        .iter()
        .map(super::super::market::enums::OrderSubstatus::as_str)
        .collect();
    let ids = cache.assessment_candidates(&statuses, &subs)?;
    let done = reassess(cache, &ids, now, t)?;
    cache.set_service_state(BASIS_KEY, &want)?;
    tracing::info!(
        orders = done.orders,
        at_risk = done.at_risk,
        opened = done.opened,
        "risk: every assessment redone"
    );
    Ok(Some(done))
}

#[cfg(test)]
mod tests;
