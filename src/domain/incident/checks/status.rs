//! The status-change part of the rule check: the FBS/Express seller transitions, the
//! DBS chain in the order of the Market's diagram, cancellations with their reasons
//! (the `USER_UNREACHABLE` call protocol, buyer evidence for buyer reasons) and
//! `realDeliveryDate`. Split from `checks` only for size; `checks::check` calls it.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Utc};

use super::{Call, CheckContext, Verdict, status_in, words};
use crate::base::words::{Msg, fill};
use crate::domain::order::Order;
use crate::domain::risk::ship_due;
use crate::market::dates::moscow;
use crate::market::enums::{
    DeliveryType, OrderStatus as S, OrderSubstatus as Sub, ProgramType as M,
};

/// Cancellation reasons that say the buyer wanted it: they do not count against the
/// seller, so they need the buyer's own words as evidence.
const BUYER_REASONS: [Sub; 5] = [
    Sub::USER_CHANGED_MIND,
    Sub::USER_REFUSED_DELIVERY,
    Sub::USER_REFUSED_PRODUCT,
    Sub::USER_REFUSED_QUALITY,
    Sub::REPLACING_ORDER,
];

/// A status change: the model's transitions, cancellation reasons, `realDeliveryDate`.
pub(super) fn status(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    target: &S,
    sub: Option<&Sub>,
    real: Option<chrono::NaiveDate>,
) {
    if matches!(
        order.status,
        S::CANCELLED | S::DELIVERED | S::RETURNED | S::PARTIALLY_RETURNED
    ) {
        v.block(|l| fill(words(l).final_status, &[("status", &order.status)]));
        v.effect(|l| words(l).nothing_sent);
        return;
    }
    if *target == S::CANCELLED {
        cancel(v, order, ctx, now, sub);
    } else if order.model == M::DBS {
        dbs_chain(v, order, target, sub);
    } else {
        fbs_ready(v, order, ctx, now, target, sub);
    }
    real_delivery_date(v, order, now, target, real);
}

fn fbs_ready(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    target: &S,
    sub: Option<&Sub>,
) {
    let ok = order.status == S::PROCESSING
        && order.substatus == Sub::STARTED
        && *target == S::PROCESSING
        && sub == Some(&Sub::READY_TO_SHIP);
    if !ok {
        v.block(|l| fill(words(l).fbs_seller_sets, &[("model", &order.model)]));
    }
    if ship_due(order, &ctx.thresholds).is_some_and(|due| now > due) {
        v.warn(|l| words(l).ship_late);
    }
    v.effect(|l| words(l).ready_effect);
}

/// The next steps of the DBS diagram from the order's status, with the substatus the
/// shop sends for each.
fn dbs_next(order: &Order) -> &'static [(S, Sub)] {
    match order.status {
        S::PROCESSING => &[(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED)],
        S::DELIVERY => &[
            (S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED),
            (S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED),
        ],
        S::PICKUP => &[(S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED)],
        _ => &[],
    }
}

fn dbs_chain(v: &mut Verdict, order: &Order, target: &S, sub: Option<&Sub>) {
    let next = dbs_next(order);
    let step = next.iter().find(|(s, _)| s == target);
    match step {
        None if *target == order.status => {
            v.block(|l| fill(words(l).already_status, &[("status", target)]));
        }
        None => {
            let list: Vec<String> = next.iter().map(|(s, _)| s.to_string()).collect();
            let list = if list.is_empty() {
                "—".to_owned()
            } else {
                list.join(", ")
            };
            v.block(|l| {
                fill(
                    words(l).dbs_order,
                    &[("status", &order.status), ("list", &list)],
                )
            });
        }
        Some((_, expected)) => {
            if let Some(s) = sub.filter(|s| *s != expected) {
                v.block(|l| {
                    fill(
                        words(l).dbs_substatus,
                        &[("status", target), ("expected", expected), ("sub", s)],
                    )
                });
            }
        }
    }
    if *target == S::PICKUP && order.delivery_type != DeliveryType::PICKUP {
        v.warn(|l| words(l).not_pickup);
    }
    if *target == S::DELIVERED && order.substatus == Sub::DELIVERY_USER_NOT_RECEIVED {
        v.warn(|l| words(l).dispute_open);
    }
    v.effect(|l| {
        fill(
            words(l).status_effect,
            &[("from", &order.status), ("status", target)],
        )
    });
}

fn cancel(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    sub: Option<&Sub>,
) {
    let Some(sub) = sub else {
        v.block(|l| words(l).choose_cancel_reason);
        v.effect(|l| words(l).nothing_sent);
        return;
    };
    if order.model != M::DBS {
        cancel_not_shipped(v, order, sub);
        return;
    }
    status_in(v, order, &[S::PROCESSING, S::DELIVERY, S::PICKUP], |w| {
        w.what_cancel
    });
    if order.cancel_requested && matches!(order.status, S::DELIVERY | S::PICKUP) {
        v.block(|l| words(l).answer_the_request);
    }
    if *sub == Sub::SHOP_FAILED {
        v.seller_fault();
        v.effect(|l| words(l).seller_fault_effect);
    } else if *sub == Sub::USER_UNREACHABLE {
        cancel_unreachable(v, ctx, now);
    } else if BUYER_REASONS.contains(sub) {
        cancel_at_buyers_request(v, ctx, sub);
    } else {
        v.block(|l| fill(words(l).not_seller_reason, &[("sub", sub)]));
        v.effect(|l| words(l).nothing_sent);
    }
}

/// FBS and Express: the seller cancels only an order not yet shipped, and only as its
/// own fault.
fn cancel_not_shipped(v: &mut Verdict, order: &Order, sub: &Sub) {
    let ready = order.status == S::PROCESSING
        && matches!(order.substatus, Sub::STARTED | Sub::READY_TO_SHIP);
    if !ready {
        v.block(|l| words(l).cancel_before_shipping);
    }
    if *sub != Sub::SHOP_FAILED {
        v.block(|l| fill(words(l).shop_failed_only, &[("model", &order.model)]));
    }
    v.seller_fault();
    v.effect(|l| words(l).seller_fault_effect);
}

/// USER_UNREACHABLE holds only after the call protocol.
fn cancel_unreachable(v: &mut Verdict, ctx: &CheckContext, now: DateTime<Utc>) {
    if let Err(why) = call_protocol(&ctx.calls, ctx.buyer_utc_offset, now) {
        v.block(|l| words(l).call_protocol_first);
        v.blocking.extend(why);
    }
    v.effect(|l| words(l).unreachable_effect);
}

/// A buyer's reason holds only when the buyer asked to cancel in the chat.
fn cancel_at_buyers_request(v: &mut Verdict, ctx: &CheckContext, sub: &Sub) {
    if !ctx.buyer_asked_to_cancel {
        v.block(|l| fill(words(l).buyer_reason_needs_ask, &[("sub", sub)]));
    }
    v.warn(|l| fill(words(l).buyer_reason_unconfirmed, &[("sub", sub)]));
    v.effect(|l| words(l).buyer_request_effect);
}

fn real_delivery_date(
    v: &mut Verdict,
    order: &Order,
    now: DateTime<Utc>,
    target: &S,
    real: Option<chrono::NaiveDate>,
) {
    let today = now.with_timezone(&moscow()).date_naive();
    let late_status = matches!(target, S::PICKUP | S::DELIVERED) && order.model == M::DBS;
    if late_status && order.due().is_some_and(|due| today > due) {
        v.warn(|l| words(l).delivered_late);
    }
    let Some(real) = real else { return };
    if !late_status {
        v.block(|l| words(l).real_date_dbs_only);
        return;
    }
    let created = order.created_at.with_timezone(&moscow()).date_naive();
    if real > today {
        v.block(|l| fill(words(l).real_date_future, &[("real", &real)]));
    } else if real < created {
        v.block(|l| {
            fill(
                words(l).real_date_before_order,
                &[("real", &real), ("created", &created)],
            )
        });
    } else if real == today {
        v.warn(|l| words(l).real_date_same_day);
    } else {
        v.warn(|l| words(l).real_date_late);
    }
}

/// Checks the `USER_UNREACHABLE` call protocol: at least 3 calls between 08:00 and
/// 21:00 buyer time, at least 90 minutes from the first to the third, each connection
/// at least 5 s unless the number was unavailable. On failure, every reason.
pub fn call_protocol(
    calls: &[Call],
    buyer_offset: Option<FixedOffset>,
    now: DateTime<Utc>,
) -> Result<(), Vec<Msg>> {
    let tz = buyer_offset.unwrap_or_else(moscow);
    let (open, close) = (
        NaiveTime::from_hms_opt(8, 0, 0),
        NaiveTime::from_hms_opt(21, 0, 0),
    );
    let in_hours = |c: &Call| {
        let t = c.at.with_timezone(&tz).time();
        open.is_some_and(|o| t >= o) && close.is_some_and(|cl| t <= cl)
    };
    let mut counted: Vec<DateTime<Utc>> = calls
        .iter()
        .filter(|c| c.at <= now && in_hours(c) && (c.connected_secs >= 5 || c.number_unavailable))
        .map(|c| c.at)
        .collect();
    counted.sort();
    let mut why = Vec::new();
    if counted.len() < 3 {
        let outside = calls.iter().filter(|c| !in_hours(c)).count();
        let short = calls
            .iter()
            .filter(|c| in_hours(c) && c.connected_secs < 5 && !c.number_unavailable)
            .count();
        let count = counted.len();
        why.push(Msg::each(|l| {
            fill(
                words(l).calls_counted,
                &[("count", &count), ("outside", &outside), ("short", &short)],
            )
        }));
    }
    if let (Some(first), Some(last)) = (counted.first(), counted.last())
        && counted.len() >= 2
        && *last - *first < Duration::minutes(90)
    {
        let span = (*last - *first).num_minutes();
        why.push(Msg::each(|l| fill(words(l).calls_span, &[("span", &span)])));
    }
    if why.is_empty() { Ok(()) } else { Err(why) }
}

#[cfg(test)]
mod tests;
