//! The steps, their stored states and the root causes, as the dashboard and the
//! reports use them.

use super::*;
use crate::domain::incident::fixtures::{afternoon, dbs, order};

#[test]
fn steps_are_numbered_one_to_seven_with_stable_ids() {
    let ids: Vec<_> = Step::ALL.iter().map(|s| (s.number(), s.id())).collect();
    assert_eq!(
        ids,
        [
            (1, "verify"),
            (2, "notify"),
            (3, "reroute"),
            (4, "compensate"),
            (5, "update_market"),
            (6, "rule_check"),
            (7, "analyse"),
        ]
    );
    for s in Step::ALL {
        assert_eq!(Step::from_id(s.id()), Some(s));
        assert_eq!(Step::from_number(i64::from(s.number())), Some(s));
        assert!(!s.title().ru.is_empty() && !s.title().en.is_empty());
    }
    assert_eq!(Step::from_number(0), None);
    assert_eq!(Step::from_number(8), None);
    assert_eq!(Step::Analyse.next(), None);
    assert_eq!(Step::Verify.next(), Some(Step::Notify));
}

#[test]
fn step_states_round_trip_through_the_cache_json_keyed_by_step_id() {
    let mut states = StepStates::new();
    complete(
        &mut states,
        Step::Verify,
        Some("carrier: found".into()),
        "agent1",
        afternoon(),
    );
    skip(&mut states, Step::Reroute, "FBY", "agent1", afternoon()).unwrap();
    let json = states_to_json(&states);
    assert!(json.contains("\"verify\":{\"done\":true"), "{json}");
    assert!(
        json.contains("\"reroute\":{\"done\":false,\"skipped\":\"FBY\""),
        "{json}"
    );
    assert_eq!(states_from_json(&json).unwrap(), states);
}

#[test]
fn step_ids_from_a_newer_version_are_dropped_not_fatal() {
    let states =
        states_from_json(r#"{"verify":{"done":true},"teleport":{"done":true},"notify":{}}"#)
            .unwrap();
    assert_eq!(states.len(), 2);
    assert!(states[&Step::Verify].done);
    assert!(!states[&Step::Notify].is_settled());
    assert!(states_from_json("not json").is_err());
    assert!(states_from_json("{}").unwrap().is_empty());
}

#[test]
fn the_current_step_is_the_first_one_neither_done_nor_skipped() {
    let mut states = StepStates::new();
    assert_eq!(current(&states), Some(Step::Verify));
    complete(&mut states, Step::Verify, None, "a", afternoon());
    skip(
        &mut states,
        Step::Notify,
        "buyer already told",
        "a",
        afternoon(),
    )
    .unwrap();
    assert_eq!(current(&states), Some(Step::Reroute));
    for s in Step::ALL {
        complete(&mut states, s, None, "a", afternoon());
    }
    assert_eq!(current(&states), None);
}

#[test]
fn completing_records_who_and_when_and_drops_a_blank_outcome() {
    let mut states = StepStates::new();
    complete(
        &mut states,
        Step::Notify,
        Some("  ".into()),
        "agent2",
        afternoon(),
    );
    let s = &states[&Step::Notify];
    assert!(s.done);
    assert_eq!(s.outcome, None);
    assert_eq!(s.by.as_deref(), Some("agent2"));
    assert_eq!(s.at, Some(afternoon()));
}

#[test]
fn skipping_needs_a_reason_and_a_skippable_step() {
    let mut states = StepStates::new();
    assert!(skip(&mut states, Step::Compensate, "  ", "a", afternoon()).is_err());
    assert!(skip(&mut states, Step::Verify, "no", "a", afternoon()).is_err());
    assert!(skip(&mut states, Step::Analyse, "no", "a", afternoon()).is_err());
    assert!(states.is_empty());
    assert!(
        skip(
            &mut states,
            Step::Compensate,
            "buyer declined",
            "a",
            afternoon()
        )
        .is_ok()
    );
    assert_eq!(
        states[&Step::Compensate].skipped.as_deref(),
        Some("buyer declined")
    );
}

#[test]
fn fby_orders_get_a_suggested_skip_for_reroute_and_market_update() {
    let fby = order(ProgramType::FBY);
    let why = suggested_skip(Step::Reroute, &fby).unwrap();
    assert!(why.en.contains("no reroute"), "{}", why.en);
    assert!(suggested_skip(Step::UpdateMarket, &fby).is_some());
    assert!(suggested_skip(Step::Notify, &fby).is_none());
    let open = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    assert!(suggested_skip(Step::Reroute, &open).is_none());
    let cancelled = dbs(S::CANCELLED, Sub::DELIVERY_SERVICE_UNDELIVERED);
    assert!(suggested_skip(Step::Reroute, &cancelled).is_some());
}

#[test]
fn every_root_cause_has_the_owner_the_product_brief_gives() {
    use FaultOwner::*;
    let expected = [
        ("stock", Seller),
        ("picking", Seller),
        ("label", Seller),
        ("missed_handover", Seller),
        ("unrealistic_promise", Seller),
        ("late_status", Seller),
        ("bad_data", Seller),
        ("carrier_delay", Carrier),
        ("lost", Carrier),
        ("damaged", Carrier),
        ("misrouted", Carrier),
        ("courier_no_show", Carrier),
        ("buyer_unreachable", Buyer),
        ("address", Buyer),
        ("buyer_rescheduled", Buyer),
        ("refused", Buyer),
        ("marketplace", Marketplace),
        ("external", None),
    ];
    assert_eq!(RootCause::ALL.len(), expected.len());
    for (cause, (id, owner)) in RootCause::ALL.iter().zip(expected) {
        assert_eq!(cause.id(), id);
        assert_eq!(cause.owner(), owner, "{id}");
        assert_eq!(RootCause::from_id(id), Some(*cause));
        assert_eq!(serde_json::to_string(cause).unwrap(), format!("\"{id}\""));
        assert_eq!(FaultOwner::from_id(owner.id()), Some(owner));
    }
    assert!(RootCause::BadData.owner_note().is_some());
    assert!(RootCause::Lost.owner_note().is_some());
    assert!(RootCause::Stock.owner_note().is_none());
}

#[test]
fn closing_is_refused_without_a_root_cause() {
    let err = can_close(Option::None).unwrap_err();
    assert!(err.en.contains("root cause"));
    assert!(can_close(Some(RootCause::CarrierDelay)).is_ok());
}

#[test]
fn the_substatus_suggests_a_root_cause() {
    let lost = dbs(S::CANCELLED, Sub::SORTING_CENTER_LOST);
    assert_eq!(RootCause::suggest(&lost), Some(RootCause::Lost));
    let unreachable = dbs(S::CANCELLED, Sub::USER_UNREACHABLE);
    assert_eq!(
        RootCause::suggest(&unreachable),
        Some(RootCause::BuyerUnreachable)
    );
    let plain = dbs(S::PROCESSING, Sub::STARTED);
    assert_eq!(RootCause::suggest(&plain), Option::None);
    let items_lost = Order {
        items_lost: true,
        ..plain
    };
    assert_eq!(RootCause::suggest(&items_lost), Some(RootCause::Lost));
}

#[test]
fn every_fault_owner_reads_as_words_in_both_languages() {
    for owner in [
        FaultOwner::Seller,
        FaultOwner::Carrier,
        FaultOwner::Buyer,
        FaultOwner::Marketplace,
        FaultOwner::None,
    ] {
        let fault = owner.fault();
        for text in [&fault.ru, &fault.en] {
            assert!(!text.contains('_') && text.contains(' '), "{text}");
        }
    }
    assert_eq!(FaultOwner::Carrier.fault().en, "carrier's fault");
}
