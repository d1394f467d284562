//! Taking acts back: an agent's last act that only touched the cache, undone for a
//! while (`UNDO_SECONDS` on the screen); a closed incident reopened with a reason; a
//! write still queued withdrawn, a refused one sent again or let be. All audited;
//! none reaches into the Market (a write being sent is past withdrawing).

use chrono::Duration;

use super::act::{ActError, Actor};
use crate::base::words::Msg;
use crate::cache::{ClaimOutcome, Incident, OutboxAct, UndoRefused};
use crate::domain::incident::steps::{self, Step};

/// How long the dashboard offers to take an act back.
pub const UNDO_SECONDS: i64 = 10;

/// How long after the act the service still takes it back: the screen's offer, plus
/// room for a slow daemon and a key pressed at the last moment.
const UNDO_GRACE_SECONDS: i64 = 20;

impl Actor<'_> {
    /// Takes back this agent's last act on the order's incident. Returns the act's
    /// name (`note`, `close`, …).
    pub fn undo(&mut self, order_id: i64) -> Result<String, ActError> {
        self.hold_claim(order_id)?;
        let window = Duration::seconds(UNDO_SECONDS + UNDO_GRACE_SECONDS);
        match self
            .cache
            .undo_last(order_id, self.agent, self.now, window)?
        {
            Ok((action, _)) => Ok(action),
            Err(why) => Err(ActError::Refused {
                order_id,
                why: refused(why),
            }),
        }
    }

    /// Reopens the order's closed incident, saying why: the cause, its owner and the
    /// lesson are cleared (closing again asks for them), the analysis step is open
    /// again, and the reason goes into the notes.
    pub fn reopen(
        &mut self,
        order_id: i64,
        version: i64,
        reason: &str,
    ) -> Result<Incident, ActError> {
        let reason = crate::base::text::clean(reason.trim()).into_owned();
        if reason.is_empty() {
            return Err(ActError::Refused {
                order_id,
                why: Msg::each(|l| words(l).say_why_reopened),
            });
        }
        self.hold_claim(order_id)?;
        let incident = self
            .cache
            .incident(order_id)?
            .ok_or(ActError::NoIncident(order_id))?;
        if incident.closed_at.is_none() {
            return Err(ActError::Refused {
                order_id,
                why: Msg::each(|l| words(l).open_already),
            });
        }
        let stamp = format!(
            "{} {}: reopened: {reason}\n",
            self.now.format("%Y-%m-%d %H:%M"),
            self.agent
        );
        let updated = self.cache.update_incident(
            incident.id,
            version,
            self.agent,
            "reopen",
            self.now,
            |i| {
                i.steps.remove(&Step::Analyse);
                i.step = steps::at(&i.steps);
                i.closed_at = None;
                i.closed_by = None;
                i.root_cause = None;
                i.fault_owner = None;
                i.detected_before_buyer = None;
                i.lesson = None;
                i.notes.push_str(&stamp);
            },
        )?;
        updated.map_err(|_| ActError::Conflict(order_id))
    }
}

impl Actor<'_> {
    /// Withdraws, requeues or dismisses the order's outbox row `row_id`.
    pub fn outbox_act(
        &mut self,
        order_id: i64,
        row_id: i64,
        act: OutboxAct,
    ) -> Result<(), ActError> {
        self.hold_claim(order_id)?;
        match self
            .cache
            .outbox_act(row_id, order_id, act, self.agent, self.now)?
        {
            Some(_) => Ok(()),
            None => Err(ActError::Refused {
                order_id,
                why: match act {
                    OutboxAct::Cancel => Msg::each(|l| words(l).not_waiting),
                    OutboxAct::Requeue | OutboxAct::Dismiss => Msg::each(|l| words(l).not_refused),
                },
            }),
        }
    }

    /// Makes sure this agent holds the order (claiming it when nobody does), without
    /// opening an incident as a claim otherwise would: the closed one is the subject.
    fn hold_claim(&mut self, order_id: i64) -> Result<(), ActError> {
        match self
            .cache
            .claim(order_id, self.agent, false, self.idle, self.now)?
        {
            ClaimOutcome::HeldBy(c) => Err(ActError::HeldBy {
                order_id,
                holder: c.agent,
            }),
            _ => Ok(()),
        }
    }
}

fn refused(why: UndoRefused) -> Msg {
    match why {
        UndoRefused::Nothing => Msg::each(|l| words(l).nothing_to_undo),
        UndoRefused::TooLate => Msg::each(|l| words(l).too_late),
        UndoRefused::ChangedSince => Msg::each(|l| words(l).changed_since),
        UndoRefused::Reopened => Msg::each(|l| words(l).reopened_since),
    }
}

#[cfg(test)]
mod tests;
mod words;
use words::words;
