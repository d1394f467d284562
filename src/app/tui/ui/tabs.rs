//! The top line — section tabs with their counts, the sort and the position in the list
//! — and the filter line under it while the filter is typed or set.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, tail, width};
use crate::app::tui::i18n::{self, strings};
use crate::app::tui::select::{FIELDS, Filter, FilterError};
use crate::app::tui::state::{AppState, Mode};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;

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

/// Draws `/ text` — the editor with its cursor while typing — and, when a term is
/// not understood, why, in place of an empty list's silence.
pub(super) fn draw_filter(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let error = Filter::parse(&state.filter, &state.me)
        .error
        .map(|e| filter_error(state.lang, &e));
    let error_w = error.as_deref().map_or(0, |e| width(e) + 2);
    let room = usize::from(area.width).saturating_sub(3 + error_w);
    frame.render_widget(Paragraph::new(Span::styled("/ ", theme.key)), area);
    let text_area = Rect {
        x: area.x + 2,
        width: u16::try_from(room + 1)
            .unwrap_or(u16::MAX)
            .min(area.width.saturating_sub(2)),
        ..area
    };
    match &state.mode {
        Mode::Filter(line) => super::dialog::editor_widget(frame, text_area, line, theme),
        _ => {
            let text = clean(&state.filter);
            let shown = Span::styled(tail(&text, room).into_owned(), theme.header);
            frame.render_widget(Paragraph::new(shown), text_area);
        }
    }
    if let Some(e) = error {
        let shown = super::truncate(&e, usize::from(area.width).saturating_sub(4));
        let w = u16::try_from(width(&shown)).unwrap_or(u16::MAX);
        let at = Rect {
            x: area.right().saturating_sub(w),
            width: w,
            ..area
        };
        frame.render_widget(
            Paragraph::new(Span::styled(shown.into_owned(), theme.error)),
            at,
        );
    }
}

/// Why a filter term is not understood, in the screen's language.
pub(super) fn filter_error(lang: Lang, e: &FilterError) -> String {
    let fields = FIELDS.join(", ");
    let s = strings(lang);
    match e {
        FilterError::UnknownField(k) => fill(
            s.filter_unknown_field,
            &[("field", &clean(k)), ("fields", &fields)],
        ),
        FilterError::NoValue(k) => fill(s.filter_no_value, &[("field", &clean(k))]),
        FilterError::BadValue {
            field,
            value,
            known,
        } => fill(
            s.filter_bad_value,
            &[
                ("field", field),
                ("value", &clean(value)),
                ("known", &known.join(", ")),
            ],
        ),
    }
}
