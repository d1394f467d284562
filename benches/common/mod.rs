//! What the benches share: medians, knobs from the environment, and a cache of ~100,000
//! orders synced from the simulated Market.

#![allow(dead_code)]

use std::path::Path;

use ym_triage::market::{ApiKey, ClientConfig, MarketClient};
use ym_triage::service::sync::{Holder, SyncSettings};
use ym_triage::service::{Context, Service};
use ym_triage::sim::{Clock, SimOptions};

/// The middle value (the upper one of an even count).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// A number from the environment, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The bench's sync holder.
pub fn holder() -> Holder {
    Holder {
        user: "bench".into(),
        pid: i64::from(std::process::id()),
        host: "bench".into(),
    }
}

/// Syncs ~100,000 orders (the simulated Market's 123,000 over the look-back) into `db`.
pub fn sync_orders(db: &Path) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let opts = SimOptions {
        clock: Clock::Frozen,
        ..SimOptions::new(123_000, 7)
    };
    rt.block_on(async {
        let sim = ym_triage::sim::start("127.0.0.1:0".parse().expect("addr"), opts)
            .await
            .expect("sim");
        let client =
            MarketClient::new(ClientConfig::new(sim.url(), ApiKey::new("bench"))).expect("client");
        let service = Service::open(
            db,
            Context::default(),
            SyncSettings::default(),
            Some(client),
            true,
        )
        .expect("service");
        service.round(|_| {}).await.expect("sync");
        sim.shutdown().await;
    });
}

/// Runs `cmd` to its end: milliseconds from start to exit, and its peak resident
/// memory in MB, read from `/proc` while it runs (0 where there is no `/proc`).
pub fn timed(cmd: &std::process::Command) -> (f64, f64) {
    let mut c = std::process::Command::new(cmd.get_program());
    c.args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c.stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let t = std::time::Instant::now();
    let mut child = c.spawn().expect("spawn");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0.0f64;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kb) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<f64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Ok(Some(status)) = child.try_wait() {
            assert!(status.success(), "{:?} failed", cmd.get_args());
            break;
        }
        std::thread::sleep(std::time::Duration::from_micros(500));
    }
    (t.elapsed().as_secs_f64() * 1000.0, peak_kb / 1024.0)
}
