//! Reads the cache into `Snapshot`s for the dashboard: each order with the risk the
//! syncing process stored for it, its claimant and the text the filter searches. Runs
//! on the store thread; nothing here assesses or writes.
//!
//! The first frame waits only for the orders at risk; every order follows; after that
//! only what changed is read — the orders and risk rows past the cache's change number
//! last seen, and the orders whose claimant changed — and the screen merges it in. So a
//! refresh costs what changed, not the size of the cache, and the dashboard never holds
//! two copies of every order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::select::{compare, haystack};
use super::state::{Row, Snapshot, SortKey};
use crate::cache::{Cache, CacheError};
use crate::order::{History, Order};
use crate::risk::Assessment;

/// What the store thread remembers between loads.
#[derive(Debug, Default)]
pub struct Loader {
    /// The cache's change number the last complete or partial load reached.
    seen: Option<i64>,
    /// Who held which order at the last load.
    claims: HashMap<i64, String>,
}

impl Loader {
    /// A loader that has read nothing yet.
    pub fn new() -> Loader {
        Loader::default()
    }

    /// Whether every order has been read once.
    pub fn has_all(&self) -> bool {
        self.seen.is_some()
    }

    /// Only the orders at risk: what the first frame waits for.
    pub fn at_risk(&mut self, cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
        self.claims = cache.claimants(now)?;
        snapshot(
            cache,
            rows(cache.at_risk_orders()?, &self.claims),
            now,
            false,
            false,
        )
    }

    /// Every cached order.
    pub fn all(&mut self, cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
        // The number first: a change committed during the read is read again next time.
        let seq = cache.change_seq()?;
        self.claims = cache.claimants(now)?;
        let snap = snapshot(
            cache,
            rows(cache.orders_with_risk()?, &self.claims),
            now,
            true,
            false,
        )?;
        self.seen = Some(seq);
        Ok(snap)
    }

    /// What changed since the last load (no rows when nothing did: the footer's
    /// figures still come).
    pub fn changes(&mut self, cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
        let Some(seen) = self.seen else {
            return self.all(cache, now);
        };
        let (mut changed, top) = cache.orders_changed_since(seen)?;
        let claims = cache.claimants(now)?;
        let mut moved: Vec<i64> = claims
            .iter()
            .filter(|(id, who)| self.claims.get(*id) != Some(*who))
            .map(|(id, _)| *id)
            .chain(
                self.claims
                    .keys()
                    .filter(|id| !claims.contains_key(*id))
                    .copied(),
            )
            .collect();
        moved.retain(|id| !changed.iter().any(|(o, _, _)| o.order_id == *id));
        changed.extend(cache.orders_with_risk_of(&moved)?);
        self.claims = claims;
        self.seen = Some(top);
        snapshot(cache, rows(changed, &self.claims), now, true, true)
    }
}

fn rows(orders: Vec<(Order, History, Assessment)>, claims: &HashMap<i64, String>) -> Vec<Row> {
    let mut rows: Vec<Row> = orders
        .into_iter()
        .map(|(order, _, assessment)| {
            let claimed_by = claims.get(&order.order_id).cloned();
            let mut row = Row {
                order,
                assessment,
                claimed_by,
                haystack: String::new(),
                changed: false,
            };
            row.haystack = haystack(&row);
            row
        })
        .collect();
    // The list's default order, computed here, off the screen's thread.
    rows.sort_by(|a, b| compare(SortKey::Urgency, a, b));
    rows
}

fn snapshot(
    cache: &Cache,
    rows: Vec<Row>,
    now: DateTime<Utc>,
    complete: bool,
    delta: bool,
) -> Result<Snapshot, CacheError> {
    Ok(Snapshot {
        rows,
        complete,
        delta,
        now,
        last_sync: cache.last_sync()?,
        lease: cache.lease()?.filter(|l| l.expires_at > now),
        outbox: cache.outbox_summary(now - chrono::Duration::hours(24)).ok(),
        failing: cache.sync_failing().ok().flatten(),
    })
}

/// Every cached order with its stored risk, in one load (tests and benches).
pub fn load(cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
    Loader::new().all(cache, now)
}

/// Only the orders at risk, in one load (tests and benches).
pub fn load_at_risk(cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
    Loader::new().at_risk(cache, now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incident::fixtures::{order, t};
    use crate::market::enums::{OrderStatus, OrderSubstatus, ProgramType};
    use crate::service::assess;

    fn ids(s: &Snapshot) -> Vec<i64> {
        let mut v: Vec<i64> = s.rows.iter().map(|r| r.order.order_id).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn after_the_first_load_only_changed_orders_and_changed_claims_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
        let now = t("2026-11-30T08:00:00+03:00");
        let orders: Vec<Order> = (1..=5)
            .map(|id| Order {
                order_id: id,
                ..order(ProgramType::FBS)
            })
            .collect();
        c.upsert_orders(&orders, now).unwrap();
        let mut loader = Loader::new();
        assert_eq!(ids(&loader.all(&c, now).unwrap()), vec![1, 2, 3, 4, 5]);
        assert!(
            loader.changes(&c, now).unwrap().rows.is_empty(),
            "nothing changed"
        );

        // The Market moved order 3; its risk was assessed too.
        let moved = Order {
            order_id: 3,
            substatus: OrderSubstatus::READY_TO_SHIP,
            updated_at: Some(now),
            ..order(ProgramType::FBS)
        };
        c.upsert_orders(&[moved], now).unwrap();
        assess::reassess(&mut c, &[3], now, &crate::risk::Thresholds::default()).unwrap();
        let delta = loader.changes(&c, now).unwrap();
        assert!(delta.delta);
        assert_eq!(ids(&delta), vec![3]);

        // Someone claims order 5: its row comes again, with the claimant.
        c.claim(5, "anna", false, chrono::Duration::minutes(30), now)
            .unwrap();
        let delta = loader.changes(&c, now).unwrap();
        assert_eq!(ids(&delta), vec![5]);
        assert_eq!(delta.rows[0].claimed_by.as_deref(), Some("anna"));

        // The claim lapses with time alone: the row comes again, unclaimed.
        let later = now + chrono::Duration::minutes(31);
        let delta = loader.changes(&c, later).unwrap();
        assert_eq!(ids(&delta), vec![5]);
        assert_eq!(delta.rows[0].claimed_by, None);

        // An order leaving its risk is seen leave.
        let gone = Order {
            order_id: 1,
            status: OrderStatus::DELIVERED,
            substatus: OrderSubstatus::DELIVERY_SERVICE_DELIVERED,
            updated_at: Some(later),
            ..order(ProgramType::FBS)
        };
        let due_soon = t("2026-11-30T11:00:00+03:00");
        assess::reassess(&mut c, &[1], due_soon, &crate::risk::Thresholds::default()).unwrap();
        loader.changes(&c, due_soon).unwrap();
        c.upsert_orders(&[gone], due_soon).unwrap();
        assess::reassess(&mut c, &[1], due_soon, &crate::risk::Thresholds::default()).unwrap();
        let delta = loader.changes(&c, due_soon).unwrap();
        assert_eq!(ids(&delta), vec![1]);
        assert!(delta.rows[0].assessment.matches.is_empty());
    }
}
