//! The acting half of `update`: opening the pickers of the acting tabs, answering
//! them, text inputs, drafts, marks and the confirm dialogs of writes. Pure, like
//! `update`: what needs I/O goes out as `Effect`s. Every rule check runs here on the
//! data the detail load brought, and runs again where the write is queued.

use chrono::NaiveDate;

use super::action::Effect;
use super::dialog::{
    Choice, CompensationConfirm, DATE_REASONS, Input, InputFor, ManualConfirm, PickFor, Picker,
    REJECT_REASONS, WriteConfirm, parse_date,
};
use super::state::{AppState, DetailTab, Draft, IncidentView, Mode, Pending};
use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::domain::incident::Msg;
use crate::domain::incident::checks::{WriteAction, check};
use crate::domain::incident::compensation::{evaluate, needs_lead};
use crate::domain::incident::lint::Audience;
use crate::domain::incident::reroute::{self, RerouteKind};
use crate::domain::incident::status_options;
use crate::domain::incident::steps::{self, RootCause, Step};
use crate::domain::incident::template::{Vars, render};
use crate::domain::order::{History, Order};
use crate::service::Command;

mod drafts;
mod input;
mod keys;
mod writes;

use drafts::offer_draft;
pub(super) use drafts::{
    edited, forget_sent_drafts, from_cache, from_detail, restored, save_all, save_due, set_draft,
    stored, was_sent,
};
pub(super) use input::{
    ask_lesson, ask_outcome, input_accept, input_back, input_backspace, input_char,
};
pub(super) use keys::key;
pub(super) use writes::{checked, confirm};
use writes::{confirm_compensation, confirm_writes, targets};

/// Sets the footer's error line.
fn refuse(state: &mut AppState, msg: Msg) {
    state.footer.error = Some(msg.get(state.lang).to_owned());
}

fn tr(lang: Lang, ru: &str, en: &str) -> String {
    match lang {
        Lang::Ru => ru.to_owned(),
        Lang::En => en.to_owned(),
    }
}

/// The selected order's loaded detail with its order and history, when it has come in.
fn loaded(state: &AppState) -> Option<(&IncidentView, &Order, &History)> {
    let view = state.selected_view()?;
    let (order, history) = view.order.as_ref()?;
    Some((view, order, history))
}

fn not_loaded() -> Msg {
    Msg::new(
        "Данные заказа ещё загружаются",
        "The order's data is still loading",
    )
}

/// The open incident of the selected order: (order id, version).
fn open_incident(state: &AppState) -> Option<(i64, i64)> {
    state
        .selected_view()
        .and_then(|v| v.incident.as_ref())
        .filter(|i| i.closed_at.is_none())
        .map(|i| (i.order_id, i.version))
}

fn no_incident() -> Msg {
    Msg::new(
        "У заказа нет открытого инцидента",
        "The order has no open incident",
    )
}

/// `a`: the picker of the tab shown; elsewhere the tab of the current step.
pub(super) fn act(state: &mut AppState) -> Vec<Effect> {
    state.act_from = state.detail_tab;
    if !matches!(
        state.detail_tab,
        DetailTab::Contact | DetailTab::Reroute | DetailTab::Compensation | DetailTab::Status
    ) {
        let step = state
            .selected_view()
            .and_then(|v| v.incident.as_ref())
            .and_then(|i| steps::current(&i.steps));
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
    let (lang, now) = (state.lang, state.now);
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
    let bulk = super::permit::bulk(state);
    let Some((view, order, history)) = loaded(state) else {
        return vec![];
    };
    let (title, choices, purpose) = match state.detail_tab {
        DetailTab::Reroute => {
            let opts = reroute::options(order, history, &view.ctx, now);
            let choices = opts
                .iter()
                .map(|o| {
                    let note = o.eta.as_ref().unwrap_or(&o.effect);
                    // With several orders marked, only what goes the same to each
                    // is offered; the rest (a track code, a manual step) is greyed.
                    let single = bulk
                        .filter(|_| !BULK_REROUTES.contains(&o.kind))
                        .map(super::permit::one_order_only);
                    let why = single.as_ref().or(o.why_not.as_ref());
                    judged(lang, &o.kind.title(), note, why)
                })
                .collect();
            (
                tr(lang, "Перенаправить", "Reroute"),
                choices,
                PickFor::Reroute { order_id },
            )
        }
        DetailTab::Status => {
            let opts = status_options::options(order, history, &view.ctx, now);
            let choices = opts
                .iter()
                .map(|o| judged(lang, &o.label, &o.effect, o.why_not.as_ref()))
                .collect();
            (
                tr(lang, "Сменить статус", "Change the status"),
                choices,
                PickFor::Status { order_id },
            )
        }
        DetailTab::Compensation => {
            let Some((_, version)) = open_incident(state) else {
                refuse(state, no_incident());
                return vec![];
            };
            let choices = state
                .incident_cfg
                .compensation
                .iter()
                .map(|k| {
                    let amount = evaluate(k, order.value);
                    Choice::new(k.name().get(lang), Some(amount.show(&order.currency, lang)))
                })
                .collect();
            (
                tr(lang, "Компенсация", "Compensation"),
                choices,
                PickFor::Compensation { order_id, version },
            )
        }
        _ => {
            let choices = state
                .templates
                .iter()
                .map(|t| {
                    let to = match t.audience {
                        Audience::Carrier => tr(lang, "перевозчику", "to the carrier"),
                        _ => tr(lang, "покупателю", "to the buyer"),
                    };
                    Choice::new(t.title.clone(), Some(to))
                })
                .collect();
            (
                tr(lang, "Шаблон сообщения", "Message template"),
                choices,
                PickFor::Template { order_id },
            )
        }
    };
    open_picker(state, title, choices, purpose);
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
    state.picker = Some(Picker {
        title,
        choices,
        cursor: 0,
        purpose,
    });
    state.mode = Mode::Pick;
}

fn open_input(state: &mut AppState, prompt: String, text: String, purpose: InputFor) {
    state.input = Some(Input {
        prompt,
        text,
        purpose,
        reopened: false,
    });
    state.mode = Mode::Input;
}

/// Moves the picker's cursor.
pub(super) fn pick_move(state: &mut AppState, down: bool) {
    if let Some(p) = state.picker.as_mut() {
        let last = p.choices.len().saturating_sub(1);
        p.cursor = if down {
            (p.cursor + 1).min(last)
        } else {
            p.cursor.saturating_sub(1)
        };
    }
}

/// Enter in a picker: the choice under the cursor.
pub(super) fn pick(state: &mut AppState) -> Vec<Effect> {
    let Some(picker) = state.picker.take() else {
        return vec![];
    };
    let cursor = picker.cursor;
    if let Some(c) = picker.choices.get(cursor).filter(|c| !c.available) {
        // A greyed option stays in the picker, with why.
        state.footer.error = c.why_not.clone();
        state.picker = Some(picker);
        return vec![];
    }
    state.mode = Mode::Normal;
    let Some((view, order, history)) = loaded(state) else {
        refuse(state, not_loaded());
        return vec![];
    };
    // The dialogs opened below change the state: keep what the choice is judged on.
    let (view, order, history) = (view.clone(), order.clone(), history.clone());
    let (order, history) = (&order, &history);
    let lang = state.lang;
    match picker.purpose {
        PickFor::Reroute { order_id } => {
            let opts = reroute::options(order, history, &view.ctx, state.now);
            let Some(o) = opts.into_iter().nth(cursor) else {
                return vec![];
            };
            let title = o.kind.title().get(lang).to_owned();
            match (o.kind, o.action) {
                (RerouteKind::MoveDate, Some(_)) => {
                    let choices = DATE_REASONS
                        .iter()
                        .map(|r| Choice::new(date_reason(r, lang), None))
                        .collect();
                    open_picker(state, title, choices, PickFor::DateReason { order_id });
                }
                (RerouteKind::RejectCancellation, Some(_)) => {
                    let choices = REJECT_REASONS
                        .iter()
                        .map(|r| Choice::new(r.to_string(), None))
                        .collect();
                    open_picker(state, title, choices, PickFor::RejectReason { order_id });
                }
                (RerouteKind::ChangeCarrier, Some(WriteAction::SetTrack { carrier_id, .. })) => {
                    let prompt = match &o.carrier {
                        Some(c) => format!("{} — {}", tr(lang, "Трек-номер", "Track code"), c.name),
                        None => tr(lang, "Трек-номер", "Track code"),
                    };
                    open_input(
                        state,
                        prompt,
                        String::new(),
                        InputFor::Track {
                            order_id,
                            carrier_id,
                        },
                    );
                }
                (RerouteKind::ExtendStorage, Some(WriteAction::ExtendStorage { new_date })) => {
                    open_input(
                        state,
                        tr(lang, "Хранить до (ГГГГ-ММ-ДД)", "Keep until (YYYY-MM-DD)"),
                        new_date.to_string(),
                        InputFor::StorageDate { order_id },
                    );
                }
                (_, Some(action)) => {
                    return confirm_writes(state, title, targets(state, order_id, action));
                }
                (_, None) => match open_incident(state) {
                    Some((_, version)) => {
                        state.pending = Some(Pending::Manual(ManualConfirm {
                            order_id,
                            version,
                            title,
                            effect: o.effect.get(lang).to_owned(),
                        }));
                        state.mode = Mode::Confirm;
                    }
                    None => refuse(state, no_incident()),
                },
            }
        }
        PickFor::Status { order_id } => {
            let opts = status_options::options(order, history, &view.ctx, state.now);
            if let Some(o) = opts.into_iter().nth(cursor) {
                let title = o.label.get(lang).to_owned();
                let today = state
                    .now
                    .with_timezone(&crate::market::dates::moscow())
                    .date_naive();
                match o.action {
                    // Delivered (or at the pickup point) on which day? Today sends none.
                    WriteAction::SetStatus {
                        status, substatus, ..
                    } if o.asks_real_date && super::permit::bulk(state).is_none() => open_input(
                        state,
                        tr(
                            lang,
                            "Фактическая дата доставки (ГГГГ-ММ-ДД)",
                            "The real delivery date (YYYY-MM-DD)",
                        ),
                        today.to_string(),
                        InputFor::RealDate {
                            order_id,
                            status,
                            substatus,
                        },
                    ),
                    action => {
                        return confirm_writes(state, title, targets(state, order_id, action));
                    }
                }
            }
        }
        PickFor::Compensation { order_id, version } => {
            let Some(kind) = state.incident_cfg.compensation.get(cursor).cloned() else {
                return vec![];
            };
            let amount = evaluate(&kind, order.value);
            let today = view
                .given_today
                .iter()
                .find(|(k, _)| *k == kind.id)
                .map_or(Money::ZERO, |(_, v)| *v);
            if needs_lead(&kind, amount, today) {
                open_input(
                    state,
                    tr(
                        lang,
                        "Выше лимита агента: кто из руководителей подтвердил?",
                        "Above the agent's limit: which lead confirmed?",
                    ),
                    String::new(),
                    InputFor::Lead {
                        order_id,
                        version,
                        kind: kind.id.clone(),
                        amount,
                    },
                );
            } else {
                confirm_compensation(state, order_id, version, &kind.id, amount, None);
            }
        }
        PickFor::Template { order_id } => {
            if let Some(t) = state.templates.get(cursor).cloned() {
                let mut vars = Vars::from_order(order, lang).with("agent", state.me.clone());
                if let Some(c) = order.tracks.first() {
                    vars = vars.with("track", c.clone());
                }
                let text = render(&t, &vars);
                state.detail_tab = DetailTab::Contact;
                return drafts::from_template(state, order_id, &t, text);
            }
        }
        PickFor::DateReason { order_id } => {
            let reason = DATE_REASONS[cursor.min(DATE_REASONS.len() - 1)].clone();
            let suggested = reroute::options(order, history, &view.ctx, state.now)
                .into_iter()
                .find_map(|o| match o.action {
                    Some(WriteAction::MoveDeliveryDate { new_date, .. }) => Some(new_date),
                    _ => None,
                });
            open_input(
                state,
                tr(lang, "Новая дата (ГГГГ-ММ-ДД)", "New date (YYYY-MM-DD)"),
                suggested.map(|d| d.to_string()).unwrap_or_default(),
                InputFor::MoveDate { order_id, reason },
            );
        }
        PickFor::Writes { order_id, acts } => {
            let chosen = acts.get(cursor).copied().flatten();
            return super::revert::write_chosen(state, order_id, chosen);
        }
        PickFor::RejectReason { order_id } => {
            let reason = REJECT_REASONS[cursor.min(REJECT_REASONS.len() - 1)].clone();
            let action = WriteAction::AnswerCancellation {
                accept: false,
                reason: Some(reason),
            };
            let title = tr(lang, "Отказать в отмене", "Reject the cancellation");
            return confirm_writes(state, title, targets(state, order_id, action));
        }
    }
    vec![]
}

fn date_reason(r: &crate::market::enums::DeliveryDateReason, lang: Lang) -> String {
    crate::domain::incident::template::date_reason_text(r, lang)
}

#[cfg(test)]
mod tests;
