//! API → cache. Finds the campaigns, then pages `POST /v1/businesses/{id}/orders` per
//! business: on the first run every active order and the recently closed ones, later
//! only what changed since the cursor (with an overlap). Pages are fetched on the
//! async side and written by one thread that owns the cache, in short transactions.
//! Of many processes on one cache, only the holder of the sync lease syncs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use serde::Deserialize;
use tokio::task::JoinSet;

use crate::cache::{Cache, CacheError, Lease, LeaseOutcome, Stored, SyncRun, UpsertStats};
use crate::domain::order::Order;
use crate::market::client::RateLimitKind;
use crate::market::dates::moscow;
use crate::market::enums::{OrderStatus, PlacementType, ProgramType};
use crate::market::paging::PageTrail;
use crate::market::wire::Campaign;
use crate::market::wire::order::{OrdersDateFilter, OrdersFilter};
use crate::market::{MarketClient, MarketError};

mod lease;

use lease::{LeaseKeeper, ProgressLine};

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

/// The passes of this sync: a refresh from the oldest cursor for a business whose
/// campaigns all have one recent enough, a full read otherwise (those businesses are
/// returned too). A business's passes depend on its campaigns' cursors.
fn plan_passes(
    cache: &Cache,
    businesses: &BTreeMap<i64, Vec<(i64, ProgramType)>>,
    now: DateTime<Utc>,
    settings: &SyncSettings,
) -> Result<(Vec<Pass>, Vec<i64>), SyncError> {
    let mut passes = Vec::new();
    let mut full_businesses = Vec::new();
    for (&business_id, camps) in businesses {
        let mut oldest: Option<DateTime<Utc>> = None;
        let mut all_have_cursor = true;
        for (id, _) in camps {
            match cache.cursor(*id)? {
                Some((through, _)) => oldest = Some(oldest.map_or(through, |o| o.min(through))),
                None => all_have_cursor = false,
            }
        }
        let from = oldest.map(|o| o - Duration::minutes(settings.overlap_minutes));
        match from {
            Some(from) if all_have_cursor && now - from < Duration::days(MAX_SPAN_DAYS) => {
                passes.extend(
                    changed_since(from, now, settings)
                        .into_iter()
                        .map(|filter| Pass {
                            business_id,
                            filter,
                        }),
                );
            }
            _ => {
                full_businesses.push(business_id);
                passes.extend(full_passes(business_id, now, settings));
            }
        }
    }
    Ok((passes, full_businesses))
}

/// What one pass saw: each business with the latest update among its orders.
type Seen = Vec<(i64, DateTime<Utc>)>;

/// Collects the fetchers: the latest update each business's orders showed, and the
/// first error, after which the rest are aborted.
async fn join_fetchers(
    mut fetchers: JoinSet<Result<Seen, SyncError>>,
    limits: &mut Limits,
) -> (BTreeMap<i64, DateTime<Utc>>, Option<SyncError>) {
    let mut max_updated: BTreeMap<i64, DateTime<Utc>> = BTreeMap::new();
    let mut first_error = None;
    loop {
        // The deadline and the lease stop the fetchers; the loop then collects them as
        // cancelled, so the writer sees every sender gone and finishes what it has.
        let joined = if first_error.is_some() {
            fetchers.join_next().await
        } else {
            match limits.bound(async { Ok(fetchers.join_next().await) }).await {
                Ok(joined) => joined,
                Err(e) => {
                    first_error = Some(e);
                    fetchers.abort_all();
                    continue;
                }
            }
        };
        let Some(joined) = joined else { break };
        match joined {
            Ok(Ok(seen)) => {
                for (b, t) in seen {
                    let e = max_updated.entry(b).or_insert(t);
                    *e = (*e).max(t);
                }
            }
            Ok(Err(e)) => {
                if first_error.is_none() {
                    first_error = Some(e);
                    fetchers.abort_all();
                }
            }
            Err(join) if join.is_cancelled() => {}
            Err(_) => first_error = first_error.or(Some(SyncError::WriterGone)),
        }
    }
    (max_updated, first_error)
}

/// Only a completed pass moves the cursors: an interrupted sync re-reads from the old one.
fn move_cursors(
    cache: &mut Cache,
    businesses: &BTreeMap<i64, Vec<(i64, ProgramType)>>,
    max_updated: &BTreeMap<i64, DateTime<Utc>>,
    full_businesses: &[i64],
    now: DateTime<Utc>,
) -> Result<(), SyncError> {
    for (&business_id, camps) in businesses {
        let ids: Vec<i64> = camps.iter().map(|(c, _)| *c).collect();
        let through = max_updated.get(&business_id).copied().unwrap_or(now);
        let kept = ids
            .iter()
            .filter_map(|c| cache.cursor(*c).ok().flatten().map(|(t, _)| t))
            .max();
        let through = kept.map_or(through, |k| k.max(through));
        let full = full_businesses.contains(&business_id).then_some(now);
        cache.set_cursors(&ids, through, full)?;
    }
    Ok(())
}

/// Creation days `[from, to)` from `days` days before today (Moscow) through today,
/// newest first, each at most `width` days long.
fn creation_windows(now: DateTime<Utc>, days: i64, width: i64) -> Vec<(NaiveDate, NaiveDate)> {
    let tomorrow = now.with_timezone(&moscow()).date_naive() + Days::new(1);
    let earliest = tomorrow - Days::new(days.max(0) as u64 + 1);
    let mut windows = Vec::new();
    let mut to = tomorrow;
    while to > earliest {
        let from = (to - Days::new(width as u64)).max(earliest);
        windows.push((from, to));
        to = from;
    }
    windows
}

/// How far back by creation the sync looks: for active orders the lookback, for
/// closed ones at least as far as `closed_days`.
fn horizon_days(s: &SyncSettings) -> i64 {
    s.lookback_days.max(s.closed_days)
}

/// The filters of a refresh: everything updated since `from`, in creation windows of
/// the Market's longest span over the sync's horizon. The Market reads a query without
/// creation days as "created in the last 30 days", so an update filter alone would
/// miss every change to an older order.
fn changed_since(from: DateTime<Utc>, now: DateTime<Utc>, s: &SyncSettings) -> Vec<OrdersFilter> {
    creation_windows(now, horizon_days(s), MAX_SPAN_DAYS)
        .into_iter()
        .map(|(created_from, created_to)| OrdersFilter {
            dates: Some(OrdersDateFilter {
                creation_date_from: Some(created_from),
                creation_date_to: Some(created_to),
                update_date_from: Some(from.with_timezone(&moscow())),
                ..OrdersDateFilter::default()
            }),
            ..OrdersFilter::default()
        })
        .collect()
}

/// The passes of a first sync: active orders by creation windows over the lookback, and
/// closed orders by update windows over `closed_days`, each within creation windows over
/// the horizon (the Market's default would keep only the last 30 days' orders). Every
/// window is within the Market's 30-day limit.
fn full_passes(business_id: i64, now: DateTime<Utc>, s: &SyncSettings) -> Vec<Pass> {
    let mut passes = Vec::new();
    for (from, to) in creation_windows(now, s.lookback_days, WINDOW_DAYS) {
        passes.push(Pass {
            business_id,
            filter: OrdersFilter {
                statuses: vec![
                    OrderStatus::UNPAID,
                    OrderStatus::PENDING,
                    OrderStatus::PROCESSING,
                    OrderStatus::DELIVERY,
                    OrderStatus::PICKUP,
                ],
                dates: Some(OrdersDateFilter {
                    creation_date_from: Some(from),
                    creation_date_to: Some(to),
                    ..OrdersDateFilter::default()
                }),
                ..OrdersFilter::default()
            },
        });
    }
    let closed = vec![
        OrderStatus::CANCELLED,
        OrderStatus::DELIVERED,
        OrderStatus::RETURNED,
        OrderStatus::PARTIALLY_RETURNED,
    ];
    // Update windows, newest (open-ended) first; the page chains of a window run side
    // by side.
    let mut updates = Vec::new();
    let mut upper: Option<DateTime<Utc>> = None;
    let oldest = now - Duration::days(s.closed_days);
    let mut start = now;
    while s.closed_days > 0 && start > oldest {
        let from = (start - Duration::days(WINDOW_DAYS)).max(oldest);
        updates.push((from, upper));
        upper = Some(from);
        start = from;
    }
    let created = creation_windows(now, horizon_days(s), MAX_SPAN_DAYS);
    for (updated_from, updated_to) in updates {
        for &(created_from, created_to) in &created {
            passes.push(Pass {
                business_id,
                filter: OrdersFilter {
                    statuses: closed.clone(),
                    dates: Some(OrdersDateFilter {
                        creation_date_from: Some(created_from),
                        creation_date_to: Some(created_to),
                        update_date_from: Some(updated_from.with_timezone(&moscow())),
                        update_date_to: updated_to.map(|u| u.with_timezone(&moscow())),
                        ..OrdersDateFilter::default()
                    }),
                    ..OrdersFilter::default()
                },
            });
        }
    }
    passes
}

/// Pages through one pass, parsing each order on its own: one that does not parse is
/// skipped, counted and logged with its id while the rest goes on. Returns the latest
/// `updateDate` seen per business.
async fn fetch_pass(
    client: &MarketClient,
    pass: Pass,
    models: &BTreeMap<i64, (i64, ProgramType)>,
    tx: mpsc::SyncSender<Batch>,
) -> Result<Seen, SyncError> {
    let mut token: Option<String> = None;
    let mut trail = PageTrail::new(format!("POST /v1/businesses/{}/orders", pass.business_id));
    let mut latest: Option<DateTime<Utc>> = None;
    loop {
        let page = fetch_page(client, &pass, token.as_deref()).await?;
        let mut batch = Vec::with_capacity(page.orders.len());
        let mut skipped = 0;
        for read in page.orders {
            match read {
                Ok(o) => {
                    let model = models
                        .get(&o.campaign_id)
                        .map(|(_, m)| m.clone())
                        .unwrap_or(ProgramType::Other(String::new()));
                    let order = Order::from_wire(&o, pass.business_id, model);
                    if let Some(u) = order.updated_at {
                        latest = Some(latest.map_or(u, |l| l.max(u)));
                    }
                    batch.push(order);
                }
                Err(e) => {
                    skipped += 1;
                    tracing::warn!(error = %e, "skipped an order the Market sent in an unexpected shape");
                    eprintln!("skipped: {}", crate::base::text::clean(&e.to_string()));
                }
            }
        }
        let sent = if batch.is_empty() {
            tx.send(Batch::Skipped(skipped))
        } else {
            tx.send(Batch::Orders(batch, skipped))
        };
        if sent.is_err() {
            return Err(SyncError::WriterGone);
        }
        token = trail.next(page.next_page_token)?;
        if token.is_none() {
            break;
        }
    }
    Ok(latest
        .map(|l| vec![(pass.business_id, l)])
        .unwrap_or_default())
}

/// One page, with a few more tries than the client's own when the failure is one that
/// passes (5xx, resets, damaged bodies): a long sync should not die on a bad minute.
async fn fetch_page(
    client: &MarketClient,
    pass: &Pass,
    token: Option<&str>,
) -> Result<crate::market::client::OrdersPageRead, MarketError> {
    let mut round = 0;
    loop {
        match client
            .orders_page(pass.business_id, &pass.filter, token, PAGE_LIMIT)
            .await
        {
            Err(e) if worth_another_round(&e) && round < PAGE_ROUNDS => {
                round += 1;
                tracing::warn!(error = %e, round, "page failed; trying it again");
                tokio::time::sleep(std::time::Duration::from_millis(500 * round)).await;
            }
            other => return other,
        }
    }
}

/// Whether a failed page is worth asking for again after the client gave up. Not when
/// the client has already waited all it may: no answer within the timeout (twice), a
/// quota that does not come back within seconds; nor for an answer that would come
/// back as broken again: each of those only stretched a failing sync to many minutes.
fn worth_another_round(e: &MarketError) -> bool {
    match e {
        MarketError::Timeout { .. } | MarketError::Broken { .. } => false,
        MarketError::RateLimited {
            kind: RateLimitKind::Quota,
            until,
            ..
        } => until.is_some_and(|u| u - Utc::now() <= QUOTA_SOON),
        other => other.is_retryable(),
    }
}

/// The writer thread: drains what the fetchers send, a few pages per transaction,
/// and puts the progress where the lease keeper shows it to other processes.
fn write_batches(
    mut cache: Cache,
    rx: mpsc::Receiver<Batch>,
    progress_line: ProgressLine,
    on_progress: impl Fn(Progress),
    mut on_batch: OnBatch,
) -> Result<(Cache, UpsertStats, u64), SyncError> {
    let mut stats = UpsertStats::default();
    let mut progress = Progress::default();
    while let Ok(first) = rx.recv() {
        let mut orders = Vec::new();
        take(first, &mut orders, &mut progress);
        // Group what is already waiting, up to ~4,000 orders: fewer commits, still short.
        while orders.len() < 4000 {
            match rx.try_recv() {
                Ok(b) => take(b, &mut orders, &mut progress),
                Err(_) => break,
            }
        }
        if !orders.is_empty() {
            let (batch, changed) =
                cache.upsert_orders_changed(std::mem::take(&mut orders), Utc::now())?;
            stats += batch;
            if !changed.is_empty() {
                on_batch(&mut cache, changed)?;
            }
        }
        progress.orders = stats.seen;
        if let Ok(mut line) = progress_line.lock() {
            *line = format!("{} orders, {} pages", progress.orders, progress.pages);
        }
        on_progress(progress);
    }
    Ok((cache, stats, progress.skipped))
}

fn take(b: Batch, orders: &mut Vec<Order>, progress: &mut Progress) {
    progress.pages += 1;
    match b {
        Batch::Orders(o, s) => {
            progress.skipped += s;
            orders.extend(o);
        }
        Batch::Skipped(s) => progress.skipped += s,
    }
}

#[cfg(test)]
mod failure_tests {
    use super::*;

    #[test]
    fn a_network_failure_is_unreachable_not_a_refusal() {
        let e = SyncError::Market(MarketError::Transport {
            endpoint: "GET /v2/campaigns".into(),
            detail: "tcp connect error: Connection refused (os error 111)".into(),
            connect: true,
        });
        assert_eq!(e.failure_kind(), "unreachable");
        assert!(e.to_string().starts_with("could not reach the Market"));
        let refused = SyncError::Market(MarketError::Api {
            endpoint: "GET /v2/campaigns".into(),
            http_status: 400,
            code: "BAD_REQUEST".into(),
            message: "no".into(),
            errors: vec![],
        });
        assert_eq!(refused.failure_kind(), "refused");
        let key = SyncError::Market(MarketError::Api {
            endpoint: "GET /v2/campaigns".into(),
            http_status: 401,
            code: "UNAUTHORIZED".into(),
            message: "no".into(),
            errors: vec![],
        });
        assert_eq!(key.failure_kind(), "auth");
    }
}
