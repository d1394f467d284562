//! Every rule of the check at its boundary: just inside (allowed, with the right
//! warnings and effect) and just outside (blocked, with the reason).

use super::*;
use crate::domain::incident::fixtures::{ctx, d, dbs, has, order, run, status, t};

fn move_to(date: &str, reason: DeliveryDateReason) -> WriteAction {
    WriteAction::MoveDeliveryDate {
        reason: Some(reason),
        new_date: d(date),
    }
}

const PARTNER: DeliveryDateReason = DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES;
const USER: DeliveryDateReason = DeliveryDateReason::USER_MOVED_DELIVERY_DATES;

fn moves(n: u32, days: i64) -> History {
    History {
        date_moves: n,
        date_shift_days: days,
        ..History::default()
    }
}

// --- models ---------------------------------------------------------------------------

#[test]
fn fby_gets_no_writes_but_may_chat() {
    let o = order(M::FBY);
    for a in [
        status(S::CANCELLED, Some(Sub::SHOP_FAILED), None),
        move_to("2026-12-06", PARTNER),
        WriteAction::TransferToNextShipment,
    ] {
        let v = run(a, &o, &History::default(), &ctx());
        assert!(!v.allowed);
        assert_eq!(v.blocking.len(), 1);
        assert!(has(&v.blocking, "escalate via the cabinet"), "{v:?}");
    }
    let chat = run(
        WriteAction::ChatMessage {
            text: "Здравствуйте! Заказ в пути.".into(),
        },
        &o,
        &History::default(),
        &ctx(),
    );
    assert!(chat.allowed, "{chat:?}");
    assert!(
        !run(
            WriteAction::TransferToNextShipment,
            &order(M::LAAS),
            &History::default(),
            &ctx()
        )
        .allowed
    );
}

// --- delivery date -----------------------------------------------------------------------

#[test]
fn a_date_move_is_dbs_only_in_processing_or_delivery() {
    let h = History::default();
    assert!(
        run(
            move_to("2026-12-06", PARTNER),
            &dbs(S::PROCESSING, Sub::STARTED),
            &h,
            &ctx()
        )
        .allowed
    );
    assert!(
        run(
            move_to("2026-12-06", PARTNER),
            &dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
            &h,
            &ctx()
        )
        .allowed
    );
    let v = run(
        move_to("2026-12-06", PARTNER),
        &dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED),
        &h,
        &ctx(),
    );
    assert!(
        has(&v.blocking, "only possible in PROCESSING/DELIVERY"),
        "{v:?}"
    );
    let v = run(move_to("2026-12-06", PARTNER), &order(M::FBS), &h, &ctx());
    assert!(has(&v.blocking, "DBS only"), "{v:?}");
}

#[test]
fn a_date_move_needs_a_reason_and_a_new_date_from_today_on() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    let h = History::default();
    let none = WriteAction::MoveDeliveryDate {
        reason: None,
        new_date: d("2026-12-06"),
    };
    assert!(has(&run(none, &o, &h, &ctx()).blocking, "reason"));
    assert!(
        run(move_to("2026-11-26", PARTNER), &o, &h, &ctx()).allowed,
        "today is not the past"
    );
    let v = run(move_to("2026-11-25", PARTNER), &o, &h, &ctx());
    assert!(has(&v.blocking, "in the past"), "{v:?}");
    let v = run(move_to("2026-12-05", PARTNER), &o, &h, &ctx());
    assert!(has(&v.blocking, "is the current one"), "{v:?}");
}

#[test]
fn the_budget_allows_the_third_move_and_blocks_the_fourth() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    let first = run(move_to("2026-12-06", PARTNER), &o, &moves(0, 0), &ctx());
    assert!(first.allowed);
    assert!(
        first.effect.en.ends_with("2 of 3 date moves left"),
        "{}",
        first.effect.en
    );
    let second = run(move_to("2026-12-06", PARTNER), &o, &moves(1, 1), &ctx());
    assert!(second.effect.en.ends_with("1 of 3 date moves left"));
    assert!(
        has(&second.warnings, "flagged by the date-move budget rule"),
        "the rule flags at 2"
    );
    assert!(!has(&first.warnings, "flagged"));
    let third = run(move_to("2026-12-06", PARTNER), &o, &moves(2, 2), &ctx());
    assert!(third.allowed);
    assert!(third.effect.en.ends_with("0 of 3 date moves left"));
    assert!(has(&third.warnings, "last move allowed"));
    let fourth = run(move_to("2026-12-06", PARTNER), &o, &moves(3, 3), &ctx());
    assert!(!fourth.allowed);
    assert!(
        has(&fourth.blocking, "No date moves left: 3 of 3"),
        "{fourth:?}"
    );
}

#[test]
fn the_total_shift_warns_at_the_rule_threshold_and_blocks_over_a_configured_max() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    // Due Dec 5; +1 day after 3 days already moved = 4: quiet; after 4 = 5: warned.
    assert!(!has(
        &run(move_to("2026-12-06", PARTNER), &o, &moves(1, 3), &ctx()).warnings,
        "total shift"
    ));
    assert!(has(
        &run(move_to("2026-12-06", PARTNER), &o, &moves(1, 4), &ctx()).warnings,
        "total shift"
    ));
    let mut c = ctx();
    c.budget.max_shift_days = Some(5);
    assert!(run(move_to("2026-12-06", PARTNER), &o, &moves(1, 4), &c).allowed);
    let v = run(move_to("2026-12-07", PARTNER), &o, &moves(1, 4), &c);
    assert!(has(&v.blocking, "over the limit of 5"), "{v:?}");
}

#[test]
fn a_move_of_more_than_three_days_at_once_is_warned() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    assert!(!has(
        &run(move_to("2026-12-08", PARTNER), &o, &moves(0, 0), &ctx()).warnings,
        "at once"
    ));
    let v = run(move_to("2026-12-09", PARTNER), &o, &moves(0, 0), &ctx());
    assert!(
        v.allowed && has(&v.warnings, "A 4-day move at once"),
        "{v:?}"
    );
}

#[test]
fn move_texts_count_days_in_words_in_both_languages() {
    let has_ru = |msgs: &[Msg], needle: &str| msgs.iter().any(|m| m.ru.contains(needle));
    let o = dbs(S::PROCESSING, Sub::STARTED);
    // Due Dec 5: to the 13th is 8 days at once.
    let v = run(move_to("2026-12-13", PARTNER), &o, &moves(0, 0), &ctx());
    assert!(has_ru(&v.warnings, "Перенос на 8 дней за раз"), "{v:?}");
    assert!(has_ru(&v.warnings, "предел — 3 дня"), "{v:?}");
    assert!(has(&v.warnings, "An 8-day move at once"), "{v:?}");
    assert!(has(&v.warnings, "over 3 days"), "{v:?}");
    let one = run(move_to("2026-12-06", PARTNER), &o, &moves(0, 0), &ctx());
    assert!(one.effect.ru.contains("(+1 день)"), "{}", one.effect.ru);
    assert!(one.effect.en.contains("(+1 day)"), "{}", one.effect.en);
    let mut c = ctx();
    c.budget.max_shift_days = Some(1);
    let v = run(move_to("2026-12-07", PARTNER), &o, &moves(0, 0), &c);
    assert!(
        has_ru(&v.blocking, "станет 2 дня, а предел — 1 день"),
        "{v:?}"
    );
    assert!(
        has(&v.blocking, "would be 2 days, over the limit of 1 day"),
        "{v:?}"
    );
}

#[test]
fn the_buyer_reason_needs_the_buyers_request_and_the_seller_reason_costs_index() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    let h = History::default();
    let v = run(move_to("2026-12-06", USER), &o, &h, &ctx());
    assert!(has(&v.blocking, "buyer's chat message"), "{v:?}");
    let mut c = ctx();
    c.buyer_asked_new_date = true;
    let v = run(move_to("2026-12-06", USER), &o, &h, &c);
    assert!(v.allowed && !has(&v.warnings, "seller fault"), "{v:?}");
    // A long order whose date is being confirmed is the documented buyer-reason case.
    let estimated = Order {
        estimated: true,
        ..o.clone()
    };
    assert!(run(move_to("2026-12-06", USER), &estimated, &h, &ctx()).allowed);
    let v = run(move_to("2026-12-06", PARTNER), &o, &h, &ctx());
    assert!(has(
        &v.warnings,
        "seller fault: counts against the quality index"
    ));
}

// --- cancellation answer ---------------------------------------------------------------

#[test]
fn a_cancellation_answer_is_due_within_48_hours_of_the_request() {
    let o = Order {
        cancel_requested: true,
        ..dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED)
    };
    let h = History {
        cancel_requested_at: Some(t("2026-11-24T15:00:00+03:00")),
        ..History::default()
    };
    let accept = WriteAction::AnswerCancellation {
        accept: true,
        reason: None,
    };
    let at_deadline = check(&accept, &o, &h, &ctx(), t("2026-11-26T15:00:00+03:00"));
    assert!(
        at_deadline.allowed && has(&at_deadline.warnings, "0h 00m left"),
        "{at_deadline:?}"
    );
    assert!(at_deadline.effect.en.contains("not the seller's fault"));
    let late = check(&accept, &o, &h, &ctx(), t("2026-11-26T15:00:01+03:00"));
    assert!(has(&late.blocking, "ran out at 26.11 15:00"), "{late:?}");
    let early = check(&accept, &o, &h, &ctx(), t("2026-11-26T02:59:00+03:00"));
    assert!(
        early.allowed && early.warnings.is_empty(),
        "more than 12 h left: {early:?}"
    );
}

#[test]
fn a_cancellation_answer_needs_a_request_a_handed_over_order_and_the_right_reason() {
    let h = History {
        cancel_requested_at: Some(t("2026-11-26T10:00:00+03:00")),
        ..History::default()
    };
    let accept = WriteAction::AnswerCancellation {
        accept: true,
        reason: None,
    };
    let v = run(
        accept.clone(),
        &dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
        &h,
        &ctx(),
    );
    assert!(has(&v.blocking, "has not asked"), "{v:?}");
    let processing = Order {
        cancel_requested: true,
        ..dbs(S::PROCESSING, Sub::STARTED)
    };
    assert!(has(
        &run(accept, &processing, &h, &ctx()).blocking,
        "automatically"
    ));
    let asked = Order {
        cancel_requested: true,
        ..dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED)
    };
    let both = WriteAction::AnswerCancellation {
        accept: true,
        reason: Some(CancellationRejectReason::ORDER_DELIVERED),
    };
    assert!(!run(both, &asked, &h, &ctx()).allowed);
    let bare_no = WriteAction::AnswerCancellation {
        accept: false,
        reason: None,
    };
    assert!(has(
        &run(bare_no, &asked, &h, &ctx()).blocking,
        "the buyer sees it"
    ));
    let no = WriteAction::AnswerCancellation {
        accept: false,
        reason: Some(CancellationRejectReason::ORDER_DELIVERED),
    };
    assert!(run(no, &asked, &h, &ctx()).allowed);
}

// --- storage, track, transfer, chat ----------------------------------------------------------

#[test]
fn storage_extends_once_by_at_most_thirty_days_in_pickup() {
    let o = Order {
        storage_limit: Some(d("2026-11-27")),
        ..dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED)
    };
    let h = History::default();
    let ext = |date: &str| WriteAction::ExtendStorage { new_date: d(date) };
    let v = run(ext("2026-12-27"), &o, &h, &ctx());
    assert!(
        v.allowed && v.effect.en.contains("cannot be extended again"),
        "{v:?}"
    );
    assert!(has(
        &run(ext("2026-12-28"), &o, &h, &ctx()).blocking,
        "30 days at most"
    ));
    assert!(has(
        &run(ext("2026-11-27"), &o, &h, &ctx()).blocking,
        "after the current limit"
    ));
    let once = CheckContext {
        storage_extended: true,
        ..ctx()
    };
    assert!(has(
        &run(ext("2026-12-01"), &o, &h, &once).blocking,
        "allows it once"
    ));
    let unknown = Order {
        storage_limit: None,
        ..o.clone()
    };
    assert!(has(
        &run(ext("2026-12-01"), &unknown, &h, &ctx()).blocking,
        "re-fetch"
    ));
    let delivery = Order {
        status: S::DELIVERY,
        ..o
    };
    assert!(!run(ext("2026-12-01"), &delivery, &h, &ctx()).allowed);
}

#[test]
fn a_track_is_dbs_only_until_pickup_and_warns_when_the_carrier_changes() {
    let h = History::default();
    let track = |id: i64, code: &str| WriteAction::SetTrack {
        carrier_id: id,
        track: code.into(),
    };
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    let same = run(track(51, "CD123"), &o, &h, &ctx());
    assert!(same.allowed && same.warnings.is_empty(), "{same:?}");
    let other = run(track(52, "CD123"), &o, &h, &ctx());
    assert!(
        other.allowed && has(&other.warnings, "carrier changes"),
        "{other:?}"
    );
    assert!(has(&run(track(51, " "), &o, &h, &ctx()).blocking, "empty"));
    assert!(!run(track(0, "CD123"), &o, &h, &ctx()).allowed);
    let tracked = Order {
        tracks: vec!["CD123".into()],
        ..o.clone()
    };
    assert!(has(
        &run(track(51, "CD123"), &tracked, &h, &ctx()).blocking,
        "already on the order"
    ));
    assert!(
        run(
            track(51, "CD1"),
            &dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED),
            &h,
            &ctx()
        )
        .allowed
    );
    assert!(
        !run(
            track(51, "CD1"),
            &dbs(S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED),
            &h,
            &ctx()
        )
        .allowed
    );
    assert!(has(
        &run(track(51, "CD1"), &order(M::FBS), &h, &ctx()).blocking,
        "DBS only"
    ));
}

#[test]
fn transfer_is_fbs_only_more_than_30_minutes_before_the_shipment_and_costs_index() {
    let o = order(M::FBS);
    let h = History::default();
    let at = |s: &str| CheckContext {
        shipment_forms_at: Some(t(s)),
        ..ctx()
    };
    let v = run(
        WriteAction::TransferToNextShipment,
        &o,
        &h,
        &at("2026-11-26T15:30:01+03:00"),
    );
    assert!(
        v.allowed && has(&v.warnings, "lowers the quality index"),
        "{v:?}"
    );
    let v = run(
        WriteAction::TransferToNextShipment,
        &o,
        &h,
        &at("2026-11-26T15:30:00+03:00"),
    );
    assert!(has(&v.blocking, "30 minutes or less"), "{v:?}");
    assert!(has(
        &run(
            WriteAction::TransferToNextShipment,
            &order(M::EXPRESS),
            &h,
            &ctx()
        )
        .blocking,
        "FBS only"
    ));
    assert!(
        !run(
            WriteAction::TransferToNextShipment,
            &dbs(S::PROCESSING, Sub::STARTED),
            &h,
            &ctx()
        )
        .allowed
    );
    let shipped = Order {
        substatus: Sub::SHIPPED,
        ..o
    };
    assert!(!run(WriteAction::TransferToNextShipment, &shipped, &h, &ctx()).allowed);
}

#[test]
fn a_chat_message_is_blocked_by_the_lint_and_knows_the_orders_own_numbers() {
    let mut o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    o.tracks = vec!["89123456789".into()];
    let h = History::default();
    let v = run(
        WriteAction::ChatMessage {
            text: "Напишите в WhatsApp".into(),
        },
        &o,
        &h,
        &ctx(),
    );
    assert!(!v.allowed && has(&v.blocking, "messenger"), "{v:?}");
    let v = run(
        WriteAction::ChatMessage {
            text: "Код 89123456789 — ваш трек".into(),
        },
        &o,
        &h,
        &ctx(),
    );
    assert!(v.allowed, "{v:?}");
    assert!(v.effect.en.contains("Market chat"));
}

#[test]
fn the_budget_config_is_validated() {
    assert!(DateBudget::default().validate().is_ok());
    assert!(
        DateBudget {
            max_moves: 0,
            ..DateBudget::default()
        }
        .validate()
        .is_err()
    );
    assert!(
        DateBudget {
            max_shift_days: Some(0),
            ..DateBudget::default()
        }
        .validate()
        .is_err()
    );
}

#[test]
fn a_checked_action_becomes_the_markets_own_request_for_the_outbox() {
    use crate::domain::write::WriteKind;
    let late = status(
        S::DELIVERED,
        Some(Sub::DELIVERY_SERVICE_DELIVERED),
        Some("2026-11-25"),
    );
    let w = late.to_write(1, None).unwrap();
    assert_eq!(w.name(), "status");
    assert_eq!(
        w.payload(),
        r#"{"delivery":{"dates":{"realDeliveryDate":"2026-11-25"}},"status":"DELIVERED","substatus":"DELIVERY_SERVICE_DELIVERED"}"#
    );
    let mv = move_to("2026-12-06", PARTNER).to_write(1, None).unwrap();
    assert_eq!(
        mv.payload(),
        r#"{"dates":{"toDate":"2026-12-06"},"reason":"PARTNER_MOVED_DELIVERY_DATES"}"#
    );
    let no_reason = WriteAction::MoveDeliveryDate {
        reason: None,
        new_date: d("2026-12-06"),
    };
    assert_eq!(no_reason.to_write(1, None), None);
    let refuse = WriteAction::AnswerCancellation {
        accept: false,
        reason: Some(CancellationRejectReason::ORDER_IN_DELIVERY),
    };
    assert_eq!(
        refuse.to_write(1, None).unwrap().payload(),
        r#"{"accepted":false,"reason":"ORDER_IN_DELIVERY"}"#
    );
    assert_eq!(
        WriteAction::AnswerCancellation {
            accept: false,
            reason: None
        }
        .to_write(1, None),
        None
    );
    assert_eq!(WriteAction::TransferToNextShipment.to_write(7, None), None);
    assert_eq!(
        WriteAction::TransferToNextShipment.to_write(7, Some(99)),
        Some(WriteKind::Transfer {
            shipment_id: 99,
            order_ids: vec![7]
        })
    );
    let track = WriteAction::SetTrack {
        carrier_id: 52,
        track: " CD123 ".into(),
    };
    assert_eq!(
        track.to_write(1, None).unwrap().payload(),
        r#"{"deliveryServiceId":52,"trackCode":"CD123"}"#
    );
}
