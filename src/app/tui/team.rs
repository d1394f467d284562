//! The Team screen (`T`), the lead's view in place of the list: per agent the orders
//! held by severity, the longest-idle claim, the notes and writes of today; the P1 and
//! P2 orders nobody holds and how long the oldest unclaimed P1 has waited; the buyers
//! waiting longest. The figures are `service::team`'s, read on the store thread when
//! the screen opens and every few seconds while it is open. Enter on an agent lists
//! their orders; on the unclaimed line, the P1 and P2 orders nobody holds.

use std::collections::HashSet;

use super::action::{Act, Effect};
use super::state::{AppState, Mode, Screen, Section, TeamView};
use crate::domain::risk::Severity;

/// Seconds between two reads of the figures while the screen is open.
pub const REFRESH_SECONDS: i64 = 5;

/// `T`: the screen, its figures asked for.
pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    // Esc from the orders of a row comes back through here to this section.
    if !matches!(
        state.sections.get(state.section),
        Some(Section::Orders { .. })
    ) {
        state.analysis.from_section = state.section;
    }
    state.mode = Mode::Team(TeamView {
        team: None,
        cursor: 0,
        asked: Some(state.now),
    });
    vec![Effect::LoadTeam]
}

/// The rows the cursor walks: each agent, then the unclaimed orders.
fn rows(view: &TeamView) -> usize {
    view.team.as_ref().map_or(0, |t| t.agents.len()) + 1
}

/// A key on the Team screen.
pub(super) fn key(state: &mut AppState, act: Act) -> Vec<Effect> {
    let Mode::Team(view) = &mut state.mode else {
        return vec![];
    };
    let last = rows(view).saturating_sub(1);
    match act {
        Act::MoveDown => view.cursor = (view.cursor + 1).min(last),
        Act::MoveUp => view.cursor = view.cursor.saturating_sub(1),
        Act::Refresh => {
            view.asked = Some(state.now);
            return vec![Effect::LoadTeam];
        }
        Act::Confirm => list(state),
        Act::Back | Act::Team => state.mode = Mode::Normal,
        Act::Help => super::help::open(state),
        Act::Notices => super::notices::open(state),
        Act::Command => super::command_line::open(state),
        _ => {}
    }
    vec![]
}

/// Enter: the orders of the row under the cursor, as a list section.
fn list(state: &mut AppState) {
    let Mode::Team(view) = &state.mode else {
        return;
    };
    let Some(team) = &view.team else {
        return;
    };
    let (name, ids): (String, HashSet<i64>) = match team.agents.get(view.cursor) {
        Some(a) => (
            a.agent.clone(),
            state
                .rows
                .iter()
                .filter(|r| r.claimed_by.as_deref() == Some(a.agent.as_str()))
                .map(|r| r.order.order_id)
                .collect(),
        ),
        None => (
            "P1/P2 —".to_owned(),
            state
                .rows
                .iter()
                .filter(|r| r.claimed_by.is_none())
                .filter(|r| matches!(r.assessment.severity(), Some(Severity::P1 | Severity::P2)))
                .map(|r| r.order.order_id)
                .collect(),
        ),
    };
    super::select::show_orders(
        state,
        Section::Orders {
            name,
            ids,
            from: Screen::Team,
        },
    );
}

/// The figures came in: kept while the screen is open.
pub(super) fn loaded(state: &mut AppState, team: Box<crate::service::team::Team>) {
    if let Mode::Team(view) = &mut state.mode {
        view.team = Some(team);
        view.cursor = view.cursor.min(rows(view).saturating_sub(1));
    }
}

/// The clock ticked: the figures are read again every few seconds while shown.
pub(super) fn tick(state: &mut AppState) -> Vec<Effect> {
    let now = state.now;
    match &mut state.mode {
        Mode::Team(view)
            if view
                .asked
                .is_none_or(|t| (now - t).num_seconds() >= REFRESH_SECONDS) =>
        {
            view.asked = Some(now);
            vec![Effect::LoadTeam]
        }
        _ => vec![],
    }
}

#[cfg(test)]
mod tests;
