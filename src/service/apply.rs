//! Carries out an agent's command on the cache: the one `apply` that the dashboard
//! (acting itself), the daemon (acting for an agent on its socket) and tests all call.
//! Who acts is decided by the caller from the operating system, never from what the
//! command says; a read-only user is refused here, whatever their screen allowed.

use chrono::{DateTime, Utc};

use super::act::{ActError, Actor, Closing};
use super::assess;
use super::command::{Claimed, Command, Context, Done, Outcome, Refusal};
use super::words::words;
use crate::base::money::Money;
use crate::base::words::{Msg, fill};
use crate::cache::Cache;
use crate::domain::incident::checks::{Call, WriteAction};
use crate::domain::incident::lint::Audience;
use crate::domain::incident::steps::{RootCause, Step};

/// Carries out `cmd` for `agent` at `now`. Commands that need the Market are refused
/// here: the process holding the key runs them (see `Service::execute`).
pub fn apply(
    cache: &mut Cache,
    ctx: &Context,
    agent: &str,
    now: DateTime<Utc>,
    cmd: &Command,
) -> Result<Outcome, Refusal> {
    let order_id = cmd.order_id();
    if ctx.read_only_users.iter().any(|u| u == agent) {
        return Err(Refusal::refused(
            order_id,
            Msg::each(|l| fill(words(l).read_only, &[("agent", &agent)])),
        ));
    }
    if cmd.needs_market() {
        return apply_refused_without_market(order_id);
    }
    let done = act(cache, ctx, agent, now, cmd)?;
    // What an agent did can end a rule (a closed incident, compensation given): the
    // order's stored risk follows at once, not at the next sync.
    if let Some(id) = order_id
        && matches!(
            done,
            Done::Changed | Done::Queued { .. } | Done::Undone { .. }
        )
        && let Err(e) = assess::reassess(cache, &[id], now, &ctx.risk)
    {
        tracing::warn!(order_id = id, error = %e, "could not re-assess after an act");
    }
    let notice = notice(order_id, &done);
    Ok(Outcome {
        order_id,
        done,
        notice,
    })
}

/// The refusal of a command that needs the Market in a process without the key.
pub fn apply_refused_without_market(order_id: Option<i64>) -> Result<Outcome, Refusal> {
    Err(Refusal::unavailable(
        order_id,
        Msg::each(|l| words(l).no_api_key),
    ))
}

/// Carries out one command that needs no Market; each command that does more than
/// call the actor has its own function below.
fn act(
    cache: &mut Cache,
    ctx: &Context,
    agent: &str,
    now: DateTime<Utc>,
    cmd: &Command,
) -> Result<Done, Refusal> {
    let mut actor = Actor::new(cache, agent, now);
    match cmd {
        Command::Claim {
            order_id,
            take_over,
        } => claim(&mut actor, *order_id, *take_over),
        Command::StepDone {
            order_id,
            version,
            outcome,
        } => changed(actor.step_done(*order_id, *version, outcome.clone())),
        Command::SkipStep {
            order_id,
            version,
            reason,
        } => changed(actor.skip_step(*order_id, *version, reason)),
        Command::Note {
            order_id,
            version,
            text,
        } => changed(actor.note(*order_id, *version, text)),
        Command::Close {
            order_id,
            version,
            cause,
            lesson,
        } => close(&mut actor, *order_id, *version, *cause, lesson.clone()),
        Command::Compensate {
            order_id,
            version,
            kind,
            amount,
            lead,
        } => compensate(
            &mut actor,
            ctx,
            *order_id,
            *version,
            kind,
            *amount,
            lead.as_deref(),
        ),
        Command::LogCall {
            order_id,
            connected_secs,
            number_unavailable,
        } => log_call(&mut actor, *order_id, *connected_secs, *number_unavailable),
        Command::Reroute {
            order_id,
            version,
            outcome,
        } => reroute(&mut actor, *order_id, *version, outcome),
        Command::Write { writes } => Ok(queue(actor, ctx, writes)),
        Command::Undo { order_id } => undo(&mut actor, *order_id),
        Command::Reopen {
            order_id,
            version,
            reason,
        } => changed(actor.reopen(*order_id, *version, reason)),
        Command::Outbox {
            order_id,
            row_id,
            act,
        } => changed(actor.outbox_act(*order_id, *row_id, *act)),
        Command::SaveDraft {
            order_id,
            template,
            audience,
            text,
        } => save_draft(&mut actor, *order_id, template.as_deref(), audience, text),
        Command::Check { order_ids, action } => check(&actor, ctx, order_ids, action),
        Command::Refetch { .. } | Command::RefreshChat { .. } | Command::SyncNow => {
            unreachable!("commands that need the Market are refused before `act`")
        }
    }
}

/// A command whose only answer is that the incident changed.
fn changed<T>(r: Result<T, ActError>) -> Result<Done, Refusal> {
    r.map(|_| Done::Changed).map_err(Refusal::from)
}

/// Claims the order's incident, or takes it over.
fn claim(actor: &mut Actor<'_>, order_id: i64, take_over: bool) -> Result<Done, Refusal> {
    let claimed = actor.claim(order_id, take_over)?;
    Ok(Done::Claim {
        claimed: claimed.into(),
    })
}

/// Completes the reroute step with the option the agent chose.
fn reroute(
    actor: &mut Actor<'_>,
    order_id: i64,
    version: i64,
    outcome: &str,
) -> Result<Done, Refusal> {
    changed(actor.complete(
        order_id,
        version,
        Some(Step::Reroute),
        Some(outcome.to_owned()),
    ))
}

/// Undoes the agent's last act on the order.
fn undo(actor: &mut Actor<'_>, order_id: i64) -> Result<Done, Refusal> {
    actor
        .undo(order_id)
        .map(|action| Done::Undone { action })
        .map_err(Refusal::from)
}

/// Checks one write for several orders; nothing changes.
fn check(
    actor: &Actor<'_>,
    ctx: &Context,
    order_ids: &[i64],
    action: &WriteAction,
) -> Result<Done, Refusal> {
    super::check::check_each(actor.cache, ctx, actor.agent, actor.now, order_ids, action)
        .map(|verdicts| Done::Checked { verdicts })
        .map_err(|e| Refusal::from(ActError::from(e)))
}

/// Closes the incident with the agent's root cause and lesson.
fn close(
    actor: &mut Actor<'_>,
    order_id: i64,
    version: i64,
    cause: RootCause,
    lesson: Option<String>,
) -> Result<Done, Refusal> {
    changed(actor.close(
        order_id,
        version,
        Closing {
            cause: Some(cause),
            detected_before_buyer: None,
            lesson,
        },
    ))
}

/// Records compensation of a kind from the config's catalogue; an unknown kind is refused.
fn compensate(
    actor: &mut Actor<'_>,
    ctx: &Context,
    order_id: i64,
    version: i64,
    kind: &str,
    amount: Money,
    lead: Option<&str>,
) -> Result<Done, Refusal> {
    let Some(k) = ctx.incident.compensation_kind(kind) else {
        return Err(Refusal::refused(
            Some(order_id),
            Msg::each(|l| fill(words(l).no_compensation_kind, &[("kind", &kind)])),
        ));
    };
    changed(actor.compensate(order_id, version, k, amount, lead))
}

/// Records a call to the buyer, made now.
fn log_call(
    actor: &mut Actor<'_>,
    order_id: i64,
    connected_secs: u32,
    number_unavailable: bool,
) -> Result<Done, Refusal> {
    let call = Call {
        at: actor.now,
        connected_secs,
        number_unavailable,
    };
    changed(actor.log_call(order_id, &call))
}

/// Stored as typed: every screen shows a draft through `text::clean`.
fn save_draft(
    actor: &mut Actor<'_>,
    order_id: i64,
    template: Option<&str>,
    audience: &Audience,
    text: &str,
) -> Result<Done, Refusal> {
    let (agent, now) = (actor.agent, actor.now);
    actor
        .cache
        .save_draft(order_id, agent, template, audience.id(), text, now)
        .map(|()| Done::DraftSaved { saved_at: now })
        .map_err(|e| Refusal::from(ActError::from(e)))
}

/// Queues confirmed writes, each checked again against the cache's data now.
fn queue(mut actor: Actor<'_>, ctx: &Context, writes: &[super::act::ConfirmedWrite]) -> Done {
    let mut queued = 0;
    let mut refused = Vec::new();
    for w in writes {
        let check = match actor.cache.load_order(w.order_id) {
            Ok(Some((order, _))) => {
                super::act::check_context(actor.cache, &order, &ctx.incident, &ctx.risk)
                    .map_err(super::act::ActError::from)
            }
            Ok(None) => Err(super::act::ActError::NoOrder(w.order_id)),
            Err(e) => Err(e.into()),
        };
        match check.and_then(|cc| actor.write(w, &cc)) {
            Ok(_) => queued += 1,
            Err(e) => refused.push(Refusal::from(e).why),
        }
    }
    Done::Queued { queued, refused }
}

/// The line the agent sees after a command was carried out.
fn notice(order_id: Option<i64>, done: &Done) -> Msg {
    let id = order_id.map(|i| i.to_string()).unwrap_or_default();
    match done {
        Done::Claim { claimed } => match claimed {
            Claimed::Claimed | Claimed::AlreadyYours => {
                Msg::each(|l| fill(words(l).yours, &[("id", &id)]))
            }
            Claimed::TookOver { from } => {
                Msg::each(|l| fill(words(l).took_over, &[("id", &id), ("from", from)]))
            }
            Claimed::HeldBy { agent, .. } => {
                Msg::each(|l| fill(words(l).works_it, &[("id", &id), ("agent", agent)]))
            }
        },
        Done::Changed => Msg::each(|l| fill(words(l).changed, &[("id", &id)])),
        Done::Queued { queued, refused } => {
            let line = Msg::each(|l| fill(words(l).queued, &[("queued", queued)]));
            if refused.is_empty() {
                line
            } else {
                let mut all = vec![line];
                all.extend(refused.iter().cloned());
                Msg::join(&all)
            }
        }
        Done::Requested => Msg::each(|l| fill(words(l).requested, &[("id", &id)])),
        Done::Undone { .. } => Msg::each(|l| fill(words(l).undone, &[("id", &id)])),
        Done::DraftSaved { saved_at } => {
            let at = saved_at
                .with_timezone(&crate::market::dates::moscow())
                .format("%H:%M");
            Msg::each(|l| fill(words(l).draft_saved, &[("at", &at)]))
        }
        Done::Checked { verdicts } => {
            let ok = verdicts.iter().filter(|v| v.blocking.is_empty()).count();
            let all = verdicts.len();
            Msg::each(|l| fill(words(l).checked, &[("ok", &ok), ("all", &all)]))
        }
    }
}
