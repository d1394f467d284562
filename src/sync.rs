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

use crate::cache::{Cache, CacheError, Incoming, Lease, LeaseOutcome, SyncRun, UpsertStats};
use crate::market::client::parse_order;
use crate::market::dates::moscow;
use crate::market::enums::{OrderStatus, PlacementType, ProgramType};
use crate::market::wire::order::{OrdersDateFilter, OrdersFilter};
use crate::market::{MarketClient, MarketError};
use crate::order::Order;

/// The Market's longest date span in one orders query.
const MAX_SPAN_DAYS: i64 = 30;
/// A first sync cuts its ranges into windows this long: more page chains run side by
/// side (up to the client's in-flight limit), so the wait for one page overlaps others.
const WINDOW_DAYS: i64 = 7;
const PAGE_LIMIT: u32 = 50;
/// How many times the sync asks again for a page the client gave up on.
const PAGE_ROUNDS: u64 = 3;

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
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            lookback_days: 60,
            closed_days: 30,
            overlap_minutes: 2,
            lease_seconds: 120,
            interval_seconds: 60,
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
        ] {
            if !(lo..=hi).contains(&v) {
                return Err((key, format!("{v} is out of range {lo}..={hi}")));
            }
        }
        Ok(())
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
            user: crate::whoami::user(),
            pid: i64::from(std::process::id()),
            host: crate::whoami::host(),
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
    #[error("the Market refused: {0}")]
    Market(#[from] MarketError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("the sync's writer stopped unexpectedly")]
    WriterGone,
}

/// One query to page through: a filter over one business.
#[derive(Debug, Clone)]
struct Pass {
    business_id: i64,
    filter: OrdersFilter,
}

/// What the fetchers send the writer.
enum Batch {
    Orders(Vec<Incoming>, u64),
    Skipped(u64),
}

/// Runs one sync of the cache at `db` through `client`.
pub async fn run(
    client: &MarketClient,
    db: PathBuf,
    settings: &SyncSettings,
    holder: &Holder,
    on_progress: impl Fn(Progress) + Send + 'static,
) -> Result<SyncReport, SyncError> {
    let started = Instant::now();
    let started_at = Utc::now();
    let requests_before = client.requests_sent();
    let ttl = Duration::seconds(settings.lease_seconds);

    let mut cache = Cache::open(&db)?;
    let holder_name = format!("{}@{}", holder.user, holder.host);
    if let LeaseOutcome::HeldBy(l) =
        cache.try_acquire_lease(&holder_name, holder.pid, &holder.host, ttl, started_at)?
    {
        return Err(SyncError::LeaseHeld(l));
    }

    let result = sync_locked(client, cache, settings, holder, ttl, on_progress).await;
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
            cache.record_run(&run)?;
            Err(e)
        }
    }
}

async fn sync_locked(
    client: &MarketClient,
    mut cache: Cache,
    settings: &SyncSettings,
    holder: &Holder,
    ttl: Duration,
    on_progress: impl Fn(Progress) + Send + 'static,
) -> Result<SyncReport, SyncError> {
    let now = Utc::now();
    let campaigns = client.campaigns().await?;
    cache.upsert_campaigns(&campaigns, now)?;

    // Group campaigns by business; a business's passes depend on its campaigns' cursors.
    let mut businesses: BTreeMap<i64, Vec<(i64, ProgramType)>> = BTreeMap::new();
    for c in &campaigns {
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
    let mut passes = Vec::new();
    let mut full_businesses = Vec::new();
    for (&business_id, camps) in &businesses {
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
    let models: BTreeMap<i64, (i64, ProgramType)> = businesses
        .iter()
        .flat_map(|(b, camps)| camps.iter().map(move |(c, m)| (*c, (*b, m.clone()))))
        .collect();

    // The writer owns the cache on its own thread: SQLite work never blocks the runtime.
    let (tx, rx) = mpsc::sync_channel::<Batch>(64);
    let writer_holder = holder.clone();
    let writer =
        std::thread::spawn(move || write_batches(cache, rx, writer_holder, ttl, on_progress));

    let mut fetchers = JoinSet::new();
    for pass in passes {
        let client = client.clone();
        let tx = tx.clone();
        let models = models.clone();
        fetchers.spawn(async move { fetch_pass(&client, pass, &models, tx).await });
    }
    drop(tx);
    let mut max_updated: BTreeMap<i64, DateTime<Utc>> = BTreeMap::new();
    let mut first_error = None;
    while let Some(joined) = fetchers.join_next().await {
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
    let (mut cache, stats, skipped) = writer.join().map_err(|_| SyncError::WriterGone)??;
    if let Some(e) = first_error {
        return Err(e);
    }
    // Only a completed pass moves the cursors: an interrupted sync re-reads from the old one.
    for (&business_id, camps) in &businesses {
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
    Ok(SyncReport {
        stats,
        skipped,
        full: !full_businesses.is_empty(),
        ..SyncReport::default()
    })
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
) -> Result<Vec<(i64, DateTime<Utc>)>, SyncError> {
    let mut token: Option<String> = None;
    let mut latest: Option<DateTime<Utc>> = None;
    loop {
        let page = fetch_page(client, &pass, token.as_deref()).await?;
        let mut batch = Vec::with_capacity(page.orders.len());
        let mut skipped = 0;
        for raw in &page.orders {
            match parse_order(raw) {
                Ok(o) => {
                    let model = models
                        .get(&o.campaign_id)
                        .map(|(_, m)| m.clone())
                        .unwrap_or(ProgramType::Other(String::new()));
                    let order = Order::from_wire(&o, pass.business_id, model);
                    if let Some(u) = order.updated_at {
                        latest = Some(latest.map_or(u, |l| l.max(u)));
                    }
                    batch.push(Incoming {
                        order,
                        raw: raw.get().to_owned(),
                    });
                }
                Err(e) => {
                    skipped += 1;
                    tracing::warn!(error = %e, "skipped an order the Market sent in an unexpected shape");
                    eprintln!("skipped: {e}");
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
        match page.next_page_token {
            Some(t) => token = Some(t),
            None => break,
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
) -> Result<crate::market::client::RawOrdersPage, MarketError> {
    let mut round = 0;
    loop {
        match client
            .orders_page(pass.business_id, &pass.filter, token, PAGE_LIMIT)
            .await
        {
            Err(e) if e.is_retryable() && round < PAGE_ROUNDS => {
                round += 1;
                tracing::warn!(error = %e, round, "page failed; trying it again");
                tokio::time::sleep(std::time::Duration::from_millis(500 * round)).await;
            }
            other => return other,
        }
    }
}

/// The writer thread: drains what the fetchers send, a few pages per transaction,
/// and keeps the lease alive.
fn write_batches(
    mut cache: Cache,
    rx: mpsc::Receiver<Batch>,
    holder: Holder,
    ttl: Duration,
    on_progress: impl Fn(Progress),
) -> Result<(Cache, UpsertStats, u64), SyncError> {
    let mut stats = UpsertStats::default();
    let mut progress = Progress::default();
    let mut last_renew = Instant::now();
    let renew_every = std::time::Duration::from_secs((ttl.num_seconds() / 3).max(1) as u64);
    while let Ok(first) = rx.recv() {
        let mut orders = Vec::new();
        take(first, &mut orders, &mut progress);
        // Group what is already waiting, up to ~1,000 orders: fewer commits, still short.
        while orders.len() < 1000 {
            match rx.try_recv() {
                Ok(b) => take(b, &mut orders, &mut progress),
                Err(_) => break,
            }
        }
        if !orders.is_empty() {
            stats += cache.upsert_orders(&orders, Utc::now())?;
        }
        progress.orders = stats.seen;
        if last_renew.elapsed() >= renew_every {
            let line = format!("{} orders, {} pages", progress.orders, progress.pages);
            cache.renew_lease(holder.pid, &holder.host, ttl, Utc::now(), &line)?;
            last_renew = Instant::now();
        }
        on_progress(progress);
    }
    Ok((cache, stats, progress.skipped))
}

fn take(b: Batch, orders: &mut Vec<Incoming>, progress: &mut Progress) {
    progress.pages += 1;
    match b {
        Batch::Orders(o, s) => {
            progress.skipped += s;
            orders.extend(o);
        }
        Batch::Skipped(s) => progress.skipped += s,
    }
}
