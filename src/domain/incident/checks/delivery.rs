//! The delivery-side part of the rule check: moving the DBS delivery date within its
//! budget, track codes and carrier changes, pickup storage, answers to a buyer's
//! cancellation request and the FBS transfer to the next shipment. Split from
//! `checks` for size; `checks::check` calls it.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    CheckContext, Verdict, dbs_only, duration_text, model_allows_writes, moscow_time, status_in,
};
use crate::base::lang::Lang::{En, Ru};
use crate::base::plural::{DAYS, en_article};
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
    let what = ("Перенос даты доставки", "Moving the delivery date");
    if !dbs_only(v, order, what) {
        return;
    }
    status_in(v, order, &[S::PROCESSING, S::DELIVERY], what);
    let b = &ctx.budget;
    let used = history.date_moves;
    if used >= b.max_moves {
        v.block(
            format!("Переносов не осталось: использовано {used} из {}; Маркет отменяет заказы, которые переносят слишком часто", b.max_moves),
            format!("No date moves left: {used} of {} used; the Market cancels orders moved too often", b.max_moves),
        );
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
        v.block(
            format!("Новая дата {new_date} уже прошла"),
            format!("The new date {new_date} is in the past"),
        );
    }
    if step == Some(0) {
        v.block(
            "Новая дата совпадает с текущей",
            "The new date is the current one",
        );
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
        None => v.block("Укажите причину переноса", "Choose a reason for the move"),
        Some(DeliveryDateReason::USER_MOVED_DELIVERY_DATES)
            if !ctx.buyer_asked_new_date && !order.estimated =>
        {
            v.block(
                "Для причины «по просьбе покупателя» нужно сообщение покупателя в чате с этой просьбой",
                "The buyer reason needs the buyer's chat message asking for the new date",
            );
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
        v.warn(
            format!(
                "Перенос на {} за раз: Маркет может отказать (предел — {})",
                DAYS.count(step, Ru),
                DAYS.count(b.max_step_days, Ru)
            ),
            format!(
                "{article} {step}-day move at once: the Market may refuse it (over {})",
                DAYS.count(b.max_step_days, En)
            ),
        );
    }
    let shift = history.date_shift_days + step.max(0);
    if let Some(max) = b.max_shift_days
        && shift > max
    {
        v.block(
            format!(
                "Общий сдвиг станет {}, а предел — {}",
                DAYS.count(shift, Ru),
                DAYS.count(max, Ru)
            ),
            format!(
                "The total shift would be {}, over the limit of {}",
                DAYS.count(shift, En),
                DAYS.count(max, En)
            ),
        );
    } else if shift >= ctx.thresholds.date_shift_days {
        v.warn(
            format!(
                "Общий сдвиг станет {}: Маркет может отменить заказ как слишком долгий",
                DAYS.count(shift, Ru)
            ),
            format!(
                "The total shift becomes {}: the Market may cancel the order as too long",
                DAYS.count(shift, En)
            ),
        );
    }
}

/// The moves this one leaves: warnings near the end of the budget, then the effect.
fn moves_left(v: &mut Verdict, used: u32, ctx: &CheckContext, new_date: NaiveDate, step: i64) {
    let b = &ctx.budget;
    let after = used + 1;
    if after >= ctx.thresholds.date_moves && after < b.max_moves {
        v.warn(
            format!("Это {after}-й перенос: заказ попадёт в список риска по бюджету переносов"),
            format!("This is move {after}: the order will be flagged by the date-move budget rule"),
        );
    }
    let left = b.max_moves.saturating_sub(after);
    if left == 0 && used < b.max_moves {
        v.warn(
            "Это последний допустимый перенос: следующий будет невозможен",
            "This is the last move allowed: there will be no other",
        );
    }
    v.effect(
        format!(
            "новая дата {new_date} ({step:+} {}); останется переносов: {left} из {}",
            DAYS.form(step, Ru),
            b.max_moves
        ),
        format!(
            "new date {new_date} ({step:+} {}); {left} of {} date moves left",
            DAYS.form(step, En),
            b.max_moves
        ),
    );
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
        v.block(
            "Трек-номер пустой или содержит пробелы",
            "The track code is empty or contains spaces",
        );
    }
    if order.tracks.iter().any(|t| t == track) {
        v.block(
            "Этот трек-номер уже указан в заказе",
            "This track code is already on the order",
        );
    }
    let name = carrier_name(ctx, carrier_id);
    v.effect(
        format!("трек {track} службы {name} передаётся в Маркет"),
        format!("track {track} of {name} is sent to the Market"),
    );
}

/// Everything about a track write but the code itself, which the agent types last:
/// reroute options use it before there is a code to check.
fn carrier_preconditions(
    v: &mut Verdict,
    order: &Order,
    ctx: &CheckContext,
    carrier_id: i64,
) -> bool {
    let what = ("Трек-номер", "A track code");
    if !dbs_only(v, order, what) {
        return false;
    }
    status_in(v, order, &[S::PROCESSING, S::DELIVERY, S::PICKUP], what);
    if carrier_id <= 0 {
        v.block("Выберите службу доставки", "Choose the delivery service");
    }
    let name = carrier_name(ctx, carrier_id);
    if carrier_id > 0 && carrier_id != order.carrier_id {
        v.warn(
            format!(
                "Служба доставки сменится: {} (#{}) → {name}",
                order.carrier, order.carrier_id
            ),
            format!(
                "The carrier changes: {} (#{}) → {name}",
                order.carrier, order.carrier_id
            ),
        );
    }
    true
}

/// The check for handing the order to another carrier before the new track code is
/// known. The real write is checked again with the code.
pub fn check_carrier_change(order: &Order, ctx: &CheckContext, carrier_id: i64) -> Verdict {
    let mut v = Verdict::default();
    if model_allows_writes(order, &mut v) && carrier_preconditions(&mut v, order, ctx, carrier_id) {
        let name = carrier_name(ctx, carrier_id);
        v.effect(
            format!("заказ передаётся службе {name}; Маркету уходит её трек-номер"),
            format!("the order goes to {name}; its track code is sent to the Market"),
        );
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
    let what = ("Продление хранения", "Extending pickup storage");
    if !dbs_only(v, order, what) {
        return;
    }
    status_in(v, order, &[S::PICKUP], what);
    if ctx.storage_extended {
        v.block(
            "Хранение уже продлевали: Маркет разрешает это один раз",
            "Storage was already extended: the Market allows it once",
        );
    }
    if new_date < today {
        v.block(
            format!("Дата {new_date} уже прошла"),
            format!("The date {new_date} is in the past"),
        );
    }
    match order.storage_limit {
        None => v.block(
            "Текущий срок хранения неизвестен: обновите заказ",
            "The current storage limit is unknown: re-fetch the order",
        ),
        Some(limit) if new_date <= limit => v.block(
            format!("Новая дата должна быть позже текущего срока {limit}"),
            format!("The new date must be after the current limit {limit}"),
        ),
        Some(limit) if (new_date - limit).num_days() > 30 => v.block(
            format!(
                "Продлить можно не больше чем на 30 дней: до {}",
                limit + Duration::days(30)
            ),
            format!(
                "Storage extends by 30 days at most: until {}",
                limit + Duration::days(30)
            ),
        ),
        Some(_) => {}
    }
    v.effect(
        format!("заказ хранится до {new_date}; продлить ещё раз будет нельзя"),
        format!("stored until {new_date}; it cannot be extended again"),
    );
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
    let what = ("Ответ на запрос отмены", "Answering a cancellation request");
    if !dbs_only(v, order, what) {
        return;
    }
    if !order.cancel_requested {
        v.block(
            "Покупатель не просил отменить заказ",
            "The buyer has not asked to cancel",
        );
    }
    if order.status == S::PROCESSING {
        v.block(
            "В статусе PROCESSING отмена по запросу покупателя происходит автоматически",
            "In PROCESSING the buyer's cancellation happens automatically",
        );
    } else {
        status_in(v, order, &[S::DELIVERY, S::PICKUP], what);
    }
    match cancel_answer_due(order, history, &ctx.thresholds) {
        Some(due) if now > due => v.block(
            format!(
                "Срок ответа истёк {}: Маркет отменяет заказ сам",
                moscow_time(due)
            ),
            format!(
                "The time to answer ran out at {}: the Market cancels the order itself",
                moscow_time(due)
            ),
        ),
        Some(due) if due - now <= Duration::hours(12) => {
            let left = duration_text(due - now);
            v.warn(
                format!("На ответ осталось {}", left.ru),
                format!("{} left to answer", left.en),
            );
        }
        Some(_) => {}
        None => v.warn(
            "Время запроса неизвестно: ответьте как можно скорее",
            "The request time is unknown: answer as soon as possible",
        ),
    }
    match (accept, reason) {
        (true, Some(_)) => v.block(
            "При согласии причина не указывается",
            "No reason is given when accepting",
        ),
        (false, None) => v.block(
            "Укажите причину отказа: её увидит покупатель",
            "Choose a reason for refusing: the buyer sees it",
        ),
        (false, Some(CancellationRejectReason::ORDER_DELIVERED)) if order.status == S::DELIVERY => {
            v.warn(
                "Заказ ещё в статусе DELIVERY: причина «доставлен» должна быть правдой",
                "The order is still in DELIVERY: the reason \"delivered\" must be true",
            );
        }
        _ => {}
    }
    if accept {
        v.effect(
            "заказ отменяется по запросу покупателя — не по вине продавца",
            "the order is cancelled at the buyer's request, not the seller's fault",
        );
    } else {
        v.effect(
            "заказ остаётся в доставке; причину отказа увидит покупатель",
            "the order stays in delivery; the buyer sees the reason",
        );
    }
}

/// An FBS transfer to the next shipment, more than 30 minutes before it forms.
pub(super) fn transfer(v: &mut Verdict, order: &Order, ctx: &CheckContext, now: DateTime<Utc>) {
    if order.model != M::FBS {
        v.block(
            format!(
                "Перенос в следующую отгрузку — только для FBS, а заказ {}",
                order.model
            ),
            format!(
                "Transfer to the next shipment is FBS only; this order is {}",
                order.model
            ),
        );
        return;
    }
    if order.status != S::PROCESSING || order.substatus == Sub::SHIPPED {
        v.block(
            "Перенести можно только неотгруженный заказ в статусе PROCESSING",
            "Only an order in PROCESSING, not yet shipped, can be transferred",
        );
    }
    match ctx.shipment_forms_at {
        Some(at) if at - now <= Duration::minutes(30) => v.block(
            "До формирования отгрузки 30 минут или меньше: перенос уже недоступен",
            "The shipment forms in 30 minutes or less: transfer is no longer possible",
        ),
        Some(_) => {}
        None => v.warn(
            "Время формирования отгрузки неизвестно: перенос возможен не позже чем за 30 минут",
            "The shipment time is unknown: transfer works only more than 30 minutes before it forms",
        ),
    }
    v.warn(
        "Перенос отгрузки снижает индекс качества",
        "Moving the shipment lowers the quality index",
    );
    if ship_due(order, &ctx.thresholds).is_some_and(|due| now > due) {
        v.warn("Отгрузка уже просрочена", "The shipment is already late");
    }
    v.effect(
        "заказ переходит в следующую отгрузку (Маркет обрабатывает несколько минут)",
        "the order moves to the next shipment (the Market takes a few minutes)",
    );
}
