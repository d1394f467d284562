//! The "terminal too small" screen, drawn instead of the dashboard below the minimum
//! size: it says what size is needed and what there is, and never panics, even at 1×1.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{MIN_HEIGHT, MIN_WIDTH, UiContext};
use crate::app::tui::i18n;
use crate::app::tui::state::AppState;

/// Draws the message, wrapped and centred in whatever space there is.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let text = i18n::too_small(
        state.lang,
        (MIN_WIDTH, MIN_HEIGHT),
        (area.width, area.height),
    );
    let text_width = super::width(&text) as u16;
    // Word wrapping may need a line more than the plain division says.
    let lines = if text_width <= area.width {
        1
    } else {
        text_width.div_ceil(area.width.max(1)) + 1
    };
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(lines.min(area.height)),
        Constraint::Fill(1),
    ])
    .areas(area);
    let p = Paragraph::new(Line::from(text).style(ctx.theme.header).centered())
        .wrap(Wrap { trim: true });
    frame.render_widget(p, middle);
}
