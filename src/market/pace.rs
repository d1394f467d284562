//! Pacing of calls to the Market: how many may be in flight per business, how fast to
//! go when a quota runs low, and how long to back off between attempts. The client
//! asks; this module only keeps the books and does the arithmetic.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Below this share of the window's limit the client spreads the remaining requests
/// over the time left, so a sync slows down instead of running into a 420.
const LOW_QUOTA_SHARE: f64 = 0.05;

/// Who the Market counts parallel requests against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PaceKey {
    /// `/businesses/{id}/…`, and campaign paths whose business is known.
    Business(i64),
    /// `/campaigns/{id}/…` of a campaign whose business is not known yet.
    Campaign(i64),
    /// Paths of neither kind: the key's own cabinet.
    Cabinet,
}

/// The latest `X-RateLimit-Resource-*` headers, for the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitState {
    /// The method they were counted for, e.g. `POST /v1/businesses/{businessId}/orders`.
    pub resource: String,
    /// `X-RateLimit-Resource-Limit`: requests allowed in the window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Resource-Remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Resource-Until`: when the window resets.
    pub until: Option<DateTime<Utc>>,
}

/// What the quota books say about sending one more request now.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Send now.
    Go,
    /// Send after this pause (the quota is low and requests are being spread out).
    Wait(Duration),
    /// Nothing is left until `until`, and that is further away than we may wait.
    Exhausted(DateTime<Utc>),
}

/// The books of one method for one business: the window as the Market last reported
/// it, counted down locally between answers.
#[derive(Debug, Default)]
struct Quota {
    limit: Option<u64>,
    remaining: Option<u64>,
    until: Option<DateTime<Utc>>,
    /// The moment the last paced request was allowed to go.
    last_slot: Option<Instant>,
}

/// Shared state of all clones of one client.
#[derive(Debug)]
pub(crate) struct Pacer {
    max_in_flight: usize,
    slots: Mutex<HashMap<PaceKey, Arc<Semaphore>>>,
    campaign_business: RwLock<HashMap<i64, i64>>,
    quotas: Mutex<HashMap<(&'static str, PaceKey), Quota>>,
    latest: Mutex<Option<(&'static str, Quota)>>,
    rng: AtomicU64,
}

/// A poisoned lock only means another task panicked mid-update of plain counters;
/// the numbers are still usable, so carry on rather than spread the panic.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Pacer {
    pub(crate) fn new(max_in_flight: usize) -> Self {
        let seed = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9_7F4A_7C15);
        Self {
            max_in_flight: max_in_flight.max(1),
            slots: Mutex::new(HashMap::new()),
            campaign_business: RwLock::new(HashMap::new()),
            quotas: Mutex::new(HashMap::new()),
            latest: Mutex::new(None),
            rng: AtomicU64::new(seed),
        }
    }

    /// Records which business a campaign belongs to, so its calls share that business's
    /// parallel budget.
    pub(crate) fn remember_campaign(&self, campaign_id: i64, business_id: i64) {
        let mut map = self
            .campaign_business
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.insert(campaign_id, business_id);
    }

    /// The key for a `/campaigns/{id}/…` path.
    pub(crate) fn campaign_key(&self, campaign_id: i64) -> PaceKey {
        let map = self
            .campaign_business
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match map.get(&campaign_id) {
            Some(&b) => PaceKey::Business(b),
            None => PaceKey::Campaign(campaign_id),
        }
    }

    /// Waits for one of the in-flight slots of `key`; the slot is freed when the permit
    /// is dropped. `None` only if the semaphore were closed, which this module never
    /// does; the call then goes unthrottled rather than failing.
    pub(crate) async fn slot(&self, key: PaceKey) -> Option<OwnedSemaphorePermit> {
        let sem = {
            let mut slots = lock(&self.slots);
            slots
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(self.max_in_flight)))
                .clone()
        };
        sem.acquire_owned().await.ok()
    }

    /// Asks the books whether one more request of `resource` may go now, and reserves
    /// it if so. `max_wait` bounds how long we agree to wait for a window to reset.
    pub(crate) fn gate(&self, resource: &'static str, key: PaceKey, max_wait: Duration) -> Gate {
        let now = Instant::now();
        let wall = Utc::now();
        let mut quotas = lock(&self.quotas);
        let Some(q) = quotas.get_mut(&(resource, key)) else {
            return Gate::Go;
        };
        let (Some(remaining), Some(until)) = (q.remaining, q.until) else {
            return Gate::Go;
        };
        let left = (until - wall).to_std().unwrap_or(Duration::ZERO);
        if left.is_zero() {
            // The window has reset; the next answer will tell the new numbers.
            q.remaining = None;
            q.last_slot = None;
            return Gate::Go;
        }
        if remaining == 0 {
            if left > max_wait {
                return Gate::Exhausted(until);
            }
            // Everyone waits for the reset; the books stay at zero until then, so no
            // concurrent caller slips through early.
            return Gate::Wait(left);
        }
        let limit = q.limit.unwrap_or(u64::MAX);
        q.remaining = Some(remaining - 1);
        if (remaining as f64) >= (limit as f64) * LOW_QUOTA_SHARE {
            // Remember the send, so spacing that starts later counts from it.
            q.last_slot = Some(now);
            return Gate::Go;
        }
        // Spread what is left evenly over the time left. Slots are reserved under the
        // lock so concurrent callers queue behind each other instead of all waking at
        // once.
        let spacing = left / (remaining.min(u32::MAX as u64) as u32);
        let slot = match q.last_slot {
            Some(last) => (last + spacing).max(now),
            None => now,
        };
        q.last_slot = Some(slot);
        let wait = slot.saturating_duration_since(now).min(max_wait);
        if wait.is_zero() {
            Gate::Go
        } else {
            Gate::Wait(wait)
        }
    }

    /// Takes in the rate-limit headers of an answer. Within one window the lower of the
    /// reported and the locally counted remainder wins, since answers to concurrent
    /// requests arrive out of order.
    pub(crate) fn observe(
        &self,
        resource: &'static str,
        key: PaceKey,
        limit: Option<u64>,
        remaining: Option<u64>,
        until: Option<DateTime<Utc>>,
    ) {
        if limit.is_none() && remaining.is_none() && until.is_none() {
            return;
        }
        {
            let mut quotas = lock(&self.quotas);
            let q = quotas.entry((resource, key)).or_default();
            let same_window = until.is_some() && q.until == until;
            q.limit = limit.or(q.limit);
            q.remaining = match (same_window, q.remaining, remaining) {
                (true, Some(mine), Some(theirs)) => Some(mine.min(theirs)),
                (_, mine, theirs) => theirs.or(mine),
            };
            if until.is_some() {
                q.until = until;
            }
        }
        *lock(&self.latest) = Some((
            resource,
            Quota {
                limit,
                remaining,
                until,
                last_slot: None,
            },
        ));
    }

    /// Marks the quota of `resource` as used up until `until` (after a quota 420).
    pub(crate) fn exhaust(&self, resource: &'static str, key: PaceKey, until: DateTime<Utc>) {
        let limit = {
            let mut quotas = lock(&self.quotas);
            let q = quotas.entry((resource, key)).or_default();
            q.remaining = Some(0);
            q.until = Some(until);
            q.limit
        };
        *lock(&self.latest) = Some((
            resource,
            Quota {
                limit,
                remaining: Some(0),
                until: Some(until),
                last_slot: None,
            },
        ));
    }

    /// The rate-limit state the Market reported last.
    pub(crate) fn latest(&self) -> Option<RateLimitState> {
        lock(&self.latest)
            .as_ref()
            .map(|(resource, q)| RateLimitState {
                resource: (*resource).to_owned(),
                limit: q.limit,
                remaining: q.remaining,
                until: q.until,
            })
    }

    /// Capped exponential backoff with full jitter: a uniform pause in
    /// `[0, min(cap, base·2^(attempt-1))]`, so retrying clients spread out.
    pub(crate) fn backoff(&self, attempt: u32, base: Duration, cap: Duration) -> Duration {
        self.uniform(
            Duration::ZERO,
            crate::base::backoff::capped(attempt, base, cap),
        )
    }

    /// A uniform pause in `[lo, hi]`.
    pub(crate) fn uniform(&self, lo: Duration, hi: Duration) -> Duration {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo).as_nanos() as u64;
        lo + Duration::from_nanos(self.next_random() % (span + 1))
    }

    /// SplitMix64: good enough to decorrelate retries.
    fn next_random(&self) -> u64 {
        use crate::base::splitmix::{GOLDEN, mix};
        mix(self
            .rng
            .fetch_add(GOLDEN, Ordering::Relaxed)
            .wrapping_add(GOLDEN))
    }
}

#[cfg(test)]
mod tests;
