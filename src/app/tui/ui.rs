//! Drawing only: pure functions from `AppState` to a frame. The root layout picks the
//! arrangement by size — list beside the detail from 120 columns, list above it below
//! that (the detail takes the whole body when opened), and a "too small" screen under
//! 60×15 — and hands each region to its file. Nothing here changes the state except the
//! two `Cell`s the state reserves for the renderer (list offset and page size).

mod analysis;
mod command;
mod compensation_tab;
mod contact;
mod detail;
mod dialog;
mod footer;
mod help;
mod incident;
mod list;
mod notices;
mod reroute;
mod small;
mod status_tab;
mod tabs;
mod team;

#[cfg(test)]
mod tests;

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::widgets::Borders;

use super::action::Act;
use super::keymap::Keymap;
use super::state::{AppState, KeyMode, Mode};
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
    let filter_line = matches!(state.mode, Mode::Filter(_)) || !state.filter.is_empty();
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
    match screen(&state.mode) {
        Mode::Analysis => analysis::draw(frame, body, state, ctx),
        Mode::Team(view) => team::draw(frame, body, state, ctx, view),
        _ => draw_list(frame, body, state, ctx),
    }
    footer::draw(frame, footer_area, state, ctx);
    match &state.mode {
        Mode::Help(_) => help::draw(frame, area, state, ctx),
        Mode::Notices(view) => notices::draw(frame, area, state, ctx, view.scroll),
        Mode::Command(line) => command::draw(frame, body, state, ctx, line),
        Mode::Confirm(_) => incident::draw_confirm(frame, area, state, ctx),
        Mode::Pick(p) => dialog::draw_picker(frame, area, state, ctx, p),
        Mode::Input(i) => dialog::draw_input(frame, area, state, ctx, i),
        Mode::Normal | Mode::Filter(_) | Mode::Analysis | Mode::Team(_) => {}
    }
}

/// The screen under what is open: an overlay (help, the log, the command line, the
/// quit question) shows the screen it was opened over.
fn screen(mode: &Mode) -> &Mode {
    match mode {
        Mode::Help(h) => screen(&h.back),
        Mode::Notices(n) => screen(&n.back),
        Mode::Command(c) => screen(&c.back),
        Mode::Confirm(super::state::Pending::Quit(q)) => screen(&q.back_to),
        m => m,
    }
}

/// The list and the detail: beside each other from 120 columns, the detail below the
/// list under that (or in place of it, opened).
fn draw_list(frame: &mut Frame, body: Rect, state: &AppState, ctx: &UiContext) {
    let area = frame.area();
    if area.width >= SIDE_BY_SIDE {
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
}

/// The first key of an act in a mode, as hints spell it ("a", "Space"); `None`
/// when the keymap in effect has none (read-only mode drops the acting keys).
pub(crate) fn first_key(ctx: &UiContext, mode: KeyMode, act: Act) -> Option<String> {
    ctx.keymap.first_key(mode, act)
}

/// What costs something but is allowed: the theme has no style of its own for it, so
/// it borrows the second severity's (yellow; bold in mono) — always with a `!` in text.
pub(crate) fn warning(theme: &Theme) -> Style {
    theme.p2
}

/// Word wrap to `max` columns by display width, breaking at ASCII spaces only, so
/// "4 500 ₽" (no-break spaces) stays on one line; a word longer than a line is cut.
pub(crate) fn wrap_words(text: &str, max: usize) -> Vec<String> {
    let options = textwrap::Options::new(max.max(1))
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    textwrap::wrap(text.trim(), options)
        .into_iter()
        .filter(|line| !line.is_empty())
        .map(|line| truncate(&line, max).into_owned())
        .collect()
}

/// Display width of a string in terminal columns (Cyrillic 1, CJK 2, controls 0).
pub(crate) fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` cut to `w` columns and padded with spaces to exactly `w`, by display width
/// (a `{:<w$}` format pads by characters, which a wide character breaks).
pub(crate) fn pad(s: &str, w: usize) -> String {
    let cut = truncate(s, w);
    let fill = w.saturating_sub(width(&cut));
    format!("{cut}{}", " ".repeat(fill))
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
    for c in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
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
    for c in s.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
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
