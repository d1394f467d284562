//! The simulated Market's HTTP server: its options and lifetime (`start`,
//! `SimHandle::shutdown`), the simulated clock policy (`Clock`), and the path of one
//! request: the `/_sim/` side door, or an API method run through the same gates as the
//! real Market (auth, body size, requests in flight, quota) plus the injected faults,
//! before `handlers` answers it from the shared `World`. Sockets are in `conn`; the
//! gates and the faults' answers in `gate`.

use std::io;
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{ALLOW, CONTENT_TYPE, HeaderMap, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

mod conn;
mod gate;

use super::faults::{Fault, FaultSpec, Injector};
use super::handlers::{self, lock};
use super::introspect::{self, Log, WriteEntry};
use super::params::Query;
use super::quota::{Limits, Pool, RateInfo};
use super::reply::Reply;
use super::routes::{self, RouteError};
use super::world::{World, WorldConfig, WriteRecord};
use conn::ResetConnection;
use gate::{BodyError, break_one_order, check_auth, parallel_refusal, read_body, server_error};

/// How long an injected quota 420 keeps the method refused: long enough that a client
/// must honour `Until`, short enough for tests.
const INJECTED_BLOCK: TimeDelta = TimeDelta::seconds(1);

/// How the simulated clock moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Clock {
    /// Before each request the world is moved to the wall clock (never backwards).
    #[default]
    Real,
    /// The world moves only through `POST /_sim/advance` (or `SimHandle::world`).
    Frozen,
}

/// What to simulate.
#[derive(Debug, Clone)]
pub struct SimOptions {
    /// How many orders to generate.
    pub orders: usize,
    /// The same seed (and `now`) gives the same orders.
    pub seed: u64,
    /// Faults and limit overrides.
    pub faults: FaultSpec,
    pub clock: Clock,
    /// When `Some`, only this Api-Key is accepted; otherwise any non-empty one.
    pub api_key: Option<String>,
    /// The generation time; the wall clock when `None`.
    pub now: Option<DateTime<Utc>>,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            orders: 1000,
            seed: 1,
            faults: FaultSpec::none(),
            clock: Clock::Real,
            api_key: None,
            now: None,
        }
    }
}

impl SimOptions {
    /// `orders` orders from `seed`, everything else default.
    pub fn new(orders: usize, seed: u64) -> SimOptions {
        SimOptions {
            orders,
            seed,
            ..SimOptions::default()
        }
    }
}

/// A running simulator. Dropping it stops the server too; `shutdown` also waits.
pub struct SimHandle {
    /// The bound address (the real port when 0 was asked for).
    pub addr: SocketAddr,
    world: Arc<Mutex<World>>,
    business_id: i64,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl SimHandle {
    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The simulated state, for in-process tests. Hold the lock briefly: every
    /// request waits for it.
    pub fn world(&self) -> Arc<Mutex<World>> {
        Arc::clone(&self.world)
    }

    /// The business all campaigns belong to.
    pub fn business_id(&self) -> i64 {
        self.business_id
    }

    /// Stops accepting, drops open connections and waits for the server task.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle")
            .field("addr", &self.addr)
            .field("business_id", &self.business_id)
            .finish_non_exhaustive()
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Everything a request handler needs, shared by all connections.
pub(super) struct Shared {
    world: Arc<Mutex<World>>,
    clock: Clock,
    api_key: Option<String>,
    business_id: i64,
    injector: Injector,
    limits: Arc<Limits>,
    log: Log,
    /// Where the accepted writes are kept, for a demo that continues between runs.
    journal: Option<super::journal::Journal>,
}

/// Binds `listen` (port 0 allowed), generates the world on a blocking thread, and
/// serves in the background until the handle is shut down or dropped.
pub async fn start(listen: SocketAddr, opts: SimOptions) -> io::Result<SimHandle> {
    start_with(listen, opts, None).await
}

/// `start`, with the world kept between runs in the journal at `journal`: generated
/// at the moment the journal started, the writes it accepted answered again, its
/// clock run on to now (`opts.now` is ignored once the journal has a start).
pub async fn start_kept(
    listen: SocketAddr,
    opts: SimOptions,
    journal: &std::path::Path,
) -> io::Result<SimHandle> {
    start_with(listen, opts, Some(journal)).await
}

async fn start_with(
    listen: SocketAddr,
    opts: SimOptions,
    journal: Option<&std::path::Path>,
) -> io::Result<SimHandle> {
    let listener = TcpListener::bind(listen).await?;
    let addr = listener.local_addr()?;
    let cfg = WorldConfig {
        orders: opts.orders,
        seed: opts.seed,
    };
    let mut now = opts.now.unwrap_or_else(Utc::now);
    let (journal, replayed) = match journal {
        Some(path) => {
            let (j, start, writes) = super::journal::open(path, opts.seed, opts.orders, now)?;
            now = start;
            (Some(j), writes)
        }
        None => (None, Vec::new()),
    };
    let world = tokio::task::spawn_blocking(move || {
        let world = Mutex::new(World::generate(&cfg, now));
        let accepted = super::journal::replay(&world, &replayed);
        if !replayed.is_empty() {
            tracing::info!(
                accepted,
                of = replayed.len(),
                "simulator: the demo's writes answered again"
            );
        }
        world
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    })
    .await
    .map_err(|e| io::Error::other(format!("generating the simulated world failed: {e}")))?;
    let business_id = world.business_id();
    let world = Arc::new(Mutex::new(world));
    let spec = opts.faults;
    let limits = Arc::new(Limits::new(
        spec.parallel,
        spec.window.unwrap_or(std::time::Duration::from_secs(3600)),
        spec.quota,
    ));
    let shared = Arc::new(Shared {
        world: Arc::clone(&world),
        clock: opts.clock,
        api_key: opts.api_key,
        business_id,
        injector: Injector::new(spec),
        limits,
        log: Log::default(),
        journal,
    });
    let (stop_tx, stop_rx) = oneshot::channel();
    let task = tokio::spawn(conn::accept_loop(listener, shared, stop_rx));
    tracing::info!(%addr, orders = opts.orders, seed = opts.seed, "simulated Market listening");
    Ok(SimHandle {
        addr,
        world,
        business_id,
        stop: Some(stop_tx),
        task: Some(task),
    })
}

/// Runs synchronous simulator code; a panic (a bug in the world) becomes a 500 that
/// names it instead of a dropped connection.
fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, Reply> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        let msg = p
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Reply::error(500, "INTERNAL_ERROR", format!("simulator bug: {msg}"))
    })
}

fn to_response(reply: Reply, rate: Option<RateInfo>) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(reply.body)));
    *resp.status_mut() =
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Some(r) = rate {
        h.insert("X-RateLimit-Resource-Limit", HeaderValue::from(r.limit));
        h.insert(
            "X-RateLimit-Resource-Remaining",
            HeaderValue::from(r.remaining),
        );
        if let Ok(v) = HeaderValue::from_str(&r.until_header()) {
            h.insert("X-RateLimit-Resource-Until", v);
        }
    }
    resp
}

/// One HTTP request: the `/_sim/` side door, or an API method.
async fn serve(
    shared: Arc<Shared>,
    reset: Arc<AtomicBool>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, ResetConnection> {
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let query = Query::parse(parts.uri.query());

    if shared.clock == Clock::Real
        && let Err(reply) = follow_real_clock(&shared)
    {
        return Ok(to_response(reply, None));
    }

    if path == "/_sim" || path.starts_with("/_sim/") {
        let reply = guarded(|| {
            introspect::handle(
                &parts.method,
                &path,
                &query,
                &shared.world,
                &shared.log,
                &shared.limits,
            )
        })
        .unwrap_or_else(|r| r);
        return Ok(to_response(reply, None));
    }

    let api = match routes::resolve(&parts.method, &path) {
        Ok(api) => api,
        Err(e) => return Ok(unrouted(&shared, e, &parts.method, &path)),
    };

    let meta = api.meta();
    let body = read_body(body).await;
    // The world's clock as the write meets it: where a journalled write is answered
    // again at the next start.
    let at = lock(&shared.world).now();
    let outcome = api_request(&shared, api, &parts.headers, &query, &body).await;
    if let (Some(journal), true, Ok(b)) = (&shared.journal, meta.write, &body)
        && (200..300).contains(&outcome.reply.status)
    {
        journal.record(at, &parts.method, &path, parts.uri.query(), b);
    }

    let answer = if outcome.fault == Some(Fault::Reset) {
        "reset".to_owned()
    } else {
        outcome.reply.status.to_string()
    };
    let fault_name = outcome.fault.map(Fault::name);
    shared.log.request(meta.template, &answer, fault_name);
    if meta.write {
        log_write(
            &shared,
            &parts,
            path,
            &body,
            outcome.reply.status,
            fault_name,
        );
    }
    let reply = after_handler(outcome.reply, outcome.fault, &reset)?;
    Ok(to_response(reply, outcome.rate))
}

/// On the real clock the world catches up with now before each request.
fn follow_real_clock(shared: &Shared) -> Result<(), Reply> {
    guarded(|| {
        let mut w = lock(&shared.world);
        let now = Utc::now();
        if now > w.now() {
            w.advance_to(now);
        }
    })
}

/// The answer to a path that is no API method, counted as "unmatched".
fn unrouted(shared: &Shared, e: RouteError, method: &Method, path: &str) -> Response<Full<Bytes>> {
    let (reply, allow) = match e {
        RouteError::NotFound => (
            Reply::error(404, "NOT_FOUND", format!("Resource not found: {path}")),
            None,
        ),
        RouteError::MethodNotAllowed { allowed } => (
            Reply::error(
                405,
                "METHOD_NOT_ALLOWED",
                format!("Method {method} is not allowed for {path}"),
            ),
            Some(allowed),
        ),
        RouteError::BadId { name, value } => (
            Reply::bad_request(format!("Invalid {name}: {value:?}")),
            None,
        ),
    };
    shared
        .log
        .request("unmatched", &reply.status.to_string(), None);
    let mut resp = to_response(reply, None);
    if let Some(m) = allow.and_then(|m| HeaderValue::from_str(m.as_str()).ok()) {
        resp.headers_mut().insert(ALLOW, m);
    }
    resp
}

/// Records a write in `/_sim/writes`: its path with the query, its body as JSON (as
/// text when it is not JSON) and the status it got.
fn log_write(
    shared: &Shared,
    parts: &hyper::http::request::Parts,
    path: String,
    body: &Result<Bytes, BodyError>,
    http_status: u16,
    fault: Option<&'static str>,
) {
    let body = match body {
        Ok(b) => serde_json::from_slice(b)
            .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(b).into())),
        Err(_) => serde_json::Value::Null,
    };
    let path = match parts.uri.query() {
        Some(q) => format!("{path}?{q}"),
        None => path,
    };
    shared.log.write(WriteEntry {
        record: WriteRecord {
            method: parts.method.to_string(),
            path,
            body,
            http_status,
        },
        fault,
    });
}

/// The faults injected after the handler: a reset connection, a cut, broken or
/// malformed body.
fn after_handler(
    mut reply: Reply,
    fault: Option<Fault>,
    reset: &AtomicBool,
) -> Result<Reply, ResetConnection> {
    match fault {
        Some(Fault::Reset) => {
            reset.store(true, Ordering::Relaxed);
            return Err(ResetConnection);
        }
        Some(Fault::Truncate) => reply.body.truncate(reply.body.len() / 2),
        Some(Fault::BadOrder) => reply.body = break_one_order(&reply.body),
        Some(Fault::Malformed) => {
            reply.body =
                b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
                    .to_vec();
        }
        _ => {}
    }
    Ok(reply)
}

/// What the gates and the handler made of an API request.
struct Outcome {
    reply: Reply,
    rate: Option<RateInfo>,
    /// The injected fault; the post-handler ones are applied by the caller.
    fault: Option<Fault>,
}

/// The gates of the real Market in its order, then the handler: auth, body size,
/// requests in flight, the injected pre-handler fault, the quota.
async fn api_request(
    shared: &Shared,
    api: routes::Api,
    headers: &HeaderMap,
    query: &Query,
    body: &Result<Bytes, BodyError>,
) -> Outcome {
    let meta = api.meta();
    let entity = api.entity(shared.business_id);
    let limit = shared.limits.quota_of(meta.quota);
    let peek = || Some(shared.limits.peek(meta.resource, limit, entity, Utc::now()));
    let done = |reply, rate, fault| Outcome { reply, rate, fault };

    if let Err(msg) = check_auth(headers, shared.api_key.as_deref()) {
        return done(Reply::error(401, "UNAUTHORIZED", msg), peek(), None);
    }
    let body = match body {
        Ok(b) => b,
        Err(BodyError::TooBig) => {
            return done(Reply::bad_request("The request is too big"), peek(), None);
        }
        Err(BodyError::Broken(e)) => {
            return done(
                Reply::bad_request(format!("Reading the body: {e}")),
                peek(),
                None,
            );
        }
    };

    let draw = shared.injector.draw();
    let parallel = shared.limits.parallel_of(meta.parallel);
    let pool = Pool {
        entity,
        method: meta.parallel.map(|_| meta.resource),
    };
    let Some(_slot) = shared.limits.enter(pool, parallel) else {
        return done(parallel_refusal(parallel, entity), peek(), None);
    };
    if !draw.latency.is_zero() {
        // Held in flight while waiting, as a slow real request would be.
        tokio::time::sleep(draw.latency).await;
    }
    let quota_refusal = || {
        Reply::error(
            420,
            "LIMIT_EXCEEDED",
            format!(
                "Hit rate limit of {limit} requests per {} for resource {}",
                shared.limits.period_name(),
                meta.resource
            ),
        )
    };
    match draw.fault {
        Some(f @ Fault::ServerError(code)) => {
            return done(server_error(code), peek(), Some(f));
        }
        Some(f @ Fault::Parallel) => {
            return done(parallel_refusal(parallel, entity), peek(), Some(f));
        }
        Some(f @ Fault::Quota) => {
            let now = Utc::now();
            let rate = shared
                .limits
                .block(meta.resource, limit, entity, now, now + INJECTED_BLOCK);
            return done(quota_refusal(), Some(rate), Some(f));
        }
        _ => {}
    }
    let rate = match shared
        .limits
        .consume(meta.resource, limit, entity, api.cost(body), Utc::now())
    {
        Ok(r) => r,
        Err(r) => return done(quota_refusal(), Some(r), None),
    };
    let reply = guarded(|| handlers::handle(api, query, body, &shared.world)).unwrap_or_else(|r| r);
    done(reply, Some(rate), draw.fault)
}
