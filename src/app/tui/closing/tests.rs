//! Closing is deliberate: steps left are asked about, no root cause is chosen for the
//! agent, and an order another agent works is refused before anything is typed.

use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::action::Action;
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::testing::{ID, state};
use crate::app::tui::update::update;
use crate::domain::incident::steps;
use crate::service::Command;

fn close_with(s: &mut AppState) -> Vec<Effect> {
    update(s, Action::Key(Act::CloseIncident))
}

#[test]
fn closing_with_six_steps_left_asks_first_and_then_starts_with_no_cause() {
    let mut s = state();
    close_with(&mut s);
    let Some(Pending::CloseAnyway { question, .. }) = s.mode.pending() else {
        panic!("the steps question: {:?}", s.mode.pending())
    };
    assert_eq!(question, "6 steps not done — close anyway? y/n");
    update(&mut s, Action::Key(Act::Confirm));
    assert!(
        matches!(s.mode.pending(), Some(Pending::Close { cursor: None, .. })),
        "no root cause is chosen for the agent: {:?}",
        s.mode.pending()
    );
}

#[test]
fn esc_at_the_steps_question_closes_nothing() {
    let mut s = state();
    close_with(&mut s);
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(s.mode.pending().is_none());
}

#[test]
fn enter_with_no_cause_chosen_is_refused_and_the_list_stays_open() {
    let mut s = state();
    close_with(&mut s);
    update(&mut s, Action::Key(Act::Confirm));
    let effects = update(&mut s, Action::Key(Act::Confirm));
    assert!(effects.is_empty());
    assert_eq!(s.mode.keys(), KeyMode::Confirm);
    assert!(matches!(
        s.mode.pending(),
        Some(Pending::Close { cursor: None, .. })
    ));
    assert!(
        s.error()
            .as_deref()
            .unwrap()
            .contains("Choose a root cause")
    );
    assert!(s.mode.input().is_none(), "no lesson asked before a cause");
}

#[test]
fn the_cause_moved_to_is_the_one_closed_with_after_the_lesson() {
    let mut s = state();
    close_with(&mut s);
    update(&mut s, Action::Key(Act::Confirm));
    // Down three times from nothing: the first move lands on the first cause.
    for _ in 0..3 {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode.keys(), KeyMode::Input, "the lesson is asked");
    for c in "call earlier".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    let effects = update(&mut s, crate::app::tui::testing::enter());
    assert_eq!(
        effects,
        vec![Effect::Command(Command::Close {
            order_id: ID,
            version: 3,
            cause: RootCause::ALL[2],
            lesson: Some("call earlier".into()),
        })]
    );
}

#[test]
fn with_every_step_settled_c_goes_straight_to_the_causes() {
    let mut s = state();
    let id = s.selected.unwrap();
    let (_, view) = s.incident.as_mut().unwrap();
    let inc = view.incident.as_mut().unwrap();
    let mut states = steps::StepStates::new();
    for step in Step::ALL {
        steps::complete(&mut states, step, None, "anna", s.now);
    }
    inc.steps = states;
    assert_eq!(inc.order_id, id);
    close_with(&mut s);
    assert!(matches!(
        s.mode.pending(),
        Some(Pending::Close { cursor: None, .. })
    ));
}

#[test]
fn another_agents_order_refuses_n_and_c_before_anything_is_typed() {
    let mut s = state();
    let id = s.selected.unwrap();
    for r in s.rows.iter_mut().filter(|r| r.order.order_id == id) {
        r.claimed_by = Some("boris".into());
    }
    for action in [
        Action::Key(Act::StepDone),
        Action::Key(Act::CloseIncident),
        Action::Key(Act::Note),
        Action::Key(Act::SkipStep),
        Action::Key(Act::LogCall),
    ] {
        s.notices.clear();
        let effects = update(&mut s, action.clone());
        assert!(effects.is_empty(), "{action:?}");
        assert_eq!(s.mode.keys(), KeyMode::Normal, "{action:?}: nothing opens");
        assert!(
            s.mode.input().is_none() && s.mode.pending().is_none(),
            "{action:?}"
        );
        let e = s.error().unwrap_or_default();
        assert!(e.contains("boris works this order"), "{action:?}: {e}");
    }
}

#[test]
fn a_step_that_may_not_be_skipped_is_refused_before_the_reason() {
    let mut s = state();
    // The current step is the first, Verify, which cannot be skipped.
    update(&mut s, Action::Key(Act::SkipStep));
    assert!(s.mode.input().is_none());
    assert!(s.error().as_deref().unwrap().contains("cannot be skipped"));
}
