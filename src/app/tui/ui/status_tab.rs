//! The Status tab: the status changes `status_options::options` gives for the
//! order's model and state, numbered as the `a` picker lists them, the forbidden ones
//! greyed with why; then, for DBS (or once any is logged), the calls to the buyer that
//! the "buyer unreachable" cancellation needs, and whether they meet the protocol.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::reroute::{Item, draw_list, heading, item_lines};
use super::{UiContext, first_key, truncate, wrap_words};
use crate::app::tui::action::Act;
use crate::app::tui::i18n::{self, acting, strings};
use crate::app::tui::state::{AppState, KeyMode};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;
use crate::base::words::fill;
use crate::domain::incident::checks::{Call, CheckContext, call_protocol};
use crate::domain::incident::status_options;
use crate::market::enums::ProgramType;

/// The newest calls shown; the protocol counts them all.
const CALLS_SHOWN: usize = 5;

/// Draws the tab for the selected order's loaded detail.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let (lang, theme) = (state.lang, ctx.theme);
    let a = acting(lang);
    let Some(view) = state.selected_view() else {
        return loading(frame, area, lang, theme);
    };
    let Some((order, history)) = view.order.as_ref() else {
        return loading(frame, area, lang, theme);
    };
    let items: Vec<Item> = status_options::options(order, history, &view.ctx, state.now)
        .into_iter()
        .map(|o| Item {
            title: o.label.get(lang).to_owned(),
            available: o.available,
            why_not: o.why_not.as_ref().map(|m| m.get(lang).to_owned()),
            warnings: o.warnings.iter().map(|m| m.get(lang).to_owned()).collect(),
            effect: o.effect.get(lang).to_owned(),
            eta: None,
        })
        .collect();
    let w = usize::from(area.width);
    let with_calls = order.model == ProgramType::DBS || !view.ctx.calls.is_empty();
    let calls = if with_calls {
        calls_lines(state, theme, &view.ctx, w)
    } else {
        Vec::new()
    };
    let head = heading(
        theme,
        a.status_title,
        order.model.as_str(),
        order.status.as_str(),
        w,
    );
    let mut hints = Vec::new();
    if let Some(k) = first_key(ctx, KeyMode::Normal, Act::ActOnTab) {
        hints.push(fill(a.choose_status, &[("key", &k)]));
    }
    if with_calls && let Some(k) = first_key(ctx, KeyMode::Normal, Act::LogCall) {
        hints.push(fill(a.log_call, &[("key", &k)]));
    }
    draw_list(
        frame,
        area,
        ctx,
        head,
        |room| {
            if items.is_empty() {
                let mut out = vec![Line::from(Span::styled(a.no_options, theme.dim))];
                out.push(Line::default());
                out.extend(calls);
                return out;
            }
            // The options come first: the calls are listed only when every option
            // still gets at least its short form; else they are counted on one line.
            let least = item_lines(lang, theme, &items, w, 0).len();
            let calls = if calls.is_empty() || least + 1 + calls.len() <= room {
                calls
            } else {
                vec![calls_summary(lang, theme, &view.ctx, w)]
            };
            let calls_room = if calls.is_empty() { 0 } else { calls.len() + 1 };
            let mut out = item_lines(lang, theme, &items, w, room.saturating_sub(calls_room));
            if !calls.is_empty() {
                out.push(Line::default());
                out.extend(calls);
            }
            out
        },
        &hints,
    );
}

fn loading(frame: &mut Frame, area: Rect, lang: Lang, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(Line::from(strings(lang).loading).style(theme.dim)),
        area,
    );
}

/// One call: when (Moscow), and how it went.
fn call_text(lang: Lang, c: &Call) -> String {
    let a = acting(lang);
    let how = if c.number_unavailable {
        a.call_unavailable.to_owned()
    } else if c.connected_secs == 0 {
        a.call_no_answer.to_owned()
    } else {
        fill(a.call_secs, &[("n", &c.connected_secs)])
    };
    format!("{}  {how}", i18n::msk_datetime(c.at))
}

/// The calls section in one line, when the options leave no room for more.
fn calls_summary(lang: Lang, theme: &Theme, ctx: &CheckContext, w: usize) -> Line<'static> {
    let text = format!("{}: {}", acting(lang).calls_title, ctx.calls.len());
    Line::from(Span::styled(truncate(&text, w).into_owned(), theme.header))
}

/// The calls section: its title, the newest calls, and the protocol's verdict.
fn calls_lines(
    state: &AppState,
    theme: &Theme,
    ctx: &CheckContext,
    w: usize,
) -> Vec<Line<'static>> {
    let (lang, a) = (state.lang, acting(state.lang));
    let mut out = vec![Line::from(Span::styled(
        truncate(a.calls_title, w).into_owned(),
        theme.header,
    ))];
    // The number to call: the proxy phone the service fetched for this buyer.
    if let Some(phone) = state
        .selected_view()
        .and_then(|v| v.buyer.as_ref())
        .and_then(|b| b.phone.as_deref())
    {
        let text = format!("{}: {}", a.call_number, crate::base::text::clean(phone));
        out.push(Line::from(truncate(&text, w).into_owned()));
    }
    if ctx.calls.is_empty() {
        out.push(Line::from(Span::styled(a.no_calls, theme.dim)));
    }
    let mut calls: Vec<&Call> = ctx.calls.iter().collect();
    calls.sort_by_key(|c| c.at);
    let skip = calls.len().saturating_sub(CALLS_SHOWN);
    for c in calls.into_iter().skip(skip) {
        out.push(Line::from(truncate(&call_text(lang, c), w).into_owned()));
    }
    match call_protocol(&ctx.calls, ctx.buyer_utc_offset, state.now) {
        Ok(()) => out.push(Line::from(Span::styled(
            truncate(&format!("✓ {}", a.protocol_met), w).into_owned(),
            theme.notice,
        ))),
        Err(why) => {
            for m in why {
                for (i, l) in wrap_words(m.get(lang), w.saturating_sub(2))
                    .into_iter()
                    .enumerate()
                {
                    let lead = if i == 0 { "✗ " } else { "  " };
                    out.push(Line::from(Span::styled(format!("{lead}{l}"), theme.dim)));
                }
            }
        }
    }
    out
}
