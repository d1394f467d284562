//! Acting on an incident: the one place where an agent's decision becomes a change in
//! the cache — a claim, a settled step, a note, compensation, a close, or a write to
//! the Market queued in the outbox. Each act first makes sure the agent holds the
//! order (claiming it when nobody does), is based on the incident version the agent
//! saw, and leaves an audit entry. A write is checked against the Market's rules again
//! here, whatever the screen showed, so a stale screen cannot send a forbidden write.

use chrono::{DateTime, Duration, Utc};

use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::base::time::{moscow, moscow_day, moscow_midnight};
use crate::base::words::{Msg, fill};
use crate::cache::{
    AuditEntry, Cache, CacheError, ClaimOutcome, Incident, OutboxRow, StoredChatMessage,
};
use crate::domain::incident::IncidentConfig;
use crate::domain::incident::checks::{Call, CheckContext, WriteAction, check};
use crate::domain::incident::compensation::{CompensationKind, Given, given_today, needs_lead};
use crate::domain::incident::steps::{self, RootCause, Step};
use crate::domain::order::Order;
use crate::domain::risk::Thresholds;
use crate::domain::write::{OutboxWrite, WriteKind, key_for};
use words::words;

/// The currency the catalogue's amounts and limits are said in: the shop's, and the
/// Market's shops are paid in roubles.
const RUR: &str = "RUR";

/// Why an act was not done. Nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ActError {
    #[error(transparent)]
    Cache(#[from] CacheError),
    /// Another agent holds the order; taking it over is a separate, confirmed act.
    #[error("{order_id}: {holder} works this order; take it over first")]
    HeldBy { order_id: i64, holder: String },
    #[error("{0}: the order has no open incident")]
    NoIncident(i64),
    #[error("{0}: no such order in the cache")]
    NoOrder(i64),
    /// The incident changed since the agent saw it; the screen reloads it.
    #[error("{0}: changed by another agent meanwhile; reloaded, nothing overwritten")]
    Conflict(i64),
    /// The rules, the lint or the workflow refuse it; the reasons in both languages.
    #[error("{order_id}: {}", why.en)]
    Refused { order_id: i64, why: Msg },
}

impl ActError {
    /// The message for the agent, in the UI language.
    pub fn message(&self, lang: Lang) -> String {
        let w = words(lang);
        match self {
            ActError::Refused { order_id, why } => {
                fill(w.refused, &[("id", order_id), ("why", &why.get(lang))])
            }
            ActError::HeldBy { order_id, holder } => {
                fill(w.held_by, &[("id", order_id), ("holder", holder)])
            }
            ActError::NoIncident(id) => fill(w.no_incident, &[("id", id)]),
            ActError::NoOrder(id) => fill(w.no_order, &[("id", id)]),
            ActError::Conflict(id) => fill(w.conflict, &[("id", id)]),
            ActError::Cache(e) => e.to_string(),
        }
    }
}

/// How an incident is closed.
#[derive(Debug, Clone, PartialEq)]
pub struct Closing {
    pub cause: Option<RootCause>,
    /// Whether the trouble was found before the buyer complained.
    pub detected_before_buyer: Option<bool>,
    pub lesson: Option<String>,
}

/// A write the agent confirmed; `nonce` is made once per confirmation (see
/// `domain::write::key_for`), so the same confirmation queued twice is one write.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConfirmedWrite {
    pub order_id: i64,
    pub action: WriteAction,
    pub nonce: String,
}

/// One agent acting on the cache at one instant.
pub struct Actor<'a> {
    pub cache: &'a mut Cache,
    pub agent: &'a str,
    pub now: DateTime<Utc>,
    /// A claim untouched this long is nobody's.
    pub idle: Duration,
}

impl<'a> Actor<'a> {
    /// An actor with the cache's claim idle time.
    pub fn new(cache: &'a mut Cache, agent: &'a str, now: DateTime<Utc>) -> Actor<'a> {
        let idle = cache.claim_idle();
        Actor {
            cache,
            agent,
            now,
            idle,
        }
    }

    /// Claims the order; `take_over` takes it from another agent (audited). An order
    /// claimed without an open incident gets one, opened by hand: claiming says "this
    /// needs work".
    pub fn claim(&mut self, order_id: i64, take_over: bool) -> Result<ClaimOutcome, ActError> {
        let outcome = self
            .cache
            .claim(order_id, self.agent, take_over, self.idle, self.now)?;
        if !matches!(outcome, ClaimOutcome::HeldBy(_))
            && self
                .cache
                .incident(order_id)?
                .is_none_or(|i| i.closed_at.is_some())
        {
            self.cache
                .open_incident_by_hand(order_id, self.agent, self.now)?;
        }
        Ok(outcome)
    }

    /// Makes sure this agent holds the order, claiming it when nobody does; acting
    /// also keeps the claim alive.
    fn hold(&mut self, order_id: i64) -> Result<(), ActError> {
        match self.claim(order_id, false)? {
            ClaimOutcome::HeldBy(c) => Err(ActError::HeldBy {
                order_id,
                holder: c.agent,
            }),
            _ => Ok(()),
        }
    }

    /// Changes the order's open incident if it is still at `version`.
    fn change(
        &mut self,
        order_id: i64,
        version: i64,
        action: &str,
        change: impl FnOnce(&mut Incident) -> Result<(), Msg>,
    ) -> Result<Incident, ActError> {
        self.hold(order_id)?;
        let incident = self
            .cache
            .incident(order_id)?
            .filter(|i| i.closed_at.is_none())
            .ok_or(ActError::NoIncident(order_id))?;
        if incident.version != version {
            return Err(ActError::Conflict(order_id));
        }
        // The change is tried on a copy first, so a refusal never reaches the cache.
        let mut trial = incident.clone();
        change(&mut trial).map_err(|why| ActError::Refused { order_id, why })?;
        // Every change made here only touches the cache: the agent may take it back
        // for a while (`service::revert`).
        let updated = self.cache.update_incident_undoable(
            incident.id,
            version,
            self.agent,
            action,
            self.now,
            |i| {
                *i = Incident {
                    version: i.version,
                    ..trial
                }
            },
        )?;
        updated.map_err(|_| ActError::Conflict(order_id))
    }

    /// Marks the incident's current step done, with what came of it.
    pub fn step_done(
        &mut self,
        order_id: i64,
        version: i64,
        outcome: Option<String>,
    ) -> Result<Incident, ActError> {
        self.complete(order_id, version, None, outcome)
    }

    /// Marks a step done (the current one when `step` is `None`).
    pub fn complete(
        &mut self,
        order_id: i64,
        version: i64,
        step: Option<Step>,
        outcome: Option<String>,
    ) -> Result<Incident, ActError> {
        let (agent, now) = (self.agent.to_owned(), self.now);
        self.change(order_id, version, "step_done", |i| {
            let step = step
                .or_else(|| steps::current(&i.steps))
                .ok_or_else(|| Msg::each(|l| words(l).all_steps_settled))?;
            // What the carrier said is what verifying the order came to.
            if step == Step::Verify && outcome.is_some() {
                i.carrier_answer = outcome.clone();
            }
            steps::complete(&mut i.steps, step, outcome, &agent, now);
            i.step = steps::at(&i.steps);
            Ok(())
        })
    }

    /// Records a call to the buyer: the evidence the "buyer unreachable" protocol
    /// asks for before such a cancellation.
    pub fn log_call(&mut self, order_id: i64, call: &Call) -> Result<(), ActError> {
        self.hold(order_id)?;
        let json = serde_json::to_string(call).unwrap_or_default();
        Ok(self
            .cache
            .record(order_id, self.agent, "call", &json, self.now)?)
    }

    /// Skips the incident's current step, saying why.
    pub fn skip_step(
        &mut self,
        order_id: i64,
        version: i64,
        reason: &str,
    ) -> Result<Incident, ActError> {
        let (agent, now) = (self.agent.to_owned(), self.now);
        self.change(order_id, version, "step_skipped", |i| {
            let step = steps::current(&i.steps)
                .ok_or_else(|| Msg::each(|l| words(l).all_steps_settled))?;
            steps::skip(&mut i.steps, step, reason, &agent, now)?;
            i.step = steps::at(&i.steps);
            Ok(())
        })
    }

    /// Adds a note to the incident, stamped with the agent and the time.
    pub fn note(&mut self, order_id: i64, version: i64, text: &str) -> Result<Incident, ActError> {
        let text = crate::base::text::clean(text.trim()).into_owned();
        if text.is_empty() {
            return Err(ActError::Refused {
                order_id,
                why: Msg::each(|l| words(l).empty_note),
            });
        }
        let stamp = format!(
            "{} {}: {text}\n",
            self.now.with_timezone(&moscow()).format("%d.%m.%Y %H:%M"),
            self.agent
        );
        self.change(order_id, version, "note", |i| {
            i.notes.push_str(&stamp);
            Ok(())
        })
    }

    /// Closes the incident. A root cause is required.
    pub fn close(
        &mut self,
        order_id: i64,
        version: i64,
        closing: Closing,
    ) -> Result<Incident, ActError> {
        let (agent, now) = (self.agent.to_owned(), self.now);
        // Found before the buyer complained: no buyer message before the incident opened.
        let first_complaint = self
            .cache
            .chat_messages(order_id)?
            .into_iter()
            .filter(|m| m.sender == "CUSTOMER")
            .map(|m| m.created_at)
            .min();
        self.change(order_id, version, "close", |i| {
            let detected = closing
                .detected_before_buyer
                .unwrap_or(first_complaint.is_none_or(|c| c > i.opened_at));
            let Some(cause) = closing.cause else {
                // No cause: `can_close` says why closing is refused.
                return steps::can_close(None);
            };
            if !i
                .steps
                .get(&Step::Analyse)
                .is_some_and(super::super::domain::incident::steps::StepState::is_settled)
            {
                steps::complete(
                    &mut i.steps,
                    Step::Analyse,
                    Some(cause.label().en.clone()),
                    &agent,
                    now,
                );
            }
            i.step = steps::at(&i.steps);
            i.closed_at = Some(now);
            i.closed_by = Some(agent.clone());
            i.root_cause = Some(cause);
            i.fault_owner = Some(cause.owner());
            i.detected_before_buyer = Some(detected);
            i.lesson = closing.lesson.clone().filter(|l| !l.trim().is_empty());
            i.last_error = None;
            Ok(())
        })
    }

    /// What this agent gave of `kind` today, over every incident.
    pub fn given_today(&self, kind: &str) -> Result<Money, ActError> {
        Ok(given_today_by(self.cache, self.agent, self.now)?
            .into_iter()
            .find(|(k, _)| k == kind)
            .map_or(Money::ZERO, |(_, v)| v))
    }

    /// Records compensation on the incident. Above the agent's daily limit a lead's
    /// name is required (`confirmed_by`), and must not be the agent's own.
    pub fn compensate(
        &mut self,
        order_id: i64,
        version: i64,
        kind: &CompensationKind,
        amount: Money,
        confirmed_by: Option<&str>,
    ) -> Result<Incident, ActError> {
        let today = self.given_today(&kind.id)?;
        let lead = confirmed_by
            .map(str::trim)
            .filter(|l| !l.is_empty() && *l != self.agent);
        if needs_lead(kind, amount, today) && lead.is_none() {
            return Err(ActError::Refused {
                order_id,
                why: Msg::each(|l| {
                    let limit = kind.per_agent_limit.show(RUR, l);
                    let given = today.show(RUR, l);
                    fill(
                        words(l).above_limit,
                        &[("limit", &limit), ("given", &given)],
                    )
                }),
            });
        }
        if amount <= Money::ZERO {
            return Err(ActError::Refused {
                order_id,
                why: Msg::each(|l| words(l).amount_not_positive),
            });
        }
        let entry = Given {
            kind: kind.id.clone(),
            amount,
            at: self.now,
            by: self.agent.to_owned(),
            confirmed_by: lead.map(str::to_owned),
        };
        let (agent, now) = (self.agent.to_owned(), self.now);
        self.change(order_id, version, "compensation", |i| {
            i.compensation.push(entry);
            if !i
                .steps
                .get(&Step::Compensate)
                .is_some_and(super::super::domain::incident::steps::StepState::is_settled)
            {
                let what = format!("{} {}", kind.name_en, amount.show(RUR, Lang::En));
                steps::complete(&mut i.steps, Step::Compensate, Some(what), &agent, now);
                i.step = steps::at(&i.steps);
            }
            Ok(())
        })
    }

    /// Queues a confirmed write to the Market: checked against the rules (and the
    /// lint, for a chat message) once more, put in the outbox with its audit entry in
    /// one transaction, and the step it belongs to marked done. Returns the outbox
    /// row id; the same confirmation again returns the same row.
    pub fn write(&mut self, w: &ConfirmedWrite, ctx: &CheckContext) -> Result<i64, ActError> {
        let order_id = w.order_id;
        self.hold(order_id)?;
        let (order, history) = self
            .cache
            .load_order(order_id)?
            .ok_or(ActError::NoOrder(order_id))?;
        let verdict = check(&w.action, &order, &history, ctx, self.now);
        if !verdict.allowed {
            return Err(ActError::Refused {
                order_id,
                why: Msg::join(&verdict.blocking),
            });
        }
        let kind = w
            .action
            .to_write(order_id, None)
            .ok_or_else(|| ActError::Refused {
                order_id,
                why: Msg::each(|l| words(l).request_lacks_data),
            })?;
        let incident = match self
            .cache
            .incident(order_id)?
            .filter(|i| i.closed_at.is_none())
        {
            Some(i) => i,
            None => self
                .cache
                .open_incident_by_hand(order_id, self.agent, self.now)?,
        };
        let write = OutboxWrite {
            key: key_for(self.agent, order_id, &label(&kind), &w.nonce),
            kind: kind.clone(),
            order_id: Some(order_id),
            campaign_id: order.campaign_id,
            business_id: order.business_id,
            incident_id: Some(incident.id),
            created_by: self.agent.to_owned(),
        };
        let id = self.cache.enqueue_audited(&write, self.now)?;
        // The draft the message was written in is done with once it is queued; a
        // draft edited since (another text) stays.
        if let WriteAction::ChatMessage { text } = &w.action {
            self.cache.drop_sent_draft(order_id, self.agent, text)?;
        }
        self.settle_step_of(&incident, &kind)?;
        Ok(id)
    }

    /// Marks done the step a write belongs to, unless it is settled already. The
    /// write itself is queued whatever happens here: a conflict only leaves the step
    /// for the agent to mark.
    fn settle_step_of(&mut self, incident: &Incident, kind: &WriteKind) -> Result<(), ActError> {
        let step = match kind {
            WriteKind::ChatMessage { .. } => Step::Notify,
            WriteKind::Status(_) | WriteKind::Statuses(_) => Step::UpdateMarket,
            _ => Step::Reroute,
        };
        if incident
            .steps
            .get(&step)
            .is_some_and(super::super::domain::incident::steps::StepState::is_settled)
        {
            return Ok(());
        }
        let (agent, now, what) = (self.agent.to_owned(), self.now, label(kind));
        let _ = self.cache.update_incident(
            incident.id,
            incident.version,
            self.agent,
            "step_done",
            self.now,
            |i| {
                steps::complete(&mut i.steps, step, Some(what), &agent, now);
                i.step = steps::at(&i.steps);
            },
        )?;
        Ok(())
    }
}

/// What `agent` gave today of each compensation kind, over every incident.
pub fn given_today_by(
    cache: &Cache,
    agent: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(String, Money)>, CacheError> {
    // The Moscow day's start: compensation given today is on incidents open since.
    let day_start = moscow_midnight(moscow_day(now));
    let given = cache.compensation_entries(day_start)?;
    let mut kinds: Vec<String> = given.iter().map(|g| g.kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    Ok(kinds
        .into_iter()
        .map(|k| {
            let v = given_today(&given, agent, &k, now);
            (k, v)
        })
        .collect())
}

/// What the rule checks need besides the order, from the config and the evidence
/// the cache holds: calls logged, what the buyer wrote, a storage extension already
/// asked for.
pub fn check_context(
    cache: &Cache,
    order: &Order,
    cfg: &IncidentConfig,
    risk: &Thresholds,
) -> Result<CheckContext, CacheError> {
    let id = order.order_id;
    let evidence = Evidence {
        audit: &cache.audit_for(id)?,
        chat: &cache.chat_messages(id)?,
        writes: &cache.outbox_for_order(id)?,
    };
    Ok(context_from(order, &evidence, cfg, risk))
}

/// What the cache holds about one order that the rule checks take as evidence.
pub struct Evidence<'a> {
    pub audit: &'a [AuditEntry],
    pub chat: &'a [StoredChatMessage],
    pub writes: &'a [OutboxRow],
}

/// [`check_context`] from evidence already read (the dashboard's detail load has it).
pub fn context_from(
    order: &Order,
    evidence: &Evidence<'_>,
    cfg: &IncidentConfig,
    risk: &Thresholds,
) -> CheckContext {
    let calls = evidence
        .audit
        .iter()
        .filter(|a| a.action == "call")
        .filter_map(|a| serde_json::from_str::<Call>(a.after.as_deref()?).ok())
        .collect();
    let buyer: Vec<String> = evidence
        .chat
        .iter()
        .filter(|m| m.sender == "CUSTOMER")
        .map(|m| m.text.to_lowercase())
        .collect();
    let said = |words: &[&str]| buyer.iter().any(|t| words.iter().any(|w| t.contains(w)));
    let storage_extended = evidence
        .writes
        .iter()
        .any(|w| w.kind == "storage_limit" && w.state.may_reach_market());
    CheckContext {
        thresholds: risk.clone(),
        budget: cfg.date_budget.clone(),
        calls,
        buyer_utc_offset: None,
        buyer_asked_to_cancel: order.cancel_requested || said(&["отмен", "cancel"]),
        buyer_asked_new_date: said(&[
            "перенес",
            "другую дату",
            "другой день",
            "another date",
            "reschedul",
        ]),
        storage_extended,
        shipment_forms_at: None,
        carriers: cfg.carriers.clone(),
    }
}

/// What a write does, short: `status:DELIVERY`, `date:2026-07-20`, `chat`.
fn label(kind: &WriteKind) -> String {
    match kind {
        WriteKind::Status(s) => format!("status:{}", s.status),
        WriteKind::DeliveryDate(d) => format!("date:{}", d.dates.to_date),
        WriteKind::Track(t) => format!("track:{}", t.track_code),
        WriteKind::ChatMessage { .. } => "chat".to_owned(),
        other => other.name().to_owned(),
    }
}

#[cfg(test)]
mod tests;
mod words;
