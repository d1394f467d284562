//! The outbox worker: claim the next due row with a lease, send it, record the answer;
//! one row at a time, so the writes of one order reach the Market in the order the
//! agents confirmed them. SQLite work runs on blocking threads, never on the runtime.
//! A worker that dies mid-send leaves its row `sending`; after the lease (renewed every
//! third of it while a send is in flight) any worker takes it again, and checks the
//! Market before sending it a second time (see the module doc of `crate::service::outbox`).

use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use tokio::sync::watch;
use tracing::Instrument;

use crate::cache::{Cache, CacheError, OutboxRow};
use crate::market::MarketClient;

mod send;

use send::{Outcome, failed};

/// How long a claimed row stays a worker's without renewal. Longer than the Market
/// takes to finish a request it received (its own timeout is 10 s), so a row whose
/// worker died is taken again only once that worker's last request is surely over.
pub const LEASE: Duration = Duration::seconds(15);
/// A write still not through this long after it was confirmed is given up (failed):
/// its moment has likely passed, and the agent should decide again.
pub const MAX_AGE: Duration = Duration::hours(24);
/// The first pause after a failed attempt; it doubles up to `BACKOFF_CAP`.
const BACKOFF_BASE: Duration = Duration::seconds(2);
const BACKOFF_CAP: Duration = Duration::minutes(10);
/// After a 401/403 every write would fail alike: pause the queue this long.
const AUTH_PAUSE: Duration = Duration::minutes(5);

/// Why the worker could not go on (the Market's refusals are not errors: they are
/// recorded on the rows).
#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("the outbox's database thread failed: {0}")]
    Thread(String),
}

/// A write the Market refused (or that was given up), as the daemon reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub id: i64,
    pub order_id: Option<i64>,
    pub kind: String,
    pub message: String,
    /// Given up after retrying (the Market could not be reached, or kept failing),
    /// not refused by the Market: worded so, never as a refusal.
    pub given_up: bool,
}

/// What one `drain` did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrainReport {
    /// Rows now sent, `already_done` included.
    pub sent: usize,
    /// Of `sent`: found already done on the Market, so not sent again.
    pub already_done: usize,
    pub failed: Vec<Failure>,
    /// Rows put back for a later attempt.
    pub retrying: usize,
    pub last_retry_error: Option<String>,
    /// Set when the Market refused the key: the drain stopped there.
    pub auth_error: Option<String>,
}

impl DrainReport {
    /// True when no row was taken.
    pub fn is_empty(&self) -> bool {
        self.sent == 0 && self.failed.is_empty() && self.retrying == 0
    }
}

impl std::fmt::Display for DrainReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "outbox: {} sent", self.sent)?;
        if self.already_done > 0 {
            write!(f, " ({} already done)", self.already_done)?;
        }
        write!(
            f,
            ", {} failed, {} retrying",
            self.failed.len(),
            self.retrying
        )?;
        if let Some(e) = &self.last_retry_error {
            write!(f, " (last: {e})")?;
        }
        Ok(())
    }
}

fn backoff(attempts: i64) -> Duration {
    let attempt = u32::try_from(attempts.max(1)).unwrap_or(u32::MAX);
    let base = BACKOFF_BASE.to_std().unwrap_or_default();
    let cap = BACKOFF_CAP.to_std().unwrap_or_default();
    Duration::from_std(crate::base::backoff::capped(attempt, base, cap)).unwrap_or(BACKOFF_CAP)
}

/// Sends the outbox of one cache. Cheap to keep; one per process is enough.
pub struct Worker {
    cache: Arc<Mutex<Cache>>,
    id: String,
    lease: Duration,
    stop: Option<watch::Receiver<bool>>,
}

impl std::fmt::Debug for Worker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Worker")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Worker {
    /// Opens (creating if needed) the cache at `db` for a worker named `worker_id`
    /// (unique among the processes on the cache, e.g. `user@host:pid`).
    pub fn open(db: &Path, worker_id: &str) -> Result<Worker, OutboxError> {
        Ok(Worker {
            cache: Arc::new(Mutex::new(Cache::open(db)?)),
            id: worker_id.to_owned(),
            lease: LEASE,
            stop: None,
        })
    }

    /// Stops a drain between two writes once `stop` turns true.
    pub fn with_stop(mut self, stop: watch::Receiver<bool>) -> Worker {
        self.stop = Some(stop);
        self
    }

    /// Another lease than `LEASE` (tests).
    pub fn with_lease(mut self, lease: Duration) -> Worker {
        self.lease = lease;
        self
    }

    fn stopped(&self) -> bool {
        self.stop.as_ref().is_some_and(|s| *s.borrow())
    }

    pub(super) async fn db<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Cache) -> Result<T, CacheError> + Send + 'static,
    ) -> Result<T, OutboxError> {
        let cache = Arc::clone(&self.cache);
        tokio::task::spawn_blocking(move || {
            // A panic elsewhere cannot leave the connection half-used: each call is
            // one statement or one transaction.
            let mut c = cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            f(&mut c).map_err(OutboxError::from)
        })
        .await
        .map_err(|e| OutboxError::Thread(e.to_string()))?
    }

    /// Sends due rows until none is due, `max` were taken, the stop signal came, or
    /// the Market refused the key.
    pub async fn drain(
        &self,
        client: &MarketClient,
        now_fn: impl Fn() -> DateTime<Utc> + Send + Sync,
        max: usize,
    ) -> Result<DrainReport, OutboxError> {
        let mut report = DrainReport::default();
        let mut taken = 0;
        while taken < max && !self.stopped() {
            let (id, now, lease) = (self.id.clone(), now_fn(), self.lease);
            let Some(row) = self.db(move |c| c.claim_outbox(&id, now, lease)).await? else {
                break;
            };
            taken += 1;
            // Every log line of this send, the client's retries included, carries the
            // row, its kind and which attempt this is.
            let span = tracing::info_span!(
                "outbox_send",
                row = row.id,
                kind = %row.kind,
                order = ?row.order_id,
                attempt = row.attempts + 1
            );
            let outcome = self
                .renewing(row.id, &now_fn, self.process(client, &row))
                .instrument(span)
                .await;
            let auth = matches!(outcome, Outcome::Auth { .. });
            self.record(&row, outcome, now_fn(), &mut report).await?;
            if auth {
                break;
            }
        }
        Ok(report)
    }

    /// Runs `fut` while renewing the lease on row `id`.
    async fn renewing<F: Future<Output = Outcome>>(
        &self,
        id: i64,
        now_fn: &(impl Fn() -> DateTime<Utc> + Send + Sync),
        fut: F,
    ) -> Outcome {
        let every = (self.lease / 3)
            .to_std()
            .unwrap_or(std::time::Duration::from_secs(5));
        tokio::pin!(fut);
        loop {
            tokio::select! {
                out = &mut fut => return out,
                () = tokio::time::sleep(every) => {
                    let (worker, until) = (self.id.clone(), now_fn() + self.lease);
                    match self.db(move |c| c.renew_outbox_claim(id, &worker, until)).await {
                        Ok(true) => {}
                        Ok(false) => tracing::warn!(row = id, "outbox: another worker took a row this one is sending"),
                        Err(e) => tracing::warn!(row = id, error = %e, "outbox: could not renew a claim"),
                    }
                }
            }
        }
    }

    /// Writes what became of the attempt.
    async fn record(
        &self,
        row: &OutboxRow,
        outcome: Outcome,
        now: DateTime<Utc>,
        report: &mut DrainReport,
    ) -> Result<(), OutboxError> {
        let (id, worker) = (row.id, self.id.clone());
        let given_up = matches!(outcome, Outcome::Retry { .. });
        let outcome = match outcome {
            Outcome::Retry { error, .. } if now - row.created_at > MAX_AGE => failed(format!(
                "given up after {} attempts in {} h: {error}",
                row.attempts,
                MAX_AGE.num_hours()
            )),
            other => other,
        };
        match outcome {
            Outcome::Sent { answer, already } => {
                tracing::info!(row = id, kind = %row.kind, order = ?row.order_id, already, "outbox: sent");
                self.db(move |c| c.outbox_sent(id, &answer, now)).await?;
                report.sent += 1;
                report.already_done += usize::from(already);
            }
            Outcome::Retry { error, not_before } => {
                let next = (now + backoff(row.attempts)).max(not_before.unwrap_or(now));
                tracing::warn!(row = id, kind = %row.kind, order = ?row.order_id, attempts = row.attempts, %error, %next, "outbox: will retry");
                let e = error.clone();
                self.db(move |c| c.outbox_retry(id, &worker, &e, next))
                    .await?;
                report.retrying += 1;
                report.last_retry_error = Some(error);
            }
            Outcome::Auth { error } => {
                tracing::error!(row = id, %error, "outbox: the Market refused the key; the queue waits");
                let e = error.clone();
                self.db(move |c| c.outbox_retry(id, &worker, &e, now + AUTH_PAUSE))
                    .await?;
                report.retrying += 1;
                report.auth_error = Some(error);
            }
            Outcome::Failed { error, answer } => {
                tracing::warn!(row = id, kind = %row.kind, order = ?row.order_id, %error, "outbox: refused");
                let e = error.clone();
                self.db(move |c| c.outbox_failed(id, &e, answer.as_deref(), now))
                    .await?;
                report.failed.push(Failure {
                    id,
                    order_id: row.order_id,
                    kind: row.kind.clone(),
                    message: error,
                    given_up,
                });
            }
        }
        Ok(())
    }
}

/// Opens the cache at `db` and sends up to `max` due rows as `worker_id`.
pub async fn drain(
    client: &MarketClient,
    db: &Path,
    worker_id: &str,
    now_fn: impl Fn() -> DateTime<Utc> + Send + Sync,
    max: usize,
) -> Result<DrainReport, OutboxError> {
    Worker::open(db, worker_id)?
        .drain(client, now_fn, max)
        .await
}

#[cfg(test)]
mod tests;
