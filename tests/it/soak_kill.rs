//! Issue 12's soak: an agent's dashboard (the real binary in tmux, with the key,
//! against a simulated Market) is SIGKILLed again and again at the worst moments —
//! while a draft is being typed, and just as a close is being undone — and started
//! again each time. After every restart:
//!
//! - the draft on the Contact tab is everything that was on the screen when the
//!   process died (the journal's work), and the cache gets it;
//! - the incident is what its audit trail says: closed when the trail's last change
//!   is a close, open when it is an undo or a reopen — nothing the trail says
//!   happened is missing;
//! - the incident's version moved exactly once per audited change, and no undo is in
//!   the trail more often than the closes it took back — nothing is doubled.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use ym_triage::cache::{AuditEntry, Cache};

use common::dash::{Dash, market, select};
use common::tmux::{keys, screen, type_text, wait_for};

/// Rounds of kill and restart: half while typing, half while undoing a close.
const ROUNDS: usize = 10;

/// The changes to an incident that move its version, as the trail names them.
fn is_change(action: &str) -> bool {
    matches!(
        action,
        "close" | "reopen" | "note" | "step_done" | "step_skipped" | "compensation"
    ) || action.starts_with("undo:")
}

/// Checks the incident against its trail; returns whether it is closed.
fn consistent(cache: &Cache, order_id: i64, round: usize) -> bool {
    let inc = cache.incident(order_id).unwrap().unwrap();
    let trail: Vec<AuditEntry> = cache
        .audit_for(order_id)
        .unwrap()
        .into_iter()
        .rev()
        .filter(|a| a.incident_id == Some(inc.id))
        .collect();
    let changes: Vec<&str> = trail
        .iter()
        .map(|a| a.action.as_str())
        .filter(|a| is_change(a))
        .collect();
    assert_eq!(
        inc.version as usize,
        1 + changes.len(),
        "round {round}: the version moved other than once per audited change: {changes:?}"
    );
    let closes = changes.iter().filter(|a| **a == "close").count();
    let undos = changes.iter().filter(|a| **a == "undo:close").count();
    let reopens = changes.iter().filter(|a| **a == "reopen").count();
    assert!(
        undos + reopens <= closes,
        "round {round}: more taken back than closed: {changes:?}"
    );
    for pair in changes.windows(2) {
        assert!(
            !(pair[0] == "undo:close" && pair[1] == "undo:close"),
            "round {round}: one close undone twice: {changes:?}"
        );
    }
    let closed_by_trail = changes
        .iter()
        .rev()
        .find(|a| matches!(**a, "close" | "undo:close" | "reopen"))
        .is_some_and(|a| *a == "close");
    assert_eq!(
        inc.closed_at.is_some(),
        closed_by_trail,
        "round {round}: the incident is not what its trail says: {changes:?}"
    );
    closed_by_trail
}

/// Kills the dashboard with SIGKILL and waits until the pane says it is gone.
fn kill(dash: &Dash, socket: &Path) {
    let status = std::process::Command::new("kill")
        .args(["-KILL", &dash.pid()])
        .status()
        .unwrap();
    assert!(status.success());
    dash.wait_exit(socket);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_typing_or_undoing_a_close_nothing_is_lost_or_doubled() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let cache = Cache::open(&dash.db).unwrap();
    let order_id = cache
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
        .expect("an order with an open incident");
    let me = ym_triage::base::whoami::user();
    // Deterministic "random" moments, so a failure can be run again as it was.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut typed_before: Option<String> = None;
    for round in 0..ROUNDS {
        let session = dash.open(120, 40);
        let s = &session.socket;
        select(s, order_id);
        // What the last kill left: the draft as it was on the screen, then stored.
        if let Some(text) = typed_before.take() {
            keys(s, &["]", "]", "]"]);
            // The pane drops trailing spaces; the cache keeps the text exactly.
            wait_for(s, "the draft back", |sc| sc.contains(text.trim_end()));
            let start = Instant::now();
            while cache.draft(order_id, &me).unwrap().map(|d| d.text) != Some(text.clone()) {
                assert!(
                    start.elapsed() < Duration::from_secs(20),
                    "round {round}: the cache never got {text:?}\n{}",
                    screen(s)
                );
                std::thread::sleep(Duration::from_millis(100));
            }
            keys(s, &["[", "[", "["]);
        }
        let closed = consistent(&cache, order_id, round);
        keys(s, &["]", "]"]);
        wait_for(s, "the Incident tab", |sc| sc.contains("Audit"));
        if round % 2 == 0 {
            // Killed while typing: the text on the screen at that moment survives.
            keys(s, &["]", "i"]);
            wait_for(s, "the draft editor", |sc| sc.contains("Esc: done"));
            // Start from an empty draft.
            for _ in 0..60 {
                keys(s, &["BSpace"]);
            }
            let text = format!("round {round} draft, typed and then");
            let cut = 5 + next(text.len() as u64 - 5) as usize;
            type_text(s, &text[..cut]);
            let shown = &text[..cut];
            wait_for(s, "the typing", |sc| sc.contains(shown));
            // The journal writes each change as it comes: a moment for the last key.
            std::thread::sleep(Duration::from_millis(150));
            kill(&dash, s);
            typed_before = Some(shown.to_owned());
        } else {
            // Killed just as a close is taken back.
            if closed {
                keys(s, &["R"]);
                wait_for(s, "the reason", |sc| sc.contains("Why is the incident"));
                type_text(s, &format!("round {round}"));
                keys(s, &["Enter"]);
                let start = Instant::now();
                while cache
                    .incident(order_id)
                    .unwrap()
                    .unwrap()
                    .closed_at
                    .is_some()
                {
                    assert!(start.elapsed() < Duration::from_secs(20), "{}", screen(s));
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            keys(s, &["C"]);
            wait_for(s, "the steps question", |sc| sc.contains("close anyway?"));
            keys(s, &["y", "j", "Enter"]);
            wait_for(s, "the lesson", |sc| sc.contains("The lesson"));
            keys(s, &["Enter"]);
            wait_for(s, "the undo offer", |sc| sc.contains("undo: close"));
            keys(s, &["u"]);
            std::thread::sleep(Duration::from_millis(next(120)));
            kill(&dash, s);
        }
        drop(session);
        consistent(&cache, order_id, round);
    }
    sim.shutdown().await;
}
