//! The keyboard and the terminal as an agent meets them, through the real binary in
//! tmux with tmux's default settings: text is edited like a line editor, `Y` reaches
//! the clipboard through tmux, `:` finds actions and orders and quits.

use crate::common;

use common::dash::{Dash, market, order_with_incident, select};
use common::tmux::{keys, tmux, type_text, wait_for};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_filter_line_edits_with_the_cursor_home_and_ctrl_u() {
    let sim = market(200).await;
    let dash = Dash::new(&sim.url());
    let session = dash.open(120, 40);
    let s = &session.socket;
    wait_for(s, "the list", |s| s.contains("sort:"));
    keys(s, &["/"]);
    type_text(s, "rootXX");
    keys(s, &["Left", "Left", "Left"]);
    type_text(s, "Y");
    wait_for(s, "Y typed where the cursor is", |s| {
        s.contains("/ rooYtXX")
    });
    keys(s, &["C-u"]);
    wait_for(s, "the start cut", |s| s.contains("/ tXX"));
    keys(s, &["Home"]);
    type_text(s, "Z");
    wait_for(s, "typed at the start", |s| s.contains("/ ZtXX"));
    keys(s, &["End", "BSpace"]);
    wait_for(s, "the end erased", |s| {
        s.lines().any(|l| l.trim_end() == "/ ZtX")
    });
    drop(session);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shift_y_copies_the_order_id_through_tmux_with_its_default_settings() {
    let sim = market(200).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    let session = dash.open(120, 40);
    let s = &session.socket;
    select(s, id);
    keys(s, &["Y"]);
    wait_for(s, "the copy said", |s| s.contains(&format!("copied {id}")));
    // The tmux of the test runs with `-f /dev/null`: its defaults. What reached it is
    // its newest paste buffer (and, through `-w`, the outer terminal's clipboard).
    let buffer = tmux(s, &["show-buffer"]);
    assert_eq!(buffer.trim_end(), id.to_string());
    drop(session);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn colon_jumps_to_an_order_by_id_and_colon_q_quits() {
    let sim = market(200).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    let session = dash.open(120, 40);
    let s = &session.socket;
    wait_for(s, "the list", |s| s.contains("sort:"));
    keys(s, &[":"]);
    type_text(s, &id.to_string());
    let id_s = id.to_string();
    wait_for(s, "the order offered", |s| {
        s.contains("Command line") && s.lines().any(|l| l.contains(&format!(" {id_s} · ")))
    });
    keys(s, &["Enter"]);
    wait_for(s, "the order selected", |s| {
        !s.contains("Command line")
            && s.lines()
                .any(|l| l.contains("│ Order ") && l.contains(&id_s))
    });
    keys(s, &[":"]);
    type_text(s, "q");
    keys(s, &["Enter"]);
    let after = dash.wait_exit(s);
    assert!(!dash.running(), "quit: {after}");
    drop(session);
    sim.shutdown().await;
}
