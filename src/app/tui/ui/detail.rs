//! The detail pane of the selected order: a tab bar, then the tab shown. Order (the
//! facts an agent checks first, and every matched rule with its "why" and deadline)
//! and Timeline (what the sync observed, newest first) are drawn here; the incident
//! and the acting tabs (Contact, Reroute, Compensation, Status) have a file each.
//! Every string that came from the Market goes through `clean`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use super::{UiContext, truncate, width, wrap_words};
use crate::app::tui::i18n::{self, Strings, strings};
use crate::app::tui::select::severity_label;
use crate::app::tui::state::{AppState, DetailTab, Row};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::cache::Event;
use crate::domain::order::Order;

/// Indents a rule's why under its id, past the severity marker and word.
const WHY_INDENT: &str = "     ";

/// From this inner width the Order tab puts the rules beside the facts.
const TWO_COLUMNS: u16 = 76;

/// The tab bar: every name when they fit; else the active tab's name, and the names
/// of the tabs nearest to it while they fit, among the others' names cut short
/// (`]` and `[` walk them in that order) — words, never bare numbers.
fn tab_bar(lang: Lang, active: DetailTab, theme: &Theme, room: usize) -> Line<'static> {
    let bar = |named: &[bool]| {
        let mut spans = Vec::new();
        for (i, &tab) in DetailTab::ALL.iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled("│", theme.dim));
            }
            spans.push(if tab == active {
                Span::styled(format!("▸{} ", i18n::tab_name(lang, tab)), theme.tab_active)
            } else if named[i] {
                Span::styled(
                    format!(" {} ", i18n::tab_name(lang, tab)),
                    theme.tab_inactive,
                )
            } else {
                // The separators keep short names apart: no padding, to fit seven.
                Span::styled(i18n::tab_short(lang, tab), theme.tab_inactive)
            });
        }
        Line::from(spans)
    };
    let n = DetailTab::ALL.len();
    let at = DetailTab::ALL
        .iter()
        .position(|t| *t == active)
        .unwrap_or(0);
    let mut named = vec![false; n];
    named[at] = true;
    // Nearest first, the next tab before the previous one.
    let mut order: Vec<usize> = (0..n).filter(|&i| i != at).collect();
    order.sort_by_key(|&i| (i.abs_diff(at), i < at));
    for i in order {
        named[i] = true;
        if bar(&named).width() > room {
            named[i] = false;
            break;
        }
    }
    bar(&named)
}

/// Draws the pane with the given borders; the tab bar is the block's title.
pub(super) fn draw(
    frame: &mut Frame,
    area: Rect,
    state: &AppState,
    ctx: &UiContext,
    borders: Borders,
) {
    let theme = ctx.theme;
    let s = strings(state.lang);
    let room = usize::from(
        area.width
            .saturating_sub(u16::from(borders.contains(Borders::LEFT))),
    );
    let title = tab_bar(state.lang, state.detail_tab, theme, room);
    // Beside the list, a column of space keeps the facts off the separator.
    let padding = if borders.contains(Borders::LEFT) {
        Padding::left(1)
    } else {
        Padding::ZERO
    };
    let block = Block::new()
        .borders(borders)
        .border_style(theme.border)
        .padding(padding)
        .title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.is_empty() {
        return;
    }
    let Some(row) = state.selected_row() else {
        let at = Rect { height: 1, ..inner };
        let hint = truncate(s.no_selection, usize::from(inner.width)).into_owned();
        frame.render_widget(
            Paragraph::new(Line::from(hint).style(theme.dim).centered()),
            at,
        );
        return;
    };
    match state.detail_tab {
        DetailTab::Order => draw_order(frame, inner, state, ctx, row),
        DetailTab::Timeline => draw_timeline(frame, inner, state, ctx),
        DetailTab::Incident => super::incident::draw(frame, inner, state, ctx),
        DetailTab::Contact => super::contact::draw(frame, inner, state, ctx, row),
        DetailTab::Reroute => super::reroute::draw(frame, inner, state, ctx),
        DetailTab::Compensation => super::compensation_tab::draw(frame, inner, state, ctx, row),
        DetailTab::Status => super::status_tab::draw(frame, inner, state, ctx),
    }
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

/// The facts, most useful first: (label, value).
fn facts(s: &Strings, lang: Lang, row: &Row) -> Vec<(&'static str, String)> {
    let o: &Order = &row.order;
    let planned = match (o.due_from, o.due_to) {
        (Some(f), Some(t)) if f != t => format!("{}–{}", i18n::day(f), i18n::day(t)),
        (f, t) => or_dash(f.or(t).map(i18n::day)),
    };
    let shipment = o.ship_date.map(|d| match o.ship_time {
        Some(t) => format!("{} {}", i18n::day(d), t.format("%H:%M")),
        None => i18n::day(d),
    });
    let place = [o.city.as_deref(), o.region.as_deref()]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .map(|p| clean(p).into_owned())
        .collect::<Vec<_>>();
    let place = match place.as_slice() {
        [city, region] if city == region => city.clone(),
        _ => place.join(", "),
    };
    let flags = [
        (o.cancel_requested, s.flag_cancel_requested),
        (o.estimated, s.flag_estimated),
        (o.items_lost, s.flag_items_lost),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, name)| name)
    .collect::<Vec<_>>()
    .join(", ");
    let tracks = o
        .tracks
        .iter()
        .map(|t| clean(t).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        (
            s.order,
            format!("{} · {}", o.order_id, clean(o.model.as_str())),
        ),
        (s.status, clean(o.status.as_str()).into_owned()),
        (
            s.substatus,
            or_dash(Some(clean(o.substatus.as_str()).into_owned())),
        ),
        (s.planned, planned),
        (s.shipment, or_dash(shipment)),
        (
            s.carrier,
            format!("{} ({})", clean(&o.carrier), o.carrier_id),
        ),
        (s.tracks, or_dash(Some(tracks))),
        (s.region, or_dash(Some(place))),
        (
            s.buyer,
            or_dash(o.buyer_name.as_deref().map(|b| clean(b).into_owned())),
        ),
        (s.value, o.value.show(&o.currency, lang)),
        (s.flags, or_dash(Some(flags))),
        (
            s.claimant,
            row.claimed_by
                .as_deref()
                .map_or(s.nobody.to_owned(), |c| clean(c).into_owned()),
        ),
        (s.delivered, or_dash(o.real_delivery_date.map(i18n::day))),
        (s.storage_limit, or_dash(o.storage_limit.map(i18n::day))),
        (
            s.delivery,
            format!(
                "{} · {}",
                clean(o.delivery_type.as_str()),
                clean(o.partner.as_str())
            ),
        ),
        (s.created, i18n::msk_datetime(o.created_at)),
        (s.updated, or_dash(o.updated_at.map(i18n::msk_datetime))),
        (s.campaign, o.campaign_id.to_string()),
    ]
}

/// The order's facts with what the detail load adds: the buyer the service fetched
/// (DBS, open incident: name, proxy phone, trusted) and since when its holder holds it.
fn order_facts(state: &AppState, row: &Row) -> Vec<(&'static str, String)> {
    let s = strings(state.lang);
    let mut facts = facts(s, state.lang, row);
    if let Some(b) = state.selected_view().and_then(|v| v.buyer.as_ref())
        && let Some(fact) = facts.iter_mut().find(|(l, _)| *l == s.buyer)
    {
        let mut parts: Vec<String> = [b.name.clone(), b.phone.clone()]
            .into_iter()
            .flatten()
            .map(|p| clean(&p).into_owned())
            .collect();
        if b.trusted == Some(true) {
            parts.push(s.buyer_trusted.to_owned());
        }
        if !parts.is_empty() {
            fact.1 = parts.join(" · ");
        }
    }
    // Who holds it, and since when: the latest claim or take-over in the audit trail.
    if let (Some(agent), Some(view)) = (row.claimed_by.as_deref(), state.selected_view())
        && let Some(since) = view
            .audit
            .iter()
            .find(|a| {
                matches!(a.action.as_str(), "claim" | "take_over")
                    && a.after.as_deref() == Some(agent)
            })
            .map(|a| a.at)
        && let Some(fact) = facts.iter_mut().find(|(l, _)| *l == s.claimant)
    {
        fact.1 = format!("{} · {}", fact.1, i18n::msk_datetime(since));
    }
    facts
}

fn draw_order(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext, row: &Row) {
    let theme = ctx.theme;
    let facts = order_facts(state, row);
    let label_width = facts.iter().map(|(l, _)| width(l)).max().unwrap_or(0) + 1;
    let (facts_area, rules_area) = if area.width >= TWO_COLUMNS {
        let [l, r] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)])
            .spacing(2)
            .areas(area);
        (l, r)
    } else {
        let used = (facts.len() as u16 + 1).min(area.height);
        let [l, r] = Layout::vertical([Constraint::Length(used), Constraint::Fill(1)]).areas(area);
        (l, r)
    };
    let value_width = usize::from(facts_area.width).saturating_sub(label_width);
    let lines: Vec<Line> = facts
        .into_iter()
        .map(|(label, value)| {
            let pad = " ".repeat(label_width.saturating_sub(width(label)));
            Line::from(vec![
                Span::styled(format!("{label}{pad}"), theme.dim),
                Span::raw(truncate(&value, value_width).into_owned()),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), facts_area);
    let rules = rule_lines(state, ctx, row, usize::from(rules_area.width));
    frame.render_widget(Paragraph::new(rules).wrap(Wrap { trim: false }), rules_area);
}

/// Every rule the order matches: severity, id, deadline, and why under it.
fn rule_lines(state: &AppState, ctx: &UiContext, row: &Row, w: usize) -> Vec<Line<'static>> {
    let (theme, s) = (ctx.theme, strings(state.lang));
    let mut rules = vec![Line::from(Span::styled(s.rules, theme.header))];
    if row.assessment.matches.is_empty() {
        rules.push(Line::from(Span::styled(s.no_rules, theme.dim)));
    }
    for m in &row.assessment.matches {
        let mut head = vec![
            Span::styled(
                severity_label(Some(m.severity)),
                theme.severity(Some(m.severity)),
            ),
            Span::raw(" "),
            Span::raw(m.rule.id()),
        ];
        if let Some(due) = m.due {
            let when = i18n::relative(state.lang, (due - state.now).num_seconds());
            head.push(Span::styled(format!(" · {when}"), Style::new()));
        }
        rules.push(Line::from(head));
        // The why sits under the rule id, wrapped by words at that indent.
        let why_width = w.saturating_sub(WHY_INDENT.len());
        for part in wrap_words(i18n::rule_why(state.lang, m.rule), why_width) {
            rules.push(Line::from(Span::styled(
                format!("{WHY_INDENT}{part}"),
                theme.dim,
            )));
        }
    }
    rules
}

fn draw_timeline(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let s = strings(state.lang);
    let Some(events) = state.selected_timeline() else {
        frame.render_widget(Paragraph::new(Span::styled(s.loading, theme.dim)), area);
        return;
    };
    if events.is_empty() {
        frame.render_widget(Paragraph::new(Span::styled(s.no_events, theme.dim)), area);
        return;
    }
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| b.seen_at.cmp(&a.seen_at).then(b.id.cmp(&a.id)));
    let mut lines = Vec::new();
    for e in sorted {
        if lines.len() >= usize::from(area.height) {
            break;
        }
        let kind = match i18n::event_kind(state.lang, &e.kind) {
            Some(k) => k.to_owned(),
            None => clean(&e.kind).into_owned(),
        };
        let mut head = vec![
            Span::raw(i18n::msk_datetime(e.seen_at)),
            Span::raw("  "),
            Span::styled(kind, theme.header),
        ];
        if let Some(at) = e.market_updated_at {
            head.push(Span::styled(
                format!("  ({} {})", s.market_time, i18n::msk_datetime(at)),
                theme.dim,
            ));
        }
        lines.push(Line::from(head));
        let value = |v: &Option<String>| or_dash(v.as_deref().map(|v| clean(v).into_owned()));
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(value(&e.old), theme.dim),
            Span::raw(" → "),
            Span::raw(value(&e.new)),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}
