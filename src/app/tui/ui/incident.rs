//! Draws the Incident tab (the seven steps as a checklist, notes, the Market's last
//! refusal, the close, the order's writes in the outbox, and the audit trail, newest
//! first) and the confirm dialogs of taking over and closing; the confirm dialogs of
//! the acting keys are `dialog`'s.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{UiContext, truncate};
use crate::app::tui::i18n::{acting, msk_datetime, strings, write_kind, write_state};
use crate::app::tui::state::{AppState, Mode, Pending};
use crate::base::text::clean;
use crate::cache::OutboxState;
use crate::domain::incident::steps::{RootCause, Step};

/// The Incident tab of the detail pane.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let s = strings(state.lang);
    let theme = ctx.theme;
    let Some((_, view)) = state
        .incident
        .as_ref()
        .filter(|(id, _)| Some(*id) == state.selected)
    else {
        frame.render_widget(Paragraph::new(Line::from(s.loading).style(theme.dim)), area);
        return;
    };
    let width = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    match &view.incident {
        None => lines.push(Line::from(s.no_incident).style(theme.dim)),
        Some(inc) => {
            let state_word = if inc.closed_at.is_some() {
                s.incident_closed
            } else {
                s.incident_open
            };
            let opened = format!(
                "#{} · {state_word} · {} · {}",
                inc.id,
                msk_datetime(inc.opened_at),
                clean(&inc.opened_by)
            );
            lines.push(Line::from(truncate(&opened, width).into_owned()).style(theme.header));
            for (step, name) in Step::ALL.into_iter().zip(s.steps.iter()) {
                let mark = match inc.steps.get(&step) {
                    Some(st) if st.skipped.is_some() => "–",
                    Some(st) if st.done => "✓",
                    _ if step == inc.step && inc.closed_at.is_none() => "▸",
                    _ => " ",
                };
                let text = format!("[{mark}] {}. {name}", step.number());
                let style = if step == inc.step {
                    theme.selected
                } else {
                    theme.dim
                };
                lines.push(Line::from(Span::styled(
                    truncate(&text, width).into_owned(),
                    style,
                )));
            }
            if !inc.notes.trim().is_empty() {
                lines.push(Line::from(acting(state.lang).notes).style(theme.header));
                for note in inc.notes.lines().filter(|l| !l.trim().is_empty()) {
                    lines.extend(wrapped(&clean(note), width, Style::new()));
                }
            }
            if let Some(err) = &inc.last_error {
                lines.extend(wrapped(&clean(err), width, theme.error));
            }
            if let Some(cause) = inc.root_cause {
                let owner = inc
                    .fault_owner
                    .map_or_else(|| "—".to_owned(), |o| o.label().get(state.lang).to_owned());
                let cause = cause.label().get(state.lang).to_owned();
                lines.push(Line::from(format!("{cause} · {owner}")));
            }
            if inc.closed_at.is_some()
                && let Some(key) = super::first_key(ctx, Mode::Normal, "reopen")
            {
                let hint = acting(state.lang).reopen_hint.replace("{key}", &key);
                lines.push(Line::from(truncate(&hint, width).into_owned()).style(theme.dim));
            }
        }
    }
    if !view.writes.is_empty() {
        let a = acting(state.lang);
        lines.push(Line::from(""));
        lines.push(Line::from(a.writes_title).style(theme.header));
        for w in &view.writes {
            let kind = write_kind(state.lang, &w.kind)
                .map_or_else(|| clean(&w.kind).into_owned(), str::to_owned);
            let mut text = format!(
                "{}  {kind} · {}",
                msk_datetime(w.created_at),
                write_state(state.lang, w.state),
            );
            // The count is the first to go on a narrow pane, never half of it.
            let attempts = format!(" · {}", a.attempts.replace("{n}", &w.attempts.to_string()));
            if super::width(&text) + super::width(&attempts) <= width {
                text.push_str(&attempts);
            }
            lines.push(Line::from(truncate(&text, width).into_owned()));
            if let Some(err) = &w.last_error {
                // A refusal is final and says what to fix; a retry's error only informs.
                let style = if w.state == OutboxState::Failed {
                    theme.error
                } else {
                    theme.dim
                };
                let err = format!("  ✗ {}", clean(err));
                lines.push(Line::from(truncate(&err, width).into_owned()).style(style));
            }
        }
        let actionable = view
            .writes
            .iter()
            .any(|w| matches!(w.state, OutboxState::Queued | OutboxState::Failed));
        if actionable && let Some(key) = super::first_key(ctx, Mode::Normal, "writes") {
            let hint = a.writes_hint.replace("{key}", &key);
            lines.push(Line::from(truncate(&hint, width).into_owned()).style(theme.dim));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(s.audit).style(theme.header));
    for a in &view.audit {
        let change = match (&a.before, &a.after) {
            (Some(b), Some(af)) => format!("{} → {}", clean(b), clean(af)),
            (None, Some(af)) => clean(af).into_owned(),
            (Some(b), None) => clean(b).into_owned(),
            (None, None) => String::new(),
        };
        let text = format!(
            "{}  {}  {}  {change}",
            msk_datetime(a.at),
            clean(&a.agent),
            a.action
        );
        lines.push(Line::from(truncate(&text, width).into_owned()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// A text wrapped by words to `width`, the lines after the first indented by two.
fn wrapped(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    super::wrap_words(text, width.saturating_sub(2))
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if i == 0 { l } else { format!("  {l}") };
            Line::from(Span::styled(l, style))
        })
        .collect()
}

/// The close dialog: pick the root cause (with its fault owner), Enter closes.
fn draw_close(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    cursor: Option<usize>,
) {
    let s = strings(state.lang);
    let causes = RootCause::ALL;
    let w = area.width.min(64);
    let h = (causes.len() as u16 + 3).min(area.height);
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(ctx.theme.border)
        .title(s.close_title);
    let rows = usize::from(h.saturating_sub(3));
    let first = cursor.unwrap_or(0).saturating_sub(rows.saturating_sub(1));
    let mut lines: Vec<Line> = causes
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, c)| {
            let text = format!(
                "{} {} · {}",
                if Some(i) == cursor { "▸" } else { " " },
                c.label().get(state.lang),
                c.owner().label().get(state.lang)
            );
            let style = if Some(i) == cursor {
                ctx.theme.selected
            } else {
                ctx.theme.dim
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    lines.push(Line::from(s.close_hint).style(ctx.theme.dim));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The confirm dialog over everything.
pub(super) fn draw_confirm(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let s = strings(state.lang);
    let question = match &state.pending {
        Some(Pending::TakeOver { from, .. }) => s.take_over.replace("{agent}", &clean(from)),
        Some(Pending::Quit(q)) => q.text.clone(),
        Some(Pending::CloseAnyway { question, .. }) => question.clone(),
        Some(Pending::Close { cursor, .. }) => return draw_close(frame, area, state, ctx, *cursor),
        Some(
            p @ (Pending::Write(_)
            | Pending::Compensation(_)
            | Pending::Manual(_)
            | Pending::Outbox(_)),
        ) => {
            return super::dialog::draw_pending(frame, area, state, ctx, p);
        }
        None => return,
    };
    let w = area.width.min(60);
    let h = 5.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    };
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(ctx.theme.border);
    let text = vec![
        Line::from(question),
        Line::from(s.confirm_hint).style(ctx.theme.dim),
    ];
    frame.render_widget(
        Paragraph::new(text).block(block).wrap(Wrap { trim: true }),
        rect,
    );
}
