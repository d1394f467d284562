//! Closing an incident deliberately: `C` first says how many steps are not done and
//! asks whether to close anyway, then the root cause is picked — starting with none
//! chosen, since the first cause in the list (a seller fault) counts against the
//! seller in the analysis — then the lesson is asked, and the close is sent. `n`
//! (step done) starts here too: both are refused before anything is typed when the
//! order is another agent's.

use super::acting;
use super::action::Effect;
use super::i18n::{self, words::STEPS_NOT_DONE};
use super::permit::may_act;
use super::state::{AppState, Mode, Pending};
use crate::base::lang::Lang;
use crate::base::words::{Msg, fill};
use crate::domain::incident::steps::{RootCause, Step, StepStates};

/// The open incident of the selected order, loaded: (order id, incident id,
/// version, step states).
fn open(state: &AppState) -> Option<(i64, i64, i64, StepStates)> {
    state
        .selected_view()
        .and_then(|v| v.incident.as_ref())
        .filter(|i| i.closed_at.is_none())
        .map(|i| (i.order_id, i.id, i.version, i.steps.clone()))
}

fn refuse(state: &mut AppState, msg: &Msg) {
    let text = msg.get(state.lang).to_owned();
    state.warn(text);
}

fn no_open_incident() -> Msg {
    Msg::each(|l| i18n::workflow(l).no_open_incident)
}

/// `n`: asks what came of the current step, once the agent may act.
pub(super) fn step_done(state: &mut AppState) {
    let Some((order_id, _, version, _)) = open(state) else {
        return refuse(state, &no_open_incident());
    };
    if let Err(why) = may_act(state, order_id) {
        return refuse(state, &why);
    }
    acting::ask_outcome(state, order_id, version);
}

/// `C`: the steps not done first (asked about), else the root cause.
pub(super) fn start(state: &mut AppState) {
    let Some((order_id, incident_id, version, states)) = open(state) else {
        return refuse(state, &no_open_incident());
    };
    if let Err(why) = may_act(state, order_id) {
        return refuse(state, &why);
    }
    // The analysis step is what closing settles; the six before it are the work.
    let left = Step::ALL
        .into_iter()
        .filter(|s| *s != Step::Analyse)
        .filter(|s| {
            !states
                .get(s)
                .is_some_and(crate::domain::incident::steps::StepState::is_settled)
        })
        .count();
    state.mode = Mode::Confirm(if left > 0 {
        Pending::CloseAnyway {
            order_id,
            incident_id,
            version,
            question: steps_left(state.lang, left),
        }
    } else {
        Pending::Close {
            order_id,
            incident_id,
            version,
            cursor: None,
        }
    });
}

fn steps_left(lang: Lang, n: usize) -> String {
    let steps = STEPS_NOT_DONE.count(n, lang);
    fill(i18n::acting(lang).close_anyway, &[("steps", &steps)])
}

/// `y` on "N steps not done": the root cause comes next.
pub(super) fn anyway(state: &mut AppState, order_id: i64, incident_id: i64, version: i64) {
    state.mode = Mode::Confirm(Pending::Close {
        order_id,
        incident_id,
        version,
        cursor: None,
    });
}

/// The move keys in the root-cause list; the first move from nothing lands on the
/// first cause.
pub(super) fn move_cause(cursor: &mut Option<usize>, down: bool) {
    let last = RootCause::ALL.len() - 1;
    *cursor = Some(match (*cursor, down) {
        (None, _) => 0,
        (Some(c), true) => (c + 1).min(last),
        (Some(c), false) => c.saturating_sub(1),
    });
}

/// Enter in the root-cause list: nothing chosen keeps the list open and says so;
/// a cause goes on to the lesson.
pub(super) fn cause_chosen(
    state: &mut AppState,
    order_id: i64,
    incident_id: i64,
    version: i64,
    cursor: Option<usize>,
) -> Vec<Effect> {
    match cursor.and_then(|c| RootCause::ALL.get(c)) {
        Some(cause) => acting::ask_lesson(state, order_id, version, cause.id()),
        None => {
            refuse(state, &Msg::each(|l| i18n::workflow(l).choose_cause));
            state.mode = Mode::Confirm(Pending::Close {
                order_id,
                incident_id,
                version,
                cursor: None,
            });
        }
    }
    vec![]
}

#[cfg(test)]
mod tests;
