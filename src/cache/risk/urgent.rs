//! The at-risk rows in the order the risk index keeps them — severity, then the nearest
//! deadline, those without one last — read only as far as a list needs: the first rows
//! of `status` and of the dashboard's first frame, the risk of the orders agents hold,
//! the oldest unclaimed P1 incident and the buyers waiting longest. Each read costs the
//! rows it returns (and those it passes over), not every order at risk.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use super::{AtRisk, decode};
use crate::cache::{Cache, CacheError, from_ts, ts};

/// Which deadlines a read takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dues {
    /// Every row.
    Any,
    /// Deadlines at or after this moment, and rows without one.
    From(DateTime<Utc>),
    /// Deadlines before this moment only.
    Before(DateTime<Utc>),
}

/// The first whole second at or after `t`.
fn ceil_ts(t: DateTime<Utc>) -> i64 {
    ts(t) + i64::from(t.timestamp_subsec_nanos() > 0)
}

/// Collects rows in index order: `n` of them, then those tied with the last one taken
/// (same severity and deadline), whose order is decided past what the index holds.
struct Firsts {
    n: usize,
    rows: Vec<AtRisk>,
    last: Option<(i64, Option<i64>)>,
}

impl Firsts {
    /// Takes the row; `false` once it is past the first `n` and their ties.
    fn offer(&mut self, key: (i64, Option<i64>), row: AtRisk) -> bool {
        if self.rows.len() >= self.n && self.last != Some(key) {
            return false;
        }
        self.last = Some(key);
        self.rows.push(row);
        true
    }
}

impl Cache {
    /// The first `n` orders at risk in triage order (severity, nearest deadline) among
    /// those `take` accepts and whose deadline `dues` takes, with the orders tied with
    /// the `n`-th after them, so a finer order of the caller's is exact.
    pub fn first_at_risk(
        &self,
        dues: Dues,
        n: usize,
        mut take: impl FnMut(i64) -> bool,
    ) -> Result<Vec<AtRisk>, CacheError> {
        // Deadlines are stored in whole seconds, so a moment within a second is read
        // as the next whole one: `due >= t` and `due < t` hold exactly as they would
        // against the deadline itself.
        let (dated, bound) = match dues {
            Dues::Any => ("due >= ?2", i64::MIN),
            Dues::From(t) => ("due >= ?2", ceil_ts(t)),
            Dues::Before(t) => ("due < ?2", ceil_ts(t)),
        };
        let mut dated = self.conn.prepare_cached(&format!(
            "SELECT order_id, rules, due FROM risk WHERE severity = ?1 AND {dated} ORDER BY due"
        ))?;
        let mut undated = self.conn.prepare_cached(
            "SELECT order_id, rules, due FROM risk WHERE severity = ?1 AND due IS NULL",
        )?;
        let mut firsts = Firsts {
            n,
            rows: Vec::new(),
            last: None,
        };
        for severity in 1..=4_i64 {
            let mut parts = vec![dated.query(params![severity, bound])?];
            if !matches!(dues, Dues::Before(_)) {
                parts.push(undated.query([severity])?);
            }
            for mut rows in parts {
                while let Some(r) = rows.next()? {
                    let order_id: i64 = r.get(0)?;
                    if !take(order_id) {
                        continue;
                    }
                    let row = AtRisk {
                        order_id,
                        assessment: decode(&r.get::<_, String>(1)?),
                    };
                    if !firsts.offer((severity, r.get(2)?), row) {
                        return Ok(firsts.rows);
                    }
                }
            }
        }
        Ok(firsts.rows)
    }

    /// The stored risk of these orders, those at risk only.
    pub fn at_risk_of(&self, ids: &[i64]) -> Result<Vec<AtRisk>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rules FROM risk WHERE order_id = ?1 AND severity IS NOT NULL",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for &order_id in ids {
            if let Some(rules) = stmt
                .query_row([order_id], |r| r.get::<_, String>(0))
                .optional()?
            {
                out.push(AtRisk {
                    order_id,
                    assessment: decode(&rules),
                });
            }
        }
        Ok(out)
    }

    /// When the longest-open incident of a P1 order opened, among the orders `skip`
    /// does not pass over (the held ones, say): read from the oldest open incident on.
    pub fn oldest_open_p1(
        &self,
        skip: impl Fn(i64) -> bool,
    ) -> Result<Option<DateTime<Utc>>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.order_id, i.opened_at FROM incidents i CROSS JOIN risk r \
             ON r.order_id = i.order_id \
             WHERE i.closed_at IS NULL AND r.severity = 1 ORDER BY i.opened_at",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            if !skip(r.get(0)?) {
                return Ok(Some(from_ts(r.get(1)?)));
            }
        }
        Ok(None)
    }

    /// The `n` orders whose buyer's answer has been due longest (or is due soonest):
    /// order id and when the answer is due.
    pub fn waiting_longest(&self, n: usize) -> Result<Vec<(i64, DateTime<Utc>)>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT order_id, answer_due FROM risk WHERE answer_due IS NOT NULL \
             ORDER BY answer_due, order_id LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::try_from(n).unwrap_or(i64::MAX)], |r| {
            Ok((r.get(0)?, from_ts(r.get(1)?)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
