//! Reads the cache into a `Snapshot` for the dashboard: each order with the risk the
//! syncing process stored for it, its claimant and the text the filter searches. Runs
//! on the store thread; nothing here assesses or writes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::select::{compare, haystack};
use super::state::{Row, Snapshot, SortKey};
use crate::cache::{Cache, CacheError};
use crate::order::Order;
use crate::risk::Assessment;

/// Loads every cached order (the "All" section needs them) with its stored risk.
pub fn load(cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
    let orders = cache
        .orders_with_risk()?
        .into_iter()
        .map(|(o, _, a)| (o, a))
        .collect();
    build(cache, orders, now, true)
}

/// Loads only the orders at risk: a big cache is mostly delivered orders, so this is
/// what the first frame waits for; the full load follows.
pub fn load_at_risk(cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
    let orders = cache
        .at_risk_orders()?
        .into_iter()
        .map(|(o, _, a)| (o, a))
        .collect();
    build(cache, orders, now, false)
}

fn build(
    cache: &Cache,
    orders: Vec<(Order, Assessment)>,
    now: DateTime<Utc>,
    complete: bool,
) -> Result<Snapshot, CacheError> {
    let claims: HashMap<i64, String> = cache.claimants(now)?;
    let mut rows: Vec<Row> = orders
        .into_iter()
        .map(|(order, assessment)| {
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
    Ok(Snapshot {
        rows,
        complete,
        now,
        last_sync: cache.last_sync()?,
        lease: cache.lease()?.filter(|l| l.expires_at > now),
        outbox: cache.outbox_summary(now - chrono::Duration::hours(24)).ok(),
        failing: cache.sync_failing().ok().flatten(),
    })
}
