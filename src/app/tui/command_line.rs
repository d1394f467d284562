//! The `:` command line, as in k9s: what is typed is matched fuzzily against the
//! actions of the screen it was opened over (by their keymap names and their words in
//! the screen's language) and against order ids — `:48291…` jumps to an order, `:q`
//! quits. Up and Down choose among the matches, Enter runs the chosen one there, Esc
//! goes back. Drawing is `ui::command`'s.

use ratatui::crossterm::event::KeyEvent;
use strum::IntoEnumIterator;

use super::action::{Act, Effect};
use super::i18n;
use super::state::{AppState, CommandLine, KeyMode, Mode};

/// The most matches listed.
pub const SHOWN: usize = 8;

/// What a match runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Act(Act),
    /// Select this order (in the All section when the current one hides it).
    Order(i64),
}

/// `:`: the command line, over the screen it was opened from.
pub(super) fn open(state: &mut AppState) {
    let back = Box::new(std::mem::take(&mut state.mode));
    state.mode = Mode::Command(CommandLine {
        back,
        ..CommandLine::default()
    });
}

/// A key bound in the command line: choosing among the matches, and Esc.
pub(super) fn key(state: &mut AppState, act: Act) -> Vec<Effect> {
    let n = matches(state).len();
    let Mode::Command(c) = &mut state.mode else {
        return vec![];
    };
    match act {
        Act::MoveDown => c.cursor = (c.cursor + 1).min(n.saturating_sub(1)),
        Act::MoveUp => c.cursor = c.cursor.saturating_sub(1),
        Act::Back => {
            let back = std::mem::take(&mut c.back);
            state.mode = *back;
        }
        _ => {}
    }
    vec![]
}

/// A key typed into the line (Enter is `run`'s).
pub(super) fn text(state: &mut AppState, key: KeyEvent) -> Vec<Effect> {
    if let Mode::Command(c) = &mut state.mode
        && c.text.key(key)
    {
        c.cursor = 0;
    }
    vec![]
}

/// Enter: the chosen match, with the screen it runs on back in place.
pub(super) fn run(state: &mut AppState) -> Option<Target> {
    let chosen = matches(state).get(cursor(state)).copied();
    if let Mode::Command(c) = std::mem::take(&mut state.mode) {
        state.mode = *c.back;
    }
    chosen
}

fn cursor(state: &AppState) -> usize {
    match &state.mode {
        Mode::Command(c) => c.cursor,
        _ => 0,
    }
}

/// The screen the line was opened over.
fn under(state: &AppState) -> KeyMode {
    match &state.mode {
        Mode::Command(c) => c.back.keys(),
        m => m.keys(),
    }
}

/// What the typed text matches, best first: orders by id when it is a number, else
/// the actions of the screen underneath.
pub fn matches(state: &AppState) -> Vec<Target> {
    let Mode::Command(c) = &state.mode else {
        return vec![];
    };
    let typed = c.text.text();
    let query = typed.trim().trim_start_matches(':').to_lowercase();
    let digits: String = query.chars().filter(char::is_ascii_digit).collect();
    if !digits.is_empty() && query.chars().all(|ch| ch.is_ascii_digit() || ch == '…') {
        return orders(state, &digits);
    }
    let mut scored: Vec<(i32, Act)> = offered(under(state), state.read_only)
        .filter_map(|act| Some((score_act(state, act, &query)?, act)))
        .collect();
    if query == "q" {
        // `:q`, as in every editor.
        scored.retain(|(_, a)| *a != Act::Quit);
        scored.insert(0, (i32::MAX, Act::Quit));
    }
    scored.sort_by_key(|(s, a)| (std::cmp::Reverse(*s), *a as u8));
    scored.into_iter().map(|(_, a)| Target::Act(a)).collect()
}

/// The orders whose id starts with `digits`, the one of exactly that id first.
fn orders(state: &AppState, digits: &str) -> Vec<Target> {
    let mut found: Vec<i64> = state
        .rows
        .iter()
        .map(|r| r.order.order_id)
        .filter(|id| id.to_string().starts_with(digits))
        .take(SHOWN)
        .collect();
    if let Ok(exact) = digits.parse::<i64>()
        && let Some(i) = found.iter().position(|id| *id == exact)
    {
        found.swap(0, i);
    }
    found.into_iter().map(Target::Order).collect()
}

/// The actions a screen runs from the command line.
fn offered(mode: KeyMode, read_only: bool) -> impl Iterator<Item = Act> {
    Act::iter().filter(move |a| {
        let here = match mode {
            KeyMode::Analysis => matches!(
                a,
                Act::MoveDown
                    | Act::MoveUp
                    | Act::NextTab
                    | Act::PeriodBack
                    | Act::PeriodForward
                    | Act::PeriodLonger
                    | Act::PeriodShorter
                    | Act::CycleBy
                    | Act::Confirm
                    | Act::Back
                    | Act::Help
                    | Act::Notices
                    | Act::Quit
            ),
            KeyMode::Team => matches!(
                a,
                Act::MoveDown
                    | Act::MoveUp
                    | Act::Refresh
                    | Act::Confirm
                    | Act::Back
                    | Act::Help
                    | Act::Notices
                    | Act::Quit
            ),
            _ => !matches!(
                a,
                Act::Confirm
                    | Act::SwitchLang
                    | Act::PeriodBack
                    | Act::PeriodForward
                    | Act::PeriodLonger
                    | Act::PeriodShorter
                    | Act::CycleBy
                    | Act::Command
            ),
        };
        here && !(read_only && a.is_acting())
    })
}

/// How well `query` matches an action: by its name, its hint or its description.
fn score_act(state: &AppState, act: Act, query: &str) -> Option<i32> {
    if query.is_empty() {
        return Some(0);
    }
    let lang = state.lang;
    [
        act.name().replace('_', " "),
        i18n::action_hint(lang, act).to_lowercase(),
        i18n::action_desc(lang, act).to_lowercase(),
    ]
    .iter()
    .filter_map(|target| fuzzy(query, target))
    .max()
}

/// A subsequence match of `query` in `target`, scored: letters in a row and letters
/// that start a word count more, a longer target less. `None` when some letter of the
/// query is not there in order.
pub fn fuzzy(query: &str, target: &str) -> Option<i32> {
    let target: Vec<char> = target.chars().collect();
    let mut score = 0;
    let mut at = 0;
    let mut last: Option<usize> = None;
    for q in query.chars().filter(|c| !c.is_whitespace()) {
        let i = (at..target.len()).find(|&i| target[i] == q)?;
        score += 10;
        if last.is_some_and(|l| l + 1 == i) {
            score += 15;
        }
        if i == 0 || matches!(target[i - 1], ' ' | '_' | '/' | '-') {
            score += 20;
        }
        score -= (i - at) as i32;
        last = Some(i);
        at = i + 1;
    }
    Some(score - target.len() as i32 / 4)
}

#[cfg(test)]
mod tests;
