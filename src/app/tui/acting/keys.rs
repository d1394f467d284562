//! The keys of the acting tabs that need no picker: the draft keys of the Contact
//! tab, notes, skips, calls and marks.

use super::*;

/// The draft keys of the Contact tab, and notes, skips, calls and marks.
pub(in crate::app::tui) fn key(
    state: &mut AppState,
    action: &crate::app::tui::action::Action,
) -> Vec<Effect> {
    use crate::app::tui::action::Action as A;
    let Some(order_id) = state.selected else {
        return vec![];
    };
    let lang = state.lang;
    // Acts on the order (not the agent's own draft or marks) are refused before any
    // text is typed when the order is another agent's.
    if matches!(action, A::Note | A::SkipStep | A::LogCall | A::SendDraft)
        && let Err(why) = crate::app::tui::permit::may_act(state, order_id)
    {
        refuse(state, why);
        return vec![];
    }
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
                // A step that may not be skipped is said before a reason is typed.
                let current = state
                    .selected_view()
                    .and_then(|v| v.incident.as_ref())
                    .and_then(|i| steps::current(&i.steps));
                if let Some(step) = current.filter(|s| !s.can_skip()) {
                    refuse(
                        state,
                        Msg::new(
                            format!("Шаг «{}» пропустить нельзя", step.title().ru),
                            format!("The step \"{}\" cannot be skipped", step.title().en),
                        ),
                    );
                    return vec![];
                }
                // A skip that plainly applies is offered, never applied unasked.
                let suggested = state
                    .selected_view()
                    .and_then(|v| v.order.as_ref().zip(v.incident.as_ref()))
                    .and_then(|((o, _), i)| steps::suggested_skip(steps::current(&i.steps)?, o))
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
                return confirm_writes(state, title, vec![(order_id, action)]);
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
