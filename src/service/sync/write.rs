//! The writer thread of a sync: drains what the fetchers send, folds what is waiting
//! into one transaction, hands the stored orders to the service's hook and shows the
//! progress to other processes.

use std::sync::mpsc;

use chrono::Utc;

use super::lease::ProgressLine;
use super::{Batch, OnBatch, Progress, SyncError};
use crate::cache::{Cache, UpsertStats};
use crate::domain::order::Order;

/// The writer thread: drains what the fetchers send, a few pages per transaction,
/// and puts the progress where the lease keeper shows it to other processes.
pub(super) fn write_batches(
    mut cache: Cache,
    rx: mpsc::Receiver<Batch>,
    progress_line: ProgressLine,
    on_progress: impl Fn(Progress),
    mut on_batch: OnBatch,
) -> Result<(Cache, UpsertStats, u64), SyncError> {
    let mut stats = UpsertStats::default();
    let mut progress = Progress::default();
    while let Ok(first) = rx.recv() {
        let mut orders = Vec::new();
        take(first, &mut orders, &mut progress);
        // Group what is already waiting, up to ~4,000 orders: fewer commits, still short.
        while orders.len() < 4000 {
            match rx.try_recv() {
                Ok(b) => take(b, &mut orders, &mut progress),
                Err(_) => break,
            }
        }
        if !orders.is_empty() {
            let (batch, changed) =
                cache.upsert_orders_changed(std::mem::take(&mut orders), Utc::now())?;
            stats += batch;
            if !changed.is_empty() {
                on_batch(&mut cache, changed)?;
            }
        }
        progress.orders = stats.seen;
        if let Ok(mut line) = progress_line.lock() {
            *line = format!("{} orders, {} pages", progress.orders, progress.pages);
        }
        on_progress(progress);
    }
    Ok((cache, stats, progress.skipped))
}

pub(super) fn take(b: Batch, orders: &mut Vec<Order>, progress: &mut Progress) {
    progress.pages += 1;
    match b {
        Batch::Orders(o, s) => {
            progress.skipped += s;
            orders.extend(o);
        }
        Batch::Skipped(s) => progress.skipped += s,
    }
}
