//! The Reroute tab: every alternative delivery `reroute::options` gives for the
//! order's model and state, numbered as the `a` picker lists them — the available ones
//! with their effect (the date-move budget, "N of M moves left", comes in its text),
//! ETA or deadline and warnings; the ones the rules forbid greyed, with why. Also the
//! option-list drawing the Status tab shares.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, first_key, truncate, warning, width, wrap_words};
use crate::app::tui::action::Act;
use crate::app::tui::i18n::{self, acting, strings};
use crate::app::tui::state::{AppState, KeyMode};
use crate::app::tui::theme::Theme;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::domain::incident::reroute::{self, RerouteKind};

/// Effect, ETA, warnings and why-not sit under the option's title, indented by this.
const INDENT: &str = "   ";

/// One option as the list draws it, in the UI language.
pub(super) struct Item {
    pub title: String,
    pub available: bool,
    pub why_not: Option<String>,
    pub warnings: Vec<String>,
    pub effect: String,
    /// The new date, time left or deadline.
    pub eta: Option<String>,
}

/// The lines of a numbered option list in at most about `room` lines. In full an
/// option shows its title, ETA, effect and warnings (or why not); in short, its title
/// with the ETA and one line of why not. Every option starts short, then each in turn
/// gets its full text while the list still fits, so the whole menu stays in view and
/// the first options say the most.
pub(super) fn item_lines(
    lang: crate::base::lang::Lang,
    theme: &Theme,
    items: &[Item],
    w: usize,
    room: usize,
) -> Vec<Line<'static>> {
    let short: Vec<Vec<Line<'static>>> = items
        .iter()
        .enumerate()
        .map(|(i, it)| item(lang, theme, i, it, w, true))
        .collect();
    let mut used: usize = short.iter().map(Vec::len).sum();
    let mut out = Vec::new();
    for ((i, it), short) in items.iter().enumerate().zip(short) {
        let full = item(lang, theme, i, it, w, false);
        let extra = full.len().saturating_sub(short.len());
        if used + extra <= room {
            used += extra;
            out.extend(full);
        } else {
            out.extend(short);
        }
    }
    out
}

/// The lines of the `i`-th option, full or `short`.
fn item(
    lang: crate::base::lang::Lang,
    theme: &Theme,
    i: usize,
    it: &Item,
    w: usize,
    short: bool,
) -> Vec<Line<'static>> {
    let a = acting(lang);
    let inner = w.saturating_sub(INDENT.len());
    let at = |l: String, style: Style| Line::from(Span::styled(format!("{INDENT}{l}"), style));
    let (title_style, text_style) = if it.available {
        (Style::new(), Style::new())
    } else {
        (theme.dim, theme.dim)
    };
    let mut out = Vec::new();
    let title = format!("{}. {}", i + 1, clean(&it.title));
    if short {
        let mut title = title;
        if let Some(eta) = &it.eta {
            title.push_str(&format!(" → {}", clean(eta)));
        }
        out.push(Line::from(Span::styled(
            truncate(&title, w).into_owned(),
            title_style,
        )));
    } else {
        for (j, l) in wrap_words(&title, w).into_iter().enumerate() {
            let l = if j == 0 { l } else { format!("{INDENT}{l}") };
            out.push(Line::from(Span::styled(l, title_style)));
        }
    }
    if !it.available {
        let why = format!("✗ {}: {}", a.not_now, it.why_not.as_deref().unwrap_or("—"));
        let why = clean(&why);
        if short {
            out.push(at(truncate(&why, inner).into_owned(), theme.dim));
        } else {
            out.extend(
                wrap_words(&why, inner)
                    .into_iter()
                    .map(|l| at(l, theme.dim)),
            );
        }
        return out;
    }
    if short {
        return out;
    }
    if let Some(eta) = &it.eta {
        out.push(at(
            truncate(&format!("→ {}", clean(eta)), inner).into_owned(),
            theme.key,
        ));
    }
    out.extend(
        wrap_words(&clean(&it.effect), inner)
            .into_iter()
            .map(|l| at(l, text_style)),
    );
    for warn in &it.warnings {
        for (j, l) in wrap_words(&clean(warn), inner.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let lead = if j == 0 { "! " } else { "  " };
            out.push(at(format!("{lead}{l}"), warning(theme)));
        }
    }
    out
}

/// Draws `heading`, the body in the room left, and on the last line the keys that
/// act on the tab (each hint is "key — words").
pub(super) fn draw_list(
    frame: &mut Frame,
    area: Rect,
    ctx: &UiContext,
    heading: Line<'static>,
    body: impl FnOnce(usize) -> Vec<Line<'static>>,
    hints: &[String],
) {
    let (w, h) = (usize::from(area.width), usize::from(area.height));
    let hint = (!hints.is_empty()).then(|| hint_line(ctx.theme, hints, w));
    let room = h.saturating_sub(1 + usize::from(hint.is_some()));
    let mut lines = vec![heading];
    lines.extend(body(room).into_iter().take(room));
    if let Some(hint) = hint {
        // The keys stay on the last line however long the list is.
        while lines.len() + 1 < h {
            lines.push(Line::default());
        }
        lines.push(hint);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// "a — choose an option  L logs a call": keys bold, words dim, as many as fit.
fn hint_line(theme: &Theme, hints: &[String], w: usize) -> Line<'static> {
    let mut spans = Vec::new();
    let mut used = 0;
    for h in hints {
        let sep = if spans.is_empty() { 0 } else { 2 };
        if used + sep + width(h) > w {
            if spans.is_empty() {
                spans.push(Span::styled(truncate(h, w).into_owned(), theme.dim));
            }
            break;
        }
        used += sep + width(h);
        if sep > 0 {
            spans.push(Span::raw("  "));
        }
        match h.split_once(' ') {
            Some((key, rest)) => {
                spans.push(Span::styled(key.to_owned(), theme.key));
                spans.push(Span::styled(format!(" {rest}"), theme.dim));
            }
            None => spans.push(Span::styled(h.clone(), theme.key)),
        }
    }
    Line::from(spans)
}

/// The tab's heading: its name, then the order's model and status.
pub(super) fn heading(
    theme: &Theme,
    name: &str,
    model: &str,
    status: &str,
    w: usize,
) -> Line<'static> {
    let rest = format!(" · {} · {}", clean(model), clean(status));
    let room = w.saturating_sub(width(name));
    Line::from(vec![
        Span::styled(truncate(name, w).into_owned(), theme.header),
        Span::styled(truncate(&rest, room).into_owned(), theme.dim),
    ])
}

/// Draws the Reroute tab for the selected order's loaded detail.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let (lang, theme) = (state.lang, ctx.theme);
    let a = acting(lang);
    let Some((order, history)) = state.selected_view().and_then(|v| v.order.as_ref()) else {
        frame.render_widget(
            Paragraph::new(Line::from(strings(lang).loading).style(theme.dim)),
            area,
        );
        return;
    };
    let Some(view) = state.selected_view() else {
        return;
    };
    let items: Vec<Item> = reroute::options(order, history, &view.ctx, state.now)
        .into_iter()
        .map(|o| {
            let mut title = o.kind.title().get(lang).to_owned();
            if o.kind == RerouteKind::ChangeCarrier
                && let Some(c) = &o.carrier
            {
                title.push_str(&format!(" — {}", c.name));
            }
            let eta = o.eta.as_ref().map(|e| e.get(lang).to_owned()).or_else(|| {
                o.deadline
                    .map(|d| i18n::relative(lang, (d - state.now).num_seconds()))
            });
            Item {
                title,
                available: o.available,
                why_not: o.why_not.as_ref().map(|m| m.get(lang).to_owned()),
                warnings: o.warnings.iter().map(|m| m.get(lang).to_owned()).collect(),
                effect: o.effect.get(lang).to_owned(),
                eta,
            }
        })
        .collect();
    let w = usize::from(area.width);
    let head = heading(
        theme,
        a.reroute_title,
        order.model.as_str(),
        order.status.as_str(),
        w,
    );
    let hints: Vec<String> = first_key(ctx, KeyMode::Normal, Act::ActOnTab)
        .map(|k| fill(a.choose_option, &[("key", &k)]))
        .into_iter()
        .collect();
    draw_list(
        frame,
        area,
        ctx,
        head,
        |room| {
            if items.is_empty() {
                return vec![Line::from(Span::styled(a.no_options, theme.dim))];
            }
            item_lines(lang, theme, &items, w, room)
        },
        &hints,
    );
}
