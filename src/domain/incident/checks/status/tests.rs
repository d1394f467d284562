//! The status-change rules at their boundaries: the FBS/Express seller transitions,
//! the DBS chain, cancellations with their reasons and the `USER_UNREACHABLE` call
//! protocol, and `realDeliveryDate`.

use chrono::FixedOffset;

use super::*;
use crate::domain::incident::checks::{Call, CheckContext, check};
use crate::domain::incident::fixtures::{afternoon, ctx, d, dbs, has, order, run, status, t};
use crate::domain::order::History;

// --- status: FBS/Express -----------------------------------------------------------------

#[test]
fn fbs_sets_only_ready_to_ship_from_started() {
    let o = order(M::FBS);
    let h = History::default();
    let v = run(
        status(S::PROCESSING, Some(Sub::READY_TO_SHIP), None),
        &o,
        &h,
        &ctx(),
    );
    assert!(v.allowed, "{v:?}");
    let ready = Order {
        substatus: Sub::READY_TO_SHIP,
        ..o.clone()
    };
    assert!(
        !run(
            status(S::PROCESSING, Some(Sub::READY_TO_SHIP), None),
            &ready,
            &h,
            &ctx()
        )
        .allowed
    );
    let v = run(status(S::DELIVERY, None, None), &o, &h, &ctx());
    assert!(has(&v.blocking, "the Market sets the rest"), "{v:?}");
    assert!(
        !run(
            status(S::DELIVERY, None, None),
            &order(M::EXPRESS),
            &h,
            &ctx()
        )
        .allowed
    );
}

#[test]
fn a_late_ready_to_ship_is_warned() {
    let o = order(M::FBS);
    let late = check(
        &status(S::PROCESSING, Some(Sub::READY_TO_SHIP), None),
        &o,
        &History::default(),
        &ctx(),
        t("2026-11-30T14:00:01+03:00"),
    );
    assert!(
        late.allowed && has(&late.warnings, "late shipment"),
        "{late:?}"
    );
    let on_time = check(
        &status(S::PROCESSING, Some(Sub::READY_TO_SHIP), None),
        &o,
        &History::default(),
        &ctx(),
        t("2026-11-30T14:00:00+03:00"),
    );
    assert!(on_time.warnings.is_empty());
}

#[test]
fn fbs_cancels_only_with_shop_failed_before_shipping_and_it_is_seller_fault() {
    let o = order(M::FBS);
    let h = History::default();
    let v = run(
        status(S::CANCELLED, Some(Sub::SHOP_FAILED), None),
        &o,
        &h,
        &ctx(),
    );
    assert!(
        v.allowed
            && has(
                &v.warnings,
                "seller fault: counts against the quality index"
            )
    );
    let shipped = Order {
        substatus: Sub::SHIPPED,
        ..o.clone()
    };
    assert!(
        !run(
            status(S::CANCELLED, Some(Sub::SHOP_FAILED), None),
            &shipped,
            &h,
            &ctx()
        )
        .allowed
    );
    let v = run(
        status(S::CANCELLED, Some(Sub::USER_CHANGED_MIND), None),
        &o,
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "only with SHOP_FAILED"), "{v:?}");
    assert!(has(
        &run(status(S::CANCELLED, None, None), &o, &h, &ctx()).blocking,
        "cancellation reason"
    ));
}

// --- status: DBS chain ------------------------------------------------------------------

#[test]
fn dbs_statuses_go_in_the_order_of_the_diagram() {
    let h = History::default();
    let ok = [
        (
            dbs(S::PROCESSING, Sub::STARTED),
            S::DELIVERY,
            Sub::DELIVERY_SERVICE_RECEIVED,
        ),
        (
            dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
            S::PICKUP,
            Sub::PICKUP_SERVICE_RECEIVED,
        ),
        (
            dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
            S::DELIVERED,
            Sub::DELIVERY_SERVICE_DELIVERED,
        ),
        (
            dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED),
            S::DELIVERED,
            Sub::DELIVERY_SERVICE_DELIVERED,
        ),
    ];
    for (o, s, sub) in ok {
        let o = Order {
            delivery_type: DeliveryType::PICKUP,
            ..o
        };
        let v = run(status(s.clone(), Some(sub), None), &o, &h, &ctx());
        assert!(v.allowed, "{} → {s}: {v:?}", o.status);
        assert!(v.effect.en.contains(&format!("→ {s}")));
    }
    let v = run(
        status(S::DELIVERED, None, None),
        &dbs(S::PROCESSING, Sub::STARTED),
        &h,
        &ctx(),
    );
    assert!(
        has(&v.blocking, "from PROCESSING only to DELIVERY"),
        "{v:?}"
    );
    let v = run(
        status(S::DELIVERY, Some(Sub::USER_RECEIVED), None),
        &dbs(S::PROCESSING, Sub::STARTED),
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "not USER_RECEIVED"), "{v:?}");
    let v = run(
        status(S::DELIVERY, None, None),
        &dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "already DELIVERY"), "{v:?}");
    let v = run(
        status(S::DELIVERY, None, None),
        &dbs(S::CANCELLED, Sub::SHOP_FAILED),
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "final status"), "{v:?}");
}

#[test]
fn delivered_during_a_dispute_and_pickup_for_a_courier_order_are_warned() {
    let h = History::default();
    let dispute = dbs(S::DELIVERY, Sub::DELIVERY_USER_NOT_RECEIVED);
    assert!(has(
        &run(
            status(S::DELIVERED, None, Some("2026-11-25")),
            &dispute,
            &h,
            &ctx()
        )
        .warnings,
        "proof of delivery"
    ));
    let courier = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    assert!(has(
        &run(status(S::PICKUP, None, None), &courier, &h, &ctx()).warnings,
        "Not a pickup order"
    ));
}

#[test]
fn the_real_delivery_date_is_never_in_the_future_and_only_with_pickup_or_delivered() {
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    let h = History::default();
    let v = run(
        status(S::DELIVERED, None, Some("2026-11-27")),
        &o,
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "cannot be in the future"), "{v:?}");
    let v = run(
        status(S::DELIVERED, None, Some("2026-11-26")),
        &o,
        &h,
        &ctx(),
    );
    assert!(
        v.allowed && has(&v.warnings, "leave the real delivery date out"),
        "{v:?}"
    );
    let v = run(
        status(S::DELIVERED, None, Some("2026-11-25")),
        &o,
        &h,
        &ctx(),
    );
    assert!(v.allowed && has(&v.warnings, "late status update"), "{v:?}");
    let v = run(
        status(S::DELIVERED, None, Some("2026-11-23")),
        &o,
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "before the order was placed"), "{v:?}");
    let v = run(
        status(S::DELIVERY, None, Some("2026-11-25")),
        &dbs(S::PROCESSING, Sub::STARTED),
        &h,
        &ctx(),
    );
    assert!(
        has(&v.blocking, "only with a DBS PICKUP or DELIVERED"),
        "{v:?}"
    );
}

#[test]
fn a_status_after_the_planned_date_warns_it_counts_as_late() {
    let mut o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    o.due_to = Some(d("2026-11-25"));
    assert!(has(
        &run(
            status(S::DELIVERED, None, None),
            &o,
            &History::default(),
            &ctx()
        )
        .warnings,
        "delivered late"
    ));
    o.due_to = Some(d("2026-11-26"));
    assert!(!has(
        &run(
            status(S::DELIVERED, None, None),
            &o,
            &History::default(),
            &ctx()
        )
        .warnings,
        "delivered late"
    ));
}

// --- cancellation -------------------------------------------------------------------------

#[test]
fn a_dbs_seller_cancel_warns_seller_fault_and_is_refused_while_the_buyer_asks() {
    let h = History::default();
    let v = run(
        status(S::CANCELLED, Some(Sub::SHOP_FAILED), None),
        &dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
        &h,
        &ctx(),
    );
    assert!(
        v.allowed
            && has(
                &v.warnings,
                "seller fault: counts against the quality index"
            )
    );
    let asked = Order {
        cancel_requested: true,
        ..dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED)
    };
    let v = run(
        status(S::CANCELLED, Some(Sub::SHOP_FAILED), None),
        &asked,
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "answer the request"), "{v:?}");
    let v = run(
        status(S::CANCELLED, Some(Sub::PICKUP_EXPIRED), None),
        &dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED),
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "not a seller's reason"), "{v:?}");
}

#[test]
fn a_buyer_reason_cancel_needs_the_buyers_message() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    let h = History::default();
    for sub in BUYER_REASONS_FOR_TEST {
        let v = run(
            status(S::CANCELLED, Some(sub.clone()), None),
            &o,
            &h,
            &ctx(),
        );
        assert!(
            has(&v.blocking, "asked to cancel in the chat"),
            "{sub}: {v:?}"
        );
        let c = CheckContext {
            buyer_asked_to_cancel: true,
            ..ctx()
        };
        let v = run(status(S::CANCELLED, Some(sub.clone()), None), &o, &h, &c);
        assert!(
            v.allowed && !has(&v.warnings, "seller fault"),
            "{sub}: {v:?}"
        );
    }
}

const BUYER_REASONS_FOR_TEST: [Sub; 5] = [
    Sub::USER_CHANGED_MIND,
    Sub::USER_REFUSED_DELIVERY,
    Sub::USER_REFUSED_PRODUCT,
    Sub::USER_REFUSED_QUALITY,
    Sub::REPLACING_ORDER,
];

fn call(at: &str, secs: u32) -> Call {
    Call {
        at: t(at),
        connected_secs: secs,
        number_unavailable: false,
    }
}

#[test]
fn user_unreachable_needs_three_calls_ninety_minutes_apart_in_buyer_hours() {
    let good = vec![
        call("2026-11-26T10:00:00+03:00", 5),
        call("2026-11-26T10:45:00+03:00", 5),
        call("2026-11-26T11:30:00+03:00", 5),
    ];
    assert_eq!(call_protocol(&good, None, afternoon()), Ok(()));
    let mut short_span = good.clone();
    short_span[2] = call("2026-11-26T11:29:59+03:00", 5);
    let why = call_protocol(&short_span, None, afternoon()).unwrap_err();
    assert!(
        has(&why, "89 min between the first and the third"),
        "{why:?}"
    );
    let mut brief = good.clone();
    brief[1].connected_secs = 4;
    assert!(has(
        &call_protocol(&brief, None, afternoon()).unwrap_err(),
        "2 of 3 calls count"
    ));
    brief[1].number_unavailable = true;
    assert_eq!(
        call_protocol(&brief, None, afternoon()),
        Ok(()),
        "an unavailable number is the exception"
    );
    let two = &good[..2];
    assert!(call_protocol(two, None, afternoon()).is_err());
    // Calls logged for later than now do not count.
    assert!(call_protocol(&good, None, t("2026-11-26T11:00:00+03:00")).is_err());
}

#[test]
fn the_call_window_is_08_to_21_in_the_buyers_time_zone() {
    let calls = |first: &str, last: &str| {
        vec![
            call(first, 10),
            call("2026-11-26T15:00:00+03:00", 10),
            call(last, 10),
        ]
    };
    let at_edges = calls("2026-11-26T08:00:00+03:00", "2026-11-26T21:00:00+03:00");
    assert_eq!(
        call_protocol(&at_edges, None, t("2026-11-26T22:00:00+03:00")),
        Ok(())
    );
    let early = calls("2026-11-26T07:59:59+03:00", "2026-11-26T21:00:00+03:00");
    assert!(has(
        &call_protocol(&early, None, t("2026-11-26T22:00:00+03:00")).unwrap_err(),
        "outside 08:00–21:00 buyer time: 1"
    ));
    let late = calls("2026-11-26T08:00:00+03:00", "2026-11-26T21:00:01+03:00");
    assert!(call_protocol(&late, None, t("2026-11-26T22:00:00+03:00")).is_err());
    // 05:00 Moscow is 09:00 in Novosibirsk (UTC+7): fine there, not in Moscow.
    let nsk = FixedOffset::east_opt(7 * 3600);
    let dawn = vec![
        call("2026-11-26T05:00:00+03:00", 10),
        call("2026-11-26T06:00:00+03:00", 10),
        call("2026-11-26T07:00:00+03:00", 10),
    ];
    assert_eq!(call_protocol(&dawn, nsk, afternoon()), Ok(()));
    assert!(call_protocol(&dawn, None, afternoon()).is_err());
}

#[test]
fn a_user_unreachable_cancel_is_blocked_with_the_protocols_reasons() {
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    let v = run(
        status(S::CANCELLED, Some(Sub::USER_UNREACHABLE), None),
        &o,
        &History::default(),
        &ctx(),
    );
    assert!(
        !v.allowed && has(&v.blocking, "0 of 3 calls count"),
        "{v:?}"
    );
    let c = CheckContext {
        calls: vec![
            call("2026-11-26T10:00:00+03:00", 6),
            call("2026-11-26T11:00:00+03:00", 6),
            call("2026-11-26T12:00:00+03:00", 6),
        ],
        ..ctx()
    };
    let v = run(
        status(S::CANCELLED, Some(Sub::USER_UNREACHABLE), None),
        &o,
        &History::default(),
        &c,
    );
    assert!(v.allowed && !has(&v.warnings, "seller fault"), "{v:?}");
}
