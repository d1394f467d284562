//! Logs go to a file (a full-screen program cannot log to the terminal). The level
//! comes from `YM_TRIAGE_LOG` (e.g. `debug`, `ym_triage::service::sync=trace`), `info` by default.

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::EnvFilter;

/// Starts logging into `dir/ym-triage.log`, or `own/ym-triage.log` when `dir` is not
/// this user's to write (on a shared server the daemon's log folder is the daemon's).
/// Keep the guard alive: dropping it flushes. Without a writable folder the program
/// runs without a log, saying so once.
pub fn init(dir: &Path, own: &Path) -> Option<WorkerGuard> {
    let open = |d: &Path| {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        if !d.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o750)
                .create(d)
                .map_err(|e| e.to_string())?;
        }
        let appender = tracing_appender::rolling::RollingFileAppender::builder()
            .filename_prefix("ym-triage.log")
            .build(d)
            .map_err(|e| e.to_string())?;
        // The log names orders and agents: never for others to read.
        let file = d.join("ym-triage.log");
        if let Ok(m) = std::fs::metadata(&file)
            && m.permissions().mode() & 0o007 != 0
        {
            let mode = m.permissions().mode() & 0o770;
            let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode));
        }
        Ok::<_, String>(appender)
    };
    let appender = match open(dir) {
        Ok(a) => a,
        Err(first) if dir != own => match open(own) {
            Ok(a) => a,
            Err(e) => {
                eprintln!(
                    "warning: no log file ({}: {first}; {}: {e})",
                    dir.display(),
                    own.display()
                );
                return None;
            }
        },
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
