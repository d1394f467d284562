//! The Status tab's menu per model and state: which changes are offered, which are
//! closed and why, the prefilled real delivery date, and labels in both languages.

use super::*;
use crate::domain::incident::checks::Call;
use crate::domain::incident::fixtures::{afternoon, ctx, dbs, has, order, t};

/// The options at `afternoon()` with no evidence recorded.
fn menu(o: &Order) -> Vec<StatusOption> {
    options(o, &History::default(), &ctx(), afternoon())
}

/// The (status, substatus) of each option, in menu order.
fn targets(opts: &[StatusOption]) -> Vec<(S, Option<Sub>)> {
    opts.iter()
        .map(|o| match &o.action {
            WriteAction::SetStatus {
                status, substatus, ..
            } => (status.clone(), substatus.clone()),
            other => panic!("a status option carries a status change, not {other:?}"),
        })
        .collect()
}

fn find(opts: &[StatusOption], status: S, sub: Sub) -> &StatusOption {
    opts.iter()
        .find(|o| {
            matches!(&o.action, WriteAction::SetStatus { status: s, substatus: Some(b), .. }
                if *s == status && *b == sub)
        })
        .unwrap_or_else(|| panic!("{status}/{sub} is listed"))
}

fn why(o: &StatusOption) -> &str {
    o.why_not.as_ref().map_or("", |m| m.en.as_str())
}

fn real_date(o: &StatusOption) -> Option<NaiveDate> {
    match &o.action {
        WriteAction::SetStatus {
            real_delivery_date, ..
        } => *real_delivery_date,
        _ => None,
    }
}

fn call(at: &str, secs: u32) -> Call {
    Call {
        at: t(at),
        connected_secs: secs,
        number_unavailable: false,
    }
}

const BUYER: [Sub; 5] = [
    Sub::USER_CHANGED_MIND,
    Sub::USER_REFUSED_DELIVERY,
    Sub::USER_REFUSED_PRODUCT,
    Sub::USER_REFUSED_QUALITY,
    Sub::REPLACING_ORDER,
];

// --- FBS / Express ---------------------------------------------------------------------

#[test]
fn a_new_fbs_or_express_order_can_be_marked_ready_or_cancelled_as_shop_failed() {
    for model in [M::FBS, M::EXPRESS] {
        let opts = menu(&order(model.clone()));
        assert_eq!(
            targets(&opts),
            [
                (S::PROCESSING, Some(Sub::READY_TO_SHIP)),
                (S::CANCELLED, Some(Sub::SHOP_FAILED)),
            ],
            "{model}"
        );
        assert!(opts.iter().all(|o| o.available && o.why_not.is_none()));
        let ready = find(&opts, S::PROCESSING, Sub::READY_TO_SHIP);
        assert_eq!(ready.label.en, "Ready to ship (PROCESSING/READY_TO_SHIP)");
        assert_eq!(ready.effect.en, "the order is marked ready to ship");
        let cancel = find(&opts, S::CANCELLED, Sub::SHOP_FAILED);
        assert!(has(&cancel.warnings, "seller fault"), "{cancel:?}");
        assert!(cancel.effect.en.contains("seller's fault"), "{cancel:?}");
    }
}

#[test]
fn an_fbs_order_already_ready_can_only_be_cancelled() {
    let mut o = order(M::FBS);
    o.substatus = Sub::READY_TO_SHIP;
    let opts = menu(&o);
    let ready = find(&opts, S::PROCESSING, Sub::READY_TO_SHIP);
    assert!(!ready.available);
    assert!(
        why(ready).contains("only sets READY_TO_SHIP from STARTED"),
        "{ready:?}"
    );
    assert!(find(&opts, S::CANCELLED, Sub::SHOP_FAILED).available);
}

#[test]
fn a_shipped_fbs_order_lists_both_changes_closed_with_why() {
    let mut o = order(M::FBS);
    o.status = S::DELIVERY;
    o.substatus = Sub::DELIVERY_SERVICE_RECEIVED;
    let opts = menu(&o);
    assert_eq!(opts.len(), 2);
    assert!(opts.iter().all(|o| !o.available));
    let cancel = find(&opts, S::CANCELLED, Sub::SHOP_FAILED);
    assert!(why(cancel).contains("not yet shipped"), "{cancel:?}");
}

#[test]
fn fbs_gets_no_dbs_chain_and_no_other_cancel_reasons() {
    let opts = menu(&order(M::FBS));
    for (s, sub) in targets(&opts) {
        assert!(!matches!(s, S::DELIVERY | S::PICKUP | S::DELIVERED), "{s}");
        if s == S::CANCELLED {
            assert_eq!(sub, Some(Sub::SHOP_FAILED));
        }
    }
}

// --- DBS -------------------------------------------------------------------------------

#[test]
fn a_new_dbs_order_can_be_handed_to_the_carrier_but_not_jump_ahead() {
    let opts = menu(&dbs(S::PROCESSING, Sub::STARTED));
    let mut expected = vec![
        (S::DELIVERY, Some(Sub::DELIVERY_SERVICE_RECEIVED)),
        (S::PICKUP, Some(Sub::PICKUP_SERVICE_RECEIVED)),
        (S::DELIVERED, Some(Sub::DELIVERY_SERVICE_DELIVERED)),
        (S::CANCELLED, Some(Sub::SHOP_FAILED)),
        (S::CANCELLED, Some(Sub::USER_UNREACHABLE)),
    ];
    expected.extend(BUYER.iter().map(|b| (S::CANCELLED, Some(b.clone()))));
    assert_eq!(targets(&opts), expected);

    let handed = find(&opts, S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    assert!(handed.available, "{handed:?}");
    assert_eq!(handed.label.en, "Handed to the carrier (DELIVERY)");
    assert_eq!(handed.label.ru, "Передан в доставку (DELIVERY)");
    assert_eq!(
        handed.effect.en,
        "status in the Market: PROCESSING → DELIVERY"
    );
    for (s, sub) in [
        (S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED),
        (S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED),
    ] {
        let o = find(&opts, s, sub);
        assert!(!o.available);
        assert!(
            why(o).contains("DBS statuses go in order: from PROCESSING only to DELIVERY"),
            "{o:?}"
        );
    }
    let shop = find(&opts, S::CANCELLED, Sub::SHOP_FAILED);
    assert!(
        shop.available && has(&shop.warnings, "seller fault"),
        "{shop:?}"
    );
}

#[test]
fn buyer_reasons_are_closed_without_the_buyers_request_and_open_with_it() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    let opts = menu(&o);
    for b in &BUYER {
        let opt = find(&opts, S::CANCELLED, b.clone());
        assert!(!opt.available);
        assert!(why(opt).contains("asked to cancel in the chat"), "{opt:?}");
    }
    let asked = CheckContext {
        buyer_asked_to_cancel: true,
        ..ctx()
    };
    let opts = options(&o, &History::default(), &asked, afternoon());
    for b in &BUYER {
        let opt = find(&opts, S::CANCELLED, b.clone());
        assert!(
            opt.available,
            "the check knows {b} as a buyer reason: {opt:?}"
        );
        assert!(has(&opt.warnings, "unconfirmed"), "{opt:?}");
        assert!(!has(&opt.warnings, "seller fault"), "{opt:?}");
    }
}

#[test]
fn user_unreachable_is_closed_without_logged_calls() {
    let opts = menu(&dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED));
    let o = find(&opts, S::CANCELLED, Sub::USER_UNREACHABLE);
    assert!(!o.available);
    let w = why(o);
    assert!(w.contains("only after the call protocol"), "{w}");
    assert!(w.contains("0 of 3 calls count"), "{w}");
    let ru = o.why_not.as_ref().map_or("", |m| m.ru.as_str());
    assert!(ru.contains("; Засчитано звонков: 0 из 3"), "{ru}");
}

#[test]
fn user_unreachable_is_closed_when_the_calls_are_too_close_together() {
    let c = CheckContext {
        calls: vec![
            call("2026-11-26T10:00:00+03:00", 6),
            call("2026-11-26T10:30:00+03:00", 6),
            call("2026-11-26T11:00:00+03:00", 6),
        ],
        ..ctx()
    };
    let opts = options(
        &dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
        &History::default(),
        &c,
        afternoon(),
    );
    let o = find(&opts, S::CANCELLED, Sub::USER_UNREACHABLE);
    assert!(!o.available);
    assert!(
        why(o).contains("60 min between the first and the third call"),
        "{o:?}"
    );
}

#[test]
fn user_unreachable_is_open_after_a_valid_call_protocol() {
    let c = CheckContext {
        calls: vec![
            call("2026-11-26T10:00:00+03:00", 6),
            call("2026-11-26T11:00:00+03:00", 6),
            call("2026-11-26T12:00:00+03:00", 6),
        ],
        ..ctx()
    };
    let opts = options(
        &dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
        &History::default(),
        &c,
        afternoon(),
    );
    let o = find(&opts, S::CANCELLED, Sub::USER_UNREACHABLE);
    assert!(o.available && o.why_not.is_none(), "{o:?}");
    assert!(!has(&o.warnings, "seller fault"), "{o:?}");
    assert!(o.effect.en.contains("buyer unreachable"), "{o:?}");
}

#[test]
fn a_dbs_order_in_delivery_offers_pickup_and_delivered_but_not_delivery_again() {
    let opts = menu(&dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED));
    let chain: Vec<S> = targets(&opts)
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| *s != S::CANCELLED)
        .collect();
    assert_eq!(chain, [S::PICKUP, S::DELIVERED]);
    let pickup = find(&opts, S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED);
    assert!(pickup.available);
    // The fixture is a courier order: allowed, but the agent is told.
    assert!(has(&pickup.warnings, "Not a pickup order"), "{pickup:?}");
    assert_eq!(pickup.label.en, "At the pickup point (PICKUP)");
    let delivered = find(&opts, S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED);
    assert!(delivered.available);
    // Before the planned day: no real delivery date is sent.
    assert_eq!(real_date(delivered), None);
    assert_eq!(real_date(pickup), None);
    assert!(!delivered.effect.en.contains("real delivery date"));
}

#[test]
fn a_dbs_order_at_the_pickup_point_can_only_be_delivered_or_cancelled() {
    let opts = menu(&dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED));
    let chain: Vec<S> = targets(&opts)
        .into_iter()
        .map(|(s, _)| s)
        .filter(|s| *s != S::CANCELLED)
        .collect();
    assert_eq!(chain, [S::DELIVERED]);
    assert!(find(&opts, S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED).available);
    assert!(find(&opts, S::CANCELLED, Sub::SHOP_FAILED).available);
}

#[test]
fn delivered_after_the_delivery_date_asks_the_real_day() {
    // Planned Dec 3–5; the agent sets the status on Dec 7 at 01:30 Moscow, which is
    // still Dec 6 in UTC: the date must be Moscow's.
    let now = t("2026-12-07T01:30:00+03:00");
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    let opts = options(&o, &History::default(), &ctx(), now);
    let delivered = find(&opts, S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED);
    assert_eq!(
        delivered.action,
        WriteAction::SetStatus {
            status: S::DELIVERED,
            substatus: Some(Sub::DELIVERY_SERVICE_DELIVERED),
            real_delivery_date: None,
        }
    );
    assert!(delivered.asks_real_date);
    assert!(delivered.available, "{delivered:?}");
    assert!(
        !has(&delivered.warnings, "leave the real delivery date out"),
        "no contradictory advice: {delivered:?}"
    );
    assert!(
        has(&delivered.warnings, "counts as delivered late"),
        "{delivered:?}"
    );
    assert!(
        delivered
            .effect
            .en
            .ends_with("asks the day it really happened"),
        "{}",
        delivered.effect.en
    );
    let pickup = find(&opts, S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED);
    assert!(pickup.asks_real_date);
    // Cancellations never ask a delivery date.
    assert!(!find(&opts, S::CANCELLED, Sub::SHOP_FAILED).asks_real_date);
}

#[test]
fn delivered_on_the_last_planned_day_carries_no_real_date() {
    let now = t("2026-12-05T18:00:00+03:00");
    let opts = options(
        &dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
        &History::default(),
        &ctx(),
        now,
    );
    let delivered = find(&opts, S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED);
    assert_eq!(real_date(delivered), None);
    assert!(!delivered.asks_real_date);
    assert!(delivered.available);
}

#[test]
fn a_buyers_cancellation_request_closes_the_status_cancellations() {
    let mut o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    o.cancel_requested = true;
    let opts = menu(&o);
    let shop = find(&opts, S::CANCELLED, Sub::SHOP_FAILED);
    assert!(!shop.available);
    assert!(why(shop).contains("answer the request"), "{shop:?}");
    // Delivering it is still possible (the buyer may have got it meanwhile).
    assert!(find(&opts, S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED).available);
}

// --- final statuses and models without writes ------------------------------------------

#[test]
fn a_final_status_lists_the_whole_menu_closed_with_the_reason() {
    for status in [
        S::DELIVERED,
        S::CANCELLED,
        S::RETURNED,
        S::PARTIALLY_RETURNED,
    ] {
        for model in [M::DBS, M::FBS, M::EXPRESS] {
            let mut o = order(model.clone());
            o.status = status.clone();
            let opts = menu(&o);
            let expected = if model == M::DBS { 10 } else { 2 };
            assert_eq!(opts.len(), expected, "{model} {status}");
            for opt in &opts {
                assert!(!opt.available, "{model} {status}: {opt:?}");
                assert!(
                    why(opt).contains(&format!("The order is already {status}, a final status")),
                    "{opt:?}"
                );
                assert_eq!(opt.effect.en, "nothing is sent");
            }
        }
    }
}

#[test]
fn fby_laas_and_unknown_models_get_one_closed_entry_pointing_to_the_market() {
    for (model, needle) in [
        (M::FBY, "the Market runs these orders"),
        (M::LAAS, "does not write LaaS orders"),
        (M::Other("TELEPORT".into()), "Unknown model TELEPORT"),
    ] {
        let opts = menu(&order(model.clone()));
        assert_eq!(opts.len(), 1, "{model}");
        let o = &opts[0];
        assert!(!o.available);
        assert!(why(o).contains(needle), "{o:?}");
        assert_eq!(o.label.en, "The Market sets the statuses");
        assert_eq!(o.label.ru, "Статусы ставит Маркет");
        assert_eq!(o.effect.en, "nothing is sent");
    }
}

#[test]
fn every_label_exists_in_both_languages_and_is_unique_in_its_menu() {
    let menus = [
        menu(&order(M::FBS)),
        menu(&order(M::EXPRESS)),
        menu(&order(M::FBY)),
        menu(&dbs(S::PROCESSING, Sub::STARTED)),
    ];
    for opts in &menus {
        for o in opts {
            let (ru, en) = (&o.label.ru, &o.label.en);
            assert!(!ru.is_empty() && !en.is_empty(), "{o:?}");
            assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{ru}");
            assert!(en.is_ascii(), "{en}");
            assert!(!o.effect.ru.is_empty() && !o.effect.en.is_empty(), "{o:?}");
        }
        let mut labels: Vec<&str> = opts.iter().map(|o| o.label.en.as_str()).collect();
        labels.sort();
        labels.dedup();
        assert_eq!(labels.len(), opts.len(), "{labels:?}");
    }
}

#[test]
fn every_available_option_converts_to_an_outbox_write() {
    let asked = CheckContext {
        buyer_asked_to_cancel: true,
        ..ctx()
    };
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    let now = t("2026-12-07T12:00:00+03:00");
    for opt in options(&o, &History::default(), &asked, now) {
        if opt.available {
            assert!(opt.action.to_write(o.order_id, None).is_some(), "{opt:?}");
        }
    }
}
