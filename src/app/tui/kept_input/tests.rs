//! The input open is journalled at every change and forgotten once accepted or
//! cancelled; read back at start, it is reopened only where it still makes sense,
//! else its text is kept in the notices log.

use chrono::Utc;

use super::*;
use crate::app::tui::action::{Act, Action};
use crate::app::tui::state::{KeyMode, Mode};
use crate::app::tui::testing::{ID, ch, enter, state};

/// An action as the event loop applies it: the update, then the journal told.
fn update(s: &mut crate::app::tui::state::AppState, action: Action) -> Vec<Effect> {
    let stopping = action == Action::Stop;
    let mut effects = crate::app::tui::update::update(s, action);
    effects.extend(track(s, stopping));
    effects
}

fn type_text(s: &mut crate::app::tui::state::AppState, text: &str) {
    for c in text.chars() {
        update(s, ch(c));
    }
}
use crate::cache::Incident;
use crate::domain::incident::fixtures::afternoon;
use crate::domain::incident::steps::{Step, StepState};
use crate::market::enums::{DeliveryDateReason, OrderStatus, OrderSubstatus};

/// The inputs the journal keeps with what they are for from this order.
fn purposes(order_id: i64) -> Vec<InputFor> {
    vec![
        InputFor::StepOutcome {
            order_id,
            version: 3,
        },
        InputFor::Note {
            order_id,
            version: 3,
        },
        InputFor::Skip {
            order_id,
            version: 3,
        },
        InputFor::Lesson {
            order_id,
            version: 3,
            cause: "carrier_lost".into(),
        },
        InputFor::MoveDate {
            order_id,
            reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
        },
        InputFor::RealDate {
            order_id,
            status: OrderStatus::DELIVERED,
            substatus: Some(OrderSubstatus::Other("NEW_ONE".into())),
        },
        InputFor::Track {
            order_id,
            carrier_id: 9,
        },
        InputFor::Call { order_id },
        InputFor::Reopen {
            order_id,
            version: 3,
        },
        InputFor::Lead {
            order_id,
            version: 3,
            kind: "discount".into(),
            amount: "150.50".parse().unwrap(),
        },
    ]
}

fn kept_for(purpose: InputFor, text: &str, step: Option<Step>) -> KeptInput {
    KeptInput {
        purpose,
        prompt: "Step done: what came of it".into(),
        text: text.into(),
        step,
        at: afternoon(),
    }
}

fn outcome(text: &str) -> KeptInput {
    let purpose = InputFor::StepOutcome {
        order_id: ID,
        version: 3,
    };
    kept_for(purpose, text, Some(Step::Verify))
}

fn journalled(effects: &[Effect]) -> Vec<Option<String>> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::KeepInput(k) => Some(Some(k.text.clone())),
            Effect::ForgetInput => Some(None),
            _ => None,
        })
        .collect()
}

#[test]
fn every_kept_input_reads_back_as_it_was_written() {
    for purpose in purposes(ID) {
        let k = kept_for(purpose, "Перевозчик нашёл посылку", Some(Step::Notify));
        let json = serde_json::to_string(&k).unwrap();
        let back: KeptInput = serde_json::from_str(&json).unwrap();
        assert_eq!(back, k, "{json}");
    }
    // Written before the step was kept: read all the same.
    let old = r#"{"purpose":{"for":"call","order_id":5},"prompt":"p","text":"40","at":"2026-12-05T12:00:00Z"}"#;
    let back: KeptInput = serde_json::from_str(old).unwrap();
    assert_eq!(back.purpose, InputFor::Call { order_id: 5 });
    assert_eq!(back.step, None);
}

#[test]
fn typing_an_outcome_is_journalled_at_every_change_and_forgotten_once_accepted() {
    let mut s = state();
    let effects = update(&mut s, Action::Key(Act::StepDone));
    assert_eq!(s.mode.keys(), KeyMode::Input);
    assert!(journalled(&effects).is_empty(), "nothing typed yet");
    let kept = update(&mut s, ch('F'));
    assert_eq!(journalled(&kept), vec![Some("F".to_owned())]);
    let Some(Effect::KeepInput(k)) = kept.first() else {
        panic!("{kept:?}")
    };
    assert!(matches!(
        k.purpose,
        InputFor::StepOutcome { order_id: ID, .. }
    ));
    assert_eq!(k.step, Some(Step::Verify), "the step it is the outcome of");
    assert_eq!(
        journalled(&update(&mut s, ch('o'))),
        vec![Some("Fo".to_owned())]
    );
    let accepted = update(&mut s, enter());
    assert_eq!(journalled(&accepted), vec![None]);
    assert!(s.input_kept.is_none());
}

#[test]
fn esc_and_a_deliberate_quit_forget_it_a_signal_leaves_it() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Note));
    type_text(&mut s, "Called twice");
    assert_eq!(
        journalled(&update(&mut s, Action::Key(Act::Back))),
        vec![None]
    );

    let mut s = state();
    update(&mut s, Action::Key(Act::Note));
    type_text(&mut s, "Called twice");
    // The quit question over the input: still kept.
    assert!(journalled(&update(&mut s, Action::Key(Act::Quit))).is_empty());
    assert!(matches!(s.mode, Mode::Confirm(_)));
    assert_eq!(
        journalled(&update(&mut s, Action::Key(Act::Quit))),
        vec![None]
    );
    assert!(s.quit);

    let mut s = state();
    update(&mut s, Action::Key(Act::Note));
    type_text(&mut s, "Called twice");
    assert!(journalled(&update(&mut s, Action::Stop)).is_empty());
    assert!(s.quit);
}

#[test]
fn the_draft_and_an_empty_input_are_not_journalled_here() {
    let mut s = state();
    update(&mut s, Action::Key(Act::InlineEdit));
    let effects = update(&mut s, ch('H'));
    assert!(journalled(&effects).is_empty(), "{effects:?}");
    let mut s = state();
    update(&mut s, Action::Key(Act::Note));
    type_text(&mut s, " ");
    assert!(s.input_kept.is_none());
}

#[test]
fn an_outcome_still_current_may_be_reopened_else_it_says_why_not() {
    let s = state();
    assert_eq!(decide(&s, &outcome("Found")), Ok(()));
    // Another step is current now.
    let mut moved = state();
    if let Some((_, v)) = moved.incident.as_mut()
        && let Some(i) = v.incident.as_mut()
    {
        i.steps.insert(
            Step::Verify,
            StepState {
                done: true,
                ..StepState::default()
            },
        );
    }
    let why = decide(&moved, &outcome("Found")).unwrap_err();
    assert_eq!(why.en, kept_words().step_moved);
    // Another agent works the order now.
    let mut held = state();
    held.rows
        .iter_mut()
        .for_each(|r| r.claimed_by = Some("boris".into()));
    assert!(
        decide(&held, &outcome("Found"))
            .unwrap_err()
            .en
            .contains("boris")
    );
    // The incident was closed: a note makes no sense, a reason to reopen does.
    let mut closed = state();
    if let Some((_, v)) = closed.incident.as_mut()
        && let Some(i) = v.incident.as_mut()
    {
        i.closed_at = Some(afternoon());
    }
    let note = kept_for(purposes(ID)[1].clone(), "n", None);
    assert!(decide(&closed, &note).is_err());
    let reopen = kept_for(purposes(ID)[8].clone(), "r", None);
    assert_eq!(decide(&closed, &reopen), Ok(()));
    assert!(decide(&state(), &reopen).is_err(), "still open");
}

fn kept_words() -> &'static crate::app::tui::i18n::KeptWords {
    crate::app::tui::i18n::kept(crate::base::lang::Lang::En)
}

#[test]
fn read_back_at_start_the_input_is_reopened_on_its_order_once_loaded() {
    let mut s = state();
    let other = ID + 1;
    let purpose = InputFor::Note {
        order_id: other,
        version: 3,
    };
    let effects = update(
        &mut s,
        Action::InputRestored(Box::new(kept_for(
            purpose,
            "Buyer\u{1b}[31m asked again",
            None,
        ))),
    );
    assert_eq!(s.selected, Some(other), "its order selected");
    assert!(
        effects.contains(&Effect::LoadTimeline(other)),
        "{effects:?}"
    );
    assert_eq!(s.mode, Mode::Normal, "waiting for the order's detail");
    let view = crate::app::tui::state::IncidentView {
        incident: Some(Incident {
            id: 2,
            order_id: other,
            version: 5,
            ..Incident::default()
        }),
        ..Default::default()
    };
    let effects = update(&mut s, Action::IncidentLoaded(other, Box::new(view)));
    let Some(input) = s.mode.input() else {
        panic!("reopened: {:?}", s.mode)
    };
    let text = input.text.text();
    assert!(
        !text.contains('\u{1b}'),
        "control characters neutralised: {text:?}"
    );
    assert!(
        text.starts_with("Buyer") && text.ends_with("asked again"),
        "{text}"
    );
    assert_eq!(
        input.text.area().cursor(),
        (0, text.chars().count()),
        "at the end"
    );
    assert!(input.reopened, "Enter acts on the incident as loaded now");
    assert_eq!(
        s.last_notice().as_deref(),
        Some(format!("Restored what you were typing: note, order {other}").as_str())
    );
    assert!(s.restoring.is_none());
    // Journalled again as reopened.
    assert_eq!(journalled(&effects).len(), 1);
    // Enter: the note goes to the service, on the version loaded now.
    let accepted = update(&mut s, enter());
    assert!(
        accepted.iter().any(|e| matches!(
            e,
            Effect::Command(crate::service::Command::Note { version: 5, .. })
        )),
        "{accepted:?}"
    );
}

#[test]
fn an_input_that_no_longer_makes_sense_goes_to_the_log_with_why() {
    let mut s = state();
    let effects = update(
        &mut s,
        Action::InputRestored(Box::new(kept_for(
            InputFor::Call { order_id: 1 },
            "40",
            None,
        ))),
    );
    assert_eq!(s.mode, Mode::Normal);
    let said = s.error().expect("said in the log");
    assert!(said.contains("Could not reopen"), "{said}");
    assert!(said.contains(kept_words().order_gone), "{said}");
    assert!(said.contains("«40»"), "the text is not lost: {said}");
    assert_eq!(journalled(&effects), vec![None], "the journal forgets it");

    // Before the full load, a missing order may still come.
    let mut s = crate::app::tui::state::AppState::new(
        crate::base::lang::Lang::En,
        "anna".into(),
        vec![],
        Utc::now(),
    );
    update(&mut s, Action::InputRestored(Box::new(outcome("Found"))));
    assert!(s.restoring.is_some() && s.notices.is_empty());
}

#[test]
fn a_step_that_moved_on_keeps_the_text_in_the_log() {
    let mut s = state();
    let stale = kept_for(purposes(ID)[0].clone(), "Found it", Some(Step::Notify));
    let effects = update(&mut s, Action::InputRestored(Box::new(stale)));
    assert_eq!(s.mode, Mode::Normal);
    let said = s.error().unwrap();
    assert!(
        said.contains("step outcome") && said.contains("«Found it»"),
        "{said}"
    );
    assert_eq!(journalled(&effects), vec![None]);
}
