//! The orders table. Columns come in by priority — the essentials fit 80 columns,
//! wider screens get more — and only the rows on screen are built, so a list of
//! 100 000 orders costs what a list of 30 does. While any order is marked for a bulk
//! action, a first column shows `+` on the marked rows. Keeps the cursor in view through the
//! state's `list_offset`, and records the page height for page moves.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::{UiContext, truncate, width};
use crate::app::tui::i18n::{self, Strings, strings};
use crate::app::tui::select::severity_label;
use crate::app::tui::state::{AppState, Row as ListRow};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::domain::order::Order;
use crate::market::enums::{OrderStatus as S, OrderSubstatus as Sub};

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Mark,
    Changed,
    Severity,
    Order,
    Model,
    Status,
    Rule,
    Due,
    Claim,
    City,
    Carrier,
    Value,
}

/// Left to right on screen.
const DISPLAY: [Col; 12] = [
    Col::Mark,
    Col::Changed,
    Col::Severity,
    Col::Order,
    Col::Model,
    Col::Status,
    Col::Rule,
    Col::Due,
    Col::Claim,
    Col::City,
    Col::Carrier,
    Col::Value,
];

/// Most important first: what the narrowest list keeps.
const PRIORITY: [Col; 12] = [
    Col::Mark,
    Col::Changed,
    Col::Severity,
    Col::Order,
    Col::Due,
    Col::Rule,
    Col::Status,
    Col::Model,
    Col::Claim,
    Col::City,
    Col::Value,
    Col::Carrier,
];

/// Who gets the width left over, first: the free-text columns.
const GROW: [Col; 6] = [
    Col::Status,
    Col::City,
    Col::Carrier,
    Col::Rule,
    Col::Claim,
    Col::Value,
];

const GAP: u16 = 1;

/// Shown on a marked row: not a severity symbol, not the "changed" dot.
const MARK: &str = "+";

/// Widths measured on the rows on screen or set by the language.
#[derive(Debug, Clone, Copy)]
struct Measured {
    id: u16,
    model: u16,
    due: u16,
}

/// (least, preferred, most) width of a column.
fn widths(col: Col, m: Measured) -> (u16, u16, u16) {
    match col {
        Col::Mark | Col::Changed => (1, 1, 1),
        Col::Severity => (4, 4, 4),
        Col::Order => (m.id, m.id, m.id),
        Col::Model => (m.model, m.model, m.model),
        Col::Status => (10, 16, 44),
        // The longest rule id is 22 columns; "+N" may follow.
        Col::Rule => (12, 22, 26),
        Col::Due => (m.due, m.due, m.due),
        Col::Claim => (6, 8, 12),
        Col::City => (8, 14, 24),
        Col::Value => (9, 11, 13),
        Col::Carrier => (8, 14, 24),
    }
}

/// Chooses the columns for a width and sizes them: each column in priority order
/// comes in at its preferred width, or at its least width as the last one that fits;
/// what is left widens the free-text columns up to their most, in `GROW` order.
/// The mark column is there only while something is `marked`.
fn layout(total: u16, m: Measured, marked: bool) -> Vec<(Col, u16)> {
    let mut chosen: Vec<(Col, u16)> = Vec::new();
    let mut used: u16 = 0;
    for col in PRIORITY.into_iter().filter(|&c| marked || c != Col::Mark) {
        let (least, pref, _) = widths(col, m);
        let gap = if chosen.is_empty() { 0 } else { GAP };
        if used + gap + pref <= total {
            used += gap + pref;
            chosen.push((col, pref));
        } else {
            if used + gap + least <= total {
                used += gap + least;
                chosen.push((col, least));
            }
            break;
        }
    }
    let mut spare = total.saturating_sub(used);
    for col in GROW {
        if spare == 0 {
            break;
        }
        if let Some(entry) = chosen.iter_mut().find(|(c, _)| *c == col) {
            let most = widths(col, m).2;
            let add = most.saturating_sub(entry.1).min(spare);
            entry.1 += add;
            spare -= add;
        }
    }
    chosen.sort_by_key(|(c, _)| DISPLAY.iter().position(|d| d == c));
    chosen
}

fn title(s: &Strings, col: Col) -> &'static str {
    match col {
        Col::Mark | Col::Changed => "",
        Col::Severity => s.col_severity,
        Col::Order => s.col_order,
        Col::Model => s.col_model,
        Col::Status => s.col_status,
        Col::Rule => s.col_rule,
        Col::Due => s.col_due,
        Col::Claim => s.col_claim,
        Col::City => s.col_city,
        Col::Carrier => s.col_carrier,
        Col::Value => s.col_value,
    }
}

/// The substatus each status starts in; showing it adds nothing.
fn routine(status: &S, sub: &Sub) -> bool {
    matches!(
        (status, sub),
        (_, Sub::UNKNOWN)
            | (S::PROCESSING, Sub::STARTED)
            | (S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED)
            | (S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED)
    ) || sub.as_str().is_empty()
}

/// `STATUS/SUBSTATUS`, or the status alone when the substatus is the routine one.
fn status_short(o: &Order) -> String {
    let status = clean(o.status.as_str());
    if routine(&o.status, &o.substatus) {
        status.into_owned()
    } else {
        format!("{status}/{}", clean(o.substatus.as_str()))
    }
}

/// The text of one cell, not yet cut to width.
fn text(col: Col, row: &ListRow, state: &AppState) -> String {
    let o = &row.order;
    let a = &row.assessment;
    match col {
        Col::Mark => if state.marked.contains(&o.order_id) {
            MARK
        } else {
            " "
        }
        .into(),
        Col::Changed => if row.changed { "•" } else { " " }.into(),
        Col::Severity => severity_label(a.severity()).into(),
        Col::Order => o.order_id.to_string(),
        Col::Model => clean(o.model.as_str()).into_owned(),
        Col::Status => status_short(o),
        Col::Rule => match a.matches.len() {
            0 => "—".into(),
            1 => a.matches[0].rule.id().into(),
            n => format!("{} +{}", a.matches[0].rule.id(), n - 1),
        },
        Col::Due => match a.due() {
            Some(due) => i18n::relative(state.lang, (due - state.now).num_seconds()),
            None => "—".into(),
        },
        Col::Claim => row
            .claimed_by
            .as_deref()
            .map(|c| clean(c).into_owned())
            .unwrap_or_default(),
        Col::City => o
            .city
            .as_deref()
            .map(|c| clean(c).into_owned())
            .unwrap_or_default(),
        Col::Carrier => clean(&o.carrier).into_owned(),
        Col::Value => o.value.show_rubles(&o.currency, state.lang),
    }
}

/// Moves the offset as little as possible so the cursor is on screen.
fn scroll(offset: usize, cursor: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset.min(len.saturating_sub(height));
    if cursor < offset {
        offset = cursor;
    } else if cursor >= offset + height {
        offset = cursor + 1 - height;
    }
    offset
}

/// "no orders", or "no orders match «…»", in the middle of `area`.
fn draw_empty(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let s = strings(state.lang);
    let line = if state.filter.is_empty() {
        s.no_orders.to_owned()
    } else {
        format!("{} «{}»", s.no_orders_filter, clean(&state.filter))
    };
    let line = truncate(&line, usize::from(area.width)).into_owned();
    let at = Rect {
        y: area.y + area.height / 2,
        height: area.height.min(1),
        ..area
    };
    frame.render_widget(
        Paragraph::new(Line::from(line).style(ctx.theme.dim).centered()),
        at,
    );
}

/// The widths the rows shown need: the id, the model and the time to breach.
fn measure(state: &AppState, shown: &[usize]) -> Measured {
    let s = strings(state.lang);
    let widest = |f: &dyn Fn(&ListRow) -> usize, least: usize| {
        shown
            .iter()
            .map(|&i| f(&state.rows[i]))
            .fold(least, usize::max) as u16
    };
    Measured {
        id: widest(
            &|r| width(&r.order.order_id.to_string()),
            width(s.col_order),
        ),
        model: widest(
            &|r| width(r.order.model.as_str()),
            width(s.col_model).max(3),
        ),
        // The longest relative time of each language: "через 23ч 59м", "23h 59m ago".
        due: match state.lang {
            Lang::Ru => 13,
            Lang::En => 11,
        },
    }
}

/// Draws the table (or the "no orders" line) into `area`.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let s = strings(state.lang);
    let height = usize::from(area.height.saturating_sub(1));
    state.page.set(height.max(1));
    if state.visible.is_empty() {
        state.list_offset.set(0);
        draw_empty(frame, area, state, ctx);
        return;
    }
    let len = state.visible.len();
    let offset = scroll(state.list_offset.get(), state.cursor, height, len);
    state.list_offset.set(offset);
    let end = (offset + height).min(len);
    let shown = &state.visible[offset..end];

    let columns = layout(area.width, measure(state, shown), !state.marked.is_empty());

    let header = Row::new(
        columns
            .iter()
            .map(|&(col, w)| Cell::new(truncate(title(s, col), usize::from(w)).into_owned())),
    )
    .style(theme.header);

    let rows = shown.iter().enumerate().map(|(n, &i)| {
        let row = &state.rows[i];
        let cells = columns.iter().map(|&(col, w)| {
            let t = truncate(&text(col, row, state), usize::from(w)).into_owned();
            let style = match col {
                Col::Mark => theme.key,
                Col::Changed => theme.changed,
                Col::Severity => theme.severity(row.assessment.severity()),
                _ => Style::new(),
            };
            match col {
                Col::Value => Cell::new(Line::from(t).right_aligned()).style(style),
                _ => Cell::new(t).style(style),
            }
        });
        let r = Row::new(cells);
        if offset + n == state.cursor {
            r.style(theme.selected)
        } else {
            r
        }
    });

    let table = Table::new(rows, columns.iter().map(|&(_, w)| Constraint::Length(w)))
        .header(header)
        .column_spacing(GAP);
    frame.render_widget(table, area);
}

#[cfg(test)]
mod tests;
