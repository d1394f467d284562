//! Returns and non-purchases of the orders in the cache, as the service last read them:
//! where each parcel on its way back to the seller is, and the buyer's refund. A new
//! return, or a parcel that moved, becomes an event on its order's timeline.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Cache, CacheError, from_ts, ts};
use crate::base::money::Money;
use crate::domain::order::ReturnParcel;
use crate::market::enums::{RefundStatus, ReturnShipmentStatus, ReturnType};

/// One return or non-purchase, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredReturn {
    pub return_id: i64,
    pub order_id: i64,
    pub campaign_id: i64,
    pub kind: ReturnType,
    pub shipment_status: Option<ReturnShipmentStatus>,
    pub refund_status: Option<RefundStatus>,
    pub pickup_till: Option<DateTime<Utc>>,
    /// What the buyer paid for the returned items, in the order's currency.
    pub amount: Option<Money>,
    pub created_at: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl StoredReturn {
    /// The parcel as the risk rules read it.
    pub fn parcel(&self) -> ReturnParcel {
        ReturnParcel {
            return_id: self.return_id,
            kind: self.kind.clone(),
            shipment_status: self.shipment_status.clone(),
            pickup_till: self.pickup_till,
            updated_at: self.updated_at,
        }
    }

    /// "UNREDEEMED IN_TRANSIT": the timeline's words for where it is.
    fn state(&self) -> String {
        let mut s = self.kind.to_string();
        if let Some(st) = &self.shipment_status {
            s.push(' ');
            s.push_str(st.as_str());
        }
        if let Some(r) = &self.refund_status {
            s.push_str(" refund:");
            s.push_str(r.as_str());
        }
        s
    }
}

/// An unredeemed parcel with its order's value and carrier (`None` when the order is
/// not in the cache).
pub type UnredeemedParcel = (StoredReturn, Option<Money>, Option<String>);

pub(super) const COLUMNS: &str = "return_id, order_id, campaign_id, return_type, shipment_status, \
     refund_status, pickup_till, amount_kopecks, created_at, updated_at";

pub(super) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredReturn> {
    let opt = |s: Option<String>| s.filter(|s| !s.is_empty());
    Ok(StoredReturn {
        return_id: r.get(0)?,
        order_id: r.get(1)?,
        campaign_id: r.get(2)?,
        kind: ReturnType::parse(&r.get::<_, String>(3)?),
        shipment_status: opt(r.get(4)?).map(|s| ReturnShipmentStatus::parse(&s)),
        refund_status: opt(r.get(5)?).map(|s| RefundStatus::parse(&s)),
        pickup_till: r.get::<_, Option<i64>>(6)?.map(from_ts),
        amount: r.get::<_, Option<i64>>(7)?.map(Money::from_kopecks),
        created_at: r.get::<_, Option<i64>>(8)?.map(from_ts),
        updated_at: r.get::<_, Option<i64>>(9)?.map(from_ts),
    })
}

impl Cache {
    /// Stores returns of orders the cache holds (others are skipped), recording a
    /// timeline event for each new one and each that moved. Returns the orders whose
    /// returns changed: their risk is assessed again.
    pub fn store_returns(
        &mut self,
        returns: &[StoredReturn],
        seen_at: DateTime<Utc>,
    ) -> Result<Vec<i64>, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut changed = Vec::new();
        {
            let mut known =
                tx.prepare_cached("SELECT EXISTS (SELECT 1 FROM orders WHERE order_id = ?1)")?;
            let mut old = tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM returns WHERE return_id = ?1"
            ))?;
            let mut put = tx.prepare_cached(&format!(
                "INSERT OR REPLACE INTO returns({COLUMNS}, seen_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ))?;
            let mut event = tx.prepare_cached(
                "INSERT INTO events(order_id, seen_at, market_updated_at, kind, old, new) \
                 VALUES (?1, ?2, ?3, 'return', ?4, ?5)",
            )?;
            for r in returns {
                if !known.query_row([r.order_id], |row| row.get::<_, bool>(0))? {
                    continue;
                }
                let before = old.query_row([r.return_id], read).optional()?;
                if before.as_ref() == Some(r) {
                    continue;
                }
                // An older answer (a slow page) never overwrites a newer one.
                if let Some(b) = &before
                    && let (Some(new), Some(was)) = (r.updated_at, b.updated_at)
                    && new < was
                {
                    continue;
                }
                put.execute(params![
                    r.return_id,
                    r.order_id,
                    r.campaign_id,
                    r.kind.as_str(),
                    r.shipment_status
                        .as_ref()
                        .map(super::super::market::enums::ReturnShipmentStatus::as_str),
                    r.refund_status
                        .as_ref()
                        .map(super::super::market::enums::RefundStatus::as_str),
                    r.pickup_till.map(ts),
                    r.amount.map(Money::kopecks),
                    r.created_at.map(ts),
                    r.updated_at.map(ts),
                    ts(seen_at),
                ])?;
                let (was, now) = (before.as_ref().map(StoredReturn::state), r.state());
                if was.as_deref() != Some(now.as_str()) {
                    event.execute(params![
                        r.order_id,
                        ts(seen_at),
                        r.updated_at.map(ts),
                        was,
                        format!("#{} {now}", r.return_id),
                    ])?;
                }
                if !changed.contains(&r.order_id) {
                    changed.push(r.order_id);
                }
            }
        }
        tx.commit()?;
        Ok(changed)
    }

    /// An order's returns and non-purchases, the newest first.
    pub fn returns_of(&self, order_id: i64) -> Result<Vec<StoredReturn>, CacheError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM returns WHERE order_id = ?1 ORDER BY return_id DESC"
        ))?;
        let rows = stmt.query_map([order_id], read)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Non-purchases (parcels that came back unredeemed) created in `[from, to)`, each
    /// with its order's value and carrier: the report's cost counts them.
    pub fn unredeemed_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<UnredeemedParcel>, CacheError> {
        let cols = COLUMNS
            .split(", ")
            .map(|c| format!("r.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {cols}, o.value_kopecks, o.carrier FROM returns r \
             LEFT JOIN orders o ON o.order_id = r.order_id \
             WHERE r.return_type = 'UNREDEEMED' AND r.created_at >= ?1 AND r.created_at < ?2"
        ))?;
        let rows = stmt.query_map([ts(from), ts(to)], |row| {
            let value: Option<i64> = row.get(10)?;
            Ok((read(row)?, value.map(Money::from_kopecks), row.get(11)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
