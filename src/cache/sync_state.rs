//! Sync bookkeeping: the campaigns found, per-campaign cursors, the sync lease that
//! lets exactly one process of many sync at a time, and the record of past runs.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Cache, CacheError, from_ts};
use crate::market::wire::Campaign;

/// Who is syncing, and until when their claim holds without renewal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    pub holder: String,
    pub pid: i64,
    pub host: String,
    pub acquired_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// A short line the holder updates as it goes ("page 120 of business 7654321").
    pub progress: String,
}

/// The answer to "may I sync?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeaseOutcome {
    Acquired,
    HeldBy(Lease),
}

/// A campaign's cursor: (changes seen up to this Market time, time of the last full pass).
pub type Cursor = (DateTime<Utc>, DateTime<Utc>);

/// One finished sync, for "last sync, by whom".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncRun {
    pub started_at: DateTime<Utc>,
    pub finished_at: DateTime<Utc>,
    pub holder: String,
    pub host: String,
    pub ok: bool,
    pub orders_seen: i64,
    pub new_orders: i64,
    pub changed: i64,
    pub events: i64,
    pub skipped: i64,
    pub requests: i64,
    pub message: String,
    /// For a failed sync, what kind of failure (`SyncError::failure_kind`).
    pub failure: Option<String>,
}

/// Syncs failing since the last one that succeeded: the first failure and the latest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncFailure {
    /// When the first failed sync since the last success started.
    pub since: DateTime<Utc>,
    /// The latest failure's kind and message.
    pub kind: String,
    pub message: String,
    /// How many syncs failed since.
    pub runs: i64,
}

/// Whether a process of this host is still running (a crashed holder's lease is void).
fn process_alive(pid: i64) -> bool {
    std::path::Path::new(&format!("/proc/{pid}")).exists()
}

impl Cache {
    /// Takes the sync lease if it is free, expired, ours, or held by a dead process of
    /// this host; otherwise says who holds it.
    pub fn try_acquire_lease(
        &mut self,
        holder: &str,
        pid: i64,
        host: &str,
        ttl: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<LeaseOutcome, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current = read_lease(&tx)?;
        if let Some(l) = &current {
            let ours = l.pid == pid && l.host == host;
            let dead = l.host == host && !process_alive(l.pid);
            if !ours && !dead && l.expires_at > now {
                return Ok(LeaseOutcome::HeldBy(l.clone()));
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO sync_lease(id, holder, pid, host, acquired_at, expires_at, progress) \
             VALUES (1, ?1, ?2, ?3, ?4, ?5, '')",
            params![holder, pid, host, now.timestamp(), (now + ttl).timestamp()],
        )?;
        tx.commit()?;
        Ok(LeaseOutcome::Acquired)
    }

    /// Extends our lease and records progress. False when the lease is no longer ours.
    pub fn renew_lease(
        &self,
        pid: i64,
        host: &str,
        ttl: chrono::Duration,
        now: DateTime<Utc>,
        progress: &str,
    ) -> Result<bool, CacheError> {
        let n = self.conn.execute(
            "UPDATE sync_lease SET expires_at = ?1, progress = ?2 WHERE pid = ?3 AND host = ?4",
            params![(now + ttl).timestamp(), progress, pid, host],
        )?;
        Ok(n == 1)
    }

    /// Gives the lease up, if it is ours.
    pub fn release_lease(&self, pid: i64, host: &str) -> Result<(), CacheError> {
        self.conn.execute(
            "DELETE FROM sync_lease WHERE pid = ?1 AND host = ?2",
            params![pid, host],
        )?;
        Ok(())
    }

    /// Who holds the lease now, if anyone (expired leases included: the caller decides).
    pub fn lease(&self) -> Result<Option<Lease>, CacheError> {
        read_lease(&self.conn)
    }

    /// Records the campaigns found.
    pub fn upsert_campaigns(
        &mut self,
        campaigns: &[Campaign],
        now: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT OR REPLACE INTO campaigns(campaign_id, business_id, placement, domain, api_availability, seen_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in campaigns {
                stmt.execute(params![
                    c.id,
                    c.business.id,
                    c.placement_type.as_str(),
                    c.domain,
                    c.api_availability.as_ref().map(|a| a.as_str().to_owned()),
                    now.timestamp()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The known campaigns: (campaign id, business id, placement type).
    pub fn campaigns(&self) -> Result<Vec<(i64, i64, String)>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT campaign_id, business_id, placement FROM campaigns ORDER BY campaign_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The campaign's cursor: changes up to this Market time are in the cache, and when
    /// its last full pass ran.
    pub fn cursor(&self, campaign_id: i64) -> Result<Option<Cursor>, CacheError> {
        Ok(self
            .conn
            .query_row(
                "SELECT updated_through, full_at FROM sync_cursors WHERE campaign_id = ?1",
                [campaign_id],
                |r| Ok((from_ts(r.get(0)?), from_ts(r.get(1)?))),
            )
            .optional()?)
    }

    /// Moves the cursors of these campaigns, after a pass over them completed.
    pub fn set_cursors(
        &mut self,
        campaign_ids: &[i64],
        updated_through: DateTime<Utc>,
        full_at: Option<DateTime<Utc>>,
    ) -> Result<(), CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut stmt = tx.prepare_cached(
                "INSERT INTO sync_cursors(campaign_id, updated_through, full_at) VALUES (?1, ?2, ?3) \
                 ON CONFLICT(campaign_id) DO UPDATE SET updated_through = excluded.updated_through, \
                 full_at = CASE WHEN ?4 THEN excluded.full_at ELSE sync_cursors.full_at END",
            )?;
            for id in campaign_ids {
                stmt.execute(params![
                    id,
                    updated_through.timestamp(),
                    full_at.unwrap_or(updated_through).timestamp(),
                    full_at.is_some()
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a finished sync.
    pub fn record_run(&self, run: &SyncRun) -> Result<(), CacheError> {
        self.conn.execute(
            "INSERT INTO sync_runs(started_at, finished_at, holder, host, ok, orders_seen, new_orders, \
             changed, events, skipped, requests, message, failure) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                run.started_at.timestamp(),
                run.finished_at.timestamp(),
                run.holder,
                run.host,
                run.ok,
                run.orders_seen,
                run.new_orders,
                run.changed,
                run.events,
                run.skipped,
                run.requests,
                run.message,
                run.failure
            ],
        )?;
        Ok(())
    }

    /// The latest successful sync, if any.
    pub fn last_sync(&self) -> Result<Option<SyncRun>, CacheError> {
        Ok(self
            .conn
            .query_row(
                "SELECT started_at, finished_at, holder, host, ok, orders_seen, new_orders, changed, \
                 events, skipped, requests, message FROM sync_runs WHERE ok = 1 ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(SyncRun {
                        started_at: from_ts(r.get(0)?),
                        finished_at: from_ts(r.get(1)?),
                        holder: r.get(2)?,
                        host: r.get(3)?,
                        ok: r.get(4)?,
                        orders_seen: r.get(5)?,
                        new_orders: r.get(6)?,
                        changed: r.get(7)?,
                        events: r.get(8)?,
                        skipped: r.get(9)?,
                        requests: r.get(10)?,
                        message: r.get(11)?,
                        failure: None,
                    })
                },
            )
            .optional()?)
    }
}

impl Cache {
    /// The syncs that failed since the last one that succeeded, from the first: every
    /// screen says so from the first failed round, whoever syncs.
    pub fn sync_failing(&self) -> Result<Option<SyncFailure>, CacheError> {
        Ok(self
            .conn
            .query_row(
                "WITH failed AS (SELECT * FROM sync_runs WHERE ok = 0 AND id > \
                     coalesce((SELECT max(id) FROM sync_runs WHERE ok = 1), 0)) \
                 SELECT (SELECT min(started_at) FROM failed), (SELECT count(*) FROM failed), \
                        coalesce(failure, ''), message \
                 FROM failed ORDER BY id DESC LIMIT 1",
                [],
                |r| {
                    Ok(SyncFailure {
                        since: from_ts(r.get(0)?),
                        runs: r.get(1)?,
                        kind: r.get(2)?,
                        message: r.get(3)?,
                    })
                },
            )
            .optional()?)
    }
}

fn read_lease(conn: &rusqlite::Connection) -> Result<Option<Lease>, CacheError> {
    Ok(conn
        .query_row(
            "SELECT holder, pid, host, acquired_at, expires_at, progress FROM sync_lease WHERE id = 1",
            [],
            |r| {
                Ok(Lease {
                    holder: r.get(0)?,
                    pid: r.get(1)?,
                    host: r.get(2)?,
                    acquired_at: from_ts(r.get(3)?),
                    expires_at: from_ts(r.get(4)?),
                    progress: r.get(5)?,
                })
            },
        )
        .optional()?)
}

#[cfg(test)]
mod tests;
