//! The cache, `sync` and `status`, run as a user would: the real binary against the
//! simulated Market on a loopback port, into real SQLite files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, Utc};
use serde_json::Value;
use std::process::Command;
use ym_triage::cache::Cache;
use ym_triage::sim::{Clock, FaultSpec, SimHandle, SimOptions};

const KEY: &str = "ACMA:sync-test-key:0042";

/// A simulator on its own runtime, so the test thread can block on the binary.
struct Market {
    rt: tokio::runtime::Runtime,
    sim: Option<SimHandle>,
}

impl Market {
    fn start(orders: usize, faults: &str, now: DateTime<Utc>) -> Market {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let opts = SimOptions {
            orders,
            seed: 42,
            faults: FaultSpec::parse(faults).unwrap(),
            clock: Clock::Frozen,
            api_key: Some(KEY.to_owned()),
            now: Some(now),
        };
        let sim = rt
            .block_on(ym_triage::sim::start("127.0.0.1:0".parse().unwrap(), opts))
            .unwrap();
        Market { rt, sim: Some(sim) }
    }

    fn url(&self) -> String {
        self.sim.as_ref().unwrap().url()
    }

    fn get(&self, path: &str) -> Value {
        self.call(reqwest::Method::GET, path)
    }

    fn post(&self, path: &str) -> Value {
        self.call(reqwest::Method::POST, path)
    }

    fn call(&self, method: reqwest::Method, path: &str) -> Value {
        let url = format!("{}{path}", self.url());
        self.rt.block_on(async {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let c = reqwest::Client::new();
            c.request(method, url)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        })
    }
}

impl Drop for Market {
    fn drop(&mut self) {
        if let Some(sim) = self.sim.take() {
            self.rt.block_on(sim.shutdown());
        }
    }
}

/// A clean environment: no user config, a private home, the cache in a temp folder.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

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

    fn sync(&self, m: &Market) -> Output {
        self.cmd(&m.url(), KEY).arg("sync").output().unwrap()
    }

    fn status_json(&self, m: &Market) -> Value {
        let out = self
            .cmd(&m.url(), KEY)
            .args(["status", "--json", "--limit", "100000"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn assert_ok(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
}

/// Reads `N` after `label` in the sync summary ("… 12 new, …").
fn summary_number(summary: &str, label: &str) -> u64 {
    let words: Vec<&str> = summary
        .split([' ', ','])
        .filter(|w| !w.is_empty())
        .collect();
    let at = words.iter().position(|w| *w == label).unwrap();
    words[at - 1].parse().unwrap()
}

/// Order id → (status, substatus) for every order in the cache.
fn cached(db: &Path) -> BTreeMap<i64, (String, String)> {
    let cache = Cache::open_existing(db).unwrap();
    cache
        .load_orders()
        .unwrap()
        .into_iter()
        .map(|(o, _)| (o.order_id, (o.status.to_string(), o.substatus.to_string())))
        .collect()
}

const ACTIVE: [&str; 5] = ["UNPAID", "PENDING", "PROCESSING", "DELIVERY", "PICKUP"];

/// The orders a first sync must fetch, decided from the simulator's own data: active
/// orders created within the lookback, and closed ones updated within 30 days.
fn expected_first_sync(m: &Market, now: DateTime<Utc>) -> BTreeMap<i64, (String, String)> {
    let all = m.get("/_sim/orders");
    all.as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            let status = o["status"].as_str().unwrap();
            let created: DateTime<Utc> = o["creationDate"].as_str().unwrap().parse().unwrap();
            let updated: DateTime<Utc> = o["updateDate"]
                .as_str()
                .map(|s| s.parse().unwrap())
                .unwrap_or(created);
            if ACTIVE.contains(&status) {
                now - created < chrono::Duration::days(60)
            } else {
                now - updated < chrono::Duration::days(30)
            }
        })
        .map(|o| {
            (
                o["orderId"].as_i64().unwrap(),
                (
                    o["status"].as_str().unwrap().to_owned(),
                    o["substatus"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

#[test]
fn sync_then_status_json_agrees_with_what_the_simulator_holds() {
    let now = Utc::now();
    let m = Market::start(1500, "", now);
    let env = Env::new();
    let out = env.sync(&m);
    assert_ok(&out);
    let summary = text(&out.stdout);
    assert!(summary.starts_with("synced: "), "{summary}");

    let expected = expected_first_sync(&m, now);
    let got = cached(&env.db());
    // Orders on the window edges (created exactly 60 days ago) may fall either way.
    let missing: Vec<_> = expected.keys().filter(|id| !got.contains_key(id)).collect();
    assert!(missing.len() <= 2, "orders the sync missed: {missing:?}");
    for (id, state) in &got {
        if let Some(want) = expected.get(id) {
            assert_eq!(state, want, "order {id}");
        }
    }
    assert_eq!(summary_number(&summary, "new") as usize, got.len());

    let status = env.status_json(&m);
    assert_eq!(
        status["orders_cached"].as_u64().unwrap() as usize,
        got.len()
    );
    let listed = status["orders"].as_array().unwrap();
    assert_eq!(listed.len() as u64, status["at_risk"].as_u64().unwrap());
    assert!(
        status["at_risk"].as_u64().unwrap() > 0,
        "a realistic world has orders at risk"
    );
    let by_sev: u64 = ["P1", "P2", "P3", "P4"]
        .iter()
        .map(|s| status["by_severity"][s].as_u64().unwrap())
        .sum();
    assert_eq!(by_sev, status["at_risk"].as_u64().unwrap());
    assert_eq!(
        summary_number(&summary, "at"),
        status["at_risk"].as_u64().unwrap(),
        "the summary's orders at risk are the cache's: {summary}"
    );
    for o in listed {
        let id = o["order_id"].as_i64().unwrap();
        let (st, sub) = &got[&id];
        assert_eq!(o["status"].as_str().unwrap(), st);
        assert_eq!(o["substatus"].as_str().unwrap(), sub);
        assert!(!o["rules"].as_array().unwrap().is_empty());
        for key in ["campaign_id", "model", "severity", "due", "claimed_by"] {
            assert!(o.get(key).is_some(), "{key} missing in {o}");
        }
    }
    // Who synced is the account running the binary, whatever USER said.
    assert_eq!(
        status["last_sync"]["by"].as_str().unwrap(),
        ym_triage::base::whoami::user()
    );
}

#[test]
fn second_sync_records_exactly_the_changes_after_the_clock_moved() {
    let now = Utc::now();
    let m = Market::start(1500, "", now);
    let env = Env::new();
    assert_ok(&env.sync(&m));
    let before = cached(&env.db());
    let cache = Cache::open_existing(&env.db()).unwrap();
    let events_before = cache.event_count().unwrap();

    // Running it again with nothing changed records nothing.
    let again = env.sync(&m);
    assert_ok(&again);
    assert_eq!(
        summary_number(&text(&again.stdout), "events"),
        0,
        "{}",
        text(&again.stdout)
    );
    assert_eq!(cache.event_count().unwrap(), events_before);

    let changes = m.post("/_sim/advance?minutes=240");
    let changed: BTreeSet<i64> = changes["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["order_id"].as_i64().unwrap())
        .filter(|id| before.contains_key(id))
        .collect();
    assert!(!changed.is_empty(), "four hours should move some orders");

    let out = env.sync(&m);
    assert_ok(&out);
    let after = cached(&env.db());
    let mut with_new_events = BTreeSet::new();
    for id in before.keys() {
        let events = cache.events(*id).unwrap();
        if events
            .iter()
            .any(|e| e.seen_at.timestamp() > 0 && !matches!(e.kind.as_str(), "created" | "return"))
            && events.len() > 1
        {
            with_new_events.insert(*id);
        }
    }
    let status_changed: BTreeSet<i64> = before
        .iter()
        .filter(|(id, s)| after.get(id).is_some_and(|a| a != *s))
        .map(|(id, _)| *id)
        .collect();
    assert!(
        status_changed.is_subset(&changed),
        "changes the simulator did not make"
    );
    assert_eq!(
        with_new_events, changed,
        "events must match the simulator's changes exactly"
    );
    assert_eq!(
        summary_number(&text(&out.stdout), "changed") as usize,
        changed.len()
    );
}

#[test]
fn unknown_enum_values_survive_into_the_cache_and_status() {
    let now = Utc::now();
    let m = Market::start(3000, "", now);
    let env = Env::new();
    assert_ok(&env.sync(&m));
    let known: BTreeSet<&str> = ym_triage::market::enums::OrderSubstatus::KNOWN
        .iter()
        .map(ym_triage::market::enums::OrderSubstatus::as_str)
        .collect();
    let got = cached(&env.db());
    let unknown: Vec<_> = got
        .iter()
        .filter(|(_, (_, sub))| !known.contains(sub.as_str()))
        .collect();
    assert!(
        !unknown.is_empty(),
        "the simulator sends some substatus this build does not know"
    );
    let status = env.status_json(&m);
    assert_eq!(
        status["orders_cached"].as_u64().unwrap() as usize,
        got.len()
    );
    for o in status["orders"].as_array().unwrap() {
        let id = o["order_id"].as_i64().unwrap();
        assert_eq!(o["substatus"].as_str().unwrap(), got[&id].1);
    }
}

#[test]
fn sync_through_420s_and_5xx_ends_with_the_same_cache_as_a_clean_one() {
    let now = Utc::now();
    let clean = Market::start(2500, "", now);
    let faulty = Market::start(2500, "5xx=0.1,420p=0.1,420q=0.06,seed=3", now);
    let (a, b) = (Env::new(), Env::new());
    assert_ok(&a.sync(&clean));
    let out = b.sync(&faulty);
    assert_ok(&out);
    let stats = faulty.get("/_sim/stats");
    for kind in ["5xx", "420p", "420q"] {
        assert!(
            stats["faults"][kind].as_u64().unwrap_or(0) > 0,
            "no {kind} injected: {stats}"
        );
    }
    assert_eq!(cached(&a.db()), cached(&b.db()));
}

#[test]
fn three_syncs_started_together_one_syncs_none_fails() {
    let now = Utc::now();
    let m = Market::start(1500, "latency=30ms", now);
    let env = Env::new();
    // Create the cache first so the three race for the lease, not for the schema.
    assert_ok(&env.cmd(&m.url(), KEY).arg("info").output().unwrap());
    let children: Vec<_> = (0..3)
        .map(|_| {
            let mut c = env.cmd(&m.url(), KEY);
            c.arg("sync")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    for o in &outs {
        assert_ok(o);
    }
    let synced = outs
        .iter()
        .filter(|o| text(&o.stdout).starts_with("synced:"))
        .count();
    let followed = outs
        .iter()
        .filter(|o| text(&o.stdout).starts_with("not synced:"))
        .count();
    assert_eq!(
        (synced, followed),
        (1, 2),
        "{:?}",
        outs.iter().map(|o| text(&o.stdout)).collect::<Vec<_>>()
    );
}

#[test]
fn a_foreign_file_is_refused_and_left_untouched() {
    let env = Env::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    std::fs::write(env.db(), "id,name\n1,not a database\n").unwrap();
    let before = std::fs::read(env.db()).unwrap();
    for args in [&["sync"][..], &["status"][..]] {
        let out = env
            .cmd("http://127.0.0.1:9", KEY)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            text(&out.stderr).contains("not readable as a database: another program's file"),
            "{}",
            text(&out.stderr)
        );
    }
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let env = Env::new();
    std::fs::create_dir_all(env.db().parent().unwrap()).unwrap();
    {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        c.execute_batch(
            "CREATE TABLE invoices(id INTEGER PRIMARY KEY); INSERT INTO invoices VALUES (7);",
        )
        .unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let out = env
        .cmd("http://127.0.0.1:9", KEY)
        .arg("sync")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("not a ym-triage cache"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn a_cache_from_a_newer_version_is_refused_and_left_untouched() {
    let env = Env::new();
    drop(Cache::open(&env.db()).unwrap());
    {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        c.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let out = env
        .cmd("http://127.0.0.1:9", KEY)
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("newer ym-triage"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn a_db_path_that_cannot_exist_is_a_clear_error() {
    let env = Env::new();
    let out = env
        .cmd("http://127.0.0.1:9", KEY)
        .args(["--db", "/proc/version/cache.db", "sync"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("/proc/version/cache.db"),
        "{}",
        text(&out.stderr)
    );
    let out = env
        .cmd("http://127.0.0.1:9", KEY)
        .args(["--db", "/nonexistent/x.db", "status"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("run `ym-triage sync`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_wrong_key_fails_with_the_markets_message_and_never_shows_the_key() {
    let m = Market::start(50, "", Utc::now());
    let env = Env::new();
    let wrong = "ACMA:wrong-secret-0123456789";
    let out = env.cmd(&m.url(), wrong).arg("sync").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("Api-Key token is invalid"), "{err}");
    assert!(!err.contains("wrong-secret") && !text(&out.stdout).contains("wrong-secret"));
    let log = std::fs::read_to_string(env.dir.path().join("state/ym-triage/ym-triage.log"))
        .unwrap_or_default();
    assert!(!log.contains("wrong-secret"));
}

#[test]
fn a_user_the_config_makes_read_only_cannot_act_whatever_the_flags() {
    let env = Env::new();
    let cfg = env.dir.path().join("config/ym-triage/config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    let info = |users: &str| {
        std::fs::write(&cfg, format!("read_only_users = [{users}]\n")).unwrap();
        let out = env
            .cmd("http://127.0.0.1:9", KEY)
            .arg("info")
            .output()
            .unwrap();
        text(&out.stdout)
    };
    // The account running the binary, not USER (which says "agent1").
    let me = ym_triage::base::whoami::user();
    assert!(info(&format!("\"{me}\"")).contains("acting:       read-only"));
    assert!(info("\"agent1\"").contains("acting:       allowed"));
}

#[test]
fn an_invalid_config_names_file_line_and_key() {
    let env = Env::new();
    let cfg = env.dir.path().join("config/ym-triage/config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(&cfg, "lang = \"ru\"\n\n[risk]\nstale_days = \"three\"\n").unwrap();
    let out = env
        .cmd("http://127.0.0.1:9", KEY)
        .arg("status")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("config.toml, line 4"), "{err}");
    assert!(err.contains("risk.stale_days"), "{err}");
}

#[test]
fn an_order_in_an_unexpected_shape_is_skipped_counted_and_logged_while_the_rest_syncs() {
    let now = Utc::now();
    let m = Market::start(1500, "badorder=0.3,seed=5", now);
    let env = Env::new();
    let out = env.sync(&m);
    assert_ok(&out);
    let summary = text(&out.stdout);
    let skipped = summary_number(&summary, "skipped");
    assert!(skipped > 0, "{summary}");
    let err = text(&out.stderr);
    assert!(
        err.contains("skipped:") && err.contains("order 4"),
        "the id is named: {err}"
    );
    let expected = expected_first_sync(&m, now);
    let got = cached(&env.db());
    assert_eq!(
        got.len() as u64 + skipped,
        expected.len() as u64,
        "only the broken orders are missing"
    );
    let log =
        std::fs::read_to_string(env.dir.path().join("state/ym-triage/ym-triage.log")).unwrap();
    assert!(log.contains("unexpected shape"), "{log}");
}

#[test]
fn an_interrupted_sync_leaves_a_consistent_cache_and_the_next_run_completes() {
    let now = Utc::now();
    let m = Market::start(1500, "latency=150ms", now);
    let env = Env::new();
    let mut child = env
        .cmd(&m.url(), KEY)
        .arg("sync")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(700));
    child.kill().unwrap();
    child.wait().unwrap();
    {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        let ok: String = c
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }
    let partial = cached(&env.db()).len();
    let out = env.sync(&m);
    assert_ok(&out);
    let expected = expected_first_sync(&m, now);
    let got = cached(&env.db());
    assert!(
        partial < got.len(),
        "the first run was cut short ({partial} of {})",
        got.len()
    );
    let missing = expected.keys().filter(|id| !got.contains_key(id)).count();
    assert!(
        missing <= 2,
        "{missing} orders missing after the second run"
    );
    // The orders stored before the kill were not duplicated in the timeline: one
    // `created` event each (returns have their own events).
    let c = rusqlite::Connection::open(env.db()).unwrap();
    let created: i64 = c
        .query_row(
            "SELECT count(*) FROM events WHERE kind = 'created'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(created as usize, got.len());
}

#[test]
fn cache_and_log_files_are_never_readable_by_others_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let m = Market::start(100, "", Utc::now());
    let bin = env!("CARGO_BIN_EXE_ym-triage");
    for (umask, want) in [("000", 0o660), ("022", 0o640), ("027", 0o640)] {
        let env = Env::new();
        let out = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask}; exec {bin} sync"))
            .envs(
                env.cmd(&m.url(), KEY)
                    .get_envs()
                    .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))),
            )
            .output()
            .unwrap();
        assert_ok(&out);
        let mode = |p: &std::path::Path| {
            std::fs::metadata(p)
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
                .permissions()
                .mode()
                & 0o777
        };
        // SQLite gives its -wal and -shm files the main file's mode.
        let db = env.db();
        let suffixed = |s: &str| {
            let mut p = db.as_os_str().to_owned();
            p.push(s);
            std::path::PathBuf::from(p)
        };
        for p in [db.clone(), suffixed("-wal"), suffixed("-shm")] {
            assert_eq!(mode(&p), want, "umask {umask}: {}", p.display());
        }
        assert_eq!(
            mode(db.parent().unwrap()) & 0o007,
            0,
            "umask {umask}: the folder"
        );
        let log = env.dir.path().join("state/ym-triage/ym-triage.log");
        assert_eq!(mode(&log) & 0o007, 0, "umask {umask}: the log");
    }
}
