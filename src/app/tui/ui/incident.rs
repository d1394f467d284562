//! Draws the Incident tab — the seven steps as a checklist with what came of each
//! (the outcome typed, the skip's reason, the compensation given) whole, the close
//! in words (cause and whose fault) with its lesson, the notes in Moscow time, the
//! Market's last refusal, the order's writes in the outbox, and the audit trail in
//! words, newest first — and the confirm dialogs of taking over and closing; the
//! confirm dialogs of the acting keys are `dialog`'s.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::{UiContext, truncate};
use crate::app::tui::action::Act;
use crate::app::tui::i18n::{acting, msk_datetime, strings, trail, write_kind, write_state};
use crate::app::tui::state::{AppState, IncidentView, KeyMode, Mode, Pending};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::cache::{Incident, OutboxState};
use crate::domain::incident::steps::{RootCause, Step};

/// Indents what came of a step under its line.
const OUTCOME_INDENT: &str = "      ";

/// The Incident tab of the detail pane.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let s = strings(state.lang);
    let theme = ctx.theme;
    let Some(view) = state.selected_view() else {
        frame.render_widget(Paragraph::new(Line::from(s.loading).style(theme.dim)), area);
        return;
    };
    let width = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    match &view.incident {
        None => lines.push(Line::from(s.no_incident).style(theme.dim)),
        Some(inc) => {
            lines.extend(head(state, ctx, inc, width));
            lines.extend(steps(state, ctx, inc, width));
            lines.extend(closing(state, ctx, inc, width));
            lines.extend(notes(state, ctx, inc, width));
            if let Some(err) = &inc.last_error {
                lines.extend(wrapped(&clean(err), width, theme.error));
            }
        }
    }
    lines.extend(writes(state, ctx, view, width));
    lines.push(Line::from(""));
    lines.push(Line::from(s.audit).style(theme.header));
    for a in &view.audit {
        let text = format!(
            "{}  {}  {}",
            msk_datetime(a.at),
            clean(&a.agent),
            trail::audit_text(state.lang, a)
        );
        lines.push(Line::from(truncate(&text, width).into_owned()));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// "#17 · open · 25.11 11:00 · automatically".
fn head(state: &AppState, ctx: &UiContext, inc: &Incident, width: usize) -> Vec<Line<'static>> {
    let s = strings(state.lang);
    let state_word = if inc.closed_at.is_some() {
        s.incident_closed
    } else {
        s.incident_open
    };
    let by = if inc.opened_by.starts_with("rule:") {
        s.opened_by_rule.to_owned()
    } else {
        clean(&inc.opened_by).into_owned()
    };
    let opened = format!(
        "#{} · {state_word} · {} · {by}",
        inc.id,
        msk_datetime(inc.opened_at)
    );
    vec![Line::from(truncate(&opened, width).into_owned()).style(ctx.theme.header)]
}

/// The checklist, each settled step with what came of it under it.
fn steps(state: &AppState, ctx: &UiContext, inc: &Incident, width: usize) -> Vec<Line<'static>> {
    let (s, theme) = (strings(state.lang), ctx.theme);
    let states = &inc.steps;
    let mut lines = Vec::new();
    for (i, name) in s.steps.iter().enumerate() {
        let n = i as i64 + 1;
        let step = Step::from_number(n);
        let st = step.and_then(|st| states.get(&st));
        let mark = match st {
            Some(v) if v.skipped.is_some() => "–",
            Some(v) if v.done => "✓",
            _ if step == Some(inc.step) && inc.closed_at.is_none() => "▸",
            _ => " ",
        };
        let style = if step == Some(inc.step) {
            theme.selected
        } else {
            theme.dim
        };
        let text = format!("[{mark}] {n}. {name}");
        lines.push(Line::from(Span::styled(
            truncate(&text, width).into_owned(),
            style,
        )));
        let said = match (step, st) {
            (_, Some(v)) if v.skipped.is_some() => v
                .skipped
                .as_deref()
                .map(|r| format!("{}: {}", s.skipped, clean(r))),
            // Compensation and the analysis are said in their own words below them.
            (Some(Step::Compensate), Some(v)) if v.done => given(state, inc),
            (Some(Step::Analyse), _) => None,
            (_, Some(v)) => v.outcome.as_deref().map(|o| clean(o).into_owned()),
            _ => None,
        };
        if let Some(said) = said.filter(|t| !t.trim().is_empty()) {
            lines.extend(indented(&said, width, Style::new()));
        }
    }
    lines
}

/// The compensation given, in the screen's words: "discount — 300 ₽".
fn given(state: &AppState, inc: &Incident) -> Option<String> {
    let lang = state.lang;
    let currency = state.selected_row().map_or("RUR", |r| &*r.order.currency);
    let parts: Vec<String> = inc
        .compensation
        .iter()
        .map(|g| {
            let name = super::compensation_tab::kind_name(state, &g.kind, lang);
            format!("{name} — {}", g.amount.show(currency, lang))
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// "closed: carrier delay · carrier's fault", the lesson whole, and how to reopen.
fn closing(state: &AppState, ctx: &UiContext, inc: &Incident, width: usize) -> Vec<Line<'static>> {
    let (lang, theme) = (state.lang, ctx.theme);
    let mut lines = Vec::new();
    if let Some(cause) = inc.root_cause {
        let text = trail::closed(lang, cause);
        let text = text[..1].to_uppercase() + &text[1..];
        lines.extend(wrapped(&text, width, theme.header));
    }
    if let Some(lesson) = inc.lesson.as_deref().filter(|l| !l.trim().is_empty()) {
        let text = format!("{}: {}", strings(lang).lesson, clean(lesson));
        lines.extend(wrapped(&text, width, Style::new()));
    }
    if inc.closed_at.is_some()
        && let Some(key) = super::first_key(ctx, KeyMode::Normal, Act::Reopen)
    {
        let hint = fill(acting(lang).reopen_hint, &[("key", &key)]);
        lines.push(Line::from(truncate(&hint, width).into_owned()).style(theme.dim));
    }
    lines
}

/// The notes, each with its time in Moscow time.
fn notes(state: &AppState, ctx: &UiContext, inc: &Incident, width: usize) -> Vec<Line<'static>> {
    if inc.notes.trim().is_empty() {
        return Vec::new();
    }
    let mut lines = vec![Line::from(acting(state.lang).notes).style(ctx.theme.header)];
    for note in inc.notes.lines().filter(|l| !l.trim().is_empty()) {
        let text = trail::note_line(state.lang, note);
        lines.extend(wrapped(&text, width, Style::new()));
    }
    lines
}

/// The order's writes to the Market and their state.
fn writes(
    state: &AppState,
    ctx: &UiContext,
    view: &IncidentView,
    width: usize,
) -> Vec<Line<'static>> {
    let (lang, theme) = (state.lang, ctx.theme);
    if view.writes.is_empty() {
        return Vec::new();
    }
    let a = acting(lang);
    let mut lines = vec![
        Line::from(""),
        Line::from(a.writes_title).style(theme.header),
    ];
    for w in &view.writes {
        let kind =
            write_kind(lang, &w.kind).map_or_else(|| clean(&w.kind).into_owned(), str::to_owned);
        let mut text = format!(
            "{}  {kind} · {}",
            msk_datetime(w.created_at),
            write_state(lang, w.state),
        );
        // The count is the first to go on a narrow pane, never half of it.
        let attempts = format!(" · {}", fill(a.attempts, &[("n", &w.attempts)]));
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
    if actionable && let Some(key) = super::first_key(ctx, KeyMode::Normal, Act::Writes) {
        let hint = fill(a.writes_hint, &[("key", &key)]);
        lines.push(Line::from(truncate(&hint, width).into_owned()).style(theme.dim));
    }
    lines
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

/// What came of a step, whole, wrapped under the step's line.
fn indented(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    let w = width.saturating_sub(OUTCOME_INDENT.len());
    text.lines()
        .flat_map(|l| super::wrap_words(l, w))
        .map(|l| Line::from(Span::styled(format!("{OUTCOME_INDENT}{l}"), style)))
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
    let Mode::Confirm(pending) = &state.mode else {
        return;
    };
    let question = match pending {
        Pending::TakeOver { from, .. } => fill(s.take_over, &[("agent", &clean(from))]),
        Pending::Quit(q) => q.text.clone(),
        Pending::CloseAnyway { question, .. } | Pending::ReplaceDraft { question, .. } => {
            question.clone()
        }
        Pending::Close { cursor, .. } => return draw_close(frame, area, state, ctx, *cursor),
        p @ (Pending::Write(_)
        | Pending::Compensation(_)
        | Pending::Manual(_)
        | Pending::Outbox(_)) => {
            return super::dialog::draw_pending(frame, area, state, ctx, p);
        }
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

/// The screen's language, for the helpers above that need only it.
#[allow(dead_code)]
fn lang_of(state: &AppState) -> Lang {
    state.lang
}
