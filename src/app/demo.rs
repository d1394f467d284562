//! The embedded default: with no API key, the built-in simulated Market runs
//! in-process on a loopback port and everything works against it through the real
//! client, over real HTTP.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use crate::market::{ApiKey, ClientConfig, MarketClient, MarketError};
use crate::service::sync::SyncSettings;
use crate::sim::{self, SimHandle, SimOptions};

/// How many orders the demo Market holds.
pub const DEMO_ORDERS: usize = 3000;
/// The demo's seed: the same world every time it starts over.
pub const DEMO_SEED: u64 = 2026;

/// A running demo Market and a client for it.
pub struct Demo {
    pub sim: SimHandle,
    pub client: MarketClient,
}

/// Starts the demo's simulated Market for the demo cache at `db`, continuing the
/// world that cache was made from: its journal beside the cache keeps the moment the
/// world began and the writes it accepted (`sim::start_kept`), so claims, closed
/// incidents and accepted date moves survive a restart and agree with the Market
/// side. `fresh` starts the demo over: a new world, and the demo cache removed.
pub async fn start_kept(db: &Path, fresh: bool) -> anyhow::Result<Demo> {
    let journal = journal_for(db);
    if fresh {
        reset(db, &journal)?;
    } else if !journal.exists() && db.exists() && db.file_name().is_some_and(|n| n == "demo.db") {
        // A demo cache whose world was not kept (an older build's): its orders would
        // not match a new world, so the demo starts over, as it always did then.
        tracing::info!(db = %db.display(), "the demo cache has no journal of its world; starting the demo over");
        reset(db, &journal)?;
    }
    if let Some(dir) = db.parent().filter(|d| !d.as_os_str().is_empty()) {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o750)
            .create(dir)?;
    }
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let sim = sim::start_kept(addr, SimOptions::new(DEMO_ORDERS, DEMO_SEED), &journal).await?;
    with_client(sim)
}

fn with_client(sim: SimHandle) -> anyhow::Result<Demo> {
    // The simulator accepts any key; this one exists only inside this process.
    let client = MarketClient::new(ClientConfig::new(
        sim.url(),
        ApiKey::new("demo-key-in-process"),
    ))?;
    Ok(Demo { sim, client })
}

/// The journal of the demo's world, beside the demo cache (`demo.db` →
/// `demo.market.jsonl`).
pub fn journal_for(db: &Path) -> PathBuf {
    db.with_extension("market.jsonl")
}

/// Removes the demo cache and its world's journal. A cache that is no demo's (no
/// journal beside it, and not named `demo.db`) is refused: `--fresh` never removes
/// a real cache an environment variable pointed at.
fn reset(db: &Path, journal: &Path) -> anyhow::Result<()> {
    let is_demo = journal.exists() || db.file_name().is_some_and(|n| n == "demo.db");
    if db.exists() && !is_demo {
        anyhow::bail!(
            "{}: not a demo cache (no {} beside it); --fresh removed nothing",
            db.display(),
            journal.display()
        );
    }
    if db.exists() && crate::cache::Cache::open_existing(db).is_err() {
        anyhow::bail!(
            "{}: not a ym-triage cache; --fresh removed nothing",
            db.display()
        );
    }
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    let _ = std::fs::remove_file(journal);
    Ok(())
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
