//! API → cache. Finds the campaigns, then pages `POST /v1/businesses/{id}/orders` per
//! business: on the first run every active order and the recently closed ones, later
//! only what changed since the cursor (with an overlap). Pages are fetched on the
//! async side and written by one thread that owns the cache, in short transactions.
//! Of many processes on one cache, only the holder of the sync lease syncs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use chrono::{Duration, Utc};
use serde::Deserialize;
use tokio::task::JoinSet;

use crate::cache::{Cache, CacheError, Lease, LeaseOutcome, Stored, SyncRun, UpsertStats};
use crate::domain::order::Order;
use crate::market::enums::{PlacementType, ProgramType};
use crate::market::wire::Campaign;
use crate::market::wire::order::OrdersFilter;
use crate::market::{MarketClient, MarketError};

mod fetch;
mod lease;
mod plan;
mod write;

use fetch::{fetch_pass, join_fetchers};
use lease::{LeaseKeeper, ProgressLine};
use plan::{move_cursors, plan_passes};
use write::write_batches;

/// The Market's longest date span in one orders query.
const MAX_SPAN_DAYS: i64 = 30;
/// A first sync cuts its ranges into windows this long: more page chains run side by
/// side (up to the client's in-flight limit), so the wait for one page overlaps others.
const WINDOW_DAYS: i64 = 7;
const PAGE_LIMIT: u32 = 50;
/// How many times the sync asks again for a page the client gave up on.
const PAGE_ROUNDS: u64 = 3;
/// A quota that resets within this is worth another round of a page.
const QUOTA_SOON: Duration = Duration::seconds(5);

/// Sync settings (config `[sync]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SyncSettings {
    /// How far back, by creation date, the first sync looks for active orders.
    pub lookback_days: i64,
    /// Orders cancelled, delivered or returned this many days back are kept too.
    pub closed_days: i64,
    /// Each refresh re-reads this much before the cursor, for late `updateDate`s.
    pub overlap_minutes: i64,
    /// A sync lease not renewed for this long is free for another process.
    pub lease_seconds: i64,
    /// The daemon's and the dashboard's refresh interval.
    pub interval_seconds: i64,
    /// The longest wait for one answer of the Market, on every request the client makes
    /// (writes included); a request still unanswered then is tried once more.
    pub request_timeout_seconds: i64,
    /// A sync still running after this long stops and fails, its cursors unmoved: a
    /// backstop so that no Market behaviour can keep a sync (and its lease) forever.
    /// Longer than the longest healthy first sync.
    pub run_deadline_seconds: i64,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            lookback_days: 60,
            closed_days: 30,
            overlap_minutes: 2,
            lease_seconds: 120,
            interval_seconds: 60,
            request_timeout_seconds: 30,
            run_deadline_seconds: 1800,
        }
    }
}

impl SyncSettings {
    /// Checks the values; on error, the key and what is wrong.
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        for (key, v, lo, hi) in [
            ("lookback_days", self.lookback_days, 1, 365),
            ("closed_days", self.closed_days, 0, 365),
            ("overlap_minutes", self.overlap_minutes, 0, 24 * 60),
            ("lease_seconds", self.lease_seconds, 10, 3600),
            ("interval_seconds", self.interval_seconds, 5, 86_400),
            (
                "request_timeout_seconds",
                self.request_timeout_seconds,
                1,
                600,
            ),
            ("run_deadline_seconds", self.run_deadline_seconds, 1, 86_400),
        ] {
            if !(lo..=hi).contains(&v) {
                return Err((key, format!("{v} is out of range {lo}..={hi}")));
            }
        }
        Ok(())
    }

    /// `request_timeout_seconds` as a duration.
    pub fn request_timeout(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.request_timeout_seconds.max(1) as u64)
    }

    /// `run_deadline_seconds` as a duration.
    pub fn run_deadline(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.run_deadline_seconds.max(1) as u64)
    }
}

/// Who is syncing: the Unix user, the process and the host.
#[derive(Debug, Clone)]
pub struct Holder {
    pub user: String,
    pub pid: i64,
    pub host: String,
}

impl Holder {
    /// This process.
    pub fn current() -> Holder {
        Holder {
            user: crate::base::whoami::user(),
            pid: i64::from(std::process::id()),
            host: crate::base::whoami::host(),
        }
    }
}

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    pub stats: UpsertStats,
    pub skipped: u64,
    pub requests: u64,
    pub seconds: f64,
    /// True when this was a full pass (first run, or a cursor too old to continue).
    pub full: bool,
}

impl std::fmt::Display for SyncReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "synced: {} orders seen, {} new, {} changed, {} events, {} skipped, {} requests, {:.1} s",
            self.stats.seen,
            self.stats.new,
            self.stats.changed,
            self.stats.events,
            self.skipped,
            self.requests,
            self.seconds
        )
    }
}

/// Progress as the sync goes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub orders: u64,
    pub pages: u64,
    pub skipped: u64,
}

/// Why a sync did not run or did not finish.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("{} is syncing (pid {} on {}, since {}); this process follows the cache instead",
        .0.holder, .0.pid, .0.host, .0.acquired_at.with_timezone(&chrono::Local).format("%H:%M:%S"))]
    LeaseHeld(Lease),
    /// The Market's error says itself what happened (a refusal, no answer, a broken
    /// answer), so it is shown as it is.
    #[error(transparent)]
    Market(#[from] MarketError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("the sync's writer stopped unexpectedly")]
    WriterGone,
    #[error(
        "the sync did not finish within {seconds} s (sync.run_deadline_seconds) and stopped; \
         the next sync starts again from the last complete one"
    )]
    Deadline { seconds: u64 },
    #[error(
        "another process took over the sync lease (this one's lapsed) and this sync stopped; \
         the cache is consistent"
    )]
    LeaseLost,
}

impl SyncError {
    /// What kind of failure, for screens that word it for every agent: `unreachable`
    /// (no connection), `timeout`, `auth` (the key), `refused` (the Market answered
    /// with an error), `broken` (an answer that cannot be read), `cache`, `deadline`,
    /// `other`.
    pub fn failure_kind(&self) -> &'static str {
        match self {
            SyncError::Market(m) => match m {
                MarketError::Transport { .. } => "unreachable",
                MarketError::Timeout { .. } => "timeout",
                m if m.is_auth() => "auth",
                MarketError::Api { .. } | MarketError::RateLimited { .. } => "refused",
                MarketError::Malformed { .. }
                | MarketError::Broken { .. }
                | MarketError::TooLarge { .. }
                | MarketError::BadOrder { .. } => "broken",
                MarketError::Config { .. } => "other",
            },
            SyncError::Cache(_) => "cache",
            SyncError::Deadline { .. } => "deadline",
            SyncError::LeaseHeld(_) | SyncError::WriterGone | SyncError::LeaseLost => "other",
        }
    }
}

/// One query to page through: a filter over one business.
#[derive(Debug, Clone)]
struct Pass {
    business_id: i64,
    filter: OrdersFilter,
}

/// What the fetchers send the writer.
enum Batch {
    Orders(Vec<Order>, u64),
    Skipped(u64),
}

/// Called on the writer thread after each stored batch, with the orders that were new or
/// changed in it, as stored: the service assesses their risk there, in step with the
/// sync, without reading them again.
pub type OnBatch = Box<dyn FnMut(&mut Cache, Vec<Stored>) -> Result<(), CacheError> + Send>;

/// An [`OnBatch`] that does nothing.
pub fn no_batch_hook() -> OnBatch {
    Box::new(|_, _| Ok(()))
}

/// Runs one sync of the cache at `db` through `client`.
pub async fn run(
    client: &MarketClient,
    db: PathBuf,
    settings: &SyncSettings,
    holder: &Holder,
    on_progress: impl Fn(Progress) + Send + 'static,
    on_batch: OnBatch,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    let started_at = Utc::now();
    let deadline = tokio::time::Instant::now() + settings.run_deadline();
    let requests_before = client.requests_sent();
    let ttl = Duration::seconds(settings.lease_seconds);

    let mut cache = Cache::open(&db)?;
    cache.tune_for_bulk_writes()?;
    let holder_name = format!("{}@{}", holder.user, holder.host);
    if let LeaseOutcome::HeldBy(l) =
        cache.try_acquire_lease(&holder_name, holder.pid, &holder.host, ttl, started_at)?
    {
        return Err(SyncError::LeaseHeld(l));
    }
    let keeper = match LeaseKeeper::start(&db, holder, ttl) {
        Ok(k) => k,
        Err(e) => {
            let _ = cache.release_lease(holder.pid, &holder.host);
            return Err(e.into());
        }
    };

    let limits = Limits {
        deadline,
        seconds: settings.run_deadline().as_secs(),
        lost: keeper.lost(),
    };
    let result = sync_locked(
        client,
        cache,
        settings,
        limits,
        keeper.progress(),
        on_progress,
        on_batch,
    )
    .await;
    keeper.stop();
    let cache = Cache::open(&db)?;
    cache.release_lease(holder.pid, &holder.host)?;
    let requests = client.requests_sent() - requests_before;
    let seconds = started.elapsed().as_secs_f64();
    let mut run = SyncRun {
        started_at,
        finished_at: Utc::now(),
        holder: holder.user.clone(),
        host: holder.host.clone(),
        requests: requests as i64,
        ..SyncRun::default()
    };
    match result {
        Ok(mut report) => {
            report.requests = requests;
            report.seconds = seconds;
            run.ok = true;
            run.orders_seen = report.stats.seen as i64;
            run.new_orders = report.stats.new as i64;
            run.changed = report.stats.changed as i64;
            run.events = report.stats.events as i64;
            run.skipped = report.skipped as i64;
            cache.record_run(&run)?;
            Ok(report)
        }
        Err(e) => {
            run.message = e.to_string();
            run.failure = Some(e.failure_kind().to_owned());
            cache.record_run(&run)?;
            Err(e)
        }
    }
}

/// What ends a sync early besides an error: its deadline, and the loss of its lease.
struct Limits {
    deadline: tokio::time::Instant,
    /// The deadline as configured, for the message.
    seconds: u64,
    lost: tokio::sync::watch::Receiver<bool>,
}

impl Limits {
    /// `fut`, unless the deadline passes or the lease is lost first.
    async fn bound<T>(
        &mut self,
        fut: impl std::future::Future<Output = Result<T, SyncError>>,
    ) -> Result<T, SyncError> {
        tokio::select! {
            out = fut => out,
            () = tokio::time::sleep_until(self.deadline) => Err(self.expired()),
            () = lease_lost(&mut self.lost) => Err(SyncError::LeaseLost),
        }
    }

    fn expired(&self) -> SyncError {
        SyncError::Deadline {
            seconds: self.seconds,
        }
    }
}

/// Resolves once the lease keeper says the lease is someone else's; never, if the
/// keeper stopped without saying so.
async fn lease_lost(lost: &mut tokio::sync::watch::Receiver<bool>) {
    if lost.wait_for(|l| *l).await.is_err() {
        std::future::pending::<()>().await;
    }
}

async fn sync_locked(
    client: &MarketClient,
    mut cache: Cache,
    settings: &SyncSettings,
    mut limits: Limits,
    progress_line: ProgressLine,
    on_progress: impl Fn(Progress) + Send + 'static,
    on_batch: OnBatch,
) -> Result<SyncReport, SyncError> {
    let now = Utc::now();
    let campaigns = limits
        .bound(async { Ok(client.campaigns().await?) })
        .await?;
    cache.upsert_campaigns(&campaigns, now)?;
    let businesses = by_business(client, &campaigns);
    let (passes, full_businesses) = plan_passes(&cache, &businesses, now, settings)?;
    let models: BTreeMap<i64, (i64, ProgramType)> = businesses
        .iter()
        .flat_map(|(b, camps)| camps.iter().map(move |(c, m)| (*c, (*b, m.clone()))))
        .collect();

    // The writer owns the cache on its own thread: SQLite work never blocks the runtime.
    let (tx, rx) = mpsc::sync_channel::<Batch>(64);
    let writer =
        std::thread::spawn(move || write_batches(cache, rx, progress_line, on_progress, on_batch));

    let mut fetchers = JoinSet::new();
    for pass in passes {
        let client = client.clone();
        let tx = tx.clone();
        let models = models.clone();
        fetchers.spawn(async move { fetch_pass(&client, pass, &models, tx).await });
    }
    drop(tx);
    let (max_updated, first_error) = join_fetchers(fetchers, &mut limits).await;
    let (mut cache, stats, skipped) = writer.join().map_err(|_| SyncError::WriterGone)??;
    if let Some(e) = first_error {
        return Err(e);
    }
    move_cursors(&mut cache, &businesses, &max_updated, &full_businesses, now)?;
    Ok(SyncReport {
        stats,
        skipped,
        full: !full_businesses.is_empty(),
        ..SyncReport::default()
    })
}

/// The campaigns of each business, with their program; the client learns each
/// campaign's business on the way.
fn by_business(
    client: &MarketClient,
    campaigns: &[Campaign],
) -> BTreeMap<i64, Vec<(i64, ProgramType)>> {
    let mut businesses: BTreeMap<i64, Vec<(i64, ProgramType)>> = BTreeMap::new();
    for c in campaigns {
        client.remember_campaign(c.id, c.business.id);
        let model = match &c.placement_type {
            PlacementType::DBS => ProgramType::DBS,
            PlacementType::FBY => ProgramType::FBY,
            PlacementType::LAAS => ProgramType::LAAS,
            _ => ProgramType::FBS,
        };
        businesses
            .entry(c.business.id)
            .or_default()
            .push((c.id, model));
    }
    businesses
}

#[cfg(test)]
mod tests;
