//! Drawing only: pure functions from `AppState` to a frame. The root layout picks the
//! arrangement by size — list beside the detail from 120 columns, list above it below
//! that (the detail takes the whole body when opened), and a "too small" screen under
//! 60×15 — and hands each region to its file. Nothing here changes the state except the
//! two `Cell`s the state reserves for the renderer (list offset and page size).

mod analysis;
mod compensation_tab;
mod contact;
mod detail;
mod dialog;
mod footer;
mod help;
mod incident;
mod list;
mod reroute;
mod small;
mod status_tab;
mod tabs;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Borders;

use super::keymap::Keymap;
use super::state::{AppState, Mode};
use super::theme::Theme;

/// What drawing needs besides the state.
pub struct UiContext<'a> {
    pub keymap: &'a Keymap,
    pub theme: &'a Theme,
}

/// Below this size only the "terminal too small" screen is drawn.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// From this width the detail sits beside the list.
pub const SIDE_BY_SIDE: u16 = 120;

/// Draws the whole dashboard.
pub fn draw(frame: &mut Frame, state: &AppState, ctx: &UiContext) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        small::draw(frame, area, state, ctx);
        return;
    }
    let filter_line = state.mode == Mode::Filter || !state.filter.is_empty();
    let [tabs_area, filter_area, body, footer_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(filter_line)),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    tabs::draw(frame, tabs_area, state, ctx);
    if filter_line {
        tabs::draw_filter(frame, filter_area, state, ctx);
    }
    if state.mode == Mode::Analysis {
        analysis::draw(frame, body, state, ctx);
    } else if area.width >= SIDE_BY_SIDE {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(60), Constraint::Fill(1)]).areas(body);
        list::draw(frame, left, state, ctx);
        detail::draw(frame, right, state, ctx, Borders::LEFT);
    } else if state.detail_open {
        detail::draw(frame, body, state, ctx, Borders::NONE);
    } else {
        let [top, bottom] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(body);
        list::draw(frame, top, state, ctx);
        detail::draw(frame, bottom, state, ctx, Borders::TOP);
    }
    footer::draw(frame, footer_area, state, ctx);
    match state.mode {
        Mode::Help => help::draw(frame, area, state, ctx),
        Mode::Confirm => incident::draw_confirm(frame, area, state, ctx),
        Mode::Pick => dialog::draw_picker(frame, area, state, ctx),
        Mode::Input => dialog::draw_input(frame, area, state, ctx),
        Mode::Normal | Mode::Filter | Mode::Analysis => {}
    }
}

/// The first key of an action in a mode, as hints spell it ("a", "Space"); `None`
/// when the keymap in effect has none (read-only mode drops the acting keys).
pub(crate) fn first_key(ctx: &UiContext, mode: Mode, action: &str) -> Option<String> {
    ctx.keymap
        .bindings(mode)
        .find(|b| b.action == action)
        .and_then(|b| b.keys.first())
        .map(ToString::to_string)
}

/// What costs something but is allowed: the theme has no style of its own for it, so
/// it borrows the second severity's (yellow; bold in mono) — always with a `!` in text.
pub(crate) fn warning(theme: &Theme) -> Style {
    theme.p2
}

/// Greedy word wrap to `max` columns; a word longer than a line is cut.
pub(crate) fn wrap_words(text: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            width(word)
        } else {
            width(&line) + 1 + width(word)
        };
        if needed > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
        if width(&line) > max {
            lines.push(truncate(&line, max).into_owned());
            line.clear();
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Display width of a string in terminal columns (Cyrillic 1, CJK 2, controls 0).
pub(crate) fn width(s: &str) -> usize {
    Span::raw(s).width()
}

/// Cuts a string to `max` columns, ending in `…` when something was cut.
pub(crate) fn truncate(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    let mut buf = [0u8; 4];
    for c in s.chars() {
        let w = width(c.encode_utf8(&mut buf));
        if used + w > max - 1 {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

/// Keeps the last `max` columns of a string (a long filter shows its end, where the
/// cursor is), starting with `…` when something was cut.
pub(crate) fn tail(s: &str, max: usize) -> Cow<'_, str> {
    if width(s) <= max {
        return Cow::Borrowed(s);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    let mut buf = [0u8; 4];
    for c in s.chars().rev() {
        let w = width(c.encode_utf8(&mut buf));
        if used + w > max - 1 {
            break;
        }
        used += w;
        kept.push(c);
    }
    kept.push('…');
    Cow::Owned(kept.into_iter().rev().collect())
}

/// A rectangle of at most `w`×`h` centred in `area`, never larger than it.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
