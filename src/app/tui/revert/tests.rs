//! Undo for seconds after an act that only touched the cache; reopen with a reason;
//! the order's writes withdrawn, sent again or let be — each confirmed first.

use chrono::Duration;

use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::action::{Action, Replied};
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::testing::{ID, state};
use crate::app::tui::update::update;
use crate::cache::{Incident, OutboxRow};
use crate::domain::incident::fixtures::afternoon;
use crate::service::{Done, Outcome};

fn ok(cmd: Command) -> Action {
    Action::Replied(Box::new(Replied {
        cmd,
        reply: Ok(Outcome {
            order_id: Some(ID),
            done: Done::Changed,
            notice: Msg::new("✓", "✓"),
        }),
    }))
}

fn note() -> Command {
    Command::Note {
        order_id: ID,
        version: 3,
        text: "called".into(),
    }
}

fn tick(s: &mut AppState, secs: i64) {
    let now = s.now + Duration::seconds(secs);
    update(s, Action::Tick(now));
}

#[test]
fn an_act_that_only_touched_the_cache_may_be_undone_for_ten_seconds() {
    let mut s = state();
    update(&mut s, ok(note()));
    let offer = s.undo.clone().expect("offered");
    assert_eq!(offer.what, "note");
    tick(&mut s, 9);
    assert_eq!(
        update(&mut s, Action::Key(Act::Undo)),
        vec![Effect::Command(Command::Undo { order_id: ID })]
    );
    assert!(s.undo.is_none(), "asked once");

    update(&mut s, ok(note()));
    tick(&mut s, 11);
    assert!(s.undo.is_none(), "gone after ten seconds");
    assert!(update(&mut s, Action::Key(Act::Undo)).is_empty());
    assert!(s.error().as_deref().unwrap().contains("Nothing to undo"));
}

#[test]
fn a_write_to_the_market_is_not_offered_and_ends_the_offer() {
    let mut s = state();
    update(&mut s, ok(note()));
    update(&mut s, ok(Command::Write { writes: vec![] }));
    assert!(s.undo.is_none());
}

#[test]
fn reopening_asks_why_and_refuses_no_reason() {
    let mut s = state();
    let (_, view) = s.incident.as_mut().unwrap();
    let inc: &mut Incident = view.incident.as_mut().unwrap();
    inc.closed_at = Some(afternoon());
    update(&mut s, Action::Key(Act::Reopen));
    assert_eq!(s.mode.keys(), KeyMode::Input);
    assert!(update(&mut s, crate::app::tui::testing::enter()).is_empty());
    assert_eq!(s.mode.keys(), KeyMode::Input, "a reason is required");
    for c in "buyer says it never came".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    assert_eq!(
        update(&mut s, crate::app::tui::testing::enter()),
        vec![Effect::Command(Command::Reopen {
            order_id: ID,
            version: 3,
            reason: "buyer says it never came".into()
        })]
    );
}

#[test]
fn an_open_incident_is_not_reopened() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Reopen));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(s.error().as_deref().unwrap().contains("no closed incident"));
}

fn row(id: i64, state: OutboxState, attempts: i64, error: Option<&str>) -> OutboxRow {
    OutboxRow {
        id,
        key: format!("k{id}"),
        created_at: afternoon(),
        created_by: "anna".into(),
        incident_id: Some(1),
        order_id: Some(ID),
        campaign_id: Some(21),
        business_id: Some(7),
        kind: "delivery_date".into(),
        payload: "{}".into(),
        state,
        attempts,
        next_at: afternoon(),
        last_error: error.map(str::to_owned),
        answer: None,
        finished_at: None,
        worker: None,
    }
}

fn with_writes(rows: Vec<OutboxRow>) -> AppState {
    let mut s = state();
    s.incident.as_mut().unwrap().1.writes = rows;
    s
}

#[test]
fn the_writes_list_offers_cancel_when_queued_never_when_sending_and_retry_or_dismiss_when_refused()
{
    let mut s = with_writes(vec![
        row(1, OutboxState::Failed, 1, Some("HTTP 400: NOT_ALLOWED")),
        row(2, OutboxState::Sending, 1, None),
        row(3, OutboxState::Queued, 0, None),
        row(4, OutboxState::Sent, 1, None),
    ]);
    update(&mut s, Action::Key(Act::Writes));
    let p = s.mode.picker().expect("the writes");
    let PickFor::Writes { acts, .. } = &p.purpose else {
        panic!()
    };
    assert_eq!(
        acts,
        &vec![
            Some((3, OutboxAct::Cancel)),
            None,
            Some((1, OutboxAct::Requeue)),
            Some((1, OutboxAct::Dismiss)),
        ]
    );
    assert!(!p.choices[1].available, "being sent: greyed");
    // The row being sent stays in the picker when chosen.
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode.keys(), KeyMode::Pick);
    // Cancel the queued one: the confirm says it cannot be taken back.
    update(&mut s, Action::Key(Act::MoveUp));
    update(&mut s, Action::Key(Act::Confirm));
    let Some(Pending::Outbox(c)) = s.mode.pending() else {
        panic!("a confirm: {:?}", s.mode.pending())
    };
    assert!(c.effect[0].contains(&format!("Order {ID}")));
    assert!(c.effect[0].contains("cannot be taken back"));
    assert_eq!(
        update(&mut s, Action::Key(Act::Confirm)),
        vec![Effect::Command(Command::Outbox {
            order_id: ID,
            row_id: 3,
            act: OutboxAct::Cancel
        })]
    );
}

#[test]
fn cancelling_a_write_tried_before_warns_it_may_have_reached_the_market() {
    let mut s = with_writes(vec![row(5, OutboxState::Queued, 2, Some("timeout"))]);
    update(&mut s, Action::Key(Act::Writes));
    update(&mut s, Action::Key(Act::Confirm));
    let Some(Pending::Outbox(c)) = s.mode.pending() else {
        panic!()
    };
    assert!(
        c.effect
            .iter()
            .any(|e| e.contains("may have reached the Market"))
    );
}
