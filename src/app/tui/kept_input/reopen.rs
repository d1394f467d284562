//! Reopening at start the input the journal kept: its order is selected, its detail
//! waited for, then the checks the dashboard makes before opening that input are
//! made again. Passed, the input is back with its text; failed, the text goes to the
//! notices log with why, and the journal forgets it.

use super::KeptInput;
use crate::app::tui::action::Effect;
use crate::app::tui::dialog::{Input, InputFor};
use crate::app::tui::i18n::{kept, workflow};
use crate::app::tui::state::{AppState, DetailTab, Mode};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::{Msg, fill};

/// After an update, while an input waits to be reopened: its order selected once it
/// is listed, the input reopened (or given up) once its detail is loaded.
pub fn progress(state: &mut AppState) -> Vec<Effect> {
    let Some(r) = &state.restoring else {
        return vec![];
    };
    let id = r.kept.purpose.order_id();
    match state.mode {
        Mode::Normal => {}
        // The agent types something else: the journal keeps that one now.
        Mode::Input(_) => return give_up(state, Msg::each(|l| kept(l).another_input)),
        // A screen or dialog first: tried again once it closes.
        _ => return vec![],
    }
    if !r.selected {
        if !state.rows.iter().any(|row| row.order.order_id == id) {
            // Not in the quick first load: it may come with the full one.
            if !state.complete {
                return vec![];
            }
            return give_up(state, Msg::each(|l| kept(l).order_gone));
        }
        crate::app::tui::select::jump(state, id);
        if let Some(r) = state.restoring.as_mut() {
            r.selected = true;
        }
    } else if state.selected != Some(id) {
        return give_up(state, Msg::each(|l| kept(l).moved_on));
    }
    if state.selected != Some(id) || state.selected_view().is_none() {
        // The order's detail is on its way.
        return vec![];
    }
    let Some(r) = state.restoring.take() else {
        return vec![];
    };
    match decide(state, &r.kept) {
        Ok(()) => {
            reopen(state, r.kept);
            vec![]
        }
        Err(why) => forget(state, &r.kept, &why),
    }
}

/// Whether the kept input still makes sense on the selected order as loaded: the
/// checks made before that input opens (the agent may act on the order; an open
/// incident, at the same step, one that may be skipped; a closed one to reopen).
pub fn decide(state: &AppState, k: &KeptInput) -> Result<(), Msg> {
    if state.read_only {
        return Err(Msg::each(|l| kept(l).read_only));
    }
    let id = k.purpose.order_id();
    let view = state
        .selected_view()
        .filter(|_| state.selected == Some(id))
        .ok_or_else(|| Msg::each(|l| kept(l).order_gone))?;
    crate::app::tui::permit::may_act(state, id)?;
    let incident = view.incident.as_ref();
    let open = incident.filter(|i| i.closed_at.is_none());
    let no_open = || Msg::each(|l| workflow(l).no_open_incident);
    match &k.purpose {
        InputFor::StepOutcome { .. } | InputFor::Skip { .. } => {
            let now = open
                .map(crate::app::tui::facts::current_step)
                .ok_or_else(no_open)?;
            if now != k.step {
                return Err(Msg::each(|l| kept(l).step_moved));
            }
            if matches!(k.purpose, InputFor::Skip { .. })
                && let Some(step) = now.filter(|s| !s.can_skip())
            {
                return Err(crate::domain::incident::steps::cannot_skip(step));
            }
        }
        InputFor::Note { .. } | InputFor::Lesson { .. } | InputFor::Lead { .. } => {
            open.ok_or_else(no_open)?;
        }
        InputFor::Reopen { .. } => {
            incident
                .filter(|i| i.closed_at.is_some())
                .ok_or_else(|| Msg::each(|l| kept(l).not_closed))?;
        }
        _ => {}
    }
    Ok(())
}

/// The input back as it was, its cursor at the end of the text; Enter acts on the
/// incident as loaded now (`reopened`).
fn reopen(state: &mut AppState, k: KeptInput) {
    let said = fill(
        kept(state.lang).restored,
        &[("what", &what(&k, state.lang))],
    );
    // A text about the incident is typed beside it.
    if matches!(
        k.purpose,
        InputFor::StepOutcome { .. }
            | InputFor::Lesson { .. }
            | InputFor::Note { .. }
            | InputFor::Skip { .. }
            | InputFor::Reopen { .. }
            | InputFor::Lead { .. }
    ) {
        state.detail_tab = DetailTab::Incident;
    }
    let mut input = Input::new(clean(&k.prompt).into_owned(), &k.text, k.purpose);
    input.reopened = true;
    state.mode = Mode::Input(input);
    state.say(said);
}

/// Gives the waiting input up, its text kept in the notices log with why.
fn give_up(state: &mut AppState, why: Msg) -> Vec<Effect> {
    match state.restoring.take() {
        Some(r) => forget(state, &r.kept, &why),
        None => vec![],
    }
}

/// Says why the input was not reopened, quoting its text, and has the journal forget
/// it — unless the journal holds another input typed since the start, or this start
/// is read-only (a later one that may act reopens it).
fn forget(state: &mut AppState, k: &KeptInput, why: &Msg) -> Vec<Effect> {
    let lang = state.lang;
    let said = fill(
        kept(lang).not_reopened,
        &[
            ("what", &what(k, lang)),
            ("why", &why.get(lang)),
            ("text", &k.text.trim()),
        ],
    );
    state.warn(said);
    match state.input_kept {
        None if !state.read_only => vec![Effect::ForgetInput],
        _ => vec![],
    }
}

/// What the input was for, in words, with its order.
pub(super) fn what(k: &KeptInput, lang: Lang) -> String {
    let w = kept(lang);
    let purpose = match k.purpose {
        InputFor::StepOutcome { .. } => w.step_outcome,
        InputFor::Lesson { .. } => w.lesson,
        InputFor::Note { .. } => w.note,
        InputFor::Skip { .. } => w.skip,
        InputFor::Draft { .. } => w.draft,
        InputFor::MoveDate { .. } => w.move_date,
        InputFor::RealDate { .. } => w.real_date,
        InputFor::StorageDate { .. } => w.storage_date,
        InputFor::Track { .. } => w.track,
        InputFor::Call { .. } => w.call,
        InputFor::Reopen { .. } => w.reopen,
        InputFor::Lead { .. } => w.lead,
    };
    fill(
        w.what,
        &[("purpose", &purpose), ("order_id", &k.purpose.order_id())],
    )
}
