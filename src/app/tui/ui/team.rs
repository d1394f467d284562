//! The Team screen (`T`), in place of the list and the detail: a table of the agents —
//! the orders each holds by severity, their longest-idle claim, notes and writes of
//! today — with the cursor on one row; the line of what nobody holds (P1, P2, how long
//! the oldest unclaimed P1 has waited); and the buyers waiting longest for an answer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, pad, truncate};
use crate::app::tui::i18n::strings;
use crate::app::tui::state::{AppState, TeamView};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::service::team::{AgentLoad, Team};

/// The agent column's width.
const AGENT_WIDTH: usize = 18;

/// A length of time, short: "2h 05m", "3d 4h", "12m".
fn span(lang: Lang, secs: i64) -> String {
    let s = secs.max(0);
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let [dw, hw, mw] = strings(lang).span_units;
    if d > 0 {
        format!("{d}{dw} {h}{hw}")
    } else if h > 0 {
        format!("{h}{hw} {m:02}{mw}")
    } else {
        format!("{m}{mw}")
    }
}

/// Draws the screen into the body area.
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    view: &TeamView,
) {
    let s = strings(state.lang);
    let theme = ctx.theme;
    let width = usize::from(area.width);
    let mut lines = vec![Line::from(Span::styled(s.team_title, theme.header))];
    let Some(team) = view.team.as_deref() else {
        lines.push(Line::from(Span::styled(s.loading, theme.dim)));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    };
    lines.push(Line::from(Span::styled(
        truncate(&header(state.lang), width).into_owned(),
        theme.dim,
    )));
    if team.agents.is_empty() {
        lines.push(Line::from(Span::styled(s.team_nobody, theme.dim)));
    }
    for (i, a) in team.agents.iter().enumerate() {
        let style = if i == view.cursor {
            theme.selected
        } else {
            Style::new()
        };
        let text = pad(&agent_row(state.lang, a), width);
        lines.push(Line::from(Span::styled(text, style)));
    }
    let style = if view.cursor == team.agents.len() {
        theme.selected
    } else {
        theme.header
    };
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        pad(&unclaimed_row(state.lang, team), width),
        style,
    )));
    lines.push(Line::default());
    lines.extend(waiting(state, ctx, team, width));
    frame.render_widget(Paragraph::new(lines), area);
}

/// The column titles.
fn header(lang: Lang) -> String {
    let s = strings(lang);
    format!(
        "{} {:>3} {:>3} {:>3} {:>3}  {:<9} {:>7} {:>7}",
        pad(s.team_agent, AGENT_WIDTH),
        "P1",
        "P2",
        "P3",
        "P4",
        s.team_idle,
        s.team_notes,
        s.team_writes
    )
}

/// One agent: held by severity, the longest idle claim, today's notes and writes.
fn agent_row(lang: Lang, a: &AgentLoad) -> String {
    let n = |k: &str| a.held.get(k).copied().unwrap_or(0);
    format!(
        "{} {:>3} {:>3} {:>3} {:>3}  {:<9} {:>7} {:>7}",
        pad(&clean(&a.agent), AGENT_WIDTH),
        n("P1"),
        n("P2"),
        n("P3"),
        n("P4"),
        span(lang, a.idle_seconds_max),
        a.notes_today,
        a.writes_today
    )
}

/// "Unclaimed: P1 3 · P2 5 · oldest P1 waiting 2h 05m".
fn unclaimed_row(lang: Lang, team: &Team) -> String {
    let s = strings(lang);
    let u = &team.unclaimed;
    let mut text = format!("{}: P1 {} · P2 {}", s.team_unclaimed, u.p1, u.p2);
    if let Some(age) = u.oldest_p1_seconds {
        text.push_str(&format!(" · {} {}", s.team_oldest_p1, span(lang, age)));
    }
    text
}

/// The buyers waiting longest: the order, how long past the answer's due time, who
/// holds it.
fn waiting(state: &AppState, ctx: &UiContext, team: &Team, width: usize) -> Vec<Line<'static>> {
    let s = strings(state.lang);
    let mut lines = vec![Line::from(Span::styled(s.team_waiting, ctx.theme.header))];
    if team.waiting.is_empty() {
        lines.push(Line::from(Span::styled(s.team_none_waiting, ctx.theme.dim)));
    }
    for w in &team.waiting {
        let who = w
            .claimed_by
            .as_deref()
            .map_or_else(|| s.nobody.to_owned(), |c| clean(c).into_owned());
        let late = (state.now - w.answer_due).num_seconds();
        let text = format!(
            "{}  {}  {who}",
            w.order_id,
            crate::app::tui::i18n::relative(state.lang, -late)
        );
        lines.push(Line::from(truncate(&text, width).into_owned()));
    }
    lines
}
