//! The outbox of writes to the Market, and the chats the outbox worker fetched.
//!
//! A confirmed write is a row here before anything is sent (`enqueue`); a worker takes
//! the next due row with a lease (`claim_outbox`), and records the Market's answer
//! (`outbox_sent`), a retry (`outbox_retry`) or a refusal (`outbox_failed`). Every
//! statement is one short write, or one IMMEDIATE transaction, so the many processes
//! on one cache wait on the busy timeout instead of seeing "database is locked".
//!
//! Times are unix seconds, as elsewhere in the cache. `attempts` counts sends *started*
//! (it goes up when a row is claimed), so a row that a killed worker left behind still
//! says it may have reached the Market. `sent_at` is when the row reached its final
//! state: sent, or failed.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use super::incidents::{Act, audit};
use super::{Cache, CacheError};
use crate::domain::write::OutboxWrite;

/// Where a row is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting to be sent (first time, or again after `next_at`).
    Queued,
    /// A worker has it; after `worker_until` without renewal, another may take it.
    Sending,
    /// The Market accepted it (or already showed its effect).
    Sent,
    /// The Market refused it, or it was given up; `last_error` says why.
    Failed,
    /// An agent withdrew it while it waited: it was never sent.
    Cancelled,
    /// An agent saw its refusal and let it be.
    Dismissed,
}

impl OutboxState {
    /// Whether the write is on its way, or reached the Market: not refused, not
    /// withdrawn by an agent.
    pub fn may_reach_market(self) -> bool {
        matches!(
            self,
            OutboxState::Queued | OutboxState::Sending | OutboxState::Sent
        )
    }

    /// The value stored in the `state` column.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::Cancelled => "cancelled",
            OutboxState::Dismissed => "dismissed",
        }
    }

    fn parse(s: &str) -> OutboxState {
        match s {
            "sending" => OutboxState::Sending,
            "sent" => OutboxState::Sent,
            "failed" => OutboxState::Failed,
            "cancelled" => OutboxState::Cancelled,
            "dismissed" => OutboxState::Dismissed,
            _ => OutboxState::Queued,
        }
    }
}

/// One outbox row as stored. `kind` and `payload` are read by `crate::service::outbox`.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxRow {
    pub id: i64,
    pub key: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub incident_id: Option<i64>,
    pub order_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub business_id: Option<i64>,
    pub kind: String,
    /// JSON.
    pub payload: String,
    pub state: OutboxState,
    /// Sends started so far, this one included once claimed.
    pub attempts: i64,
    pub next_at: DateTime<Utc>,
    pub last_error: Option<String>,
    /// The Market's answer (JSON) once sent, or what showed it was already done.
    pub answer: Option<String>,
    /// When it was sent or failed.
    pub finished_at: Option<DateTime<Utc>>,
    pub worker: Option<String>,
}

/// The refused write shown in the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxFailure {
    pub id: i64,
    pub order_id: Option<i64>,
    pub kind: String,
    pub error: String,
    pub at: DateTime<Utc>,
}

/// Counts for the footer and `info`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboxSummary {
    pub queued: i64,
    pub sending: i64,
    /// Queued rows that were tried before and wait for their next attempt.
    pub retrying: i64,
    /// Rows failed since the `since` given to `outbox_summary`.
    pub failed: i64,
    pub last_failure: Option<OutboxFailure>,
    /// Why the latest retrying row's last attempt did not go through.
    pub retry_error: Option<String>,
}

pub(super) const COLUMNS: &str = "id, idempotency_key, created_at, created_by, incident_id, order_id, \
     campaign_id, business_id, kind, payload, state, attempts, next_at, last_error, answer, \
     sent_at, worker";

/// The rows a worker may take at time `?1`.
const DUE: &str = "FROM outbox o \
     WHERE ((o.state = 'queued' AND o.next_at <= ?1) \
            OR (o.state = 'sending' AND o.worker_until < ?1)) \
       AND NOT EXISTS (SELECT 1 FROM outbox p \
            WHERE p.state IN ('queued', 'sending') \
              AND p.order_id = o.order_id AND p.id < o.id)";

fn ts(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

pub(super) fn read_row(r: &Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        id: r.get(0)?,
        key: r.get(1)?,
        created_at: ts(r.get(2)?),
        created_by: r.get(3)?,
        incident_id: r.get(4)?,
        order_id: r.get(5)?,
        campaign_id: r.get(6)?,
        business_id: r.get(7)?,
        kind: r.get(8)?,
        payload: r.get(9)?,
        state: OutboxState::parse(&r.get::<_, String>(10)?),
        attempts: r.get(11)?,
        next_at: ts(r.get(12)?),
        last_error: r.get(13)?,
        answer: r.get(14)?,
        finished_at: r.get::<_, Option<i64>>(15)?.map(ts),
        worker: r.get(16)?,
    })
}

/// Inserts an outbox row unless its key is there; how many rows it inserted.
fn insert(
    conn: &rusqlite::Connection,
    w: &OutboxWrite,
    now: DateTime<Utc>,
) -> rusqlite::Result<usize> {
    conn.execute(
        "INSERT INTO outbox(idempotency_key, created_at, created_by, incident_id, order_id, \
         campaign_id, business_id, kind, payload, state, attempts, next_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'queued', 0, ?2) \
         ON CONFLICT(idempotency_key) DO NOTHING",
        params![
            w.key,
            now.timestamp(),
            w.created_by,
            w.incident_id,
            w.order_id,
            w.campaign_id,
            w.business_id,
            w.kind.name(),
            w.kind.payload(),
        ],
    )
}

/// Records in the audit trail what became of an outbox row: `sent:<kind>` with the
/// Market's answer, or `failed:<kind>` with its message. The sender is `outbox`.
fn audit_outcome(
    tx: &rusqlite::Transaction<'_>,
    id: i64,
    outcome: &str,
    detail: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<usize> {
    tx.execute(
        "INSERT INTO audit(at, agent, order_id, incident_id, action, before, after) \
         SELECT ?2, 'outbox', order_id, incident_id, ?3 || ':' || kind, NULL, ?4 \
         FROM outbox WHERE id = ?1",
        params![id, now.timestamp(), outcome, detail],
    )
}

impl Cache {
    /// Puts a confirmed write in the outbox, due now. Idempotent on the write's key:
    /// the same key again is the same row (the first write under a key wins), so an
    /// enqueue retried after an error never makes a second write.
    pub fn enqueue(&mut self, w: &OutboxWrite, now: DateTime<Utc>) -> Result<i64, CacheError> {
        insert(&self.conn, w, now)?;
        // Rows are never deleted, so the row is there whether we or an earlier call made it.
        Ok(self.conn.query_row(
            "SELECT id FROM outbox WHERE idempotency_key = ?1",
            [&w.key],
            |r| r.get(0),
        )?)
    }

    /// Enqueues a write an agent confirmed and records it in the audit trail as
    /// `write:<kind>`, in one transaction: the trail never shows a write the outbox
    /// lost, nor the outbox a write nobody confirmed. Idempotent on the key, as
    /// `enqueue`; a repeat records nothing new.
    pub fn enqueue_audited(
        &mut self,
        w: &OutboxWrite,
        now: DateTime<Utc>,
    ) -> Result<i64, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = insert(&tx, w, now)?;
        if n == 1 {
            let action = format!("write:{}", w.kind.name());
            audit(
                &tx,
                Act {
                    now,
                    agent: &w.created_by,
                    order_id: w.order_id,
                    incident_id: w.incident_id,
                    action: &action,
                },
                None,
                Some(&w.kind.payload()),
            )?;
        }
        let id = tx.query_row(
            "SELECT id FROM outbox WHERE idempotency_key = ?1",
            [&w.key],
            |r| r.get(0),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Takes the next due row for `worker` until `now + lease`, counting the attempt.
    /// Due: queued with `next_at` reached, or left `sending` by a worker whose lease
    /// ran out (it died or hung). Writes of one order go in the order they were queued:
    /// a row waits while an earlier row of its order is queued or being sent.
    /// The choice is one UPDATE statement: the write lock is taken before the row is
    /// chosen, so two workers never take the same row. An idle worker polls often, so
    /// it first only reads whether anything is due, leaving the write lock to others.
    pub fn claim_outbox(
        &mut self,
        worker: &str,
        now: DateTime<Utc>,
        lease: Duration,
    ) -> Result<Option<OutboxRow>, CacheError> {
        let due = self
            .conn
            .query_row(
                &format!("SELECT 1 {DUE} LIMIT 1"),
                [now.timestamp()],
                |_| Ok(()),
            )
            .optional()?;
        if due.is_none() {
            return Ok(None);
        }
        let sql = format!(
            "UPDATE outbox SET state = 'sending', worker = ?2, worker_until = ?3, \
                 attempts = attempts + 1 \
             WHERE id = (SELECT o.id {DUE} ORDER BY o.next_at, o.id LIMIT 1) \
             RETURNING {COLUMNS}"
        );
        Ok(self
            .conn
            .query_row(
                &sql,
                params![now.timestamp(), worker, (now + lease).timestamp()],
                read_row,
            )
            .optional()?)
    }

    /// Extends `worker`'s lease on a row it is sending. False when the row is no longer
    /// its own (the lease ran out and another worker took it).
    pub fn renew_outbox_claim(
        &self,
        id: i64,
        worker: &str,
        until: DateTime<Utc>,
    ) -> Result<bool, CacheError> {
        let n = self.conn.execute(
            "UPDATE outbox SET worker_until = ?3 \
             WHERE id = ?1 AND worker = ?2 AND state = 'sending'",
            params![id, worker, until.timestamp()],
        )?;
        Ok(n == 1)
    }

    /// Records that the Market accepted the write (`answer` is its answer, JSON).
    /// False when the row was already finished (by another worker).
    pub fn outbox_sent(
        &self,
        id: i64,
        answer: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, CacheError> {
        let tx = self.conn.unchecked_transaction()?;
        let n = tx.execute(
            "UPDATE outbox SET state = 'sent', answer = ?2, sent_at = ?3, worker_until = NULL \
             WHERE id = ?1 AND state IN ('queued', 'sending')",
            params![id, answer, now.timestamp()],
        )?;
        if n == 1 {
            audit_outcome(&tx, id, "sent", answer, now)?;
            // A write of the incident that went through clears an earlier refusal.
            tx.execute(
                "UPDATE incidents SET last_error = NULL \
                 WHERE id = (SELECT incident_id FROM outbox WHERE id = ?1)",
                [id],
            )?;
        }
        tx.commit()?;
        Ok(n == 1)
    }

    /// The orders of the rows sent since `since`, with each row's kind: the service
    /// reads them back from the Market so every screen shows the write's effect.
    pub fn outbox_sent_since(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<(i64, String)>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT order_id, kind FROM outbox \
             WHERE state = 'sent' AND sent_at >= ?1 AND order_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([since.timestamp()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Puts a row `worker` was sending back in the queue until `next_at`, with why the
    /// attempt did not go through.
    pub fn outbox_retry(
        &self,
        id: i64,
        worker: &str,
        error: &str,
        next_at: DateTime<Utc>,
    ) -> Result<bool, CacheError> {
        let n = self.conn.execute(
            "UPDATE outbox SET state = 'queued', next_at = ?3, last_error = ?4, worker = NULL, \
                 worker_until = NULL \
             WHERE id = ?1 AND worker = ?2 AND state = 'sending'",
            params![id, worker, next_at.timestamp(), error],
        )?;
        Ok(n == 1)
    }

    /// Records that the Market refused the write (or it was given up), with the
    /// Market's message; the message goes on the linked incident too, where the agent
    /// sees it. One transaction, so the two never disagree.
    pub fn outbox_failed(
        &mut self,
        id: i64,
        error: &str,
        answer: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let n = tx.execute(
            "UPDATE outbox SET state = 'failed', last_error = ?2, answer = coalesce(?3, answer), \
                 sent_at = ?4, worker_until = NULL \
             WHERE id = ?1 AND state IN ('queued', 'sending')",
            params![id, error, answer, now.timestamp()],
        )?;
        if n == 1 {
            tx.execute(
                "UPDATE incidents SET last_error = ?2 \
                 WHERE id = (SELECT incident_id FROM outbox WHERE id = ?1)",
                params![id, error],
            )?;
            audit_outcome(&tx, id, "failed", error, now)?;
        }
        tx.commit()?;
        Ok(n == 1)
    }

    /// One row by id.
    pub fn outbox_row(&self, id: i64) -> Result<Option<OutboxRow>, CacheError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE id = ?1");
        Ok(self.conn.query_row(&sql, [id], read_row).optional()?)
    }

    /// The writes of an order, oldest first, whatever their state.
    pub fn outbox_for_order(&self, order_id: i64) -> Result<Vec<OutboxRow>, CacheError> {
        let sql = format!("SELECT {COLUMNS} FROM outbox WHERE order_id = ?1 ORDER BY id");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([order_id], read_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// What is waiting, what is being sent, and the latest refusal since `since`.
    pub fn outbox_summary(&self, since: DateTime<Utc>) -> Result<OutboxSummary, CacheError> {
        let since = since.timestamp();
        let (queued, sending, retrying, failed) = self.conn.query_row(
            "SELECT coalesce(sum(state = 'queued'), 0), coalesce(sum(state = 'sending'), 0), \
                    coalesce(sum(state = 'queued' AND attempts > 0), 0), \
                    coalesce(sum(state = 'failed'), 0) \
             FROM outbox WHERE state IN ('queued', 'sending') \
                OR (state = 'failed' AND sent_at >= ?1)",
            [since],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let last_failure = self
            .conn
            .query_row(
                "SELECT id, order_id, kind, coalesce(last_error, ''), sent_at FROM outbox \
                 WHERE state = 'failed' AND sent_at >= ?1 ORDER BY sent_at DESC, id DESC LIMIT 1",
                [since],
                |r| {
                    Ok(OutboxFailure {
                        id: r.get(0)?,
                        order_id: r.get(1)?,
                        kind: r.get(2)?,
                        error: r.get(3)?,
                        at: ts(r.get(4)?),
                    })
                },
            )
            .optional()?;
        let retry_error = self
            .conn
            .query_row(
                "SELECT last_error FROM outbox \
                 WHERE state = 'queued' AND attempts > 0 AND last_error IS NOT NULL \
                 ORDER BY id DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        Ok(OutboxSummary {
            queued,
            sending,
            retrying,
            failed,
            last_failure,
            retry_error,
        })
    }
}

#[cfg(test)]
mod tests;
