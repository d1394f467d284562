//! Sync and command figures against the download floor, all in one run on loopback:
//!
//! - the download floor: one keep-alive connection paging `POST /v1/businesses/{id}/orders`
//!   of the same simulator, reading each body and parsing nothing but `nextPageToken`;
//! - the first sync (a whole round of the service: orders with their risk assessed,
//!   chats, buyers, returns), as wall time ÷ the floor for as many requests;
//! - a refresh after 1 % of the orders changed;
//! - `status --json` and `show ORDER --json`, process start to exit;
//!
//! each at 10,000, 100,000 and 300,000 synced orders (`SYNC_BENCH_SIZES=10000,100000`
//! to choose; `SYNC_BENCH_RUNS` runs each, medians printed). Then divan times the
//! single steps (one floor page, one `status --json`, one `show --json`) on the
//! 100,000-order cache.
//!
//! `cargo bench --bench sync`. Wall-clock figures on a shared 2-core machine are noisy:
//! the ratios, measured side by side, are what to compare.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::{env_usize, median};
use ym_triage::cache::Cache;
use ym_triage::market::{ApiKey, ClientConfig, MarketClient};
use ym_triage::service::sync::SyncSettings;
use ym_triage::service::{Context, Service};

/// The share of a generated world a first sync reads (active, or closed recently).
const SYNCED_SHARE: f64 = 0.81;
const KEY: &str = "bench";

fn sizes() -> Vec<usize> {
    std::env::var("SYNC_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .filter(|v: &Vec<usize>| !v.is_empty())
        .unwrap_or_else(|| vec![10_000, 100_000, 300_000])
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// The simulated Market as a user runs it beside the client: its own process, the
/// real clock, seed 11. Killed when dropped.
struct Sim {
    child: std::sync::Mutex<std::process::Child>,
    url: String,
    business: i64,
}

impl Sim {
    fn stop(&self) {
        if let Ok(mut c) = self.child.lock() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Sim {
    fn drop(&mut self) {
        self.stop();
    }
}

fn start_sim(synced: usize) -> Sim {
    use std::io::BufRead;
    let orders = ((synced as f64 / SYNCED_SHARE) as usize).to_string();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_ym-triage"))
        .args([
            "sim",
            "--listen",
            "127.0.0.1:0",
            "--orders",
            &orders,
            "--seed",
            "11",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sim");
    let out = child.stdout.take().expect("stdout");
    let mut line = String::new();
    std::io::BufReader::new(out)
        .read_line(&mut line)
        .expect("the simulator's first line");
    // "simulated Market on http://127.0.0.1:PORT (business 7654321, …"
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("its address")
        .to_owned();
    let business = line
        .split("business ")
        .nth(1)
        .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .expect("its business");
    Sim {
        child: std::sync::Mutex::new(child),
        url,
        business,
    }
}

/// The floor: pages of the orders list on one keep-alive connection, each body read to
/// its end and only `nextPageToken` looked for. Returns the median seconds per page.
fn floor_per_page(
    rt: &tokio::runtime::Runtime,
    client: &reqwest::Client,
    sim: &Sim,
    pages: usize,
) -> f64 {
    let url = format!("{}/v1/businesses/{}/orders", sim.url, sim.business);
    rt.block_on(async {
        let mut times = Vec::with_capacity(pages);
        let mut token: Option<String> = None;
        for _ in 0..pages {
            let t = Instant::now();
            let mut req = client
                .post(&url)
                .header("Api-Key", KEY)
                .query(&[("limit", "50")])
                .body("{}");
            if let Some(tok) = &token {
                req = req.query(&[("page_token", tok.as_str())]);
            }
            let body = req.send().await.expect("page").bytes().await.expect("body");
            token = next_token(&body);
            times.push(t.elapsed().as_secs_f64());
            if token.is_none() {
                token = None;
            }
        }
        median(times)
    })
}

/// `nextPageToken` of a page, found by its bytes: nothing else of the body is parsed.
fn next_token(body: &[u8]) -> Option<String> {
    const KEY: &[u8] = b"\"nextPageToken\":\"";
    let at = memchr::memmem::find(body, KEY)? + KEY.len();
    let len = memchr::memchr(b'"', &body[at..])?;
    Some(String::from_utf8_lossy(&body[at..at + len]).into_owned())
}

/// The floor's client: one keep-alive connection.
fn floor_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .expect("client")
}

/// One measured first sync, refresh and the commands on a fresh cache of `synced`.
struct Run {
    first_s: f64,
    first_requests: u64,
    orders_s: f64,
    orders_requests: u64,
    floor_page_s: f64,
    refresh_s: f64,
    refresh_requests: u64,
    status_ms: f64,
    show_ms: f64,
    cache_mb: f64,
    orders: u64,
}

fn one_run(synced: usize, db: &Path) -> Run {
    let rt = runtime();
    let sim = start_sim(synced);
    let floor_page_s = floor_per_page(&rt, &floor_client(), &sim, 300);
    let client = MarketClient::new(ClientConfig::new(&sim.url, ApiKey::new(KEY))).expect("client");
    let service = Service::open(
        db,
        Context::default(),
        SyncSettings::default(),
        Some(client),
        true,
    )
    .expect("service");
    let t = Instant::now();
    let first = rt.block_on(service.round(|_| {})).expect("first sync");
    let first_s = t.elapsed().as_secs_f64();

    let touched = (first.sync.stats.seen / 100) as usize;
    rt.block_on(async {
        reqwest::Client::new()
            .post(format!("{}/_sim/touch?count={touched}", sim.url))
            .send()
            .await
            .expect("touch")
    });
    let t = Instant::now();
    let refresh = rt.block_on(service.round(|_| {})).expect("refresh");
    let refresh_s = t.elapsed().as_secs_f64();
    assert!(
        refresh.sync.stats.changed as usize >= touched * 9 / 10,
        "the refresh saw the changes"
    );
    drop(service);
    drop(sim);

    let order = Cache::open_existing(db)
        .expect("cache")
        .at_risk()
        .expect("at risk")
        .first()
        .map(|r| r.order_id)
        .expect("an order at risk");
    let status_ms = median(
        (0..7)
            .map(|_| common::timed(&command(db, &["status", "--json", "--limit", "50"])).0)
            .collect(),
    );
    let show_ms = median(
        (0..7)
            .map(|_| common::timed(&command(db, &["show", &order.to_string(), "--json"])).0)
            .collect(),
    );
    Run {
        first_s,
        first_requests: first.requests,
        orders_s: first.sync.seconds,
        orders_requests: first.sync.requests,
        floor_page_s,
        refresh_s,
        refresh_requests: refresh.requests,
        status_ms,
        show_ms,
        cache_mb: std::fs::metadata(db).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        orders: first.sync.stats.seen,
    }
}

/// The binary on the cache at `db`, with no key and a private state folder.
fn command(db: &Path, args: &[&str]) -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_ym-triage"));
    let home = db.parent().unwrap_or(Path::new("."));
    c.args(args)
        .arg("--db")
        .arg(db)
        .env_remove("YM_API_KEY")
        .env("XDG_CONFIG_HOME", home)
        .env("XDG_STATE_HOME", home);
    c
}

fn summary() {
    let runs = env_usize("SYNC_BENCH_RUNS", 3);
    println!(
        "{:>8} {:>9} {:>9} {:>8} {:>10} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8}",
        "orders",
        "floor/pg",
        "sync s",
        "req",
        "sync÷floor",
        "orders s",
        "ord÷floor",
        "refresh",
        "status",
        "show",
        "cache"
    );
    for synced in sizes() {
        let mut all = Vec::new();
        for _ in 0..runs {
            let dir = tempfile::tempdir().expect("tempdir");
            all.push(one_run(synced, &dir.path().join("cache.db")));
        }
        let m = |f: &dyn Fn(&Run) -> f64| median(all.iter().map(f).collect());
        let floor = m(&|r| r.floor_page_s);
        let ratio = m(&|r| r.first_s / (r.floor_page_s * r.first_requests as f64));
        let orders_ratio = m(&|r| r.orders_s / (r.floor_page_s * r.orders_requests as f64));
        println!(
            "{:>8} {:>7.2}ms {:>8.2}s {:>8.0} {:>9.2}× {:>8.2}s {:>8.2}× {:>5.3}s/{:<2.0} {:>6.0}ms {:>6.0}ms {:>6.0}MB",
            m(&|r| r.orders as f64),
            floor * 1000.0,
            m(&|r| r.first_s),
            m(&|r| r.first_requests as f64),
            ratio,
            m(&|r| r.orders_s),
            orders_ratio,
            m(&|r| r.refresh_s),
            m(&|r| r.refresh_requests as f64),
            m(&|r| r.status_ms),
            m(&|r| r.show_ms),
            m(&|r| r.cache_mb),
        );
    }
    println!(
        "targets: sync ÷ floor ≤ 1.5×; status --json ≤ 100 ms; show --json ≤ 50 ms; status flat as the cache grows"
    );
}

/// The 100,000-order cache and its simulator, for divan's single steps.
struct Fixture {
    rt: tokio::runtime::Runtime,
    client: reqwest::Client,
    sim: Sim,
    _dir: tempfile::TempDir,
    db: PathBuf,
    order: i64,
}

static FIXTURE: OnceLock<Fixture> = OnceLock::new();

/// The fixture, made on first use.
fn fixture() -> &'static Fixture {
    FIXTURE.get_or_init(make_fixture)
}

fn make_fixture() -> Fixture {
    let rt = runtime();
    let sim = start_sim(100_000);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("cache.db");
    let client = MarketClient::new(ClientConfig::new(&sim.url, ApiKey::new(KEY))).expect("client");
    let service = Service::open(
        &db,
        Context::default(),
        SyncSettings::default(),
        Some(client),
        true,
    )
    .expect("service");
    rt.block_on(service.round(|_| {})).expect("sync");
    drop(service);
    let order = Cache::open_existing(&db)
        .expect("cache")
        .at_risk()
        .expect("at risk")[0]
        .order_id;
    Fixture {
        rt,
        client: floor_client(),
        sim,
        _dir: dir,
        db,
        order,
    }
}

/// One page of the floor: the orders list on a warm connection, only the token parsed.
#[divan::bench(sample_count = 30)]
fn floor_page() -> f64 {
    let f = fixture();
    floor_per_page(&f.rt, &f.client, &f.sim, 1)
}

/// `ym-triage status --json` on 100,000 orders, process start to exit.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn status_json() -> Duration {
    let f = fixture();
    Duration::from_secs_f64(common::timed(&command(&f.db, &["status", "--json"])).0 / 1000.0)
}

/// `ym-triage show ORDER --json` on 100,000 orders, process start to exit.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn show_json() -> Duration {
    let f = fixture();
    let id = f.order.to_string();
    Duration::from_secs_f64(common::timed(&command(&f.db, &["show", &id, "--json"])).0 / 1000.0)
}

fn main() {
    summary();
    divan::main();
    // A static is never dropped: the fixture's simulator is stopped here.
    if let Some(f) = FIXTURE.get() {
        f.sim.stop();
    }
}
