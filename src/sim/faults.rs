//! Fault injection for the simulated Market: the `--faults` spec (`FaultSpec`), its
//! parser, and the per-request draw that decides latency and which fault, if any, a
//! request gets. The server applies the outcome; this file only decides.
//!
//! The draw for the n-th API request is a pure function of `(seed, n)`, so a client
//! that sends its requests one after another sees the same faults on every run.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::rng::Rng;

/// What `--faults` asks for. Rates are probabilities per API request (`/_sim/` routes
/// are never faulted); a request gets at most one fault, so the rates must add up to
/// at most 1.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FaultSpec {
    /// Extra delay before each API request is answered: `min..=max`, uniform.
    pub latency: Option<(Duration, Duration)>,
    /// `5xx=`: answer 500 or 503 with an error body; the request is not applied.
    pub server_error: f64,
    /// `420q=`: answer 420 "quota" with `Until` about a second ahead; the method stays
    /// refused until then, as a real exhausted quota would be.
    pub quota_420: f64,
    /// `420p=`: answer 420 "parallel requests".
    pub parallel_420: f64,
    /// `truncate=`: the request is applied, the JSON answer is cut in half.
    pub truncate: f64,
    /// `malformed=`: the request is applied, the answer is 200 with a body that is not JSON.
    pub malformed: f64,
    /// `reset=`: the request is applied, the connection is closed without an answer.
    pub reset: f64,
    /// `badorder=`: a page of orders carries one order in a shape the client cannot
    /// read (its `status` is a number), as a change on the Market's side might.
    pub bad_order: f64,
    /// `quota=N`: the hourly quota of every method, instead of the documented ones.
    pub quota: Option<u64>,
    /// `parallel=N`: requests allowed in flight per business or campaign, replacing the
    /// documented limits (4 globally, 6 for the orders list).
    pub parallel: Option<u32>,
    /// `window=DURATION`: the length of a quota window (default one hour), so tests can
    /// see a quota come back.
    pub window: Option<Duration>,
    /// `seed=N`: the seed of the fault draws.
    pub seed: u64,
}

/// A fault chosen for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Answer this 5xx code (500 or 503) without applying the request.
    ServerError(u16),
    /// Answer 420 as if the quota of the method were exhausted.
    Quota,
    /// Answer 420 as if too many requests were in flight.
    Parallel,
    /// Apply, then send half of the JSON.
    Truncate,
    /// Apply, then send a body that is not JSON.
    Malformed,
    /// Apply, then close the connection without an answer.
    Reset,
    /// Apply, then break one order of the answer (orders pages only).
    BadOrder,
}

impl Fault {
    /// The name used in `/_sim/stats` and in the write log.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Fault::ServerError(_) => "5xx",
            Fault::Quota => "420q",
            Fault::Parallel => "420p",
            Fault::Truncate => "truncate",
            Fault::Malformed => "malformed",
            Fault::Reset => "reset",
            Fault::BadOrder => "badorder",
        }
    }
}

/// The outcome of one draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Draw {
    pub latency: Duration,
    pub fault: Option<Fault>,
}

impl FaultSpec {
    /// No faults, documented quotas, no latency.
    pub fn none() -> FaultSpec {
        FaultSpec::default()
    }

    /// True when no request will ever be faulted or delayed (limits may still be set).
    pub fn is_none(&self) -> bool {
        self.latency.is_none() && self.total_rate() == 0.0
    }

    fn total_rate(&self) -> f64 {
        self.server_error
            + self.quota_420
            + self.parallel_420
            + self.truncate
            + self.malformed
            + self.reset
            + self.bad_order
    }

    /// Parses `latency=5ms..40ms,5xx=0.05,420q=0.02,420p=0.03,truncate=0.01,
    /// malformed=0.01,reset=0.01,quota=500,parallel=4,window=10s,seed=7`. Every item is
    /// optional; an empty string or `none` means no faults. The error names the item.
    pub fn parse(s: &str) -> Result<FaultSpec, String> {
        let mut spec = FaultSpec::none();
        let s = s.trim();
        if s.is_empty() || s == "none" {
            return Ok(spec);
        }
        for item in s.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            let Some((key, value)) = item.split_once('=') else {
                return Err(format!("fault item {item:?} is not KEY=VALUE"));
            };
            let (key, value) = (key.trim(), value.trim());
            let bad = |why: String| format!("fault item {item:?}: {why}");
            match key {
                "latency" => spec.latency = Some(parse_latency(value).map_err(bad)?),
                "5xx" => spec.server_error = parse_rate(value).map_err(bad)?,
                "420q" => spec.quota_420 = parse_rate(value).map_err(bad)?,
                "420p" => spec.parallel_420 = parse_rate(value).map_err(bad)?,
                "truncate" => spec.truncate = parse_rate(value).map_err(bad)?,
                "malformed" => spec.malformed = parse_rate(value).map_err(bad)?,
                "reset" => spec.reset = parse_rate(value).map_err(bad)?,
                "badorder" => spec.bad_order = parse_rate(value).map_err(bad)?,
                "quota" => spec.quota = Some(parse_count(value).map_err(bad)?),
                "parallel" => {
                    let n = parse_count(value).map_err(bad)?;
                    let n = u32::try_from(n).map_err(|_| bad(format!("{n} is too large")))?;
                    spec.parallel = Some(n);
                }
                "window" => {
                    let d = parse_duration(value).map_err(bad)?;
                    if d.is_zero() {
                        return Err(bad("the window must be longer than 0".into()));
                    }
                    spec.window = Some(d);
                }
                "seed" => {
                    spec.seed = value
                        .parse()
                        .map_err(|_| bad(format!("{value:?} is not a whole number")))?;
                }
                _ => {
                    return Err(format!(
                        "unknown fault item {key:?} in {item:?} (known: latency, 5xx, 420q, \
                         420p, truncate, malformed, reset, badorder, quota, parallel, window, seed)"
                    ));
                }
            }
        }
        if spec.total_rate() > 1.0 + 1e-9 {
            return Err(format!(
                "fault rates add up to {:.3}, more than 1 (a request gets at most one fault)",
                spec.total_rate()
            ));
        }
        Ok(spec)
    }
}

fn parse_rate(v: &str) -> Result<f64, String> {
    let r: f64 = v
        .parse()
        .map_err(|_| format!("{v:?} is not a number between 0 and 1"))?;
    if !(0.0..=1.0).contains(&r) {
        return Err(format!("{v} is not between 0 and 1"));
    }
    Ok(r)
}

fn parse_count(v: &str) -> Result<u64, String> {
    match v.parse::<u64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("{v:?} is not a whole number above 0")),
    }
}

/// `250us`, `5ms`, `1.5s`, or a bare number of milliseconds.
fn parse_duration(v: &str) -> Result<Duration, String> {
    let (num, unit) = if let Some(n) = v.strip_suffix("us") {
        (n, 1e-6)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1e-3)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1.0)
    } else {
        (v, 1e-3)
    };
    let x: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("{v:?} is not a duration like 5ms, 250us or 1s"))?;
    if !x.is_finite() || x < 0.0 || x * unit > 3600.0 {
        return Err(format!("{v:?} is not a duration between 0 and 1h"));
    }
    Ok(Duration::from_secs_f64(x * unit))
}

/// `5ms` (fixed) or `5ms..40ms` (uniform range).
fn parse_latency(v: &str) -> Result<(Duration, Duration), String> {
    match v.split_once("..") {
        None => {
            let d = parse_duration(v)?;
            Ok((d, d))
        }
        Some((a, b)) => {
            let (lo, hi) = (parse_duration(a)?, parse_duration(b)?);
            if lo > hi {
                return Err(format!("the range {v:?} is reversed"));
            }
            Ok((lo, hi))
        }
    }
}

fn fmt_duration(d: Duration) -> String {
    let us = d.as_micros();
    if us.is_multiple_of(1_000_000) {
        format!("{}s", us / 1_000_000)
    } else if us.is_multiple_of(1000) {
        format!("{}ms", us / 1000)
    } else {
        format!("{us}us")
    }
}

/// The canonical spelling, which `parse` reads back to the same spec.
impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items: Vec<String> = Vec::new();
        if let Some((lo, hi)) = self.latency {
            if lo == hi {
                items.push(format!("latency={}", fmt_duration(lo)));
            } else {
                items.push(format!(
                    "latency={}..{}",
                    fmt_duration(lo),
                    fmt_duration(hi)
                ));
            }
        }
        for (name, rate) in [
            ("5xx", self.server_error),
            ("420q", self.quota_420),
            ("420p", self.parallel_420),
            ("truncate", self.truncate),
            ("malformed", self.malformed),
            ("reset", self.reset),
            ("badorder", self.bad_order),
        ] {
            if rate > 0.0 {
                items.push(format!("{name}={rate}"));
            }
        }
        if let Some(q) = self.quota {
            items.push(format!("quota={q}"));
        }
        if let Some(p) = self.parallel {
            items.push(format!("parallel={p}"));
        }
        if let Some(w) = self.window {
            items.push(format!("window={}", fmt_duration(w)));
        }
        if self.seed != 0 {
            items.push(format!("seed={}", self.seed));
        }
        if items.is_empty() {
            f.write_str("none")
        } else {
            f.write_str(&items.join(","))
        }
    }
}

/// The running fault injector of one server: the spec and a request counter.
#[derive(Debug)]
pub(crate) struct Injector {
    spec: FaultSpec,
    next: AtomicU64,
}

impl Injector {
    pub(crate) fn new(spec: FaultSpec) -> Injector {
        Injector {
            spec,
            next: AtomicU64::new(0),
        }
    }

    /// Decides latency and fault for the next API request.
    pub(crate) fn draw(&self) -> Draw {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        draw_for(&self.spec, n)
    }
}

/// The draw of request number `n` (0-based): its own forked stream, so it depends
/// only on `(seed, n)`, never on thread timing.
fn draw_for(spec: &FaultSpec, n: u64) -> Draw {
    let mut rng = Rng::new(spec.seed).fork(n);
    let latency = match spec.latency {
        None => Duration::ZERO,
        Some((lo, hi)) => lo + (hi - lo).mul_f64(rng.unit()),
    };
    let u = rng.unit();
    let code = if rng.chance(0.5) { 500 } else { 503 };
    let mut acc = 0.0;
    let mut fault = None;
    for (rate, f) in [
        (spec.server_error, Fault::ServerError(code)),
        (spec.quota_420, Fault::Quota),
        (spec.parallel_420, Fault::Parallel),
        (spec.truncate, Fault::Truncate),
        (spec.malformed, Fault::Malformed),
        (spec.reset, Fault::Reset),
        (spec.bad_order, Fault::BadOrder),
    ] {
        acc += rate;
        if u < acc {
            fault = Some(f);
            break;
        }
    }
    Draw { latency, fault }
}

#[cfg(test)]
mod tests;
