//! No escape sequence reaches a terminal, by any command. Hostile text — escape
//! sequences, OSC 52, CSI 2J, the C1 CSI, bidi overrides and isolates, zero-width
//! characters, a BOM, NUL, CR and backspace — enters where outside text enters: every
//! name, city, track, chat message and error message the Market sends (a proxy in
//! front of the simulated Market writes it into the answers), and another agent's name
//! in a claim, the sync lease and the last sync. Then every command runs as the real
//! binary, and neither its stdout nor its stderr carries a control character (other
//! than the newline ending a line, and CSV's CR LF), a C1 control, a bidi control or a
//! zero-width character; JSON still reads back the hostile text.
//!
//! Self-contained: its own simulator, proxy and environment.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Output};

use bytes::Bytes;
use chrono::{DateTime, Duration, Utc};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use serde_json::Value;
use ym_triage::cache::{Cache, SyncRun};
use ym_triage::domain::write::{OutboxWrite, WriteKind, key_for};
use ym_triage::market::enums::{OrderStatus, OrderSubstatus};
use ym_triage::market::wire::write::StatusChange;
use ym_triage::sim::{Clock, FaultSpec, SimHandle, SimOptions};

const KEY: &str = "ACMA:hostile-text-test:0001";

/// Every kind of hostile text at once, so that one run covers them all.
const EVIL: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J\u{1b}[H\u{1b}]52;c;ZXZpbA==\u{7}\u{9b}31m\
    \u{9d}0;t\u{9c}\u{202E}gnp.exe\u{202D}x\u{202C}\u{2067}y\u{2069}\u{2066}\u{200B}\u{200C}\
    \u{200D}\u{2060}\u{FEFF}NUL\u{0}CR\rBS\u{8}\u{7f}";

/// The answer fields that carry outside text: names, places, tracks, messages. Ids,
/// dates and enums the client must read are left alone, so the sync goes through.
const TEXT_KEYS: &[&str] = &[
    "serviceName",
    "city",
    "street",
    "recipient",
    "name",
    "firstName",
    "lastName",
    "middleName",
    "offerName",
    "trackCode",
    "message",
    "substatus",
    "notes",
];

/// The characters no output may carry raw (see the module's comment).
fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c,
                    '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                    | '\u{200E}' | '\u{200F}' | '\u{061C}'
                    | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
        })
        .collect()
}

/// `EVIL` put before every outside text of a JSON answer; an error's code too.
fn poison(v: &mut Value, error: bool) {
    match v {
        Value::Object(map) => {
            for (k, x) in map.iter_mut() {
                match x {
                    Value::String(s)
                        if TEXT_KEYS.contains(&k.as_str()) || (error && k == "code") =>
                    {
                        *s = format!("{EVIL}{s}");
                    }
                    _ => poison(x, error),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| poison(x, error)),
        _ => {}
    }
}

/// One request passed on to the simulator, its answer poisoned on the way back.
async fn forward(
    client: reqwest::Client,
    upstream: String,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(http_body_util::Collected::to_bytes)
        .unwrap_or_default();
    let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut out = client
        .request(parts.method.clone(), format!("{upstream}{path}"))
        .body(body);
    for (k, v) in &parts.headers {
        if k != hyper::header::HOST && k != hyper::header::CONTENT_LENGTH {
            out = out.header(k, v);
        }
    }
    let answer = match out.send().await {
        Ok(a) => a,
        Err(e) => {
            let mut r = Response::new(Full::new(Bytes::from(e.to_string())));
            *r.status_mut() = hyper::StatusCode::BAD_GATEWAY;
            return Ok(r);
        }
    };
    let status = answer.status();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await.unwrap_or_default();
    let bytes = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut v) => {
            poison(&mut v, status.as_u16() >= 400);
            Bytes::from(serde_json::to_vec(&v).expect("JSON"))
        }
        Err(_) => bytes,
    };
    let mut r = Response::new(Full::new(bytes));
    *r.status_mut() = status;
    for (k, v) in &headers {
        if k != hyper::header::CONTENT_LENGTH && k != hyper::header::TRANSFER_ENCODING {
            r.headers_mut().insert(k, v.clone());
        }
    }
    Ok(r)
}

/// The simulated Market with a poisoning proxy in front, on their own runtime.
struct Market {
    rt: tokio::runtime::Runtime,
    sim: Option<SimHandle>,
    proxy: SocketAddr,
}

impl Market {
    fn start(now: DateTime<Utc>) -> Market {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let _ = rustls::crypto::ring::default_provider().install_default();
        let opts = SimOptions {
            orders: 400,
            seed: 11,
            faults: FaultSpec::none(),
            clock: Clock::Frozen,
            api_key: Some(KEY.to_owned()),
            now: Some(now),
        };
        let sim = rt
            .block_on(ym_triage::sim::start("127.0.0.1:0".parse().unwrap(), opts))
            .unwrap();
        let upstream = sim.url().trim_end_matches('/').to_owned();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let proxy = listener.local_addr().unwrap();
        rt.spawn(async move {
            let client = reqwest::Client::new();
            while let Ok((stream, _)) = listener.accept().await {
                let (client, upstream) = (client.clone(), upstream.clone());
                tokio::spawn(async move {
                    let svc = hyper::service::service_fn(move |req| {
                        forward(client.clone(), upstream.clone(), req)
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, svc)
                        .await;
                });
            }
        });
        Market {
            rt,
            sim: Some(sim),
            proxy,
        }
    }

    fn url(&self) -> String {
        format!("http://{}", self.proxy)
    }

    fn business_id(&self) -> i64 {
        self.sim.as_ref().unwrap().business_id()
    }
}

impl Drop for Market {
    fn drop(&mut self) {
        if let Some(sim) = self.sim.take() {
            self.rt.block_on(sim.shutdown());
        }
    }
}

/// A private home, config and cache for the binary.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("cache.db")
    }

    fn cmd(&self, url: &str, key: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("USER", "agent1")
            .env("YM_TRIAGE_DB", self.db())
            .env("YM_API_URL", url)
            .env("YM_API_KEY", key);
        c
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8(b.to_vec()).expect("UTF-8 output")
}

/// Runs `args`; asserts that neither stream carries a raw control. `crlf` allows CSV's
/// line ends and its leading byte-order mark. Returns stdout.
fn run_clean(mut cmd: Command, args: &[&str], crlf: bool) -> (Output, String) {
    let out = cmd.args(args).output().unwrap();
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    for (name, s) in [("stdout", &stdout), ("stderr", &stderr)] {
        let s = if crlf {
            s.trim_start_matches('\u{FEFF}').replace("\r\n", "\n")
        } else {
            s.clone()
        };
        let raw = raw_controls(&s);
        assert!(
            raw.is_empty(),
            "`{}` wrote {raw:?} on {name}:\n{s:?}",
            args.join(" ")
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out, stdout)
}

/// Another agent's name, in a claim, the sync lease and the last sync; and a write
/// the Market will refuse, so that its refusal is stored. Returns the claimed order.
fn seed_the_cache(env: &Env, business_id: i64, now: DateTime<Utc>) -> i64 {
    let mut cache = Cache::open_existing(&env.db()).unwrap();
    let status = ym_triage::app::status::Status::build(&cache, now, 1000).unwrap();
    let claimed = status
        .orders
        .iter()
        .find(|o| o.incident.is_some())
        .expect("an order at risk with an incident")
        .order_id;
    let agent = format!("{EVIL}agent2");
    cache
        .claim(claimed, &agent, false, Duration::minutes(30), now)
        .unwrap();
    cache
        .try_acquire_lease(
            &agent,
            1,
            &format!("{EVIL}host"),
            Duration::minutes(10),
            now,
        )
        .unwrap();
    cache
        .record_run(&SyncRun {
            started_at: now - Duration::seconds(5),
            finished_at: now,
            holder: agent.clone(),
            host: format!("{EVIL}host"),
            ok: true,
            orders_seen: 1,
            new_orders: 0,
            changed: 0,
            events: 0,
            skipped: 0,
            requests: 1,
            message: format!("{EVIL}message"),
            failure: None,
        })
        .unwrap();
    // Delivered orders cannot go back to PROCESSING: the Market refuses, with a
    // message the proxy poisons.
    let (order, campaign) = {
        let (o, _) = cache.load_order(claimed).unwrap().unwrap();
        (o.order_id, o.campaign_id)
    };
    cache
        .enqueue(
            &OutboxWrite {
                key: key_for("agent1", order, "status", "hostile"),
                kind: WriteKind::Status(StatusChange {
                    status: OrderStatus::UNPAID,
                    substatus: Some(OrderSubstatus::STARTED),
                    delivery: None,
                }),
                order_id: Some(order),
                campaign_id: campaign,
                business_id,
                incident_id: None,
                created_by: agent,
            },
            now,
        )
        .unwrap();
    claimed
}

#[test]
fn no_command_writes_a_raw_control_from_the_market_or_another_agent() {
    let now = Utc::now();
    let market = Market::start(now - Duration::hours(1));
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    let cmd = || env.cmd(&market.url(), KEY);

    let (out, stdout) = run_clean(cmd(), &["sync"], false);
    assert!(out.status.success(), "{stdout}");

    // The Market's error code and message when it refuses the key.
    let (out, _) = run_clean(env.cmd(&market.url(), "ACMA:wrong:0000"), &["sync"], false);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("sync failed"), "{stderr}");
    assert!(stderr.contains('\u{FFFD}'), "{stderr}");

    let order = seed_the_cache(&env, market.business_id(), now);
    let id = order.to_string();

    // daemon --once sends the write (refused, stored with the Market's message) and
    // syncs, while another agent holds the lease.
    let (_, stdout) = run_clean(cmd(), &["daemon", "--once"], false);
    assert!(stdout.contains("refused"), "{stdout}");
    assert!(
        stdout.contains('\u{FFFD}'),
        "the refusal is shown: {stdout}"
    );

    let (_, stdout) = run_clean(cmd(), &["status"], false);
    assert!(stdout.contains("agent2"), "{stdout}");
    let (out, stdout) = run_clean(cmd(), &["status", "--json"], false);
    assert!(out.status.success());
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        v["syncing"]["holder"].as_str().unwrap().starts_with(EVIL),
        "JSON reads back the text as it was: {v}"
    );

    run_clean(cmd(), &["show", &id], false);
    let (_, stdout) = run_clean(cmd(), &["show", &id, "--json"], false);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["carrier"].as_str().unwrap().starts_with(EVIL), "{v}");

    let (_, stdout) = run_clean(cmd(), &["info"], false);
    assert!(stdout.contains("last refusal"), "{stdout}");

    for by in ["carrier", "region", "agent"] {
        for format in ["table", "md", "json", "csv"] {
            let (out, stdout) = run_clean(
                cmd(),
                &["report", "--format", format, "--by", by],
                format == "csv",
            );
            assert!(out.status.success(), "report {format} {by}: {stdout}");
        }
    }
    let (_, csv) = run_clean(
        cmd(),
        &["report", "--format", "csv", "--by", "carrier"],
        true,
    );
    assert!(csv.contains('\u{FFFD}'), "a carrier's name is a key: {csv}");
}
