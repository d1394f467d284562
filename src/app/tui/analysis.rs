//! The Analysis screen's half of `update` (step 7): opening it, moving over the bars
//! of the Pareto and the carrier scorecard, stepping the period, regrouping, and Enter
//! on a bar listing its orders in the main list. The report itself is computed off the
//! event loop (`Effect::LoadReport`) by the same code as `ym-triage report`.

use std::collections::HashSet;

use chrono::Days;

use super::action::{Act, Effect};
use super::state::{AppState, Chart, Mode, Section};
use crate::service::report::{Dimension, Period, Report};

/// The period lengths `+` and `-` step through, in days.
const LENGTHS: [u64; 4] = [7, 14, 30, 90];

/// `A` from the list: the screen, with its report asked for unless it is there.
pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    state.mode = Mode::Analysis;
    // Esc from the orders of a bar comes back through here to this section.
    if !matches!(
        state.sections.get(state.section),
        Some(Section::Orders { .. })
    ) {
        state.analysis.from_section = state.section;
    }
    if state.analysis.report.is_some() {
        return vec![];
    }
    vec![load(state)]
}

fn load(state: &AppState) -> Effect {
    Effect::LoadReport {
        period: state.analysis.period,
        by: state.analysis.by,
    }
}

/// A new period or grouping: the old report goes, the new one is asked for.
fn reload(state: &mut AppState) -> Vec<Effect> {
    state.analysis.report = None;
    state.analysis.cursor = 0;
    vec![load(state)]
}

/// How many bars the chart under the cursor has.
fn bars(state: &AppState) -> usize {
    state
        .analysis
        .report
        .as_ref()
        .map_or(0, |r| match state.analysis.chart {
            Chart::Causes => r.body.causes.len(),
            Chart::Carriers => r.body.carriers.len(),
        })
}

/// A key on the Analysis screen.
pub(super) fn key(state: &mut AppState, act: Act) -> Vec<Effect> {
    let n = bars(state);
    let a = &mut state.analysis;
    match act {
        Act::MoveDown => {
            a.cursor = (a.cursor + 1).min(n.saturating_sub(1));
            vec![]
        }
        Act::MoveUp => {
            a.cursor = a.cursor.saturating_sub(1);
            vec![]
        }
        Act::NextTab | Act::PrevTab => {
            a.chart = match a.chart {
                Chart::Causes => Chart::Carriers,
                Chart::Carriers => Chart::Causes,
            };
            a.cursor = 0;
            vec![]
        }
        Act::PeriodBack | Act::PeriodForward => {
            let step = if act == Act::PeriodBack { -1 } else { 1 };
            a.period = a.period.shifted(step);
            reload(state)
        }
        Act::PeriodLonger | Act::PeriodShorter => {
            let days = a.period.days();
            let next = if act == Act::PeriodLonger {
                LENGTHS.iter().copied().find(|&l| l > days)
            } else {
                LENGTHS.iter().rev().copied().find(|&l| l < days)
            };
            let Some(len) = next else { return vec![] };
            let until = a.period.until();
            let since = until.checked_sub_days(Days::new(len - 1)).unwrap_or(until);
            a.period = Period::new(since, until).unwrap_or(a.period);
            reload(state)
        }
        Act::CycleBy => {
            a.by = match a.by {
                Dimension::Cause => Dimension::Carrier,
                Dimension::Carrier => Dimension::Region,
                Dimension::Region => Dimension::Campaign,
                Dimension::Campaign => Dimension::Agent,
                Dimension::Agent => Dimension::Cause,
            };
            reload(state)
        }
        Act::Confirm => group_orders(state).into_iter().collect(),
        Act::Back | Act::Analysis => {
            state.mode = Mode::Normal;
            vec![]
        }
        Act::Help => {
            super::help::open(state);
            vec![]
        }
        Act::Notices => {
            super::notices::open(state);
            vec![]
        }
        Act::Command => {
            super::command_line::open(state);
            vec![]
        }
        _ => vec![],
    }
}

/// Enter on a bar: the orders behind it.
fn group_orders(state: &AppState) -> Option<Effect> {
    let a = &state.analysis;
    let report = a.report.as_ref()?;
    let (by, key) = match a.chart {
        Chart::Causes => (
            Dimension::Cause,
            report.body.causes.get(a.cursor)?.cause.clone(),
        ),
        Chart::Carriers => (
            Dimension::Carrier,
            report.body.carriers.get(a.cursor)?.carrier.clone(),
        ),
    };
    let name = format!(
        "{} {}…{}",
        if key.is_empty() { "—" } else { key.as_str() },
        a.period.since().format("%d.%m"),
        a.period.until().format("%d.%m")
    );
    Some(Effect::GroupOrders {
        period: a.period,
        by,
        key,
        name,
    })
}

/// A report came in: kept if it is still the one the screen asks for.
pub(super) fn loaded(state: &mut AppState, report: Box<Report>) {
    let a = &mut state.analysis;
    let info = a.period.info();
    if report.period.since == info.since && report.period.until == info.until && report.by == a.by {
        a.report = Some(report);
        let n = bars(state);
        state.analysis.cursor = state.analysis.cursor.min(n.saturating_sub(1));
    }
}

/// The orders of a bar: a list section of their own (replacing an earlier one), shown.
pub(super) fn show_orders(state: &mut AppState, name: String, ids: Vec<i64>) {
    super::select::show_orders(
        state,
        Section::Orders {
            from: super::state::Screen::Analysis,
            name,
            ids: ids.into_iter().collect::<HashSet<_>>(),
        },
    );
}

#[cfg(test)]
mod tests;
