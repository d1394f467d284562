//! The incremental refresh against the Market's default creation window: without
//! creation days the Market reads only orders created in the last 30 days, so the real
//! binary's `sync` must name its own windows to see a change to an older order.

use std::path::PathBuf;
use std::process::{Command, Output};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use ym_triage::cache::Cache;
use ym_triage::sim::{Clock, FaultSpec, SimHandle, SimOptions};

const KEY: &str = "ACMA:refresh-test-key:0043";

/// A simulator with a frozen clock on its own runtime, so the test can block on the
/// binary.
struct Market {
    rt: tokio::runtime::Runtime,
    sim: Option<SimHandle>,
}

impl Market {
    fn start(orders: usize, now: DateTime<Utc>) -> Market {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let opts = SimOptions {
            orders,
            seed: 42,
            faults: FaultSpec::none(),
            clock: Clock::Frozen,
            api_key: Some(KEY.to_owned()),
            now: Some(now),
        };
        let sim = rt
            .block_on(ym_triage::sim::start("127.0.0.1:0".parse().unwrap(), opts))
            .unwrap();
        Market { rt, sim: Some(sim) }
    }

    fn url(&self) -> String {
        self.sim.as_ref().unwrap().url()
    }

    fn call(&self, method: reqwest::Method, path: &str) -> (u16, Value) {
        let url = format!("{}{path}", self.url());
        self.rt.block_on(async {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let resp = reqwest::Client::new()
                .request(method, url)
                .send()
                .await
                .unwrap();
            (resp.status().as_u16(), resp.json().await.unwrap())
        })
    }
}

impl Drop for Market {
    fn drop(&mut self) {
        if let Some(sim) = self.sim.take() {
            self.rt.block_on(sim.shutdown());
        }
    }
}

/// `ym-triage sync` in a clean environment with the cache in `dir`.
fn sync(dir: &tempfile::TempDir, m: &Market) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_ym-triage"))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("XDG_DATA_HOME", dir.path().join("data-home"))
        .env("XDG_STATE_HOME", dir.path().join("state"))
        .env("USER", "agent1")
        .env("YM_TRIAGE_DB", db(dir))
        .env("YM_API_URL", m.url())
        .env("YM_API_KEY", KEY)
        .arg("sync")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn db(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("cache.db")
}

/// `N` before `label` in the sync summary ("… 3 requests, …").
fn summary_number(out: &Output, label: &str) -> u64 {
    let summary = String::from_utf8_lossy(&out.stdout);
    let words: Vec<&str> = summary
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let at = words.iter().position(|w| *w == label).unwrap();
    words[at - 1].parse().unwrap()
}

#[test]
fn a_change_to_a_45_day_old_order_is_picked_up_by_an_incremental_refresh() {
    let now = Utc::now();
    let m = Market::start(1500, now);
    let dir = tempfile::tempdir().unwrap();
    sync(&dir, &m);

    // Weeks after delivery, the buyer of an order of 45 days ago says it never came.
    let (_, orders) = m.call(reqwest::Method::GET, "/_sim/orders");
    let old = orders
        .as_array()
        .unwrap()
        .iter()
        .find(|o| {
            let created: DateTime<Utc> = o["creationDate"].as_str().unwrap().parse().unwrap();
            let age = now - created;
            o["status"] == "DELIVERED" && age > Duration::days(44) && age < Duration::days(46)
        })
        .expect("a delivered order of 45 days ago");
    let id = old["orderId"].as_i64().unwrap();
    let (status, touched) = m.call(reqwest::Method::POST, &format!("/_sim/touch?order={id}"));
    assert_eq!(status, 200, "{touched}");

    let orders_asked = |m: &Market| -> u64 {
        let (_, stats) = m.call(reqwest::Method::GET, "/_sim/stats");
        stats["routes"]["POST /v1/businesses/{businessId}/orders"]
            .as_object()
            .map(|answers| answers.values().filter_map(Value::as_u64).sum())
            .unwrap_or(0)
    };
    let before = orders_asked(&m);
    let refresh = sync(&dir, &m);
    assert_eq!(
        summary_number(&refresh, "new") + summary_number(&refresh, "changed"),
        1,
        "the refresh saw that order and nothing else"
    );
    let cache = Cache::open_existing(&db(&dir)).unwrap();
    let (order, _) = cache
        .load_orders()
        .unwrap()
        .into_iter()
        .find(|(o, _)| o.order_id == id)
        .expect("the old order is in the cache");
    assert_eq!(order.substatus.to_string(), "DELIVERED_USER_NOT_RECEIVED");
    // Three creation windows of at most 30 days cover the 60-day lookback: three
    // orders requests for one change (the round's other requests are chats, buyers,
    // returns).
    assert_eq!(orders_asked(&m) - before, 3);
}
