//! The dashboard driven as a person would: the real binary in a tmux pane, on the
//! built-in simulated Market (no key), keys sent with `send-keys`, the screen read with
//! `capture-pane`. It opens, shows orders, filters, opens help, quits, and the terminal
//! is left in its normal state.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::tmux::{Session, screen, tmux, wait_for};

/// Waits for the dashboard to exit (the pane's script writes `after`), then checks it
/// exited 0 and left the terminal normal: no raw mode, no alternate screen.
fn assert_exited_and_restored(socket: &Path, after: &Path, how: &str) {
    let start = Instant::now();
    while std::fs::read_to_string(after)
        .unwrap_or_default()
        .lines()
        .count()
        < 2
    {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no exit after {how}:\n{}",
            screen(socket)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let report = std::fs::read_to_string(after).unwrap();
    assert!(report.starts_with("exit=0"), "{how}: {report}");
    assert!(
        report.contains(" icanon") && report.contains(" echo"),
        "{how} left raw mode on:\n{report}"
    );
    assert_eq!(
        tmux(socket, &["display", "-p", "-t", "t", "#{alternate_on}"]).trim(),
        "0"
    );
}

#[test]
fn dashboard_opens_filters_shows_help_quits_and_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_ym-triage");
    let after = dir.path().join("after.txt");
    // After the dashboard exits, record the terminal mode it left behind.
    let script = format!(
        "env -u YM_API_KEY -u YM_TRIAGE_DB -u YM_TRIAGE_CONFIG -u YM_API_URL {bin} --lang en; \
         echo \"exit=$?\" > {a}; stty -a >> {a}; sleep 30",
        a = after.display()
    );
    let home = dir.path().display().to_string();
    let env = [
        ("HOME", home.clone()),
        ("XDG_CONFIG_HOME", format!("{home}/config")),
        ("XDG_DATA_HOME", format!("{home}/data")),
        ("XDG_STATE_HOME", format!("{home}/state")),
        ("TERM", "xterm-256color".to_owned()),
    ];
    let session = Session::start(dir.path(), 120, 40, &env, &script);
    let socket = session.socket.clone();

    // It opens on the simulated Market and lists orders at risk.
    let s = wait_for(&socket, "orders at risk", |s| {
        s.contains("At risk") && s.contains("P1")
    });
    assert!(s.contains("DEMO"), "the DEMO badge:\n{s}");
    assert_eq!(
        tmux(&socket, &["display", "-p", "-t", "t", "#{alternate_on}"]).trim(),
        "1"
    );

    // `/` filters as you type: the id of one listed order leaves that order alone.
    let id = s
        .lines()
        .filter(|l| l.contains("P1") || l.contains("P2") || l.contains("P3"))
        .flat_map(|l| l.split_whitespace())
        .find(|w| w.len() == 11 && w.chars().all(|c| c.is_ascii_digit()))
        .expect("an order id on screen")
        .to_owned();
    tmux(&socket, &["send-keys", "-t", "t", "/"]);
    tmux(&socket, &["send-keys", "-t", "t", "-l", &id]);
    let s = wait_for(&socket, "the filter", |s| {
        // The list is left of the detail pane's border.
        let rows: Vec<&str> = s
            .lines()
            .filter_map(|l| l.split('│').next())
            .filter(|l| l.contains(" P1 ") || l.contains(" P2 ") || l.contains(" P3 "))
            .collect();
        s.contains(&format!("/ {id}")) && rows.len() == 1
    });
    assert!(
        s.lines().any(|l| l.contains(" P") && l.contains(&id)),
        "the order stays:\n{s}"
    );
    tmux(&socket, &["send-keys", "-t", "t", "Enter"]);

    // `?` shows every binding with its description.
    tmux(&socket, &["send-keys", "-t", "t", "?"]);
    wait_for(&socket, "help", |s| {
        s.contains("Help") && s.contains("PgDn")
    });
    // Help scrolls; `/` finds a binding further down.
    tmux(&socket, &["send-keys", "-t", "t", "/"]);
    tmux(&socket, &["send-keys", "-t", "t", "-l", "re-fetch"]);
    let s = wait_for(&socket, "help searched", |s| s.contains("/ re-fetch"));
    assert!(
        s.contains("re-fetch the order"),
        "help lists every binding with its description:\n{s}"
    );
    tmux(&socket, &["send-keys", "-t", "t", "Escape"]);
    tmux(&socket, &["send-keys", "-t", "t", "Escape"]);
    std::thread::sleep(Duration::from_millis(300));

    // `q` leaves, and the terminal is back to normal (no raw mode, no alternate screen).
    tmux(&socket, &["send-keys", "-t", "t", "q"]);
    assert_exited_and_restored(&socket, &after, "q");
    drop(session);
}

#[test]
fn a_hangup_or_terminate_signal_restores_the_terminal() {
    for signal in ["HUP", "TERM"] {
        let dir = tempfile::tempdir().unwrap();
        let bin = env!("CARGO_BIN_EXE_ym-triage");
        let after = dir.path().join("after.txt");
        let home = dir.path().display().to_string();
        let script = format!(
            "env -u YM_API_KEY -u YM_TRIAGE_DB -u YM_TRIAGE_CONFIG -u YM_API_URL \
             HOME={home} XDG_DATA_HOME={home}/data XDG_STATE_HOME={home}/state \
             XDG_CONFIG_HOME={home}/config {bin} --lang en & pid=$!; \
             echo $pid > {home}/pid; wait $pid; echo \"exit=$?\" > {a}; stty -a >> {a}; sleep 30",
            a = after.display()
        );
        let session = Session::start(dir.path(), 100, 30, &[], &script);
        let socket = session.socket.clone();
        wait_for(&socket, "the dashboard", |s| s.contains("At risk"));
        let pid = std::fs::read_to_string(dir.path().join("pid")).unwrap();
        let status = Command::new("kill")
            .args([&format!("-{signal}"), pid.trim()])
            .status()
            .unwrap();
        assert!(status.success());
        assert_exited_and_restored(&socket, &after, signal);
        drop(session);
    }
}

#[test]
fn esc_never_leaves_the_dashboard_and_q_does() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_ym-triage");
    let after = dir.path().join("after.txt");
    let script = format!(
        "env -u YM_API_KEY -u YM_TRIAGE_DB -u YM_TRIAGE_CONFIG -u YM_API_URL {bin} --lang en; \
         echo \"exit=$?\" > {a}; stty -a >> {a}; sleep 30",
        a = after.display()
    );
    let home = dir.path().display().to_string();
    let env = [
        ("HOME", home.clone()),
        ("XDG_CONFIG_HOME", format!("{home}/config")),
        ("XDG_DATA_HOME", format!("{home}/data")),
        ("XDG_STATE_HOME", format!("{home}/state")),
        ("TERM", "xterm-256color".to_owned()),
    ];
    let session = Session::start(dir.path(), 80, 24, &env, &script);
    let socket = session.socket.clone();
    wait_for(&socket, "orders at risk", |s| {
        s.contains("At risk") && s.contains("P1")
    });
    // Esc on the bare list, twice, as a nervous agent would: still there.
    for _ in 0..2 {
        tmux(&socket, &["send-keys", "-t", "t", "Escape"]);
        std::thread::sleep(Duration::from_millis(300));
    }
    std::thread::sleep(Duration::from_millis(500));
    let s = screen(&socket);
    assert!(s.contains("At risk"), "still running:\n{s}");
    assert!(!std::fs::read_to_string(&after).is_ok_and(|r| r.contains("exit=")));
    // The Analysis screen: Esc comes back to the list, not out.
    tmux(&socket, &["send-keys", "-t", "t", "A"]);
    wait_for(&socket, "the Analysis screen", |s| {
        s.contains("Causes, Pareto")
    });
    tmux(&socket, &["send-keys", "-t", "t", "Escape"]);
    std::thread::sleep(Duration::from_millis(300));
    wait_for(&socket, "the list again", |s| {
        s.contains("At risk") && !s.contains("Causes, Pareto")
    });
    assert!(!std::fs::read_to_string(&after).is_ok_and(|r| r.contains("exit=")));
    // Ctrl-C inside the filter cancels the filter, not the dashboard.
    tmux(&socket, &["send-keys", "-t", "t", "/"]);
    tmux(&socket, &["send-keys", "-t", "t", "-l", "zz"]);
    wait_for(&socket, "the filter", |s| s.contains("/ zz"));
    tmux(&socket, &["send-keys", "-t", "t", "C-c"]);
    wait_for(&socket, "the filter cancelled", |s| !s.contains("/ zz"));
    assert!(!std::fs::read_to_string(&after).is_ok_and(|r| r.contains("exit=")));
    // `q` leaves.
    tmux(&socket, &["send-keys", "-t", "t", "q"]);
    assert_exited_and_restored(&socket, &after, "q");
    drop(session);
}
