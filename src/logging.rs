//! Logs go to a file (a full-screen program cannot log to the terminal). The level
//! comes from `YM_TRIAGE_LOG` (e.g. `debug`, `ym_triage::sync=trace`), `info` by default.

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Starts logging into `dir/ym-triage.log`. Keep the guard alive: dropping it flushes.
/// Without a writable folder the program runs without a log, saying so once.
pub fn init(dir: &Path) -> Option<WorkerGuard> {
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("warning: no log file ({}: {e})", dir.display());
        return None;
    }
    // The builder, unlike `rolling::never`, returns the failure instead of panicking:
    // a folder that exists but is not this user's to write is common on a shared server.
    let appender = match tracing_appender::rolling::RollingFileAppender::builder()
        .rotation(tracing_appender::rolling::Rotation::NEVER)
        .filename_prefix("ym-triage.log")
        .build(dir)
    {
        Ok(a) => a,
        Err(e) => {
            eprintln!("warning: no log file ({}: {e})", dir.display());
            return None;
        }
    };
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        EnvFilter::try_from_env("YM_TRIAGE_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let ok = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(false)
        .try_init()
        .is_ok();
    ok.then_some(guard)
}

static START: OnceLock<Instant> = OnceLock::new();

/// Marks the process's start; call first thing in `main`.
pub fn mark_start() {
    START.get_or_init(Instant::now);
}

/// Time since `mark_start` (zero if it was never called).
pub fn since_start() -> Duration {
    START.get().map(Instant::elapsed).unwrap_or_default()
}
