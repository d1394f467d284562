//! Nothing an agent does is done by accident or shown wrong — tried through the real
//! binary in tmux, against a simulated Market on a loopback port: acts refused before
//! anything is typed, bulk acts on every marked order, undo and reopen, writes
//! withdrawn, a failing sync said at once, the screen following the cache.
//! (What is kept across a quit, a kill and a restart is in `tui_kept.rs`.)

use crate::common;

use chrono::{Duration as Days, Utc};
use ym_triage::cache::Cache;

use common::dash::{Dash, contact_tab, date_move, market, order_with_incident, select};
use common::tmux::{keys, screen, type_text, wait_for};

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
    wait_for(s, "undone", |s| s.contains("undone: closed"));
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
    let me = ym_triage::base::whoami::user();
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
    wait_for(s, "cancelled", |s| s.contains("write cancelled: chat"));
    let row = cache.outbox_row(row.id).unwrap().unwrap();
    assert_eq!(row.state, ym_triage::cache::OutboxState::Cancelled);
    assert!(trail(&dash.db, id).contains(&"cancel:chat_message".to_owned()));

    // A write the Market refused: sent again from the same list.
    let refused = cache
        .enqueue(
            &ym_triage::domain::write::OutboxWrite {
                key: "refused-one".into(),
                kind: ym_triage::domain::write::WriteKind::ChatMessage {
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
            &ym_triage::domain::write::OutboxWrite {
                key: "followed".into(),
                kind: ym_triage::domain::write::WriteKind::ChatMessage {
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
