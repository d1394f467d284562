//! Capped exponential backoff: the pause before a retry doubles with each attempt up to
//! a cap. The client spreads it with jitter; the outbox, which retries rows on a
//! schedule stored in the cache, uses it as it is.

use std::time::Duration;

/// `base · 2^(attempt-1)`, at most `cap` (attempt 1 waits `base`).
pub fn capped(attempt: u32, base: Duration, cap: Duration) -> Duration {
    base.saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
        .min(cap)
}

#[cfg(test)]
mod tests;
