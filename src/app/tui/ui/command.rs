//! The `:` command line, drawn over the bottom of the body: the line being typed with
//! its cursor, and above it the matches — each action with its key and its words, or
//! each order whose id starts with the digits typed — the chosen one highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::{UiContext, pad, truncate};
use crate::app::tui::command_line::{SHOWN, Target, matches};
use crate::app::tui::i18n::{self, strings};
use crate::app::tui::state::{AppState, CommandLine};

/// The widest the key column gets.
const KEY_WIDTH: usize = 10;

/// Draws the matches and the line at the bottom of `area`.
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    line: &CommandLine,
) {
    let theme = ctx.theme;
    let s = strings(state.lang);
    let found = matches(state);
    let shown = found.len().min(SHOWN);
    let rows = shown.max(1) as u16 + 2;
    let height = (rows + 1).min(area.height);
    let rect = Rect {
        y: area.bottom().saturating_sub(height),
        height,
        ..area
    };
    let inner_w = usize::from(rect.width.saturating_sub(2));
    let under = line.back.keys();
    let mut lines: Vec<Line<'static>> = Vec::new();
    if found.is_empty() {
        lines.push(Line::from(Span::styled(s.command_nothing, theme.dim)));
    }
    // The chosen match stays in view.
    let first = line.cursor.saturating_sub(shown.saturating_sub(1));
    for (i, target) in found.iter().enumerate().skip(first).take(shown) {
        let (key, words) = match *target {
            Target::Act(act) => (
                ctx.keymap.first_key(under, act).unwrap_or_default(),
                format!(
                    "{} · {}",
                    i18n::action_desc(state.lang, act),
                    act.name().replace('_', " ")
                ),
            ),
            Target::Order(id) => (String::new(), order_words(state, id)),
        };
        let text = format!(
            "{}  {}",
            pad(&key, KEY_WIDTH),
            truncate(&words, inner_w.saturating_sub(KEY_WIDTH + 2))
        );
        let style = if i == line.cursor {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        lines.push(Line::from(Span::styled(pad(&text, inner_w), style)));
    }
    frame.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::TOP | Borders::LEFT | Borders::RIGHT)
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", s.help_command), theme.header));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let list_h = inner.height.saturating_sub(1);
    frame.render_widget(
        Paragraph::new(lines),
        Rect {
            height: list_h,
            ..inner
        },
    );
    let input = Rect {
        y: inner.y + list_h,
        height: 1,
        ..inner
    };
    frame.render_widget(Paragraph::new(Span::styled(":", theme.key)), input);
    let text_area = Rect {
        x: input.x + 1,
        width: input.width.saturating_sub(1),
        ..input
    };
    super::dialog::editor_widget(frame, text_area, &line.text, theme);
}

/// An order as a match: its id, status and buyer's city.
fn order_words(state: &AppState, id: i64) -> String {
    let Some(row) = state.rows.iter().find(|r| r.order.order_id == id) else {
        return id.to_string();
    };
    let o = &row.order;
    let status = crate::base::text::clean(o.status.as_str());
    let city = o
        .city
        .as_deref()
        .map(|c| format!(" · {}", crate::base::text::clean(c)))
        .unwrap_or_default();
    format!("{id} · {status}{city}")
}
