//! What the dashboard does with the service's answers: the notice or the refusal on
//! the footer line, and a refused text put back in the input it was typed in, so that
//! nothing typed is lost to a refusal (another agent took the order meanwhile, the
//! incident changed, the Market's rules refuse the write).

use super::action::{Effect, Replied};
use super::dialog::{Input, InputFor};
use super::state::{AppState, Mode};
use crate::base::text::clean;
use crate::base::words::fill;
use crate::service::command::{Claimed, RefusalKind};
use crate::service::{Command, Done, Outcome};

/// A command's answer.
pub(super) fn replied(state: &mut AppState, r: Replied) -> Vec<Effect> {
    let lang = state.lang;
    match r.reply {
        Ok(Outcome {
            done: Done::Checked { verdicts },
            ..
        }) => super::acting::checked(state, &verdicts),
        // A draft stored is said on the Contact tab, not on the footer line.
        Ok(Outcome {
            done: Done::DraftSaved { saved_at },
            ..
        }) => {
            if let Command::SaveDraft { order_id, text, .. } = &r.cmd {
                return super::acting::stored(state, *order_id, text, Ok(saved_at));
            }
        }
        // Someone claimed the order between this list's last load and the key: said
        // in words, as a race lost, not as a bare refusal.
        Ok(Outcome {
            done:
                Done::Claim {
                    claimed: Claimed::HeldBy { agent, since },
                },
            ..
        }) => {
            let id = r.cmd.order_id().unwrap_or_default();
            let who = clean(&agent).into_owned();
            let recent = (state.now - since).num_seconds() < 300;
            let w = super::i18n::workflow(lang);
            let text = if recent {
                w.took_first
            } else {
                w.held_take_over
            };
            state.warn(fill(text, &[("who", &who), ("id", &id)]));
        }
        Err(refusal) if matches!(r.cmd, Command::SaveDraft { .. }) => {
            state.warn(refusal.message(lang));
            if let Command::SaveDraft { order_id, text, .. } = &r.cmd {
                return super::acting::stored(state, *order_id, text, Err(()));
            }
        }
        Ok(outcome) => {
            let all_refused = matches!(
                &outcome.done,
                Done::Queued { queued: 0, refused } if !refused.is_empty()
            );
            let text = outcome.notice.get(lang).to_owned();
            if all_refused {
                state.warn(text);
                put_back(state, &r.cmd, false);
            } else {
                // What the dashboard asked on its own (a chat fetched as its tab
                // opened) never takes the line from the answer to the agent's key.
                if matches!(r.cmd, Command::RefreshChat { .. }) {
                    state.log_only(text);
                } else if !text.trim().is_empty() {
                    state.say(text);
                }
                super::revert::carried_out(state, &r.cmd);
                if state
                    .typed
                    .as_ref()
                    .is_some_and(|t| answers(&t.purpose, &r.cmd))
                {
                    state.typed = None;
                }
            }
        }
        // A chat refreshed on its own when the tab opened fails quietly: the cache
        // shows what the service last fetched.
        Err(_) if matches!(r.cmd, Command::RefreshChat { .. }) => {}
        Err(refusal) => {
            state.warn(refusal.message(lang));
            put_back(state, &r.cmd, refusal.kind == RefusalKind::Conflict);
        }
    }
    vec![]
}

/// Puts the text typed for `cmd` back in its input. When another dialog is open by
/// now, the text is quoted on the error line instead of taking the screen from it.
fn put_back(state: &mut AppState, cmd: &Command, conflict: bool) {
    let Some(typed) = state.typed.take_if(|t| answers(&t.purpose, cmd)) else {
        return;
    };
    if typed.text.trim().is_empty() {
        return;
    }
    if state.mode == Mode::Normal {
        let mut input = Input::new(typed.prompt, &typed.text, typed.purpose);
        input.reopened = conflict;
        state.mode = Mode::Input(input);
    } else if let Some(e) = state.notices.last_mut().filter(|n| n.error) {
        e.text.push_str(&format!(" — «{}»", typed.text.trim()));
    }
}

/// Whether `cmd` is what the text typed for `purpose` became.
fn answers(purpose: &InputFor, cmd: &Command) -> bool {
    if Some(purpose.order_id()) != cmd.order_id() {
        return false;
    }
    matches!(
        (purpose, cmd),
        (InputFor::StepOutcome { .. }, Command::StepDone { .. })
            | (InputFor::Lesson { .. }, Command::Close { .. })
            | (InputFor::Note { .. }, Command::Note { .. })
            | (InputFor::Skip { .. }, Command::SkipStep { .. })
            | (InputFor::Call { .. }, Command::LogCall { .. })
            | (InputFor::Lead { .. }, Command::Compensate { .. })
            | (InputFor::Reopen { .. }, Command::Reopen { .. })
            | (
                InputFor::MoveDate { .. }
                    | InputFor::RealDate { .. }
                    | InputFor::StorageDate { .. }
                    | InputFor::Track { .. },
                Command::Write { .. }
            )
    )
}

#[cfg(test)]
mod tests;
