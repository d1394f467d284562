//! The acting half of `update`: opening the pickers of the acting tabs, answering
//! them, text inputs, drafts, marks and the confirm dialogs of writes. Pure, like
//! `update`: what needs I/O goes out as `Effect`s. Every rule check runs here on the
//! data the detail load brought, and runs again where the write is queued.

use chrono::NaiveDate;

use super::action::{Act, Effect};
use super::dialog::{
    Choice, CompensationConfirm, DATE_REASONS, Input, InputFor, ManualConfirm, PickFor, Picker,
    REJECT_REASONS, WriteConfirm, parse_date,
};
use super::i18n::acting;
use super::state::{AppState, DetailTab, Draft, IncidentView, Mode, Pending};
use crate::base::lang::Lang;
use crate::base::words::Msg;
use crate::domain::incident::checks::{WriteAction, check};
use crate::domain::incident::compensation::{evaluate, needs_lead};
use crate::domain::incident::lint::Audience;
use crate::domain::incident::reroute::{self, RerouteKind};
use crate::domain::incident::status_options;
use crate::domain::incident::steps::{RootCause, Step};
use crate::domain::incident::template::{Vars, render};
use crate::domain::order::{History, Order};
use crate::service::Command;

mod drafts;
mod input;
mod keys;
mod pick;
mod writes;

use drafts::offer_draft;
pub(super) use drafts::{
    edited, forget_sent_drafts, from_cache, from_detail, restored, save_all, save_due, set_draft,
    stored, was_sent,
};
pub(super) use input::{ask_lesson, ask_outcome, input_key, input_paste, input_text};
pub(super) use keys::key;
pub(super) use pick::pick_key;
pub(super) use writes::{checked, confirm};
use writes::{confirm_compensation, confirm_writes, targets};

/// Says on the footer line why something is refused.
fn refuse(state: &mut AppState, msg: Msg) {
    let text = msg.get(state.lang).to_owned();
    state.warn(text);
}

/// A day as the screen's language writes it in an input: `05.12.2026`, `2026-12-05`
/// (either is read back).
fn day_text(lang: Lang, d: NaiveDate) -> String {
    d.format(acting(lang).input_date).to_string()
}

/// The selected order's loaded detail with its order and history, when it has come in.
fn loaded(state: &AppState) -> Option<(&IncidentView, &Order, &History)> {
    let view = state.selected_view()?;
    let (order, history) = view.order.as_ref()?;
    Some((view, order, history))
}

fn not_loaded() -> Msg {
    Msg::each(|l| acting(l).still_loading)
}

/// The open incident of the selected order: (order id, version).
fn open_incident(state: &AppState) -> Option<(i64, i64)> {
    state
        .selected_view()
        .and_then(|v| v.incident.as_ref())
        .filter(|i| i.closed_at.is_none())
        .map(|i| (i.order_id, i.version))
}

/// The current step of the selected order's incident.
fn current_step(state: &AppState) -> Option<Step> {
    state
        .selected_view()
        .and_then(|v| v.incident.as_ref())
        .and_then(super::facts::current_step)
}

fn no_incident() -> Msg {
    Msg::each(|l| acting(l).no_open_incident)
}

/// What a message to this order's buyer (or carrier) is filled with, in `lang`: the
/// order, the track, and the agent's signature from the config (never the login).
fn message_vars(state: &AppState, order: &Order, lang: Lang) -> Vars {
    let mut vars = Vars::from_order(order, lang);
    if let Some(sig) = &state.signature {
        vars = vars.with("agent", sig.clone());
    }
    if let Some(c) = order.tracks.first() {
        vars = vars.with("track", c.clone());
    }
    vars
}

/// `a`: the picker of the tab shown; elsewhere the tab of the current step (and on the
/// first step, verifying with the carrier, the carrier inquiry itself).
pub(super) fn act(state: &mut AppState) -> Vec<Effect> {
    state.act_from = state.detail_tab;
    if !matches!(
        state.detail_tab,
        DetailTab::Contact | DetailTab::Reroute | DetailTab::Compensation | DetailTab::Status
    ) {
        let step = current_step(state);
        if step == Some(Step::Verify) {
            return drafts::carrier_inquiry(state);
        }
        state.detail_tab = match step {
            Some(Step::Notify) => DetailTab::Contact,
            Some(Step::Compensate) => DetailTab::Compensation,
            Some(Step::UpdateMarket | Step::RuleCheck) => DetailTab::Status,
            _ => DetailTab::Reroute,
        };
    }
    let Some(order_id) = loaded(state).map(|(_, o, _)| o.order_id) else {
        refuse(state, not_loaded());
        return vec![];
    };
    // Choosing a template is the agent's own draft; the other tabs act on the order,
    // so whether the agent may is settled before any choice or text. Reroute and
    // Status may act on every marked order; compensation is one incident's.
    let allowed = match state.detail_tab {
        DetailTab::Contact => Ok(()),
        DetailTab::Reroute | DetailTab::Status => super::permit::may_act_on_marked(state),
        _ => super::permit::may_act(state, order_id),
    };
    if let Err(why) = allowed {
        refuse(state, why);
        return vec![];
    }
    let picker = match state.detail_tab {
        DetailTab::Reroute => pick::reroute_picker(state, order_id),
        DetailTab::Status => pick::status_picker(state, order_id),
        DetailTab::Compensation => match open_incident(state) {
            Some((_, version)) => pick::compensation_picker(state, order_id, version),
            None => {
                refuse(state, no_incident());
                return vec![];
            }
        },
        _ => pick::template_picker(state, order_id, None),
    };
    if let Some(p) = picker {
        state.mode = Mode::Pick(p);
    }
    vec![]
}

/// The reroutes that may go to every marked order, each checked on its own: the
/// same date, the same answer, the next shipment. A track code or a manual step is
/// one order's.
const BULK_REROUTES: [RerouteKind; 4] = [
    RerouteKind::MoveDate,
    RerouteKind::AcceptCancellation,
    RerouteKind::RejectCancellation,
    RerouteKind::TransferShipment,
];

/// A choice the rules judged: greyed, with why, when they forbid it.
fn judged(lang: Lang, label: &Msg, note: &Msg, why_not: Option<&Msg>) -> Choice {
    Choice {
        label: label.get(lang).to_owned(),
        note: Some(note.get(lang).to_owned()),
        available: why_not.is_none(),
        why_not: why_not.map(|m| m.get(lang).to_owned()),
    }
}

fn open_picker(state: &mut AppState, title: String, choices: Vec<Choice>, purpose: PickFor) {
    state.mode = Mode::Pick(Picker {
        title,
        choices,
        cursor: 0,
        purpose,
    });
}

/// Opens an input (`AppState::open_input`: a text Esc kept comes back).
fn open_input(state: &mut AppState, prompt: String, text: String, purpose: InputFor) {
    state.open_input(prompt, &text, purpose);
}

fn date_reason(r: &crate::market::enums::DeliveryDateReason, lang: Lang) -> String {
    crate::domain::incident::template::date_reason_text(r, lang)
}

#[cfg(test)]
mod tests;
