//! Nothing an agent does is lost, done by accident, or shown wrong — tried through the
//! real binary in tmux, against a simulated Market on a loopback port: acts refused
//! before anything is typed, drafts kept across a quit and a kill, undo and reopen,
//! writes cancelled, bulk acts on every marked order, the screen following the cache.

mod common;

use chrono::{Duration as Days, Utc};
use ym_triage::cache::Cache;

use common::dash::{Dash, market, select};
use common::tmux::{keys, screen, type_text, wait_for};

/// An order with an open incident.
fn order_with_incident(db: &std::path::Path) -> i64 {
    let cache = Cache::open(db).unwrap();
    cache
        .load_orders()
        .unwrap()
        .into_iter()
        .map(|(o, _)| o.order_id)
        .find(|id| {
            cache
                .incident(*id)
                .unwrap()
                .is_some_and(|i| i.closed_at.is_none())
        })
        .expect("an order with an open incident")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_another_agent_works_is_refused_before_anything_is_typed() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    // Another agent holds it (claimed just now, so the claim is live).
    let mut cache = Cache::open(&dash.db).unwrap();
    cache
        .claim(id, "boris", false, Days::minutes(30), Utc::now())
        .unwrap();
    let session = dash.open(120, 40);
    let s = &session.socket;
    select(s, id);
    wait_for(s, "the claimant shown", |s| s.contains("boris"));
    keys(s, &["n"]);
    let screen_now = wait_for(s, "the refusal", |s| {
        s.contains("boris works this order; take it over first")
    });
    assert!(
        !screen_now.contains("what came of it"),
        "no input opened:\n{screen_now}"
    );
    // What the agent types next goes nowhere near the incident.
    type_text(s, "x");
    keys(s, &["C"]);
    wait_for(s, "the close refused too", |s| s.contains("boris works"));
    assert!(!screen(s).contains("close anyway"));
    let incident = cache.incident(id).unwrap().unwrap();
    assert_eq!(incident.closed_at, None);
    drop(session);
    sim.shutdown().await;
}

/// The 11-digit order ids of the list's rows, top to bottom (left of the detail).
fn listed(screen: &str) -> Vec<i64> {
    screen
        .lines()
        .filter_map(|l| l.split('│').next())
        .filter(|l| {
            l.contains(" P1 ") || l.contains(" P2 ") || l.contains(" P3 ") || l.contains(" —  ")
        })
        .filter_map(|l| {
            l.split_whitespace()
                .find(|w| w.len() == 11 && w.chars().all(|c| c.is_ascii_digit()))
                .and_then(|w| w.parse().ok())
        })
        .collect()
}

/// Whether the rules let `order_id` move its delivery date now, and where the date
/// move stands among its reroute options.
fn date_move(db: &std::path::Path, order_id: i64) -> Option<usize> {
    use ym_triage::incident::IncidentConfig;
    use ym_triage::incident::reroute::{self, RerouteKind};
    use ym_triage::risk::Thresholds;
    use ym_triage::service::act::check_context;
    let cache = Cache::open(db).unwrap();
    let (order, history) = cache.load_order(order_id).unwrap()?;
    let ctx = check_context(
        &cache,
        &order,
        &IncidentConfig::default(),
        &Thresholds::default(),
    )
    .unwrap();
    reroute::options(&order, &history, &ctx, Utc::now())
        .iter()
        .position(|o| o.kind == RerouteKind::MoveDate && o.available)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_move_with_three_orders_marked_reaches_each_order_the_rules_allow() {
    let sim = market(600).await;
    let dash = Dash::new(&sim.url());
    let session = dash.open(140, 45);
    let s = &session.socket;
    keys(s, &["l", "l", "l", "/"]);
    type_text(s, "model:dbs status:processing");
    keys(s, &["Enter"]);
    let shown = wait_for(s, "the DBS orders in PROCESSING", |s| listed(s).len() >= 3);
    let three: Vec<i64> = listed(&shown).into_iter().take(3).collect();
    let movable: Vec<usize> = (0..3)
        .filter(|&i| date_move(&dash.db, three[i]).is_some())
        .collect();
    let Some(&on) = movable.first() else {
        panic!("none of {three:?} may move its date; the world changed?")
    };
    // Mark the three, then stand on one whose date may move.
    keys(s, &["g", "Space", "j", "Space", "j", "Space", "g"]);
    for _ in 0..on {
        keys(s, &["j"]);
    }
    wait_for(s, "three marked", |s| {
        s.contains("3 marked") || s.contains("marked: 3")
    });
    keys(s, &["]", "]", "]", "]", "a"]);
    wait_for(s, "the reroute picker", |s| s.contains("Reroute"));
    for _ in 0..date_move(&dash.db, three[on]).unwrap() {
        keys(s, &["j"]);
    }
    keys(s, &["Enter", "Enter"]);
    wait_for(s, "the date input", |s| s.contains("New date"));
    keys(s, &["Enter"]);
    let dialog = wait_for(s, "the checked confirm", |s| {
        s.contains("to confirm:") && !s.contains("checking each order")
    });
    let count: usize = dialog
        .lines()
        .filter(|l| l.contains("to confirm:"))
        .find_map(|l| l.split("Type ").nth(1))
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the count to type:\n{dialog}"));
    assert!((1..=3).contains(&count), "{dialog}");
    assert!(
        dialog.contains("3 orders, each") && dialog.contains("Orders ("),
        "the confirm describes the three:\n{dialog}"
    );
    type_text(s, &count.to_string());
    keys(s, &["y"]);
    wait_for(s, "queued", |s| {
        s.contains(&format!("queued to send: {count}"))
    });
    // The Market gets one date move per allowed order, and none for the others.
    let http = common::client();
    let start = std::time::Instant::now();
    let moved: Vec<i64> = loop {
        let writes: serde_json::Value = http
            .get(format!("{}/_sim/writes", dash.url))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let moved: Vec<i64> = writes
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| w["path"].as_str())
            .filter(|p| p.ends_with("/delivery/date"))
            .filter_map(|p| p.split("/orders/").nth(1)?.split('/').next()?.parse().ok())
            .collect();
        if moved.len() >= count {
            break moved;
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(30),
            "{moved:?}\n{}",
            screen(s)
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    assert_eq!(moved.len(), count, "{moved:?}");
    assert!(
        moved.iter().all(|id| three.contains(id)),
        "{moved:?} of {three:?}"
    );
    drop(session);
    sim.shutdown().await;
}

/// The Contact tab of the selected order.
fn contact_tab(s: &std::path::Path) {
    keys(s, &["]", "]", "]"]);
    wait_for(s, "the Contact tab", |s| s.contains("Draft"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_for_a_claimed_order_survives_quit_and_a_new_start() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    let session = dash.open(120, 40);
    let s = &session.socket;
    select(s, id);
    keys(s, &["c"]);
    wait_for(s, "the claim", |s| s.contains("Mine 1"));
    contact_tab(s);
    keys(s, &["i"]);
    type_text(s, "Good day! Your parcel is on its way.");
    keys(s, &["Escape"]);
    wait_for(s, "the draft saved", |s| s.contains("draft saved"));
    keys(s, &["q"]);
    wait_for(s, "the quit question", |s| {
        s.contains("1 unsent draft (kept): quit? y/n")
    });
    keys(s, &["y"]);
    assert!(dash.wait_exit(s).contains("exit=0"));
    drop(session);

    let session = dash.open(120, 40);
    let s = &session.socket;
    // Still mine.
    keys(s, &["l", "l"]);
    wait_for(s, "the order in Mine", |s| {
        s.contains("Mine 1") && s.contains(&id.to_string())
    });
    keys(s, &["h", "h"]);
    select(s, id);
    contact_tab(s);
    let shown = wait_for(s, "the draft after the restart", |s| {
        s.contains("Good day! Your parcel is on its way.")
    });
    assert!(shown.contains("draft saved"), "{shown}");
    drop(session);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_being_typed_when_the_process_is_killed_or_the_link_drops_is_back() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    let me = ym_triage::whoami::user();
    for (signal, text) in [
        ("KILL", "Killed mid-sentence, and"),
        ("HUP", "The link dropped while"),
    ] {
        let session = dash.open(120, 40);
        let s = &session.socket;
        select(s, id);
        contact_tab(s);
        keys(s, &["i", "C-u"]);
        // Start from an empty draft: Backspace over what an earlier round left.
        for _ in 0..40 {
            keys(s, &["BSpace"]);
        }
        type_text(s, text);
        wait_for(s, "the typing", |s| s.contains(text));
        let sent = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &dash.pid()])
            .status()
            .unwrap();
        assert!(sent.success());
        // A hangup quits without a question nobody could answer.
        let exit = dash.wait_exit(s);
        if signal == "KILL" {
            assert_ne!(
                Cache::open(&dash.db)
                    .unwrap()
                    .draft(id, &me)
                    .unwrap()
                    .map(|d| d.text),
                Some(text.to_owned()),
                "no time for the cache: this is the journal's work"
            );
        } else {
            assert!(exit.contains("exit=0"), "{exit}");
        }
        drop(session);

        let session = dash.open(120, 40);
        let s = &session.socket;
        select(s, id);
        contact_tab(s);
        wait_for(s, "the draft back", |s| s.contains(text));
        // And the cache has it a moment later.
        wait_for(s, "stored", |s| s.contains("draft saved"));
        let stored = Cache::open(&dash.db).unwrap().draft(id, &me).unwrap();
        assert_eq!(stored.map(|d| d.text), Some(text.to_owned()), "{signal}");
        keys(s, &["Escape", "q", "y"]);
        dash.wait_exit(s);
        drop(session);
    }
    sim.shutdown().await;
}

/// The audit trail of an order, oldest first.
fn trail(db: &std::path::Path, order_id: i64) -> Vec<String> {
    let mut t: Vec<String> = Cache::open(db)
        .unwrap()
        .audit_for(order_id)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    t.reverse();
    t
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_close_is_undone_in_seconds_and_a_closed_incident_reopens_with_a_reason() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    let session = dash.open(120, 40);
    let s = &session.socket;
    select(s, id);
    keys(s, &["]", "]"]);
    wait_for(s, "the Incident tab", |s| s.contains("1. "));
    keys(s, &["C"]);
    wait_for(s, "the steps question", |s| s.contains("close anyway?"));
    keys(s, &["y", "j", "Enter"]);
    wait_for(s, "the lesson", |s| s.contains("The lesson"));
    keys(s, &["Enter"]);
    wait_for(s, "the undo offer", |s| s.contains("undo: close"));
    let cache = Cache::open(&dash.db).unwrap();
    assert!(cache.incident(id).unwrap().unwrap().closed_at.is_some());
    keys(s, &["u"]);
    wait_for(s, "undone", |s| s.contains("undo:close"));
    assert_eq!(cache.incident(id).unwrap().unwrap().closed_at, None);
    let t = trail(&dash.db, id);
    assert!(
        t.ends_with(&["close".to_owned(), "undo:close".to_owned()]),
        "both in the trail: {t:?}"
    );

    // Closed for good this time; then reopened, with a reason.
    keys(s, &["C", "y", "j", "Enter", "Enter"]);
    wait_for(s, "closed", |s| s.contains("R reopens"));
    keys(s, &["R"]);
    wait_for(s, "the reason asked", |s| {
        s.contains("Why is the incident reopened")
    });
    keys(s, &["Enter"]);
    wait_for(s, "a reason required", |s| s.contains("A reason is needed"));
    type_text(s, "buyer says it never came");
    keys(s, &["Enter"]);
    wait_for(s, "reopened", |s| s.contains("reopened: buyer says"));
    let inc = cache.incident(id).unwrap().unwrap();
    assert_eq!(inc.closed_at, None);
    assert!(trail(&dash.db, id).contains(&"reopen".to_owned()));
    drop(session);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_write_is_cancelled_and_a_refused_one_sent_again_from_the_incident_tab() {
    let sim = market(300).await;
    let mut dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    // Without the key nothing sends the outbox: a write stays queued.
    dash.env.retain(|(k, _)| *k != "YM_API_KEY");
    let me = ym_triage::whoami::user();
    let mut cache = Cache::open(&dash.db).unwrap();
    let session = dash.open(120, 40);
    let s = &session.socket;
    select(s, id);
    contact_tab(s);
    keys(s, &["i"]);
    type_text(s, "Good day! We are checking your parcel.");
    keys(s, &["Escape", "S"]);
    wait_for(s, "the send confirm", |s| s.contains("Send to the buyer"));
    keys(s, &["y"]);
    wait_for(s, "queued", |s| s.contains("✉ 1"));
    let row = cache.outbox_for_order(id).unwrap().pop().unwrap();
    assert_eq!(row.state, ym_triage::cache::OutboxState::Queued);
    keys(s, &["[", "w"]);
    wait_for(s, "the writes", |s| s.contains("Cancel: chat message"));
    keys(s, &["Enter"]);
    wait_for(s, "the cancel confirm", |s| s.contains("will not be sent"));
    keys(s, &["y"]);
    wait_for(s, "cancelled", |s| s.contains("cancel:chat_message"));
    let row = cache.outbox_row(row.id).unwrap().unwrap();
    assert_eq!(row.state, ym_triage::cache::OutboxState::Cancelled);
    assert!(trail(&dash.db, id).contains(&"cancel:chat_message".to_owned()));

    // A write the Market refused: sent again from the same list.
    let refused = cache
        .enqueue(
            &ym_triage::outbox::OutboxWrite {
                key: "refused-one".into(),
                kind: ym_triage::outbox::WriteKind::ChatMessage {
                    text: "second try".into(),
                },
                order_id: Some(id),
                campaign_id: row.campaign_id.unwrap_or_default(),
                business_id: row.business_id.unwrap_or_default(),
                incident_id: row.incident_id,
                created_by: me.clone(),
            },
            Utc::now(),
        )
        .unwrap();
    cache
        .claim_outbox("test", Utc::now(), Days::seconds(60))
        .unwrap()
        .unwrap();
    cache
        .outbox_failed(refused, "HTTP 400: CHAT_CLOSED", None, Utc::now())
        .unwrap();
    wait_for(s, "the refusal shown", |s| s.contains("CHAT_CLOSED"));
    keys(s, &["w"]);
    wait_for(s, "the writes", |s| s.contains("Send again: chat message"));
    keys(s, &["Enter"]);
    wait_for(s, "the confirm", |s| s.contains("goes to the Market again"));
    keys(s, &["y"]);
    let start = std::time::Instant::now();
    while cache.outbox_row(refused).unwrap().unwrap().state != ym_triage::cache::OutboxState::Queued
    {
        assert!(
            start.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            screen(s)
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(trail(&dash.db, id).contains(&"requeue:chat_message".to_owned()));
    drop(session);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_sync_shows_on_an_agents_footer_from_the_first_failed_round() {
    let sim = market(300).await;
    let mut dash = Dash::new(&sim.url());
    // The agent's dashboard has no key: it only follows the cache.
    let key = dash
        .env
        .iter()
        .find(|(k, _)| *k == "YM_API_KEY")
        .cloned()
        .unwrap();
    dash.env.retain(|(k, _)| *k != "YM_API_KEY");
    let session = dash.open(120, 40);
    let s = &session.socket;
    let before = screen(s);
    assert!(before.contains("synced"), "{before}");
    // The process with the key cannot reach the Market (nothing listens there).
    let mut sync = dash.command();
    sync.env(key.0, key.1)
        .env("YM_API_URL", "http://127.0.0.1:9")
        .arg("sync");
    let out = sync.output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not reach the Market"), "{err}");
    let shown = wait_for(s, "the failing sync", |s| {
        s.contains("sync failing since") && s.contains("Market not reachable")
    });
    assert!(!shown.contains("the Market refused"), "{shown}");
    drop(session);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_detail_follows_its_order_whoever_changes_the_incident_outbox_chat_or_state() {
    use ym_triage::market::wire::chat::ChatMessage;
    use ym_triage::service::act::Actor;
    let sim = market(300).await;
    let mut dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    let key = dash
        .env
        .iter()
        .find(|(k, _)| *k == "YM_API_KEY")
        .cloned()
        .unwrap();
    // The agent's dashboard follows the cache; everything below is done by others.
    dash.env.retain(|(k, _)| *k != "YM_API_KEY");
    let session = dash.open(120, 40);
    let s = &session.socket;
    select(s, id);
    keys(s, &["]", "]"]);
    wait_for(s, "the Incident tab", |s| s.contains("Audit"));
    let mut cache = Cache::open(&dash.db).unwrap().with_claim_idle(30);

    // Another agent's note.
    let version = cache.incident(id).unwrap().unwrap().version;
    Actor::new(&mut cache, "boris", Utc::now())
        .note(id, version, "carrier found the parcel")
        .unwrap();
    wait_for(s, "the note", |s| s.contains("boris: carrier found"));

    // A write the daemon sent.
    let row = cache
        .enqueue(
            &ym_triage::outbox::OutboxWrite {
                key: "followed".into(),
                kind: ym_triage::outbox::WriteKind::ChatMessage {
                    text: "hello".into(),
                },
                order_id: Some(id),
                campaign_id: 1,
                business_id: 1,
                incident_id: None,
                created_by: "boris".into(),
            },
            Utc::now(),
        )
        .unwrap();
    wait_for(s, "queued", |s| s.contains("chat message · queued"));
    cache
        .claim_outbox("daemon", Utc::now(), Days::seconds(60))
        .unwrap()
        .unwrap();
    cache.outbox_sent(row, "{}", Utc::now()).unwrap();
    wait_for(s, "sent", |s| s.contains("chat message · accepted"));

    // The buyer's message, fetched by the service.
    keys(s, &["]"]);
    wait_for(s, "the Contact tab", |s| s.contains("Chat with the buyer"));
    let message: ChatMessage = serde_json::from_value(serde_json::json!({
        "messageId": 990_001,
        "createdAt": Utc::now().to_rfc3339(),
        "sender": "CUSTOMER",
        "message": "Where is my parcel?"
    }))
    .unwrap();
    cache
        .store_chat_messages(77, id, &[message], Utc::now())
        .unwrap();
    wait_for(s, "the buyer's message", |s| {
        s.contains("Where is my parcel?")
    });

    // The order itself, changed on the Market and synced by the process with the key.
    keys(s, &["[", "[", "["]);
    let before = wait_for(s, "the Order tab", |s| s.contains("Substatus"));
    let http = common::client();
    let touched = http
        .post(format!("{}/_sim/touch?order={id}", dash.url))
        .send()
        .await
        .unwrap();
    assert!(touched.status().is_success());
    let mut sync = dash.command();
    sync.env(key.0, key.1).arg("sync");
    assert!(sync.output().unwrap().status.success());
    // What the Market changed (its update time at least) shows without a key press.
    let line = |s: &str, label: &str| s.lines().find(|l| l.contains(label)).map(str::to_owned);
    let after = wait_for(s, "the order's new state", |s| {
        line(s, "│ Updated") != line(&before, "│ Updated")
    });
    assert!(after.contains(&id.to_string()));
    drop(session);
    sim.shutdown().await;
}

/// A DBS order in PROCESSING of the demo cache whose date may move, with an open
/// incident, and where the date move stands among its reroute options.
fn demo_target(db: &std::path::Path) -> (i64, usize) {
    let cache = Cache::open(db).unwrap();
    for (order, _) in cache.load_orders().unwrap() {
        let open = cache
            .incident(order.order_id)
            .unwrap()
            .is_some_and(|i| i.closed_at.is_none());
        if open && let Some(at) = date_move(db, order.order_id) {
            return (order.order_id, at);
        }
    }
    panic!("no demo order whose date may move")
}

#[test]
fn the_demo_keeps_a_claim_a_closed_incident_and_a_date_move_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().display().to_string();
    let bin = env!("CARGO_BIN_EXE_ym-triage");
    let env = [
        ("HOME", home.clone()),
        ("XDG_CONFIG_HOME", format!("{home}/config")),
        ("XDG_DATA_HOME", format!("{home}/data")),
        ("XDG_STATE_HOME", format!("{home}/state")),
        ("TERM", "xterm-256color".to_owned()),
    ];
    let db = dir.path().join("data/ym-triage/demo.db");
    let exit = dir.path().join("exit.txt");
    let script = format!(
        "env -u YM_API_KEY -u YM_TRIAGE_DB -u YM_TRIAGE_CONFIG -u YM_API_URL {bin} --lang en; \
         echo \"exit=$?\" >> {}; sleep 60",
        exit.display()
    );
    let start = || {
        let session = common::tmux::Session::start(dir.path(), 120, 40, &env, &script);
        wait_for(&session.socket, "the demo", |s| {
            s.contains("DEMO") && s.contains("P1")
        });
        session
    };
    let session = start();
    let s = &session.socket;
    let (id, move_at) = demo_target(&db);
    select(s, id);
    keys(s, &["c"]);
    wait_for(s, "the claim", |s| s.contains("Mine 1"));
    // The date move, accepted by the demo's Market.
    keys(s, &["]", "]", "]", "]", "a"]);
    wait_for(s, "the reroute picker", |s| s.contains("Reroute"));
    for _ in 0..move_at {
        keys(s, &["j"]);
    }
    keys(s, &["Enter", "Enter"]);
    wait_for(s, "the date input", |s| s.contains("New date"));
    keys(s, &["Enter"]);
    wait_for(s, "the confirm", |s| s.contains("Move the delivery date"));
    keys(s, &["y"]);
    let cache = Cache::open(&db).unwrap();
    let started = std::time::Instant::now();
    let sent = loop {
        let rows = cache.outbox_for_order(id).unwrap();
        if let Some(r) = rows
            .iter()
            .find(|r| r.state == ym_triage::cache::OutboxState::Sent)
        {
            break r.clone();
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{}",
            screen(s)
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    };
    let new_date: String =
        serde_json::from_str::<serde_json::Value>(&sent.payload).unwrap()["dates"]["toDate"]
            .as_str()
            .unwrap()
            .to_owned();
    // Closed with a cause.
    keys(s, &["[", "[", "C", "y", "j", "Enter", "Enter"]);
    let started = std::time::Instant::now();
    while cache.incident(id).unwrap().unwrap().closed_at.is_none() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            screen(s)
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    keys(s, &["q"]);
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&exit).is_ok_and(|e| e.contains("exit=0")) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            screen(s)
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    drop(session);
    let runs_before = cache.last_sync().unwrap().map(|r| r.finished_at);

    // A new start: a sync runs against the demo's Market, continued from its journal.
    let session = start();
    let s = &session.socket;
    let started = std::time::Instant::now();
    while cache.last_sync().unwrap().map(|r| r.finished_at) == runs_before {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "{}",
            screen(s)
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    keys(s, &["l", "l"]);
    wait_for(s, "the claim in Mine", |s| {
        s.contains("Mine 1") && s.contains(&id.to_string())
    });
    keys(s, &["h", "h"]);
    select(s, id);
    let (order, _) = cache.load_order(id).unwrap().unwrap();
    assert_eq!(
        order.due_to.map(|d| d.to_string()),
        Some(new_date.clone()),
        "the Market side kept the date move: a sync after the restart does not undo it"
    );
    let inc = cache.incident(id).unwrap().unwrap();
    assert!(inc.closed_at.is_some(), "still closed");
    keys(s, &["]", "]"]);
    wait_for(s, "the closed incident", |s| s.contains("closed"));
    drop(session);
}
