//! The Analysis screen (step 7), in place of the list and the detail: the Pareto of
//! root causes and the carrier scorecard as bar charts (the cursor on one bar; Enter
//! lists its orders), the incidents per day as a sparkline, and the report's tables
//! under them — the same numbers `ym-triage report` prints.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Sparkline};

use super::{UiContext, truncate};
use crate::app::tui::i18n::analysis;
use crate::app::tui::state::{AppState, Chart};
use crate::base::lang::Lang;
use crate::service::report::labels::{cause, dimension, name};
use crate::service::report::words::PERIOD_DAYS;
use crate::service::report::{Report, format_table, layout};

/// Draws the screen into the body area.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let lang = state.lang;
    let w = analysis(lang);
    let a = &state.analysis;
    let [header, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let p = &a.period;
    let title = format!(
        "{} · {}–{} ({}) · {} {}",
        w.title,
        p.since().format("%d.%m"),
        p.until().format("%d.%m.%Y"),
        PERIOD_DAYS.count(p.days(), lang),
        w.by_prefix,
        dimension(a.by, lang),
    );
    let enter = w.enter_hint;
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(title, ctx.theme.header),
            Span::raw("  "),
            Span::styled(enter, ctx.theme.dim),
        ])),
        header,
    );
    let Some(report) = a.report.as_deref() else {
        let wait = w.computing;
        frame.render_widget(Paragraph::new(Span::styled(wait, ctx.theme.dim)), rest);
        return;
    };
    let bars = (report.body.causes.len().max(report.body.carriers.len()) as u16).clamp(1, 8);
    let [charts, days, tables] = Layout::vertical([
        Constraint::Length(bars + 2),
        Constraint::Length(3),
        Constraint::Fill(1),
    ])
    .areas(rest);
    let [left, right] = Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)])
        .spacing(2)
        .areas(charts);
    pareto(frame, left, state, report, ctx);
    scorecard(frame, right, state, report, ctx);
    sparkline(frame, days, report, lang, ctx);
    let text = format_table::render(&layout::tables(report, lang));
    let lines: Vec<Line> = text
        .lines()
        .map(|l| Line::raw(truncate(l, tables.width as usize).into_owned()))
        .collect();
    frame.render_widget(Paragraph::new(lines), tables);
}

/// A chart's block: its title, highlighted when the cursor is in it.
fn block<'a>(title: String, focused: bool, ctx: &UiContext) -> Block<'a> {
    let style = if focused {
        ctx.theme.tab_active
    } else {
        ctx.theme.tab_inactive
    };
    Block::default()
        .borders(Borders::TOP)
        .border_style(ctx.theme.border)
        .title(Span::styled(title, style))
}

/// Horizontal bars, one per row, the one under the cursor in the selected style.
fn chart<'a>(
    rows: Vec<(String, u64, String)>,
    cursor: Option<usize>,
    ctx: &UiContext,
) -> BarChart<'a> {
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, _))| {
            // The bar under the cursor is marked in text too, not only by colour.
            let (style, mark) = if Some(i) == cursor {
                (ctx.theme.selected, "▸")
            } else {
                (Style::default(), " ")
            };
            Bar::default()
                .label(Line::raw(format!("{mark}{label}")))
                .value(value)
                .text_value(String::new())
                .style(style)
                .value_style(style)
        })
        .collect();
    BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars))
}

fn pareto(frame: &mut Frame, area: Rect, state: &AppState, r: &Report, ctx: &UiContext) {
    let lang = state.lang;
    let w = analysis(lang);
    let focused = state.analysis.chart == Chart::Causes;
    let name_width = (area.width / 3).max(8) as usize;
    let rows: Vec<(String, u64, String)> = r
        .body
        .causes
        .iter()
        .map(|c| {
            let label = format!(
                "{:<name_width$} {:>4} {:>3.0}% Σ{:>3.0}%",
                truncate(&cause(&c.cause, lang), name_width),
                c.count,
                c.share * 100.0,
                c.cumulative_share * 100.0
            );
            (label, c.count, String::new())
        })
        .collect();
    let title = format!(" {} ({}) ", w.pareto_title, r.body.incidents.closed);
    let inner = block(title, focused, ctx);
    let body = inner.inner(area);
    frame.render_widget(inner, area);
    if rows.is_empty() {
        let none = w.no_closed;
        frame.render_widget(Paragraph::new(Span::styled(none, ctx.theme.dim)), body);
        return;
    }
    let cursor = focused.then_some(state.analysis.cursor);
    frame.render_widget(chart(rows, cursor, ctx), body);
}

fn scorecard(frame: &mut Frame, area: Rect, state: &AppState, r: &Report, ctx: &UiContext) {
    let lang = state.lang;
    let w = analysis(lang);
    let focused = state.analysis.chart == Chart::Carriers;
    let name_width = (area.width / 4).max(8) as usize;
    let rows: Vec<(String, u64, String)> = r
        .body
        .carriers
        .iter()
        .map(|c| {
            let late = c.late.share.unwrap_or(0.0);
            let label = format!(
                "{:<name_width$} {:>5} {:>5.1}% {} {:.1}%",
                truncate(&name(&c.carrier), name_width),
                c.orders,
                late * 100.0,
                w.lost_short,
                c.lost.share.unwrap_or(0.0) * 100.0
            );
            (label, (late * 1000.0).round() as u64, String::new())
        })
        .collect();
    let title = format!(" {} ", w.scorecard_title);
    let inner = block(title, focused, ctx);
    let body = inner.inner(area);
    frame.render_widget(inner, area);
    if rows.is_empty() {
        let none = w.no_orders;
        frame.render_widget(Paragraph::new(Span::styled(none, ctx.theme.dim)), body);
        return;
    }
    let cursor = focused.then_some(state.analysis.cursor);
    frame.render_widget(chart(rows, cursor, ctx), body);
}

fn sparkline(frame: &mut Frame, area: Rect, r: &Report, lang: Lang, ctx: &UiContext) {
    let w = analysis(lang);
    let per_day = &r.body.incidents.per_day;
    // Each day as wide as the screen allows, so a week is not seven columns.
    let per = (area.width as usize / per_day.len().max(1)).clamp(1, 8);
    let data: Vec<u64> = per_day
        .iter()
        .flat_map(|d| std::iter::repeat_n(d.opened, per))
        .collect();
    let max = per_day.iter().map(|d| d.opened).max().unwrap_or(0);
    let title = format!(
        " {}: {} · {} {} · max {max}/{} ",
        w.per_day_title, r.body.incidents.opened, w.closed, r.body.incidents.closed, w.day,
    );
    let spark = Sparkline::default()
        .block(
            Block::default()
                .borders(Borders::TOP)
                .border_style(ctx.theme.border)
                .title(Span::styled(title, ctx.theme.tab_inactive)),
        )
        .data(&data)
        .style(ctx.theme.p2);
    frame.render_widget(spark, area);
}
