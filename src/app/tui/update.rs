//! `update(state, action) -> effects`: the only place the dashboard's state changes.
//! No I/O here; what needs I/O comes back as `Effect`s for the event loop.

use std::collections::HashMap;

use super::action::{Action, Effect};
use super::select::{compare, recompute, reselect};
use super::state::{AppState, DetailTab, Mode, Pending, Row, SortKey};
use super::{acting, analysis, closing, leave, permit, replies, revert};
use crate::base::lang::Lang;
use crate::service::Command;

/// Applies one action.
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let before = state.selected;
    let tab_before = state.detail_tab;
    let mut effects = Vec::new();
    // Read-only mode refuses every acting key here, in one place.
    if state.read_only && action.is_acting() {
        state.footer.error = Some(read_only_refusal(state.lang).to_owned());
        return effects;
    }
    // The Analysis screen takes its keys; background actions go on below.
    if state.mode == Mode::Analysis
        && let Some(effects) = analysis::key(state, &action)
    {
        return effects;
    }
    // A picker takes the move keys, Enter and Esc.
    // Other keys are ignored there; background actions go on below.
    if state.mode == Mode::Pick {
        match action {
            Action::MoveDown | Action::MoveUp => {
                acting::pick_move(state, action == Action::MoveDown);
                return effects;
            }
            Action::Confirm => return acting::pick(state),
            Action::Back => {
                state.picker = None;
                state.mode = Mode::Normal;
                return effects;
            }
            Action::Quit => {}
            a if a.name().is_some() => return effects,
            _ => {}
        }
    }
    // A text input (and a bulk confirm's count) takes the keys typed.
    match action {
        Action::InputChar(c) => return acting::input_char(state, c),
        Action::InputBackspace => return acting::input_backspace(state),
        Action::InputAccept => return acting::input_accept(state),
        Action::Back if state.mode == Mode::Input => return acting::input_back(state),
        Action::Quit => {}
        ref a if state.mode == Mode::Input && a.name().is_some() => return effects,
        _ => {}
    }
    // In the close dialog the move keys walk the list of root causes.
    if let (Some(Pending::Close { cursor, .. }), Action::MoveDown | Action::MoveUp) =
        (state.pending.as_mut(), &action)
    {
        closing::move_cause(cursor, action == Action::MoveDown);
        return effects;
    }
    match action {
        Action::MoveDown => move_by(state, 1),
        Action::MoveUp => move_by(state, -1),
        Action::PageDown => move_by(state, state.page.get().max(1) as isize),
        Action::PageUp => move_by(state, -(state.page.get().max(1) as isize)),
        Action::Top => move_to(state, 0),
        Action::Bottom => move_to(state, state.visible.len().saturating_sub(1)),
        Action::NextSection => switch_section(state, (state.section + 1) % state.sections.len()),
        Action::PrevSection => {
            let n = state.sections.len();
            switch_section(state, (state.section + n - 1) % n)
        }
        Action::GoToSection(i) if i < state.sections.len() => switch_section(state, i),
        Action::GoToSection(_) => {}
        Action::StartFilter => state.mode = Mode::Filter,
        Action::FilterChar(c) if state.mode == Mode::Filter => {
            state.filter.push(c);
            recompute(state);
        }
        Action::FilterBackspace if state.mode == Mode::Filter => {
            state.filter.pop();
            recompute(state);
        }
        Action::FilterAccept => state.mode = Mode::Normal,
        Action::FilterCancel => {
            state.mode = Mode::Normal;
            if !state.filter.is_empty() {
                state.filter.clear();
                recompute(state);
            }
        }
        Action::FilterChar(_) | Action::FilterBackspace => {}
        Action::InputChar(_) | Action::InputBackspace | Action::InputAccept => {}
        Action::CycleSort => {
            state.sort = state.sort.next();
            recompute(state);
        }
        Action::NextTab => state.detail_tab = state.detail_tab.step(1),
        Action::PrevTab => state.detail_tab = state.detail_tab.step(-1),
        Action::Act => effects = acting::act(state),
        Action::Analysis => effects = analysis::open(state),
        Action::PeriodBack
        | Action::PeriodForward
        | Action::PeriodLonger
        | Action::PeriodShorter
        | Action::CycleBy => {}
        Action::ReportLoaded(report) => analysis::loaded(state, report),
        Action::ShowOrders { name, ids } => analysis::show_orders(state, name, ids),
        Action::Mark
        | Action::Note
        | Action::SkipStep
        | Action::LogCall
        | Action::EditDraft
        | Action::InlineEdit
        | Action::CopyDraft
        | Action::SendDraft => effects = acting::key(state, &action),
        Action::ClearMarks => state.marked.clear(),
        Action::Undo => effects = revert::undo(state),
        Action::Reopen => effects = revert::reopen(state),
        Action::Writes => effects = revert::writes(state),
        Action::Claim if permit::bulk(state).is_some() => {
            let why = permit::one_order_only(state.marked.len());
            state.footer.error = Some(why.get(state.lang).to_owned());
        }
        Action::Claim => {
            if let Some(row) = state.selected_row() {
                let order_id = row.order.order_id;
                match &row.claimed_by {
                    Some(other) if *other != state.me => {
                        state.pending = Some(Pending::TakeOver {
                            order_id,
                            from: other.clone(),
                        });
                        state.mode = Mode::Confirm;
                    }
                    _ => effects.push(Effect::Command(Command::Claim {
                        order_id,
                        take_over: false,
                    })),
                }
            }
        }
        Action::StepDone => closing::step_done(state),
        Action::CloseIncident => closing::start(state),
        Action::Confirm if state.mode == Mode::Confirm => {
            state.mode = Mode::Normal;
            match state.pending.take() {
                Some(Pending::TakeOver { order_id, .. }) => {
                    effects.push(Effect::Command(Command::Claim {
                        order_id,
                        take_over: true,
                    }))
                }
                Some(Pending::CloseAnyway {
                    order_id,
                    incident_id,
                    version,
                    ..
                }) => closing::anyway(state, order_id, incident_id, version),
                Some(Pending::Close {
                    order_id,
                    incident_id,
                    version,
                    cursor,
                }) => {
                    effects = closing::cause_chosen(state, order_id, incident_id, version, cursor)
                }
                Some(Pending::Quit(_)) => effects = leave::leave_now(state),
                Some(other) => effects = acting::confirm(state, other),
                None => {}
            }
        }
        Action::Confirm => {}
        Action::ToggleDetail => state.detail_open = !state.detail_open,
        Action::Refetch => {
            if let Some(id) = state.selected {
                effects.push(Effect::RefetchOrder(id));
            }
        }
        Action::Refresh => effects.push(Effect::RefreshNow),
        Action::ToggleHelp => {
            state.mode = if state.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
        }
        // Esc closes what is open, never the dashboard (`leave`).
        Action::Back => match state.mode {
            Mode::Help => state.mode = Mode::Normal,
            Mode::Confirm => leave::cancel_confirm(state),
            Mode::Filter => return update(state, Action::FilterCancel),
            Mode::Normal => effects = leave::back(state),
            Mode::Pick | Mode::Input | Mode::Analysis => state.mode = Mode::Normal,
        },
        Action::Quit => effects = leave::quit(state),
        Action::DataLoaded(snapshot) => {
            let snapshot = *snapshot;
            state.now = snapshot.now;
            state.footer.last_sync = snapshot.last_sync;
            state.footer.syncing = snapshot.lease;
            state.footer.outbox = snapshot.outbox;
            state.footer.failing = snapshot.failing;
            if snapshot.delta && state.complete {
                // Only what changed since the last load: merged into the rows held
                // (nothing changed: the footer's figures were all it brought).
                if !snapshot.rows.is_empty() {
                    super::merge::merge(&mut state.rows, snapshot.rows);
                    state.sorted = None;
                    state.matched = None;
                    recompute(state);
                }
            } else {
                // Marks compare two full loads; the quick first load is not one.
                let first = state.rows.is_empty() || !state.complete;
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
        }
        Action::TimelineLoaded(id, events) => state.timeline = Some((id, events)),
        Action::IncidentLoaded(id, view) => {
            effects = acting::forget_sent_drafts(state, id, &view);
            effects.extend(acting::from_detail(state, id, view.draft.as_ref()));
            state.incident = Some((id, *view));
        }
        Action::DraftEdited(id, text) => effects = acting::set_draft(state, id, text),
        Action::DraftsRestored(drafts) => effects = acting::restored(state, drafts),
        Action::Stop => effects = leave::leave_now(state),
        Action::Replied(r) => effects = replies::replied(state, *r),
        Action::SyncProgress(line) => state.footer.progress = Some(line),
        Action::SyncFinished(result) => {
            state.footer.progress = None;
            match result {
                Ok(summary) => {
                    state.footer.error = None;
                    state.footer.notice = Some(summary);
                }
                Err(e) => state.footer.error = Some(e),
            }
        }
        Action::Error(e) => state.footer.error = Some(e),
        Action::Tick(now) => {
            state.now = now;
            revert::tick(state);
            effects = acting::save_due(state);
        }
        Action::Resize(_, _) => {}
    }
    if state.selected != before
        && let Some(id) = state.selected
    {
        effects.push(Effect::LoadTimeline(id));
    }
    // The Contact tab shows the chat as the Market has it: fetched when it opens.
    if state.detail_tab == DetailTab::Contact
        && (state.selected != before || tab_before != DetailTab::Contact)
        && let Some(id) = state.selected
    {
        effects.push(Effect::LoadChat(id));
    }
    effects
}

fn read_only_refusal(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "режим только чтения: действия отключены",
        Lang::En => "read-only: actions are off",
    }
}

fn move_to(state: &mut AppState, pos: usize) {
    if state.visible.is_empty() {
        return;
    }
    state.cursor = pos.min(state.visible.len() - 1);
    state.selected = state.selected_row().map(|r| r.order.order_id);
}

fn move_by(state: &mut AppState, delta: isize) {
    let pos = state.cursor.saturating_add_signed(delta);
    move_to(state, pos);
}

fn switch_section(state: &mut AppState, i: usize) {
    state.section = i;
    state.cursor = 0;
    state.list_offset.set(0);
    recompute(state);
    // In a new section the list starts at the top unless the order is there too.
    if !state
        .visible
        .iter()
        .any(|&r| Some(state.rows[r].order.order_id) == state.selected)
    {
        state.selected = None;
        reselect(state);
    }
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

#[cfg(test)]
mod tests;
