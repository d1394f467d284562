//! The DBS buyers the service fetched (`getOrderBuyerInfo`): the name to address the
//! buyer by, the proxy phone the "buyer unreachable" protocol calls, and whether the
//! Market already checked them (`trusted`: write, do not call). Fetched once per order
//! with an open incident, and again when the order changes.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{Cache, CacheError, from_ts, ts};

/// A buyer as cached.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StoredBuyer {
    pub order_id: i64,
    pub fetched_at: DateTime<Utc>,
    /// "First Middle Last", kept with the order (`orders.buyer_name`), where the
    /// filter and the drafts read it.
    pub name: Option<String>,
    pub phone: Option<String>,
    pub trusted: Option<bool>,
    /// The Market's refusal, when it gave no buyer.
    pub error: Option<String>,
}

impl StoredBuyer {
    /// The name as the buyer is addressed: first, middle and last name.
    pub fn full_name(
        first: Option<&str>,
        middle: Option<&str>,
        last: Option<&str>,
    ) -> Option<String> {
        let parts: Vec<&str> = [first, middle, last]
            .into_iter()
            .filter_map(|p| p.map(str::trim).filter(|p| !p.is_empty()))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }
}

/// An order whose buyer the service should fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuyerToFetch {
    pub order_id: i64,
    pub campaign_id: i64,
    /// The order's `updateDate` now: the buyer is fetched again when it moves.
    pub order_updated_at: Option<i64>,
}

impl Cache {
    /// DBS orders with an open incident, in a status the Market gives buyers for,
    /// whose buyer was never fetched or was fetched for an older state of the order;
    /// at most `limit`, the most recently opened incidents first.
    pub fn buyers_to_fetch(&self, limit: usize) -> Result<Vec<BuyerToFetch>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.order_id, o.campaign_id, o.updated_at FROM orders o \
             JOIN incidents i ON i.order_id = o.order_id AND i.closed_at IS NULL \
             LEFT JOIN buyers b ON b.order_id = o.order_id \
             WHERE o.model = 'DBS' AND o.status IN ('PROCESSING', 'DELIVERY', 'PICKUP') \
               AND (b.order_id IS NULL OR b.order_updated_at IS NOT o.updated_at) \
             ORDER BY i.opened_at DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(BuyerToFetch {
                order_id: r.get(0)?,
                campaign_id: r.get(1)?,
                order_updated_at: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many buyers were fetched since `since`: the method's hourly quota is
    /// counted from these.
    pub fn buyers_fetched_since(&self, since: DateTime<Utc>) -> Result<usize, CacheError> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM buyers WHERE fetched_at >= ?1",
            [ts(since)],
            |r| r.get(0),
        )?;
        Ok(n as usize)
    }

    /// Stores what the Market said of an order's buyer, for the order as it is now;
    /// the name goes with the order.
    pub fn store_buyer(
        &self,
        to: &BuyerToFetch,
        buyer: &StoredBuyer,
        now: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute(
            "INSERT OR REPLACE INTO buyers(order_id, fetched_at, order_updated_at, phone, \
             trusted, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                to.order_id,
                ts(now),
                to.order_updated_at,
                buyer.phone,
                buyer.trusted,
                buyer.error
            ],
        )?;
        if let Some(name) = &buyer.name {
            let seq = super::seq::next(&tx)?;
            tx.execute(
                "UPDATE orders SET buyer_name = ?2, seq = ?3 WHERE order_id = ?1",
                params![to.order_id, name, seq],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The cached buyer of an order.
    pub fn buyer(&self, order_id: i64) -> Result<Option<StoredBuyer>, CacheError> {
        Ok(self
            .conn
            .query_row(
                "SELECT b.order_id, b.fetched_at, o.buyer_name, b.phone, b.trusted, b.error \
                 FROM buyers b LEFT JOIN orders o USING (order_id) WHERE b.order_id = ?1",
                [order_id],
                |r| {
                    Ok(StoredBuyer {
                        order_id: r.get(0)?,
                        fetched_at: from_ts(r.get(1)?),
                        name: r.get(2)?,
                        phone: r.get(3)?,
                        trusted: r.get(4)?,
                        error: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }
}
