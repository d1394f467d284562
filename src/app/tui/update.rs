//! `update(state, action) -> effects`: the only place the dashboard's state changes.
//! No I/O here; what needs I/O comes back as `Effect`s for the event loop. A key goes
//! to the screen, dialog or text that is open (`Mode`); what comes from background
//! work and the clock is `loaded`'s.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::action::{Act, Action, Effect};
use super::command_line::Target;
use super::select::{self, recompute, switch_section};
use super::state::{AppState, DetailTab, KeyMode, Mode, Pending};
use super::text::TextInput;
use super::{
    acting, analysis, closing, command_line, copy, help, kept_input, leave, notices, permit,
    revert, team,
};
use crate::base::lang::Lang;
use crate::service::Command;

mod loaded;

/// Applies one action.
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let before = state.selected;
    let tab_before = state.detail_tab;
    // Whatever the agent presses, the selected order is theirs from now on: it no
    // longer follows the top of the list (an order just acted on stays selected
    // when it re-sorts).
    if matches!(action, Action::Key(_) | Action::Text(_) | Action::Paste(_)) {
        state.chosen = true;
    }
    let mut effects = match action {
        Action::Key(act) => key(state, act),
        Action::Text(k) => text(state, k),
        Action::Paste(t) => paste(state, &t),
        other => loaded::background(state, other),
    };
    // An input left open at the last stop, reopened once its order is in.
    if state.restoring.is_some() {
        effects.extend(kept_input::progress(state));
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

/// A bound key, to what is open.
fn key(state: &mut AppState, act: Act) -> Vec<Effect> {
    // Read-only mode refuses every acting key here, in one place.
    if state.read_only && act.is_acting() {
        state.warn(read_only_refusal(state.lang));
        return vec![];
    }
    if act == Act::Quit {
        return leave::quit(state);
    }
    match state.mode.keys() {
        KeyMode::Normal => normal(state, act),
        KeyMode::Analysis => analysis::key(state, act),
        KeyMode::Team => team::key(state, act),
        KeyMode::Help => help::key(state, act),
        KeyMode::Notices => notices::key(state, act),
        KeyMode::Command => command_line::key(state, act),
        KeyMode::Pick => acting::pick_key(state, act),
        KeyMode::Confirm => confirm_key(state, act),
        KeyMode::Input => acting::input_key(state, act),
        KeyMode::Filter => filter_key(state, act),
    }
}

/// A key of the list and the detail.
fn normal(state: &mut AppState, act: Act) -> Vec<Effect> {
    match act {
        Act::MoveDown => move_by(state, 1),
        Act::MoveUp => move_by(state, -1),
        Act::PageDown => move_by(state, state.page.get().max(1) as isize),
        Act::PageUp => move_by(state, -(state.page.get().max(1) as isize)),
        Act::Top => move_to(state, 0),
        Act::Bottom => move_to(state, state.visible.len().saturating_sub(1)),
        Act::NextSection => switch_section(state, (state.section + 1) % state.sections.len()),
        Act::PrevSection => {
            let n = state.sections.len();
            switch_section(state, (state.section + n - 1) % n);
        }
        Act::Filter => state.mode = Mode::Filter(TextInput::line(&state.filter)),
        Act::CycleSort => {
            state.sort = state.sort.next();
            recompute(state);
        }
        Act::NextTab => state.detail_tab = state.detail_tab.step(1),
        Act::PrevTab => state.detail_tab = state.detail_tab.step(-1),
        Act::ToggleDetail => state.detail_open = !state.detail_open,
        Act::Refetch => {
            return state
                .selected
                .map(Effect::RefetchOrder)
                .into_iter()
                .collect();
        }
        Act::Refresh => return vec![Effect::RefreshNow],
        Act::ClearMarks => state.marked.clear(),
        Act::CopyId => return copy::id(state),
        Act::Back => return leave::back(state),
        act => return normal_acts(state, act),
    }
    vec![]
}

/// The list's keys that act, and the ones that open another screen.
fn normal_acts(state: &mut AppState, act: Act) -> Vec<Effect> {
    match act {
        Act::ActOnTab => acting::act(state),
        Act::Mark
        | Act::Note
        | Act::SkipStep
        | Act::LogCall
        | Act::EditDraft
        | Act::InlineEdit
        | Act::CopyDraft
        | Act::SendDraft => acting::key(state, act),
        Act::Undo => revert::undo(state),
        Act::Reopen => revert::reopen(state),
        Act::Writes => revert::writes(state),
        Act::Claim => claim(state),
        Act::StepDone => {
            closing::step_done(state);
            vec![]
        }
        Act::CloseIncident => {
            closing::start(state);
            vec![]
        }
        Act::Analysis => analysis::open(state),
        Act::Team => team::open(state),
        act => overlay(state, act),
    }
}

/// The overlays any screen opens: help, the log of notices, the command line.
pub(super) fn overlay(state: &mut AppState, act: Act) -> Vec<Effect> {
    match act {
        Act::Help => help::open(state),
        Act::Notices => notices::open(state),
        Act::Command => command_line::open(state),
        _ => {}
    }
    vec![]
}

/// `c`: claims the selected order, asking first when another agent holds it.
fn claim(state: &mut AppState) -> Vec<Effect> {
    if permit::bulk(state).is_some() {
        let why = permit::one_order_only(state.marked.len());
        state.warn(why.get(state.lang));
        return vec![];
    }
    let Some(row) = state.selected_row() else {
        return vec![];
    };
    let order_id = row.order.order_id;
    match &row.claimed_by {
        Some(other) if *other != state.me => {
            let from = other.clone();
            state.mode = Mode::Confirm(Pending::TakeOver { order_id, from });
            vec![]
        }
        _ => vec![Effect::Command(Command::Claim {
            order_id,
            take_over: false,
        })],
    }
}

/// A key in a confirm dialog: the move keys walk the root causes of the close.
fn confirm_key(state: &mut AppState, act: Act) -> Vec<Effect> {
    match act {
        Act::MoveDown | Act::MoveUp => {
            if let Mode::Confirm(Pending::Close { cursor, .. }) = &mut state.mode {
                closing::move_cause(cursor, act == Act::MoveDown);
            }
            vec![]
        }
        Act::Confirm => {
            let Mode::Confirm(pending) = std::mem::take(&mut state.mode) else {
                return vec![];
            };
            confirmed(state, pending)
        }
        Act::Back => {
            leave::cancel_confirm(state);
            vec![]
        }
        _ => vec![],
    }
}

/// `y` on a question.
fn confirmed(state: &mut AppState, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::TakeOver { order_id, .. } => vec![Effect::Command(Command::Claim {
            order_id,
            take_over: true,
        })],
        Pending::CloseAnyway {
            order_id,
            incident_id,
            version,
            ..
        } => {
            closing::anyway(state, order_id, incident_id, version);
            vec![]
        }
        Pending::Close {
            order_id,
            incident_id,
            version,
            cursor,
        } => closing::cause_chosen(state, order_id, incident_id, version, cursor),
        Pending::Quit(_) => leave::leave_now(state),
        other => acting::confirm(state, other),
    }
}

/// Esc in a line of text: the filter is cleared; help's search stops.
fn filter_key(state: &mut AppState, act: Act) -> Vec<Effect> {
    if act != Act::Back {
        return vec![];
    }
    if let Mode::Help(_) = state.mode {
        return help::back(state);
    }
    state.mode = Mode::Normal;
    if !state.filter.is_empty() {
        state.filter.clear();
        recompute(state);
    }
    vec![]
}

/// A key typed into the text that is open.
fn text(state: &mut AppState, k: KeyEvent) -> Vec<Effect> {
    match &mut state.mode {
        Mode::Filter(line) => {
            if k.code == KeyCode::Enter {
                state.mode = Mode::Normal;
            } else if line.key(k) {
                state.filter = line.text();
                recompute(state);
            }
            vec![]
        }
        Mode::Help(_) => help::text(state, k),
        Mode::Input(_) => acting::input_text(state, k),
        Mode::Command(_) if k.code == KeyCode::Enter => match command_line::run(state) {
            Some(Target::Act(act)) => key(state, act),
            Some(Target::Order(id)) => {
                select::jump(state, id);
                vec![]
            }
            None => vec![],
        },
        Mode::Command(_) => command_line::text(state, k),
        Mode::Confirm(Pending::Write(w)) => {
            match k.code {
                KeyCode::Backspace => {
                    w.typed.pop();
                }
                KeyCode::Char(c) => w.typed.push(c),
                _ => {}
            }
            vec![]
        }
        _ => vec![],
    }
}

/// Text pasted into the terminal: into the text that is open, else nowhere.
fn paste(state: &mut AppState, pasted: &str) -> Vec<Effect> {
    match &mut state.mode {
        Mode::Filter(line) => {
            if line.paste(pasted) {
                state.filter = line.text();
                recompute(state);
            }
            vec![]
        }
        Mode::Help(h) if h.typing => {
            h.search.paste(pasted);
            h.scroll = 0;
            vec![]
        }
        Mode::Input(_) => acting::input_paste(state, pasted),
        Mode::Command(c) => {
            c.text.paste(pasted);
            c.cursor = 0;
            vec![]
        }
        _ => vec![],
    }
}

fn read_only_refusal(lang: Lang) -> &'static str {
    super::i18n::strings(lang).read_only_refused
}

pub(super) fn move_to(state: &mut AppState, pos: usize) {
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

#[cfg(test)]
mod tests;
