//! An agent resolves an incident in the real dashboard, against the simulated Market
//! on a loopback port: claims the order, sends the buyer a message from a template,
//! moves the DBS delivery date, hands the order to the carrier (status DELIVERY) and
//! closes the incident with a root cause. The simulator must receive exactly those
//! writes, once each; the cache must hold the closed incident and its audit trail.

use crate::common;

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;
use ym_triage::base::lang::Lang;
use ym_triage::cache::Cache;
use ym_triage::domain::incident::IncidentConfig;
use ym_triage::domain::incident::checks::WriteAction;
use ym_triage::domain::incident::reroute::{self, RerouteKind};
use ym_triage::domain::incident::status_options;
use ym_triage::domain::incident::template;
use ym_triage::domain::risk::Thresholds;
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::service::act::check_context;
use ym_triage::sim::{Clock, FaultSpec, SimOptions};

use common::tmux::{Session, keys, type_text, wait_for};
use common::{KEY, client};

/// A DBS order in PROCESSING whose date may move and which may go to DELIVERY now,
/// with the positions of those options in the dashboard's pickers.
struct Target {
    order_id: i64,
    move_at: usize,
    delivery_at: usize,
}

fn find_target(db: &std::path::Path) -> Target {
    let cache = Cache::open(db).unwrap();
    let cfg = IncidentConfig::default();
    let risk = Thresholds::default();
    let now = Utc::now();
    for (order, history) in cache.load_orders().unwrap() {
        if order.model != ProgramType::DBS || order.status != OrderStatus::PROCESSING {
            continue;
        }
        let ctx = check_context(&cache, &order, &cfg, &risk).unwrap();
        let reroutes = reroute::options(&order, &history, &ctx, now);
        let statuses = status_options::options(&order, &history, &ctx, now);
        let move_at = reroutes
            .iter()
            .position(|o| o.kind == RerouteKind::MoveDate && o.available);
        let delivery_at = statuses.iter().position(|o| {
            o.available
                && matches!(&o.action, WriteAction::SetStatus { status, .. } if *status == OrderStatus::DELIVERY)
        });
        if let (Some(move_at), Some(delivery_at)) = (move_at, delivery_at) {
            return Target {
                order_id: order.order_id,
                move_at,
                delivery_at,
            };
        }
    }
    panic!("no DBS order in PROCESSING whose date may move and which may be handed over");
}

fn down(socket: &std::path::Path, n: usize) {
    for _ in 0..n {
        keys(socket, &["j"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_agent_resolves_an_incident_and_the_market_gets_each_write_once() {
    let sim = common::sim_with(SimOptions {
        orders: 600,
        seed: 7,
        faults: FaultSpec::parse("").unwrap(),
        clock: Clock::Frozen,
        api_key: Some(KEY.to_owned()),
        // The world around today: the dashboard's rules run on the real clock.
        now: Some(Utc::now()),
    })
    .await;
    let url = sim.url();
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let db = dir.path().join("cache.db");
    let env = [
        ("HOME", home.clone()),
        ("USER", "anna".to_owned()),
        ("XDG_CONFIG_HOME", format!("{home}/config")),
        ("XDG_DATA_HOME", format!("{home}/data")),
        ("XDG_STATE_HOME", format!("{home}/state")),
        ("YM_TRIAGE_DB", db.display().to_string()),
        ("YM_API_URL", url.clone()),
        ("YM_API_KEY", KEY.to_owned()),
        ("TERM", "xterm-256color".to_owned()),
    ];
    let bin = env!("CARGO_BIN_EXE_ym-triage");
    let mut sync = Command::new(bin);
    sync.env_clear().arg("sync");
    for (k, v) in &env {
        sync.env(k, v);
    }
    let out = sync.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let target = find_target(&db);
    let id = target.order_id.to_string();

    let session = Session::start(
        dir.path(),
        140,
        45,
        &env,
        &format!("{bin} --lang en; sleep 30"),
    );
    let s = &session.socket;
    wait_for(s, "the dashboard", |s| s.contains("At risk"));
    // The order in the All section, alone under the filter.
    keys(s, &["l", "l", "l", "/"]);
    type_text(s, &id);
    keys(s, &["Enter"]);
    wait_for(s, "the order alone", |s| s.contains(&format!("/ {id}")));

    // Claim it.
    keys(s, &["c"]);
    wait_for(s, "the claim", |s| s.contains(&format!("✓ {id}")));

    // Contact: the delay apology template, sent after the confirm.
    let templates = template::builtin(Lang::En);
    let apology = templates
        .iter()
        .position(|t| t.name == "delay_apology")
        .expect("the delay apology template");
    keys(s, &["]", "]", "]", "a"]);
    wait_for(s, "the template picker", |s| s.contains("Message template"));
    down(s, apology);
    keys(s, &["Enter"]);
    keys(s, &["S"]);
    wait_for(s, "the send confirm", |s| s.contains("Send to the buyer"));
    keys(s, &["y"]);
    wait_for(s, "the message queued", |s| s.contains("queued to send: 1"));

    // Reroute: move the delivery date by the suggested day, for the partner's reason.
    keys(s, &["]", "a"]);
    wait_for(s, "the reroute picker", |s| s.contains("Reroute"));
    down(s, target.move_at);
    keys(s, &["Enter"]);
    keys(s, &["Enter"]);
    wait_for(s, "the date input", |s| s.contains("New date"));
    keys(s, &["Enter"]);
    wait_for(s, "the date move confirm", |s| {
        s.contains("Move the delivery date")
    });
    keys(s, &["y"]);

    // Status: handed over to the carrier.
    keys(s, &["]", "]", "a"]);
    wait_for(s, "the status picker", |s| s.contains("Change the status"));
    down(s, target.delivery_at);
    keys(s, &["Enter"]);
    keys(s, &["y"]);

    // Wait until the Market has all three, then close with the first root cause.
    let http = client();
    let writes_url = format!("{url}/_sim/writes");
    let writes_for_order = || async {
        let v: Value = http
            .get(&writes_url)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v.as_array().unwrap().clone()
    };
    let start = Instant::now();
    loop {
        let w = writes_for_order().await;
        let paths: Vec<String> = w
            .iter()
            .map(|e| e["path"].as_str().unwrap_or("").to_owned())
            .collect();
        if paths.iter().any(|p| p.contains("/status")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the writes did not all arrive: {paths:?}\n{}",
            common::tmux::screen(s)
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Steps are left (verify, compensation, the rule check): asked first; then no
    // root cause is chosen until one is moved to.
    keys(s, &["C"]);
    wait_for(s, "the steps question", |s| s.contains("close anyway?"));
    keys(s, &["y"]);
    wait_for(s, "the root causes", |s| s.contains("root cause"));
    keys(s, &["Enter"]);
    wait_for(s, "a cause asked for", |s| {
        s.contains("Choose a root cause")
    });
    keys(s, &["j", "Enter"]);
    wait_for(s, "the lesson input", |s| s.contains("The lesson"));
    type_text(s, "move dates before the day passes");
    keys(s, &["Enter"]);
    let cache = Cache::open(&db).unwrap();
    let start = Instant::now();
    while cache
        .incident(target.order_id)
        .unwrap()
        .is_none_or(|i| i.closed_at.is_none())
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the incident did not close:\n{}",
            common::tmux::screen(s)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // A few more outbox rounds: nothing may be sent twice.
    tokio::time::sleep(Duration::from_secs(2)).await;
    keys(s, &["q"]);

    let writes = writes_for_order().await;
    let kinds: Vec<(String, String)> = writes
        .iter()
        .map(|e| {
            (
                e["method"].as_str().unwrap_or("").to_owned(),
                // The path without its query (`chats/message?chatId=…`).
                e["path"]
                    .as_str()
                    .unwrap_or("")
                    .split('?')
                    .next()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    let count = |suffix: &str| kinds.iter().filter(|(_, p)| p.ends_with(suffix)).count();
    assert_eq!(count("/chats/message"), 1, "{kinds:?}");
    assert_eq!(count("/delivery/date"), 1, "{kinds:?}");
    assert_eq!(count("/status"), 1, "{kinds:?}");
    // Nothing else reached the Market but the chat's creation.
    let other: Vec<_> = kinds
        .iter()
        .filter(|(_, p)| {
            !(p.ends_with("/chats/message")
                || p.ends_with("/delivery/date")
                || p.ends_with("/status")
                || p.ends_with("/chats/new"))
        })
        .collect();
    assert!(other.is_empty(), "unexpected writes: {other:?}");
    assert!(
        writes
            .iter()
            .all(|e| e["path"].as_str().unwrap_or("").contains(&id)
                || e["path"].as_str().unwrap_or("").contains("/chats")),
        "every write is for the order: {kinds:?}"
    );

    let incident = cache.incident(target.order_id).unwrap().unwrap();
    assert!(incident.root_cause.is_some());
    assert_eq!(
        incident.lesson.as_deref(),
        Some("move dates before the day passes")
    );
    assert_eq!(
        incident.detected_before_buyer,
        Some(true),
        "no buyer message came first"
    );
    let actions: Vec<String> = cache
        .audit_for(target.order_id)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    for want in [
        "claim",
        "write:chat_message",
        "write:delivery_date",
        "write:status",
        "sent:chat_message",
        "sent:delivery_date",
        "sent:status",
        "close",
    ] {
        assert!(actions.iter().any(|a| a == want), "{want} in {actions:?}");
    }
    drop(session);
    sim.shutdown().await;
}

#[test]
fn the_external_editor_edits_the_draft_and_the_screen_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    // An "editor" that appends a line to the file it is given. Run through `sh`, so
    // no test thread's fork can hold the script open for writing as it is executed.
    let editor = dir.path().join("editor.sh");
    std::fs::write(&editor, "printf 'Edited in the editor.\\n' >> \"$1\"\n").unwrap();
    let env = [
        ("HOME", home.clone()),
        ("XDG_CONFIG_HOME", format!("{home}/config")),
        ("XDG_DATA_HOME", format!("{home}/data")),
        ("XDG_STATE_HOME", format!("{home}/state")),
        ("EDITOR", format!("sh {}", editor.display())),
        ("TERM", "xterm-256color".to_owned()),
    ];
    let bin = env!("CARGO_BIN_EXE_ym-triage");
    let session = Session::start(
        dir.path(),
        120,
        40,
        &env,
        &format!("env -u YM_API_KEY -u VISUAL {bin} --lang en; echo \"exit=$?\"; sleep 30"),
    );
    let s = &session.socket;
    wait_for(s, "the orders", |s| {
        s.contains("At risk") && s.contains("P1")
    });
    keys(s, &["]", "]", "]", "e"]);
    wait_for(s, "the edited draft", |s| {
        s.contains("Edited in the editor.")
    });
    // The keyboard is the dashboard's again.
    keys(s, &["/"]);
    type_text(s, "zzzz");
    wait_for(s, "the filter typed after the editor", |s| {
        s.contains("/ zzzz")
    });
    let screen = common::tmux::screen(s);
    assert!(
        !screen.contains("exit="),
        "the dashboard is still running:\n{screen}"
    );
}
