//! Taking acts back, on the dashboard's side: after an act that only touched the
//! cache (a step, a skip, a note, compensation, a close, a manual reroute) the footer
//! offers `u` for `UNDO_SECONDS`; `R` reopens a closed incident after asking why;
//! `w` lists the order's writes that are waiting or refused, to withdraw one still
//! queued, send a refused one again or let it be — each confirmed first, and each
//! carried out (and audited) by the service.

use super::action::Effect;
use super::dialog::{Choice, InputFor, OutboxConfirm, PickFor, Picker};
use super::i18n;
use super::permit::may_act;
use super::state::{AppState, Mode, Pending, UndoOffer};
use crate::base::lang::Lang;
use crate::base::words::{Msg, fill};
use crate::cache::{OutboxAct, OutboxState};
use crate::service::Command;

fn refuse(state: &mut AppState, msg: &Msg) {
    let text = msg.get(state.lang).to_owned();
    state.warn(text);
}

/// The act a command was, when it may be taken back; `None` for the others.
fn undoable(lang: Lang, cmd: &Command) -> Option<&'static str> {
    let w = i18n::workflow(lang);
    Some(match cmd {
        Command::StepDone { .. } => w.undo_step_done,
        Command::SkipStep { .. } => w.undo_step_skipped,
        Command::Note { .. } => w.undo_note,
        Command::Compensate { .. } => w.undo_compensation,
        Command::Close { .. } => w.undo_close,
        Command::Reroute { .. } => w.undo_reroute,
        _ => return None,
    })
}

/// A command the service carried out: an act that may be taken back is offered;
/// any other act on the incident ends the offer (the service would refuse it now).
pub(super) fn carried_out(state: &mut AppState, cmd: &Command) {
    match (undoable(state.lang, cmd), cmd.order_id()) {
        (Some(what), Some(order_id)) => {
            state.undo = Some(UndoOffer {
                order_id,
                what: what.to_owned(),
                at: state.now,
            });
        }
        _ if matches!(
            cmd,
            Command::Undo { .. }
                | Command::Write { .. }
                | Command::Reopen { .. }
                | Command::Outbox { .. }
        ) =>
        {
            state.undo = None;
        }
        _ => {}
    }
}

/// The clock ticked: an offer past its seconds goes.
pub(super) fn tick(state: &mut AppState) {
    if state.undo.as_ref().is_some_and(|u| u.left(state.now) <= 0) {
        state.undo = None;
    }
}

/// `u`: takes back the act offered.
pub(super) fn undo(state: &mut AppState) -> Vec<Effect> {
    match state.undo.take().filter(|u| u.left(state.now) > 0) {
        Some(u) => vec![Effect::Command(Command::Undo {
            order_id: u.order_id,
        })],
        None => {
            refuse(state, &Msg::each(|l| i18n::workflow(l).nothing_to_undo));
            vec![]
        }
    }
}

/// `R`: asks why, for the selected order's closed incident.
pub(super) fn reopen(state: &mut AppState) -> Vec<Effect> {
    let closed = state
        .selected_view()
        .and_then(|v| v.incident.as_ref())
        .filter(|i| i.closed_at.is_some())
        .map(|i| (i.order_id, i.version));
    let Some((order_id, version)) = closed else {
        refuse(state, &Msg::each(|l| i18n::workflow(l).no_closed_incident));
        return vec![];
    };
    if let Err(why) = may_act(state, order_id) {
        refuse(state, &why);
        return vec![];
    }
    let prompt = i18n::workflow(state.lang).ask_reopen_why.to_owned();
    state.open_input(prompt, "", InputFor::Reopen { order_id, version });
    vec![]
}

/// `w`: the order's writes waiting or refused, and what may be done with each.
pub(super) fn writes(state: &mut AppState) -> Vec<Effect> {
    let lang = state.lang;
    let Some(order_id) = state.selected else {
        return vec![];
    };
    if let Err(why) = may_act(state, order_id) {
        refuse(state, &why);
        return vec![];
    }
    let rows = state
        .selected_view()
        .map(|v| v.writes.clone())
        .unwrap_or_default();
    let mut choices = Vec::new();
    let mut acts = Vec::new();
    // Newest first, as the Incident tab lists them.
    for w in rows.iter().rev() {
        let kind = i18n::write_kind(lang, &w.kind).map_or_else(
            || crate::base::text::clean(&w.kind).into_owned(),
            str::to_owned,
        );
        let at = i18n::msk_datetime(w.created_at);
        let say = i18n::workflow(lang);
        let label = |template| fill(template, &[("kind", &kind)]);
        match w.state {
            OutboxState::Queued => {
                choices.push(Choice::new(
                    label(say.cancel_title),
                    Some(format!("{} · {at}", i18n::write_state(lang, w.state))),
                ));
                acts.push(Some((w.id, OutboxAct::Cancel)));
            }
            OutboxState::Sending => {
                choices.push(Choice {
                    label: format!("{kind} · {at}"),
                    note: Some(i18n::write_state(lang, w.state).to_owned()),
                    available: false,
                    why_not: Some(say.being_sent.to_owned()),
                });
                acts.push(None);
            }
            OutboxState::Failed => {
                let why = w.last_error.as_deref().map(crate::base::text::clean);
                choices.push(Choice::new(
                    label(say.requeue_title),
                    why.as_ref().map(|e| e.clone().into_owned()),
                ));
                acts.push(Some((w.id, OutboxAct::Requeue)));
                choices.push(Choice::new(
                    label(say.dismiss_title),
                    why.map(std::borrow::Cow::into_owned),
                ));
                acts.push(Some((w.id, OutboxAct::Dismiss)));
            }
            _ => {}
        }
    }
    if choices.is_empty() {
        refuse(state, &Msg::each(|l| i18n::workflow(l).no_writes));
        return vec![];
    }
    state.mode = Mode::Pick(Picker {
        title: i18n::workflow(lang).writes_title.to_owned(),
        choices,
        cursor: 0,
        purpose: PickFor::Writes { order_id, acts },
    });
    vec![]
}

/// A write and what to do with it, chosen: the confirm says what it does.
pub(super) fn write_chosen(
    state: &mut AppState,
    order_id: i64,
    chosen: Option<(i64, OutboxAct)>,
) -> Vec<Effect> {
    let Some((row_id, act)) = chosen else {
        return vec![];
    };
    let lang = state.lang;
    let row = state
        .selected_view()
        .and_then(|v| v.writes.iter().find(|w| w.id == row_id))
        .cloned();
    let Some(row) = row else {
        return vec![];
    };
    let kind = i18n::write_kind(lang, &row.kind).map_or_else(
        || crate::base::text::clean(&row.kind).into_owned(),
        str::to_owned,
    );
    let w = i18n::workflow(lang);
    let (title, effect) = match act {
        OutboxAct::Cancel => (w.cancel_title, w.cancel_effect),
        OutboxAct::Requeue => (w.requeue_title, w.requeue_effect),
        OutboxAct::Dismiss => (w.dismiss_title, w.dismiss_effect),
    };
    let title = fill(title, &[("kind", &kind)]);
    let mut effect = vec![fill(effect, &[("order_id", &order_id)])];
    if act == OutboxAct::Cancel && row.attempts > 0 {
        effect.push(fill(w.attempts_warning, &[("n", &row.attempts)]));
    }
    state.mode = Mode::Confirm(Pending::Outbox(OutboxConfirm {
        order_id,
        row_id,
        act,
        title,
        effect,
    }));
    vec![]
}

#[cfg(test)]
mod tests;
