//! The pickers of the acting tabs — reroutes, status changes, compensation, message
//! templates and the reasons a write asks for — and what choosing in each does.

use super::*;
use crate::base::money::Money;
use crate::base::words::fill;
use crate::domain::incident::template::{buyer_lang, suggested};

/// The Reroute tab's options for this order (and, with orders marked, what may go to
/// each of them).
pub(super) fn reroute_picker(state: &AppState, order_id: i64) -> Option<Picker> {
    let (lang, now) = (state.lang, state.now);
    let bulk = crate::app::tui::permit::bulk(state);
    let (view, order, history) = loaded(state)?;
    let choices = reroute::options(order, history, &view.ctx, now)
        .iter()
        .map(|o| {
            let note = o.eta.as_ref().unwrap_or(&o.effect);
            // With several orders marked, only what goes the same to each is
            // offered; the rest (a track code, a manual step) is greyed.
            let single = bulk
                .filter(|_| !BULK_REROUTES.contains(&o.kind))
                .map(crate::app::tui::permit::one_order_only);
            let why = single.as_ref().or(o.why_not.as_ref());
            judged(lang, &o.kind.title(), note, why)
        })
        .collect();
    Some(picker(
        acting(lang).title_reroute.to_owned(),
        choices,
        PickFor::Reroute { order_id },
    ))
}

/// The Status tab's changes for this order.
pub(super) fn status_picker(state: &AppState, order_id: i64) -> Option<Picker> {
    let lang = state.lang;
    let (view, order, history) = loaded(state)?;
    let choices = status_options::options(order, history, &view.ctx, state.now)
        .iter()
        .map(|o| judged(lang, &o.label, &o.effect, o.why_not.as_ref()))
        .collect();
    Some(picker(
        acting(lang).title_set_status.to_owned(),
        choices,
        PickFor::Status { order_id },
    ))
}

/// The compensation catalogue with the amount for this order.
pub(super) fn compensation_picker(state: &AppState, order_id: i64, version: i64) -> Option<Picker> {
    let lang = state.lang;
    let (_, order, _) = loaded(state)?;
    let choices = state
        .incident_cfg
        .compensation
        .iter()
        .map(|k| {
            let amount = evaluate(k, order.value);
            Choice::new(k.name().get(lang), Some(amount.show(&order.currency, lang)))
        })
        .collect();
    Some(picker(
        acting(lang).title_compensation.to_owned(),
        choices,
        PickFor::Compensation { order_id, version },
    ))
}

/// The templates of the message's language, the cursor on the one meant for the
/// incident's rule and step. The language is the buyer's (`lang` = `None`), or the one
/// the agent switched to.
pub(super) fn template_picker(
    state: &AppState,
    order_id: i64,
    lang: Option<Lang>,
) -> Option<Picker> {
    let (view, _, _) = loaded(state)?;
    let last_buyer = view.last_buyer_text();
    let msg_lang = lang.unwrap_or_else(|| buyer_lang(last_buyer));
    let rule = view
        .incident
        .as_ref()
        .and_then(|i| i.first_rule.as_deref())
        .and_then(crate::domain::risk::Rule::from_id)
        .or_else(|| {
            state
                .selected_row()
                .and_then(|r| r.assessment.worst().map(|m| m.rule))
        });
    let want = suggested(rule, current_step(state));
    let screen = state.lang;
    let templates: Vec<_> = state
        .templates
        .iter()
        .filter(|t| t.lang == msg_lang)
        .collect();
    let choices = templates
        .iter()
        .map(|t| {
            let to = match t.audience {
                Audience::Carrier => acting(screen).to_carrier.to_owned(),
                _ => acting(screen).to_buyer.to_owned(),
            };
            Choice::new(t.title.clone(), Some(to))
        })
        .collect();
    let mut p = picker(
        template_title(screen, msg_lang, lang.is_none() && last_buyer.is_some()),
        choices,
        PickFor::Template {
            order_id,
            lang: msg_lang,
        },
    );
    p.cursor = templates.iter().position(|t| t.name == want).unwrap_or(0);
    Some(p)
}

/// "Message template · in Russian, as the buyer writes".
fn template_title(screen: Lang, msg: Lang, buyers: bool) -> String {
    let w = acting(screen);
    let lang = match msg {
        Lang::Ru => w.in_russian,
        Lang::En => w.in_english,
    };
    let why = if buyers { w.as_buyer_writes } else { "" };
    fill(w.template_title, &[("lang", &lang), ("why", &why)])
}

fn picker(title: String, choices: Vec<Choice>, purpose: PickFor) -> Picker {
    Picker {
        title,
        choices,
        cursor: 0,
        purpose,
    }
}

/// A key in a picker: the move keys, Enter, Esc, and the message's language.
pub(in crate::app::tui) fn pick_key(state: &mut AppState, act: Act) -> Vec<Effect> {
    let Mode::Pick(p) = &mut state.mode else {
        return vec![];
    };
    match act {
        Act::MoveDown | Act::MoveUp => {
            let last = p.choices.len().saturating_sub(1);
            p.cursor = if act == Act::MoveDown {
                (p.cursor + 1).min(last)
            } else {
                p.cursor.saturating_sub(1)
            };
        }
        Act::SwitchLang => {
            if let PickFor::Template { order_id, lang } = p.purpose {
                let other = match lang {
                    Lang::Ru => Lang::En,
                    Lang::En => Lang::Ru,
                };
                if let Some(p) = template_picker(state, order_id, Some(other)) {
                    state.mode = Mode::Pick(p);
                }
            }
        }
        Act::Confirm => return pick(state),
        Act::Back => state.mode = Mode::Normal,
        _ => {}
    }
    vec![]
}

/// Enter in a picker: the choice under the cursor.
pub(in crate::app::tui) fn pick(state: &mut AppState) -> Vec<Effect> {
    let Mode::Pick(picker) = std::mem::take(&mut state.mode) else {
        return vec![];
    };
    if let Some(c) = picker.choices.get(picker.cursor).filter(|c| !c.available) {
        // A greyed option stays in the picker, with why.
        let why = c.why_not.clone().unwrap_or_default();
        state.mode = Mode::Pick(picker);
        state.warn(why);
        return vec![];
    }
    let Some((view, order, history)) = loaded(state) else {
        refuse(state, not_loaded());
        return vec![];
    };
    // The dialogs opened below change the state: keep what the choice is judged on.
    let chosen = Chosen {
        view: view.clone(),
        order: order.clone(),
        history: history.clone(),
        cursor: picker.cursor,
    };
    match picker.purpose {
        PickFor::Reroute { order_id } => return chosen.reroute(state, order_id),
        PickFor::Status { order_id } => return chosen.status(state, order_id),
        PickFor::Compensation { order_id, version } => {
            chosen.compensation(state, order_id, version);
        }
        PickFor::Template { order_id, lang } => return chosen.template(state, order_id, lang),
        PickFor::DateReason { order_id } => chosen.date_reason(state, order_id),
        PickFor::Writes { order_id, acts } => {
            let act = acts.get(chosen.cursor).copied().flatten();
            return crate::app::tui::revert::write_chosen(state, order_id, act);
        }
        PickFor::RejectReason { order_id } => {
            let reason = REJECT_REASONS[chosen.cursor.min(REJECT_REASONS.len() - 1)].clone();
            let action = WriteAction::AnswerCancellation {
                accept: false,
                reason: Some(reason),
            };
            let title = acting(state.lang).title_reject_cancel.to_owned();
            return confirm_writes(state, title, targets(state, order_id, action));
        }
    }
    vec![]
}

/// What a choice is judged on: the detail as it was when the picker's Enter came.
struct Chosen {
    view: IncidentView,
    order: Order,
    history: History,
    cursor: usize,
}

impl Chosen {
    fn reroute(&self, state: &mut AppState, order_id: i64) -> Vec<Effect> {
        let lang = state.lang;
        let opts = reroute::options(&self.order, &self.history, &self.view.ctx, state.now);
        let Some(o) = opts.into_iter().nth(self.cursor) else {
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
                let track = acting(lang).ask_track.to_owned();
                let prompt = match &o.carrier {
                    Some(c) => format!("{track} — {}", c.name),
                    None => track,
                };
                let purpose = InputFor::Track {
                    order_id,
                    carrier_id,
                };
                open_input(state, prompt, String::new(), purpose);
            }
            (RerouteKind::ExtendStorage, Some(WriteAction::ExtendStorage { new_date })) => {
                let prompt = acting(lang).ask_keep_until.to_owned();
                let purpose = InputFor::StorageDate { order_id };
                open_input(state, prompt, day_text(lang, new_date), purpose);
            }
            (_, Some(action)) => {
                return confirm_writes(state, title, targets(state, order_id, action));
            }
            (_, None) => match open_incident(state) {
                Some((_, version)) => {
                    let effect = o.effect.get(lang).to_owned();
                    state.mode = Mode::Confirm(Pending::Manual(ManualConfirm {
                        order_id,
                        version,
                        title,
                        effect,
                    }));
                }
                None => refuse(state, no_incident()),
            },
        }
        vec![]
    }

    fn status(&self, state: &mut AppState, order_id: i64) -> Vec<Effect> {
        let lang = state.lang;
        let opts = status_options::options(&self.order, &self.history, &self.view.ctx, state.now);
        let Some(o) = opts.into_iter().nth(self.cursor) else {
            return vec![];
        };
        let title = o.label.get(lang).to_owned();
        let today = crate::base::time::moscow_day(state.now);
        match o.action {
            // Delivered (or at the pickup point) on which day? Today sends none.
            WriteAction::SetStatus {
                status, substatus, ..
            } if o.asks_real_date && crate::app::tui::permit::bulk(state).is_none() => {
                let prompt = acting(lang).ask_delivered_on.to_owned();
                let purpose = InputFor::RealDate {
                    order_id,
                    status,
                    substatus,
                };
                open_input(state, prompt, day_text(lang, today), purpose);
                vec![]
            }
            action => confirm_writes(state, title, targets(state, order_id, action)),
        }
    }

    fn compensation(&self, state: &mut AppState, order_id: i64, version: i64) {
        let lang = state.lang;
        let Some(kind) = state.incident_cfg.compensation.get(self.cursor).cloned() else {
            return;
        };
        let amount = evaluate(&kind, self.order.value);
        let today = self
            .view
            .given_today
            .iter()
            .find(|(k, _)| *k == kind.id)
            .map_or(Money::ZERO, |(_, v)| *v);
        if needs_lead(&kind, amount, today) {
            let prompt = acting(lang).ask_lead.to_owned();
            let purpose = InputFor::Lead {
                order_id,
                version,
                kind: kind.id.clone(),
                amount,
            };
            open_input(state, prompt, String::new(), purpose);
        } else {
            confirm_compensation(state, order_id, version, &kind.id, amount, None);
        }
    }

    fn template(&self, state: &mut AppState, order_id: i64, lang: Lang) -> Vec<Effect> {
        let Some(t) = state
            .templates
            .iter()
            .filter(|t| t.lang == lang)
            .nth(self.cursor)
            .cloned()
        else {
            return vec![];
        };
        let text = render(&t, &message_vars(state, &self.order, lang));
        state.detail_tab = DetailTab::Contact;
        drafts::from_template(state, order_id, &t, text)
    }

    fn date_reason(&self, state: &mut AppState, order_id: i64) {
        let lang = state.lang;
        let reason = DATE_REASONS[self.cursor.min(DATE_REASONS.len() - 1)].clone();
        let suggested = reroute::options(&self.order, &self.history, &self.view.ctx, state.now)
            .into_iter()
            .find_map(|o| match o.action {
                Some(WriteAction::MoveDeliveryDate { new_date, .. }) => Some(new_date),
                _ => None,
            });
        let prompt = acting(lang).ask_new_date.to_owned();
        let text = suggested.map(|d| day_text(lang, d)).unwrap_or_default();
        open_input(state, prompt, text, InputFor::MoveDate { order_id, reason });
    }
}
