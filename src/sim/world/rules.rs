//! The Market's write rules and request limits as pure functions: given an order's
//! state (and `now`), accept a write or refuse it with the HTTP status, the
//! `ApiErrorCodeType` code and a message naming what was wrong.
//!
//! Which code goes with which case is partly unconfirmed by the Market's docs
//! (market-api.md §9.3); the choices here are the most specific code the enum offers.

use chrono::{Duration, NaiveDate};

use crate::market::enums::{DeliveryType, OrderStatus, OrderSubstatus};
use crate::market::wire::BusinessOrder;
use crate::market::wire::write::CancellationAnswer;

use super::Refusal;
use super::lifecycle::Model;

/// At most this many orders in one batch status update.
pub(super) const MAX_BATCH: usize = 30;
/// A DBS order's delivery date may move at most this many times.
pub(super) const MAX_DATE_MOVES: u8 = 3;
/// Pickup storage may be extended by at most this many days.
pub(super) const MAX_STORAGE_EXTENSION_DAYS: i64 = 30;
/// The shop has this long to answer a buyer's cancellation request.
pub(super) const CANCELLATION_ANSWER_HOURS: i64 = 48;

/// A 400 refusal.
pub(super) fn bad(code: &str, message: impl Into<String>) -> Refusal {
    Refusal {
        http_status: 400,
        code: code.into(),
        message: message.into(),
    }
}

/// A 404 refusal.
pub(super) fn not_found(message: impl Into<String>) -> Refusal {
    Refusal {
        http_status: 404,
        code: "NOT_FOUND".into(),
        message: message.into(),
    }
}

fn is_terminal(s: &OrderStatus) -> bool {
    matches!(
        s,
        OrderStatus::DELIVERED
            | OrderStatus::CANCELLED
            | OrderStatus::RETURNED
            | OrderStatus::PARTIALLY_RETURNED
    )
}

fn state(o: &BusinessOrder) -> String {
    format!("{}/{}", o.status, o.substatus)
}

/// Refuses a write that the campaign's model may not make.
pub(super) fn require_model(
    model: Model,
    allowed: &[Model],
    campaign_id: i64,
) -> Result<(), Refusal> {
    if allowed.contains(&model) {
        return Ok(());
    }
    let name = match model {
        Model::Fbs => "FBS",
        Model::Express => "EXPRESS",
        Model::Dbs => "DBS",
        Model::Fby => "FBY",
    };
    Err(bad(
        "CAMPAIGN_TYPE_NOT_SUPPORTED",
        format!(
            "Campaign type is not allowed: campaign {campaign_id} works by {name}, this method is not available for it"
        ),
    ))
}

/// Refuses any change to an order that has reached a final status.
fn not_terminal(o: &BusinessOrder) -> Result<(), Refusal> {
    if is_terminal(&o.status) {
        return Err(bad(
            "ORDER_IN_TERMINAL_STATE",
            format!("Order {} is in terminal status {}", o.order_id, state(o)),
        ));
    }
    Ok(())
}

/// Refuses a write that needs the order in one of `statuses`.
fn in_status(o: &BusinessOrder, statuses: &[OrderStatus], what: &str) -> Result<(), Refusal> {
    not_terminal(o)?;
    if statuses.contains(&o.status) {
        return Ok(());
    }
    let names: Vec<&str> = statuses.iter().map(OrderStatus::as_str).collect();
    Err(bad(
        "INVALID_ORDER_STATUS",
        format!(
            "Cannot {what} for order {} in status {}: allowed only in {}",
            o.order_id,
            state(o),
            names.join(", ")
        ),
    ))
}

/// A requested status change, checked against the model's status model. `Ok(None)`
/// means the order is already there (the write is a no-op, as a retry would be).
pub(super) fn status_change(
    model: Model,
    o: &BusinessOrder,
    status: &OrderStatus,
    substatus: Option<&OrderSubstatus>,
    real_delivery_date: Option<NaiveDate>,
    calls_done: bool,
    today: NaiveDate,
) -> Result<Option<(OrderStatus, OrderSubstatus)>, Refusal> {
    if let Some(sub) = substatus
        && *status == o.status
        && *sub == o.substatus
    {
        return Ok(None);
    }
    not_terminal(o)?;
    if real_delivery_date.is_some() && model != Model::Dbs {
        return Err(bad(
            "BAD_REQUEST",
            "delivery.dates.realDeliveryDate is accepted only for DBS orders",
        ));
    }
    if *status == OrderStatus::CANCELLED {
        return cancellation(model, o, status, substatus, calls_done).map(Some);
    }
    if let Some(d) = real_delivery_date {
        real_delivery_date_fits(o, status, d, today)?;
    }
    forward(model, o, status, substatus)
}

fn not_allowed(
    o: &BusinessOrder,
    status: &OrderStatus,
    substatus: Option<&OrderSubstatus>,
) -> Refusal {
    bad(
        "STATUS_NOT_ALLOWED",
        format!(
            "Status {status}{} is not allowed for order {} in status {}",
            substatus.map(|s| format!("/{s}")).unwrap_or_default(),
            o.order_id,
            state(o)
        ),
    )
}

fn sub_not_allowed(
    o: &BusinessOrder,
    status: &OrderStatus,
    substatus: Option<&OrderSubstatus>,
    expected: &str,
) -> Refusal {
    bad(
        "SUBSTATUS_NOT_ALLOWED",
        format!(
            "Substatus {} is not allowed with status {status} for order {}; expected {expected}",
            substatus.map_or("(none)", OrderSubstatus::as_str),
            o.order_id
        ),
    )
}

/// A cancellation by the shop: not while the buyer's own request waits, FBS/Express
/// only before shipment, with a reason the model allows.
fn cancellation(
    model: Model,
    o: &BusinessOrder,
    status: &OrderStatus,
    substatus: Option<&OrderSubstatus>,
    calls_done: bool,
) -> Result<(OrderStatus, OrderSubstatus), Refusal> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    if o.cancel_requested == Some(true) && matches!(o.status, St::DELIVERY | St::PICKUP) {
        return Err(bad(
            "CANCELLATION_REQUESTED",
            format!(
                "The buyer asked to cancel order {}: answer with PUT …/cancellation/accept",
                o.order_id
            ),
        ));
    }
    // FBS/Express orders can be cancelled by the shop only until they are shipped.
    let packing =
        o.status == St::PROCESSING && matches!(o.substatus, S::STARTED | S::READY_TO_SHIP);
    if matches!(model, Model::Fbs | Model::Express) && !packing {
        return Err(not_allowed(o, status, substatus));
    }
    let sub = substatus.ok_or_else(|| {
        sub_not_allowed(
            o,
            status,
            substatus,
            "a cancellation reason such as SHOP_FAILED",
        )
    })?;
    match (model, sub) {
        (_, S::SHOP_FAILED) => Ok((St::CANCELLED, S::SHOP_FAILED)),
        (Model::Dbs, S::USER_UNREACHABLE) if calls_done => Ok((St::CANCELLED, S::USER_UNREACHABLE)),
        (Model::Dbs, S::USER_UNREACHABLE) => Err(bad(
            "USER_UNREACHABLE_NOT_ALLOWED",
            format!(
                "Order {} cannot be cancelled with USER_UNREACHABLE: the buyer was not called at least 3 times between 08:00 and 21:00 with 90 minutes between the first and the third call",
                o.order_id
            ),
        )),
        (
            Model::Dbs,
            S::USER_CHANGED_MIND
            | S::USER_REFUSED_DELIVERY
            | S::USER_REFUSED_PRODUCT
            | S::USER_REFUSED_QUALITY
            | S::REPLACING_ORDER,
        ) => Ok((St::CANCELLED, sub.clone())),
        _ => Err(sub_not_allowed(o, status, substatus, "SHOP_FAILED")),
    }
}

/// The real delivery date: not in the future, only with PICKUP or DELIVERED, not
/// before the order was created.
fn real_delivery_date_fits(
    o: &BusinessOrder,
    status: &OrderStatus,
    d: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    use OrderStatus as St;
    if d > today {
        return Err(bad(
            "BAD_REQUEST",
            format!("realDeliveryDate {d} is in the future (today is {today})"),
        ));
    }
    if !matches!(status, St::PICKUP | St::DELIVERED) {
        return Err(bad(
            "BAD_REQUEST",
            format!(
                "realDeliveryDate is accepted only with status PICKUP or DELIVERED, not {status}"
            ),
        ));
    }
    if d < o.creation_date.date_naive() {
        return Err(bad(
            "BAD_REQUEST",
            format!("realDeliveryDate {d} is before the order was created"),
        ));
    }
    Ok(())
}

/// A step forward in the model's status model, with the substatus it expects.
fn forward(
    model: Model,
    o: &BusinessOrder,
    status: &OrderStatus,
    substatus: Option<&OrderSubstatus>,
) -> Result<Option<(OrderStatus, OrderSubstatus)>, Refusal> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    let pickup = o.delivery.kind == DeliveryType::PICKUP;
    let want = |expected: S| -> Result<(St, S), Refusal> {
        match substatus {
            None => Ok((status.clone(), expected)),
            Some(s) if *s == expected => Ok((status.clone(), expected)),
            Some(_) => Err(sub_not_allowed(o, status, substatus, expected.as_str())),
        }
    };
    match (model, status, &o.status) {
        (Model::Fby, ..) => require_model(model, &[], o.campaign_id).map(|()| None),
        (_, St::PROCESSING, St::PROCESSING) => {
            let target = want(S::READY_TO_SHIP)?;
            if o.substatus == S::STARTED {
                Ok(Some(target))
            } else {
                Err(not_allowed(o, status, substatus))
            }
        }
        (Model::Dbs, St::DELIVERY, St::PROCESSING) => want(S::DELIVERY_SERVICE_RECEIVED).map(Some),
        (Model::Dbs, St::PICKUP, St::DELIVERY) if pickup => {
            want(S::PICKUP_SERVICE_RECEIVED).map(Some)
        }
        // A pickup order reaches the buyer through the pickup point, never straight.
        (Model::Dbs, St::DELIVERED, St::PICKUP) | (Model::Dbs, St::DELIVERED, St::DELIVERY)
            if pickup == (o.status == St::PICKUP) =>
        {
            want(S::DELIVERY_SERVICE_DELIVERED).map(Some)
        }
        _ => Err(not_allowed(o, status, substatus)),
    }
}

/// The DBS buyer is shown only while the order is being processed or delivered.
pub(super) fn buyer_visible(o: &BusinessOrder) -> Result<(), Refusal> {
    use OrderStatus as St;
    in_status(
        o,
        &[St::PROCESSING, St::DELIVERY, St::PICKUP],
        "get the buyer",
    )
}

/// The size of a batch status update.
pub(super) fn batch_size(n: usize) -> Result<(), Refusal> {
    if (1..=MAX_BATCH).contains(&n) {
        Ok(())
    } else {
        Err(bad(
            "BAD_REQUEST",
            format!("orders: size must be between 1 and {MAX_BATCH}, got {n}"),
        ))
    }
}

/// Moving a DBS delivery date.
pub(super) fn delivery_date(
    o: &BusinessOrder,
    moves: u8,
    new: NaiveDate,
    today: NaiveDate,
) -> Result<(), Refusal> {
    in_status(
        o,
        &[OrderStatus::PROCESSING, OrderStatus::DELIVERY],
        "change the delivery date",
    )?;
    let current = o
        .delivery
        .dates
        .to_date
        .unwrap_or(o.delivery.dates.from_date);
    if new == current {
        return Err(bad(
            "SAME_DELIVERY_DATES",
            format!("Order {} is already to be delivered by {new}", o.order_id),
        ));
    }
    if new < today {
        return Err(bad(
            "BAD_REQUEST",
            format!("Delivery date {new} is in the past (today is {today})"),
        ));
    }
    if moves >= MAX_DATE_MOVES {
        return Err(bad(
            "EDIT_COUNT_EXCEEDED",
            format!(
                "The delivery date of order {} was already changed {moves} times; the limit is {MAX_DATE_MOVES}",
                o.order_id
            ),
        ));
    }
    Ok(())
}

/// Recording a DBS track code. `used_by` is the order that already has this code.
pub(super) fn track(
    o: &BusinessOrder,
    code: &str,
    service_id: i64,
    known_service: bool,
    used_by: Option<i64>,
) -> Result<(), Refusal> {
    use OrderStatus as St;
    in_status(
        o,
        &[St::PROCESSING, St::DELIVERY, St::PICKUP],
        "set a track code",
    )?;
    if code.trim().is_empty() {
        return Err(bad("BAD_REQUEST", "trackCode must not be empty"));
    }
    if !known_service {
        return Err(bad(
            "BAD_REQUEST",
            format!(
                "Unknown deliveryServiceId {service_id}: take the id from GET /v2/delivery/services"
            ),
        ));
    }
    match used_by {
        Some(other) if other != o.order_id => Err(bad(
            "TRACK_CODE_ALREADY_USED",
            format!("Track code {code} is already used for order {other}"),
        )),
        _ => Ok(()),
    }
}

/// Extending storage at the shop's pickup point: once, later, by at most 30 days.
pub(super) fn storage_limit(
    o: &BusinessOrder,
    extended: bool,
    new: NaiveDate,
) -> Result<(), Refusal> {
    in_status(o, &[OrderStatus::PICKUP], "extend the storage period")?;
    if extended {
        return Err(bad(
            "EDIT_COUNT_EXCEEDED",
            format!(
                "The storage period of order {} was already extended once",
                o.order_id
            ),
        ));
    }
    let current = o
        .delivery
        .pickup
        .as_ref()
        .and_then(|p| p.outlet_storage_limit_date);
    let Some(current) = current else {
        return Err(bad(
            "BAD_REQUEST",
            format!("Order {} has no storage limit to extend", o.order_id),
        ));
    };
    if new <= current {
        return Err(bad(
            "BAD_REQUEST",
            format!("The new storage limit {new} must be after the current one, {current}"),
        ));
    }
    if new > current + Duration::days(MAX_STORAGE_EXTENSION_DAYS) {
        return Err(bad(
            "DAYS_COUNT_EXCEEDED",
            format!(
                "Storage can be extended by at most {MAX_STORAGE_EXTENSION_DAYS} days: from {current} to {} at the latest",
                current + Duration::days(MAX_STORAGE_EXTENSION_DAYS)
            ),
        ));
    }
    Ok(())
}

/// Answering a buyer's cancellation request within 48 hours of it.
pub(super) fn cancellation_answer(
    o: &BusinessOrder,
    requested_at: Option<i64>,
    now: i64,
    answer: &CancellationAnswer,
) -> Result<(), Refusal> {
    in_status(
        o,
        &[OrderStatus::DELIVERY, OrderStatus::PICKUP],
        "answer a cancellation request",
    )?;
    let (Some(true), Some(at)) = (o.cancel_requested, requested_at) else {
        return Err(bad(
            "ACTION_FORBIDDEN",
            format!("The buyer has not asked to cancel order {}", o.order_id),
        ));
    };
    if now > at + CANCELLATION_ANSWER_HOURS * 3600 {
        return Err(bad(
            "ACTION_FORBIDDEN",
            format!(
                "The {CANCELLATION_ANSWER_HOURS} hours to answer the cancellation request of order {} have passed",
                o.order_id
            ),
        ));
    }
    if !answer.accepted && answer.reason.is_none() {
        return Err(bad(
            "BAD_REQUEST",
            "reason is required when accepted is false (ORDER_DELIVERED or ORDER_IN_DELIVERY)",
        ));
    }
    Ok(())
}

/// Moving an FBS order to the next shipment: the order is still being processed and
/// its shipment forms more than 30 minutes from now.
pub(super) fn transfer(
    o: &BusinessOrder,
    shipment_id: i64,
    forms_at: i64,
    now: i64,
) -> Result<(), Refusal> {
    let in_shipment = o.delivery.shipment.as_ref().and_then(|s| s.id) == Some(shipment_id);
    if !in_shipment {
        return Err(bad(
            "BAD_REQUEST",
            format!("Order {} is not in shipment {shipment_id}", o.order_id),
        ));
    }
    in_status(
        o,
        &[OrderStatus::PROCESSING],
        "move the order to another shipment",
    )?;
    if o.substatus == OrderSubstatus::SHIPPED {
        return Err(bad(
            "INVALID_ORDER_STATUS",
            format!("Order {} is already shipped", o.order_id),
        ));
    }
    if now > forms_at - 30 * 60 {
        return Err(bad(
            "ACTION_FORBIDDEN",
            format!(
                "Shipment {shipment_id} forms in less than 30 minutes; orders can no longer be moved"
            ),
        ));
    }
    Ok(())
}

/// A chat message: 1..4096 characters.
pub(super) fn message_text(text: &str) -> Result<(), Refusal> {
    let n = text.chars().count();
    if (1..=4096).contains(&n) {
        Ok(())
    } else {
        Err(bad(
            "BAD_REQUEST",
            format!("message: length must be between 1 and 4096 characters, got {n}"),
        ))
    }
}
