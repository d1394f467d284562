//! How many orders are at risk — in all, by severity and by rule — kept in the same
//! transaction as the risk rows they count, so `status` reads a dozen numbers instead
//! of every at-risk row. Each store of the risk takes away what a row was and adds what
//! it becomes; a migrated cache is counted once, whole. An order new to the cache had
//! no row, so the first sync reads nothing back to keep the counts.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, params};

use super::decode;
use crate::cache::{Cache, CacheError};
use crate::domain::risk::{Assessment, Rule, Rule::BuyerWaiting, Severity};

/// The key of the number of orders at risk.
const TOTAL: &str = "at_risk";

/// The counts as stored: every severity and every rule, zeros included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub at_risk: usize,
    pub by_severity: BTreeMap<&'static str, usize>,
    pub by_rule: BTreeMap<&'static str, usize>,
}

/// What one store changes in the counts.
#[derive(Debug, Default)]
pub(super) struct Change(HashMap<&'static str, i64>);

impl Change {
    /// Counts `a` once more (`sign` 1) or once less (`sign` -1); an assessment with
    /// no match counts nowhere.
    pub(super) fn count(&mut self, a: &Assessment, sign: i64) {
        let Some(severity) = a.severity() else {
            return;
        };
        *self.0.entry(TOTAL).or_default() += sign;
        *self.0.entry(severity.as_str()).or_default() += sign;
        for m in &a.matches {
            *self.0.entry(m.rule.id()).or_default() += sign;
        }
    }

    /// Adds the change to the stored counts, in the caller's transaction.
    pub(super) fn save(self, conn: &Connection) -> rusqlite::Result<()> {
        let mut add = conn.prepare_cached(
            "INSERT INTO risk_tally(key, n) VALUES (?1, ?2) \
             ON CONFLICT(key) DO UPDATE SET n = n + excluded.n",
        )?;
        for (key, n) in self.0.into_iter().filter(|(_, n)| *n != 0) {
            add.execute(params![key, n])?;
        }
        Ok(())
    }
}

/// When a waiting buyer's answer is due, if the buyer-waiting rule matched.
pub(super) fn answer_due(a: &Assessment) -> Option<i64> {
    a.matches
        .iter()
        .find(|m| m.rule == BuyerWaiting)
        .and_then(|m| m.due)
        .map(crate::cache::ts)
}

/// Counts every stored row anew and fills in when each waiting buyer's answer is due
/// (the migration that brought both in).
pub fn recount(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM risk_tally", [])?;
    let rows: Vec<(i64, Assessment)> = conn
        .prepare("SELECT order_id, rules FROM risk WHERE severity IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, decode(&r.get::<_, String>(1)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut change = Change::default();
    let mut answer = conn.prepare("UPDATE risk SET answer_due = ?2 WHERE order_id = ?1")?;
    for (id, a) in &rows {
        change.count(a, 1);
        if let Some(due) = answer_due(a) {
            answer.execute(params![id, due])?;
        }
    }
    change.save(conn)
}

impl Cache {
    /// The stored counts of the orders at risk.
    pub fn risk_tally(&self) -> Result<Tally, CacheError> {
        let mut tally = Tally {
            at_risk: 0,
            by_severity: Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
            by_rule: Rule::ALL.iter().map(|r| (r.id(), 0)).collect(),
        };
        let mut stmt = self.conn.prepare_cached("SELECT key, n FROM risk_tally")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let key: String = r.get(0)?;
            let n = usize::try_from(r.get::<_, i64>(1)?).unwrap_or(0);
            if key == TOTAL {
                tally.at_risk = n;
            } else if let Some(slot) = tally.by_severity.get_mut(key.as_str()) {
                *slot = n;
            } else if let Some(slot) = tally.by_rule.get_mut(key.as_str()) {
                *slot = n;
            }
        }
        Ok(tally)
    }
}
