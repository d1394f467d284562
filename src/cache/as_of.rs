//! What the cache knew about an order at a past moment, rebuilt from the order as
//! stored now and its timeline: the value of a watched field then is the `old` of its
//! first change seen after that moment, or, with no change since, its value now. The
//! outbox asks this for the state a write was meant to change, as the agent saw it
//! when confirming it: some effects (a rejected cancellation, a moved shipment) cannot
//! be told from the order as it is now alone.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Cache, CacheError};

/// An order's fields as the cache knew them at one moment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownAt {
    /// The buyer's cancellation request was pending.
    pub cancel_requested: bool,
    /// The day the order was to be shipped (FBS, Express).
    pub ship_date: Option<NaiveDate>,
}

/// A `shipment_date` value as the timeline renders it: `YYYY-MM-DD`, maybe a time after.
fn day(value: Option<&str>) -> Option<NaiveDate> {
    value?.get(..10)?.parse().ok()
}

impl Cache {
    /// The order as the cache knew it at `at`; `None` when the cache did not know the
    /// order then (or does not now).
    pub fn known_at(
        &self,
        order_id: i64,
        at: DateTime<Utc>,
    ) -> Result<Option<KnownAt>, CacheError> {
        let now: Option<(Option<i64>, bool, Option<String>)> = self
            .conn
            .query_row(
                "SELECT first_seen, cancel_requested, ship_date FROM orders WHERE order_id = ?1",
                [order_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((first_seen, cancel_now, ship_now)) = now else {
            return Ok(None);
        };
        if first_seen.is_none_or(|seen| seen > at.timestamp()) {
            return Ok(None);
        }
        let then = |kind: &str| -> Result<Option<Option<String>>, CacheError> {
            Ok(self
                .conn
                .query_row(
                    "SELECT old FROM events WHERE order_id = ?1 AND kind = ?2 AND seen_at > ?3 \
                     ORDER BY id LIMIT 1",
                    params![order_id, kind, at.timestamp()],
                    |r| r.get::<_, Option<String>>(0),
                )
                .optional()?)
        };
        let cancel_requested = match then("cancel_requested")? {
            Some(old) => old.as_deref() == Some("true"),
            None => cancel_now,
        };
        let ship_date = match then("shipment_date")? {
            Some(old) => day(old.as_deref()),
            None => day(ship_now.as_deref()),
        };
        Ok(Some(KnownAt {
            cancel_requested,
            ship_date,
        }))
    }
}

#[cfg(test)]
mod tests;
