//! The commands other than the dashboard: each turns a validated `Config` into output
//! and an exit code (0 ok, 1 runtime failure, 2 bad usage or config).

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;

use crate::app::cli::{ReportArgs, ShowArgs, SimArgs, StatusArgs};
use crate::app::config::Config;
use crate::app::demo;
use crate::app::show::Card;
use crate::app::status::Status;
use crate::base::lang::Lang;
use crate::base::text::{clean, clean_lines};
use crate::cache::Cache;
use crate::market::{MarketClient, MarketError};
use crate::service::Service;
use crate::service::report::{self, Period};
use crate::service::round::RoundError;
use crate::service::sync::{Progress, SyncError};
use crate::sim::{self, Clock, FaultSpec, SimOptions};

/// The outcome of a command: the process's exit code.
pub type Exit = i32;

/// A client for the configured Market, or a clear refusal when there is no key.
fn real_client(cfg: &Config) -> anyhow::Result<MarketClient> {
    let key = cfg.api_key.clone().context(
        "no API key: set YM_API_KEY or `api_key_file` in the config, or add --demo to use the simulated Market",
    )?;
    Ok(demo::client_for(&cfg.api_url, key, &cfg.sync)?)
}

/// Shows sync progress on stderr: one updating line on a terminal, plain lines otherwise.
fn progress_printer() -> impl Fn(Progress) + Send + 'static {
    let tty = std::io::stderr().is_terminal();
    let started = Instant::now();
    let last = std::sync::Mutex::new(Instant::now() - Duration::from_secs(10));
    move |p: Progress| {
        let Ok(mut last) = last.lock() else { return };
        let every = if tty {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(2)
        };
        if last.elapsed() < every {
            return;
        }
        *last = Instant::now();
        let secs = started.elapsed().as_secs_f64();
        let mut err = std::io::stderr().lock();
        if tty {
            let spin = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"][(p.pages % 10) as usize];
            let _ = write!(
                err,
                "\r\x1b[2K{spin} syncing: {} orders, {} pages, {secs:.1} s",
                p.orders, p.pages
            );
        } else {
            let _ = writeln!(
                err,
                "sync: {} orders, {} pages, {secs:.1} s",
                p.orders, p.pages
            );
        }
    }
}

fn clear_progress_line() {
    if std::io::stderr().is_terminal() {
        eprint!("\r\x1b[2K");
    }
}

/// The service of a command that syncs: this process's, with the key.
fn service_with(client: MarketClient, cfg: &Config) -> Result<Service, crate::cache::CacheError> {
    Service::open(
        &cfg.db,
        cfg.service_context(),
        cfg.sync.clone(),
        Some(client),
        true,
    )
}

/// Runs one round of the service and prints its summary. Another process's sync is
/// not a failure.
async fn sync_with(client: MarketClient, cfg: &Config) -> Result<Exit, RoundError> {
    let service = service_with(client, cfg)?;
    let result = service.round(progress_printer()).await;
    clear_progress_line();
    match result {
        Ok(report) => {
            // The round's problems quote the Market's error messages.
            println!("{}", clean(&report.to_string()));
            Ok(0)
        }
        Err(e) => match e.lease_held() {
            Some(l) => {
                println!(
                    "not synced: {} is syncing (pid {} on {}); the cache will be fresh when it finishes",
                    clean(&l.holder),
                    l.pid,
                    clean(&l.host)
                );
                Ok(0)
            }
            None => Err(e),
        },
    }
}

fn sync_failed(e: RoundError) -> Exit {
    match &e {
        RoundError::Sync(SyncError::Market(m @ MarketError::Api { .. })) if m.is_auth() => {
            eprintln!(
                "sync failed: {}\nCheck the API key (YM_API_KEY or api_key_file) and its scopes.",
                clean(&m.to_string())
            );
        }
        _ => eprintln!("sync failed: {}", clean(&e.to_string())),
    }
    1
}

/// `--fresh` names the demo's world; without `--demo` a command works on a real
/// cache, which it never starts over.
fn fresh_without_demo(cfg: &Config) -> Option<Exit> {
    (cfg.fresh && !cfg.demo).then(|| {
        eprintln!("--fresh starts the demo over; it needs --demo");
        2
    })
}

/// `ym-triage sync`.
pub async fn sync(cfg: &Config) -> anyhow::Result<Exit> {
    if let Some(code) = fresh_without_demo(cfg) {
        return Ok(code);
    }
    if cfg.demo {
        let d = demo::start_kept(&cfg.db, cfg.fresh).await?;
        let code = sync_with(d.client, cfg).await.unwrap_or_else(sync_failed);
        d.sim.shutdown().await;
        return Ok(code);
    }
    let client = real_client(cfg)?;
    Ok(sync_with(client, cfg).await.unwrap_or_else(sync_failed))
}

/// `ym-triage status`: with --demo, syncs the simulated Market into the demo cache first.
pub async fn status(cfg: &Config, args: &StatusArgs) -> anyhow::Result<Exit> {
    let cache = match reading_cache(cfg).await? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let now = Utc::now();
    let status = Status::build(&cache, now, args.limit)?;
    if args.json {
        println!("{}", crate::base::text::json::to_string(&status)?);
    } else if args.by_agent {
        print!("{}", status.by_agent_text(now));
    } else {
        print!("{}", status.to_text());
    }
    Ok(0)
}

/// `ym-triage show ORDER`: one order's card; an order not in the cache is a runtime
/// failure (exit 1).
pub async fn show(cfg: &Config, args: &ShowArgs) -> anyhow::Result<Exit> {
    let cache = match reading_cache(cfg).await? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    match Card::read(&cache, args.order, Utc::now()) {
        Ok(card) if args.json => println!("{}", crate::base::text::json::to_string(&card)?),
        Ok(card) => print!("{}", card.to_text()),
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            return Ok(1);
        }
    }
    Ok(0)
}

/// `ym-triage report`: the period's analysis from the cache. A period that ends before
/// it starts is bad usage (exit 2); with --demo, syncs the simulated Market first.
pub async fn report(cfg: &Config, args: &ReportArgs) -> anyhow::Result<Exit> {
    let now = Utc::now();
    let period = match Period::from_args(args.since, args.until, now) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}", e.message().get(cfg.lang));
            return Ok(2);
        }
    };
    let cache = match reading_cache(cfg).await? {
        Ok(c) => c,
        Err(code) => return Ok(code),
    };
    let built = report::build(&cache, &period, args.by, now)?;
    let mut out = std::io::stdout().lock();
    out.write_all(report::render(&built, args.format, cfg.lang).as_bytes())?;
    out.flush()?;
    Ok(0)
}

/// The cache a reading command works on: with --demo, the simulated Market synced into
/// the demo cache first. A cache that is not there is said on stderr (`Err(1)`).
async fn reading_cache(cfg: &Config) -> anyhow::Result<Result<Cache, Exit>> {
    if let Some(code) = fresh_without_demo(cfg) {
        return Ok(Err(code));
    }
    if cfg.demo {
        let d = demo::start_kept(&cfg.db, cfg.fresh).await?;
        let code = sync_with_quiet(d.client, cfg).await;
        d.sim.shutdown().await;
        if code != 0 {
            return Ok(Err(code));
        }
    }
    Ok(match Cache::open_existing(&cfg.db) {
        Ok(c) => Ok(c.with_claim_idle(cfg.incident.claim_idle_minutes)),
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            // The dashboard's demo keeps its own cache beside where the real one would be.
            let demo_db = cfg.db.with_file_name("demo.db");
            if matches!(e, crate::cache::CacheError::Missing { .. })
                && !cfg.demo
                && demo_db.exists()
            {
                eprintln!(
                    "the demo's cache is {}: add --demo to read it (e.g. `ym-triage --demo status`)",
                    clean(&demo_db.display().to_string())
                );
            }
            Err(1)
        }
    })
}

/// A round whose summary goes to stderr, so stdout holds only the command's own output.
async fn sync_with_quiet(client: MarketClient, cfg: &Config) -> Exit {
    let service = match service_with(client, cfg) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            return 1;
        }
    };
    match service.round(progress_printer()).await {
        Ok(report) => {
            clear_progress_line();
            eprintln!("{}", clean(&report.to_string()));
            0
        }
        Err(e) if e.lease_held().is_some() => 0,
        Err(e) => {
            clear_progress_line();
            sync_failed(e)
        }
    }
}

/// The dashboard. With a key it opens the real cache at once and refreshes behind it.
/// Without one it follows an existing cache (on a shared server the daemon holds the
/// key and syncs), and with no cache either it runs on the built-in simulated Market
/// (DEMO) in the demo cache.
pub async fn dashboard(cfg: Config) -> anyhow::Result<Exit> {
    let demo_mode = cfg.demo || (cfg.api_key.is_none() && !cfg.db.exists());
    if cfg.fresh && !demo_mode {
        eprintln!(
            "--fresh starts the demo over; here the dashboard opens {} (add --demo)",
            cfg.db.display()
        );
        return Ok(2);
    }
    let (client, sim, db) = if demo_mode {
        // The demo keeps its cache and its world between runs, beside where a real
        // cache would be; --fresh starts it over.
        let db = if cfg.demo {
            cfg.db.clone()
        } else {
            cfg.db.with_file_name("demo.db")
        };
        let d = match demo::start_kept(&db, cfg.fresh).await {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e:#}");
                return Ok(1);
            }
        };
        if cfg.fresh {
            eprintln!(
                "the demo starts over: a new simulated Market and an empty {}",
                db.display()
            );
        }
        (Some(d.client), Some(d.sim), db)
    } else if cfg.api_key.is_some() {
        (Some(real_client(&cfg)?), None, cfg.db.clone())
    } else {
        (None, None, cfg.db.clone())
    };
    // This process's service; a cache it cannot use is reported before the screen
    // switches. With the key it may create the cache; without, the cache must be there.
    let create = client.is_some();
    let service = match Service::open(&db, cfg.service_context(), cfg.sync.clone(), client, create)
    {
        Ok(s) => std::sync::Arc::new(s),
        Err(e) => {
            eprintln!("{}", clean(&e.to_string()));
            return Ok(1);
        }
    };
    // A broken template of the user's is named before the screen switches.
    // Both languages: a message is written in the buyer's, whatever the screen's.
    let mut templates = Vec::new();
    for lang in [Lang::Ru, Lang::En] {
        match crate::domain::incident::template::overlay(
            crate::domain::incident::template::builtin(lang),
            lang,
            Some(&cfg.templates_dir),
        ) {
            Ok(t) => templates.extend(t),
            Err(e) => {
                eprintln!("{}", clean_lines(&e.to_string()));
                return Ok(1);
            }
        }
    }
    let opts = crate::app::tui::run::Options {
        db,
        service,
        interval_seconds: cfg.sync.interval_seconds,
        risk: cfg.risk.clone(),
        lang: cfg.lang,
        theme: cfg.theme,
        keymap: cfg.keymap.clone(),
        views: cfg.views.clone(),
        demo: demo_mode,
        read_only: cfg.read_only,
        incident: cfg.incident.clone(),
        templates,
        state_dir: cfg.own_log_dir.clone(),
        signature: cfg.signature_for(&crate::base::whoami::user()),
    };
    let result = crate::app::tui::run::run(opts).await;
    if let Some(sim) = sim {
        sim.shutdown().await;
    }
    result.map(|()| 0)
}

/// `ym-triage sim`: serves until interrupted.
pub async fn sim(args: &SimArgs) -> anyhow::Result<Exit> {
    let faults = match &args.faults {
        Some(spec) => match FaultSpec::parse(spec) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("--faults: {e}");
                return Ok(2);
            }
        },
        None => FaultSpec::none(),
    };
    let opts = SimOptions {
        faults,
        clock: if args.frozen {
            Clock::Frozen
        } else {
            Clock::Real
        },
        api_key: std::env::var("YM_SIM_API_KEY")
            .ok()
            .filter(|k| !k.is_empty()),
        ..SimOptions::new(args.orders, args.seed)
    };
    let started = Instant::now();
    let handle = sim::start(args.listen, opts)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    println!(
        "simulated Market on {} (business {}, {} orders, seed {}, ready in {:.2} s); Ctrl-C stops it",
        handle.url(),
        handle.business_id(),
        args.orders,
        args.seed,
        started.elapsed().as_secs_f64()
    );
    let _ = std::io::stdout().flush();
    shutdown_signal().await;
    handle.shutdown().await;
    Ok(0)
}

/// Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(s) => s,
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
            return;
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}
