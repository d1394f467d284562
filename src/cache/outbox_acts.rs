//! What an agent may do with the order's writes in the outbox: withdraw one still
//! waiting (never one being sent: it may be reaching the Market now), send a refused
//! one again, or let a refused one be. Each is one statement guarded by the row's
//! state, so it cannot race the worker, and each is in the audit trail.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::outbox::{COLUMNS, read_row};
use super::{Cache, CacheError, OutboxRow};

/// What an agent does with an outbox row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxAct {
    /// Withdraw a write still queued: it will not be sent.
    Cancel,
    /// Queue a refused write again.
    Requeue,
    /// Let a refused write be: it leaves the footer's count of refusals.
    Dismiss,
}

impl OutboxAct {
    /// Its name in the audit trail (`cancel:delivery_date`).
    pub fn id(self) -> &'static str {
        match self {
            OutboxAct::Cancel => "cancel",
            OutboxAct::Requeue => "requeue",
            OutboxAct::Dismiss => "dismiss",
        }
    }
}

impl Cache {
    /// Does `act` to row `id` of order `order_id` for `agent`. `Ok(None)`: the row is
    /// not (or no longer) in a state that allows it — a queued row a worker took, a
    /// refused one already requeued — and nothing changed.
    pub fn outbox_act(
        &mut self,
        id: i64,
        order_id: i64,
        act: OutboxAct,
        agent: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<OutboxRow>, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let t = now.timestamp();
        let n = match act {
            OutboxAct::Cancel => tx.execute(
                "UPDATE outbox SET state = 'cancelled', sent_at = ?3, worker_until = NULL \
                 WHERE id = ?1 AND order_id = ?2 AND state = 'queued'",
                params![id, order_id, t],
            )?,
            OutboxAct::Requeue => tx.execute(
                "UPDATE outbox SET state = 'queued', next_at = ?3, sent_at = NULL \
                 WHERE id = ?1 AND order_id = ?2 AND state = 'failed'",
                params![id, order_id, t],
            )?,
            OutboxAct::Dismiss => tx.execute(
                "UPDATE outbox SET state = 'dismissed' \
                 WHERE id = ?1 AND order_id = ?2 AND state = 'failed'",
                params![id, order_id],
            )?,
        };
        if n == 0 {
            return Ok(None);
        }
        // The Market's refusal shown on the incident goes with the row it came from.
        if act != OutboxAct::Cancel {
            tx.execute(
                "UPDATE incidents SET last_error = NULL \
                 WHERE id = (SELECT incident_id FROM outbox WHERE id = ?1) \
                   AND last_error = (SELECT last_error FROM outbox WHERE id = ?1)",
                [id],
            )?;
        }
        let (before, after) = match act {
            OutboxAct::Cancel => ("queued", "cancelled"),
            OutboxAct::Requeue => ("failed", "queued"),
            OutboxAct::Dismiss => ("failed", "dismissed"),
        };
        tx.execute(
            "INSERT INTO audit(at, agent, order_id, incident_id, action, before, after) \
             SELECT ?2, ?3, order_id, incident_id, ?4 || ':' || kind, ?5, ?6 \
             FROM outbox WHERE id = ?1",
            params![id, t, agent, act.id(), before, after],
        )?;
        let row = tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1"),
                [id],
                read_row,
            )
            .optional()?;
        tx.commit()?;
        Ok(row)
    }
}

#[cfg(test)]
mod tests;
