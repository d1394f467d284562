//! The status-change part of the rule check: the FBS/Express seller transitions, the
//! DBS chain in the order of the Market's diagram, cancellations with their reasons
//! (the `USER_UNREACHABLE` call protocol, buyer evidence for buyer reasons) and
//! `realDeliveryDate`. Split from `checks` only for size; `checks::check` calls it.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Utc};

use super::{Call, CheckContext, Verdict, status_in};
use crate::base::words::Msg;
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
        v.block(
            format!(
                "Заказ уже в конечном статусе {}: менять его нельзя",
                order.status
            ),
            format!(
                "The order is already {}, a final status: it cannot change",
                order.status
            ),
        );
        v.effect("ничего не отправляется", "nothing is sent");
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
        v.block(
            format!(
                "{}: продавец ставит только READY_TO_SHIP из STARTED или отмену; остальное ставит Маркет",
                order.model
            ),
            format!(
                "{}: the seller only sets READY_TO_SHIP from STARTED, or cancels; the Market sets the rest",
                order.model
            ),
        );
    }
    if ship_due(order, &ctx.thresholds).is_some_and(|due| now > due) {
        v.warn(
            "Отгрузка просрочена: опоздание учитывается в индексе качества",
            "The shipment is late: late shipment counts against the quality index",
        );
    }
    v.effect(
        "заказ отмечается готовым к отгрузке",
        "the order is marked ready to ship",
    );
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
        None if *target == order.status => v.block(
            format!("Заказ уже в статусе {target}"),
            format!("The order is already {target}"),
        ),
        None => {
            let list: Vec<String> = next.iter().map(|(s, _)| s.to_string()).collect();
            let list = if list.is_empty() {
                "—".to_owned()
            } else {
                list.join(", ")
            };
            v.block(
                format!(
                    "Статусы DBS идут по порядку: из {} можно только в {list}",
                    order.status
                ),
                format!(
                    "DBS statuses go in order: from {} only to {list}",
                    order.status
                ),
            );
        }
        Some((_, expected)) => {
            if let Some(s) = sub.filter(|s| *s != expected) {
                v.block(
                    format!("Для {target} продавец ставит подстатус {expected}, а не {s}"),
                    format!("For {target} the seller sends substatus {expected}, not {s}"),
                );
            }
        }
    }
    if *target == S::PICKUP && order.delivery_type != DeliveryType::PICKUP {
        v.warn(
            "Заказ не самовывозной: PICKUP ставят только для доставки в пункт выдачи",
            "Not a pickup order: PICKUP is for delivery to a pickup point",
        );
    }
    if *target == S::DELIVERED && order.substatus == Sub::DELIVERY_USER_NOT_RECEIVED {
        v.warn(
            "Идёт спор: покупатель говорит, что не получил заказ. Ставьте DELIVERED только с подтверждением вручения",
            "A dispute is open: the buyer says they did not get it. Set DELIVERED only with proof of delivery",
        );
    }
    v.effect(
        format!("статус в Маркете: {} → {target}", order.status),
        format!("status in the Market: {} → {target}", order.status),
    );
}

fn cancel(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    now: DateTime<Utc>,
    sub: Option<&Sub>,
) {
    let Some(sub) = sub else {
        v.block("Укажите причину отмены", "Choose a cancellation reason");
        v.effect("ничего не отправляется", "nothing is sent");
        return;
    };
    if order.model != M::DBS {
        cancel_not_shipped(v, order, sub);
        return;
    }
    status_in(
        v,
        order,
        &[S::PROCESSING, S::DELIVERY, S::PICKUP],
        ("Отмена", "Cancelling"),
    );
    if order.cancel_requested && matches!(order.status, S::DELIVERY | S::PICKUP) {
        v.block(
            "Покупатель сам попросил отмену: ответьте на запрос (принять/отклонить), а не меняйте статус",
            "The buyer asked to cancel: answer the request (accept/reject) instead of changing the status",
        );
    }
    if *sub == Sub::SHOP_FAILED {
        v.seller_fault();
        v.effect(
            "заказ отменяется по вине продавца",
            "the order is cancelled as the seller's fault",
        );
    } else if *sub == Sub::USER_UNREACHABLE {
        cancel_unreachable(v, ctx, now);
    } else if BUYER_REASONS.contains(sub) {
        cancel_at_buyers_request(v, ctx, sub);
    } else {
        v.block(
            format!("Причина {sub} недоступна продавцу: SHOP_FAILED, USER_UNREACHABLE или причина покупателя"),
            format!("{sub} is not a seller's reason: use SHOP_FAILED, USER_UNREACHABLE or a buyer reason"),
        );
        v.effect("ничего не отправляется", "nothing is sent");
    }
}

/// FBS and Express: the seller cancels only an order not yet shipped, and only as its
/// own fault.
fn cancel_not_shipped(v: &mut Verdict, order: &Order, sub: &Sub) {
    let ready = order.status == S::PROCESSING
        && matches!(order.substatus, Sub::STARTED | Sub::READY_TO_SHIP);
    if !ready {
        v.block(
            "Отменить можно только до отгрузки: PROCESSING/STARTED или READY_TO_SHIP",
            "Only an order not yet shipped can be cancelled: PROCESSING/STARTED or READY_TO_SHIP",
        );
    }
    if *sub != Sub::SHOP_FAILED {
        v.block(
            format!(
                "{}: продавец отменяет только с причиной SHOP_FAILED",
                order.model
            ),
            format!("{}: the seller cancels only with SHOP_FAILED", order.model),
        );
    }
    v.seller_fault();
    v.effect(
        "заказ отменяется по вине продавца",
        "the order is cancelled as the seller's fault",
    );
}

/// USER_UNREACHABLE holds only after the call protocol.
fn cancel_unreachable(v: &mut Verdict, ctx: &CheckContext, now: DateTime<Utc>) {
    if let Err(why) = call_protocol(&ctx.calls, ctx.buyer_utc_offset, now) {
        v.block(
            "USER_UNREACHABLE — только после протокола звонков: 3 звонка с 08:00 до 21:00 по времени покупателя, 90 минут между первым и третьим, соединение от 5 с",
            "USER_UNREACHABLE only after the call protocol: 3 calls 08:00–21:00 buyer time, 90 minutes from the first to the third, each connection at least 5 s",
        );
        v.blocking.extend(why);
    }
    v.effect(
        "заказ отменяется: покупатель недоступен (не вина продавца при соблюдённом протоколе)",
        "the order is cancelled: buyer unreachable (not the seller's fault when the protocol holds)",
    );
}

/// A buyer's reason holds only when the buyer asked to cancel in the chat.
fn cancel_at_buyers_request(v: &mut Verdict, ctx: &CheckContext, sub: &Sub) {
    if !ctx.buyer_asked_to_cancel {
        v.block(
            format!("Причина {sub} — только если покупатель сам попросил отмену в чате; иначе это SHOP_FAILED"),
            format!("{sub} only when the buyer asked to cancel in the chat; otherwise it is SHOP_FAILED"),
        );
    }
    v.warn(
        format!("Не подтверждено, что Маркет примет {sub} от продавца DBS; при отказе отменяйте как SHOP_FAILED"),
        format!("It is unconfirmed that the Market accepts {sub} from a DBS seller; if refused, cancel as SHOP_FAILED"),
    );
    v.effect(
        "заказ отменяется по просьбе покупателя",
        "the order is cancelled at the buyer's request",
    );
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
        v.warn(
            "Срок доставки прошёл: заказ засчитается как доставленный с опозданием (индекс качества)",
            "The delivery date has passed: the order counts as delivered late (quality index)",
        );
    }
    let Some(real) = real else { return };
    if !late_status {
        v.block(
            "Фактическая дата доставки передаётся только для DBS со статусом PICKUP или DELIVERED",
            "The real delivery date goes only with a DBS PICKUP or DELIVERED status",
        );
        return;
    }
    let created = order.created_at.with_timezone(&moscow()).date_naive();
    if real > today {
        v.block(
            format!("Фактическая дата доставки {real} не может быть в будущем"),
            format!("The real delivery date {real} cannot be in the future"),
        );
    } else if real < created {
        v.block(
            format!("Фактическая дата доставки {real} раньше даты заказа {created}"),
            format!("The real delivery date {real} is before the order was placed ({created})"),
        );
    } else if real == today {
        v.warn(
            "Статус ставится в день доставки: фактическую дату передавать не нужно",
            "The status is set on the delivery day: leave the real delivery date out",
        );
    } else {
        v.warn(
            "Статус передаётся позже дня доставки: поздняя передача статуса снижает индекс качества",
            "The status is sent after the delivery day: a late status update lowers the quality index",
        );
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
        why.push(Msg::new(
            format!(
                "Засчитано звонков: {} из 3 (вне 08:00–21:00 по времени покупателя: {outside}; соединение короче 5 с: {short})",
                counted.len()
            ),
            format!(
                "{} of 3 calls count (outside 08:00–21:00 buyer time: {outside}; connection under 5 s: {short})",
                counted.len()
            ),
        ));
    }
    if let (Some(first), Some(last)) = (counted.first(), counted.last())
        && counted.len() >= 2
        && *last - *first < Duration::minutes(90)
    {
        let span = (*last - *first).num_minutes();
        why.push(Msg::new(
            format!("Между первым и третьим звонком {span} мин, нужно не меньше 90"),
            format!("{span} min between the first and the third call; at least 90 are needed"),
        ));
    }
    if why.is_empty() { Ok(()) } else { Err(why) }
}

#[cfg(test)]
mod tests;
