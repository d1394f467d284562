//! Each order's risk as the syncing process last assessed it: the matched rules with
//! their severity and deadline, and when time alone may change them. Readers — the
//! dashboard, `status`, `show`, `report` — read these rows instead of assessing again,
//! so they all say the same. Only orders at risk, or with a threshold ahead, have a row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::orders::{ORDER_COLUMNS, read_order, read_order_sharing};
use super::{Cache, CacheError, from_ts, ts};
use crate::base::money::Money;
use crate::base::shared::Interner;
use crate::domain::order::{History, Order};
use crate::domain::risk::{Assessment, Match, Rule, Severity};

/// An order, what the sync observed about it, and its stored assessment.
pub type Assessed = (Order, History, Assessment);

/// One order's assessment as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRisk {
    pub order_id: i64,
    pub assessment: Assessment,
    /// When time alone may change the assessment; `None`: never.
    pub next_check: Option<DateTime<Utc>>,
    /// The order is new to the cache: no row was stored for it before.
    pub fresh: bool,
}

/// One at-risk order as the lists need it before the order itself is read.
#[derive(Debug, Clone, PartialEq)]
pub struct AtRisk {
    pub order_id: i64,
    pub assessment: Assessment,
}

fn severity_number(s: Severity) -> i64 {
    s as i64 + 1
}

fn severity_from(n: i64) -> Option<Severity> {
    Severity::ALL.get(usize::try_from(n - 1).ok()?).copied()
}

/// `rule:severity:due` for each match, worst first; `due` empty when there is none.
fn encode(a: &Assessment) -> String {
    a.matches
        .iter()
        .map(|m| {
            let due = m.due.map(|d| ts(d).to_string()).unwrap_or_default();
            format!("{}:{}:{due}", m.rule.id(), severity_number(m.severity))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Reads what [`encode`] wrote; a rule this build does not know is left out.
pub(super) fn decode(s: &str) -> Assessment {
    let matches = s
        .split_whitespace()
        .filter_map(|part| {
            let mut it = part.split(':');
            let rule = Rule::from_id(it.next()?)?;
            let severity = severity_from(it.next()?.parse().ok()?)?;
            let due = it.next().and_then(|d| d.parse().ok()).map(from_ts);
            Some(Match {
                rule,
                severity,
                due,
            })
        })
        .collect();
    Assessment { matches }
}

/// What the rules read about an order from other tables: the last chat message, the
/// latest incident, compensation and the parcels coming back. The statements are held
/// for as many orders as the reader is asked about: a statement taken from rusqlite's
/// cache for each order is compiled again by SQLite each time (a tenth of a first
/// sync's time went there).
struct Extras<'c> {
    chat: rusqlite::CachedStatement<'c>,
    incident: rusqlite::CachedStatement<'c>,
    returns: rusqlite::CachedStatement<'c>,
}

impl<'c> Extras<'c> {
    fn new(conn: &'c rusqlite::Connection) -> Result<Extras<'c>, CacheError> {
        Ok(Extras {
            chat: conn.prepare_cached(
                "SELECT sender, created_at FROM chat_messages WHERE order_id = ?1 \
                 ORDER BY created_at DESC, message_id DESC LIMIT 1",
            )?,
            incident: conn.prepare_cached(
                "SELECT (SELECT i.closed_at IS NOT NULL AND i.closed_at >= o.last_change \
                         FROM incidents i JOIN orders o ON o.order_id = i.order_id \
                         WHERE i.order_id = ?1 ORDER BY i.id DESC LIMIT 1), \
                        EXISTS (SELECT 1 FROM incidents WHERE order_id = ?1 \
                                AND compensation <> '[]')",
            )?,
            returns: conn.prepare_cached(&format!(
                "SELECT {} FROM returns WHERE order_id = ?1",
                super::returns::COLUMNS
            ))?,
        })
    }

    /// Fills in what the rules read about order `id` besides the order itself.
    fn read(&mut self, id: i64, h: &mut History) -> Result<(), CacheError> {
        h.last_chat = self
            .chat
            .query_row([id], |r| {
                let sender: String = r.get(0)?;
                Ok((sender == "CUSTOMER", from_ts(r.get(1)?)))
            })
            .optional()?;
        let (closed, compensated) = self.incident.query_row([id], |r| {
            Ok((
                r.get::<_, Option<bool>>(0)?.unwrap_or(false),
                r.get::<_, bool>(1)?,
            ))
        })?;
        h.incident_closed = closed;
        h.compensated = compensated;
        h.returns = self
            .returns
            .query_map([id], super::returns::read)?
            .map(|r| r.map(|r| r.parcel()))
            .collect::<Result<_, _>>()?;
        Ok(())
    }
}

/// The order columns as the dashboard's list reads them: all but the order's lines,
/// which only a draft needs (the detail reads the order whole).
const LIST_COLUMNS: &str = "order_id, campaign_id, business_id, model, status, substatus, \
    created_at, updated_at, ship_date, ship_time, due_from, due_to, real_delivery_date, \
    delivery_type, partner, carrier_id, carrier, tracks, region, city, value_kopecks, currency, \
    buyer_name, cancel_requested, estimated, storage_limit, expiry, items_lost, \
    first_seen, last_change, handed_over_at, cancel_requested_at, date_moves, date_shift_days, \
    '' AS items";

/// An order row followed by its stored rules.
fn read_with_risk(r: &rusqlite::Row<'_>) -> rusqlite::Result<Assessed> {
    read_with_risk_sharing(r, None)
}

fn read_with_risk_sharing(
    r: &rusqlite::Row<'_>,
    texts: Option<&mut Interner>,
) -> rusqlite::Result<Assessed> {
    let (o, h) = read_order_sharing(r, texts)?;
    let rules: Option<String> = r.get(super::orders::ORDER_COLUMN_COUNT)?;
    Ok((o, h, rules.as_deref().map(decode).unwrap_or_default()))
}

impl Cache {
    /// Stores assessments in one transaction: a row for an order at risk or with a
    /// threshold ahead; an order that was and is no longer keeps its row, emptied, so a
    /// reader following the change sequence sees it leave. The counts of [`Tally`]
    /// follow in the same transaction.
    pub fn store_risk(
        &mut self,
        rows: &[StoredRisk],
        now: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let seq = super::seq::next(&tx)?;
            let mut was = tx.prepare_cached("SELECT rules FROM risk WHERE order_id = ?1")?;
            let mut put = tx.prepare_cached(
                "INSERT INTO risk(order_id, severity, rules, due, next_check, assessed_at, seq, \
                                  answer_due) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
                 ON CONFLICT(order_id) DO UPDATE SET severity = excluded.severity, \
                     rules = excluded.rules, due = excluded.due, \
                     next_check = excluded.next_check, assessed_at = excluded.assessed_at, \
                     answer_due = excluded.answer_due, \
                     seq = CASE WHEN risk.rules IS excluded.rules \
                                 AND risk.severity IS excluded.severity \
                            THEN risk.seq ELSE excluded.seq END",
            )?;
            let mut empty = tx.prepare_cached(
                "UPDATE risk SET severity = NULL, rules = '', due = NULL, next_check = NULL, \
                     answer_due = NULL, assessed_at = ?2, seq = ?3 \
                 WHERE order_id = ?1 AND (severity IS NOT NULL OR next_check IS NOT NULL)",
            )?;
            let mut change = tally::Change::default();
            for r in rows {
                if !r.fresh
                    && let Some(before) = was
                        .query_row([r.order_id], |row| row.get::<_, String>(0))
                        .optional()?
                {
                    change.count(&decode(&before), -1);
                }
                let a = &r.assessment;
                change.count(a, 1);
                if a.is_at_risk() || r.next_check.is_some() {
                    put.execute(params![
                        r.order_id,
                        a.severity().map(severity_number),
                        encode(a),
                        a.due().map(ts),
                        r.next_check.map(ts),
                        ts(now),
                        seq,
                        tally::answer_due(a),
                    ])?;
                } else {
                    empty.execute(params![r.order_id, ts(now), seq])?;
                }
            }
            change.save(&tx)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// The orders whose next check has come: time may have changed their risk.
    pub fn risk_due(&self, now: DateTime<Utc>) -> Result<Vec<i64>, CacheError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT order_id FROM risk WHERE next_check <= ?1")?;
        let rows = stmt.query_map([ts(now)], |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Every order at risk with its stored assessment, in no order. Only the risk
    /// rows are read: an order's row is a page of its own, and reading the orders of
    /// every at-risk row made `status` grow with the orders table.
    pub fn at_risk(&self) -> Result<Vec<AtRisk>, CacheError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT order_id, rules FROM risk WHERE severity IS NOT NULL")?;
        let rows = stmt.query_map([], |r| {
            Ok(AtRisk {
                order_id: r.get(0)?,
                assessment: decode(&r.get::<_, String>(1)?),
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The value of each of these orders (unknown ids are absent).
    pub fn values_of(&self, ids: &[i64]) -> Result<HashMap<i64, Money>, CacheError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT value_kopecks FROM orders WHERE order_id = ?1")?;
        let mut out = HashMap::with_capacity(ids.len());
        for &id in ids {
            if let Some(v) = stmt.query_row([id], |r| r.get(0)).optional()? {
                out.insert(id, Money::from_kopecks(v));
            }
        }
        Ok(out)
    }

    /// Every order at risk with its stored assessment and what the sync observed.
    pub fn at_risk_orders(&self) -> Result<Vec<Assessed>, CacheError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {LIST_COLUMNS}, r.rules FROM risk r JOIN orders USING (order_id) \
             WHERE r.severity IS NOT NULL"
        ))?;
        let rows = stmt.query_map([], read_with_risk)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The orders whose row or risk changed after change number `after`, with their
    /// stored assessment, and the highest change number now (to ask from next time).
    pub fn orders_changed_since(&self, after: i64) -> Result<(Vec<Assessed>, i64), CacheError> {
        let tx = self.conn.unchecked_transaction()?;
        let top: i64 = tx.query_row(
            "SELECT max((SELECT coalesce(max(seq), 0) FROM orders), \
                        (SELECT coalesce(max(seq), 0) FROM risk))",
            [],
            |r| r.get(0),
        )?;
        let rows = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT {LIST_COLUMNS}, \
                 (SELECT r.rules FROM risk r WHERE r.order_id = orders.order_id) FROM orders \
                 WHERE order_id IN (SELECT order_id FROM orders WHERE seq > ?1 \
                                    UNION SELECT order_id FROM risk WHERE seq > ?1)"
            ))?;
            let rows = stmt.query_map([after], read_with_risk)?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        tx.commit()?;
        Ok((rows, top))
    }

    /// These orders with their stored assessment; unknown ids are absent.
    pub fn orders_with_risk_of(&self, ids: &[i64]) -> Result<Vec<Assessed>, CacheError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {LIST_COLUMNS}, \
             (SELECT r.rules FROM risk r WHERE r.order_id = orders.order_id) FROM orders \
             WHERE order_id = ?1"
        ))?;
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(row) = stmt.query_row([id], read_with_risk).optional()? {
                out.push(row);
            }
        }
        Ok(out)
    }

    /// The highest change number of the cache now.
    pub fn change_seq(&self) -> Result<i64, CacheError> {
        Ok(self.conn.query_row(
            "SELECT max((SELECT coalesce(max(seq), 0) FROM orders), \
                        (SELECT coalesce(max(seq), 0) FROM risk))",
            [],
            |r| r.get(0),
        )?)
    }

    /// Every cached order with its stored assessment (empty when no rule matches),
    /// handed to `f` one at a time: a caller building its own rows from them never
    /// holds a second copy of the whole list. The texts many orders repeat come from
    /// `texts`, so each is held once.
    pub fn for_each_order_with_risk(
        &self,
        texts: &mut Interner,
        mut f: impl FnMut(Order, Assessment),
    ) -> Result<(), CacheError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {LIST_COLUMNS}, \
             (SELECT r.rules FROM risk r WHERE r.order_id = orders.order_id) FROM orders"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let (order, _, assessment) = read_with_risk_sharing(r, Some(&mut *texts))?;
            f(order, assessment);
        }
        Ok(())
    }

    /// The stored assessment of one order (no row: no rule matches).
    pub fn risk_of(&self, order_id: i64) -> Result<Assessment, CacheError> {
        Ok(self
            .conn
            .query_row(
                "SELECT rules FROM risk WHERE order_id = ?1",
                [order_id],
                |r| r.get::<_, String>(0),
            )
            .optional()?
            .map(|s| decode(&s))
            .unwrap_or_default())
    }

    /// The orders to assess when every assessment is redone (the rules or their
    /// thresholds changed): those in one of `statuses` or `substatuses`, with lost
    /// items, with a chat, or with a stored row.
    pub fn assessment_candidates(
        &self,
        statuses: &[&str],
        substatuses: &[&str],
    ) -> Result<Vec<i64>, CacheError> {
        let list = |n: usize, start: usize| {
            (start..start + n)
                .map(|i| format!("?{i}"))
                .collect::<Vec<_>>()
                .join(",")
        };
        let sql = format!(
            "SELECT order_id FROM orders WHERE status IN ({}) OR substatus IN ({}) \
             OR items_lost = 1 \
             UNION SELECT order_id FROM chat_messages \
             UNION SELECT order_id FROM returns \
             UNION SELECT order_id FROM risk",
            list(statuses.len(), 1),
            list(substatuses.len(), statuses.len() + 1)
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let params = rusqlite::params_from_iter(statuses.iter().chain(substatuses));
        let rows = stmt.query_map(params, |r| r.get(0))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The orders with these ids and everything the rules read about them: what the
    /// sync observed, the last chat message, whether the latest incident is closed,
    /// whether compensation was given, and the parcels coming back. Read in one
    /// transaction; unknown ids are absent.
    pub fn orders_for_assessment(&self, ids: &[i64]) -> Result<Vec<(Order, History)>, CacheError> {
        let tx = self.conn.unchecked_transaction()?;
        let mut out = Vec::with_capacity(ids.len());
        {
            let mut order = tx.prepare_cached(&format!(
                "SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = ?1"
            ))?;
            let mut extras = Extras::new(&tx)?;
            for &id in ids {
                let Some((o, mut h)) = order.query_row([id], read_order).optional()? else {
                    continue;
                };
                extras.read(id, &mut h)?;
                out.push((o, h));
            }
        }
        tx.commit()?;
        Ok(out)
    }

    /// Fills in what the rules read about an order besides the order itself: the last
    /// chat message, the latest incident, compensation and returns.
    pub fn fill_assessment_extras(
        &self,
        order_id: i64,
        history: &mut History,
    ) -> Result<(), CacheError> {
        Extras::new(&self.conn)?.read(order_id, history)
    }

    /// A value the service keeps for itself.
    pub fn service_state(&self, key: &str) -> Result<Option<String>, CacheError> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM service_state WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Sets a value the service keeps for itself.
    pub fn set_service_state(&self, key: &str, value: &str) -> Result<(), CacheError> {
        self.conn.execute(
            "INSERT OR REPLACE INTO service_state(key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
        Ok(())
    }
}

mod tally;
mod urgent;
pub use tally::{Tally, recount};
pub use urgent::Dues;

#[cfg(test)]
mod tests;
