//! Nothing an agent does is lost — tried through the real binary in tmux: a draft
//! survives a quit, a SIGKILL mid-sentence and a dropped SSH link, and so does a step's
//! outcome or a note being typed (reopened at the next start); the demo keeps a
//! claim, a closed incident and an accepted date move across a restart, agreeing with
//! its Market.

use crate::common;

use ym_triage::cache::{Cache, Incident};

use common::dash::{Dash, contact_tab, date_move, market, order_with_incident, select};
use common::tmux::{keys, screen, type_text, wait_for};

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
    let me = ym_triage::base::whoami::user();
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

/// Waits until the process `pid` is gone (its pane killed with the tmux server).
fn wait_gone(pid: &str) {
    let started = std::time::Instant::now();
    while std::process::Command::new("kill")
        .args(["-0", pid])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap()
        .success()
    {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the dashboard outlived its terminal"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

/// Waits until the cache's incident of `id` satisfies `ok`.
fn wait_incident(db: &std::path::Path, id: i64, what: &str, ok: impl Fn(&Incident) -> bool) {
    let cache = Cache::open(db).unwrap();
    let started = std::time::Instant::now();
    while !cache.incident(id).unwrap().is_some_and(|i| ok(&i)) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{what}: {:?}",
            cache.incident(id).unwrap()
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outcome_or_a_note_being_typed_when_killed_or_cut_off_is_reopened_at_the_next_start() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);

    // A step's outcome being typed, and the process killed outright.
    let session = dash.open(80, 24);
    let s = &session.socket;
    select(s, id);
    keys(s, &["c"]);
    wait_for(s, "the claim", |s| s.contains("Mine 1"));
    let step = Cache::open(&dash.db)
        .unwrap()
        .incident(id)
        .unwrap()
        .unwrap()
        .step;
    keys(s, &["n"]);
    wait_for(s, "the outcome input", |s| s.contains("┌ Step done"));
    let outcome = "Carrier found the parcel, ETA Friday";
    type_text(s, outcome);
    wait_for(s, "the typing", |s| s.contains(outcome));
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &dash.pid()])
        .status()
        .unwrap();
    assert!(killed.success());
    dash.wait_exit(s);
    drop(session);

    let session = dash.open(80, 24);
    let s = &session.socket;
    let shown = wait_for(s, "the outcome reopened", |s| {
        s.contains("┌ Step done") && s.contains(outcome)
    });
    assert!(
        shown.contains("Restored what you were typing"),
        "said: {shown}"
    );
    keys(s, &["Enter"]);
    wait_incident(&dash.db, id, "the outcome stored", |i| {
        i.steps
            .get(&step)
            .is_some_and(|st| st.done && st.outcome.as_deref() == Some(outcome))
    });

    // A note being typed, and the terminal gone (the tmux server killed: a hangup).
    select(s, id);
    keys(s, &["N"]);
    wait_for(s, "the note input", |s| s.contains("┌ Note"));
    let note = "Buyer asked to call after six";
    type_text(s, note);
    wait_for(s, "the typing", |s| s.contains(note));
    let pid = dash.pid();
    drop(session);
    wait_gone(&pid);

    let session = dash.open(80, 24);
    let s = &session.socket;
    wait_for(s, "the note reopened", |s| {
        s.contains("┌ Note") && s.contains(note)
    });
    keys(s, &["Enter"]);
    wait_incident(&dash.db, id, "the note stored", |i| i.notes.contains(note));
    keys(s, &["q"]);
    dash.wait_exit(s);
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
