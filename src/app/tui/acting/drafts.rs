//! The messages agents write, and that nothing written is lost. A draft is kept per
//! order; every change goes at once to the agent's own journal (`tui::journal`, so a
//! killed process or a dropped link loses nothing typed), and to the cache through
//! the service a moment after the typing stops, when the editor closes and when the
//! dashboard quits. The journal forgets a draft once the cache has it, and both
//! forget it once it is sent.

use super::*;
use crate::base::plural::CHARACTERS;
use crate::base::words::fill;
use crate::cache::StoredDraft;

/// Seconds after the last change the cache is asked to store a draft: often enough
/// that a crash loses little, seldom enough that typing is not one command a key.
pub const SAVE_AFTER_SECS: i64 = 2;

/// The order's draft changed here (typed, edited outside, made from a template).
pub(in crate::app::tui) fn edited(
    state: &mut AppState,
    order_id: i64,
    text: String,
) -> Vec<Effect> {
    let now = state.now;
    let draft = state
        .drafts
        .entry(order_id)
        .or_insert_with(|| Draft::new(order_id, None, Audience::Buyer, String::new()));
    if draft.text == text && draft.edited_at.is_some() {
        return vec![];
    }
    draft.text = text;
    draft.edited_at = Some(now);
    vec![Effect::KeepDraft(draft.clone())]
}

/// An edit that ends (the editor closed, a template chosen): kept, and stored now.
pub(in crate::app::tui) fn set_draft(
    state: &mut AppState,
    order_id: i64,
    text: String,
) -> Vec<Effect> {
    let mut effects = edited(state, order_id, text);
    effects.extend(save(state, order_id));
    effects
}

/// A new draft made here (a template, a compensation offer): kept, and stored now.
pub(super) fn make(state: &mut AppState, draft: Draft) -> Vec<Effect> {
    let (order_id, text) = (draft.order_id, draft.text.clone());
    let previous = state.drafts.insert(order_id, draft);
    // What the cache stored of an earlier draft of the order stays known.
    if let (Some(p), Some(d)) = (previous, state.drafts.get_mut(&order_id)) {
        d.saved = p.saved;
    }
    set_draft(state, order_id, text)
}

/// Asks the cache to store the order's draft, unless it holds this text already or
/// was asked for it.
pub(in crate::app::tui) fn save(state: &mut AppState, order_id: i64) -> Vec<Effect> {
    // Read-only stores nothing (the service would refuse it at every tick); the
    // journal keeps what an earlier session left.
    if state.read_only {
        return vec![];
    }
    let Some(d) = state.drafts.get_mut(&order_id) else {
        return vec![];
    };
    if !d.unsaved() || d.saving.as_deref() == Some(d.text.as_str()) {
        return vec![];
    }
    if d.saved.is_none() && d.text.trim().is_empty() {
        // Never stored and emptied: nothing to keep anywhere.
        state.drafts.remove(&order_id);
        return vec![Effect::ForgetDraft(order_id)];
    }
    d.saving = Some(d.text.clone());
    vec![Effect::Command(Command::SaveDraft {
        order_id,
        template: d.template.clone(),
        audience: d.audience,
        text: d.text.clone(),
    })]
}

/// The clock ticked: drafts whose typing stopped a moment ago are stored.
pub(in crate::app::tui) fn save_due(state: &mut AppState) -> Vec<Effect> {
    let now = state.now;
    let due: Vec<i64> = state
        .drafts
        .values()
        .filter(|d| d.unsaved())
        .filter(|d| {
            d.edited_at
                .is_some_and(|t| (now - t).num_seconds() >= SAVE_AFTER_SECS)
        })
        .map(|d| d.order_id)
        .collect();
    due.into_iter().flat_map(|id| save(state, id)).collect()
}

/// Every draft not stored yet, stored now (the dashboard is quitting).
pub(in crate::app::tui) fn save_all(state: &mut AppState) -> Vec<Effect> {
    let ids: Vec<i64> = state.drafts.keys().copied().collect();
    ids.into_iter().flat_map(|id| save(state, id)).collect()
}

/// The service answered a store: `Ok(when)` it stored `text`, or it refused (tried
/// again a moment later; the journal keeps the text meanwhile).
pub(in crate::app::tui) fn stored(
    state: &mut AppState,
    order_id: i64,
    text: &str,
    answer: Result<chrono::DateTime<chrono::Utc>, ()>,
) -> Vec<Effect> {
    let now = state.now;
    let Some(d) = state.drafts.get_mut(&order_id) else {
        return vec![];
    };
    if d.saving.as_deref() == Some(text) {
        d.saving = None;
    }
    match answer {
        Ok(at) => {
            d.saved = Some((at, text.to_owned()));
            if d.unsaved() {
                return vec![];
            }
            d.edited_at = None;
            if d.text.trim().is_empty() {
                state.drafts.remove(&order_id);
            }
            vec![Effect::ForgetDraft(order_id)]
        }
        Err(()) => {
            d.edited_at = Some(now);
            vec![]
        }
    }
}

/// Drafts read back at start: the cache's, and the journal's edits it did not get.
/// A draft edited here since the start wins over what was read.
pub(in crate::app::tui) fn restored(state: &mut AppState, drafts: Vec<Draft>) -> Vec<Effect> {
    for d in drafts {
        let edited_here = state
            .drafts
            .get(&d.order_id)
            .is_some_and(|mine| mine.unsaved() && mine.edited_at.is_some());
        if !edited_here {
            state.drafts.insert(d.order_id, d);
        }
    }
    vec![]
}

/// A detail load brought the cache's copy of this agent's draft of the order.
pub(in crate::app::tui) fn from_detail(
    state: &mut AppState,
    order_id: i64,
    stored: Option<&StoredDraft>,
) -> Vec<Effect> {
    let local = state.drafts.get(&order_id);
    match (local, stored) {
        // Edits not stored yet are the newest.
        (Some(l), _) if l.unsaved() => vec![],
        // The cache no longer has a draft it stored: sent, or emptied in another session.
        (Some(_), None) => {
            state.drafts.remove(&order_id);
            vec![Effect::ForgetDraft(order_id)]
        }
        (_, Some(s)) => {
            state.drafts.insert(order_id, from_cache(s));
            vec![]
        }
        (None, None) => vec![],
    }
}

/// A draft as the cache stores it.
pub(in crate::app::tui) fn from_cache(s: &StoredDraft) -> Draft {
    let mut d = Draft::new(
        s.order_id,
        s.template.clone(),
        Audience::parse(&s.audience).unwrap_or_default(),
        s.text.clone(),
    );
    d.saved = Some((s.saved_at, s.text.clone()));
    d
}

/// A template chosen for the order: its filled text becomes the draft — after a
/// question when it would replace a draft the agent wrote or edited.
pub(in crate::app::tui) fn from_template(
    state: &mut AppState,
    order_id: i64,
    template: &crate::domain::incident::template::Template,
    text: String,
) -> Vec<Effect> {
    let draft = Draft::new(
        order_id,
        Some(template.name.clone()),
        template.audience,
        text,
    );
    replace_or_make(state, draft, &template.title)
}

/// Makes `draft` the order's draft, or asks first when the draft there now was
/// written or edited by the agent and says something else.
fn replace_or_make(state: &mut AppState, draft: Draft, title: &str) -> Vec<Effect> {
    let mine = state
        .drafts
        .get(&draft.order_id)
        .filter(|d| d.text.trim() != draft.text.trim() && edited_by_hand(state, d));
    let Some(old) = mine else {
        return make(state, draft);
    };
    let n = old.text.chars().count();
    let question = fill(
        acting(state.lang).replace_draft,
        &[
            ("chars", &CHARACTERS.count(n, state.lang)),
            ("title", &title),
        ],
    );
    state.mode = Mode::Confirm(Pending::ReplaceDraft { draft, question });
    vec![]
}

/// Whether a draft holds the agent's own words: typed, or a template's text edited.
/// A template's text as it was filled (in either language) is not.
fn edited_by_hand(state: &AppState, d: &Draft) -> bool {
    if d.text.trim().is_empty() {
        return false;
    }
    let Some(name) = &d.template else {
        return true;
    };
    let Some((_, order, _)) = loaded(state).filter(|(_, o, _)| o.order_id == d.order_id) else {
        return true;
    };
    !state
        .templates
        .iter()
        .filter(|t| t.name == *name)
        .any(|t| render(t, &message_vars(state, order, t.lang)).trim() == d.text.trim())
}

/// `a` on the first step (verify with the carrier): the carrier inquiry, filled from
/// the order, becomes the draft, and the carrier's contacts from the config are named.
pub(in crate::app::tui) fn carrier_inquiry(state: &mut AppState) -> Vec<Effect> {
    let Some((_, order, _)) = loaded(state) else {
        refuse(state, not_loaded());
        return vec![];
    };
    let order = order.clone();
    state.detail_tab = DetailTab::Contact;
    // Carriers here are Russian services: the inquiry is written in Russian unless
    // the agent picks the other language from the template list (`a` on Contact).
    let lang = Lang::Ru;
    let Some(t) = state
        .templates
        .iter()
        .find(|t| t.name == "carrier_inquiry" && t.lang == lang)
        .cloned()
    else {
        return vec![];
    };
    let text = render(&t, &message_vars(state, &order, lang));
    let draft = Draft::new(order.order_id, Some(t.name.clone()), t.audience, text);
    let effects = replace_or_make(state, draft, &t.title);
    if !matches!(state.mode, Mode::Confirm(Pending::ReplaceDraft { .. })) {
        let contacts = keys::carrier_contacts(state);
        let drafted = acting(state.lang).drafted_for_carrier;
        state.say(fill(
            drafted,
            &[("title", &t.title), ("contacts", &contacts)],
        ));
    }
    effects
}

/// Compensation is offered to the buyer through a draft from the `compensation_offer`
/// template (in the buyer's language), unless the agent is already writing one.
pub(super) fn offer_draft(state: &mut AppState, c: &CompensationConfirm) -> Vec<Effect> {
    if state.drafts.contains_key(&c.order_id) {
        return vec![];
    }
    let Some((view, order, _)) = loaded(state) else {
        return vec![];
    };
    let lang = crate::domain::incident::template::buyer_lang(view.last_buyer_text());
    let Some(t) = state
        .templates
        .iter()
        .find(|t| t.name == "compensation_offer" && t.lang == lang)
    else {
        return vec![];
    };
    let kind = state.incident_cfg.compensation_kind(&c.kind);
    let title = kind.map_or_else(|| c.title.clone(), |k| k.name().get(lang).to_owned());
    let what = format!(
        "{} — {}",
        title.to_lowercase(),
        c.amount.show(&order.currency, lang)
    );
    let vars = message_vars(state, order, lang).with("compensation", what);
    let draft = Draft::new(
        c.order_id,
        Some(t.name.clone()),
        t.audience,
        render(t, &vars),
    );
    make(state, draft)
}

/// A detail load: drops a draft once its text shows as queued in the outbox, so a
/// sent message is not offered again, and a draft not yet sent is never lost.
pub(in crate::app::tui) fn forget_sent_drafts(
    state: &mut AppState,
    order_id: i64,
    view: &IncidentView,
) -> Vec<Effect> {
    let sent = state
        .drafts
        .get(&order_id)
        .is_some_and(|d| was_sent(&d.text, &view.writes));
    if sent {
        state.drafts.remove(&order_id);
        return vec![Effect::ForgetDraft(order_id)];
    }
    vec![]
}

/// Whether the order's outbox holds a chat message of this text.
pub fn was_sent(text: &str, writes: &[crate::cache::OutboxRow]) -> bool {
    writes.iter().any(|w| {
        w.kind == "chat_message"
            && serde_json::from_str::<serde_json::Value>(&w.payload)
                .ok()
                .and_then(|p| p.get("text")?.as_str().map(|t| t.trim() == text.trim()))
                .unwrap_or(false)
    })
}

#[cfg(test)]
mod tests;
