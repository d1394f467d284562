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

use std::sync::Arc;
use std::time::Duration;

use chrono::{Local, Utc};
use tokio::sync::watch;

use crate::app::cli::DaemonArgs;
use crate::app::config::Config;
use crate::app::demo;
use crate::base::text::clean;
use crate::market::MarketClient;
use crate::service::outbox::{DrainReport, Worker};
use crate::service::sync::Holder;
use crate::service::{Event, Service};

/// How often an idle daemon looks for new writes.
const POLL: Duration = Duration::from_millis(500);
/// Rows per drain round; between rounds the stop signal and the status line get a turn.
const ROUND: usize = 50;
/// The pause after the cache could not be read, before trying again.
const CACHE_PAUSE: Duration = Duration::from_secs(2);

/// Runs the daemon until stopped (or once, with `--once`).
pub async fn run(cfg: &Config, args: &DaemonArgs) -> anyhow::Result<i32> {
    if cfg.fresh && !cfg.demo {
        eprintln!("--fresh starts the demo over; it needs --demo");
        return Ok(2);
    }
    let (client, sim) = if cfg.demo {
        let d = demo::start_kept(&cfg.db, cfg.fresh).await?;
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
    let service = match Service::open(
        &cfg.db,
        cfg.service_context(),
        cfg.sync.clone(),
        Some(client.clone()),
        true,
    ) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            return Ok(1);
        }
    };
    let holder = Holder::current();
    let worker_id = format!("{}@{}:{}", holder.user, holder.host, holder.pid);
    let (stop_tx, stop_rx) = watch::channel(false);
    let worker = match Worker::open(&cfg.db, &worker_id) {
        Ok(w) => w.with_stop(stop_rx.clone()),
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
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
        once(&service, &client, cfg, &worker, &stop_rx).await
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
        forever(&service, &client, cfg, &worker, stop_rx).await
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

/// `--once`: every due write, then one round of the service.
async fn once(
    service: &Service,
    client: &MarketClient,
    cfg: &Config,
    worker: &Worker,
    stop: &watch::Receiver<bool>,
) -> i32 {
    let mut code = 0;
    if cfg.read_only {
        println!("read-only: the outbox was not sent");
    } else {
        let started = Utc::now();
        match worker.drain(client, Utc::now, usize::MAX).await {
            Ok(r) => {
                println!("{}", clean(&r.to_string()));
                for f in &r.failed {
                    println!("  {}: {}", failure_word(f), failure_line(f));
                }
                if let Some(e) = &r.auth_error {
                    eprintln!("the Market refused the API key: {}", clean(e));
                }
                if !r.failed.is_empty() || r.retrying > 0 {
                    code = 1;
                }
                if r.sent > 0 {
                    service.follow_sent(started).await;
                }
            }
            Err(e) => {
                eprintln!("outbox: {}", clean(&e.to_string()));
                code = 1;
            }
        }
    }
    if *stop.borrow() {
        return code;
    }
    match service.round(|_| {}).await {
        Ok(report) => println!("{}", clean(&report.to_string())),
        Err(e) => match e.lease_held() {
            Some(l) => println!(
                "not synced: {} is syncing (pid {} on {})",
                clean(&l.holder),
                l.pid,
                clean(&l.host)
            ),
            None => {
                eprintln!("sync failed: {}", clean(&e.to_string()));
                code = 1;
            }
        },
    }
    code
}

/// "refused" only for what the Market refused; a write given up after retries (the
/// Market not reachable, say) was never refused.
fn failure_word(f: &crate::service::outbox::Failure) -> &'static str {
    if f.given_up { "not sent" } else { "refused" }
}

fn failure_line(f: &crate::service::outbox::Failure) -> String {
    match f.order_id {
        Some(o) => format!("order {o} {}: {}", clean(&f.kind), clean(&f.message)),
        None => format!("{} #{}: {}", clean(&f.kind), f.id, clean(&f.message)),
    }
}

/// The daemon proper: the service's rounds on their own task, the outbox loop on
/// this one.
async fn forever(
    service: &Arc<Service>,
    client: &MarketClient,
    cfg: &Config,
    worker: &Worker,
    stop: watch::Receiver<bool>,
) -> i32 {
    // Agents' commands come in on the socket beside the cache; another daemon already
    // serving it is an error, not a second service.
    let path = crate::service::socket::path_for(&cfg.db);
    let listener = match crate::service::socket::bind(&path).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            return 1;
        }
    };
    let serving = tokio::spawn(crate::service::socket::serve(
        Arc::clone(service),
        listener,
        path,
        stop.clone(),
    ));
    let rounds = {
        let (service, stop) = (Arc::clone(service), stop.clone());
        tokio::spawn(async move { service.run_rounds(stop, Arc::new(report_event)).await })
    };
    if cfg.read_only {
        let _ = stop.clone().wait_for(|s| *s).await;
    } else {
        drain_loop(service, client, worker, stop).await;
    }
    let _ = rounds.await;
    let _ = serving.await;
    0
}

async fn drain_loop(
    service: &Service,
    client: &MarketClient,
    worker: &Worker,
    mut stop: watch::Receiver<bool>,
) {
    while !*stop.borrow() {
        let started = Utc::now();
        let pause = match worker.drain(client, Utc::now, ROUND).await {
            Ok(r) if r.is_empty() => POLL,
            Ok(r) => {
                println!("{} {}", clock(), status_line(&r));
                if r.sent > 0 {
                    service.follow_sent(started).await;
                }
                Duration::ZERO
            }
            Err(e) => {
                tracing::warn!(error = %e, "outbox: the cache could not be used; trying again");
                eprintln!("{} outbox: {}", clock(), clean(&e.to_string()));
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
    let mut line = clean(&r.to_string()).into_owned();
    if let Some(f) = r.failed.last() {
        line.push_str(&format!("; {}: {}", failure_word(f), failure_line(f)));
    }
    if let Some(e) = &r.auth_error {
        line.push_str(&format!("; the Market refused the API key: {}", clean(e)));
    }
    line
}

/// What the daemon says of its rounds: a line when something happened, the log always.
fn report_event(e: Event) {
    match e {
        Event::Progress(_) => {}
        Event::Round(Ok(report)) => {
            tracing::info!(%report, "daemon: round done");
            let s = &report.sync;
            if s.stats.new > 0 || s.stats.changed > 0 || s.skipped > 0 || report.assessed.opened > 0
            {
                println!("{} {}", clock(), clean(&report.to_string()));
            }
        }
        Event::LeaseHeld(l) => {
            tracing::debug!(holder = %l.holder, pid = l.pid, host = %l.host, "daemon: another process is syncing");
        }
        Event::Round(Err(e)) => {
            tracing::warn!(error = %e, "daemon: sync failed");
            eprintln!("{} sync failed: {}", clock(), clean(&e));
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
