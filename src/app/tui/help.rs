//! The `?` overlay's keys: it scrolls (so every binding is reachable at 60×15), `/`
//! searches it (only the lines with the text typed stay), and Esc closes the search,
//! then the overlay, back to the screen it was opened over. Drawing is `ui::help`'s.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::{Act, Effect};
use super::state::{AppState, HelpView, Mode};

/// `?`: help, over the screen it was opened from.
pub(super) fn open(state: &mut AppState) {
    let back = Box::new(std::mem::take(&mut state.mode));
    state.mode = Mode::Help(HelpView {
        back,
        ..HelpView::default()
    });
}

/// A key in help: scrolling, the search, closing.
pub(super) fn key(state: &mut AppState, act: Act) -> Vec<Effect> {
    let max = state.overlay_max.get();
    let page = state.page.get().max(1);
    let Mode::Help(h) = &mut state.mode else {
        return vec![];
    };
    h.scroll = match act {
        Act::MoveDown => (h.scroll + 1).min(max),
        Act::MoveUp => h.scroll.saturating_sub(1),
        Act::PageDown => (h.scroll + page).min(max),
        Act::PageUp => h.scroll.saturating_sub(page),
        Act::Top => 0,
        Act::Bottom => max,
        Act::Filter => {
            h.typing = true;
            h.scroll
        }
        Act::Help => return close(state),
        Act::Back => return back(state),
        _ => h.scroll,
    };
    vec![]
}

/// Esc: stops the search being typed, then clears it, then closes help.
pub(super) fn back(state: &mut AppState) -> Vec<Effect> {
    let Mode::Help(h) = &mut state.mode else {
        return vec![];
    };
    if h.typing || !h.search.is_empty() {
        h.typing = false;
        h.search = Default::default();
        h.scroll = 0;
        return vec![];
    }
    close(state)
}

fn close(state: &mut AppState) -> Vec<Effect> {
    if let Mode::Help(h) = std::mem::take(&mut state.mode) {
        state.mode = *h.back;
    }
    vec![]
}

/// A key typed into the search: Enter keeps it and gives the keys back to help.
pub(super) fn text(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    let Mode::Help(h) = &mut state.mode else {
        return vec![];
    };
    if key.code == KeyCode::Enter {
        h.typing = false;
    } else if h.search.key(key) {
        h.scroll = 0;
    }
    vec![]
}

#[cfg(test)]
mod tests;
