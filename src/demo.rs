//! The embedded default: with no API key, the built-in simulated Market runs
//! in-process on a loopback port and everything works against it through the real
//! client, over real HTTP.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;

use crate::market::{ApiKey, ClientConfig, MarketClient, MarketError};
use crate::sim::{self, SimHandle, SimOptions};
use crate::sync::SyncSettings;

/// How many orders the demo Market holds.
pub const DEMO_ORDERS: usize = 3000;
/// The demo's seed: the same demo every time (dates move with the clock).
pub const DEMO_SEED: u64 = 2026;

/// A running demo Market and a client for it.
pub struct Demo {
    pub sim: SimHandle,
    pub client: MarketClient,
}

/// Starts the simulated Market on a free loopback port.
pub async fn start(orders: usize) -> anyhow::Result<Demo> {
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sim = sim::start(addr, SimOptions::new(orders, DEMO_SEED)).await?;
    // The simulator accepts any key; this one exists only inside this process.
    let client = MarketClient::new(ClientConfig::new(
        sim.url(),
        ApiKey::new("demo-key-in-process"),
    ))?;
    Ok(Demo { sim, client })
}

/// Removes a previous demo cache (only if it is one of ours), so each demo starts
/// from what its simulated Market holds now.
pub fn reset_cache(db: &Path) {
    if crate::cache::Cache::open_existing(db).is_ok() {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = db.as_os_str().to_owned();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A client for `url` with the default pacing and the configured request timeout.
pub fn client_for(
    url: &str,
    key: ApiKey,
    sync: &SyncSettings,
) -> Result<MarketClient, MarketError> {
    let mut config = ClientConfig::new(url, key);
    config.timeout = sync.request_timeout();
    MarketClient::new(config)
}
