//! The Contact tab: the order's chat with the buyer, oldest to newest (the newest
//! kept when it does not all fit), then the draft being written for the order with
//! its template and audience, the lint findings live under it, and the keys that
//! act on it. Chat text comes from the Market and draft text may hold what a template
//! filled in from it: both go through `clean`, line by line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, first_key, truncate, warning, width, wrap_words};
use crate::app::tui::action::Act;
use crate::app::tui::i18n::{self, acting, strings};
use crate::app::tui::state::{AppState, Draft, KeyMode, Row};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::cache::StoredChatMessage;
use crate::domain::incident::lint::{Audience, Finding, LintOptions, lint_with};
use crate::domain::order::Order;

/// Message text sits under its time and sender, indented by this.
const INDENT: &str = "  ";

/// The chat keeps at least this many lines (its title and the newest message) when
/// the draft is long.
const CHAT_MIN: usize = 4;

/// Draws the tab for the selected row.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext, row: &Row) {
    let w = usize::from(area.width);
    let h = usize::from(area.height);
    let draft = state.drafts.get(&row.order.order_id);
    let (text, tail) = match draft {
        Some(d) => (draft_text(d, w), draft_tail(state, ctx, d, &row.order, w)),
        None => (Vec::new(), empty_draft(state, ctx)),
    };
    let head = draft_head(state, ctx.theme, draft, w);
    let fixed = 1 + head.len() + tail.len();
    let chat_want = chat_len(state, ctx.theme, w);
    let chat_give = chat_want.min(
        h.saturating_sub(fixed + text.len())
            .max(CHAT_MIN.min(chat_want)),
    );
    let text_give = h.saturating_sub(chat_give + fixed);

    let mut lines = chat(state, ctx.theme, w, chat_give);
    lines.push(Line::default());
    lines.extend(head);
    let hidden = text.len().saturating_sub(text_give);
    if hidden > 0 && text_give > 0 {
        lines.extend(text.into_iter().take(text_give - 1));
        lines.push(Line::from(Span::styled(
            format!("{INDENT}… +{}", hidden + 1),
            ctx.theme.dim,
        )));
    } else {
        lines.extend(text.into_iter().take(text_give));
    }
    lines.extend(tail);
    frame.render_widget(Paragraph::new(lines), area);
}

/// The lines of one chat message: time and sender, then the text under them.
fn message_lines(lang: Lang, theme: &Theme, m: &StoredChatMessage, w: usize) -> Vec<Line<'static>> {
    let sender = match i18n::chat_sender(lang, &m.sender) {
        Some(s) => s.to_owned(),
        None => clean(&m.sender).into_owned(),
    };
    let head = Line::from(vec![
        Span::styled(i18n::msk_datetime(m.created_at), theme.dim),
        Span::raw("  "),
        Span::styled(
            truncate(&sender, w.saturating_sub(13)).into_owned(),
            theme.key,
        ),
    ]);
    let mut out = vec![head];
    for part in m.text.lines() {
        for l in wrap_words(&clean(part), w.saturating_sub(INDENT.len())) {
            out.push(Line::from(format!("{INDENT}{l}")));
        }
    }
    out
}

/// How many lines the whole chat takes, with its title.
fn chat_len(state: &AppState, theme: &Theme, w: usize) -> usize {
    let messages = state.selected_view().map_or(1, |v| {
        v.chat
            .iter()
            .map(|m| message_lines(state.lang, theme, m, w).len())
            .sum::<usize>()
            .max(1)
    });
    1 + messages
}

/// The chat in at most `room` lines: whole messages, newest kept, oldest first.
fn chat(state: &AppState, theme: &Theme, w: usize, room: usize) -> Vec<Line<'static>> {
    let a = acting(state.lang);
    let mut out = vec![Line::from(Span::styled(
        truncate(a.chat_title, w).into_owned(),
        theme.header,
    ))];
    let Some(view) = state.selected_view() else {
        out.push(Line::from(Span::styled(
            strings(state.lang).loading,
            theme.dim,
        )));
        return out;
    };
    if view.chat.is_empty() {
        out.push(Line::from(Span::styled(a.chat_empty, theme.dim)));
        return out;
    }
    let room = room.saturating_sub(1);
    let mut kept: Vec<Vec<Line<'static>>> = Vec::new();
    let mut used = 0;
    for (i, m) in view.chat.iter().enumerate().rev() {
        let lines = message_lines(state.lang, theme, m, w);
        // One line goes to "… N earlier" when older messages stay out.
        let reserve = usize::from(i > 0);
        if used + lines.len() + reserve <= room {
            used += lines.len();
            kept.push(lines);
        } else {
            if kept.is_empty() {
                // Even the newest is too long: its start, cut.
                kept.push(lines.into_iter().take(room.saturating_sub(1)).collect());
            }
            break;
        }
    }
    let earlier = view.chat.len() - kept.len();
    if earlier > 0 {
        let text = fill(a.chat_earlier, &[("n", &earlier)]);
        out.push(Line::from(Span::styled(text, theme.dim)));
    }
    out.extend(kept.into_iter().rev().flatten());
    out
}

/// The draft's heading: its template and who it goes to.
fn draft_head(
    state: &AppState,
    theme: &Theme,
    draft: Option<&Draft>,
    w: usize,
) -> Vec<Line<'static>> {
    let a = acting(state.lang);
    let mut spans = vec![Span::styled(a.draft_title, theme.header)];
    if let Some(d) = draft {
        let template = match &d.template {
            Some(name) => state
                .templates
                .iter()
                .find(|t| t.name == *name)
                .map_or_else(
                    || clean(name).into_owned(),
                    |t| clean(&t.title).into_owned(),
                ),
            None => a.no_template.to_owned(),
        };
        let to = match d.audience {
            Audience::Buyer => a.to_buyer,
            Audience::Carrier => a.to_carrier,
        };
        let rest = format!(" · {template} · {to}");
        let room = w.saturating_sub(width(a.draft_title));
        spans.push(Span::styled(truncate(&rest, room).into_owned(), theme.dim));
        // Whether the cache has it: nothing typed is lost either way (the journal).
        let kept = match &d.saved {
            Some((at, _)) if !d.unsaved() => fill(a.draft_saved, &[("at", &i18n::msk_clock(*at))]),
            _ => a.draft_unsaved.to_owned(),
        };
        return vec![
            Line::from(spans),
            Line::from(Span::styled(truncate(&kept, w).into_owned(), theme.dim)),
        ];
    }
    vec![Line::from(spans)]
}

/// The draft's text, line by line, wrapped; blank lines kept.
fn draft_text(d: &Draft, w: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for part in d.text.lines() {
        let wrapped = wrap_words(&clean(part), w.saturating_sub(INDENT.len()));
        if wrapped.is_empty() {
            out.push(Line::default());
        }
        for l in wrapped {
            out.push(Line::from(format!("{INDENT}{l}")));
        }
    }
    out
}

/// The lint of a draft as the send would run it (the order's id and tracks are
/// never taken for phone numbers).
pub(super) fn findings(d: &Draft, order: &Order) -> Vec<Finding> {
    let opts = LintOptions {
        audience: d.audience,
        known_numbers: std::iter::once(order.order_id.to_string())
            .chain(order.tracks.iter().cloned())
            .collect(),
    };
    lint_with(&d.text, &opts)
}

/// One finding as lines: `✗` blocks the send, `!` only warns.
pub(super) fn finding_lines(
    lang: Lang,
    theme: &Theme,
    f: &Finding,
    w: usize,
) -> Vec<Line<'static>> {
    let (mark, style) = if f.blocking {
        ("✗ ", theme.error)
    } else {
        ("! ", warning(theme))
    };
    // The message quotes the offending text itself.
    wrap_words(&clean(f.message(lang)), w.saturating_sub(2))
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let lead = if i == 0 { mark } else { "  " };
            Line::from(Span::styled(format!("{lead}{l}"), style))
        })
        .collect()
}

/// Under the draft: its length, the lint findings, what the send will do, the keys.
fn draft_tail(
    state: &AppState,
    ctx: &UiContext,
    d: &Draft,
    order: &Order,
    w: usize,
) -> Vec<Line<'static>> {
    let (lang, theme, a) = (state.lang, ctx.theme, acting(state.lang));
    let mut out = Vec::new();
    let found = findings(d, order);
    let count = fill(a.chars, &[("n", &d.text.chars().count())]);
    if found.is_empty() {
        out.push(Line::from(Span::styled(
            truncate(&format!("{count} · ✓ {}", a.lint_clean), w).into_owned(),
            theme.dim,
        )));
    } else {
        out.push(Line::from(Span::styled(count, theme.dim)));
    }
    for f in &found {
        out.extend(finding_lines(lang, theme, f, w));
    }
    if found.iter().any(|f| f.blocking)
        && let Some(key) = first_key(ctx, KeyMode::Normal, Act::SendDraft)
    {
        let text = fill(a.send_refused, &[("key", &key)]);
        out.push(Line::from(Span::styled(
            truncate(&text, w).into_owned(),
            theme.error,
        )));
    }
    if d.audience == Audience::Carrier
        && let Some(key) = first_key(ctx, KeyMode::Normal, Act::CopyDraft)
    {
        let text = fill(
            a.carrier_copy,
            &[("key", &key), ("to", &carrier_contacts(state, order))],
        );
        for l in wrap_words(&text, w) {
            out.push(Line::from(Span::styled(l, theme.dim)));
        }
    }
    if let Some(h) = hints(state, ctx, w) {
        out.push(h);
    }
    out
}

/// The configured contacts of the order's carrier, cleaned.
fn carrier_contacts(state: &AppState, order: &Order) -> String {
    state
        .incident_cfg
        .carriers
        .iter()
        .find(|c| c.id == order.carrier_id)
        .map(|c| {
            [Some(c.name.clone()), c.email.clone(), c.phone.clone()]
                .into_iter()
                .flatten()
                .map(|p| clean(&p).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| clean(&order.carrier).into_owned())
}

/// No draft yet: how to start one.
fn empty_draft(state: &AppState, ctx: &UiContext) -> Vec<Line<'static>> {
    let a = acting(state.lang);
    let theme = ctx.theme;
    let mut out = vec![Line::from(Span::styled(a.no_draft, theme.dim))];
    for (act, text) in [
        (Act::ActOnTab, a.pick_template),
        (Act::InlineEdit, a.write_yourself),
    ] {
        if let Some(key) = first_key(ctx, KeyMode::Normal, act) {
            let rest = fill(text, &[("key", &"")]);
            out.push(Line::from(vec![
                Span::styled(key, theme.key),
                Span::raw(rest),
            ]));
        }
    }
    out
}

/// The keys that act on a draft, in this order on screen.
const HINTS: [Act; 5] = [
    Act::ActOnTab,
    Act::InlineEdit,
    Act::EditDraft,
    Act::CopyDraft,
    Act::SendDraft,
];
/// Which of them stay when not all fit: sending first, the external editor last.
const HINT_PRIORITY: [Act; 5] = [
    Act::SendDraft,
    Act::ActOnTab,
    Act::InlineEdit,
    Act::CopyDraft,
    Act::EditDraft,
];

/// The keys that act on a draft, as many as fit; `None` when none is bound.
fn hints(state: &AppState, ctx: &UiContext, w: usize) -> Option<Line<'static>> {
    let a = acting(state.lang);
    let hint = |act: Act| {
        let key = first_key(ctx, KeyMode::Normal, act)?;
        let word = if act == Act::ActOnTab {
            a.hint_template
        } else {
            i18n::action_hint(state.lang, act)
        };
        Some((key, word))
    };
    let mut chosen = Vec::new();
    let mut used = 0;
    for action in HINT_PRIORITY {
        if let Some((key, word)) = hint(action) {
            let need = 2 + width(&key) + 1 + width(word);
            if used + need <= w + 2 {
                used += need;
                chosen.push(action);
            }
        }
    }
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (key, word) in HINTS
        .iter()
        .filter(|a| chosen.contains(a))
        .filter_map(|a| hint(*a))
    {
        if !spans.is_empty() {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key, ctx.theme.key));
        spans.push(Span::raw(format!(" {word}")));
    }
    (!spans.is_empty()).then(|| Line::from(spans))
}
