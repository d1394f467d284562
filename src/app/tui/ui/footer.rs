//! The footer line. Left: an act that may still be undone, then the notice of what
//! just happened (for a few seconds; the log `!` keeps them all), then key hints
//! generated from the keymap for the current mode — the hints shrink first, a notice
//! is never pushed out by them. Right: who syncs, how old the data is, the count of
//! marked orders, the DEMO / READ-ONLY badges and the outbox (writes waiting, writes
//! refused), which are the last to go on a narrow screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, truncate};
use crate::app::tui::action::Act;
use crate::app::tui::i18n::{self, acting, strings};
use crate::app::tui::state::{AppState, DetailTab, KeyMode, Mode, Pending};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;

/// The normal-mode hints, most wanted first; they are shown in `DISPLAY` order.
const PRIORITY: [Act; 11] = [
    Act::Help,
    Act::Quit,
    Act::Filter,
    Act::MoveDown,
    Act::ToggleDetail,
    Act::NextSection,
    Act::CycleSort,
    Act::NextTab,
    Act::Command,
    Act::Refresh,
    Act::Refetch,
];
const DISPLAY: [Act; 11] = [
    Act::MoveDown,
    Act::NextSection,
    Act::Filter,
    Act::CycleSort,
    Act::ToggleDetail,
    Act::NextTab,
    Act::Refetch,
    Act::Refresh,
    Act::Command,
    Act::Help,
    Act::Quit,
];
/// Keys shown per hint; `?` lists them all.
const KEYS_PER_HINT: usize = 2;
/// On the tabs that act, their key is wanted right after help and quit, and shown
/// after the tab key.
const ACT_PRIORITY: usize = 2;
/// Keys after the first are shown only when this narrow ("j/↓", not "q/Ctrl-c").
const EXTRA_KEY_WIDTH: usize = 1;
const SEP: &str = "  ";
/// The least room a notice is cut to before the hints give way entirely.
const NOTICE_MIN: usize = 10;

/// One hint: keys and word.
struct Hint {
    keys: String,
    word: &'static str,
}

impl Hint {
    fn width(&self) -> usize {
        super::width(&self.keys) + 1 + super::width(self.word)
    }
}

/// The word of a hint: the act's own, except where the mode gives a key another
/// meaning (Enter in a picker chooses, Esc in a draft keeps what was typed).
fn word(lang: Lang, mode: KeyMode, act: Act, multiline: bool) -> &'static str {
    let a = acting(lang);
    match (mode, act) {
        (KeyMode::Pick, Act::Confirm) => a.pick_choose,
        (KeyMode::Pick, Act::Back) => a.cancel,
        (KeyMode::Input, Act::Back) if multiline => a.input_done,
        (KeyMode::Input, Act::Back) => a.input_close,
        (KeyMode::Help, Act::Filter) => strings(lang).help_search,
        _ => i18n::action_hint(lang, act),
    }
}

fn hint(ctx: &UiContext, lang: Lang, mode: KeyMode, act: Act, multiline: bool) -> Option<Hint> {
    let b = ctx.keymap.binding(mode, act)?;
    let keys = b
        .keys
        .iter()
        .map(ToString::to_string)
        .enumerate()
        .filter(|(i, k)| *i == 0 || super::width(k) <= EXTRA_KEY_WIDTH)
        .map(|(_, k)| k)
        .take(KEYS_PER_HINT)
        .collect::<Vec<_>>();
    Some(Hint {
        keys: keys.join("/"),
        word: word(lang, mode, act, multiline),
    })
}

/// The list's hints, in display order, as many as fit in `room`.
/// `side_by_side`: the detail is always shown, so its toggle is not worth a hint.
fn normal_hints(ctx: &UiContext, state: &AppState, room: usize, side_by_side: bool) -> Vec<Hint> {
    let lang = state.lang;
    let acting_tab = matches!(
        state.detail_tab,
        DetailTab::Contact | DetailTab::Reroute | DetailTab::Compensation | DetailTab::Status
    );
    let mut priority = PRIORITY.to_vec();
    let mut display = DISPLAY.to_vec();
    if acting_tab {
        priority.insert(ACT_PRIORITY, Act::ActOnTab);
        let after_tab = display
            .iter()
            .position(|n| *n == Act::NextTab)
            .map_or(0, |i| i + 1);
        display.insert(after_tab, Act::ActOnTab);
    }
    let mut chosen: Vec<Act> = Vec::new();
    let mut used = 0;
    for act in priority {
        if side_by_side && act == Act::ToggleDetail {
            continue;
        }
        if let Some(h) = hint(ctx, lang, KeyMode::Normal, act, false) {
            let w = h.width() + SEP.len();
            if used + w <= room + SEP.len() {
                used += w;
                chosen.push(act);
            }
        }
    }
    display
        .iter()
        .filter(|a| chosen.contains(a))
        .filter_map(|a| hint(ctx, lang, KeyMode::Normal, *a, false))
        .collect()
}

/// The hints of a dialog or another screen: the keys built into it first (Enter in a
/// line of text, which the keymap does not bind), then its bindings, as many as fit.
fn mode_hints(ctx: &UiContext, state: &AppState, room: usize) -> Vec<Hint> {
    let lang = state.lang;
    let mode = state.mode.keys();
    let multiline = state.mode.input().is_some_and(|i| i.text.multiline());
    let implicit = match (mode, &state.mode) {
        (KeyMode::Filter, _) => Some(strings(lang).filter_accept),
        (KeyMode::Input, _) if multiline => Some(acting(lang).input_newline),
        (KeyMode::Input, _) => Some(acting(lang).input_accept),
        (KeyMode::Command, _) => Some(strings(lang).command_run),
        _ => None,
    }
    .map(|word| Hint {
        keys: "Enter".into(),
        word,
    });
    // The move keys of a confirm only walk the root causes of the close dialog.
    let walks = matches!(state.mode, Mode::Confirm(Pending::Close { .. }));
    let bound = ctx
        .keymap
        .bindings(mode)
        .filter(|b| {
            walks || mode != KeyMode::Confirm || !matches!(b.act, Act::MoveDown | Act::MoveUp)
        })
        .filter(|b| {
            // Switching the language is the template picker's alone.
            b.act != Act::SwitchLang
                || matches!(&state.mode, Mode::Pick(p)
                    if matches!(p.purpose, crate::app::tui::dialog::PickFor::Template { .. }))
        })
        .filter_map(|b| hint(ctx, lang, mode, b.act, multiline))
        .collect::<Vec<_>>();
    let mut used = 0;
    implicit
        .into_iter()
        .chain(bound)
        .take_while(|h| {
            used += h.width() + SEP.len();
            used <= room + SEP.len()
        })
        .collect()
}

fn hint_spans(hints: Vec<Hint>, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    for (i, h) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(SEP));
        }
        spans.push(Span::styled(h.keys, theme.key));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(h.word));
    }
    spans
}

/// How old the data is, or since when syncs fail. `compact` leaves out the clock.
fn age_spans(state: &AppState, theme: &Theme, room: usize, compact: bool) -> Vec<Span<'static>> {
    let s = strings(state.lang);
    // A failing sync is said from the first failed round, for every agent, in place
    // of the data's age (which would only turn "stale" minutes later).
    if let Some(f) = &state.footer.failing {
        let since = format!("{} {} {}", s.sync_failing, i18n::msk_clock(f.since), s.msk);
        let why = i18n::sync_failure(state.lang, &f.kind)
            .map_or_else(|| clean(&f.message).into_owned(), str::to_owned);
        let full = format!("{since}: {why}");
        // The reason when it fits in half the line; the time it began always.
        let text = if compact || super::width(&full) > room / 2 {
            since
        } else {
            full
        };
        return vec![Span::styled(format!("✗ {text}"), theme.error)];
    }
    let Some(run) = &state.footer.last_sync else {
        return vec![Span::styled(s.never_synced, theme.stale)];
    };
    let mut v = Vec::new();
    if !compact {
        let clock = i18n::msk_clock(run.finished_at);
        // The one place the screen says its clock is Moscow's: every time shown is.
        v.push(Span::raw(format!("{} {clock} {} · ", s.synced, s.msk)));
    }
    if state.is_stale() {
        v.push(Span::styled(s.stale, theme.stale));
    } else {
        v.push(Span::raw(i18n::age(
            state.lang,
            state.data_age().unwrap_or(0),
        )));
    }
    v
}

/// The marks, the badges and the outbox's counts.
fn badge_spans(state: &AppState, theme: &Theme) -> Vec<Span<'static>> {
    let s = strings(state.lang);
    let mut badges = Vec::new();
    if !state.marked.is_empty() {
        let n = state.marked.len().to_string();
        badges.push(Span::raw(" "));
        badges.push(Span::styled(
            format!("+ {}", fill(acting(state.lang).marked, &[("n", &n)])),
            theme.key,
        ));
    }
    for (on, word) in [(state.demo, s.demo), (state.read_only, s.read_only)] {
        if on {
            badges.push(Span::raw(" "));
            badges.push(Span::styled(format!(" {word} "), theme.badge));
        }
    }
    if let Some(o) = &state.footer.outbox {
        let waiting = o.queued + o.sending;
        if waiting > 0 {
            badges.push(Span::raw(" "));
            badges.push(Span::styled(format!("✉ {waiting}"), theme.dim));
        }
        if o.failed > 0 {
            badges.push(Span::raw(" "));
            badges.push(Span::styled(format!("✉✗ {}", o.failed), theme.error));
        }
    }
    badges
}

/// The right side: sync activity (dropped first), data age, badges.
fn status_spans(state: &AppState, theme: &Theme, room: usize, compact: bool) -> Vec<Span<'static>> {
    let s = strings(state.lang);
    let mut age = age_spans(state, theme, room, compact);
    let mut badges = badge_spans(state, theme);
    let activity = match (&state.footer.progress, &state.footer.syncing) {
        (Some(p), _) => Some(format!("⟳ {}", clean(p))),
        (None, Some(lease)) => {
            let mut t = format!("⟳ {} {}", s.syncing, clean(&lease.holder));
            if !lease.progress.is_empty() {
                t.push_str(&format!(": {}", clean(&lease.progress)));
            }
            Some(t)
        }
        (None, None) => None,
    };
    let fixed: usize = age.iter().chain(&badges).map(Span::width).sum();
    let mut spans = Vec::new();
    if let Some(a) = activity.filter(|_| !compact) {
        // Sync activity may use what the age and badges leave of half the line.
        let max = (room / 2).saturating_sub(fixed + 2);
        if max >= 8 {
            spans.push(Span::styled(truncate(&a, max).into_owned(), theme.dim));
            spans.push(Span::raw("  "));
        }
    }
    spans.append(&mut age);
    spans.append(&mut badges);
    spans
}

/// "u undo: close 48291736450 · 8 s", while the last act may be taken back.
fn undo_offer(state: &AppState, ctx: &UiContext) -> Vec<Span<'static>> {
    let (Some(u), Mode::Normal) = (&state.undo, &state.mode) else {
        return Vec::new();
    };
    let left = u.left(state.now);
    let Some(key) = super::first_key(ctx, KeyMode::Normal, Act::Undo).filter(|_| left > 0) else {
        return Vec::new();
    };
    let word = i18n::action_hint(state.lang, Act::Undo);
    vec![
        Span::styled(key, ctx.theme.key),
        Span::styled(
            format!(
                " {word}: {} {} · {}",
                u.what,
                u.order_id,
                fill(acting(state.lang).seconds, &[("n", &left)])
            ),
            ctx.theme.notice,
        ),
        Span::raw(SEP),
    ]
}

/// The notice still on the line, as spans cut to `room` (`✗` before a refusal).
fn notice_spans(state: &AppState, theme: &Theme, room: usize) -> Vec<Span<'static>> {
    let Some(n) = state.notice_now() else {
        return Vec::new();
    };
    let (text, style) = if n.error {
        (format!("✗ {}", clean(&n.text)), theme.error)
    } else {
        (clean(&n.text).into_owned(), theme.notice)
    };
    let text = match n.repeats {
        1 => text,
        r => format!("{text} (×{r})"),
    };
    vec![Span::styled(truncate(&text, room).into_owned(), style)]
}

/// Draws the footer into its one line.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let total = usize::from(area.width);
    // A notice needs room to be read: below 100 columns the right side shrinks for it.
    let compact = state.notice_now().is_some() && total < 100;
    let right = Line::from(status_spans(state, theme, total, compact));
    let right_width = right.width().min(total);
    let room = total.saturating_sub(right_width + 2);

    // An act that may still be taken back is offered first, with its seconds; then
    // what just happened; the hints take what is left.
    let mut left = undo_offer(state, ctx);
    let used: usize = left.iter().map(Span::width).sum();
    let notice = notice_spans(state, theme, room.saturating_sub(used).max(NOTICE_MIN));
    let used = used + notice.iter().map(Span::width).sum::<usize>();
    let hint_room = room.saturating_sub(used + if notice.is_empty() { 0 } else { SEP.len() });
    let hints = match state.mode.keys() {
        KeyMode::Normal => normal_hints(ctx, state, hint_room, area.width >= super::SIDE_BY_SIDE),
        _ => mode_hints(ctx, state, hint_room),
    };
    let quiet = notice.is_empty();
    left.extend(notice);
    if !hints.is_empty() {
        if !quiet {
            left.push(Span::raw(SEP));
        }
        left.extend(hint_spans(hints, theme));
    }
    // Nothing said just now: what room is left shows the Market's last refusal.
    let free = room.saturating_sub(left.iter().map(Span::width).sum::<usize>() + SEP.len());
    if quiet && free >= NOTICE_MIN {
        let refusal = last_refusal(state, theme, free);
        if !refusal.is_empty() {
            left.push(Span::raw(SEP));
            left.extend(refusal);
        }
    }
    frame.render_widget(Paragraph::new(Line::from(left)).style(theme.footer), area);
    let w = right_width as u16;
    let at = Rect {
        x: area.right().saturating_sub(w),
        width: w,
        ..area
    };
    frame.render_widget(Paragraph::new(right).style(theme.footer), at);
}

/// The write the Market refused last: its order, kind and the Market's words.
fn last_refusal(state: &AppState, theme: &Theme, room: usize) -> Vec<Span<'static>> {
    let Some(f) = state
        .footer
        .outbox
        .as_ref()
        .and_then(|o| o.last_failure.as_ref())
    else {
        return Vec::new();
    };
    let kind = i18n::write_kind(state.lang, &f.kind)
        .map_or_else(|| clean(&f.kind).into_owned(), str::to_owned);
    let order = f.order_id.map(|id| format!("{id} ")).unwrap_or_default();
    let text = format!("✉✗ {order}{kind}: {}", clean(&f.error));
    vec![Span::styled(
        truncate(&text, room).into_owned(),
        theme.error,
    )]
}
