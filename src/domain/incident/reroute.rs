//! Alternative delivery (step 3): the options an order's model and state allow, each
//! with whether the rules let it happen now (via `checks`), why not, its effect and
//! its ETA or deadline. Options the rules forbid are listed too, unavailable with the
//! reason, so an agent sees the whole menu and why part of it is closed.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::checks::{
    CheckContext, Verdict, WriteAction, cancel_answer_due, check, check_carrier_change,
    duration_text, moscow_time,
};
use super::compensation::CarrierContact;
use crate::base::words::{Msg, fill};
use crate::domain::order::{History, Order};
use crate::domain::risk::{Rule, assess, is_lost};
use crate::market::dates::moscow;
use crate::market::enums::{
    CancellationRejectReason, DeliveryDateReason, OrderStatus as S, ProgramType as M,
};
use words::words;

/// What kind of alternative an option is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RerouteKind {
    MoveDate,
    ChangeCarrier,
    ExtendStorage,
    AcceptCancellation,
    RejectCancellation,
    TransferShipment,
    EscalateMarket,
    ClaimMarket,
    ClaimCarrier,
}

impl RerouteKind {
    /// A stable id for keys, logs and JSON.
    pub fn id(self) -> &'static str {
        match self {
            RerouteKind::MoveDate => "move_date",
            RerouteKind::ChangeCarrier => "change_carrier",
            RerouteKind::ExtendStorage => "extend_storage",
            RerouteKind::AcceptCancellation => "accept_cancellation",
            RerouteKind::RejectCancellation => "reject_cancellation",
            RerouteKind::TransferShipment => "transfer_shipment",
            RerouteKind::EscalateMarket => "escalate_market",
            RerouteKind::ClaimMarket => "claim_market",
            RerouteKind::ClaimCarrier => "claim_carrier",
        }
    }

    /// The option's name in the Reroute tab.
    pub fn title(self) -> Msg {
        Msg::each(|l| {
            let w = words(l);
            match self {
                RerouteKind::MoveDate => w.move_date,
                RerouteKind::ChangeCarrier => w.change_carrier,
                RerouteKind::ExtendStorage => w.extend_storage,
                RerouteKind::AcceptCancellation => w.accept_cancellation,
                RerouteKind::RejectCancellation => w.reject_cancellation,
                RerouteKind::TransferShipment => w.transfer_shipment,
                RerouteKind::EscalateMarket => w.escalate_market,
                RerouteKind::ClaimMarket => w.claim_market,
                RerouteKind::ClaimCarrier => w.claim_carrier,
            }
        })
    }
}

/// One alternative for the order.
#[derive(Debug, Clone, PartialEq)]
pub struct RerouteOption {
    pub kind: RerouteKind,
    pub available: bool,
    /// The blocking reasons, joined, when not available.
    pub why_not: Option<Msg>,
    pub warnings: Vec<Msg>,
    pub effect: Msg,
    /// The new date, time left or deadline, as the agent should see it.
    pub eta: Option<Msg>,
    /// The deadline behind `eta`, when there is one.
    pub deadline: Option<DateTime<Utc>>,
    /// The write that carries the option out, prefilled; `None` for what is done
    /// outside the API (escalations, claims). For `ChangeCarrier` the track is empty:
    /// the agent types it and the write is checked again.
    pub action: Option<WriteAction>,
    /// The carrier a `ChangeCarrier` option hands over to.
    pub carrier: Option<CarrierContact>,
}

impl RerouteOption {
    fn from_verdict(kind: RerouteKind, v: Verdict, action: Option<WriteAction>) -> Self {
        let why_not = (!v.allowed).then(|| Msg::join(&v.blocking));
        RerouteOption {
            kind,
            available: v.allowed,
            why_not,
            warnings: v.warnings,
            effect: v.effect,
            eta: None,
            deadline: None,
            action,
            carrier: None,
        }
    }

    fn manual(kind: RerouteKind, effect: Msg) -> Self {
        RerouteOption::from_verdict(
            kind,
            Verdict {
                allowed: true,
                effect,
                ..Verdict::default()
            },
            None,
        )
    }

    fn unavailable(mut self, why: Msg) -> Self {
        self.available = false;
        self.why_not = Some(why);
        self
    }
}

/// Every alternative for this order's model and state.
pub fn options(
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
) -> Vec<RerouteOption> {
    let mut out = Vec::new();
    match order.model {
        M::DBS => dbs_options(order, history, ctx, now, &mut out),
        M::FBS | M::EXPRESS => {
            let action = WriteAction::TransferToNextShipment;
            let v = check(&action, order, history, ctx, now);
            out.push(RerouteOption::from_verdict(
                RerouteKind::TransferShipment,
                v,
                Some(action),
            ));
            out.push(escalate());
        }
        _ => out.push(escalate()),
    }
    out.extend(claim(order, history, ctx, now));
    out
}

fn escalate() -> RerouteOption {
    RerouteOption::manual(
        RerouteKind::EscalateMarket,
        Msg::each(|l| words(l).escalate_effect),
    )
}

fn dbs_options(
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    out: &mut Vec<RerouteOption>,
) {
    let today = now.with_timezone(&moscow()).date_naive();
    out.push(move_date_option(order, history, ctx, now, today));
    carrier_options(order, ctx, out);
    out.push(storage_option(order, history, ctx, now, today));
    cancellation_options(order, history, ctx, now, out);
}

/// The next day after the current date (or today), with the honest reason.
fn move_date_option(
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> RerouteOption {
    let new_date = order.due().unwrap_or(today).max(today) + Duration::days(1);
    let reason = if ctx.buyer_asked_new_date {
        DeliveryDateReason::USER_MOVED_DELIVERY_DATES
    } else {
        // Honest by default: the buyer reason needs the buyer's own request.
        DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES
    };
    let action = WriteAction::MoveDeliveryDate {
        reason: Some(reason),
        new_date,
    };
    let verdict = check(&action, order, history, ctx, now);
    let mut o = RerouteOption::from_verdict(RerouteKind::MoveDate, verdict, Some(action));
    o.eta = Some(Msg::each(|l| {
        new_date.format(words(l).date_format).to_string()
    }));
    o
}

/// One option per other carrier in the config, or one unavailable option saying there
/// is none.
fn carrier_options(order: &Order, ctx: &CheckContext, out: &mut Vec<RerouteOption>) {
    let others: Vec<&CarrierContact> = ctx
        .carriers
        .iter()
        .filter(|c| c.id != order.carrier_id)
        .collect();
    if others.is_empty() {
        let mut o = RerouteOption::from_verdict(
            RerouteKind::ChangeCarrier,
            check_carrier_change(order, ctx, 0),
            None,
        );
        o = o.unavailable(Msg::each(|l| words(l).no_other_carriers));
        // There is no carrier to name: the effect says what the option would do.
        o.effect = Msg::each(|l| words(l).other_carrier_effect);
        out.push(o);
    }
    for c in others {
        let action = WriteAction::SetTrack {
            carrier_id: c.id,
            track: String::new(),
        };
        let mut o = RerouteOption::from_verdict(
            RerouteKind::ChangeCarrier,
            check_carrier_change(order, ctx, c.id),
            Some(action),
        );
        o.carrier = Some(c.clone());
        out.push(o);
    }
}

/// Thirty more days of storage at the pickup point.
fn storage_option(
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    today: NaiveDate,
) -> RerouteOption {
    let until = order
        .storage_limit
        .map_or(today, |l| l + Duration::days(30));
    let action = WriteAction::ExtendStorage { new_date: until };
    let verdict = check(&action, order, history, ctx, now);
    let mut o = RerouteOption::from_verdict(RerouteKind::ExtendStorage, verdict, Some(action));
    if order.storage_limit.is_some() {
        o.eta = Some(Msg::each(|l| {
            let date = until.format(words(l).date_format);
            fill(words(l).storage_until, &[("date", &date)])
        }));
    }
    o
}

/// Accepting or rejecting the buyer's cancellation request, with the time left to answer.
fn cancellation_options(
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    out: &mut Vec<RerouteOption>,
) {
    let due = cancel_answer_due(order, history, &ctx.thresholds);
    let reject = if order.status == S::PICKUP {
        CancellationRejectReason::ORDER_DELIVERED
    } else {
        CancellationRejectReason::ORDER_IN_DELIVERY
    };
    for (kind, accept, reason) in [
        (RerouteKind::AcceptCancellation, true, None),
        (RerouteKind::RejectCancellation, false, Some(reject)),
    ] {
        let action = WriteAction::AnswerCancellation { accept, reason };
        let mut o = RerouteOption::from_verdict(
            kind,
            check(&action, order, history, ctx, now),
            Some(action),
        );
        if order.cancel_requested
            && let Some(due) = due
        {
            o.deadline = Some(due);
            let at = moscow_time(due);
            o.eta = Some(if due > now {
                let left = duration_text(due - now);
                Msg::each(|l| {
                    fill(
                        words(l).answer_left,
                        &[("left", &left.get(l)), ("due", &at.get(l))],
                    )
                })
            } else {
                Msg::each(|l| fill(words(l).answer_expired, &[("due", &at.get(l))]))
            });
        }
        out.push(o);
    }
}

/// A loss claim: to the Market with its deadline for Market logistics, to the
/// seller's own carrier for DBS.
fn claim(
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
) -> Option<RerouteOption> {
    let lost = (order.status == S::CANCELLED && is_lost(&order.substatus)) || order.items_lost;
    if !lost {
        return None;
    }
    if order.model == M::DBS {
        return Some(RerouteOption::manual(
            RerouteKind::ClaimCarrier,
            Msg::each(|l| {
                fill(
                    words(l).carrier_claim_effect,
                    &[("carrier", &order.carrier)],
                )
            }),
        ));
    }
    let effect = Msg::each(|l| words(l).market_claim_effect);
    let mut o = RerouteOption::manual(RerouteKind::ClaimMarket, effect);
    let clock = assess(order, history, now, &ctx.thresholds)
        .matches
        .into_iter()
        .find(|m| m.rule == Rule::LostClaimClock)
        .and_then(|m| m.due);
    let Some(deadline) = clock else {
        return Some(o.unavailable(Msg::each(|l| words(l).compensated)));
    };
    o.deadline = Some(deadline);
    let last_day = (deadline - Duration::seconds(1))
        .with_timezone(&moscow())
        .date_naive();
    if now >= deadline {
        return Some(o.unavailable(Msg::each(|l| {
            let date = last_day.format(words(l).date_format);
            fill(words(l).claim_expired, &[("date", &date)])
        })));
    }
    let left = duration_text(deadline - now);
    o.eta = Some(Msg::each(|l| {
        let date = last_day.format(words(l).date_format);
        fill(
            words(l).claim_by,
            &[("date", &date), ("left", &left.get(l))],
        )
    }));
    Some(o)
}

#[cfg(test)]
mod tests;
mod words;
