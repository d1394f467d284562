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
use crate::incident::Msg;
use crate::incident::checks::{WriteAction, check};
use crate::incident::compensation::{evaluate, needs_lead};
use crate::incident::lint::Audience;
use crate::incident::reroute::{self, RerouteKind};
use crate::incident::status_options;
use crate::incident::steps::{self, RootCause, Step};
use crate::incident::template::{Vars, render};
use crate::lang::Lang;
use crate::order::{History, Order};
use crate::service::Command;

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
    if !matches!(
        state.detail_tab,
        DetailTab::Contact | DetailTab::Reroute | DetailTab::Compensation | DetailTab::Status
    ) {
        let step = state
            .selected_view()
            .and_then(|v| v.incident.as_ref())
            .and_then(|i| steps::states_from_json(&i.steps).ok())
            .and_then(|s| steps::current(&s));
        state.detail_tab = match step {
            Some(Step::Notify) => DetailTab::Contact,
            Some(Step::Compensate) => DetailTab::Compensation,
            Some(Step::UpdateMarket | Step::RuleCheck) => DetailTab::Status,
            _ => DetailTab::Reroute,
        };
    }
    let Some((view, order, history)) = loaded(state) else {
        refuse(state, not_loaded());
        return vec![];
    };
    let (lang, now, order_id) = (state.lang, state.now, order.order_id);
    let (title, choices, purpose) = match state.detail_tab {
        DetailTab::Reroute => {
            let opts = reroute::options(order, history, &view.ctx, now);
            let choices = opts
                .iter()
                .map(|o| {
                    let note = o.eta.as_ref().unwrap_or(&o.effect);
                    judged(lang, &o.kind.title(), note, o.why_not.as_ref())
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
                    Choice::new(
                        k.name().get(lang),
                        Some(crate::tui::i18n::money(amount, &order.currency)),
                    )
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
                (_, Some(action)) => confirm_writes(state, title, vec![(order_id, action)]),
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
                    } if o.asks_real_date && state.marked.len() <= 1 => open_input(
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
                    action => confirm_writes(state, title, targets(state, order_id, action)),
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
                .map_or(0.0, |(_, v)| *v);
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
            if let Some(t) = state.templates.get(cursor) {
                let mut vars = Vars::from_order(order, lang).with("agent", state.me.clone());
                if let Some(c) = order.tracks.first() {
                    vars = vars.with("track", c.clone());
                }
                let text = render(t, &vars);
                state.drafts.insert(
                    order_id,
                    Draft {
                        order_id,
                        template: Some(t.name.clone()),
                        audience: t.audience,
                        text,
                    },
                );
                state.detail_tab = DetailTab::Contact;
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
        PickFor::RejectReason { order_id } => {
            let reason = REJECT_REASONS[cursor.min(REJECT_REASONS.len() - 1)].clone();
            let action = WriteAction::AnswerCancellation {
                accept: false,
                reason: Some(reason),
            };
            let title = tr(lang, "Отказать в отмене", "Reject the cancellation");
            confirm_writes(state, title, vec![(order_id, action)]);
        }
    }
    vec![]
}

/// The orders one action goes to: every marked order when the selected one is
/// marked among others, else just the selected one.
fn targets(state: &AppState, order_id: i64, action: WriteAction) -> Vec<(i64, WriteAction)> {
    if state.marked.len() > 1 && state.marked.contains(&order_id) {
        state
            .marked
            .iter()
            .map(|&id| (id, action.clone()))
            .collect()
    } else {
        vec![(order_id, action)]
    }
}

fn date_reason(r: &crate::market::enums::DeliveryDateReason, lang: Lang) -> String {
    crate::incident::template::date_reason_text(r, lang)
}

/// Opens the confirm dialog of writes, with the rule check of the selected order.
/// The marked others are checked one by one where they are queued.
fn confirm_writes(state: &mut AppState, title: String, writes: Vec<(i64, WriteAction)>) {
    let lang = state.lang;
    let Some((view, order, history)) = loaded(state) else {
        refuse(state, not_loaded());
        return;
    };
    let verdict = writes
        .iter()
        .find(|(id, _)| *id == order.order_id)
        .map(|(_, a)| check(a, order, history, &view.ctx, state.now))
        .unwrap_or_default();
    let texts = |m: &[Msg]| m.iter().map(|m| m.get(lang).to_owned()).collect::<Vec<_>>();
    let mut effect = verdict.effect.get(lang).to_owned();
    if writes.len() > 1 {
        let n = writes.len();
        let orders = match (lang, n % 10, n % 100) {
            (Lang::En, _, _) => "orders, each checked on its own",
            (Lang::Ru, 1, r) if r != 11 => "заказ; каждый проверяется отдельно",
            (Lang::Ru, 2..=4, r) if !(12..=14).contains(&r) => {
                "заказа; каждый проверяется отдельно"
            }
            (Lang::Ru, _, _) => "заказов; каждый проверяется отдельно",
        };
        effect = format!("{effect} — {n} {orders}");
    }
    state.pending = Some(Pending::Write(WriteConfirm {
        title,
        effect,
        warnings: texts(&verdict.warnings),
        blocking: texts(&verdict.blocking),
        writes,
        typed: String::new(),
    }));
    state.mode = Mode::Confirm;
}

fn confirm_compensation(
    state: &mut AppState,
    order_id: i64,
    version: i64,
    kind: &str,
    amount: f64,
    lead: Option<String>,
) {
    let lang = state.lang;
    let Some(k) = state
        .incident_cfg
        .compensation
        .iter()
        .find(|k| k.id == kind)
    else {
        return;
    };
    let mut warnings = vec![tr(
        lang,
        "записывается в инцидент; покупателю — через черновик (шаблон compensation_offer)",
        "recorded on the incident; offered to the buyer through a draft (template compensation_offer)",
    )];
    if let Some(l) = &lead {
        warnings.push(format!("{}: {l}", tr(lang, "подтвердил", "confirmed by")));
    }
    state.pending = Some(Pending::Compensation(CompensationConfirm {
        order_id,
        version,
        kind: kind.to_owned(),
        title: k.name().get(lang).to_owned(),
        amount,
        lead,
        warnings,
    }));
    state.mode = Mode::Confirm;
}

/// Refuses what was typed and keeps the input open with it: nothing typed is lost.
fn keep_input(state: &mut AppState, input: Input, why: Msg) {
    refuse(state, why);
    state.input = Some(input);
    state.mode = Mode::Input;
}

/// Enter in a text input.
pub(super) fn input_accept(state: &mut AppState) -> Vec<Effect> {
    let Some(input) = state.input.take() else {
        return vec![];
    };
    if input.purpose.multiline() {
        let mut input = input;
        input.text.push('\n');
        state.input = Some(input);
        return vec![];
    }
    state.mode = Mode::Normal;
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
                confirm_writes(state, title, vec![(order_id, action)]);
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
                confirm_writes(state, title, vec![(order_id, action)]);
            }
            vec![]
        }
        InputFor::StorageDate { order_id } => {
            if let Some(new_date) = date(state, input) {
                let title = tr(lang, "Продлить хранение", "Extend the storage");
                let action = WriteAction::ExtendStorage { new_date };
                confirm_writes(state, title, vec![(order_id, action)]);
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
            confirm_writes(state, title, vec![(order_id, action)]);
            vec![]
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
pub(super) fn ask_outcome(state: &mut AppState, order_id: i64, version: i64) {
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
pub(super) fn ask_lesson(state: &mut AppState, order_id: i64, version: i64, cause: &str) {
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

/// Esc in a text input: a draft keeps what was typed; anything else is dropped.
pub(super) fn input_back(state: &mut AppState) {
    state.mode = Mode::Normal;
    if let Some(Input {
        purpose: InputFor::Draft { order_id },
        text,
        ..
    }) = state.input.take()
    {
        set_draft(state, order_id, text);
    }
}

/// A character typed into the input or into the count of a bulk confirm.
pub(super) fn input_char(state: &mut AppState, c: char) {
    // Only the box on screen takes what is typed: an input waiting under the quit
    // question does not.
    match (state.mode, state.input.as_mut(), state.pending.as_mut()) {
        (Mode::Input, Some(i), _) => i.text.push(c),
        (Mode::Confirm, _, Some(Pending::Write(w))) => w.typed.push(c),
        _ => {}
    }
}

pub(super) fn input_backspace(state: &mut AppState) {
    match (state.mode, state.input.as_mut(), state.pending.as_mut()) {
        (Mode::Input, Some(i), _) => {
            i.text.pop();
        }
        (Mode::Confirm, _, Some(Pending::Write(w))) => {
            w.typed.pop();
        }
        _ => {}
    }
}

/// Stores an edited draft (a new one for the order keeps the buyer as audience).
pub(super) fn set_draft(state: &mut AppState, order_id: i64, text: String) {
    let draft = state.drafts.entry(order_id).or_insert(Draft {
        order_id,
        template: None,
        audience: Audience::Buyer,
        text: String::new(),
    });
    draft.text = text;
}

/// `y` on a write, compensation or manual step: the effect, unless something still
/// stops it (then the dialog stays open and says why).
pub(super) fn confirm(state: &mut AppState, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::Write(w) => {
            if !w.ready() {
                let why = if !w.blocking.is_empty() {
                    w.blocking.join("; ")
                } else {
                    format!(
                        "{} {}",
                        tr(
                            state.lang,
                            "введите число заказов:",
                            "type the number of orders:"
                        ),
                        w.writes.len()
                    )
                };
                state.footer.error = Some(why);
                state.pending = Some(Pending::Write(w));
                state.mode = Mode::Confirm;
                return vec![];
            }
            if w.writes.len() > 1 {
                state.marked.clear();
            }
            vec![Effect::Write(w.writes)]
        }
        Pending::Compensation(c) => {
            offer_draft(state, &c);
            vec![Effect::Command(Command::Compensate {
                order_id: c.order_id,
                version: c.version,
                kind: c.kind,
                amount: c.amount,
                lead: c.lead,
            })]
        }
        Pending::Manual(m) => vec![Effect::Command(Command::Reroute {
            order_id: m.order_id,
            version: m.version,
            outcome: m.title,
        })],
        Pending::TakeOver { .. } | Pending::Close { .. } | Pending::Quit(_) => vec![],
    }
}

/// Compensation is offered to the buyer through a draft from the `compensation_offer`
/// template, unless the agent is already writing one.
fn offer_draft(state: &mut AppState, c: &CompensationConfirm) {
    if state.drafts.contains_key(&c.order_id) {
        return;
    }
    let Some((_, order, _)) = loaded(state) else {
        return;
    };
    let Some(t) = state
        .templates
        .iter()
        .find(|t| t.name == "compensation_offer")
    else {
        return;
    };
    let what = format!(
        "{} — {}",
        c.title.to_lowercase(),
        crate::tui::i18n::money(c.amount, &order.currency)
    );
    let vars = Vars::from_order(order, state.lang)
        .with("agent", state.me.clone())
        .with("compensation", what);
    let draft = Draft {
        order_id: c.order_id,
        template: Some(t.name.clone()),
        audience: t.audience,
        text: render(t, &vars),
    };
    state.drafts.insert(c.order_id, draft);
}

/// The draft keys of the Contact tab, and notes, skips, calls and marks.
pub(super) fn key(state: &mut AppState, action: &super::action::Action) -> Vec<Effect> {
    use super::action::Action as A;
    let Some(order_id) = state.selected else {
        return vec![];
    };
    let lang = state.lang;
    match action {
        A::Mark if !state.marked.remove(&order_id) => {
            state.marked.insert(order_id);
        }
        A::Note => match open_incident(state) {
            Some((order_id, version)) => open_input(
                state,
                tr(lang, "Заметка", "Note"),
                String::new(),
                InputFor::Note { order_id, version },
            ),
            None => refuse(state, no_incident()),
        },
        A::SkipStep => match open_incident(state) {
            Some((order_id, version)) => {
                // A skip that plainly applies is offered, never applied unasked.
                let suggested = state
                    .selected_view()
                    .and_then(|v| v.order.as_ref().zip(v.incident.as_ref()))
                    .and_then(|((o, _), i)| {
                        let s = steps::states_from_json(&i.steps).ok()?;
                        steps::suggested_skip(steps::current(&s)?, o)
                    })
                    .map(|m| m.get(lang).to_owned());
                open_input(
                    state,
                    tr(lang, "Почему шаг пропущен", "Why the step is skipped"),
                    suggested.unwrap_or_default(),
                    InputFor::Skip { order_id, version },
                );
            }
            None => refuse(state, no_incident()),
        },
        A::LogCall => open_input(
            state,
            tr(
                lang,
                "Звонок: секунд разговора (0 — не ответил, «-» — номер недоступен)",
                "Call: seconds connected (0: no answer, '-': number unavailable)",
            ),
            String::new(),
            InputFor::Call { order_id },
        ),
        A::InlineEdit => {
            state.detail_tab = DetailTab::Contact;
            let text = state
                .drafts
                .get(&order_id)
                .map(|d| d.text.clone())
                .unwrap_or_default();
            open_input(
                state,
                tr(lang, "Черновик (Esc — готово)", "Draft (Esc: done)"),
                text,
                InputFor::Draft { order_id },
            );
        }
        A::EditDraft => {
            state.detail_tab = DetailTab::Contact;
            let text = state
                .drafts
                .get(&order_id)
                .map(|d| d.text.clone())
                .unwrap_or_default();
            return vec![Effect::Editor(order_id, text)];
        }
        A::CopyDraft => match state.drafts.get(&order_id) {
            Some(d) if !d.text.trim().is_empty() => return vec![Effect::Copy(d.text.clone())],
            _ => refuse(state, no_draft()),
        },
        A::SendDraft => match state.drafts.get(&order_id).cloned() {
            Some(d) if d.audience == Audience::Carrier => {
                let contacts = carrier_contacts(state);
                refuse(
                    state,
                    Msg::new(
                        format!("Запрос перевозчику: скопируйте (y) и отправьте {contacts}"),
                        format!("A carrier inquiry: copy it (y) and send it to {contacts}"),
                    ),
                );
            }
            Some(d) if !d.text.trim().is_empty() => {
                let title = tr(lang, "Отправить покупателю", "Send to the buyer");
                let action = WriteAction::ChatMessage { text: d.text };
                confirm_writes(state, title, vec![(order_id, action)]);
            }
            _ => refuse(state, no_draft()),
        },
        _ => {}
    }
    vec![]
}

fn no_draft() -> Msg {
    Msg::new(
        "Черновика нет: a — выбрать шаблон, i — написать",
        "No draft: a picks a template, i writes one",
    )
}

/// The configured contacts of the selected order's carrier, for a carrier inquiry.
fn carrier_contacts(state: &AppState) -> String {
    let carrier = state.selected_row().map(|r| r.order.carrier_id);
    state
        .incident_cfg
        .carriers
        .iter()
        .find(|c| Some(c.id) == carrier)
        .map(|c| {
            [c.name.clone()]
                .into_iter()
                .chain(c.email.clone())
                .chain(c.phone.clone())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| "[[incident.carriers]]".to_owned())
}

/// A detail load: drops a draft once its text shows as queued in the outbox, so a
/// sent message is not offered again, and a draft not yet sent is never lost.
pub(super) fn forget_sent_drafts(state: &mut AppState, order_id: i64, view: &IncidentView) {
    let sent = state.drafts.get(&order_id).is_some_and(|d| {
        view.writes.iter().any(|w| {
            w.kind == "chat_message"
                && serde_json::from_str::<serde_json::Value>(&w.payload)
                    .ok()
                    .and_then(|p| p.get("text")?.as_str().map(|t| t == d.text))
                    .unwrap_or(false)
        })
    });
    if sent {
        state.drafts.remove(&order_id);
    }
}

#[cfg(test)]
#[path = "acting_tests.rs"]
mod tests;
