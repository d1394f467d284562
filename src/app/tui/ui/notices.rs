//! The log of notices (`!`), over the screen: every notice since the dashboard started,
//! newest first, each with its Moscow time (the title says so) and how many times it
//! came in a row; refusals and failures in the error style.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{UiContext, centered};
use crate::app::tui::i18n::{msk_datetime, strings};
use crate::app::tui::state::AppState;

/// Draws the log centred over `area`, scrolled `scroll` notices from the newest.
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    scroll: usize,
) {
    let theme = ctx.theme;
    let s = strings(state.lang);
    let w = area.width.saturating_sub(4).min(100);
    let h = area.height.saturating_sub(2);
    let rect = centered(area, w, h);
    let room = usize::from(h.saturating_sub(2));
    state.page.set(room.max(1));
    let mut lines: Vec<Line<'static>> = Vec::new();
    if state.notices.is_empty() {
        lines.push(Line::from(Span::styled(s.notices_empty, theme.dim)));
    }
    for n in state.notices.iter().rev().skip(scroll) {
        let style = if n.error {
            theme.error
        } else {
            ratatui::style::Style::new()
        };
        let times = if n.repeats > 1 {
            format!(" (×{})", n.repeats)
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", msk_datetime(n.at)), theme.dim),
            Span::styled(format!("{}{times}", n.text), style),
        ]));
    }
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", s.notices_title), theme.header));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}
