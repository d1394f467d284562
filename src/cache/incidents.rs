//! Incidents, claims and the audit trail. An incident follows an order from its first
//! rule match to its close; a claim says which agent works it; every action leaves an
//! audit entry (who, when, what, before/after). Concurrent agents are kept apart by a
//! version check: the second writer is told, nothing is overwritten.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

pub(super) mod columns;
mod undo;

use super::{Cache, CacheError, from_ts, ts};
pub use undo::UndoRefused;

pub use crate::domain::incident::CLAIM_IDLE_MINUTES;
use crate::domain::incident::compensation::Given;
use crate::domain::incident::steps::{FaultOwner, RootCause, Step, StepStates};

/// One incident as stored.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Incident {
    pub id: i64,
    pub order_id: i64,
    pub opened_at: DateTime<Utc>,
    /// `rule:<id>` when a rule opened it, else the agent who did.
    pub opened_by: String,
    pub first_rule: Option<String>,
    /// The current step (the last one, `Analyse`, once every step is settled).
    pub step: Step,
    /// Each step's state; a step absent has not started.
    pub steps: StepStates,
    pub notes: String,
    pub carrier_answer: Option<String>,
    /// Compensation given, oldest first.
    pub compensation: Vec<Given>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    pub root_cause: Option<RootCause>,
    pub fault_owner: Option<FaultOwner>,
    pub detected_before_buyer: Option<bool>,
    pub lesson: Option<String>,
    /// The Market's message when a write for this incident was refused.
    pub last_error: Option<String>,
    /// Bumped by every change; a change based on an older version is refused.
    pub version: i64,
}

/// A claim on an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub order_id: i64,
    pub agent: String,
    pub since: DateTime<Utc>,
    pub touched_at: DateTime<Utc>,
}

/// What a claim attempt did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    Claimed,
    AlreadyYours,
    /// Another agent holds it; taking over needs `take_over`.
    HeldBy(Claim),
    TookOver {
        from: String,
    },
}

/// A change refused because someone else changed the incident first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub current_version: i64,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub agent: String,
    pub order_id: Option<i64>,
    pub incident_id: Option<i64>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

fn read_claim(r: &Row<'_>) -> rusqlite::Result<Claim> {
    Ok(Claim {
        order_id: r.get(0)?,
        agent: r.get(1)?,
        since: from_ts(r.get(2)?),
        touched_at: from_ts(r.get(3)?),
    })
}

pub(super) const INCIDENT_COLUMNS: &str = "id, order_id, opened_at, opened_by, first_rule, step, steps, \
    notes, carrier_answer, compensation, closed_at, closed_by, root_cause, fault_owner, \
    detected_before_buyer, lesson, last_error, version";

pub(super) fn read_incident(r: &Row<'_>) -> rusqlite::Result<Incident> {
    let fixed = Incident {
        id: r.get(0)?,
        order_id: r.get(1)?,
        opened_at: from_ts(r.get(2)?),
        opened_by: r.get(3)?,
        first_rule: r.get(4)?,
        version: r.get(17)?,
        ..Incident::default()
    };
    columns::read_changeable(r, 5, fixed)
}

/// Who did what to which order and incident, for one audit entry.
pub(super) struct Act<'a> {
    pub now: DateTime<Utc>,
    pub agent: &'a str,
    pub order_id: Option<i64>,
    pub incident_id: Option<i64>,
    pub action: &'a str,
}

pub(super) fn audit(
    tx: &rusqlite::Transaction<'_>,
    act: Act<'_>,
    before: Option<&str>,
    after: Option<&str>,
) -> rusqlite::Result<()> {
    audit_with(&mut *tx.prepare_cached(AUDIT)?, act, before, after)
}

const AUDIT: &str = "INSERT INTO audit(at, agent, order_id, incident_id, action, before, after) \
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

/// Records an act through a statement the caller holds for many acts.
fn audit_with(
    stmt: &mut rusqlite::Statement<'_>,
    act: Act<'_>,
    before: Option<&str>,
    after: Option<&str>,
) -> rusqlite::Result<()> {
    stmt.execute(params![
        ts(act.now),
        act.agent,
        act.order_id,
        act.incident_id,
        act.action,
        before,
        after
    ])?;
    Ok(())
}

impl Cache {
    /// Opens an incident for each order that now matches a rule and has none open —
    /// unless its last incident was closed after the order last changed (the same
    /// trouble, already resolved). Returns how many were opened.
    pub fn open_incidents(
        &mut self,
        matches: &[(i64, &str)],
        now: DateTime<Utc>,
    ) -> Result<usize, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut opened = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO incidents(order_id, opened_at, opened_by, first_rule) \
                 SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS ( \
                   SELECT 1 FROM incidents i JOIN orders o ON o.order_id = i.order_id \
                   WHERE i.order_id = ?1 AND (i.closed_at IS NULL OR i.closed_at >= o.last_change))",
            )?;
            let mut record = tx.prepare_cached(AUDIT)?;
            for (order_id, rule) in matches {
                let n = insert.execute(params![order_id, ts(now), format!("rule:{rule}"), rule])?;
                if n > 0 {
                    opened += 1;
                    let id = tx.last_insert_rowid();
                    audit_with(
                        &mut record,
                        Act {
                            now,
                            agent: "ym-triage",
                            order_id: Some(*order_id),
                            incident_id: Some(id),
                            action: "open",
                        },
                        None,
                        Some(rule),
                    )?;
                }
            }
        }
        tx.commit()?;
        Ok(opened)
    }

    /// Opens an incident by hand (an agent saw trouble no rule caught).
    pub fn open_incident_by_hand(
        &mut self,
        order_id: i64,
        agent: &str,
        now: DateTime<Utc>,
    ) -> Result<Incident, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT OR IGNORE INTO incidents(order_id, opened_at, opened_by) VALUES (?1, ?2, ?3)",
            params![order_id, ts(now), agent],
        )?;
        let inc = tx.query_row(
            &format!(
                "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE order_id = ?1 AND closed_at IS NULL"
            ),
            [order_id],
            read_incident,
        )?;
        if inc.opened_by == agent && inc.opened_at.timestamp() == now.timestamp() {
            audit(
                &tx,
                Act {
                    now,
                    agent,
                    order_id: Some(order_id),
                    incident_id: Some(inc.id),
                    action: "open",
                },
                None,
                None,
            )?;
        }
        tx.commit()?;
        Ok(inc)
    }

    /// The order's latest incident (open, or the last closed one).
    pub fn incident(&self, order_id: i64) -> Result<Option<Incident>, CacheError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE order_id = ?1 ORDER BY id DESC LIMIT 1"),
                [order_id],
                read_incident,
            )
            .optional()?)
    }

    /// How many notes and how many writes to the Market `agent` has made since `since`:
    /// read from the agent's own audit entries, not the day's whole trail (on the day
    /// of a first sync that is an entry for every incident opened).
    pub fn notes_and_writes_since(
        &self,
        agent: &str,
        since: DateTime<Utc>,
    ) -> Result<(usize, usize), CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(sum(action = 'note'), 0), \
                    coalesce(sum(action LIKE 'write:%'), 0) \
             FROM audit WHERE agent = ?1 AND at >= ?2",
        )?;
        let (notes, writes): (i64, i64) =
            stmt.query_row(params![agent, ts(since)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok((
            usize::try_from(notes).unwrap_or(0),
            usize::try_from(writes).unwrap_or(0),
        ))
    }

    /// How many incidents are open.
    pub fn open_incident_count(&self) -> Result<i64, CacheError> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM incidents WHERE closed_at IS NULL",
            [],
            |r| r.get(0),
        )?)
    }

    /// Changes an incident if it is still at `expected_version`; records the change in
    /// the audit trail with before and after. A stale version gets `Err(Conflict)`.
    pub fn update_incident(
        &mut self,
        id: i64,
        expected_version: i64,
        agent: &str,
        action: &str,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut Incident),
    ) -> Result<Result<Incident, Conflict>, CacheError> {
        let act = Act {
            now,
            agent,
            order_id: None,
            incident_id: Some(id),
            action,
        };
        self.change_incident(expected_version, act, false, change)
    }

    /// `update_incident`; `undoable` also keeps the incident as it was, so the agent
    /// may take the change back for a while (`cache::undo`), in the same transaction.
    pub(super) fn change_incident(
        &mut self,
        expected_version: i64,
        act: Act<'_>,
        undoable: bool,
        change: impl FnOnce(&mut Incident),
    ) -> Result<Result<Incident, Conflict>, CacheError> {
        let (id, agent, action, now) = (
            act.incident_id.unwrap_or_default(),
            act.agent,
            act.action,
            act.now,
        );
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = tx.query_row(
            &format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"),
            [id],
            read_incident,
        )?;
        if before.version != expected_version {
            return Ok(Err(Conflict {
                current_version: before.version,
            }));
        }
        let mut after = before.clone();
        change(&mut after);
        after.version = before.version + 1;
        columns::write_changes(&tx, id, &after, expected_version)?;
        audit(
            &tx,
            Act {
                now,
                agent,
                order_id: Some(after.order_id),
                incident_id: Some(id),
                action,
            },
            Some(&summary(&before)),
            Some(&summary(&after)),
        )?;
        if undoable {
            undo::remember(&tx, &before, after.version, agent, action, now)?;
        }
        tx.commit()?;
        Ok(Ok(after))
    }

    /// Claims an order for `agent`. Another agent's live claim is taken over only with
    /// `take_over`, and the take-over is audited.
    pub fn claim(
        &mut self,
        order_id: i64,
        agent: &str,
        take_over: bool,
        idle: Duration,
        now: DateTime<Utc>,
    ) -> Result<ClaimOutcome, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = tx
            .query_row(
                "SELECT order_id, agent, since, touched_at FROM claims WHERE order_id = ?1",
                [order_id],
                read_claim,
            )
            .optional()?;
        let live = current.filter(|c| now - c.touched_at < idle);
        let outcome = match live {
            Some(c) if c.agent == agent => {
                tx.execute(
                    "UPDATE claims SET touched_at = ?2 WHERE order_id = ?1",
                    params![order_id, ts(now)],
                )?;
                ClaimOutcome::AlreadyYours
            }
            Some(c) if !take_over => return Ok(ClaimOutcome::HeldBy(c)),
            other => {
                tx.execute(
                    "INSERT OR REPLACE INTO claims(order_id, agent, since, touched_at) VALUES (?1, ?2, ?3, ?3)",
                    params![order_id, agent, ts(now)],
                )?;
                match other {
                    Some(c) => {
                        audit(
                            &tx,
                            Act {
                                now,
                                agent,
                                order_id: Some(order_id),
                                incident_id: None,
                                action: "take_over",
                            },
                            Some(&c.agent),
                            Some(agent),
                        )?;
                        ClaimOutcome::TookOver { from: c.agent }
                    }
                    None => {
                        audit(
                            &tx,
                            Act {
                                now,
                                agent,
                                order_id: Some(order_id),
                                incident_id: None,
                                action: "claim",
                            },
                            None,
                            Some(agent),
                        )?;
                        ClaimOutcome::Claimed
                    }
                }
            }
        };
        tx.commit()?;
        Ok(outcome)
    }

    /// Gives up a claim the agent holds.
    pub fn release_claim(
        &mut self,
        order_id: i64,
        agent: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "DELETE FROM claims WHERE order_id = ?1 AND agent = ?2",
            params![order_id, agent],
        )?;
        if n > 0 {
            audit(
                &tx,
                Act {
                    now,
                    agent,
                    order_id: Some(order_id),
                    incident_id: None,
                    action: "release",
                },
                Some(agent),
                None,
            )?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// Drops claims idle for longer than `idle`.
    pub fn expire_claims(&self, idle: Duration, now: DateTime<Utc>) -> Result<usize, CacheError> {
        Ok(self
            .conn
            .execute("DELETE FROM claims WHERE touched_at < ?1", [ts(now - idle)])?)
    }

    /// Who works each order now: claims touched within the claim idle time of `now`.
    pub fn claimants(
        &self,
        now: DateTime<Utc>,
    ) -> Result<std::collections::HashMap<i64, String>, CacheError> {
        let idle = self.claim_idle;
        Ok(self
            .live_claims()?
            .into_iter()
            .filter(|c| now - c.touched_at < idle)
            .map(|c| (c.order_id, c.agent))
            .collect())
    }

    /// Records an act that changes no incident (a call to the buyer, say) in the
    /// audit trail, with what it recorded as `after`.
    pub fn record(
        &mut self,
        order_id: i64,
        agent: &str,
        action: &str,
        after: &str,
        now: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let incident_id: Option<i64> = tx
            .query_row(
                "SELECT id FROM incidents WHERE order_id = ?1 AND closed_at IS NULL",
                [order_id],
                |r| r.get(0),
            )
            .optional()?;
        audit(
            &tx,
            Act {
                now,
                agent,
                order_id: Some(order_id),
                incident_id,
                action,
            },
            None,
            Some(after),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The compensation recorded on every incident that has any and was still open at
    /// `since`, as stored (JSON), for the per-agent daily limit: what was given since
    /// then can only be on those.
    pub fn compensation_entries(&self, since: DateTime<Utc>) -> Result<Vec<Given>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT compensation FROM incidents \
             WHERE compensation <> '[]' AND (closed_at IS NULL OR closed_at >= ?1)",
        )?;
        let rows = stmt.query_map([ts(since)], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            out.extend(columns::compensation_from_column(&json?));
        }
        Ok(out)
    }

    /// Live claims with their age, for the list and `status`.
    pub fn live_claims(&self) -> Result<Vec<Claim>, CacheError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT order_id, agent, since, touched_at FROM claims")?;
        let rows = stmt.query_map([], read_claim)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The audit trail of an order, newest first.
    pub fn audit_for(&self, order_id: i64) -> Result<Vec<AuditEntry>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, agent, order_id, incident_id, action, before, after FROM audit \
             WHERE order_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([order_id], |r| {
            Ok(AuditEntry {
                at: from_ts(r.get(0)?),
                agent: r.get(1)?,
                order_id: r.get(2)?,
                incident_id: r.get(3)?,
                action: r.get(4)?,
                before: r.get(5)?,
                after: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

/// A short, stable rendering of an incident for the audit trail.
pub(super) fn summary(i: &Incident) -> String {
    format!(
        "step={} closed={} cause={} notes={}",
        i.step.number(),
        i.closed_at.is_some(),
        i.root_cause.map_or("-", RootCause::id),
        i.notes.chars().count()
    )
}

#[cfg(test)]
mod tests;
