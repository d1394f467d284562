//! A refusal never discards what the agent typed: the text goes back in its input.

use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::action::Action;
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::testing::{ID, state};
use crate::app::tui::update::update;
use crate::base::words::Msg;
use crate::service::command::Refusal;
use crate::service::{Command, Outcome};

fn type_outcome(s: &mut AppState, text: &str) -> Command {
    update(s, Action::Key(Act::StepDone));
    for c in text.chars() {
        update(s, crate::app::tui::testing::ch(c));
    }
    match update(s, crate::app::tui::testing::enter()).as_slice() {
        [Effect::Command(cmd)] => cmd.clone(),
        other => panic!("one command: {other:?}"),
    }
}

fn refused(cmd: Command, kind: RefusalKind) -> Action {
    Action::Replied(Box::new(Replied {
        cmd,
        reply: Err(Refusal {
            order_id: Some(ID),
            kind,
            why: Msg::new("нет", "boris works this order; take it over first"),
        }),
    }))
}

#[test]
fn a_refused_step_outcome_comes_back_in_its_input_with_the_reason() {
    let mut s = state();
    let cmd = type_outcome(&mut s, "carrier found the parcel");
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    update(
        &mut s,
        refused(
            cmd,
            RefusalKind::HeldBy {
                holder: "boris".into(),
            },
        ),
    );
    assert_eq!(s.mode.keys(), KeyMode::Input);
    assert_eq!(
        s.mode.input().unwrap().text,
        "carrier found the parcel",
        "nothing typed is lost"
    );
    assert!(s.error().as_deref().unwrap().contains("boris"));
}

#[test]
fn after_a_conflict_enter_acts_on_the_incident_as_the_screen_shows_it_now() {
    let mut s = state();
    let cmd = type_outcome(&mut s, "called");
    update(&mut s, refused(cmd, RefusalKind::Conflict));
    // The detail is read again meanwhile: another change made it version 4.
    let (_, view) = s.incident.as_mut().unwrap();
    view.incident.as_mut().unwrap().version = 4;
    let effects = update(&mut s, crate::app::tui::testing::enter());
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Command(Command::StepDone { version: 4, outcome, .. })]
                if outcome.as_deref() == Some("called")
        ),
        "{effects:?}"
    );
}

#[test]
fn an_accepted_act_forgets_the_text_so_a_later_refusal_opens_nothing() {
    let mut s = state();
    let cmd = type_outcome(&mut s, "done");
    update(
        &mut s,
        Action::Replied(Box::new(Replied {
            cmd: cmd.clone(),
            reply: Ok(Outcome {
                order_id: Some(ID),
                done: Done::Changed,
                notice: Msg::new("✓", "✓"),
            }),
        })),
    );
    assert!(s.typed.is_none());
    update(&mut s, refused(cmd, RefusalKind::Refused));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
}

#[test]
fn a_refusal_while_another_dialog_is_open_quotes_the_text_instead() {
    let mut s = state();
    let cmd = type_outcome(&mut s, "parcel found");
    update(&mut s, Action::Key(Act::Help));
    update(&mut s, refused(cmd, RefusalKind::Refused));
    assert_eq!(s.mode.keys(), KeyMode::Help, "the help stays");
    assert!(
        s.error().as_deref().unwrap().contains("«parcel found»"),
        "{:?}",
        s.error()
    );
}

#[test]
fn a_chat_refresh_that_fails_says_nothing() {
    let mut s = state();
    update(
        &mut s,
        refused(
            Command::RefreshChat { order_id: ID },
            RefusalKind::Unavailable,
        ),
    );
    assert!(s.error().is_none());
}

#[test]
fn the_loser_of_a_claim_race_is_told_who_took_it_a_moment_before() {
    let mut s = state();
    let since = s.now - chrono::Duration::seconds(2);
    update(
        &mut s,
        Action::Replied(Box::new(crate::app::tui::action::Replied {
            cmd: Command::Claim {
                order_id: ID,
                take_over: false,
            },
            reply: Ok(Outcome {
                order_id: Some(ID),
                done: crate::service::Done::Claim {
                    claimed: crate::service::command::Claimed::HeldBy {
                        agent: "boris".into(),
                        since,
                    },
                },
                notice: Msg::new("", ""),
            }),
        })),
    );
    assert_eq!(
        s.error().as_deref(),
        Some(format!("boris took {ID} a moment before you").as_str())
    );
}
