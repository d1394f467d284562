//! The keys of the acting tabs that need no picker: the draft keys of the Contact
//! tab, notes, skips, calls and marks.

use super::*;
use crate::base::text::clean;
use crate::base::words::fill;

/// The draft keys of the Contact tab, and notes, skips, calls and marks.
pub(in crate::app::tui) fn key(state: &mut AppState, action: Act) -> Vec<Effect> {
    let Some(order_id) = state.selected else {
        return vec![];
    };
    // Acts on the order (not the agent's own draft or marks) are refused before any
    // text is typed when the order is another agent's.
    if matches!(
        action,
        Act::Note | Act::SkipStep | Act::LogCall | Act::SendDraft
    ) && let Err(why) = crate::app::tui::permit::may_act(state, order_id)
    {
        refuse(state, why);
        return vec![];
    }
    let lang = state.lang;
    match action {
        Act::Mark if !state.marked.remove(&order_id) => {
            state.marked.insert(order_id);
        }
        Act::Mark => {}
        Act::Note => match open_incident(state) {
            Some((order_id, version)) => open_input(
                state,
                acting(lang).ask_note.to_owned(),
                String::new(),
                InputFor::Note { order_id, version },
            ),
            None => refuse(state, no_incident()),
        },
        Act::SkipStep => skip(state),
        Act::LogCall => open_input(
            state,
            acting(lang).ask_call_secs.to_owned(),
            String::new(),
            InputFor::Call { order_id },
        ),
        Act::InlineEdit | Act::EditDraft => return edit(state, order_id, action),
        Act::CopyDraft => return copy(state, order_id),
        Act::SendDraft => return send(state, order_id),
        _ => {}
    }
    vec![]
}

/// `x`: why the current step is skipped — refused first for a step that may not be.
fn skip(state: &mut AppState) {
    let lang = state.lang;
    let Some((order_id, version)) = open_incident(state) else {
        return refuse(state, no_incident());
    };
    // A step that may not be skipped is said before a reason is typed.
    let current = current_step(state);
    if let Some(step) = current.filter(|s| !s.can_skip()) {
        return refuse(state, crate::domain::incident::steps::cannot_skip(step));
    }
    // A skip that plainly applies is offered, never applied unasked.
    let suggested = state
        .selected_view()
        .and_then(|v| v.order.as_ref())
        .zip(current)
        .and_then(|((o, _), step)| crate::domain::incident::steps::suggested_skip(step, o))
        .map(|m| m.get(lang).to_owned());
    open_input(
        state,
        acting(lang).ask_skip_why.to_owned(),
        suggested.unwrap_or_default(),
        InputFor::Skip { order_id, version },
    );
}

/// `i` edits the draft in place, `e` in the external editor.
fn edit(state: &mut AppState, order_id: i64, action: Act) -> Vec<Effect> {
    state.detail_tab = DetailTab::Contact;
    let text = state
        .drafts
        .get(&order_id)
        .map(|d| d.text.clone())
        .unwrap_or_default();
    if action == Act::EditDraft {
        return vec![Effect::Editor(order_id, text)];
    }
    let prompt = acting(state.lang).ask_draft.to_owned();
    open_input(state, prompt, text, InputFor::Draft { order_id });
    vec![]
}

/// `y`: the draft to the clipboard.
fn copy(state: &mut AppState, order_id: i64) -> Vec<Effect> {
    match state.drafts.get(&order_id) {
        Some(d) if !d.text.trim().is_empty() => {
            let what = acting(state.lang).draft_copied.to_owned();
            vec![Effect::Copy {
                text: d.text.clone(),
                what,
            }]
        }
        _ => {
            refuse(state, no_draft());
            vec![]
        }
    }
}

/// `S`: the draft to the buyer's chat, after its confirm; a carrier inquiry is not
/// for the chat and says where it goes instead.
fn send(state: &mut AppState, order_id: i64) -> Vec<Effect> {
    match state.drafts.get(&order_id).cloned() {
        Some(d) if d.audience == Audience::Carrier => {
            let contacts = carrier_contacts(state);
            refuse(
                state,
                Msg::each(|l| fill(acting(l).carrier_inquiry, &[("contacts", &contacts)])),
            );
            vec![]
        }
        Some(d) if !d.text.trim().is_empty() => {
            let title = acting(state.lang).title_send.to_owned();
            let action = WriteAction::ChatMessage { text: d.text };
            confirm_writes(state, title, vec![(order_id, action)])
        }
        _ => {
            refuse(state, no_draft());
            vec![]
        }
    }
}

fn no_draft() -> Msg {
    Msg::each(|l| acting(l).no_draft_keys)
}

/// The configured contacts of the selected order's carrier, for a carrier inquiry; or
/// what to add to the config when it has none.
pub(in crate::app::tui) fn carrier_contacts(state: &AppState) -> String {
    let Some(order) = state.selected_row().map(|r| &r.order) else {
        return String::new();
    };
    let configured = state
        .incident_cfg
        .carriers
        .iter()
        .find(|c| c.id == order.carrier_id);
    match configured {
        Some(c) => [Some(&c.name), c.email.as_ref(), c.phone.as_ref()]
            .into_iter()
            .flatten()
            .map(|s| clean(s).into_owned())
            .collect::<Vec<_>>()
            .join(", "),
        None => fill(
            acting(state.lang).no_carrier_contacts,
            &[
                ("carrier", &clean(&order.carrier)),
                ("id", &order.carrier_id),
            ],
        ),
    }
}
