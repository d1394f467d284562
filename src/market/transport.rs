//! One HTTP exchange with the Market and the retry loop around it: headers, pacing,
//! reading the answer, turning failures into `MarketError`, deciding what to retry.
//! The typed endpoints live in `client.rs`; they describe a `Call` and hand it here.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use chrono::{DateTime, Utc};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use super::config::ClientConfig;
use super::error::{MarketError, RateLimitKind, snippet};
use super::pace::{Gate, PaceKey, Pacer};
use super::wire::ApiErrorResponse;

/// `X-Market-Integration`: labels our calls in the cabinet's query log.
const INTEGRATION: &str = concat!("ym-triage/", env!("CARGO_PKG_VERSION"));
const LIMIT: &str = "x-ratelimit-resource-limit";
const REMAINING: &str = "x-ratelimit-resource-remaining";
const UNTIL: &str = "x-ratelimit-resource-until";
/// How long to hold off after a quota 420 that names no reset time (or less, when
/// `max_quota_wait` is shorter): there is no telling when the window resets.
const DEFAULT_QUOTA_PAUSE: Duration = Duration::from_secs(60);
/// How much of a non-JSON error body goes into the message.
const SNIPPET_CHARS: usize = 200;
/// How much of an error answer is read: enough for the Market's error envelope.
const ERROR_BODY_BYTES: usize = 64 * 1024;

/// May a failed call be sent again?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resend {
    /// Repeating it is harmless: retry transport damage, timeouts, 5xx and 420.
    Idempotent,
    /// It may have taken effect once it reached the Market (a chat message): retry
    /// only when it surely did not (connection never made, or a 420, which the Market
    /// sends before processing).
    OnlyIfUnsent,
}

/// One call as an endpoint describes it.
pub(crate) struct Call {
    pub method: Method,
    /// The versioned path with ids filled in, e.g. `/v1/businesses/7654321/orders`.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub body: Option<Bytes>,
    /// The method's path template: the quota books are kept per template.
    pub resource: &'static str,
    pub key: PaceKey,
    pub resend: Resend,
}

impl Call {
    /// An idempotent call with no query and no body; endpoints fill in the rest.
    pub fn new(method: Method, resource: &'static str, path: String, key: PaceKey) -> Self {
        Self {
            method,
            path,
            query: Vec::new(),
            body: None,
            resource,
            key,
            resend: Resend::Idempotent,
        }
    }

    /// `METHOD /path`: what errors and logs name; no query string, never the key.
    fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// An answer's body as far as it was read.
enum Body {
    /// All of it.
    Whole(Bytes),
    /// It went on past the limit; these are its first bytes.
    Cut(Bytes),
}

impl Body {
    /// What was read, whole or not.
    fn bytes(self) -> Bytes {
        match self {
            Body::Whole(b) | Body::Cut(b) => b,
        }
    }
}

/// Reads at most `limit` bytes of the answer; the rest is never read (the connection
/// is dropped with the response), so an endless answer costs `limit`, not memory.
async fn read_body(mut resp: reqwest::Response, limit: usize) -> Result<Body, reqwest::Error> {
    if resp.content_length().is_some_and(|n| n > limit as u64) {
        return Ok(Body::Cut(Bytes::new()));
    }
    let mut buf = bytes::BytesMut::new();
    while let Some(chunk) = resp.chunk().await? {
        if buf.len() + chunk.len() > limit {
            let room = limit - buf.len();
            buf.extend_from_slice(&chunk[..room]);
            return Ok(Body::Cut(buf.freeze()));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Body::Whole(buf.freeze()))
}

/// What to do after one attempt.
enum Step<T> {
    Done(T),
    Fail(MarketError),
    /// Try again after `pause`, or after the exponential backoff of this attempt when
    /// `None`.
    Retry {
        error: MarketError,
        pause: Option<Duration>,
    },
}

/// The shared half of every `MarketClient` clone.
pub(crate) struct Transport {
    http: reqwest::Client,
    base: String,
    cfg: ClientConfig,
    pub(crate) pacer: Pacer,
    sent: AtomicU64,
}

impl Transport {
    pub(crate) fn new(cfg: ClientConfig) -> Result<Self, MarketError> {
        // reqwest is built without a default crypto provider; installing ring here
        // means no caller can forget it. A second install is a harmless no-op error.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut headers = HeaderMap::new();
        let mut key =
            HeaderValue::from_str(cfg.api_key.expose()).map_err(|_| MarketError::Config {
                detail: "the Api-Key contains characters an HTTP header cannot carry".into(),
            })?;
        // Marked sensitive so no HTTP-level debug output ever prints it.
        key.set_sensitive(true);
        headers.insert(HeaderName::from_static("api-key"), key);
        headers.insert(
            HeaderName::from_static("x-market-integration"),
            HeaderValue::from_static(INTEGRATION),
        );
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .build()
            .map_err(|e| MarketError::Config {
                detail: error_chain(e),
            })?;
        let base = cfg.base_url.trim_end_matches('/').to_owned();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(MarketError::Config {
                detail: format!("the base URL `{base}` must start with http:// or https://"),
            });
        }
        Ok(Self {
            http,
            base,
            pacer: Pacer::new(cfg.max_in_flight_per_business),
            cfg,
            sent: AtomicU64::new(0),
        })
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base
    }

    pub(crate) fn config(&self) -> &ClientConfig {
        &self.cfg
    }

    pub(crate) fn requests_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Runs `call` until it succeeds, fails for good, or runs out of attempts.
    /// `decode` reads a 2xx body; its failure counts as transport damage.
    pub(crate) async fn execute<T>(
        &self,
        call: &Call,
        decode: impl Fn(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<T, MarketError> {
        let endpoint = call.endpoint();
        let url = format!("{}{}", self.base, call.path);
        let max_attempts = self.cfg.max_attempts.max(1);
        let mut attempt = 0;
        let mut timeouts = 0;
        // All the time this call spent waiting on quotas: bounded by `max_quota_wait` in
        // all, not per attempt, so a Market that keeps answering 420 cannot hold one
        // call for attempts × the wait.
        let mut quota_waited = Duration::ZERO;
        loop {
            attempt += 1;
            let budget = self.cfg.max_quota_wait.saturating_sub(quota_waited);
            match self.pacer.gate(call.resource, call.key, budget) {
                Gate::Go => {}
                Gate::Wait(pause) => {
                    tracing::debug!(endpoint = %endpoint, pause_ms = pause.as_millis() as u64, "pacing: quota is low");
                    quota_waited += pause;
                    tokio::time::sleep(pause).await;
                }
                Gate::Exhausted(until) => {
                    return Err(MarketError::RateLimited {
                        endpoint,
                        kind: RateLimitKind::Quota,
                        until: Some(until),
                    });
                }
            }
            let step = {
                let _slot = self.pacer.slot(call.key).await;
                self.attempt(call, &url, &endpoint, &decode).await
            };
            match step {
                Step::Done(v) => return Ok(v),
                Step::Fail(e) => return Err(e),
                Step::Retry { error, pause } => {
                    if attempt >= max_attempts {
                        return Err(error);
                    }
                    if matches!(error, MarketError::Timeout { .. }) {
                        timeouts += 1;
                        if timeouts >= self.cfg.timeout_attempts.max(1) {
                            return Err(error);
                        }
                    }
                    if let MarketError::RateLimited {
                        kind: RateLimitKind::Quota,
                        ..
                    } = error
                    {
                        let wait = pause.unwrap_or_default();
                        if quota_waited + wait > self.cfg.max_quota_wait {
                            return Err(error);
                        }
                        quota_waited += wait;
                    }
                    let pause = pause.unwrap_or_else(|| {
                        self.pacer
                            .backoff(attempt, self.cfg.backoff_base, self.cfg.backoff_cap)
                    });
                    tracing::warn!(
                        endpoint = %endpoint,
                        attempt,
                        max_attempts,
                        pause_ms = pause.as_millis() as u64,
                        reason = %error,
                        "retrying a Market call"
                    );
                    tokio::time::sleep(pause).await;
                }
            }
        }
    }

    /// One HTTP exchange and the verdict on it.
    async fn attempt<T>(
        &self,
        call: &Call,
        url: &str,
        endpoint: &str,
        decode: &impl Fn(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Step<T> {
        let mut req = self.http.request(call.method.clone(), url);
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(body) = &call.body {
            req = req.body(body.clone());
        }
        self.sent.fetch_add(1, Ordering::Relaxed);
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return self.transport_failure(call, endpoint, e, false),
        };
        let status = resp.status();
        let (limit, remaining, until) = rate_headers(resp.headers());
        self.pacer
            .observe(call.resource, call.key, limit, remaining, until);
        if status.is_success() {
            let body = match read_body(resp, self.cfg.max_body_bytes).await {
                Ok(Body::Whole(b)) => b,
                Ok(Body::Cut(_)) => {
                    let error = MarketError::TooLarge {
                        endpoint: endpoint.to_owned(),
                        limit: self.cfg.max_body_bytes,
                    };
                    return match call.resend {
                        // As with a lost body below: the 2xx says the Market acted.
                        Resend::OnlyIfUnsent => match decode(&[]) {
                            Ok(v) => Step::Done(v),
                            Err(_) => Step::Fail(error),
                        },
                        Resend::Idempotent => Step::Fail(error),
                    };
                }
                // The status line said 2xx, so the Market acted; a call that must not
                // repeat is done as far as we can tell.
                Err(e) => match call.resend {
                    Resend::OnlyIfUnsent => {
                        return match decode(&[]) {
                            Ok(v) => Step::Done(v),
                            Err(_) => self.transport_failure(call, endpoint, e, true),
                        };
                    }
                    Resend::Idempotent => return self.transport_failure(call, endpoint, e, true),
                },
            };
            return match decode(&body) {
                Ok(v) => Step::Done(v),
                Err(e) => {
                    let error = MarketError::Malformed {
                        endpoint: endpoint.to_owned(),
                        detail: self.scrub(e.to_string()),
                    };
                    match call.resend {
                        Resend::Idempotent => self.retry_after_backoff(error),
                        Resend::OnlyIfUnsent => match decode(&[]) {
                            Ok(v) => Step::Done(v),
                            Err(_) => Step::Fail(error),
                        },
                    }
                }
            };
        }
        let body = read_body(resp, ERROR_BODY_BYTES)
            .await
            .map(Body::bytes)
            .unwrap_or_default();
        let error = self.api_error(endpoint, status, &body);
        if status.as_u16() == 420 {
            return self.rate_limited(call, endpoint, error, until);
        }
        if status.is_server_error() && call.resend == Resend::Idempotent {
            return self.retry_after_backoff(error);
        }
        Step::Fail(error)
    }

    /// A 420: parallel → brief jittered pause; quota → wait for the reset if that is
    /// soon enough, else give up with `RateLimited`.
    fn rate_limited<T>(
        &self,
        call: &Call,
        endpoint: &str,
        error: MarketError,
        until: Option<DateTime<Utc>>,
    ) -> Step<T> {
        let parallel = match &error {
            MarketError::Api {
                message, errors, ..
            } => {
                message.to_ascii_lowercase().contains("parallel")
                    || errors.iter().any(|e| {
                        e.message
                            .as_deref()
                            .is_some_and(|m| m.to_ascii_lowercase().contains("parallel"))
                    })
            }
            _ => false,
        };
        if parallel {
            let base = self.cfg.parallel_backoff;
            return Step::Retry {
                error: MarketError::RateLimited {
                    endpoint: endpoint.to_owned(),
                    kind: RateLimitKind::Parallel,
                    until: None,
                },
                pause: Some(self.pacer.uniform(base, base.saturating_mul(2))),
            };
        }
        let now = Utc::now();
        let until = until.unwrap_or_else(|| {
            let pause = DEFAULT_QUOTA_PAUSE.min(self.cfg.max_quota_wait);
            now + chrono::TimeDelta::from_std(pause).unwrap_or(chrono::TimeDelta::minutes(1))
        });
        self.pacer.exhaust(call.resource, call.key, until);
        let error = MarketError::RateLimited {
            endpoint: endpoint.to_owned(),
            kind: RateLimitKind::Quota,
            until: Some(until),
        };
        match (until - now).to_std() {
            Ok(wait) if wait > self.cfg.max_quota_wait => Step::Fail(error),
            // After this pause the window has reset and the gate lets the retry through.
            Ok(wait) => Step::Retry {
                error,
                pause: Some(wait),
            },
            // A reset time already past (clock skew): pause a little and try again.
            Err(_) => Step::Retry {
                error,
                pause: Some(self.pacer.uniform(
                    self.cfg.parallel_backoff,
                    self.cfg.parallel_backoff.saturating_mul(2),
                )),
            },
        }
    }

    fn retry_after_backoff<T>(&self, error: MarketError) -> Step<T> {
        Step::Retry { error, pause: None }
    }

    /// A send or body-read failure. `reached` is true once a status line came back.
    fn transport_failure<T>(
        &self,
        call: &Call,
        endpoint: &str,
        e: reqwest::Error,
        reached: bool,
    ) -> Step<T> {
        let connect = !reached && e.is_connect();
        let error = if e.is_timeout() && !connect {
            MarketError::Timeout {
                endpoint: endpoint.to_owned(),
                after: self.cfg.timeout,
            }
        } else {
            MarketError::Transport {
                endpoint: endpoint.to_owned(),
                detail: self.scrub(error_chain(e)),
                connect,
            }
        };
        if connect || call.resend == Resend::Idempotent {
            self.retry_after_backoff(error)
        } else {
            Step::Fail(error)
        }
    }

    /// The Market's error envelope, or the start of whatever came instead.
    fn api_error(&self, endpoint: &str, status: StatusCode, body: &[u8]) -> MarketError {
        let parsed = serde_json::from_slice::<ApiErrorResponse>(body)
            .ok()
            .filter(|r| !r.errors.is_empty());
        let (code, message, errors) = match parsed {
            Some(r) => {
                let mut errors = r.errors;
                for e in &mut errors {
                    e.message = e.message.take().map(|m| self.scrub(m));
                }
                let first = &errors[0];
                let message = first
                    .message
                    .clone()
                    .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_owned());
                (first.code.clone(), message, errors)
            }
            None => (
                String::new(),
                self.scrub(snippet(body, SNIPPET_CHARS)),
                Vec::new(),
            ),
        };
        MarketError::Api {
            endpoint: endpoint.to_owned(),
            http_status: status.as_u16(),
            code,
            message,
            errors,
        }
    }

    /// Removes the key from text that came from outside (an echoing server, an error
    /// message), in case it is there, in whatever case or encoding (`ApiKey::scrub`).
    fn scrub(&self, text: String) -> String {
        self.cfg.api_key.scrub(&text)
    }
}

/// The `X-RateLimit-Resource-*` headers; a value that does not parse counts as absent.
fn rate_headers(h: &HeaderMap) -> (Option<u64>, Option<u64>, Option<DateTime<Utc>>) {
    let num = |name: &str| {
        h.get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok())
    };
    let until = h
        .get(UNTIL)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_rfc822);
    (num(LIMIT), num(REMAINING), until)
}

/// An RFC 822 date such as `Tue, 10 Jul 2018 00:42:42 GMT`. chrono rejects a weekday
/// that does not match the date (the Market's own docs show `Thu` for that Tuesday), so
/// a date that fails with its weekday is read again without it.
fn parse_rfc822(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    DateTime::parse_from_rfc2822(s)
        .ok()
        .or_else(|| {
            let (_, rest) = s.split_once(',')?;
            DateTime::parse_from_rfc2822(rest.trim()).ok()
        })
        .map(|t| t.with_timezone(&Utc))
}

/// An error and its causes on one line, without the URL: the endpoint is named
/// separately, and the query string may carry page tokens.
fn error_chain(e: reqwest::Error) -> String {
    use std::error::Error as _;
    let e = e.without_url();
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let text = s.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests;
