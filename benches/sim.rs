//! Benchmarks of the simulated Market: serving a 50-order page through real HTTP on
//! loopback (budget: < 5 ms), and generating a world of 100,000 orders (budget: < 2 s).
//!
//! Run with `cargo bench --bench sim`.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::sync::LazyLock;

use chrono::{DateTime, Utc};
use ym_triage::sim::{Clock, FaultSpec, SimHandle, SimOptions, World, WorldConfig, start};

fn main() {
    divan::main();
}

const KEY: &str = "ACMA:bench-key:0001";

fn fixed_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-07-15T09:00:00Z")
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now())
}

/// A running simulator, a client and a runtime shared by the HTTP benches.
struct Fixture {
    rt: tokio::runtime::Runtime,
    sim: SimHandle,
    client: reqwest::Client,
    /// A page token from the middle of the list, so later pages are measured too.
    mid_token: String,
}

/// The orders of the served world: enough that a page is a small slice of it.
const SERVED_ORDERS: usize = 20_000;

fn fixture(clock: Clock) -> Fixture {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let opts = SimOptions {
        orders: SERVED_ORDERS,
        seed: 7,
        faults: FaultSpec::none(),
        clock,
        api_key: Some(KEY.to_owned()),
        now: (clock == Clock::Frozen).then(fixed_now),
    };
    let sim = rt
        .block_on(start("127.0.0.1:0".parse().unwrap(), opts))
        .unwrap();
    let client = reqwest::Client::builder().build().unwrap();
    let mut f = Fixture {
        rt,
        sim,
        client,
        mid_token: String::new(),
    };
    let mut token = None;
    for _ in 0..10 {
        let page = f.page(token.as_deref());
        token = page["paging"]["nextPageToken"].as_str().map(str::to_owned);
    }
    f.mid_token = token.unwrap_or_default();
    f
}

impl Fixture {
    fn page(&self, token: Option<&str>) -> serde_json::Value {
        let body = self.fetch(token);
        serde_json::from_slice(&body).unwrap()
    }

    /// One `POST /v1/businesses/{id}/orders` with `limit=50`, body read to the end.
    fn fetch(&self, token: Option<&str>) -> bytes::Bytes {
        let mut url = format!(
            "{}/v1/businesses/{}/orders?limit=50",
            self.sim.url(),
            self.sim.business_id()
        );
        if let Some(t) = token {
            url.push_str("&page_token=");
            url.push_str(t);
        }
        self.rt.block_on(async {
            let resp = self
                .client
                .post(url)
                .header("Api-Key", KEY)
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200);
            resp.bytes().await.unwrap()
        })
    }
}

static FROZEN: LazyLock<Fixture> = LazyLock::new(|| fixture(Clock::Frozen));
static REAL: LazyLock<Fixture> = LazyLock::new(|| fixture(Clock::Real));

/// The first page of 50 orders, frozen clock.
#[divan::bench]
fn orders_page_50_first(bencher: divan::Bencher) {
    let f = &*FROZEN;
    bencher.bench(|| f.fetch(None));
}

/// A page of 50 from the middle of the list, frozen clock.
#[divan::bench]
fn orders_page_50_middle(bencher: divan::Bencher) {
    let f = &*FROZEN;
    bencher.bench(|| f.fetch(Some(&f.mid_token)));
}

/// The first page with the real clock: each request first moves the world to now.
#[divan::bench]
fn orders_page_50_real_clock(bencher: divan::Bencher) {
    let f = &*REAL;
    bencher.bench(|| f.fetch(None));
}

/// Generating the world of a large seller.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn generate_world_100k() -> World {
    World::generate(
        &WorldConfig {
            orders: 100_000,
            seed: 7,
        },
        fixed_now(),
    )
}
