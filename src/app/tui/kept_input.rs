//! The one-line text input open in the dashboard, kept across a crash: while it is
//! open and holds text, what it is for (`dialog::InputFor`: the order, the incident
//! version, the act) and what is typed go to the agent's journal at every change,
//! through the journal's thread (`tui::journal`, beside the drafts, never written on
//! the event loop). Accepted or cancelled (Esc, or `y` to the quit question) it is
//! forgotten; a signal or a dropped link leaves it there. At the next start it is
//! reopened on its order when that still makes sense (`reopen`), else its text goes
//! to the notices log with why.
//!
//! Kept: a step's outcome, a lesson, a note, a skip reason, a reopen reason, the dates,
//! a track code, a call, the lead's name. Not kept here: the draft typed in place (the
//! drafts journal has it), and lines that only look for something — the list's
//! filter, help's search, the `:` command line, a bulk confirm's count — which are
//! typed again in a moment and say nothing of the agent's work.

use super::action::Effect;
use super::dialog::InputFor;
pub use super::dialog::{KeptInput, Restoring};
use super::state::AppState;

mod reopen;

pub use reopen::{decide, progress};

/// The input to keep now: the one open (also under the quit question), when it holds
/// text and is not the draft.
fn open(state: &AppState) -> Option<KeptInput> {
    let input = super::leave::typing(&state.mode)?;
    if matches!(input.purpose, InputFor::Draft { .. }) {
        return None;
    }
    let text = input.text.text();
    if text.trim().is_empty() {
        return None;
    }
    let order_id = input.purpose.order_id();
    let step = state
        .selected_view()
        .and_then(|v| v.incident.as_ref())
        .filter(|i| i.order_id == order_id)
        .and_then(super::facts::current_step);
    Some(KeptInput {
        purpose: input.purpose.clone(),
        prompt: input.prompt.clone(),
        text,
        step,
        at: state.now,
    })
}

/// After an update: the journal told of the input when it changed, opened or closed.
/// A stop by signal (`stopping`) leaves the journal as it is, to reopen the input at
/// the next start; a deliberate quit forgets it (the question said it would be lost).
pub fn track(state: &mut AppState, stopping: bool) -> Vec<Effect> {
    if state.quit && stopping {
        return vec![];
    }
    let now = if state.quit { None } else { open(state) };
    let unchanged = match (&now, &state.input_kept) {
        (Some(a), Some(b)) => a.same(b),
        (None, None) => true,
        _ => false,
    };
    if unchanged {
        return vec![];
    }
    state.input_kept = now.clone();
    vec![match now {
        Some(k) => Effect::KeepInput(Box::new(k)),
        None => Effect::ForgetInput,
    }]
}

/// The journal had an input open at the last stop: it is reopened once its order is
/// loaded (`progress`).
pub fn restored(state: &mut AppState, kept: KeptInput) {
    state.restoring = Some(Restoring {
        kept,
        selected: false,
    });
}

#[cfg(test)]
mod tests;
