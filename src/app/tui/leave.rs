//! Going back and leaving. Esc closes what is open — a dialog, an input, help, the
//! filter, the orders of an Analysis bar, the full-screen detail — and never the
//! dashboard: a stray Esc during a busy shift must not end it. `q` (and Ctrl-C outside
//! a text) quits, but first asks when work would be lost (an input with text) or is
//! still unsent (drafts, which are kept either way).

use super::action::Effect;
use super::dialog::{Input, InputFor};
use super::i18n;
use super::i18n::words::UNSENT_DRAFTS;
use super::select::recompute;
use super::state::{AppState, Mode, Pending, QuitQuestion, Screen, Section};
use crate::base::lang::Lang;
use crate::base::words::{Msg, fill};

/// Esc in the list (normal mode): closes the full-screen detail, clears a filter,
/// leaves the orders of an Analysis bar for the screen they came from. On the bare
/// list it changes nothing and says how to quit.
pub(super) fn back(state: &mut AppState) -> Vec<Effect> {
    if state.detail_open {
        state.detail_open = false;
    } else if !state.filter.is_empty() {
        state.filter.clear();
        recompute(state);
    } else if let Some(Section::Orders { from, .. }) = state.sections.get(state.section) {
        let from = *from;
        leave_drill_down(state);
        if from == Screen::Team {
            return super::team::open(state);
        }
        state.mode = Mode::Analysis;
    } else {
        let text = i18n::workflow(state.lang).esc_closes.to_owned();
        state.say(text);
    }
    vec![]
}

/// From the orders of a bar back to the Analysis screen; the screen's own Esc then
/// returns to the section the agent came from.
fn leave_drill_down(state: &mut AppState) {
    state
        .sections
        .retain(|s| !matches!(s, Section::Orders { .. }));
    state.counts = vec![0; state.sections.len()];
    state.section = state
        .analysis
        .from_section
        .min(state.sections.len().saturating_sub(1));
    state.cursor = 0;
    state.list_offset.set(0);
    recompute(state);
    super::select::reselect(state);
}

/// Esc in a confirm dialog: the quit question returns where it was asked; any other
/// question is dropped.
pub(super) fn cancel_confirm(state: &mut AppState) {
    // A write not confirmed: the text typed for it is not waiting for an answer.
    state.typed = None;
    state.mode = match std::mem::take(&mut state.mode) {
        Mode::Confirm(Pending::Quit(q)) => *q.back_to,
        _ => Mode::Normal,
    };
}

/// `q` or Ctrl-C: quits at once when nothing would be lost; otherwise asks. Asked
/// again (a second Ctrl-C in the question), it quits.
pub(super) fn quit(state: &mut AppState) -> Vec<Effect> {
    if matches!(state.mode, Mode::Confirm(Pending::Quit(_))) {
        return leave_now(state);
    }
    let Some(text) = question(state) else {
        return leave_now(state);
    };
    let back_to = match std::mem::take(&mut state.mode) {
        // Another question was open: it is dropped, the list comes back.
        Mode::Confirm(_) => Mode::Normal,
        other => other,
    };
    state.mode = Mode::Confirm(Pending::Quit(QuitQuestion {
        text,
        back_to: Box::new(back_to),
    }));
    vec![]
}

/// The text input being typed, also under the quit question.
pub(super) fn typing(mode: &Mode) -> Option<&Input> {
    match mode {
        Mode::Input(i) => Some(i),
        Mode::Confirm(Pending::Quit(q)) => typing(&q.back_to),
        _ => None,
    }
}

/// Quits, asking the cache to store every draft not stored yet on the way out (the
/// journal has them whatever happens).
pub(super) fn leave_now(state: &mut AppState) -> Vec<Effect> {
    state.quit = true;
    let mut effects = Vec::new();
    // A draft being typed is the text in its box.
    let draft = typing(&state.mode).and_then(|input| match input.purpose {
        InputFor::Draft { order_id } => Some((order_id, input.text.text())),
        _ => None,
    });
    if let Some((order_id, text)) = draft {
        effects.extend(super::acting::edited(state, order_id, text));
    }
    effects.extend(super::acting::save_all(state));
    effects
}

/// What would be lost or left unsent, as the question asks it; `None` when nothing.
fn question(state: &AppState) -> Option<String> {
    let typed = typing(&state.mode).filter(|i| !i.text.text().trim().is_empty());
    // A draft being typed is a draft (kept), not text that would be lost.
    let typing_draft = typed.and_then(|i| match i.purpose {
        InputFor::Draft { order_id } => Some(order_id),
        _ => None,
    });
    let lost = typed.is_some() && typing_draft.is_none();
    let drafts = state
        .drafts
        .values()
        .filter(|d| !d.text.trim().is_empty() || Some(d.order_id) == typing_draft)
        .count()
        + usize::from(typing_draft.is_some_and(|id| !state.drafts.contains_key(&id)));
    if !lost && drafts == 0 {
        return None;
    }
    let mut parts = Vec::new();
    if lost {
        parts.push(Msg::each(|l| i18n::workflow(l).typed_lost));
    }
    if drafts > 0 {
        parts.push(Msg::each(|l| UNSENT_DRAFTS.count(drafts, l)));
    }
    Some(quit_question(state.lang, &Msg::join(&parts)))
}

/// "…: quit? y/n" in `lang`, `what` saying what would be lost, in sentence case.
fn quit_question(lang: Lang, what: &Msg) -> String {
    let mut text = fill(
        i18n::workflow(lang).quit_anyway,
        &[("what", &what.get(lang))],
    );
    // Sentence case: the first letter up.
    if let Some(first) = text.chars().next() {
        text.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    text
}

#[cfg(test)]
mod tests;
