//! Taking an act back. An agent's act that only touched the cache (a step, a skip, a
//! note, compensation, a close) keeps the incident as it was before, in the same
//! transaction; for a short while that agent may restore it, as long as nothing else
//! changed the incident since. The act and its undoing both stay in the audit trail.
//! Writes to the Market are not undone here: a queued one is cancelled in the outbox.

use chrono::{DateTime, Duration, Utc};
use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, TransactionBehavior, params, params_from_iter};

use super::columns::{CHANGEABLE, Changeable, read_changeable, write_changes};
use super::{Act, INCIDENT_COLUMNS, audit, read_incident, summary};
use crate::cache::{Cache, CacheError, Conflict, Incident, from_ts, ts};

/// Why an act was not taken back. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UndoRefused {
    /// The order has no act of this agent to take back.
    Nothing,
    /// The act is older than the time allowed.
    TooLate,
    /// Something changed the incident after the act.
    ChangedSince,
    /// The act closed the incident and another incident has been opened since.
    Reopened,
}

/// Keeps `before` as the state an act of `agent` (leaving the incident at `version`)
/// may be taken back to; replaces what an earlier act kept.
pub(super) fn remember(
    tx: &rusqlite::Transaction<'_>,
    before: &Incident,
    version: i64,
    agent: &str,
    action: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<()> {
    let changeable = Changeable::of(before);
    let mut values: Vec<&dyn ToSql> = vec![&before.id, &version, &agent];
    let at = ts(now);
    values.push(&at);
    values.push(&action);
    values.extend(changeable.values());
    tx.execute(
        &format!(
            "INSERT OR REPLACE INTO incident_undo(incident_id, version, agent, at, action, \
             {CHANGEABLE}) VALUES ({})",
            (1..=values.len())
                .map(|n| format!("?{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        params_from_iter(values),
    )?;
    Ok(())
}

impl Cache {
    /// `update_incident` for an act the agent may take back for a while (`undo_last`).
    pub fn update_incident_undoable(
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
        self.change_incident(expected_version, act, true, change)
    }

    /// Takes back `agent`'s last act on the order's incident, made within `window`
    /// of `now` and not followed by any other change; recorded in the audit trail as
    /// `undo:<act>`. Returns the act taken back and the incident as it is now.
    pub fn undo_last(
        &mut self,
        order_id: i64,
        agent: &str,
        now: DateTime<Utc>,
        window: Duration,
    ) -> Result<Result<(String, Incident), UndoRefused>, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(current) = tx
            .query_row(
                &format!(
                    "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE order_id = ?1 \
                     ORDER BY id DESC LIMIT 1"
                ),
                [order_id],
                read_incident,
            )
            .optional()?
        else {
            return Ok(Err(UndoRefused::Nothing));
        };
        let kept = tx
            .query_row(
                &format!(
                    "SELECT version, agent, at, action, {CHANGEABLE} \
                     FROM incident_undo WHERE incident_id = ?1"
                ),
                [current.id],
                |r| {
                    let before = read_changeable(r, 4, current.clone())?;
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        from_ts(r.get(2)?),
                        r.get::<_, String>(3)?,
                        before,
                    ))
                },
            )
            .optional()?;
        let Some((version, by, at, action, before)) = kept.filter(|k| k.1 == agent) else {
            return Ok(Err(UndoRefused::Nothing));
        };
        if version != current.version {
            return Ok(Err(UndoRefused::ChangedSince));
        }
        if now - at > window {
            return Ok(Err(UndoRefused::TooLate));
        }
        let reopens = current.closed_at.is_some() && before.closed_at.is_none();
        if reopens {
            let open_other: bool = tx.query_row(
                "SELECT EXISTS(SELECT 1 FROM incidents WHERE order_id = ?1 \
                 AND closed_at IS NULL AND id <> ?2)",
                params![order_id, current.id],
                |r| r.get(0),
            )?;
            if open_other {
                return Ok(Err(UndoRefused::Reopened));
            }
        }
        let restored = Incident {
            version: current.version + 1,
            ..before
        };
        write_changes(&tx, current.id, &restored, current.version)?;
        let undo = format!("undo:{action}");
        audit(
            &tx,
            Act {
                now,
                agent: &by,
                order_id: Some(order_id),
                incident_id: Some(current.id),
                action: &undo,
            },
            Some(&summary(&current)),
            Some(&summary(&restored)),
        )?;
        // One step back only: the act is gone, and so is what it kept.
        tx.execute(
            "DELETE FROM incident_undo WHERE incident_id = ?1",
            [current.id],
        )?;
        tx.commit()?;
        Ok(Ok((action, restored)))
    }
}

#[cfg(test)]
mod tests;
