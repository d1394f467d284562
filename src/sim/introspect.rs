//! The simulator's test-only side door under `/_sim/`: request statistics, the log of
//! writes received, the orders and returns as they stand, and control of the
//! simulated clock. No auth, no faults, no quotas; none of this exists on the real
//! Market.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use hyper::Method;
use serde::Serialize;

use super::handlers::lock;
use super::params::Query;
use super::quota::Limits;
use super::reply::Reply;
use super::world::{OrderChange, World, WriteRecord};

/// What the server saw, for `/_sim/stats` and `/_sim/writes`.
#[derive(Debug, Default)]
pub(crate) struct Log {
    inner: Mutex<LogInner>,
}

#[derive(Debug, Default)]
struct LogInner {
    total: u64,
    /// Route template → answer (`"200"`, `"420"`, `"reset"`) → count.
    routes: BTreeMap<String, BTreeMap<String, u64>>,
    /// Injected fault → count.
    faults: BTreeMap<&'static str, u64>,
    writes: Vec<WriteEntry>,
}

/// One write as `/_sim/writes` lists it: the world's record plus the fault injected
/// into its answer, if any (`truncate`, `reset`, …: the write was applied all the same).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct WriteEntry {
    #[serde(flatten)]
    pub record: WriteRecord,
    pub fault: Option<&'static str>,
}

impl Log {
    fn lock(&self) -> MutexGuard<'_, LogInner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts one API request under its route template and answer.
    pub(crate) fn request(&self, template: &str, answer: &str, fault: Option<&'static str>) {
        let mut l = self.lock();
        l.total += 1;
        *l.routes
            .entry(template.to_owned())
            .or_default()
            .entry(answer.to_owned())
            .or_default() += 1;
        if let Some(f) = fault {
            *l.faults.entry(f).or_default() += 1;
        }
    }

    pub(crate) fn write(&self, entry: WriteEntry) {
        self.lock().writes.push(entry);
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct StatsView<'a> {
    total: u64,
    routes: &'a BTreeMap<String, BTreeMap<String, u64>>,
    faults: &'a BTreeMap<&'static str, u64>,
    max_in_flight: BTreeMap<String, u32>,
    parallel_limit: u32,
}

#[derive(Serialize)]
struct Changes {
    now: DateTime<Utc>,
    changes: Vec<OrderChange>,
}

/// Answers a `/_sim/…` request.
pub(crate) fn handle(
    method: &Method,
    path: &str,
    q: &Query,
    world: &Mutex<World>,
    log: &Log,
    limits: &Limits,
) -> Reply {
    match handle_inner(method, path, q, world, log, limits) {
        Ok(r) | Err(r) => r,
    }
}

fn handle_inner(
    method: &Method,
    path: &str,
    q: &Query,
    world: &Mutex<World>,
    log: &Log,
    limits: &Limits,
) -> Result<Reply, Reply> {
    let rest = path.trim_start_matches("/_sim").trim_start_matches('/');
    Ok(match (method, rest) {
        (&Method::GET, "stats") => stats(log, limits),
        (&Method::GET, "writes") => Reply::json(200, &log.lock().writes),
        (&Method::GET, "now") => {
            let now = lock(world).now();
            Reply::json(200, &serde_json::json!({ "now": now }))
        }
        (&Method::POST, "advance") => advance(q, world)?,
        (&Method::POST, "touch") if q.get("order").is_some() => touch_order(q, world)?,
        (&Method::POST, "touch") => touch(q, world)?,
        (&Method::GET, "orders") => Reply::json(200, lock(world).orders()),
        (&Method::GET, "returns") => Reply::json(200, &lock(world).all_returns()),
        (&Method::GET, r) if r.starts_with("orders/") => order(path, &r["orders/".len()..], world)?,
        (_, "stats" | "writes" | "now" | "advance" | "touch" | "orders" | "returns") => {
            Reply::error(405, "METHOD_NOT_ALLOWED", format!("{method} {path}"))
        }
        _ => Reply::error(
            404,
            "NOT_FOUND",
            format!(
                "{path}: no such simulator route (stats, writes, now, advance, touch, orders, returns)"
            ),
        ),
    })
}

/// The request counts by route and fault, and the most requests seen in flight.
fn stats(log: &Log, limits: &Limits) -> Reply {
    let l = log.lock();
    Reply::json(
        200,
        &StatsView {
            total: l.total,
            routes: &l.routes,
            faults: &l.faults,
            max_in_flight: limits.max_in_flight(),
            parallel_limit: limits.parallel(),
        },
    )
}

/// Moves the simulated clock `minutes` on; what changed on the way.
fn advance(q: &Query, world: &Mutex<World>) -> Result<Reply, Reply> {
    let minutes = q
        .int("minutes")?
        .filter(|m| *m >= 0)
        .ok_or_else(|| Reply::bad_request("advance needs minutes=N, N ≥ 0"))?;
    let mut w = lock(world);
    let changes = w.advance(Duration::minutes(minutes));
    Ok(Reply::json(
        200,
        &Changes {
            now: w.now(),
            changes,
        },
    ))
}

/// Makes the Market change one order now; a conflict when it has nothing left to change.
fn touch_order(q: &Query, world: &Mutex<World>) -> Result<Reply, Reply> {
    let id = q
        .int("order")?
        .ok_or_else(|| Reply::bad_request("touch needs order=ID"))?;
    let mut w = lock(world);
    let Some(change) = w.touch_order(id) else {
        return Err(Reply::error(
            409,
            "CONFLICT",
            format!("Order {id} is unknown or has nothing left to change"),
        ));
    };
    Ok(Reply::json(
        200,
        &Changes {
            now: w.now(),
            changes: vec![change],
        },
    ))
}

/// Makes the Market change `count` orders now.
fn touch(q: &Query, world: &Mutex<World>) -> Result<Reply, Reply> {
    let count = q
        .int("count")?
        .filter(|c| *c >= 0)
        .ok_or_else(|| Reply::bad_request("touch needs count=N, N ≥ 0"))?;
    let mut w = lock(world);
    let changes = w.touch(count as usize);
    Ok(Reply::json(
        200,
        &Changes {
            now: w.now(),
            changes,
        },
    ))
}

/// One order as the simulator holds it.
fn order(path: &str, id: &str, world: &Mutex<World>) -> Result<Reply, Reply> {
    let id = id
        .parse::<i64>()
        .map_err(|_| Reply::bad_request(format!("{path}: not an order id")))?;
    Ok(match lock(world).order(id) {
        Some(o) => Reply::json(200, o),
        None => Reply::error(404, "NOT_FOUND", format!("Order {id} not found")),
    })
}
