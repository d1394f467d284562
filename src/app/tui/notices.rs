//! Notices: what just happened, said on the footer line for a few seconds (hints
//! shrink to leave it room) and kept, with its time, in a log that `!` opens — like
//! lazygit's command log. Besides the answers to the agent's own keys, a data load
//! brings what an agent must hear of without looking: another agent took over an order
//! they held, the buyer wrote on an order they hold, the Market refused a write, the
//! sync started failing.

use std::collections::HashSet;

use super::action::{Act, Effect};
use super::state::{AppState, Mode, NoticesView, Snapshot};
use crate::base::text::clean;
use crate::base::words::fill;

/// `!`: the log, over the screen it was opened from.
pub(super) fn open(state: &mut AppState) {
    let back = Box::new(std::mem::take(&mut state.mode));
    state.mode = Mode::Notices(NoticesView { scroll: 0, back });
}

/// A key in the log: scrolling, and back to where it was opened.
pub(super) fn key(state: &mut AppState, act: Act) -> Vec<Effect> {
    let last = state.notices.len().saturating_sub(1);
    let Mode::Notices(view) = &mut state.mode else {
        return vec![];
    };
    let page = state.page.get().max(1);
    view.scroll = match act {
        Act::MoveDown => (view.scroll + 1).min(last),
        Act::MoveUp => view.scroll.saturating_sub(1),
        Act::PageDown => (view.scroll + page).min(last),
        Act::PageUp => view.scroll.saturating_sub(page),
        Act::Top => 0,
        Act::Bottom => last,
        Act::Back => {
            let back = std::mem::take(&mut view.back);
            state.mode = *back;
            return vec![];
        }
        _ => view.scroll,
    };
    vec![]
}

/// Reads what a data load brings against the rows held, before it is merged.
pub(super) fn on_load(state: &mut AppState, snapshot: &Snapshot) {
    taken_over(state, snapshot);
    buyers_wrote(state, snapshot);
    refused(state, snapshot);
    failing(state, snapshot);
}

/// Orders this agent held that another agent holds now.
fn taken_over(state: &mut AppState, snapshot: &Snapshot) {
    if state.rows.is_empty() {
        return;
    }
    let me = state.me.clone();
    let mine: HashSet<i64> = state
        .rows
        .iter()
        .filter(|r| r.claimed_by.as_deref() == Some(me.as_str()))
        .map(|r| r.order.order_id)
        .collect();
    if mine.is_empty() {
        return;
    }
    let taken: Vec<(i64, String)> = snapshot
        .rows
        .iter()
        .filter(|r| mine.contains(&r.order.order_id))
        .filter_map(|r| {
            let other = r.claimed_by.as_deref().filter(|c| *c != me)?;
            Some((r.order.order_id, clean(other).into_owned()))
        })
        .collect();
    for (id, other) in taken {
        let text = super::i18n::strings(state.lang).taken_from_you;
        state.warn(fill(text, &[("other", &other), ("id", &id)]));
    }
}

/// The buyers of orders this agent holds who wrote since the last load.
fn buyers_wrote(state: &mut AppState, snapshot: &Snapshot) {
    let Some(latest) = &snapshot.buyer_wrote else {
        return;
    };
    let first = state.buyer_wrote.is_none();
    let seen = state.buyer_wrote.take().unwrap_or_default();
    // Only orders held at the last load: taking an order over (or claiming it for a
    // bulk act) brings its old messages, which are not news.
    let me = state.me.as_str();
    let held_before: HashSet<i64> = state
        .rows
        .iter()
        .filter(|r| r.claimed_by.as_deref() == Some(me))
        .map(|r| r.order.order_id)
        .collect();
    let new: Vec<i64> = latest
        .iter()
        .filter(|(id, at)| {
            !first && held_before.contains(*id) && seen.get(*id).is_none_or(|was| *at > was)
        })
        .map(|(id, _)| *id)
        .collect();
    state.buyer_wrote = Some(latest.clone());
    for id in new {
        let text = super::i18n::strings(state.lang).buyer_wrote;
        state.say(fill(text, &[("id", &id)]));
    }
}

/// A write the Market refused since the last load.
fn refused(state: &mut AppState, snapshot: &Snapshot) {
    // The first load tells only what was refused before the dashboard started: the
    // footer shows that.
    let Some(before) = &state.footer.outbox else {
        return;
    };
    let Some(f) = snapshot
        .outbox
        .as_ref()
        .and_then(|o| o.last_failure.as_ref())
    else {
        return;
    };
    if before.last_failure.as_ref().is_some_and(|b| b.id == f.id) {
        return;
    }
    let kind = super::i18n::write_kind(state.lang, &f.kind)
        .map_or_else(|| clean(&f.kind).into_owned(), str::to_owned);
    let order = f.order_id.map(|id| format!("{id} ")).unwrap_or_default();
    let text = super::i18n::strings(state.lang).market_refused;
    let error = clean(&f.error);
    state.warn(fill(
        text,
        &[("order", &order), ("kind", &kind), ("error", &error)],
    ));
}

/// The sync failing from its first failed round, and working again.
fn failing(state: &mut AppState, snapshot: &Snapshot) {
    let lang = state.lang;
    match (&state.footer.failing, &snapshot.failing) {
        (None, Some(f)) => {
            let why = super::i18n::sync_failure(lang, &f.kind)
                .map_or_else(|| clean(&f.message).into_owned(), str::to_owned);
            let since = super::i18n::msk_clock(f.since);
            let text = super::i18n::strings(lang).sync_failing_since;
            state.warn(fill(text, &[("since", &since), ("why", &why)]));
        }
        (Some(_), None) if snapshot.last_sync.is_some() => {
            state.say(super::i18n::strings(lang).sync_works_again);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
