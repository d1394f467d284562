//! The overlays of the acting keys, drawn from `tui::dialog`'s plain data: the picker
//! (choices with a cursor, the forbidden ones greyed, why for the one under the
//! cursor), the text input (one line, or several for a draft, with the draft's lint
//! live under it), and the confirm dialogs of a write (effect, warnings, what blocks
//! it, the count to type for several orders), of compensation and of a manual step.
//! Every box keeps its key hints on its last line, whatever the terminal's size.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Padding, Paragraph};

use super::{UiContext, centered, first_key, truncate, warning, width, wrap_words};
use crate::app::tui::action::Act;
use crate::app::tui::dialog::{
    CompensationConfirm, Input, InputFor, ManualConfirm, PickFor, Picker, WriteConfirm,
};
use crate::app::tui::i18n::{self, acting};
use crate::app::tui::state::{AppState, Draft, KeyMode, Pending};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;

/// Columns a box takes around its text: the borders and a space inside each.
const FRAME: u16 = 4;
/// The widest a dialog gets; text wraps inside.
const MAX_WIDTH: u16 = 76;
/// The width of a one-line input.
const LINE_WIDTH: u16 = 64;
/// The text lines a draft's input shows at least, and at most.
const DRAFT_LINES: (usize, usize) = (6, 12);
/// A note narrower than this is left out of a choice's line.
const NOTE_MIN: usize = 8;
/// The most lines the why-not of a greyed choice takes in the picker.
const WHY_LINES: usize = 3;
/// The most lines the live lint of a draft takes under it.
const LINT_LINES: usize = 4;
/// Order ids listed in a bulk confirm before "…".
const IDS_SHOWN: usize = 4;

/// Draws `lines` in a bordered box of `w` columns centred over `area`, as tall as
/// they need and the area allows; `hint` stays on the last line. Returns the inner
/// area.
fn boxed(
    frame: &mut Frame,
    area: Rect,
    theme: &Theme,
    title: &str,
    w: u16,
    mut lines: Vec<Line<'static>>,
    hint: Line<'static>,
) -> Rect {
    let h = (lines.len() + 3).min(usize::from(u16::MAX)) as u16;
    let rect = centered(area, w, h);
    let title = truncate(&clean(title), usize::from(rect.width.saturating_sub(4))).into_owned();
    let block = Block::bordered()
        .border_style(theme.border)
        .padding(Padding::horizontal(1))
        .title(Span::styled(format!(" {title} "), theme.header));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let room = usize::from(inner.height);
    lines.truncate(room.saturating_sub(1));
    lines.push(hint);
    frame.render_widget(Paragraph::new(lines), inner);
    inner
}

/// Wraps `text` under a lead (`! `, `✗ `), the continuation lines indented past it.
fn marked(text: &str, lead: &str, style: Style, w: usize) -> Vec<Line<'static>> {
    let pad = " ".repeat(width(lead));
    wrap_words(&clean(text), w.saturating_sub(width(lead)))
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i == 0 { lead } else { pad.as_str() };
            Line::from(Span::styled(format!("{lead}{l}"), style))
        })
        .collect()
}

/// "Enter choose  j/↓ down  Esc cancel": keys bold, words plain, as many as fit.
fn hint_line(theme: &Theme, hints: Vec<(String, &str)>, w: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, word) in hints {
        let sep = if spans.is_empty() { 0 } else { 2 };
        let need = sep + width(&keys) + 1 + width(word);
        if used + need > w {
            break;
        }
        used += need;
        if sep > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::styled(format!(" {word}"), theme.dim));
    }
    Line::from(spans)
}

/// The keys of an act in a mode as a hint shows them: up to two, "j/↓".
fn keys(ctx: &UiContext, mode: KeyMode, act: Act) -> Option<String> {
    let b = ctx.keymap.binding(mode, act)?;
    let keys: Vec<String> = b.keys.iter().take(2).map(ToString::to_string).collect();
    Some(keys.join("/"))
}

/// The picker over everything.
pub(super) fn draw_picker(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    p: &Picker,
) {
    let (lang, theme, a) = (state.lang, ctx.theme, acting(state.lang));
    let widest = p
        .choices
        .iter()
        .map(|c| width(&c.label) + c.note.as_deref().map_or(0, |n| width(n) + 2) + 3)
        .chain([width(&p.title) + 2])
        .max()
        .unwrap_or(0);
    let w = (widest as u16 + FRAME).clamp(40, MAX_WIDTH).min(area.width);
    let inner_w = usize::from(w.saturating_sub(FRAME));

    // Under the list, for the choice under the cursor: why it is closed, or its note
    // when the line had no room for all of it.
    let why: Vec<Line<'static>> = match p.choices.get(p.cursor) {
        Some(c) if !c.available => {
            let text = c.why_not.as_deref().unwrap_or("—");
            marked(text, "✗ ", theme.error, inner_w)
        }
        Some(c) => match (&c.note, note_room(c, inner_w)) {
            (Some(note), room) if width(&clean(note)) > room => {
                marked(note, "", theme.dim, inner_w)
            }
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
    .into_iter()
    .take(WHY_LINES)
    .collect();
    // The choices get what the why-not and the hint leave, scrolled to the cursor.
    let rows = usize::from(area.height.saturating_sub(3))
        .saturating_sub(why.len())
        .clamp(1, p.choices.len().max(1));
    let first = p.cursor.saturating_sub(rows - 1);
    let mut lines: Vec<Line<'static>> = p
        .choices
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, c)| choice_line(p, i, c, theme, inner_w))
        .collect();
    lines.extend(why);
    // Enter and Esc first: the move keys are the ones a narrow box leaves out; the
    // language of a message after them.
    let templates = matches!(p.purpose, PickFor::Template { .. });
    let hints = [
        (Act::Confirm, a.pick_choose),
        (Act::Back, a.cancel),
        (Act::SwitchLang, i18n::action_hint(lang, Act::SwitchLang)),
        (Act::MoveDown, i18n::action_hint(lang, Act::MoveDown)),
        (Act::MoveUp, i18n::action_hint(lang, Act::MoveUp)),
    ]
    .into_iter()
    .filter(|(act, _)| templates || *act != Act::SwitchLang)
    .filter_map(|(act, word)| Some((keys(ctx, KeyMode::Pick, act)?, word)))
    .collect();
    let hint = hint_line(theme, hints, inner_w);
    boxed(frame, area, theme, &p.title, w, lines, hint);
}

/// The columns a choice's note takes beside its label: all of it when it fits in
/// what the label leaves (at most half the line), else that much cut, or none when
/// that is less than `NOTE_MIN`.
fn note_room(c: &crate::app::tui::dialog::Choice, w: usize) -> usize {
    let room = w.saturating_sub(width(&clean(&c.label)) + 3 + 2).min(w / 2);
    let note = c.note.as_deref().map_or(0, |n| width(&clean(n)));
    if note <= room {
        note
    } else if room < NOTE_MIN {
        0
    } else {
        room
    }
}

/// One choice: cursor, `✗` when forbidden, the label, and the note at the right when
/// the label leaves room for it.
fn choice_line(
    p: &Picker,
    i: usize,
    c: &crate::app::tui::dialog::Choice,
    theme: &Theme,
    w: usize,
) -> Line<'static> {
    let cursor = if i == p.cursor { "▸" } else { " " };
    let mark = if c.available { " " } else { "✗" };
    let note = c.note.as_deref().map(clean).unwrap_or_default();
    let note = truncate(&note, note_room(c, w)).into_owned();
    let room = w.saturating_sub(width(&note) + usize::from(!note.is_empty()));
    let label = truncate(&format!("{cursor}{mark} {}", clean(&c.label)), room).into_owned();
    let pad = " ".repeat(w.saturating_sub(width(&label) + width(&note)));
    let base = if c.available { Style::new() } else { theme.dim };
    let style = if i == p.cursor {
        base.patch(theme.selected)
    } else {
        base
    };
    Line::from(vec![
        Span::styled(label, style),
        Span::styled(pad, style),
        Span::styled(note, style.patch(theme.dim)),
    ])
}

/// The text input over everything: the editor (one line, or the draft's several,
/// wrapped, with the cursor shown where it is), and a draft's lint live under it.
pub(super) fn draw_input(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    input: &Input,
) {
    let (theme, a) = (ctx.theme, acting(state.lang));
    let multi = input.text.multiline();
    let w = if multi { MAX_WIDTH } else { LINE_WIDTH }.min(area.width);
    let inner_w = usize::from(w.saturating_sub(FRAME));
    let text = input.text.text();
    let lint = match &input.purpose {
        InputFor::Draft { order_id } => draft_lint(state, theme, *order_id, &text, inner_w),
        _ => Vec::new(),
    };
    // The editor's rows: one, or what the draft needs within the screen.
    let rows = if multi {
        let room = usize::from(area.height.saturating_sub(3)).saturating_sub(lint.len());
        let wanted = text
            .split('\n')
            .map(|l| (width(l) / inner_w.max(1)) + 1)
            .sum::<usize>()
            .max(DRAFT_LINES.0);
        wanted.min(DRAFT_LINES.1).min(room).max(1)
    } else {
        1
    };
    let mut lines: Vec<Line<'static>> = vec![Line::default(); rows];
    lines.extend(lint);
    let (enter, back) = if multi {
        (a.input_newline, a.input_done)
    } else {
        (a.input_accept, a.input_close)
    };
    let mut hints = vec![("Enter".to_owned(), enter)];
    // Esc only: Ctrl-c does the same, and the box has little room.
    if let Some(k) = first_key(ctx, KeyMode::Input, Act::Back) {
        hints.push((k, back));
    }
    let hint = hint_line(theme, hints, inner_w);
    let inner = boxed(frame, area, theme, &input.prompt, w, lines, hint);
    let editor = Rect {
        height: (rows as u16).min(inner.height.saturating_sub(1)),
        ..inner
    };
    editor_widget(frame, editor, &input.text, theme);
}

/// Draws an editor into `area` and puts the terminal's cursor where it edits.
pub(super) fn editor_widget(
    frame: &mut Frame,
    area: Rect,
    text: &crate::app::tui::text::TextInput,
    theme: &Theme,
) {
    if area.is_empty() {
        return;
    }
    let editor = text.area();
    frame.render_widget(editor, area);
    let _ = theme;
    let (top_row, top_col) = editor.scroll_offset();
    let at = editor.screen_cursor();
    let row = (at.row as u16).saturating_sub(top_row);
    let col = (at.col as u16).saturating_sub(top_col);
    if row < area.height && col < area.width {
        frame.set_cursor_position((area.x + col, area.y + row));
    }
}

/// The live lint of a draft being typed: its length and each finding, blocking ones
/// first, at most `LINT_LINES` lines of them.
fn draft_lint(
    state: &AppState,
    theme: &Theme,
    order_id: i64,
    text: &str,
    w: usize,
) -> Vec<Line<'static>> {
    let Some(row) = state.rows.iter().find(|r| r.order.order_id == order_id) else {
        return Vec::new();
    };
    let audience = state
        .drafts
        .get(&order_id)
        .map(|d| d.audience)
        .unwrap_or_default();
    let draft = Draft::new(order_id, None, audience, text.to_owned());
    let mut found = super::contact::findings(&draft, &row.order);
    found.sort_by_key(|f| !f.blocking);
    let count = fill(acting(state.lang).chars, &[("n", &text.chars().count())]);
    let mut out = vec![Line::from(Span::styled(count, theme.dim))];
    let mut shown: Vec<Line<'static>> = found
        .iter()
        .flat_map(|f| super::contact::finding_lines(state.lang, theme, f, w))
        .collect();
    shown.truncate(LINT_LINES);
    out.extend(shown);
    out
}

/// The confirm dialog of a write, compensation or manual step.
pub(super) fn draw_pending(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    pending: &Pending,
) {
    let w = MAX_WIDTH.min(area.width);
    let inner_w = usize::from(w.saturating_sub(FRAME));
    let (title, lines, word) = match pending {
        Pending::Write(wc) => (
            wc.title.as_str(),
            write_lines(state, ctx, wc, inner_w),
            acting(state.lang).confirm_send,
        ),
        Pending::Compensation(c) => (
            c.title.as_str(),
            compensation_lines(state, ctx.theme, c, inner_w),
            acting(state.lang).confirm_record,
        ),
        Pending::Manual(m) => (
            m.title.as_str(),
            manual_lines(state.lang, ctx.theme, m, inner_w),
            acting(state.lang).confirm_record,
        ),
        Pending::Outbox(o) => (
            o.title.as_str(),
            o.effect
                .iter()
                .flat_map(|e| match e.strip_prefix("! ") {
                    Some(w) => marked(w, "! ", warning(ctx.theme), inner_w),
                    None => marked(e, "", Style::new(), inner_w),
                })
                .collect(),
            i18n::action_hint(state.lang, Act::Confirm),
        ),
        Pending::TakeOver { .. }
        | Pending::CloseAnyway { .. }
        | Pending::Close { .. }
        | Pending::ReplaceDraft { .. }
        | Pending::Quit(_) => return,
    };
    let a = acting(state.lang);
    let hints = [(Act::Confirm, word), (Act::Back, a.cancel)]
        .into_iter()
        .filter_map(|(act, word)| Some((keys(ctx, KeyMode::Confirm, act)?, word)))
        .collect();
    let hint = hint_line(ctx.theme, hints, inner_w);
    boxed(frame, area, ctx.theme, title, w, lines, hint);
}

fn write_lines(
    state: &AppState,
    ctx: &UiContext,
    wc: &WriteConfirm,
    w: usize,
) -> Vec<Line<'static>> {
    let (theme, a) = (ctx.theme, acting(state.lang));
    let mut out = marked(&wc.effect, "", Style::new(), w);
    for warn in &wc.warnings {
        out.extend(marked(warn, "! ", warning(theme), w));
    }
    for b in &wc.blocking {
        out.extend(marked(b, "✗ ", theme.error, w));
    }
    if !wc.blocking.is_empty()
        && let Some(key) = first_key(ctx, KeyMode::Confirm, Act::Confirm)
    {
        let text = fill(a.refused_while_blocked, &[("key", &key)]);
        out.extend(marked(&text, "", theme.error, w));
    }
    if !wc.checked {
        out.extend(marked(a.checking_each, "… ", theme.dim, w));
    }
    for (id, why) in wc.refused.iter().take(IDS_SHOWN) {
        out.extend(marked(&format!("{id}: {why}"), "✗ ", theme.error, w));
    }
    if wc.refused.len() > IDS_SHOWN {
        let more = fill(a.refused_more, &[("n", &(wc.refused.len() - IDS_SHOWN))]);
        out.extend(marked(&more, "✗ ", theme.error, w));
    }
    if wc.needs_count() && !wc.writes.is_empty() {
        let n = wc.writes.len();
        let mut ids: Vec<String> = wc
            .writes
            .iter()
            .take(IDS_SHOWN)
            .map(|(id, _)| id.to_string())
            .collect();
        if n > IDS_SHOWN {
            ids.push("…".into());
        }
        out.push(Line::default());
        let orders = format!("{}: {}", fill(a.orders_n, &[("n", &n)]), ids.join(", "));
        out.push(Line::from(truncate(&orders, w).into_owned()));
        let ask = fill(a.type_count, &[("n", &n)]);
        let typed = truncate(&clean(&wc.typed), 8).into_owned();
        let style = if wc.ready() { theme.notice } else { theme.key };
        out.push(Line::from(vec![
            Span::raw(format!("{ask} ")),
            Span::styled(typed, style),
            Span::styled("▏", theme.key),
        ]));
    }
    out
}

fn compensation_lines(
    state: &AppState,
    theme: &Theme,
    c: &CompensationConfirm,
    w: usize,
) -> Vec<Line<'static>> {
    let a = acting(state.lang);
    let currency = state
        .rows
        .iter()
        .find(|r| r.order.order_id == c.order_id)
        .map_or("RUR", |r| &*r.order.currency);
    let mut out = marked(&c.origin, "", Style::new(), w);
    out.push(Line::from(vec![
        Span::styled(format!("{}: ", a.amount), theme.dim),
        Span::styled(c.amount.show(currency, state.lang), theme.key),
    ]));
    match &c.lead {
        Some(lead) => out.push(Line::from(vec![
            Span::styled(format!("{}: ", a.lead), theme.dim),
            Span::raw(truncate(&clean(lead), w).into_owned()),
        ])),
        None => out.push(Line::from(Span::styled(a.within_limit, theme.dim))),
    }
    // The warnings also name the lead; it is shown once, on its own line.
    let lead = c.lead.as_deref().unwrap_or_default();
    for warn in c
        .warnings
        .iter()
        .filter(|w| lead.is_empty() || !w.ends_with(lead))
    {
        out.extend(marked(warn, "! ", warning(theme), w));
    }
    out
}

fn manual_lines(lang: Lang, theme: &Theme, m: &ManualConfirm, w: usize) -> Vec<Line<'static>> {
    let mut out = marked(&m.effect, "", Style::new(), w);
    out.extend(marked(acting(lang).manual_note, "", theme.dim, w));
    out
}
