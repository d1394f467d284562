//! Each write kind's proof: the state that shows the effect, and the states that only
//! fail to contradict it (which must not count as "already done").

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Value, json};

use super::{applied, message_in_history};
use crate::cache::KnownAt;
use crate::domain::write::WriteKind;
use crate::market::client::parse_order;
use crate::market::enums::{
    CancellationRejectReason, ChatSender, DeliveryDateReason, OrderStatus, OrderSubstatus,
};
use crate::market::wire::write::{
    BatchStatusItem, BatchStatusRequest, CancellationAnswer, DeliveryDateChange,
    DeliveryDateRequest, StatusChange, StatusChangeDates, StatusChangeDelivery, TrackRequest,
};
use crate::market::wire::{BusinessOrder, ChatMessage};

const ID: i64 = 48291736450;

/// The DBS order of the client's fixture (DELIVERY/DELIVERY_SERVICE_RECEIVED, track
/// TRK-555 of carrier 99, delivery Jul 18–19, shipment 77001 on Jul 17), edited.
fn order(edit: impl FnOnce(&mut Value)) -> BusinessOrder {
    let page: Value = serde_json::from_str(include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/business_orders_page.json"
    )))
    .expect("the fixture is JSON");
    let mut o = page["orders"][0].clone();
    edit(&mut o);
    let raw = serde_json::value::to_raw_value(&o).expect("JSON");
    parse_order(&raw).expect("the edited fixture is an order")
}

fn as_is() -> BusinessOrder {
    order(|_| {})
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a test day")
}

/// Does the Market's `o` prove `kind` for the row's order, with `before` known of it?
fn proves(kind: &WriteKind, o: &BusinessOrder, before: Option<KnownAt>) -> bool {
    let orders = HashMap::from([(o.order_id, o.clone())]);
    let before: HashMap<i64, KnownAt> = before.map(|b| (o.order_id, b)).into_iter().collect();
    applied(kind, Some(o.order_id), &orders, &before)
}

fn status(st: OrderStatus, sub: Option<OrderSubstatus>) -> WriteKind {
    WriteKind::Status(StatusChange {
        status: st,
        substatus: sub,
        delivery: None,
    })
}

#[test]
fn a_status_write_is_proven_by_the_status_and_substatus_asked_for() {
    let o = as_is();
    assert!(proves(
        &status(
            OrderStatus::DELIVERY,
            Some(OrderSubstatus::DELIVERY_SERVICE_RECEIVED)
        ),
        &o,
        None
    ));
    assert!(!proves(
        &status(OrderStatus::DELIVERY, Some(OrderSubstatus::USER_RECEIVED)),
        &o,
        None
    ));
    assert!(!proves(&status(OrderStatus::DELIVERED, None), &o, None));
    // Without a substatus the Market picks one: for PROCESSING, READY_TO_SHIP.
    let started = order(|o| {
        o["status"] = json!("PROCESSING");
        o["substatus"] = json!("STARTED");
    });
    assert!(!proves(
        &status(OrderStatus::PROCESSING, None),
        &started,
        None
    ));
}

#[test]
fn a_delivered_status_is_proven_only_with_the_real_delivery_day_asked_for() {
    let delivered = |real: &str| {
        let real = real.to_owned();
        order(move |o| {
            o["status"] = json!("DELIVERED");
            o["substatus"] = json!("DELIVERY_SERVICE_DELIVERED");
            o["delivery"]["dates"]["realDeliveryDate"] = json!(real);
        })
    };
    let kind = WriteKind::Status(StatusChange {
        status: OrderStatus::DELIVERED,
        substatus: Some(OrderSubstatus::DELIVERY_SERVICE_DELIVERED),
        delivery: Some(StatusChangeDelivery {
            dates: StatusChangeDates {
                real_delivery_date: day("2026-07-18"),
            },
        }),
    });
    assert!(proves(&kind, &delivered("2026-07-18"), None));
    assert!(!proves(&kind, &delivered("2026-07-17"), None));
}

#[test]
fn a_batch_is_proven_only_when_every_order_shows_its_status() {
    let a = as_is();
    let b = order(|o| {
        o["orderId"] = json!(ID + 1);
        o["status"] = json!("PROCESSING");
        o["substatus"] = json!("STARTED");
    });
    let item = |id, st, sub| BatchStatusItem {
        id,
        status: st,
        substatus: Some(sub),
    };
    let kind = WriteKind::Statuses(BatchStatusRequest {
        orders: vec![
            item(
                ID,
                OrderStatus::DELIVERY,
                OrderSubstatus::DELIVERY_SERVICE_RECEIVED,
            ),
            item(
                ID + 1,
                OrderStatus::PROCESSING,
                OrderSubstatus::READY_TO_SHIP,
            ),
        ],
    });
    let orders = HashMap::from([(ID, a.clone()), (ID + 1, b)]);
    assert!(!applied(&kind, None, &orders, &HashMap::new()));
    let ready = order(|o| {
        o["orderId"] = json!(ID + 1);
        o["status"] = json!("PROCESSING");
        o["substatus"] = json!("READY_TO_SHIP");
    });
    let orders = HashMap::from([(ID, a.clone()), (ID + 1, ready)]);
    assert!(applied(&kind, None, &orders, &HashMap::new()));
    // An order the Market did not return proves nothing.
    let orders = HashMap::from([(ID, a)]);
    assert!(!applied(&kind, None, &orders, &HashMap::new()));
}

#[test]
fn a_date_move_is_proven_by_the_new_last_day() {
    let kind = |to: &str| {
        WriteKind::DeliveryDate(DeliveryDateRequest {
            dates: DeliveryDateChange { to_date: day(to) },
            reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
        })
    };
    let o = as_is();
    assert!(proves(&kind("2026-07-19"), &o, None));
    assert!(!proves(&kind("2026-07-21"), &o, None));
}

#[test]
fn a_track_is_proven_by_its_code_and_carrier_together() {
    let kind = |code: &str, carrier| {
        WriteKind::Track(TrackRequest {
            track_code: code.into(),
            delivery_service_id: carrier,
        })
    };
    let o = as_is();
    assert!(proves(&kind("TRK-555", 99), &o, None));
    assert!(
        !proves(&kind("TRK-555", 51), &o, None),
        "another carrier's code"
    );
    assert!(!proves(&kind("TRK-556", 99), &o, None));
}

#[test]
fn a_storage_extension_is_proven_by_the_new_limit() {
    let at_pickup = |limit: &str| {
        let limit = limit.to_owned();
        order(move |o| {
            o["status"] = json!("PICKUP");
            o["delivery"]["pickup"] = json!({"outletStorageLimitDate": limit});
        })
    };
    let kind = WriteKind::storage_limit(day("2026-07-25"));
    assert!(proves(&kind, &at_pickup("2026-07-25"), None));
    assert!(!proves(&kind, &at_pickup("2026-07-22"), None));
    assert!(!proves(&kind, &as_is(), None), "no pickup block at all");
}

#[test]
fn an_accepted_cancellation_is_proven_by_a_cancelled_order() {
    let kind = WriteKind::CancellationAnswer(CancellationAnswer {
        accepted: true,
        reason: None,
    });
    let cancelled = order(|o| {
        o["status"] = json!("CANCELLED");
        o["substatus"] = json!("USER_CHANGED_MIND");
    });
    assert!(proves(&kind, &cancelled, None));
    assert!(!proves(&kind, &as_is(), None));
}

#[test]
fn a_rejected_cancellation_is_proven_only_by_a_request_that_was_pending_and_is_gone() {
    let kind = WriteKind::CancellationAnswer(CancellationAnswer {
        accepted: false,
        reason: Some(CancellationRejectReason::ORDER_DELIVERED),
    });
    let pending = KnownAt {
        cancel_requested: true,
        ship_date: None,
    };
    let none_pending = KnownAt::default();
    // Nothing pending, still with the buyer: the state a rejection leaves.
    let o = as_is();
    assert!(proves(&kind, &o, Some(pending.clone())));
    // The same state proves nothing when no request was pending to begin with: that
    // is the first-try ACTION_FORBIDDEN ("the buyer has not asked to cancel").
    assert!(!proves(&kind, &o, Some(none_pending)));
    assert!(!proves(&kind, &o, None), "the cache never saw the order");
    let still = order(|o| o["cancelRequested"] = json!(true));
    assert!(!proves(&kind, &still, Some(pending.clone())));
    let cancelled = order(|o| o["status"] = json!("CANCELLED"));
    assert!(!proves(&kind, &cancelled, Some(pending)));
}

#[test]
fn a_transfer_is_proven_by_a_later_shipment_not_by_absence_from_the_old_one() {
    let kind = |shipment| WriteKind::Transfer {
        shipment_id: shipment,
        order_ids: vec![ID],
    };
    let in_shipment = |id: i64, date: &str| {
        let date = date.to_owned();
        order(move |o| {
            o["status"] = json!("PROCESSING");
            o["substatus"] = json!("READY_TO_SHIP");
            o["delivery"]["shipment"] = json!({"id": id, "shipmentDate": date});
        })
    };
    let was = |date: &str| KnownAt {
        cancel_requested: false,
        ship_date: Some(day(date)),
    };
    let orders = |o: BusinessOrder| HashMap::from([(ID, o)]);
    let before = |k: KnownAt| HashMap::from([(ID, k)]);
    let moved = in_shipment(77002, "2026-07-18");
    assert!(applied(
        &kind(77001),
        None,
        &orders(moved.clone()),
        &before(was("2026-07-17"))
    ));
    // Still in the shipment it was to leave.
    assert!(!applied(
        &kind(77001),
        None,
        &orders(in_shipment(77001, "2026-07-17")),
        &before(was("2026-07-17"))
    ));
    // In another shipment of the same day: it was never in 77001, or left it otherwise.
    assert!(!applied(
        &kind(77001),
        None,
        &orders(in_shipment(77003, "2026-07-17")),
        &before(was("2026-07-17"))
    ));
    // Nothing known of its day before: absence from 77001 alone proves nothing.
    assert!(!applied(
        &kind(77001),
        None,
        &orders(moved),
        &HashMap::new()
    ));
    let no_shipment = order(|o| o["delivery"]["shipment"] = Value::Null);
    assert!(!applied(
        &kind(77001),
        None,
        &orders(no_shipment),
        &before(was("2026-07-17"))
    ));
}

#[test]
fn a_chat_message_is_proven_by_our_own_message_in_the_history_only() {
    let at = |s: &str| -> DateTime<chrono::FixedOffset> { s.parse().expect("a test instant") };
    let msg = |id, sender, text: &str, when: &str| ChatMessage {
        message_id: id,
        created_at: at(when),
        sender,
        message: Some(text.into()),
        payload: Vec::new(),
    };
    let text = "Здравствуйте! Заказ передан в доставку.";
    let since: DateTime<Utc> = "2026-07-16T09:00:00Z".parse().expect("instant");
    let history = vec![
        msg(1, ChatSender::PARTNER, text, "2026-07-16T08:00:00Z"),
        msg(2, ChatSender::CUSTOMER, text, "2026-07-16T09:30:00Z"),
        msg(
            3,
            ChatSender::PARTNER,
            "Здравствуйте!",
            "2026-07-16T09:30:00Z",
        ),
    ];
    assert_eq!(
        message_in_history(&history, text, since),
        None,
        "older than the row, the buyer's words, or another text"
    );
    let mut sent = history.clone();
    sent.push(msg(
        4,
        ChatSender::PARTNER,
        text,
        "2026-07-16T12:31:00+03:00",
    ));
    assert_eq!(message_in_history(&sent, text, since), Some(4));
    // The order's state never proves a message.
    let kind = WriteKind::ChatMessage { text: text.into() };
    assert!(!proves(&kind, &as_is(), None));
}
