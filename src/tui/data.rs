//! Reads the cache into a `Snapshot` for the dashboard: every order assessed at `now`,
//! with its claimant and the text the filter searches. Runs on a blocking thread.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::select::haystack;
use super::state::{Row, Snapshot};
use crate::cache::{Cache, CacheError};
use crate::risk::{self, Thresholds};

/// Loads every cached order (the "All" section needs them), assessed at `now`.
pub fn load(cache: &Cache, now: DateTime<Utc>, t: &Thresholds) -> Result<Snapshot, CacheError> {
    let orders = cache.load_orders()?;
    let claims: HashMap<i64, String> = cache.claims()?.into_iter().collect();
    let rows = orders
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
    Ok(Snapshot {
        rows,
        now,
        last_sync: cache.last_sync()?,
        lease: cache.lease()?.filter(|l| l.expires_at > now),
    })
}
