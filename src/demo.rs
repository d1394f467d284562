//! The embedded default: with no API key, the built-in simulated Market runs
//! in-process on a loopback port and everything works against it through the real
//! client, over real HTTP.

use std::net::{Ipv4Addr, SocketAddr};

use crate::market::{ApiKey, ClientConfig, MarketClient, MarketError};
use crate::sim::{self, SimHandle, SimOptions};

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
    let client = client_for(&sim.url(), ApiKey::new("demo-key-in-process"))?;
    Ok(Demo { sim, client })
}

/// A client for `url` with the default pacing.
pub fn client_for(url: &str, key: ApiKey) -> Result<MarketClient, MarketError> {
    MarketClient::new(ClientConfig::new(url, key))
}
