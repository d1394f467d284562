//! The reroute menu per model and state: what is offered, what is closed and why,
//! with the effect, ETA and deadline an agent decides by.

use super::*;
use crate::domain::incident::fixtures::{afternoon, d, dbs, order, t};
use crate::market::enums::OrderSubstatus as Sub;

fn carriers() -> Vec<CarrierContact> {
    let c = |id: i64, name: &str| CarrierContact {
        id,
        name: name.into(),
        ..CarrierContact::default()
    };
    vec![c(51, "Courier LLC"), c(52, "СДЭК"), c(53, "Boxberry")]
}

fn ctx() -> CheckContext {
    CheckContext {
        carriers: carriers(),
        ..CheckContext::default()
    }
}

fn kinds(opts: &[RerouteOption]) -> Vec<RerouteKind> {
    opts.iter().map(|o| o.kind).collect()
}

fn find(opts: &[RerouteOption], kind: RerouteKind) -> &RerouteOption {
    opts.iter()
        .find(|o| o.kind == kind)
        .expect("the option is listed")
}

#[test]
fn a_dbs_order_in_delivery_gets_the_full_dbs_menu() {
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    let opts = options(&o, &History::default(), &ctx(), afternoon());
    use RerouteKind::*;
    assert_eq!(
        kinds(&opts),
        [
            MoveDate,
            ChangeCarrier,
            ChangeCarrier,
            ExtendStorage,
            AcceptCancellation,
            RejectCancellation
        ]
    );
    let mv = find(&opts, MoveDate);
    assert!(mv.available, "{mv:?}");
    assert!(
        mv.effect.en.ends_with("2 of 3 date moves left"),
        "{}",
        mv.effect.en
    );
    assert_eq!(mv.eta.as_ref().map(|e| e.en.as_str()), Some("2026-12-06"));
    assert_eq!(
        mv.action,
        Some(WriteAction::MoveDeliveryDate {
            reason: Some(DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES),
            new_date: d("2026-12-06")
        })
    );
    // The current carrier (51) is not offered; the others are, with their names.
    let names: Vec<_> = opts
        .iter()
        .filter_map(|o| o.carrier.as_ref().map(|c| c.name.as_str()))
        .collect();
    assert_eq!(names, ["СДЭК", "Boxberry"]);
    assert!(
        opts.iter()
            .filter(|o| o.kind == ChangeCarrier)
            .all(|o| o.available)
    );
    let storage = find(&opts, ExtendStorage);
    assert!(!storage.available);
    assert!(
        storage
            .why_not
            .as_ref()
            .unwrap()
            .en
            .contains("only possible in PICKUP")
    );
    let accept = find(&opts, AcceptCancellation);
    assert!(
        !accept.available
            && accept
                .why_not
                .as_ref()
                .unwrap()
                .en
                .contains("has not asked")
    );
}

#[test]
fn a_spent_date_budget_closes_the_move_with_the_reason() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    let h = History {
        date_moves: 3,
        date_shift_days: 3,
        ..History::default()
    };
    let opts = options(&o, &h, &ctx(), afternoon());
    let mv = find(&opts, RerouteKind::MoveDate);
    assert!(!mv.available);
    assert!(
        mv.why_not
            .as_ref()
            .unwrap()
            .en
            .contains("No date moves left"),
        "{mv:?}"
    );
}

#[test]
fn a_buyers_request_for_another_date_makes_the_move_a_buyer_reason() {
    let o = dbs(S::PROCESSING, Sub::STARTED);
    let c = CheckContext {
        buyer_asked_new_date: true,
        ..ctx()
    };
    let opts = options(&o, &History::default(), &c, afternoon());
    let mv = find(&opts, RerouteKind::MoveDate);
    assert!(matches!(
        mv.action,
        Some(WriteAction::MoveDeliveryDate {
            reason: Some(DeliveryDateReason::USER_MOVED_DELIVERY_DATES),
            ..
        })
    ));
    assert!(mv.warnings.iter().all(|w| !w.en.contains("seller fault")));
}

#[test]
fn an_overdue_order_is_moved_to_tomorrow_not_into_the_past() {
    let mut o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    o.due_to = Some(d("2026-11-20"));
    let opts = options(&o, &History::default(), &ctx(), afternoon());
    let mv = find(&opts, RerouteKind::MoveDate);
    assert!(mv.available);
    assert_eq!(mv.eta.as_ref().unwrap().ru, "27.11.2026");
}

#[test]
fn without_configured_carriers_the_handover_is_listed_as_unavailable() {
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    let opts = options(
        &o,
        &History::default(),
        &CheckContext::default(),
        afternoon(),
    );
    let hand = find(&opts, RerouteKind::ChangeCarrier);
    assert!(!hand.available);
    assert!(
        hand.why_not
            .as_ref()
            .unwrap()
            .en
            .contains("[[incident.carriers]]")
    );
}

#[test]
fn pickup_storage_is_offered_until_thirty_days_after_the_limit() {
    let mut o = dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED);
    o.storage_limit = Some(d("2026-11-27"));
    let opts = options(&o, &History::default(), &ctx(), afternoon());
    let s = find(&opts, RerouteKind::ExtendStorage);
    assert!(s.available, "{s:?}");
    assert_eq!(s.eta.as_ref().unwrap().en, "until 2026-12-27");
    let once = CheckContext {
        storage_extended: true,
        ..ctx()
    };
    let s = options(&o, &History::default(), &once, afternoon())
        .into_iter()
        .find(|o| o.kind == RerouteKind::ExtendStorage)
        .unwrap();
    assert!(!s.available && s.why_not.unwrap().en.contains("once"));
}

#[test]
fn a_cancellation_request_shows_the_48_hour_clock() {
    let o = Order {
        cancel_requested: true,
        ..dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED)
    };
    let h = History {
        cancel_requested_at: Some(t("2026-11-25T18:40:00+03:00")),
        ..History::default()
    };
    let opts = options(&o, &h, &ctx(), afternoon());
    let accept = find(&opts, RerouteKind::AcceptCancellation);
    assert!(accept.available);
    assert_eq!(accept.deadline, Some(t("2026-11-27T18:40:00+03:00")));
    let eta = accept.eta.as_ref().unwrap();
    assert_eq!(eta.en, "1d 3h left (until 27.11 18:40 MSK)");
    assert_eq!(eta.ru, "осталось 1 д 3 ч (до 27.11 18:40 МСК)");
    let reject = find(&opts, RerouteKind::RejectCancellation);
    assert!(reject.available);
    assert_eq!(
        reject.action,
        Some(WriteAction::AnswerCancellation {
            accept: false,
            reason: Some(CancellationRejectReason::ORDER_DELIVERED)
        })
    );
    let late = options(&o, &h, &ctx(), t("2026-11-27T18:40:01+03:00"));
    let accept = find(&late, RerouteKind::AcceptCancellation);
    assert!(!accept.available);
    assert!(accept.eta.as_ref().unwrap().en.starts_with("expired"));
}

#[test]
fn fbs_offers_the_next_shipment_and_escalation_express_only_escalation() {
    let fbs = options(&order(M::FBS), &History::default(), &ctx(), afternoon());
    assert_eq!(
        kinds(&fbs),
        [RerouteKind::TransferShipment, RerouteKind::EscalateMarket]
    );
    let transfer = find(&fbs, RerouteKind::TransferShipment);
    assert!(transfer.available);
    assert!(
        transfer
            .warnings
            .iter()
            .any(|w| w.en.contains("quality index"))
    );
    assert_eq!(transfer.action, Some(WriteAction::TransferToNextShipment));
    let express = options(&order(M::EXPRESS), &History::default(), &ctx(), afternoon());
    assert!(!find(&express, RerouteKind::TransferShipment).available);
    let esc = find(&express, RerouteKind::EscalateMarket);
    assert!(esc.available && esc.action.is_none());
}

#[test]
fn fby_gets_only_the_escalation() {
    let opts = options(&order(M::FBY), &History::default(), &ctx(), afternoon());
    assert_eq!(kinds(&opts), [RerouteKind::EscalateMarket]);
}

#[test]
fn a_lost_fby_order_gets_the_claim_with_its_three_month_deadline() {
    let mut o = order(M::FBY);
    o.status = S::CANCELLED;
    o.substatus = Sub::SORTING_CENTER_LOST;
    let opts = options(&o, &History::default(), &ctx(), afternoon());
    assert_eq!(
        kinds(&opts),
        [RerouteKind::EscalateMarket, RerouteKind::ClaimMarket]
    );
    let claim = find(&opts, RerouteKind::ClaimMarket);
    assert!(claim.available);
    // Planned delivery Dec 5 + 3 months: Mar 5 is the last day to file.
    assert_eq!(claim.deadline, Some(t("2027-03-06T00:00:00+03:00")));
    assert!(
        claim
            .eta
            .as_ref()
            .unwrap()
            .en
            .starts_with("file by 2027-03-05 inclusive"),
        "{:?}",
        claim.eta
    );
    let after = options(
        &o,
        &History::default(),
        &ctx(),
        t("2027-03-06T00:00:00+03:00"),
    );
    let claim = find(&after, RerouteKind::ClaimMarket);
    assert!(!claim.available && claim.why_not.as_ref().unwrap().en.contains("2027-03-05"));
    let paid = History {
        compensated: true,
        ..History::default()
    };
    assert!(
        !find(
            &options(&o, &paid, &ctx(), afternoon()),
            RerouteKind::ClaimMarket
        )
        .available
    );
}

#[test]
fn a_lost_dbs_order_is_claimed_from_the_own_carrier_and_cannot_be_rerouted() {
    let o = dbs(S::CANCELLED, Sub::DELIVERY_SERVICE_LOST);
    let opts = options(&o, &History::default(), &ctx(), afternoon());
    let claim = find(&opts, RerouteKind::ClaimCarrier);
    assert!(claim.available && claim.effect.en.contains("Courier LLC"));
    assert!(
        opts.iter()
            .filter(|o| o.kind != RerouteKind::ClaimCarrier)
            .all(|o| !o.available)
    );
}

#[test]
fn every_kind_has_an_id_and_a_title_in_both_languages() {
    use RerouteKind::*;
    for k in [
        MoveDate,
        ChangeCarrier,
        ExtendStorage,
        AcceptCancellation,
        RejectCancellation,
        TransferShipment,
        EscalateMarket,
        ClaimMarket,
        ClaimCarrier,
    ] {
        assert!(!k.id().is_empty() && !k.title().ru.is_empty() && !k.title().en.is_empty());
    }
}
