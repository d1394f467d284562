//! Keeps this process's sync lease alive on a timer, from a thread with its own
//! connection to the cache. Renewing only when a page arrived let the lease lapse
//! while the Market was silent, and a second process then synced beside the first.

use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use chrono::{Duration, Utc};
use tokio::sync::watch;

use super::Holder;
use crate::cache::{Cache, CacheError};

/// The line the lease shows to others ("1200 orders, 24 pages"), set by the writer.
pub(super) type ProgressLine = Arc<Mutex<String>>;

/// Renews the lease every third of its time to live until stopped. When the lease
/// turns out to be someone else's (ours lapsed, say while the machine slept), it says
/// so through `lost()` and stops renewing.
pub(super) struct LeaseKeeper {
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    progress: ProgressLine,
    lost: watch::Receiver<bool>,
}

impl LeaseKeeper {
    /// Starts keeping the lease `holder` has just taken on the cache at `db`.
    pub(super) fn start(db: &Path, holder: &Holder, ttl: Duration) -> Result<Self, CacheError> {
        let cache = Cache::open(db)?;
        let (stop, stopped) = mpsc::channel::<()>();
        let (lost_tx, lost) = watch::channel(false);
        let progress = ProgressLine::default();
        let line = Arc::clone(&progress);
        let (pid, host) = (holder.pid, holder.host.clone());
        let every = std::time::Duration::from_millis((ttl.num_milliseconds() / 3).max(1000) as u64);
        let thread = std::thread::spawn(move || {
            // A message or a hang-up both mean "stop"; only the timer renews.
            while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                let text = line.lock().map(|l| l.clone()).unwrap_or_default();
                match cache.renew_lease(pid, &host, ttl, Utc::now(), &text) {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!("sync: the lease is no longer this process's; stopping");
                        let _ = lost_tx.send(true);
                        return;
                    }
                    // A busy cache: the next tick tries again, well within the lease.
                    Err(e) => tracing::warn!(error = %e, "sync: could not renew the lease"),
                }
            }
        });
        Ok(Self {
            stop: Some(stop),
            thread: Some(thread),
            progress,
            lost,
        })
    }

    /// Where the writer puts the progress line the next renewal shows.
    pub(super) fn progress(&self) -> ProgressLine {
        Arc::clone(&self.progress)
    }

    /// Turns true when another process holds the lease now.
    pub(super) fn lost(&self) -> watch::Receiver<bool> {
        self.lost.clone()
    }

    /// Stops renewing and waits for the thread (at most one renewal in flight).
    pub(super) fn stop(mut self) {
        self.halt();
    }

    fn halt(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for LeaseKeeper {
    /// A sync that ends by an early return or a panic must not leave a thread renewing
    /// a lease nobody uses.
    fn drop(&mut self) {
        self.halt();
    }
}
