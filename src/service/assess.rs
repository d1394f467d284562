//! The syncing process's assessment of risk: the rules applied to the orders that
//! changed, stored for every reader, and an incident opened for each order that first
//! matches a rule — at the moment it was detected, whoever is or isn't looking. A
//! clock tick re-assesses only the orders whose next threshold has passed.

use chrono::{DateTime, Utc};

use crate::cache::{Cache, CacheError, Stored, StoredRisk};
use crate::order::{History, Order};
use crate::risk::{self, Thresholds};

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
    let statuses: Vec<&str> = risk::WATCHED_STATUSES.iter().map(|s| s.as_str()).collect();
    let subs = risk::watched_substatuses();
    let subs: Vec<&str> = subs.iter().map(|s| s.as_str()).collect();
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
mod tests {
    use super::*;
    use crate::incident::fixtures::{order, t};
    use crate::market::enums::ProgramType;
    use crate::risk::Rule;

    fn cache_with_fbs_order() -> (tempfile::TempDir, Cache, i64) {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
        // Ships Nov 30 at 14:00 Moscow; at risk ("due soon") from 10:00.
        let o = order(ProgramType::FBS);
        let id = o.order_id;
        c.upsert_orders(&[o], t("2026-11-30T08:00:00+03:00"))
            .unwrap();
        (dir, c, id)
    }

    #[test]
    fn a_tick_fires_a_time_driven_rule_at_its_threshold_and_opens_the_incident_then() {
        let (_d, mut c, id) = cache_with_fbs_order();
        let th = Thresholds::default();
        let at = t("2026-11-30T08:00:00+03:00");
        let done = reassess(&mut c, &[id], at, &th).unwrap();
        assert_eq!((done.orders, done.at_risk, done.opened), (1, 0, 0));
        assert!(c.risk_of(id).unwrap().matches.is_empty());

        // Before the threshold a tick finds nothing due.
        assert_eq!(
            tick(&mut c, t("2026-11-30T09:59:00+03:00"), &th)
                .unwrap()
                .orders,
            0
        );
        // At it, the order is assessed again without any change from the Market.
        let fired = t("2026-11-30T10:00:00+03:00");
        let done = tick(&mut c, fired, &th).unwrap();
        assert_eq!((done.orders, done.at_risk, done.opened), (1, 1, 1));
        let stored = c.risk_of(id).unwrap();
        assert_eq!(stored.worst().map(|m| m.rule), Some(Rule::ShipmentDueSoon));
        let incident = c.incident(id).unwrap().unwrap();
        assert_eq!(incident.opened_at, fired, "opened when it was detected");
        assert_eq!(incident.first_rule.as_deref(), Some("shipment_due_soon"));

        // Past the ship time it turns overdue at the next tick after it.
        let done = tick(&mut c, t("2026-11-30T14:00:01+03:00"), &th).unwrap();
        assert_eq!(done.opened, 0, "the incident is already open");
        assert_eq!(
            c.risk_of(id).unwrap().worst().map(|m| m.rule),
            Some(Rule::ShipmentOverdue)
        );
    }

    #[test]
    fn changed_thresholds_redo_every_stored_assessment_once() {
        let (_d, mut c, id) = cache_with_fbs_order();
        let at = t("2026-11-30T11:00:00+03:00");
        let th = Thresholds::default();
        assert!(ensure_current(&mut c, at, &th).unwrap().is_some());
        assert_eq!(c.risk_of(id).unwrap().matches.len(), 1, "due soon at 11:00");
        assert!(
            ensure_current(&mut c, at, &th).unwrap().is_none(),
            "done once"
        );
        let narrower = Thresholds {
            ship_due_soon_hours: 2,
            ..Thresholds::default()
        };
        assert!(ensure_current(&mut c, at, &narrower).unwrap().is_some());
        assert!(
            c.risk_of(id).unwrap().matches.is_empty(),
            "3 h before the ship time is no longer 'soon'"
        );
    }
}

#[cfg(test)]
mod closing_tests {
    use super::*;
    use crate::incident::fixtures::{order, t};
    use crate::incident::steps::RootCause;
    use crate::market::enums::{OrderSubstatus, ProgramType};
    use crate::service::apply::{Context, apply};
    use crate::service::command::Command;

    #[test]
    fn an_order_whose_incident_is_closed_is_not_at_risk_until_the_market_changes_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
        let th = Thresholds::default();
        // Shipment overdue since 14:00.
        let at = t("2026-11-30T15:00:00+03:00");
        let o = order(ProgramType::FBS);
        let id = o.order_id;
        c.upsert_orders(std::slice::from_ref(&o), at).unwrap();
        reassess(&mut c, &[id], at, &th).unwrap();
        assert!(c.risk_of(id).unwrap().is_at_risk());
        let version = c.incident(id).unwrap().unwrap().version;

        let ctx = Context::default();
        apply(
            &mut c,
            &ctx,
            "anna",
            at,
            &Command::Claim {
                order_id: id,
                take_over: false,
            },
        )
        .unwrap();
        let version = c.incident(id).unwrap().unwrap().version.max(version);
        apply(
            &mut c,
            &ctx,
            "anna",
            at,
            &Command::Close {
                order_id: id,
                version,
                cause: RootCause::ALL[0],
                lesson: None,
            },
        )
        .unwrap();
        assert!(
            !c.risk_of(id).unwrap().is_at_risk(),
            "resolved: not at risk"
        );
        assert_eq!(
            tick(&mut c, at + chrono::Duration::hours(5), &th)
                .unwrap()
                .at_risk,
            0
        );

        // The Market moves the order on: it is looked at again, and a new incident opens.
        let later = at + chrono::Duration::hours(6);
        let moved = crate::order::Order {
            substatus: OrderSubstatus::READY_TO_SHIP,
            updated_at: Some(later),
            ..o
        };
        c.upsert_orders(&[moved], later).unwrap();
        let done = reassess(&mut c, &[id], later, &th).unwrap();
        assert_eq!((done.at_risk, done.opened), (1, 1));
    }
}
