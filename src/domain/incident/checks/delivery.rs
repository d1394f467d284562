//! The delivery-side part of the rule check: moving the DBS delivery date within its
//! budget, track codes and carrier changes, pickup storage, answers to a buyer's
//! cancellation request and the FBS transfer to the next shipment. Split from
//! `checks` for size; `checks::check` calls it.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    CheckContext, Verdict, dbs_only, duration_text, model_allows_writes, moscow_time, status_in,
    words,
};
use crate::base::plural::{DAYS, en_article};
use crate::base::words::fill;
use crate::domain::order::{History, Order};
use crate::domain::risk::{Thresholds, ship_due};
use crate::market::enums::{
    CancellationRejectReason, DeliveryDateReason, OrderStatus as S, OrderSubstatus as Sub,
    ProgramType as M,
};

/// A DBS date move: status, reason and its evidence, the budget of moves and days.
pub(super) fn move_date(
    v: &mut Verdict,
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    today: NaiveDate,
    reason: Option<&DeliveryDateReason>,
    new_date: NaiveDate,
) {
    let what: super::What = |w| w.what_move_date;
    if !dbs_only(v, order, what) {
        return;
    }
    status_in(v, order, &[S::PROCESSING, S::DELIVERY], what);
    let b = &ctx.budget;
    let used = history.date_moves;
    if used >= b.max_moves {
        v.block(|l| {
            fill(
                words(l).no_moves_left,
                &[("used", &used), ("max", &b.max_moves)],
            )
        });
    }
    let step = order.due().map(|due| (new_date - due).num_days());
    new_date_itself(v, today, new_date, step);
    date_move_reason(v, order, ctx, reason);
    let step = step.unwrap_or(0);
    date_shift(v, history, ctx, step);
    moves_left(v, used, ctx, new_date, step);
}

/// The new date is neither past nor the current one (`step` is its distance from it).
fn new_date_itself(v: &mut Verdict, today: NaiveDate, new_date: NaiveDate, step: Option<i64>) {
    if new_date < today {
        v.block(|l| fill(words(l).new_date_past, &[("date", &new_date)]));
    }
    if step == Some(0) {
        v.block(|l| words(l).new_date_current);
    }
}

/// The buyer's reason needs the buyer's request; any other reason is the seller's fault.
fn date_move_reason(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    reason: Option<&DeliveryDateReason>,
) {
    match reason {
        None => v.block(|l| words(l).choose_move_reason),
        Some(DeliveryDateReason::USER_MOVED_DELIVERY_DATES)
            if !ctx.buyer_asked_new_date && !order.estimated =>
        {
            v.block(|l| words(l).buyer_reason_needs_chat);
        }
        Some(DeliveryDateReason::USER_MOVED_DELIVERY_DATES) => {}
        Some(_) => v.seller_fault(),
    }
}

/// The size of this move and the total shift it brings, against the budget.
fn date_shift(v: &mut Verdict, history: &History, ctx: &CheckContext, step: i64) {
    let b = &ctx.budget;
    if step > b.max_step_days {
        let article = if en_article(step) == "an" { "An" } else { "A" };
        v.warn(|l| {
            let (days, max) = (DAYS.count(step, l), DAYS.count(b.max_step_days, l));
            let w = words(l).big_step;
            fill(
                w,
                &[
                    ("article", &article),
                    ("step", &step),
                    ("days", &days),
                    ("max", &max),
                ],
            )
        });
    }
    let shift = history.date_shift_days + step.max(0);
    if let Some(max) = b.max_shift_days
        && shift > max
    {
        v.block(|l| {
            let (shift, max) = (DAYS.count(shift, l), DAYS.count(max, l));
            fill(
                words(l).shift_over_limit,
                &[("shift", &shift), ("max", &max)],
            )
        });
    } else if shift >= ctx.thresholds.date_shift_days {
        v.warn(|l| fill(words(l).shift_too_long, &[("shift", &DAYS.count(shift, l))]));
    }
}

/// The moves this one leaves: warnings near the end of the budget, then the effect.
fn moves_left(v: &mut Verdict, used: u32, ctx: &CheckContext, new_date: NaiveDate, step: i64) {
    let b = &ctx.budget;
    let after = used + 1;
    if after >= ctx.thresholds.date_moves && after < b.max_moves {
        v.warn(|l| fill(words(l).move_flagged, &[("after", &after)]));
    }
    let left = b.max_moves.saturating_sub(after);
    if left == 0 && used < b.max_moves {
        v.warn(|l| words(l).last_move);
    }
    let signed = format!("{step:+}");
    v.effect(|l| {
        let days = DAYS.form(step, l);
        fill(
            words(l).move_effect,
            &[
                ("date", &new_date),
                ("step", &signed),
                ("days", &days),
                ("left", &left),
                ("max", &b.max_moves),
            ],
        )
    });
}

/// The carrier's name from the config, with its Market id: "СДЭК (#51)".
pub fn carrier_name(ctx: &CheckContext, id: i64) -> String {
    ctx.carriers
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| format!("#{id}"), |c| format!("{} (#{id})", c.name))
}

/// A DBS track code, possibly of another carrier.
pub(super) fn set_track(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    carrier_id: i64,
    track: &str,
) {
    if !carrier_preconditions(v, order, ctx, carrier_id) {
        return;
    }
    let track = track.trim();
    if track.is_empty() || track.chars().any(|c| c.is_whitespace() || c.is_control()) {
        v.block(|l| words(l).track_bad);
    }
    if order.tracks.iter().any(|t| t == track) {
        v.block(|l| words(l).track_on_order);
    }
    let name = carrier_name(ctx, carrier_id);
    v.effect(|l| fill(words(l).track_effect, &[("track", &track), ("name", &name)]));
}

/// Everything about a track write but the code itself, which the agent types last:
/// reroute options use it before there is a code to check.
fn carrier_preconditions(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    carrier_id: i64,
) -> bool {
    let what: super::What = |w| w.what_track;
    if !dbs_only(v, order, what) {
        return false;
    }
    status_in(v, order, &[S::PROCESSING, S::DELIVERY, S::PICKUP], what);
    if carrier_id <= 0 {
        v.block(|l| words(l).choose_carrier);
    }
    let name = carrier_name(ctx, carrier_id);
    if carrier_id > 0 && carrier_id != order.carrier_id {
        v.warn(|l| {
            let (carrier, id) = (&order.carrier, &order.carrier_id);
            fill(
                words(l).carrier_changes,
                &[("carrier", carrier), ("id", id), ("name", &name)],
            )
        });
    }
    true
}

/// The check for handing the order to another carrier before the new track code is
/// known. The real write is checked again with the code.
pub fn check_carrier_change(order: &Order, ctx: &CheckContext, carrier_id: i64) -> Verdict {
    let mut v = Verdict::default();
    if model_allows_writes(order, &mut v) && carrier_preconditions(&mut v, order, ctx, carrier_id) {
        let name = carrier_name(ctx, carrier_id);
        v.effect(|l| fill(words(l).carrier_change_effect, &[("name", &name)]));
    }
    v.allowed = v.blocking.is_empty();
    v
}

/// A DBS pickup storage extension: once, by at most 30 days.
pub(super) fn extend_storage(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    today: NaiveDate,
    new_date: NaiveDate,
) {
    let what: super::What = |w| w.what_storage;
    if !dbs_only(v, order, what) {
        return;
    }
    status_in(v, order, &[S::PICKUP], what);
    if ctx.storage_extended {
        v.block(|l| words(l).storage_extended);
    }
    if new_date < today {
        v.block(|l| fill(words(l).date_past, &[("date", &new_date)]));
    }
    match order.storage_limit {
        None => v.block(|l| words(l).storage_limit_unknown),
        Some(limit) if new_date <= limit => {
            v.block(|l| fill(words(l).storage_after_limit, &[("limit", &limit)]));
        }
        Some(limit) if (new_date - limit).num_days() > 30 => {
            let until = limit + Duration::days(30);
            v.block(|l| fill(words(l).storage_30_days, &[("until", &until)]));
        }
        Some(_) => {}
    }
    v.effect(|l| fill(words(l).storage_effect, &[("date", &new_date)]));
}

/// When the buyer's cancellation request must be answered, as `risk` counts it.
pub fn cancel_answer_due(
    order: &Order,
    history: &History,
    t: &Thresholds,
) -> Option<DateTime<Utc>> {
    history
        .cancel_requested_at
        .or(order.updated_at)
        .map(|a| a + Duration::hours(t.cancel_answer_hours))
}

/// An answer to the buyer's cancellation request, within its 48 hours.
pub(super) fn answer_cancellation(
    v: &mut Verdict,
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    accept: bool,
    reason: Option<&CancellationRejectReason>,
) {
    let what: super::What = |w| w.what_answer_cancel;
    if !dbs_only(v, order, what) {
        return;
    }
    if !order.cancel_requested {
        v.block(|l| words(l).buyer_not_asked);
    }
    if order.status == S::PROCESSING {
        v.block(|l| words(l).cancel_automatic);
    } else {
        status_in(v, order, &[S::DELIVERY, S::PICKUP], what);
    }
    match cancel_answer_due(order, history, &ctx.thresholds) {
        Some(due) if now > due => {
            let due = moscow_time(due);
            v.block(|l| fill(words(l).answer_ran_out, &[("due", &due.get(l))]));
        }
        Some(due) if due - now <= Duration::hours(12) => {
            let left = duration_text(due - now);
            v.warn(|l| fill(words(l).answer_left, &[("left", &left.get(l))]));
        }
        Some(_) => {}
        None => v.warn(|l| words(l).request_time_unknown),
    }
    match (accept, reason) {
        (true, Some(_)) => v.block(|l| words(l).accept_no_reason),
        (false, None) => v.block(|l| words(l).choose_refuse_reason),
        (false, Some(CancellationRejectReason::ORDER_DELIVERED)) if order.status == S::DELIVERY => {
            v.warn(|l| words(l).delivered_must_be_true);
        }
        _ => {}
    }
    if accept {
        v.effect(|l| words(l).accept_effect);
    } else {
        v.effect(|l| words(l).refuse_effect);
    }
}

/// An FBS transfer to the next shipment, more than 30 minutes before it forms.
pub(super) fn transfer(v: &mut Verdict, order: &Order, ctx: &CheckContext, now: DateTime<Utc>) {
    if order.model != M::FBS {
        v.block(|l| fill(words(l).transfer_fbs_only, &[("model", &order.model)]));
        return;
    }
    if order.status != S::PROCESSING || order.substatus == Sub::SHIPPED {
        v.block(|l| words(l).transfer_not_shipped);
    }
    match ctx.shipment_forms_at {
        Some(at) if at - now <= Duration::minutes(30) => v.block(|l| words(l).transfer_too_late),
        Some(_) => {}
        None => v.warn(|l| words(l).shipment_time_unknown),
    }
    v.warn(|l| words(l).transfer_quality);
    if ship_due(order, &ctx.thresholds).is_some_and(|due| now > due) {
        v.warn(|l| words(l).shipment_late);
    }
    v.effect(|l| words(l).transfer_effect);
}
