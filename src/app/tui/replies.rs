//! What the dashboard does with the service's answers: the notice or the refusal on
//! the footer line, and a refused text put back in the input it was typed in, so that
//! nothing typed is lost to a refusal (another agent took the order meanwhile, the
//! incident changed, the Market's rules refuse the write).

use super::action::{Effect, Replied};
use super::dialog::InputFor;
use super::state::{AppState, Mode};
use crate::service::command::RefusalKind;
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
        Err(refusal) if matches!(r.cmd, Command::SaveDraft { .. }) => {
            state.footer.error = Some(refusal.message(lang).to_owned());
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
                state.footer.error = Some(text);
                put_back(state, &r.cmd, false);
            } else {
                state.footer.error = None;
                state.footer.notice = Some(text);
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
            state.footer.error = Some(refusal.message(lang).to_owned());
            put_back(state, &r.cmd, refusal.kind == RefusalKind::Conflict);
        }
    }
    vec![]
}

/// Puts the text typed for `cmd` back in its input. When another dialog is open by
/// now, the text is quoted on the error line instead of taking the screen from it.
fn put_back(state: &mut AppState, cmd: &Command, conflict: bool) {
    let Some(mut input) = state.typed.take_if(|t| answers(&t.purpose, cmd)) else {
        return;
    };
    if input.text.trim().is_empty() {
        return;
    }
    input.reopened = conflict;
    if state.mode == Mode::Normal && state.input.is_none() {
        state.input = Some(input);
        state.mode = Mode::Input;
    } else if let Some(e) = state.footer.error.as_mut() {
        e.push_str(&format!(" — «{}»", input.text.trim()));
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
