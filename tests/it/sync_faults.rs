//! `ym-triage sync` against Markets that misbehave in one precise way each, served by
//! a small scripted HTTP server on 127.0.0.1: the real binary must end in bounded
//! time, say what happened, keep its lease while it works, and move no cursor unless a
//! pass completed.

use std::convert::Infallible;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::Utc;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use ym_triage::cache::Cache;

const KEY: &str = "ACMA:sync-faults-key:0099";
const BIZ: i64 = 7654321;
const CAMPAIGN: i64 = 21845670;
const ORDERS_PATH: &str = "/v1/businesses/7654321/orders";

// ---------------------------------------------------------------- the scripted Market

/// One request as the script sees it.
#[derive(Debug, Clone)]
struct Asked {
    path: String,
    query: String,
    body: Value,
}

impl Asked {
    /// A first sync's pass (creation-date windows), not a refresh.
    fn is_full_pass(&self) -> bool {
        self.body["dates"].get("creationDateFrom").is_some()
            || self.body["dates"].get("updateDateTo").is_some()
    }
}

/// What the script answers.
enum Answer {
    Json(u16, Vec<(&'static str, String)>, Value),
    /// Accept the request and never answer it.
    Never,
    /// A 200 whose body never ends.
    Endless,
}

impl Answer {
    fn ok(v: Value) -> Answer {
        Answer::Json(200, Vec::new(), v)
    }
}

type Script = dyn Fn(&Asked) -> Answer + Send + Sync;

/// The scripted Market: `GET /v2/campaigns` answers one DBS campaign; every other
/// request goes to the script.
struct Market {
    url: String,
    asked: Arc<Mutex<Vec<Asked>>>,
    /// The most bytes one endless answer produced before the client hung up.
    endless_max: Arc<AtomicU64>,
    _rt: tokio::runtime::Runtime,
}

impl Market {
    fn start(script: impl Fn(&Asked) -> Answer + Send + Sync + 'static) -> Market {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let asked = Arc::new(Mutex::new(Vec::new()));
        let endless_max = Arc::new(AtomicU64::new(0));
        let script: Arc<Script> = Arc::new(script);
        let (a, e) = (asked.clone(), endless_max.clone());
        rt.spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (a, e, script) = (a.clone(), e.clone(), script.clone());
                tokio::spawn(async move {
                    let svc = service_fn(move |req| {
                        let (a, e, script) = (a.clone(), e.clone(), script.clone());
                        async move { Ok::<_, Infallible>(serve(req, a, e, script).await) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        Market {
            url,
            asked,
            endless_max,
            _rt: rt,
        }
    }

    /// The orders requests received so far.
    fn orders_requests(&self) -> Vec<Asked> {
        let asked = self.asked.lock().unwrap();
        asked
            .iter()
            .filter(|a| a.path == ORDERS_PATH)
            .cloned()
            .collect()
    }
}

async fn serve(
    req: Request<Incoming>,
    asked: Arc<Mutex<Vec<Asked>>>,
    endless_max: Arc<AtomicU64>,
    script: Arc<Script>,
) -> Response<BoxBody<Bytes, std::io::Error>> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let request = Asked {
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    };
    asked.lock().unwrap().push(request.clone());
    let answer = if request.path == "/v2/campaigns" {
        Answer::ok(json!({"campaigns": [{
            "domain": "shop", "id": CAMPAIGN, "business": {"id": BIZ, "name": "Shop"},
            "placementType": "DBS", "apiAvailability": "AVAILABLE"}]}))
    } else {
        script(&request)
    };
    let builder = Response::builder().header("content-type", "application/json");
    match answer {
        Answer::Json(status, headers, v) => {
            let mut b = builder.status(status);
            for (k, val) in headers {
                b = b.header(k, val);
            }
            b.body(
                Full::new(Bytes::from(v.to_string()))
                    .map_err(|never| match never {})
                    .boxed(),
            )
            .unwrap()
        }
        Answer::Never => std::future::pending().await,
        Answer::Endless => {
            let chunk = Bytes::from(vec![b' '; 64 * 1024]);
            let produced = Arc::new(AtomicU64::new(0));
            let frames = futures::stream::repeat_with(move || {
                let n = produced.fetch_add(chunk.len() as u64, Ordering::SeqCst);
                endless_max.fetch_max(n + chunk.len() as u64, Ordering::SeqCst);
                Ok::<_, std::io::Error>(Frame::data(chunk.clone()))
            });
            builder.body(StreamBody::new(frames).boxed()).unwrap()
        }
    }
}

/// An order of the campaign as `BusinessOrderDTO`, from the client's fixture.
fn order(id: i64, substatus: &str, updated: &str) -> Value {
    let page: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/tests/fixtures/business_orders_page.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let mut o = page["orders"][0].clone();
    let created = (Utc::now() - chrono::Duration::days(20)).format("%Y-%m-%dT10:00:00+03:00");
    o["orderId"] = json!(id);
    o["campaignId"] = json!(CAMPAIGN);
    o["status"] = json!("PROCESSING");
    o["substatus"] = json!(substatus);
    o["creationDate"] = json!(created.to_string());
    o["updateDate"] = json!(updated);
    o
}

fn page(orders: Vec<Value>, next: Option<&str>) -> Answer {
    match next {
        Some(t) => Answer::ok(json!({"orders": orders, "paging": {"nextPageToken": t}})),
        None => Answer::ok(json!({"orders": orders, "paging": {}})),
    }
}

// ---------------------------------------------------------------- the binary

/// A private home with a config file, and the cache in a temp folder.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// `sync` is the body of the config's `[sync]` table.
    fn new(sync: &str) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let cfg = dir.path().join("config/ym-triage/config.toml");
        std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
        std::fs::write(&cfg, format!("[sync]\n{sync}\n")).unwrap();
        Env { dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data/cache.db")
    }

    fn cmd(&self, m: &Market) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("USER", "agent1")
            .env("YM_TRIAGE_DB", self.db())
            .env("YM_API_URL", &m.url)
            .env("YM_API_KEY", KEY)
            .arg("sync")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    /// Runs `sync` to its end; a sync still running after `limit` is killed and the
    /// test fails, so a regression shows as a failure, not a hung suite.
    fn sync(&self, m: &Market, limit: Duration) -> (Output, Duration) {
        let started = Instant::now();
        let mut child = self.cmd(m).spawn().unwrap();
        while child.try_wait().unwrap().is_none() {
            if started.elapsed() > limit {
                let _ = child.kill();
                let out = child.wait_with_output().unwrap();
                panic!(
                    "sync still running after {limit:?}; stderr: {}",
                    text(&out.stderr)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        (child.wait_with_output().unwrap(), started.elapsed())
    }

    fn cache(&self) -> Cache {
        Cache::open_existing(&self.db()).unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Exit 1 and `needle` on stderr.
fn assert_failed_with(out: &Output, needle: &str) {
    let err = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}\nstderr: {err}",
        text(&out.stdout)
    );
    assert!(err.contains(needle), "expected {needle:?} in: {err}");
    assert!(!err.contains(KEY) && !text(&out.stdout).contains(KEY));
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "stdout: {}\nstderr: {}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

// ---------------------------------------------------------------- the tests

#[test]
fn a_market_that_never_answers_fails_the_sync_after_the_request_timeout() {
    let m = Market::start(|_| Answer::Never);
    let env = Env::new("request_timeout_seconds = 1");
    let (out, took) = env.sync(&m, Duration::from_secs(20));
    assert_failed_with(
        &out,
        &format!("sync failed: the Market did not answer in 1 s (POST {ORDERS_PATH})"),
    );
    eprintln!("never answering, 1 s timeout: failed after {took:?}");
    assert!(took < Duration::from_secs(8), "{took:?}");
    let cache = env.cache();
    assert_eq!(cache.cursor(CAMPAIGN).unwrap(), None, "no pass completed");
    assert_eq!(cache.lease().unwrap(), None, "the lease is given back");
}

#[test]
fn a_quota_420_without_a_reset_time_ends_at_the_run_deadline() {
    let m = Market::start(|_| {
        Answer::Json(
            420,
            Vec::new(),
            json!({"status": "ERROR", "errors": [{"code": "LIMIT_EXCEEDED",
                "message": "Hit rate limit of 10000 requests per hour for resource getBusinessOrders"}]}),
        )
    });
    let env = Env::new("run_deadline_seconds = 2");
    let (out, took) = env.sync(&m, Duration::from_secs(30));
    assert_failed_with(
        &out,
        "the sync did not finish within 2 s (sync.run_deadline_seconds)",
    );
    eprintln!("420 without reset, 2 s deadline: failed after {took:?}");
    assert!(took < Duration::from_secs(6), "{took:?}");
    let cache = env.cache();
    assert_eq!(cache.cursor(CAMPAIGN).unwrap(), None);
    assert_eq!(cache.lease().unwrap(), None);
}

#[test]
fn the_lease_is_renewed_on_a_timer_while_the_market_is_silent() {
    let m = Market::start(|_| Answer::Never);
    let env = Env::new("lease_seconds = 10\nrun_deadline_seconds = 6");
    let started = Instant::now();
    let first = env.cmd(&m).spawn().unwrap();
    // The lease (10 s) is renewed every third of it: by now it reaches past its first
    // term although not one page has come.
    std::thread::sleep(Duration::from_millis(4500));
    let lease = env
        .cache()
        .lease()
        .unwrap()
        .expect("the first sync holds the lease");
    let term = lease.expires_at - lease.acquired_at;
    assert!(
        term >= chrono::Duration::seconds(12),
        "the lease was not renewed: {lease:?}"
    );
    let (second, _) = env.sync(&m, Duration::from_secs(10));
    assert_ok(&second);
    assert!(
        text(&second.stdout)
            .starts_with(&format!("not synced: {}@", ym_triage::base::whoami::user())),
        "{}",
        text(&second.stdout)
    );
    let out = first.wait_with_output().unwrap();
    assert_failed_with(&out, "did not finish within 6 s");
    assert!(started.elapsed() < Duration::from_secs(12));
    assert_eq!(env.cache().lease().unwrap(), None);
}

#[test]
fn a_sync_whose_lease_another_process_took_stops() {
    let m = Market::start(|_| Answer::Never);
    let env = Env::new("lease_seconds = 10\nrun_deadline_seconds = 30");
    let started = Instant::now();
    let first = env.cmd(&m).spawn().unwrap();
    // Wait for the lease, then hand it to another host, as if ours had lapsed and a
    // process elsewhere had taken it.
    // (The cache may not be there yet, or not yet migrated: keep asking.)
    let held = || {
        Cache::open_existing(&env.db())
            .and_then(|c| c.lease())
            .is_ok_and(|l| l.is_some())
    };
    while !held() {
        assert!(started.elapsed() < Duration::from_secs(5), "no lease taken");
        std::thread::sleep(Duration::from_millis(50));
    }
    rusqlite::Connection::open(env.db())
        .unwrap()
        .execute("UPDATE sync_lease SET pid = 1, host = 'elsewhere'", [])
        .unwrap();
    let out = first.wait_with_output().unwrap();
    assert_failed_with(&out, "another process took over the sync lease");
    // Noticed at the next renewal, a third of the lease later.
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    let lease = env.cache().lease().unwrap().unwrap();
    assert_eq!(lease.host, "elsewhere", "the other process's lease stays");
    assert_eq!(env.cache().cursor(CAMPAIGN).unwrap(), None);
}

#[test]
fn page_tokens_that_cycle_fail_the_sync_instead_of_paging_forever() {
    // First page → A → B → A → …: never the same token twice in a row.
    let m = Market::start(|a| {
        let next = if a.query.contains("page_token=A") {
            "B"
        } else {
            "A"
        };
        page(Vec::new(), Some(next))
    });
    let env = Env::new("");
    let (out, took) = env.sync(&m, Duration::from_secs(20));
    assert_failed_with(&out, "page tokens go round in a circle");
    let requests = m.orders_requests().len();
    eprintln!("cycling tokens: failed after {requests} page requests, {took:?}");
    // Each pass of the first sync (a dozen or so creation windows) reads three or four
    // pages before the circle shows; the passes run side by side. Dozens, not thousands.
    assert!(requests <= 100, "{requests} requests");
    assert_eq!(env.cache().cursor(CAMPAIGN).unwrap(), None);
}

#[test]
fn a_page_without_orders_fails_the_run_and_the_next_run_is_still_a_full_pass() {
    let broken = Arc::new(AtomicBool::new(true));
    let b = broken.clone();
    let updated = (Utc::now() - chrono::Duration::days(19)).format("%Y-%m-%dT10:00:00+03:00");
    let old = order(4001, "STARTED", &updated.to_string());
    let m = Market::start(move |a| {
        if b.load(Ordering::SeqCst) {
            return Answer::ok(json!({"paging": {}}));
        }
        // The order was created 20 days ago and not touched since: only a full pass
        // (creation windows) finds it; a refresh by update date does not.
        if a.is_full_pass() && a.body["statuses"][0] == "UNPAID" {
            page(vec![old.clone()], None)
        } else {
            page(Vec::new(), None)
        }
    });
    let env = Env::new("");
    let (out, _) = env.sync(&m, Duration::from_secs(20));
    assert_failed_with(&out, "is broken: the page has no `orders` list");
    assert_eq!(
        env.cache().cursor(CAMPAIGN).unwrap(),
        None,
        "a broken answer moves no cursor"
    );

    broken.store(false, Ordering::SeqCst);
    let (out, _) = env.sync(&m, Duration::from_secs(20));
    assert_ok(&out);
    let cache = env.cache();
    assert!(
        cache.load_order(4001).unwrap().is_some(),
        "the second run read the full pass the first could not"
    );
    assert!(cache.cursor(CAMPAIGN).unwrap().is_some());
}

#[test]
fn an_endless_answer_is_cut_at_the_body_limit_and_the_error_names_the_endpoint() {
    let m = Market::start(|_| Answer::Endless);
    let env = Env::new("request_timeout_seconds = 10");
    let (out, took) = env.sync(&m, Duration::from_secs(30));
    assert_failed_with(
        &out,
        &format!("the Market's answer to POST {ORDERS_PATH} is longer than 16 MiB"),
    );
    let most = m.endless_max.load(Ordering::SeqCst);
    eprintln!(
        "endless answer: failed after {took:?}, at most {} MiB produced for one answer",
        most / (1024 * 1024)
    );
    // The limit plus what the sockets buffer; without a limit the client read on
    // until its timeout, hundreds of megabytes.
    assert!(most < 40 * 1024 * 1024, "{most} bytes produced");
    assert!(took < Duration::from_secs(8), "{took:?}");
}

#[test]
fn the_same_order_twice_in_a_page_records_its_state_once_and_no_changes_after() {
    // The Market's list shifted while it was paged: two copies of one order, the same
    // updateDate, one substatus apart.
    let updated = (Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%dT10:00:00+03:00");
    let updated = updated.to_string();
    let started = order(4002, "STARTED", &updated);
    let ready = order(4002, "READY_TO_SHIP", &updated);
    let m = Market::start(move |_| page(vec![started.clone(), ready.clone()], None));
    let env = Env::new("");
    let (first, _) = env.sync(&m, Duration::from_secs(20));
    assert_ok(&first);
    let (second, _) = env.sync(&m, Duration::from_secs(20));
    assert_ok(&second);
    let cache = env.cache();
    let events = cache.events(4002).unwrap();
    let kinds: Vec<(&str, Option<&str>)> = events
        .iter()
        .map(|e| (e.kind.as_str(), e.new.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [("created", Some("PROCESSING READY_TO_SHIP"))],
        "one observation, one state: {events:?}"
    );
    let summary = text(&second.stdout);
    assert!(summary.contains(" 0 events"), "{summary}");
    let (o, _) = cache.load_order(4002).unwrap().unwrap();
    assert_eq!(o.substatus.as_str(), "READY_TO_SHIP");
}
