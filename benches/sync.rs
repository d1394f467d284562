//! Sync figures, end to end on loopback: the first sync of ~100,000 orders from the
//! simulated Market (against the raw SQLite insert rate of the same rows), a refresh
//! after 1 % of them changed, and `ym-triage status --json` on the resulting cache.
//!
//! `cargo bench --bench sync` (set `SYNC_BENCH_ORDERS` / `SYNC_BENCH_RUNS` to change the
//! size). Prints medians; wall-clock figures on a shared 2-core machine are noisy.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use chrono::Utc;
use common::{env_usize, median};
use ym_triage::cache::Cache;
use ym_triage::market::{ApiKey, ClientConfig, MarketClient};
use ym_triage::order::Order;
use ym_triage::service::{Context, Service};
use ym_triage::sim::{Clock, SimOptions};
use ym_triage::sync::SyncSettings;

/// The raw insert rate: the same rows, already parsed, in one transaction.
fn raw_insert_rate(rows: &[Order], dir: &Path) -> f64 {
    let mut cache = Cache::open(&dir.join("raw.db")).expect("raw cache");
    let t = Instant::now();
    cache.upsert_orders(rows, Utc::now()).expect("raw insert");
    rows.len() as f64 / t.elapsed().as_secs_f64()
}

fn main() {
    // About 81 % of a generated world is active or closed recently enough for a first
    // sync: 123,000 orders in the simulator give a first sync of 100,000.
    let orders = env_usize("SYNC_BENCH_ORDERS", 123_000);
    let runs = env_usize("SYNC_BENCH_RUNS", 3);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let settings = SyncSettings::default();

    let mut first = Vec::new();
    let mut first_requests = 0;
    let mut refresh = Vec::new();
    let mut refresh_requests = Vec::new();
    let mut raw_rates = Vec::new();
    let mut status_ms = Vec::new();
    let mut synced = 0;
    for run in 0..runs {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("cache.db");
        let opts = SimOptions {
            clock: Clock::Frozen,
            ..SimOptions::new(orders, 7)
        };
        let sim = rt
            .block_on(ym_triage::sim::start(
                "127.0.0.1:0".parse().expect("addr"),
                opts,
            ))
            .expect("sim");
        let client =
            MarketClient::new(ClientConfig::new(sim.url(), ApiKey::new("bench"))).expect("client");

        let service = Service::open(
            &db,
            Context::default(),
            settings.clone(),
            Some(client),
            true,
        )
        .expect("service");
        let t = Instant::now();
        let report = rt.block_on(service.round(|_| {})).expect("first sync");
        first.push(t.elapsed().as_secs_f64());
        first_requests = report.requests;
        synced = report.sync.stats.seen;

        // The same rows straight into SQLite, for the ceiling.
        let cache = Cache::open(&db).expect("cache");
        let rows: Vec<Order> = cache
            .load_orders()
            .expect("load")
            .into_iter()
            .map(|(order, _): (Order, _)| order)
            .collect();
        drop(cache);
        raw_rates.push(raw_insert_rate(&rows, dir.path()));

        // 1 % of the orders change; the refresh should read only those.
        let touched = sim
            .world()
            .lock()
            .map(|mut w| w.touch(synced as usize / 100).len())
            .unwrap_or(0);
        let t = Instant::now();
        let report = rt.block_on(service.round(|_| {})).expect("refresh");
        refresh.push(t.elapsed().as_secs_f64());
        eprintln!("refresh after {touched} orders changed: {report}");
        refresh_requests.push(report.requests as f64);
        assert!(
            report.sync.stats.changed as usize >= touched * 9 / 10,
            "refresh saw the changes"
        );

        let bin = env!("CARGO_BIN_EXE_ym-triage");
        let t = Instant::now();
        let out = std::process::Command::new(bin)
            .args(["status", "--json", "--limit", "50", "--db"])
            .arg(&db)
            .env("XDG_CONFIG_HOME", dir.path())
            .env("XDG_STATE_HOME", dir.path())
            .output()
            .expect("status");
        status_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );

        rt.block_on(sim.shutdown());
        eprintln!("run {}/{runs} done", run + 1);
        std::thread::sleep(Duration::from_millis(200));
    }

    let first_s = median(first);
    let rate = synced as f64 / first_s;
    let raw = median(raw_rates);
    println!("orders synced:              {synced}");
    println!(
        "first sync (median):        {first_s:.2} s  ({rate:.0} orders/s, {first_requests} requests)   target ≤ 5 s"
    );
    println!(
        "raw SQLite insert:          {raw:.0} orders/s in one transaction; the sync runs at {:.0} % of it",
        100.0 * rate / raw
    );
    println!(
        "refresh after 1 % changed:  {:.3} s, {:.0} requests (median)   target ≤ 1 s, ≤ 25 requests",
        median(refresh),
        median(refresh_requests)
    );
    println!(
        "status --json (median):     {:.0} ms from process start to exit   target ≤ 300 ms",
        median(status_ms)
    );
}
