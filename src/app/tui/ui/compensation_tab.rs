//! The Compensation tab: the config's catalogue, numbered as the `a` picker lists it,
//! with what each kind is worth for this order, the agent's daily limit and what the
//! agent gave today (a lead confirms above it); then what was given on this incident,
//! as the incident stores it (`Given` entries as JSON): kind, amount, by whom, the
//! confirming lead, when.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{UiContext, first_key, truncate, warning, width, wrap_words};
use crate::app::tui::action::Act;
use crate::app::tui::i18n::{self, Acting, acting};
use crate::app::tui::state::{AppState, KeyMode, Row};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::domain::incident::compensation::{CompensationKind, evaluate, needs_lead};

/// The description and the limit sit under the kind's name, indented by this.
const INDENT: &str = "   ";

/// How a kind is worth what it is: a fixed amount, a share, or a share with a cap.
fn describe(a: &Acting, k: &CompensationKind, currency: &str, lang: Lang) -> String {
    let share = k
        .percent
        .map(|p| fill(a.percent_of_value, &[("p", &p.show(lang))]));
    match (k.amount, share) {
        (Some(amount), Some(share)) => format!(
            "{share}, {}",
            fill(a.at_most, &[("a", &amount.show(currency, lang))])
        ),
        (Some(amount), None) => amount.show(currency, lang),
        (None, Some(share)) => share,
        (None, None) => "—".to_owned(),
    }
}

/// The catalogue lines: per kind, its name and amount for this order, then how it
/// is computed and the agent's limit, then whether a lead must confirm. `compact`
/// keeps one line per kind, with `!` before the amount when a lead must confirm.
fn catalogue(
    state: &AppState,
    theme: &Theme,
    row: &Row,
    w: usize,
    compact: bool,
) -> Vec<Line<'static>> {
    let (lang, a) = (state.lang, acting(state.lang));
    let order = &row.order;
    let given_today = |id: &str| {
        state
            .selected_view()
            .and_then(|v| v.given_today.iter().find(|(k, _)| k == id))
            .map_or(Money::ZERO, |(_, v)| *v)
    };
    let mut out = vec![Line::from(Span::styled(
        truncate(a.catalogue, w).into_owned(),
        theme.header,
    ))];
    for (i, k) in state.incident_cfg.compensation.iter().enumerate() {
        let amount = evaluate(k, order.value);
        let today = given_today(&k.id);
        let lead = needs_lead(k, amount, today);
        let mut value = amount.show(&order.currency, lang);
        if compact && lead {
            value = format!("! {value}");
        }
        let name = format!("{}. {}", i + 1, clean(k.name().get(lang)));
        let room = w.saturating_sub(width(&value) + 2);
        let name = truncate(&name, room).into_owned();
        let pad = " ".repeat(w.saturating_sub(width(&name) + width(&value)).max(1));
        out.push(Line::from(vec![
            Span::raw(name),
            Span::raw(pad),
            Span::styled(value, if lead { warning(theme) } else { theme.key }),
        ]));
        if compact {
            continue;
        }
        let limit = fill(
            a.agent_limit,
            &[
                ("limit", &k.per_agent_limit.show(&order.currency, lang)),
                ("given", &today.show(&order.currency, lang)),
            ],
        );
        let how = format!("{} · {limit}", describe(a, k, &order.currency, lang));
        for l in wrap_words(&how, w.saturating_sub(INDENT.len())) {
            out.push(Line::from(Span::styled(format!("{INDENT}{l}"), theme.dim)));
        }
        if lead {
            let l = truncate(
                &format!("! {}", a.needs_lead),
                w.saturating_sub(INDENT.len()),
            )
            .into_owned();
            out.push(Line::from(Span::styled(
                format!("{INDENT}{l}"),
                warning(theme),
            )));
        }
    }
    out
}

/// The name of a compensation kind as the catalogue gives it in `lang`; a kind no
/// longer in the catalogue by its id. Cleaned: both come from outside the program.
pub(super) fn kind_name(state: &AppState, kind: &str, lang: Lang) -> String {
    state.incident_cfg.compensation_kind(kind).map_or_else(
        || clean(kind).into_owned(),
        |k| clean(k.name().get(lang)).into_owned(),
    )
}

/// What was given on the incident, oldest first.
fn given(state: &AppState, theme: &Theme, row: &Row, w: usize) -> Vec<Line<'static>> {
    let (lang, a) = (state.lang, acting(state.lang));
    let mut out = vec![Line::from(Span::styled(
        truncate(a.given_title, w).into_owned(),
        theme.header,
    ))];
    let incident = state.selected_view().and_then(|v| v.incident.as_ref());
    let Some(incident) = incident else {
        let text = if state.selected_view().is_some() {
            a.no_incident_comp
        } else {
            i18n::strings(lang).loading
        };
        out.push(Line::from(Span::styled(
            truncate(text, w).into_owned(),
            theme.dim,
        )));
        return out;
    };
    let entries = &incident.compensation;
    if entries.is_empty() {
        out.push(Line::from(Span::styled(a.nothing_given, theme.dim)));
    }
    for g in entries {
        let kind = kind_name(state, &g.kind, lang);
        let mut who = clean(&g.by).into_owned();
        if let Some(lead) = &g.confirmed_by {
            who.push_str(&format!(
                " · {}",
                fill(a.confirmed_by, &[("lead", &clean(lead))])
            ));
        }
        let what = format!(
            "{}  {kind}  {}",
            i18n::msk_datetime(g.at),
            g.amount.show(&row.order.currency, lang)
        );
        out.push(Line::from(truncate(&what, w).into_owned()));
        let who = truncate(&who, w.saturating_sub(INDENT.len())).into_owned();
        out.push(Line::from(Span::styled(
            format!("{INDENT}{who}"),
            theme.dim,
        )));
    }
    out
}

/// Draws the tab for the selected row.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext, row: &Row) {
    let (w, h) = (usize::from(area.width), usize::from(area.height));
    let theme = ctx.theme;
    let a = acting(state.lang);
    let hint = first_key(ctx, KeyMode::Normal, Act::ActOnTab).map(|k| {
        let text = fill(a.offer_compensation, &[("key", &"")]);
        Line::from(vec![
            Span::styled(k, theme.key),
            Span::styled(truncate(&text, w).into_owned(), theme.dim),
        ])
    });
    let room = h.saturating_sub(usize::from(hint.is_some()));
    let given = given(state, theme, row, w);
    let mut lines = catalogue(state, theme, row, w, false);
    if lines.len() + 1 + given.len() > room {
        lines = catalogue(state, theme, row, w, true);
    }
    lines.push(Line::default());
    lines.extend(given);
    lines.truncate(room);
    if let Some(hint) = hint {
        while lines.len() < room {
            lines.push(Line::default());
        }
        lines.push(hint);
    }
    frame.render_widget(Paragraph::new(lines), area);
}
