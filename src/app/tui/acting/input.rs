//! Text inputs: the outcome of a step, the lesson of a close, notes, skip reasons,
//! dates, track codes, calls and the lead's name; what Enter and Esc do in them.

use super::*;

/// Refuses what was typed and keeps the input open with it: nothing typed is lost.
fn keep_input(state: &mut AppState, input: Input, why: Msg) {
    refuse(state, why);
    state.input = Some(input);
    state.mode = Mode::Input;
}

/// Enter in a text input.
pub(in crate::app::tui) fn input_accept(state: &mut AppState) -> Vec<Effect> {
    let Some(input) = state.input.take() else {
        return vec![];
    };
    if input.purpose.multiline() {
        let mut input = input;
        input.text.push('\n');
        let typed = typed_draft(&input);
        state.input = Some(input);
        return typed.map_or_else(Vec::new, |(id, text)| edited(state, id, text));
    }
    state.mode = Mode::Normal;
    let mut input = input;
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
    let lang = state.lang;
    let text = input.text.trim().to_owned();
    let date = |state: &mut AppState, input: Input| -> Option<NaiveDate> {
        let d = parse_date(&input.text);
        if d.is_none() {
            let why = Msg::new(
                "Дата не распознана: ГГГГ-ММ-ДД или ДД.ММ.ГГГГ",
                "Not a date: YYYY-MM-DD or DD.MM.YYYY",
            );
            keep_input(state, input, why);
        }
        d
    };
    let optional = |t: String| Some(t).filter(|t| !t.is_empty());
    match input.purpose.clone() {
        InputFor::StepOutcome { order_id, version } => vec![Effect::Command(Command::StepDone {
            order_id,
            version,
            outcome: optional(text),
        })],
        InputFor::Lesson {
            order_id,
            version,
            cause,
        } => match RootCause::from_id(&cause) {
            Some(cause) => vec![Effect::Command(Command::Close {
                order_id,
                version,
                cause,
                lesson: optional(text),
            })],
            None => vec![],
        },
        InputFor::Note { order_id, version } => vec![Effect::Command(Command::Note {
            order_id,
            version,
            text,
        })],
        InputFor::Skip { order_id, version } => vec![Effect::Command(Command::SkipStep {
            order_id,
            version,
            reason: text,
        })],
        InputFor::Draft { .. } => vec![],
        InputFor::MoveDate { order_id, reason } => {
            if let Some(new_date) = date(state, input) {
                let action = WriteAction::MoveDeliveryDate {
                    reason: Some(reason),
                    new_date,
                };
                let title = tr(lang, "Перенос даты доставки", "Move the delivery date");
                // The same day for every marked order, each checked against its own
                // rules (state, budget) before the count is typed.
                return confirm_writes(state, title, targets(state, order_id, action));
            }
            vec![]
        }
        InputFor::RealDate {
            order_id,
            status,
            substatus,
        } => {
            if let Some(day) = date(state, input) {
                let today = state
                    .now
                    .with_timezone(&crate::market::dates::moscow())
                    .date_naive();
                let title = tr(lang, "Сменить статус", "Change the status");
                let action = WriteAction::SetStatus {
                    status,
                    substatus,
                    // The Market takes the day the status is set; only an earlier day is sent.
                    real_delivery_date: (day != today).then_some(day),
                };
                return confirm_writes(state, title, vec![(order_id, action)]);
            }
            vec![]
        }
        InputFor::StorageDate { order_id } => {
            if let Some(new_date) = date(state, input) {
                let title = tr(lang, "Продлить хранение", "Extend the storage");
                let action = WriteAction::ExtendStorage { new_date };
                return confirm_writes(state, title, vec![(order_id, action)]);
            }
            vec![]
        }
        InputFor::Track {
            order_id,
            carrier_id,
        } => {
            let title = tr(
                lang,
                "Передать другому перевозчику",
                "Hand over to another carrier",
            );
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
                        let why = Msg::new(
                            "Секунды разговора (0 — не ответил, «-» — номер недоступен)",
                            "Seconds connected (0: no answer, '-': number unavailable)",
                        );
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
        InputFor::Reopen { order_id, version } => {
            if text.is_empty() {
                let why = Msg::new(
                    "Нужна причина: её увидят в заметках и журнале",
                    "A reason is needed: it goes into the notes and the trail",
                );
                keep_input(state, input, why);
                return vec![];
            }
            vec![Effect::Command(Command::Reopen {
                order_id,
                version,
                reason: text,
            })]
        }
        InputFor::Lead {
            order_id,
            version,
            kind,
            amount,
        } => {
            if text.is_empty() || text == state.me {
                let why = Msg::new(
                    "Нужно имя руководителя (не ваше)",
                    "A lead's name is needed (not your own)",
                );
                keep_input(state, input, why);
                return vec![];
            }
            confirm_compensation(state, order_id, version, &kind, amount, Some(text));
            vec![]
        }
    }
}

/// `n`: what came of the step, asked before it is marked done (Enter alone: nothing).
pub(in crate::app::tui) fn ask_outcome(state: &mut AppState, order_id: i64, version: i64) {
    let prompt = tr(
        state.lang,
        "Шаг выполнен — что вышло (можно пусто, Enter)",
        "Step done: what came of it (may be empty; Enter)",
    );
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
    let prompt = tr(
        state.lang,
        "Вывод на будущее (можно пусто, Enter — закрыть)",
        "The lesson (may be empty; Enter closes)",
    );
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
    state.mode = Mode::Normal;
    match state.input.take() {
        Some(Input {
            purpose: InputFor::Draft { order_id },
            text,
            ..
        }) => set_draft(state, order_id, text),
        _ => vec![],
    }
}

/// The order and text of a draft being typed in place.
fn typed_draft(input: &Input) -> Option<(i64, String)> {
    match input.purpose {
        InputFor::Draft { order_id } => Some((order_id, input.text.clone())),
        _ => None,
    }
}

/// A character typed into the input or into the count of a bulk confirm. A draft
/// being typed is kept at every key (`drafts::edited`).
pub(in crate::app::tui) fn input_char(state: &mut AppState, c: char) -> Vec<Effect> {
    // Only the box on screen takes what is typed: an input waiting under the quit
    // question does not.
    match (state.mode, state.input.as_mut(), state.pending.as_mut()) {
        (Mode::Input, Some(i), _) => {
            i.text.push(c);
            if let Some((id, text)) = typed_draft(i) {
                return edited(state, id, text);
            }
        }
        (Mode::Confirm, _, Some(Pending::Write(w))) => w.typed.push(c),
        _ => {}
    }
    vec![]
}

pub(in crate::app::tui) fn input_backspace(state: &mut AppState) -> Vec<Effect> {
    match (state.mode, state.input.as_mut(), state.pending.as_mut()) {
        (Mode::Input, Some(i), _) => {
            i.text.pop();
            if let Some((id, text)) = typed_draft(i) {
                return edited(state, id, text);
            }
        }
        (Mode::Confirm, _, Some(Pending::Write(w))) => {
            w.typed.pop();
        }
        _ => {}
    }
    vec![]
}

/// Remembers a text that goes to the service, until it answers.
fn remember(state: &mut AppState, input: &Input) {
    if !matches!(input.purpose, InputFor::Draft { .. }) {
        state.typed = Some(input.clone());
    }
}
