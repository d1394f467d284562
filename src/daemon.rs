//! (being written) STUB: `ym-triage daemon`.
use crate::cli::DaemonArgs;
use crate::config::Config;

/// Runs the daemon.
pub async fn run(_cfg: &Config, _args: &DaemonArgs) -> anyhow::Result<i32> {
    anyhow::bail!("the daemon is being written")
}
