//! `MarketError`: every way a call to the Market can fail, each naming the endpoint
//! (method + path, never the key or a query string) so a user sees what failed.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Local, Utc};

use crate::market::wire::ApiErrorDto;

/// Which of the two 420 limits was hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitKind {
    /// The hourly (or per-minute) request quota of the method is used up.
    Quota,
    /// Too many requests were in flight at once for the campaign or business.
    Parallel,
}

impl fmt::Display for RateLimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RateLimitKind::Quota => "quota exhausted",
            RateLimitKind::Parallel => "too many parallel requests",
        })
    }
}

/// A failed call to the Market Partner API.
#[derive(Debug, Clone, thiserror::Error)]
pub enum MarketError {
    /// The Market answered with an error status. `code` and `message` are those of the
    /// first error of the body; `errors` keeps them all. A body that was not the
    /// Market's JSON error envelope leaves `code` empty and puts the start of the body
    /// (cleaned of control characters) in `message`.
    #[error("the Market answered {endpoint} with HTTP {http_status}{}: {message}{}", code_part(.code), more_part(.errors))]
    Api {
        endpoint: String,
        http_status: u16,
        code: String,
        message: String,
        errors: Vec<ApiErrorDto>,
    },

    /// A 420 that could not be waited out within the configured limits.
    #[error("{kind} for {endpoint}{}", until_part(.until))]
    RateLimited {
        endpoint: String,
        kind: RateLimitKind,
        /// When the Market said the window resets, if it said.
        until: Option<DateTime<Utc>>,
    },

    /// The connection could not be made, or broke before the answer was complete.
    #[error("could not reach the Market for {endpoint}: {detail}")]
    Transport {
        endpoint: String,
        detail: String,
        /// True when the connection was never made, so the request surely did not
        /// reach the Market.
        connect: bool,
    },

    /// No complete answer within the configured timeout.
    #[error("the Market did not answer in {} s ({endpoint})", .after.as_secs_f32())]
    Timeout { endpoint: String, after: Duration },

    /// A 2xx answer whose body was not the JSON the endpoint promises (truncated,
    /// malformed or of the wrong shape).
    #[error("the Market's answer to {endpoint} was not valid JSON: {detail}")]
    Malformed { endpoint: String, detail: String },

    /// A 2xx answer that reads as JSON but cannot be what the endpoint promises: a
    /// page without its list, page tokens that lead back to a page already read.
    /// Taking it at its word would lose data (an empty page ends a pass early) or
    /// never end (a circle of tokens).
    #[error("the Market's answer to {endpoint} is broken: {detail}")]
    Broken { endpoint: String, detail: String },

    /// An answer longer than the client reads (`ClientConfig::max_body_bytes`): no
    /// endpoint answers with that much, and reading on would take the memory.
    #[error("the Market's answer to {endpoint} is longer than {} MiB; it was not read", .limit / (1024 * 1024))]
    TooLarge { endpoint: String, limit: usize },

    /// One order of a page could not be read; the rest of the page is unaffected.
    #[error("order {} could not be read: {detail}", order_part(.order_id))]
    BadOrder {
        order_id: Option<i64>,
        detail: String,
    },

    /// The client could not be built (bad base URL, a key with characters a header
    /// cannot carry, TLS setup).
    #[error("the Market client is misconfigured: {detail}")]
    Config { detail: String },
}

fn code_part(code: &str) -> String {
    if code.is_empty() {
        String::new()
    } else {
        format!(" {code}")
    }
}

fn more_part(errors: &[ApiErrorDto]) -> String {
    match errors.len() {
        0 | 1 => String::new(),
        2 => " (and 1 more error)".to_owned(),
        n => format!(" (and {} more errors)", n - 1),
    }
}

fn until_part(until: &Option<DateTime<Utc>>) -> String {
    // Local time: the user compares it with the clock on their screen.
    match until {
        Some(t) => format!(" until {}", t.with_timezone(&Local).format("%H:%M")),
        None => String::new(),
    }
}

fn order_part(id: &Option<i64>) -> String {
    match id {
        Some(id) => id.to_string(),
        None => "(id unknown)".to_owned(),
    }
}

impl MarketError {
    /// True for 401 and 403: the key is wrong, revoked, lacks a scope, or the shop is
    /// switched off. Retrying will not help; the user must fix the key or the cabinet.
    pub fn is_auth(&self) -> bool {
        matches!(self.http_status(), Some(401 | 403))
    }

    /// True when the same call may succeed later unchanged: transport damage, timeouts,
    /// 5xx and rate limits. Never true for other 4xx. For `send_message` a retryable
    /// error does not mean "not delivered": see `MarketClient::send_message`.
    pub fn is_retryable(&self) -> bool {
        match self {
            MarketError::Api { http_status, .. } => *http_status >= 500 || *http_status == 420,
            // A broken answer may be the Market's passing fault: a later run asks again.
            MarketError::RateLimited { .. }
            | MarketError::Transport { .. }
            | MarketError::Timeout { .. }
            | MarketError::Malformed { .. }
            | MarketError::Broken { .. } => true,
            MarketError::TooLarge { .. }
            | MarketError::BadOrder { .. }
            | MarketError::Config { .. } => false,
        }
    }

    /// The HTTP status the Market answered with, when it answered with an error status.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            MarketError::Api { http_status, .. } => Some(*http_status),
            MarketError::RateLimited { .. } => Some(420),
            _ => None,
        }
    }

    /// The endpoint (`METHOD /path`) the error is about, when it is about one.
    pub fn endpoint(&self) -> Option<&str> {
        match self {
            MarketError::Api { endpoint, .. }
            | MarketError::RateLimited { endpoint, .. }
            | MarketError::Transport { endpoint, .. }
            | MarketError::Timeout { endpoint, .. }
            | MarketError::Malformed { endpoint, .. }
            | MarketError::Broken { endpoint, .. }
            | MarketError::TooLarge { endpoint, .. } => Some(endpoint),
            MarketError::BadOrder { .. } | MarketError::Config { .. } => None,
        }
    }
}

/// The first `max` characters of a body, with control characters dropped, so an HTML
/// error page or binary junk still makes a one-line, printable message.
pub(crate) fn snippet(body: &[u8], max: usize) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::with_capacity(max.min(text.len()));
    let mut kept = 0;
    let mut last_space = true;
    for c in text.chars() {
        if kept >= max {
            out.push('…');
            break;
        }
        // Newlines and tabs become single spaces; other control characters vanish.
        let c = if c.is_whitespace() { ' ' } else { c };
        if c.is_control() || (c == ' ' && last_space) {
            continue;
        }
        last_space = c == ' ';
        out.push(c);
        kept += 1;
    }
    let trimmed = out.trim_end();
    if trimmed.is_empty() {
        "(empty body)".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests;
