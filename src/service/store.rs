//! The service's own connection to the cache, on a thread of its own: async code hands
//! it work and awaits the answer, so SQLite never stalls the runtime, and the service's
//! writes (agents' commands, chats, buyers, assessments) go through one connection, one
//! after another.

use std::path::Path;
use std::sync::mpsc;

use tokio::sync::oneshot;

use crate::cache::{Cache, CacheError};

type Job = Box<dyn FnOnce(&mut Cache) + Send>;

/// A handle to the store thread; cloning it shares the thread.
#[derive(Clone)]
pub struct Store {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

/// The store thread is gone (it panicked); the service cannot go on.
#[derive(Debug, thiserror::Error)]
#[error("the service's cache thread stopped unexpectedly")]
pub struct StoreGone;

impl Store {
    /// Opens the cache (creating it when `create`) and starts its thread. The thread
    /// ends when the last handle is dropped.
    pub fn open(db: &Path, create: bool, claim_idle_minutes: i64) -> Result<Store, CacheError> {
        let cache = if create {
            Cache::open(db)?
        } else {
            Cache::open_existing(db)?
        };
        let mut cache = cache.with_claim_idle(claim_idle_minutes);
        let (jobs, rx) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("service-store".into())
            .spawn(move || {
                for job in rx {
                    job(&mut cache);
                }
            })
            .map_err(|e| CacheError::Unusable {
                path: db.into(),
                why: format!("could not start the cache thread: {e}"),
            })?;
        Ok(Store { jobs })
    }

    /// Runs `f` on the store thread and returns what it returns.
    pub async fn run<T, F>(&self, f: F) -> Result<T, StoreGone>
    where
        T: Send + 'static,
        F: FnOnce(&mut Cache) -> T + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        self.jobs
            .send(Box::new(move |c| {
                let _ = tx.send(f(c));
            }))
            .map_err(|_| StoreGone)?;
        rx.await.map_err(|_| StoreGone)
    }

    /// Runs `f` on the store thread from a thread that is not async, waiting for it.
    pub fn run_blocking<T, F>(&self, f: F) -> Result<T, StoreGone>
    where
        T: Send + 'static,
        F: FnOnce(&mut Cache) -> T + Send + 'static,
    {
        let (tx, rx) = std::sync::mpsc::channel();
        self.jobs
            .send(Box::new(move |c| {
                let _ = tx.send(f(c));
            }))
            .map_err(|_| StoreGone)?;
        rx.recv().map_err(|_| StoreGone)
    }
}
