//! Reads the cache into a `Snapshot` for the dashboard: every order assessed at `now`,
//! with its claimant and the text the filter searches. Runs on a blocking thread.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::select::{compare, haystack};
use super::state::{Row, Snapshot, SortKey};
use crate::cache::{Cache, CacheError};
use crate::risk::{self, Thresholds};

/// Loads every cached order (the "All" section needs them), assessed at `now`.
pub fn load(cache: &Cache, now: DateTime<Utc>, t: &Thresholds) -> Result<Snapshot, CacheError> {
    build(cache, cache.load_orders()?, now, t, true)
}

/// Loads only the orders a rule can match: a big cache is mostly delivered orders, so
/// this is what the first frame waits for; the full load follows.
pub fn load_watched(
    cache: &Cache,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Result<Snapshot, CacheError> {
    build(cache, crate::status::watched_orders(cache)?, now, t, false)
}

fn build(
    cache: &Cache,
    mut orders: Vec<(crate::order::Order, crate::order::History)>,
    now: DateTime<Utc>,
    t: &Thresholds,
    complete: bool,
) -> Result<Snapshot, CacheError> {
    let claims: HashMap<i64, String> = cache.claimants(now)?;
    crate::status::mark_closed_incidents(cache, &mut orders)?;
    let mut rows: Vec<Row> = orders
        .into_iter()
        .map(|(order, history)| {
            let assessment = risk::assess(&order, &history, now, t);
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
    })
}
