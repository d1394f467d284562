//! `ym-triage daemon`: the process that holds the API key on a shared server. It syncs
//! the cache every `sync.interval_seconds` (when another process holds the sync lease,
//! that one syncs and this one waits for the next round) and sends the outbox as
//! agents fill it (polled every 500 ms, at once again after a round that found work).
//! The two run side by side, so a long sync never holds up a confirmed write.
//!
//! SIGTERM or Ctrl-C stops it between two writes: the write in flight is finished and
//! recorded, a sync in progress is abandoned (its lease released; the next sync starts
//! from the last completed cursor). Logs go to the log file; stdout gets one line per
//! round only when something happened.
//!
//! `--once` sends every due write, then syncs once (so the cache shows what was just
//! written), prints a summary and exits: 0 when every write it took was sent (or found
//! already done) and the sync ran or someone else was syncing; 1 when a write was
//! refused or is left for a retry, or the sync failed (cron then mails it); 2 without a
//! key or with a bad config.

use std::time::Duration;

use chrono::{Local, Utc};
use tokio::sync::watch;

use crate::cache::Cache;
use crate::cli::DaemonArgs;
use crate::config::Config;
use crate::demo;
use crate::market::MarketClient;
use crate::outbox::{DrainReport, Worker};
use crate::sync::{self, Holder, SyncError, SyncReport, SyncSettings};

/// How often an idle daemon looks for new writes.
const POLL: Duration = Duration::from_millis(500);
/// Rows per drain round; between rounds the stop signal and the status line get a turn.
const ROUND: usize = 50;
/// The pause after the cache could not be read, before trying again.
const CACHE_PAUSE: Duration = Duration::from_secs(2);

/// Runs the daemon until stopped (or once, with `--once`).
pub async fn run(cfg: &Config, args: &DaemonArgs) -> anyhow::Result<i32> {
    let (client, sim) = if cfg.demo {
        let d = demo::start(demo::DEMO_ORDERS).await?;
        (d.client, Some(d.sim))
    } else {
        let Some(key) = cfg.api_key.clone() else {
            eprintln!(
                "ym-triage daemon needs the Market API key: set YM_API_KEY, or `api_key_file` in \
                 the config (a file only the service account can read); add --demo to run it \
                 against the simulated Market"
            );
            return Ok(2);
        };
        (demo::client_for(&cfg.api_url, key, &cfg.sync)?, None)
    };
    let holder = Holder::current();
    let worker_id = format!("{}@{}:{}", holder.user, holder.host, holder.pid);
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = match Worker::open(&cfg.db, &worker_id) {
        Ok(w) => w.with_stop(stop_rx.clone()),
        Err(e) => {
            eprintln!("{e}");
            return Ok(1);
        }
    };
    let signals = tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("daemon: stop requested; finishing the write in flight");
        let _ = stop_tx.send(true);
    });
    tracing::info!(worker = %worker_id, db = %cfg.db.display(), once = args.once, "daemon started");
    let code = if args.once {
        once(&client, cfg, &worker, &holder, &stop_rx).await
    } else {
        println!(
            "{} daemon {worker_id}: syncing {} every {} s and sending its outbox{}",
            clock(),
            cfg.db.display(),
            cfg.sync.interval_seconds,
            if cfg.read_only {
                " (read-only: not sending)"
            } else {
                ""
            }
        );
        forever(&client, cfg, &worker, &holder, stop_rx).await
    };
    signals.abort();
    if let Some(sim) = sim {
        sim.shutdown().await;
    }
    tracing::info!(code, "daemon stopped");
    Ok(code)
}

fn clock() -> String {
    Local::now().format("%H:%M:%S").to_string()
}

/// `--once`: every due write, then one sync.
async fn once(
    client: &MarketClient,
    cfg: &Config,
    worker: &Worker,
    holder: &Holder,
    stop: &watch::Receiver<bool>,
) -> i32 {
    let mut code = 0;
    if cfg.read_only {
        println!("read-only: the outbox was not sent");
    } else {
        match worker.drain(client, Utc::now, usize::MAX).await {
            Ok(r) => {
                println!("{r}");
                for f in &r.failed {
                    println!("  refused: {}", failure_line(f));
                }
                if let Some(e) = &r.auth_error {
                    eprintln!("the Market refused the API key: {e}");
                }
                if !r.failed.is_empty() || r.retrying > 0 {
                    code = 1;
                }
            }
            Err(e) => {
                eprintln!("outbox: {e}");
                code = 1;
            }
        }
    }
    if *stop.borrow() {
        return code;
    }
    match sync::run(client, cfg.db.clone(), &cfg.sync, holder, |_| {}).await {
        Ok(report) => println!("{report}"),
        Err(SyncError::LeaseHeld(l)) => println!(
            "not synced: {} is syncing (pid {} on {})",
            l.holder, l.pid, l.host
        ),
        Err(e) => {
            eprintln!("sync failed: {e}");
            code = 1;
        }
    }
    code
}

fn failure_line(f: &crate::outbox::Failure) -> String {
    match f.order_id {
        Some(o) => format!("order {o} {}: {}", f.kind, f.message),
        None => format!("{} #{}: {}", f.kind, f.id, f.message),
    }
}

/// The daemon proper: the sync loop on its own task, the outbox loop on this one.
async fn forever(
    client: &MarketClient,
    cfg: &Config,
    worker: &Worker,
    holder: &Holder,
    stop: watch::Receiver<bool>,
) -> i32 {
    let syncing = tokio::spawn(sync_loop(
        client.clone(),
        cfg.db.clone(),
        cfg.sync.clone(),
        holder.clone(),
        stop.clone(),
    ));
    if cfg.read_only {
        let _ = stop.clone().wait_for(|s| *s).await;
    } else {
        drain_loop(client, worker, stop).await;
    }
    let _ = syncing.await;
    0
}

async fn drain_loop(client: &MarketClient, worker: &Worker, mut stop: watch::Receiver<bool>) {
    while !*stop.borrow() {
        let pause = match worker.drain(client, Utc::now, ROUND).await {
            Ok(r) if r.is_empty() => POLL,
            Ok(r) => {
                println!("{} {}", clock(), status_line(&r));
                Duration::ZERO
            }
            Err(e) => {
                tracing::warn!(error = %e, "outbox: the cache could not be used; trying again");
                eprintln!("{} outbox: {e}", clock());
                CACHE_PAUSE
            }
        };
        if pause.is_zero() {
            continue;
        }
        tokio::select! {
            () = tokio::time::sleep(pause) => {}
            _ = stop.wait_for(|s| *s) => {}
        }
    }
}

/// One line for one round: counts, and the latest refusal in the Market's words.
fn status_line(r: &DrainReport) -> String {
    let mut line = r.to_string();
    if let Some(f) = r.failed.last() {
        line.push_str(&format!("; refused: {}", failure_line(f)));
    }
    if let Some(e) = &r.auth_error {
        line.push_str(&format!("; the Market refused the API key: {e}"));
    }
    line
}

async fn sync_loop(
    client: MarketClient,
    db: std::path::PathBuf,
    settings: SyncSettings,
    holder: Holder,
    mut stop: watch::Receiver<bool>,
) {
    let interval = Duration::from_secs(settings.interval_seconds.max(1) as u64);
    loop {
        tokio::select! {
            r = sync::run(&client, db.clone(), &settings, &holder, |_| {}) => report_sync(r),
            _ = stop.wait_for(|s| *s) => {
                // The sync was dropped mid-way: give its lease back so no one waits for it.
                match Cache::open(&db) {
                    Ok(c) => { let _ = c.release_lease(holder.pid, &holder.host); }
                    Err(e) => tracing::warn!(error = %e, "daemon: could not release the sync lease"),
                }
                return;
            }
        }
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

fn report_sync(r: Result<SyncReport, SyncError>) {
    match r {
        Ok(report) => {
            tracing::info!(%report, "daemon: synced");
            if report.stats.new > 0 || report.stats.changed > 0 || report.skipped > 0 {
                println!("{} {report}", clock());
            }
        }
        Err(SyncError::LeaseHeld(l)) => {
            tracing::debug!(holder = %l.holder, pid = l.pid, host = %l.host, "daemon: another process is syncing");
        }
        Err(e) => {
            tracing::warn!(error = %e, "daemon: sync failed");
            eprintln!("{} sync failed: {e}", clock());
        }
    }
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
