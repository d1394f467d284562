//! The footer line. Left: key hints generated from the keymap for the current mode
//! (what fits), or the latest error, which wins over hints (never a blocking box).
//! Right: who syncs, how old the data is in the Market's clock (Moscow), the count of
//! marked orders, the DEMO / READ-ONLY badges and the outbox (writes waiting, writes
//! refused), which are the last to go on a narrow screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, truncate};
use crate::app::tui::i18n::{self, acting, strings};
use crate::app::tui::state::{AppState, DetailTab, Mode, Pending};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;
use crate::base::text::clean;

/// The normal-mode hints, most wanted first; they are shown in `DISPLAY` order.
const PRIORITY: [&str; 10] = [
    "help",
    "quit",
    "filter",
    "move_down",
    "toggle_detail",
    "next_section",
    "cycle_sort",
    "next_tab",
    "refresh",
    "refetch",
];
const DISPLAY: [&str; 10] = [
    "move_down",
    "next_section",
    "filter",
    "cycle_sort",
    "toggle_detail",
    "next_tab",
    "refetch",
    "refresh",
    "help",
    "quit",
];
/// Keys shown per hint; `?` lists them all.
const KEYS_PER_HINT: usize = 2;
/// On the tabs that act, their key is wanted right after help and quit, and shown
/// after the tab key.
const ACT: &str = "act";
const ACT_PRIORITY: usize = 2;
/// Keys after the first are shown only when this narrow ("j/↓", not "q/Ctrl-c").
const EXTRA_KEY_WIDTH: usize = 1;
const SEP: &str = "  ";

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

/// The word of a hint: the action's own, except where the mode gives a key another
/// meaning (Enter in a picker chooses, Esc in a draft keeps what was typed).
fn word(lang: Lang, mode: Mode, action: &str, multiline: bool) -> Option<&'static str> {
    let a = acting(lang);
    Some(match (mode, action) {
        (Mode::Pick, "confirm") => a.pick_choose,
        (Mode::Pick, "back") => a.cancel,
        (Mode::Input, "back") if multiline => a.input_done,
        (Mode::Input, "back") => a.input_cancel,
        _ => return i18n::action_hint(lang, action),
    })
}

fn hint(ctx: &UiContext, lang: Lang, mode: Mode, action: &str) -> Option<Hint> {
    hint_for(ctx, lang, mode, action, false)
}

fn hint_for(
    ctx: &UiContext,
    lang: Lang,
    mode: Mode,
    action: &str,
    multiline: bool,
) -> Option<Hint> {
    let b = ctx.keymap.bindings(mode).find(|b| b.action == action)?;
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
        word: word(lang, mode, action, multiline)?,
    })
}

/// The hints of a mode, in display order, as many as fit in `room`.
/// `side_by_side`: the detail is always shown, so its toggle is not worth a hint.
fn hints(ctx: &UiContext, state: &AppState, room: usize, side_by_side: bool) -> Vec<Hint> {
    let lang = state.lang;
    match state.mode {
        Mode::Normal => {
            let acting_tab = matches!(
                state.detail_tab,
                DetailTab::Contact
                    | DetailTab::Reroute
                    | DetailTab::Compensation
                    | DetailTab::Status
            );
            let mut priority = PRIORITY.to_vec();
            let mut display = DISPLAY.to_vec();
            if acting_tab {
                priority.insert(ACT_PRIORITY, ACT);
                let after_tab = display
                    .iter()
                    .position(|n| *n == "next_tab")
                    .map_or(0, |i| i + 1);
                display.insert(after_tab, ACT);
            }
            let mut chosen: Vec<&str> = Vec::new();
            let mut used = 0;
            for name in priority {
                if side_by_side && name == "toggle_detail" {
                    continue;
                }
                if let Some(h) = hint(ctx, lang, Mode::Normal, name) {
                    let w = h.width() + SEP.len();
                    if used + w <= room + SEP.len() {
                        used += w;
                        chosen.push(name);
                    }
                }
            }
            display
                .iter()
                .filter(|n| chosen.contains(n))
                .filter_map(|n| hint(ctx, lang, Mode::Normal, n))
                .collect()
        }
        mode => {
            // Enter in the filter and in an input is built into the keymap, not bound.
            let multiline = state.input.as_ref().is_some_and(|i| i.purpose.multiline());
            let implicit = match mode {
                Mode::Filter => Some(strings(lang).filter_accept),
                Mode::Input if multiline => Some(acting(lang).input_newline),
                Mode::Input => Some(acting(lang).input_accept),
                _ => None,
            }
            .map(|word| Hint {
                keys: "Enter".into(),
                word,
            });
            // The move keys of a confirm only walk the root causes of the close dialog.
            let walks = matches!(state.pending, Some(Pending::Close { .. }));
            let bound = ctx
                .keymap
                .bindings(mode)
                .filter(|b| {
                    walks || mode != Mode::Confirm || !matches!(b.action, "move_down" | "move_up")
                })
                .filter_map(|b| hint_for(ctx, lang, mode, b.action, multiline))
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
    }
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

/// The right side: sync activity (dropped first), data age, badges.
/// `compact` leaves out the clock, to make room for an error.
fn status_spans(state: &AppState, theme: &Theme, room: usize, compact: bool) -> Vec<Span<'static>> {
    let s = strings(state.lang);
    let mut age = match &state.footer.last_sync {
        Some(run) => {
            let clock = i18n::msk_clock(run.finished_at);
            let mut v = Vec::new();
            if !compact {
                v.push(Span::raw(format!("{} {clock} · ", s.synced)));
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
        None => vec![Span::styled(s.never_synced, theme.stale)],
    };
    // A failing sync is said from the first failed round, for every agent, in place
    // of the data's age (which would only turn "stale" minutes later).
    if let Some(f) = &state.footer.failing {
        let since = format!("{} {}", s.sync_failing, i18n::msk_clock(f.since));
        let why = i18n::sync_failure(state.lang, &f.kind)
            .map_or_else(|| clean(&f.message).into_owned(), str::to_owned);
        let full = format!("{since}: {why}");
        // The reason when it fits in half the line; the time it began always.
        let text = if compact || super::width(&full) > room / 2 {
            since
        } else {
            full
        };
        age = vec![Span::styled(format!("✗ {text}"), theme.error)];
    }
    let mut badges = Vec::new();
    if !state.marked.is_empty() {
        let n = state.marked.len().to_string();
        badges.push(Span::raw(" "));
        badges.push(Span::styled(
            format!("+ {}", acting(state.lang).marked.replace("{n}", &n)),
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

/// "u undo close 48291736450 · 8 s", while the last act may be taken back.
fn undo_offer(state: &AppState, ctx: &UiContext) -> Vec<Span<'static>> {
    let (Some(u), Mode::Normal) = (&state.undo, state.mode) else {
        return Vec::new();
    };
    let left = u.left(state.now);
    let Some(key) = super::first_key(ctx, Mode::Normal, "undo").filter(|_| left > 0) else {
        return Vec::new();
    };
    let word = i18n::action_hint(state.lang, "undo").unwrap_or_default();
    vec![
        Span::styled(key, ctx.theme.key),
        Span::styled(
            format!(
                " {word}: {} {} · {}",
                u.what,
                u.order_id,
                acting(state.lang).seconds.replace("{n}", &left.to_string())
            ),
            ctx.theme.notice,
        ),
        Span::raw(SEP),
    ]
}

/// Draws the footer into its one line.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let total = usize::from(area.width);
    // An error needs room to be read: below 100 columns the right side shrinks for it.
    let error = state.footer.error.as_deref().map(clean);
    let compact = error.is_some() && total < 100;
    let right = Line::from(status_spans(state, theme, total, compact));
    let right_width = right.width().min(total);
    let room = total.saturating_sub(right_width + 2);

    let mut left = Vec::new();
    if let Some(err) = error {
        // The error wins over hints; only the way to help stays, when there is room.
        let help = hint(ctx, state.lang, Mode::Normal, "help")
            .filter(|h| state.mode == Mode::Normal && h.width() + 50 < room);
        let mut used = 0;
        if let Some(h) = help {
            used = h.width() + SEP.len();
            left = hint_spans(vec![h], theme);
            left.push(Span::raw(SEP));
        }
        let text = format!("✗ {err}");
        left.push(Span::styled(
            truncate(&text, room.saturating_sub(used)).into_owned(),
            theme.error,
        ));
    } else {
        // An act that may still be taken back is offered first, with its seconds.
        let undo = undo_offer(state, ctx);
        let room = room.saturating_sub(undo.iter().map(Span::width).sum::<usize>());
        let hs = hints(ctx, state, room, area.width >= super::SIDE_BY_SIDE);
        left = undo;
        left.extend(hint_spans(hs, theme));
        // After the hints, what room is left: a notice, else the write the Market
        // refused last (its order, kind and the Market's words).
        let refused = state
            .footer
            .outbox
            .as_ref()
            .and_then(|o| o.last_failure.as_ref())
            .map(|f| {
                let kind = i18n::write_kind(state.lang, &f.kind)
                    .map_or_else(|| clean(&f.kind).into_owned(), str::to_owned);
                let order = f.order_id.map(|id| format!("{id} ")).unwrap_or_default();
                (
                    format!("✉✗ {order}{kind}: {}", clean(&f.error)),
                    theme.error,
                )
            });
        let extra = match &state.footer.notice {
            Some(notice) => Some((clean(notice).into_owned(), theme.notice)),
            None => refused,
        };
        if let Some((text, style)) = extra {
            let used: usize = left.iter().map(Span::width).sum();
            let free = room.saturating_sub(used + SEP.len());
            if free >= 10 {
                left.push(Span::raw(SEP));
                left.push(Span::styled(truncate(&text, free).into_owned(), style));
            }
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
