//! Text inputs: the outcome of a step, the lesson of a close, notes, skip reasons,
//! dates, track codes, calls and the lead's name, and the draft typed in place; what
//! the editing keys, Enter and Esc do in them.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::*;
use crate::app::tui::dialog::Typed;

/// Refuses what was typed and keeps the input open with it: nothing typed is lost.
fn keep_input(state: &mut AppState, input: Input, why: Msg) {
    state.mode = Mode::Input(input);
    refuse(state, why);
}

/// A key bound in an input: Esc (and Ctrl-C) ends it.
pub(in crate::app::tui) fn input_key(state: &mut AppState, act: Act) -> Vec<Effect> {
    match act {
        Act::Back => input_back(state),
        _ => vec![],
    }
}

/// A key typed into the input: Enter accepts a one-line text; any other key edits it
/// (a draft typed here is kept at every change, `drafts::edited`).
pub(in crate::app::tui) fn input_text(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let Mode::Input(input) = &mut state.mode else {
        return vec![];
    };
    if key.code == KeyCode::Enter && !input.text.multiline() {
        return input_accept(state);
    }
    if input.text.key(key) {
        return typed_draft(state);
    }
    vec![]
}

/// Text pasted into the input.
pub(in crate::app::tui) fn input_paste(state: &mut AppState, pasted: &str) -> Vec<Effect> {
    let Mode::Input(input) = &mut state.mode else {
        return vec![];
    };
    if input.text.paste(pasted) {
        return typed_draft(state);
    }
    vec![]
}

/// A draft being typed in place is kept as it changes.
fn typed_draft(state: &mut AppState) -> Vec<Effect> {
    let Mode::Input(input) = &state.mode else {
        return vec![];
    };
    match input.purpose {
        InputFor::Draft { order_id } => {
            let text = input.text.text();
            edited(state, order_id, text)
        }
        _ => vec![],
    }
}

/// Enter in a one-line input: the text goes where it was asked for.
pub(in crate::app::tui) fn input_accept(state: &mut AppState) -> Vec<Effect> {
    let Mode::Input(mut input) = std::mem::take(&mut state.mode) else {
        return vec![];
    };
    if input.reopened {
        // Refused because the incident changed: act on it as the screen shows it now.
        let now = state
            .selected_view()
            .and_then(|v| v.incident.as_ref())
            .filter(|i| i.order_id == input.purpose.order_id())
            .map(|i| i.version);
        if let (Some(v), Some(version)) = (input.purpose.version_mut(), now) {
            *v = version;
        }
        input.reopened = false;
    }
    remember(state, &input);
    match input.purpose.clone() {
        InputFor::MoveDate { .. } | InputFor::RealDate { .. } | InputFor::StorageDate { .. } => {
            accept_date(state, input)
        }
        InputFor::Track { .. } | InputFor::Call { .. } | InputFor::Lead { .. } => {
            accept_other(state, input)
        }
        InputFor::Reopen { .. } if input.text.text().trim().is_empty() => {
            let why = Msg::each(|l| acting(l).reason_needed);
            keep_input(state, input, why);
            vec![]
        }
        purpose => accept_incident_text(input.text.text().trim(), purpose),
    }
}

/// The texts that change the incident: an outcome, a lesson, a note, a skip, a reopen.
fn accept_incident_text(text: &str, purpose: InputFor) -> Vec<Effect> {
    let optional = || Some(text.to_owned()).filter(|t| !t.is_empty());
    let cmd = match purpose {
        InputFor::StepOutcome { order_id, version } => Command::StepDone {
            order_id,
            version,
            outcome: optional(),
        },
        InputFor::Lesson {
            order_id,
            version,
            cause,
        } => match RootCause::from_id(&cause) {
            Some(cause) => Command::Close {
                order_id,
                version,
                cause,
                lesson: optional(),
            },
            None => return vec![],
        },
        InputFor::Note { order_id, version } => Command::Note {
            order_id,
            version,
            text: text.to_owned(),
        },
        InputFor::Skip { order_id, version } => Command::SkipStep {
            order_id,
            version,
            reason: text.to_owned(),
        },
        InputFor::Reopen { order_id, version } => Command::Reopen {
            order_id,
            version,
            reason: text.to_owned(),
        },
        _ => return vec![],
    };
    vec![Effect::Command(cmd)]
}

/// A date typed: read in either form, or the input stays open saying how to write it.
fn accept_date(state: &mut AppState, input: Input) -> Vec<Effect> {
    let lang = state.lang;
    let w = acting(lang);
    let Some(day) = parse_date(&input.text.text()) else {
        let why = Msg::each(|l| acting(l).not_a_date);
        keep_input(state, input, why);
        return vec![];
    };
    match input.purpose {
        InputFor::MoveDate { order_id, reason } => {
            let action = WriteAction::MoveDeliveryDate {
                reason: Some(reason),
                new_date: day,
            };
            let title = w.title_move_date.to_owned();
            // The same day for every marked order, each checked against its own
            // rules (state, budget) before the count is typed.
            confirm_writes(state, title, targets(state, order_id, action))
        }
        InputFor::RealDate {
            order_id,
            status,
            substatus,
        } => {
            let today = crate::base::time::moscow_day(state.now);
            let title = w.title_set_status.to_owned();
            let action = WriteAction::SetStatus {
                status,
                substatus,
                // The Market takes the day the status is set; only an earlier day is sent.
                real_delivery_date: (day != today).then_some(day),
            };
            confirm_writes(state, title, vec![(order_id, action)])
        }
        InputFor::StorageDate { order_id } => {
            let title = w.title_extend_storage.to_owned();
            let action = WriteAction::ExtendStorage { new_date: day };
            confirm_writes(state, title, vec![(order_id, action)])
        }
        _ => vec![],
    }
}

/// A track code, a call's seconds, the lead who confirms compensation.
fn accept_other(state: &mut AppState, input: Input) -> Vec<Effect> {
    let text = input.text.text().trim().to_owned();
    match input.purpose.clone() {
        InputFor::Track {
            order_id,
            carrier_id,
        } => {
            let title = acting(state.lang).title_hand_over.to_owned();
            let action = WriteAction::SetTrack {
                carrier_id,
                track: text,
            };
            confirm_writes(state, title, vec![(order_id, action)])
        }
        InputFor::Call { order_id } => {
            let (connected_secs, number_unavailable) = match text.as_str() {
                "-" => (0, true),
                t => match t.parse::<u32>() {
                    Ok(s) => (s, false),
                    Err(_) => {
                        let why = Msg::each(|l| acting(l).call_secs_needed);
                        keep_input(state, input, why);
                        return vec![];
                    }
                },
            };
            vec![Effect::Command(Command::LogCall {
                order_id,
                connected_secs,
                number_unavailable,
            })]
        }
        InputFor::Lead {
            order_id,
            version,
            kind,
            amount,
        } => {
            if text.is_empty() || text == state.me {
                let why = Msg::each(|l| acting(l).lead_needed);
                keep_input(state, input, why);
                return vec![];
            }
            confirm_compensation(state, order_id, version, &kind, amount, Some(text));
            vec![]
        }
        _ => vec![],
    }
}

/// `n`: what came of the step, asked before it is marked done (Enter alone: nothing).
pub(in crate::app::tui) fn ask_outcome(state: &mut AppState, order_id: i64, version: i64) {
    let prompt = acting(state.lang).ask_outcome.to_owned();
    open_input(
        state,
        prompt,
        String::new(),
        InputFor::StepOutcome { order_id, version },
    );
}

/// After the root cause: the lesson, optional, then the close.
pub(in crate::app::tui) fn ask_lesson(
    state: &mut AppState,
    order_id: i64,
    version: i64,
    cause: &str,
) {
    let prompt = acting(state.lang).ask_lesson.to_owned();
    let purpose = InputFor::Lesson {
        order_id,
        version,
        cause: cause.to_owned(),
    };
    open_input(state, prompt, String::new(), purpose);
}

/// Esc in a text input: a draft keeps what was typed (and is stored now); anything
/// else is dropped.
pub(in crate::app::tui) fn input_back(state: &mut AppState) -> Vec<Effect> {
    match std::mem::take(&mut state.mode) {
        Mode::Input(Input {
            purpose: InputFor::Draft { order_id },
            text,
            ..
        }) => set_draft(state, order_id, text.text()),
        Mode::Input(input) if !input.text.text().trim().is_empty() => {
            keep_closed(state, input);
            vec![]
        }
        _ => vec![],
    }
}

/// Keeps the text of an input Esc closed, says so with the text (the log keeps it
/// too), and gives it back when the same input is opened again (`open_input`).
fn keep_closed(state: &mut AppState, input: Input) {
    let text = input.text.text();
    let shown = crate::base::text::clean(&text).into_owned();
    state.say(crate::base::words::fill(
        acting(state.lang).input_closed_kept,
        &[("text", &shown)],
    ));
    state.closed_input = Some(Typed {
        prompt: input.prompt,
        text,
        purpose: input.purpose,
    });
}

/// Remembers a text that goes to the service, until it answers.
fn remember(state: &mut AppState, input: &Input) {
    if !matches!(input.purpose, InputFor::Draft { .. }) {
        state.typed = Some(Typed {
            prompt: input.prompt.clone(),
            text: input.text.text(),
            purpose: input.purpose.clone(),
        });
    }
}
