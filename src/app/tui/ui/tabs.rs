//! The top line — section tabs with their counts, the sort and the position in the list
//! — and the filter line under it while the filter is typed or set.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, tail, width};
use crate::app::tui::i18n::{self, strings};
use crate::app::tui::state::{AppState, Mode};
use crate::base::text::clean;

/// Marks the active section in text, so it is found without colour or reverse video.
const ACTIVE: &str = "▸";

/// Draws the section tabs; the sort and position go right when they fit.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let mut spans = Vec::new();
    for (i, section) in state.sections.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("│", theme.dim));
        }
        let name = i18n::section_name(state.lang, section);
        let count = state.counts.get(i).copied().unwrap_or(0);
        if i == state.section {
            spans.push(Span::styled(
                format!("{ACTIVE}{name} {count} "),
                theme.tab_active,
            ));
        } else {
            spans.push(Span::styled(
                format!(" {name} {count} "),
                theme.tab_inactive,
            ));
        }
    }
    let left = Line::from(spans);
    let left_width = left.width();
    frame.render_widget(Paragraph::new(left), area);

    let s = strings(state.lang);
    let sort = format!("{}: {}", s.sort, i18n::sort_name(state.lang, state.sort));
    let position = match state.visible.len() {
        0 => String::new(),
        n => format!("{}/{n} · ", state.cursor.min(n - 1) + 1),
    };
    let free = usize::from(area.width).saturating_sub(left_width + 1);
    let right = [format!("{position}{sort}"), sort]
        .into_iter()
        .find(|r| width(r) <= free);
    if let Some(right) = right {
        let w = width(&right) as u16;
        let at = Rect {
            x: area.right() - w,
            width: w,
            ..area
        };
        frame.render_widget(Paragraph::new(Span::styled(right, theme.dim)), at);
    }
}

/// Draws `/ text▏` (the cursor only while typing).
pub(super) fn draw_filter(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let typing = state.mode == Mode::Filter;
    let text = clean(&state.filter);
    let room = usize::from(area.width).saturating_sub(3);
    let mut spans = vec![
        Span::styled("/ ", theme.key),
        Span::styled(tail(&text, room).into_owned(), theme.header),
    ];
    if typing {
        spans.push(Span::styled("▏", theme.key));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
