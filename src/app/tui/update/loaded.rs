//! What comes from background work and the clock: data loads merged into the list
//! (and what they bring that an agent must hear of), the detail of the selected order,
//! drafts, reports, the service's answers, sync progress and the tick.

use std::collections::HashMap;

use super::super::action::{Action, Effect};
use super::super::select::{compare, recompute, switch_section};
use super::super::state::{AppState, Row, Snapshot, SortKey};
use super::super::{acting, analysis, kept_input, leave, notices, replies, revert, team};

/// An action that is not a key.
pub(super) fn background(state: &mut AppState, action: Action) -> Vec<Effect> {
    match action {
        Action::DataLoaded(snapshot) => data_loaded(state, *snapshot),
        Action::TimelineLoaded(id, events) => state.timeline = Some((id, events)),
        Action::IncidentLoaded(id, view) => {
            let mut effects = acting::forget_sent_drafts(state, id, &view);
            effects.extend(acting::from_detail(state, id, view.draft.as_ref()));
            state.incident = Some((id, *view));
            return effects;
        }
        Action::DraftEdited(id, text) => return acting::set_draft(state, id, text),
        Action::DraftsRestored(drafts) => return acting::restored(state, drafts),
        Action::InputRestored(kept) => kept_input::restored(state, *kept),
        Action::Stop => return leave::leave_now(state),
        Action::Replied(r) => return replies::replied(state, *r),
        Action::ReportLoaded(report) => analysis::loaded(state, report),
        Action::TeamLoaded(t) => team::loaded(state, t),
        Action::ShowOrders { name, ids } => analysis::show_orders(state, name, ids),
        Action::GoToSection(i) if i < state.sections.len() => switch_section(state, i),
        Action::Copied(Ok(what)) => state.say(what),
        Action::Copied(Err(why)) | Action::Error(why) => state.warn(why),
        Action::SyncProgress(line) => state.footer.progress = Some(line),
        Action::SyncFinished(result) => {
            state.footer.progress = None;
            match result {
                Ok(summary) => state.log_only(summary),
                Err(e) => state.warn(e),
            }
        }
        Action::Tick(now) => {
            state.now = now;
            revert::tick(state);
            let mut effects = acting::save_due(state);
            effects.extend(team::tick(state));
            return effects;
        }
        Action::GoToSection(_)
        | Action::Resize(_, _)
        | Action::Key(_)
        | Action::Text(_)
        | Action::Paste(_) => {}
    }
    vec![]
}

/// A data load: merged into the rows held (a delta), or in place of them.
fn data_loaded(state: &mut AppState, snapshot: Snapshot) {
    // What an agent must hear of is read against the rows held before the load.
    notices::on_load(state, &snapshot);
    // Marks need something to compare with: rows held, from a cache that had been
    // synced. Until the first sync has ended, what arrives is the cache filling up.
    let baseline = state.footer.last_sync.is_some() && !state.rows.is_empty();
    state.now = snapshot.now;
    state.footer.last_sync = snapshot.last_sync;
    state.footer.syncing = snapshot.lease;
    state.footer.outbox = snapshot.outbox;
    state.footer.failing = snapshot.failing;
    if snapshot.delta && state.complete {
        // Only what changed since the last load: merged into the rows held
        // (nothing changed: the footer's figures were all it brought).
        if !snapshot.rows.is_empty() {
            super::super::merge::merge(&mut state.rows, snapshot.rows, baseline);
            state.sorted = None;
            state.matched = None;
            recompute(state);
        }
        return;
    }
    // Marks compare two full loads; the quick first load is not one.
    let first = !baseline || !state.complete;
    state.complete = snapshot.complete;
    let mut rows = mark_changes(std::mem::take(&mut state.rows), snapshot.rows, first);
    // The loader sends rows in urgency order; sort here only if it did not.
    let urgency = |a: &Row, b: &Row| compare(SortKey::Urgency, a, b);
    if !rows.is_sorted_by(|a, b| urgency(a, b) != std::cmp::Ordering::Greater) {
        rows.sort_by(urgency);
    }
    state.rows = rows;
    state.sorted = None;
    state.matched = None;
    recompute(state);
}

/// Marks the rows a refresh changed: new orders, and orders whose status, dates,
/// tracks or rules moved. The first load marks nothing.
fn mark_changes(old: Vec<Row>, mut new: Vec<Row>, first: bool) -> Vec<Row> {
    if first {
        return new;
    }
    let before: HashMap<i64, Row> = old.into_iter().map(|r| (r.order.order_id, r)).collect();
    for row in &mut new {
        row.changed = match before.get(&row.order.order_id) {
            None => true,
            Some(was) => {
                was.order.status != row.order.status
                    || was.order.substatus != row.order.substatus
                    || was.order.updated_at != row.order.updated_at
                    || was.order.due_to != row.order.due_to
                    || was.order.tracks != row.order.tracks
                    || was.assessment.matches.iter().map(|m| m.rule).ne(row
                        .assessment
                        .matches
                        .iter()
                        .map(|m| m.rule))
                    || was.claimed_by != row.claimed_by
            }
        };
    }
    new
}
