//! One round of the service, and the loop of rounds and clock ticks that the daemon and
//! a key-holding dashboard run: the orders (with their risk assessed batch by batch as
//! they are stored), then the chats waiting for the seller, then the DBS buyers of open
//! incidents, then the orders whose next threshold has passed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;
use tracing::Instrument;

use super::Service;
use super::assess::{self, Assessed};
use super::buyers::{self, BuyerRound};
use super::chats::{self, ChatRound};
use super::returns::{self, ReturnsRound};
use super::store::StoreGone;
use crate::cache::{CacheError, Lease};
use crate::market::MarketClient;
use crate::service::sync::{self, Progress, SyncError, SyncReport};

/// How often, between rounds, the orders whose next threshold passed are assessed.
const TICK: Duration = Duration::from_secs(30);

/// What one round did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RoundReport {
    pub sync: SyncReport,
    /// The risk assessed for the orders that changed, in step with the sync.
    pub assessed: Assessed,
    pub chats: ChatRound,
    pub buyers: BuyerRound,
    pub returns: ReturnsRound,
    /// Every request the round made to the Market.
    pub requests: u64,
    /// The orders at risk once the round is done (the counts kept with the risk).
    pub at_risk_now: usize,
    /// What went wrong after the orders were in (chats, buyers): the round still counts.
    pub problems: Vec<String>,
}

impl std::fmt::Display for RoundReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = &self.sync;
        write!(
            f,
            "synced: {} orders seen, {} new, {} changed, {} events, {} skipped, {} requests, {:.1} s; \
             {} at risk now, {} incidents opened; chats: {} waiting, {} fetched; buyers: {}; \
             returns: {} read, {} orders changed",
            s.stats.seen,
            s.stats.new,
            s.stats.changed,
            s.stats.events,
            s.skipped,
            self.requests,
            s.seconds,
            self.at_risk_now,
            self.assessed.opened,
            self.chats.waiting,
            self.chats.fetched,
            self.buyers.fetched,
            self.returns.listed,
            self.returns.orders.len(),
        )?;
        for p in &self.problems {
            write!(f, "; {p}")?;
        }
        Ok(())
    }
}

/// Why a round did not run or did not finish.
#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error("no API key here: the process holding the key (ym-triage daemon) syncs")]
    NoMarket,
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Store(#[from] StoreGone),
}

impl RoundError {
    /// Another process holds the sync lease: not a failure, this one follows.
    pub fn lease_held(&self) -> Option<&Lease> {
        match self {
            RoundError::Sync(SyncError::LeaseHeld(l)) => Some(l),
            _ => None,
        }
    }
}

/// What the round loop tells whoever runs it (the dashboard's footer, the daemon's log).
#[derive(Debug, Clone)]
pub enum Event {
    Progress(Progress),
    /// A round finished; `Err` carries why it failed.
    Round(Result<Box<RoundReport>, String>),
    /// Another process syncs; this one follows the cache.
    LeaseHeld(Lease),
}

impl Service {
    /// One round: see the module's header. Every log line of the round, the client's
    /// retries included, is in its span.
    pub async fn round(
        &self,
        on_progress: impl Fn(Progress) + Send + 'static,
    ) -> Result<RoundReport, RoundError> {
        let span = tracing::info_span!("round", db = %self.db.display());
        let result = self
            .round_in_span(on_progress)
            .instrument(span.clone())
            .await;
        let _in = span.enter();
        match &result {
            Ok(r) => tracing::info!(report = %r, "round done"),
            Err(e) => tracing::warn!(error = %e, "round failed"),
        }
        result
    }

    async fn round_in_span(
        &self,
        on_progress: impl Fn(Progress) + Send + 'static,
    ) -> Result<RoundReport, RoundError> {
        let client = self.client.as_ref().ok_or(RoundError::NoMarket)?;
        let requests_before = client.requests_sent();
        let mut report = self.sync_orders(client, on_progress).await?;
        let now = Utc::now();
        let campaigns = self.store.run(|c| c.campaigns()).await??;
        let businesses: Vec<i64> = campaigns
            .iter()
            .map(|(_, business, _)| *business)
            .collect::<std::collections::BTreeSet<i64>>()
            .into_iter()
            .collect();
        self.sync_chats(client, &businesses, now, &mut report)
            .await?;
        self.sync_buyers(client, now, &mut report).await;
        let campaign_ids: Vec<i64> = campaigns.iter().map(|(c, _, _)| *c).collect();
        self.sync_returns(client, &campaign_ids, now, &mut report)
            .await?;
        report.assessed += self.tick().await?;
        report.requests = client.requests_sent() - requests_before;
        report.at_risk_now = self.store.run(|c| c.risk_tally()).await??.at_risk;
        Ok(report)
    }

    /// The orders: the risk brought up to the current rules first, then the sync, whose
    /// writer assesses each stored batch on its own thread and connection.
    async fn sync_orders(
        &self,
        client: &MarketClient,
        on_progress: impl Fn(Progress) + Send + 'static,
    ) -> Result<RoundReport, RoundError> {
        let risk = self.ctx.risk.clone();
        let redone = {
            let risk = risk.clone();
            self.store
                .run(move |c| assess::ensure_current(c, Utc::now(), &risk))
                .await??
        };
        // The counts of the batches assessed come back through these.
        let counts = Arc::new([
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        ]);
        let on_batch: sync::OnBatch = {
            let counts = Arc::clone(&counts);
            Box::new(move |c, stored| {
                let done = assess::assess_stored(c, stored, Utc::now(), &risk)?;
                counts[0].fetch_add(done.orders, Ordering::Relaxed);
                counts[1].fetch_add(done.at_risk, Ordering::Relaxed);
                counts[2].fetch_add(done.opened, Ordering::Relaxed);
                Ok(())
            })
        };
        let synced = sync::run(
            client,
            self.db.clone(),
            &self.sync,
            &self.holder,
            on_progress,
            on_batch,
        )
        .await?;
        let mut report = RoundReport {
            sync: synced,
            assessed: Assessed {
                orders: counts[0].load(Ordering::Relaxed),
                at_risk: counts[1].load(Ordering::Relaxed),
                opened: counts[2].load(Ordering::Relaxed),
            },
            ..RoundReport::default()
        };
        if let Some(r) = redone {
            report.assessed += r;
        }
        Ok(report)
    }

    /// The chats waiting for the seller; their orders are re-assessed. A failure is a
    /// problem of the round, not its end.
    async fn sync_chats(
        &self,
        client: &MarketClient,
        businesses: &[i64],
        now: DateTime<Utc>,
        report: &mut RoundReport,
    ) -> Result<(), RoundError> {
        match chats::sync_waiting(client, &self.store, businesses, now).await {
            Ok(round) => {
                if let Some(e) = &round.failed {
                    report.problems.push(format!("chats: {e}"));
                }
                let ids = round.orders.clone();
                let risk = self.ctx.risk.clone();
                report.assessed += self
                    .store
                    .run(move |c| assess::reassess(c, &ids, now, &risk))
                    .await??;
                report.chats = round;
            }
            Err(e) => {
                tracing::warn!(error = %e, "chats: round failed");
                report.problems.push(format!("chats: {e}"));
            }
        }
        Ok(())
    }

    /// The DBS buyers of open incidents.
    async fn sync_buyers(
        &self,
        client: &MarketClient,
        now: DateTime<Utc>,
        report: &mut RoundReport,
    ) {
        match buyers::sync_buyers(client, &self.store, now).await {
            Ok(round) => {
                if let Some(e) = &round.failed {
                    report.problems.push(format!("buyers: {e}"));
                }
                report.buyers = round;
            }
            Err(e) => {
                tracing::warn!(error = %e, "buyers: round failed");
                report.problems.push(format!("buyers: {e}"));
            }
        }
    }

    /// The returns of every campaign; the orders they changed are re-assessed.
    async fn sync_returns(
        &self,
        client: &MarketClient,
        campaign_ids: &[i64],
        now: DateTime<Utc>,
        report: &mut RoundReport,
    ) -> Result<(), RoundError> {
        match returns::sync_returns(
            client,
            &self.store,
            campaign_ids,
            self.sync.lookback_days,
            now,
        )
        .await
        {
            Ok(round) => {
                let ids = round.orders.clone();
                let risk = self.ctx.risk.clone();
                report.assessed += self
                    .store
                    .run(move |c| assess::reassess(c, &ids, now, &risk))
                    .await??;
                report.returns = round;
            }
            Err(e) => {
                tracing::warn!(error = %e, "returns: round failed");
                report.problems.push(format!("returns: {e}"));
            }
        }
        Ok(())
    }

    /// Re-assesses the orders whose next threshold has passed.
    pub async fn tick(&self) -> Result<Assessed, RoundError> {
        let risk = self.ctx.risk.clone();
        Ok(self
            .store
            .run(move |c| assess::tick(c, Utc::now(), &risk))
            .await??)
    }

    /// Rounds every `interval_seconds` (at once when a command asks for a sync), ticks
    /// between them, until `stop` turns true.
    pub async fn run_rounds(
        &self,
        mut stop: watch::Receiver<bool>,
        on_event: Arc<dyn Fn(Event) + Send + Sync>,
    ) {
        let interval = Duration::from_secs(self.sync.interval_seconds.max(1) as u64);
        while !*stop.borrow() {
            let progress = {
                let on_event = Arc::clone(&on_event);
                move |p| on_event(Event::Progress(p))
            };
            let stopped = tokio::select! {
                r = self.round(progress) => {
                    match r {
                        Ok(report) => on_event(Event::Round(Ok(Box::new(report)))),
                        Err(e) => match e.lease_held() {
                            Some(l) => on_event(Event::LeaseHeld(l.clone())),
                            None => on_event(Event::Round(Err(e.to_string()))),
                        },
                    }
                    false
                }
                _ = stop.wait_for(|s| *s) => true,
            };
            if stopped {
                // The sync was dropped mid-way: give its lease back so no one waits.
                let (pid, host) = (self.holder.pid, self.holder.host.clone());
                let _ = self.store.run(move |c| c.release_lease(pid, &host)).await;
                return;
            }
            let next_round = tokio::time::Instant::now() + interval;
            loop {
                let wait = (next_round - tokio::time::Instant::now()).min(TICK);
                let woke = tokio::select! {
                    () = tokio::time::sleep(wait) => false,
                    () = self.wake.notified() => true,
                    _ = stop.wait_for(|s| *s) => return,
                };
                if woke {
                    break;
                }
                if tokio::time::Instant::now() >= next_round {
                    break;
                }
                if let Err(e) = self.tick().await {
                    tracing::warn!(error = %e, "risk: the tick failed");
                }
            }
        }
    }
}
