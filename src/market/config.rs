//! How the client talks to the Market: the address, the key, and the limits of its
//! timeouts, retries and pacing.

use std::time::Duration;

use super::key::ApiKey;

/// How the client talks to the Market. `ClientConfig::new` fills the defaults.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// `https://api.partner.market.yandex.ru`, or the simulator's address.
    pub base_url: String,
    /// Sent as `Api-Key: <key>` on every request.
    pub api_key: ApiKey,
    /// The whole request, connect to last byte (default 30 s; the Market's own is 10 s,
    /// so a request still unanswered after this will not be answered).
    pub timeout: Duration,
    /// Attempts of a call whose requests time out, the first included (default 2): one
    /// more covers a lost connection; more would only multiply the wait on a Market
    /// that does not answer.
    pub timeout_attempts: u32,
    /// The longest answer read (default 16 MiB; a page of 50 orders is well under 1 MiB).
    pub max_body_bytes: usize,
    /// Requests in flight at once per business (default 4, the Market's global rule).
    pub max_in_flight_per_business: usize,
    /// Attempts per call, the first included (default 5).
    pub max_attempts: u32,
    /// First step of the exponential backoff between retries (default 200 ms).
    pub backoff_base: Duration,
    /// Longest backoff between retries (default 10 s).
    pub backoff_cap: Duration,
    /// Pause after a "parallel requests" 420: between this and twice this (default 1 s).
    pub parallel_backoff: Duration,
    /// Longest wait, in all, of one call for quota windows to reset before giving up
    /// with `MarketError::RateLimited` (default 60 s).
    pub max_quota_wait: Duration,
}

impl ClientConfig {
    /// A configuration with the default timeouts, retries and pacing.
    pub fn new(base_url: impl Into<String>, api_key: ApiKey) -> Self {
        Self {
            base_url: base_url.into(),
            api_key,
            timeout: Duration::from_secs(30),
            timeout_attempts: 2,
            max_body_bytes: 16 * 1024 * 1024,
            max_in_flight_per_business: 4,
            max_attempts: 5,
            backoff_base: Duration::from_millis(200),
            backoff_cap: Duration::from_secs(10),
            parallel_backoff: Duration::from_secs(1),
            max_quota_wait: Duration::from_secs(60),
        }
    }
}
