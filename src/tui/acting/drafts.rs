//! The messages agents write: kept per order, filled from a template, offered after
//! compensation, forgotten once sent.

use super::*;

/// Stores an edited draft (a new one for the order keeps the buyer as audience).
pub(in crate::tui) fn set_draft(state: &mut AppState, order_id: i64, text: String) {
    let draft = state.drafts.entry(order_id).or_insert(Draft {
        order_id,
        template: None,
        audience: Audience::Buyer,
        text: String::new(),
    });
    draft.text = text;
}

/// Compensation is offered to the buyer through a draft from the `compensation_offer`
/// template, unless the agent is already writing one.
pub(super) fn offer_draft(state: &mut AppState, c: &CompensationConfirm) {
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

/// A detail load: drops a draft once its text shows as queued in the outbox, so a
/// sent message is not offered again, and a draft not yet sent is never lost.
pub(in crate::tui) fn forget_sent_drafts(state: &mut AppState, order_id: i64, view: &IncidentView) {
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
