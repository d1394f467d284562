//! The at-risk rules at their boundaries: each rule just before its threshold (no
//! match) and just after it (match), with the severity and the deadline checked. Days
//! are Moscow days: most `now` values sit near Moscow midnight, where the UTC date is
//! still the day before, so a rule reading the UTC date would fail here.

use super::*;
use crate::base::money::Money;
use crate::market::dates::parse_dmy_hms;
use crate::market::enums::{DeliveryPartnerType, DeliveryType};
use chrono::NaiveDate;

/// An instant written with its offset: "…+03:00" for Moscow, "…Z" for UTC.
fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("a test instant")
        .to_utc()
}

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

fn hm(s: &str) -> NaiveTime {
    parse_hhmm(s).expect("a test time of day")
}

fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

/// Thursday 2026-11-26, 15:00 Moscow: a quiet working afternoon.
fn afternoon() -> DateTime<Utc> {
    t("2026-11-26T15:00:00+03:00")
}

/// A plain PROCESSING/STARTED order of this model, at no risk at `afternoon()`: created
/// on Nov 24, ships on Nov 30 at 14:00 Moscow, delivers Dec 3–5, no track yet, nothing
/// requested, estimated, stored, expiring or lost. Tests override what they need.
fn order(model: ProgramType) -> Order {
    let partner = if model == ProgramType::DBS {
        DeliveryPartnerType::SHOP
    } else {
        DeliveryPartnerType::YANDEX_MARKET
    };
    Order {
        order_id: 1001,
        campaign_id: 21,
        business_id: 7,
        model,
        status: S::PROCESSING,
        substatus: Sub::STARTED,
        created_at: t("2026-11-24T10:00:00+03:00"),
        updated_at: Some(t("2026-11-24T10:00:00+03:00")),
        ship_date: Some(d("2026-11-30")),
        ship_time: Some(hm("14:00")),
        due_from: Some(d("2026-12-03")),
        due_to: Some(d("2026-12-05")),
        real_delivery_date: None,
        delivery_type: DeliveryType::DELIVERY,
        partner,
        carrier_id: 51,
        carrier: "Courier LLC".into(),
        tracks: Vec::new(),
        region: Some("Moscow".into()),
        city: Some("Moscow".into()),
        value: Money::from_rubles(2500),
        currency: "RUR".into(),
        buyer_name: Some("Ivan".into()),
        cancel_requested: false,
        estimated: false,
        storage_limit: None,
        expiry: None,
        items_lost: false,
        items: Vec::new(),
    }
}

fn dbs() -> Order {
    order(ProgramType::DBS)
}

fn fbs() -> Order {
    order(ProgramType::FBS)
}

/// A DBS order handed over to the seller's own carrier, with a track code.
fn in_delivery() -> Order {
    Order {
        status: S::DELIVERY,
        substatus: Sub::DELIVERY_SERVICE_RECEIVED,
        tracks: vec!["TRK-1".into()],
        ..dbs()
    }
}

/// A DBS order waiting at a pickup point.
fn at_pickup_point() -> Order {
    Order {
        status: S::PICKUP,
        substatus: Sub::PICKUP_SERVICE_RECEIVED,
        delivery_type: DeliveryType::PICKUP,
        ..in_delivery()
    }
}

/// An FBS order cancelled as lost by the carrier; planned delivery was Nov 25–26.
fn lost() -> Order {
    Order {
        status: S::CANCELLED,
        substatus: Sub::DELIVERY_SERVICE_LOST,
        due_from: Some(d("2026-11-25")),
        due_to: Some(d("2026-11-26")),
        ..fbs()
    }
}

fn run(o: &Order, h: &History, now: DateTime<Utc>) -> Assessment {
    assess(o, h, now, &Thresholds::default())
}

fn find(a: &Assessment, rule: Rule) -> Option<&Match> {
    a.matches.iter().find(|m| m.rule == rule)
}

fn rules(a: &Assessment) -> Vec<Rule> {
    a.matches.iter().map(|m| m.rule).collect()
}

#[track_caller]
fn assert_hit(a: &Assessment, rule: Rule, severity: Severity, due: Option<DateTime<Utc>>) {
    let Some(m) = find(a, rule) else {
        panic!("{} should match; matched {:?}", rule.id(), rules(a));
    };
    assert_eq!((m.severity, m.due), (severity, due), "{}", rule.id());
}

#[track_caller]
fn assert_miss(a: &Assessment, rule: Rule) {
    assert!(
        find(a, rule).is_none(),
        "{} should not match; matched {:?}",
        rule.id(),
        a.matches
    );
}

// ---------------------------------------------------------------------------------
// The builder and the rule list.

#[test]
fn plain_processing_orders_of_every_model_are_at_no_risk() {
    for model in [
        ProgramType::DBS,
        ProgramType::FBS,
        ProgramType::EXPRESS,
        ProgramType::FBY,
    ] {
        let a = run(&order(model.clone()), &History::default(), afternoon());
        assert!(!a.is_at_risk(), "{model}: {:?}", a.matches);
        assert_eq!((a.severity(), a.due(), a.worst()), (None, None, None));
    }
}

/// The rules the boundary tests below cover, one test (or more) each. A rule added to
/// `Rule::ALL` fails this until it gets its own boundary test and is listed here.
const COVERED: &[Rule] = &[
    Rule::NotReceivedDispute,
    Rule::CancelRequestPending,
    Rule::Expiring,
    Rule::ShipmentOverdue,
    Rule::DeliveryOverdue,
    Rule::Undelivered,
    Rule::ShipmentDueSoon,
    Rule::DeliveryDueToday,
    Rule::DateChangeBudget,
    Rule::Stale,
    Rule::NoTrack,
    Rule::StorageExpiring,
    Rule::DateUnconfirmed,
    Rule::BuyerWaiting,
    Rule::LostClaimClock,
    Rule::ReturnStuck,
];

#[test]
fn every_rule_has_a_boundary_test_and_a_stable_id() {
    assert_eq!(COVERED, Rule::ALL);
    for &rule in Rule::ALL {
        assert_eq!(Rule::from_id(rule.id()), Some(rule));
    }
    assert_eq!(Rule::from_id("not_a_rule"), None);
    assert_eq!(Rule::NotReceivedDispute.id(), "not_received_dispute");
    assert_eq!(Rule::LostClaimClock.id(), "lost_claim_clock");
}

// ---------------------------------------------------------------------------------
// One test per rule, at its boundary.

#[test]
fn not_received_dispute_is_p1_on_either_not_received_substatus_and_nothing_else() {
    let opened = t("2026-11-26T23:40:00+03:00");
    let now = t("2026-11-27T00:10:00+03:00");
    let base = Order {
        updated_at: Some(opened),
        ..in_delivery()
    };
    let none = History::default();
    // The neighbouring substatuses: still on the way, or the buyer has it.
    for substatus in [Sub::DELIVERY_SERVICE_RECEIVED, Sub::USER_RECEIVED] {
        let o = Order {
            substatus,
            ..base.clone()
        };
        assert_miss(&run(&o, &none, now), Rule::NotReceivedDispute);
    }
    let o = Order {
        substatus: Sub::DELIVERY_USER_NOT_RECEIVED,
        ..base.clone()
    };
    let a = run(&o, &none, now);
    assert_hit(&a, Rule::NotReceivedDispute, Severity::P1, Some(opened));
    assert_eq!(a.severity(), Some(Severity::P1));
    // The shop already marked it delivered: arbitration is open all the same.
    let o = Order {
        status: S::DELIVERED,
        substatus: Sub::DELIVERED_USER_NOT_RECEIVED,
        ..base.clone()
    };
    assert_hit(
        &run(&o, &none, now),
        Rule::NotReceivedDispute,
        Severity::P1,
        Some(opened),
    );
    // No updateDate: the due is the last change our cache saw.
    let o = Order {
        substatus: Sub::DELIVERY_USER_NOT_RECEIVED,
        updated_at: None,
        ..base
    };
    let seen = History {
        last_change: Some(opened),
        ..History::default()
    };
    assert_hit(
        &run(&o, &seen, now),
        Rule::NotReceivedDispute,
        Severity::P1,
        Some(opened),
    );
}

#[test]
fn cancel_request_pending_is_p1_after_handover_with_48_hours_from_the_request() {
    let asked = t("2026-11-26T23:30:00+03:00");
    let answer_by = t("2026-11-28T23:30:00+03:00");
    let now = t("2026-11-27T00:30:00+03:00");
    let h = History {
        cancel_requested_at: Some(asked),
        ..History::default()
    };
    // Still PROCESSING: the Market cancels by itself, there is nothing to answer.
    let o = Order {
        cancel_requested: true,
        ..dbs()
    };
    assert_miss(&run(&o, &h, now), Rule::CancelRequestPending);
    // Handed over, but no request.
    assert_miss(&run(&in_delivery(), &h, now), Rule::CancelRequestPending);
    for base in [in_delivery(), at_pickup_point()] {
        let o = Order {
            cancel_requested: true,
            ..base
        };
        let a = run(&o, &h, now);
        assert_hit(
            &a,
            Rule::CancelRequestPending,
            Severity::P1,
            Some(answer_by),
        );
    }
    // Not seen arriving by our cache: the clock starts at the Market's updateDate.
    let o = Order {
        cancel_requested: true,
        updated_at: Some(asked),
        ..in_delivery()
    };
    assert_hit(
        &run(&o, &History::default(), now),
        Rule::CancelRequestPending,
        Severity::P1,
        Some(answer_by),
    );
}

#[test]
fn expiring_is_p1_from_24_hours_before_the_expiry() {
    // A legacy date-only expiryDate is Moscow midnight: Nov 28 00:00 MSK = Nov 27 21:00Z.
    let expiry = parse_dmy_hms("28-11-2026").expect("a legacy date").to_utc();
    assert_eq!(expiry, t("2026-11-27T21:00:00Z"));
    let h = History::default();
    for base in [dbs(), fbs(), in_delivery()] {
        let o = Order {
            expiry: Some(expiry),
            ..base
        };
        assert_miss(
            &run(&o, &h, expiry - Duration::hours(24) - secs(1)),
            Rule::Expiring,
        );
        let a = run(&o, &h, expiry - Duration::hours(24));
        assert_hit(&a, Rule::Expiring, Severity::P1, Some(expiry));
        let a = run(&o, &h, expiry - Duration::hours(24) + secs(1));
        assert_hit(&a, Rule::Expiring, Severity::P1, Some(expiry));
    }
    // An unpaid order expires too.
    let o = Order {
        status: S::UNPAID,
        substatus: Sub::AWAIT_PAYMENT,
        expiry: Some(expiry),
        ..fbs()
    };
    assert_hit(
        &run(&o, &h, expiry - Duration::hours(1)),
        Rule::Expiring,
        Severity::P1,
        Some(expiry),
    );
}

#[test]
fn shipment_overdue_is_p1_from_the_second_after_the_moscow_ship_time() {
    // Ship on Nov 27 at 00:30 Moscow: 2026-11-26T21:30Z, still Nov 26 in UTC.
    let due = t("2026-11-27T00:30:00+03:00");
    assert_eq!(due, t("2026-11-26T21:30:00Z"));
    let o = Order {
        ship_date: Some(d("2026-11-27")),
        ship_time: Some(hm("00:30")),
        ..fbs()
    };
    assert_eq!(ship_due(&o, &Thresholds::default()), Some(due));
    let h = History::default();
    let a = run(&o, &h, due);
    assert_miss(&a, Rule::ShipmentOverdue);
    let a = run(&o, &h, due + secs(1));
    assert_hit(&a, Rule::ShipmentOverdue, Severity::P1, Some(due));
    assert_miss(&a, Rule::ShipmentDueSoon);
    assert_eq!(a.severity(), Some(Severity::P1));
    // Packed but not handed over is still overdue; Express ships by the same clock.
    for late in [
        Order {
            substatus: Sub::READY_TO_SHIP,
            ..o.clone()
        },
        Order {
            model: ProgramType::EXPRESS,
            ..o.clone()
        },
    ] {
        let a = run(&late, &h, due + secs(1));
        assert_hit(&a, Rule::ShipmentOverdue, Severity::P1, Some(due));
    }
    // The Market ships DBS and FBY orders by other clocks; a handed-over order has shipped.
    for other in [
        Order {
            model: ProgramType::DBS,
            ..o.clone()
        },
        Order {
            model: ProgramType::FBY,
            ..o.clone()
        },
        Order {
            status: S::DELIVERY,
            substatus: Sub::DELIVERY_SERVICE_RECEIVED,
            ..o.clone()
        },
    ] {
        assert_miss(&run(&other, &h, due + secs(1)), Rule::ShipmentOverdue);
    }
}

#[test]
fn shipment_without_a_time_is_due_at_the_configured_moscow_cutoff() {
    let o = Order {
        ship_date: Some(d("2026-11-27")),
        ship_time: None,
        ..fbs()
    };
    let h = History::default();
    // Default cut-off 12:00 Moscow = 09:00Z.
    let noon = t("2026-11-27T12:00:00+03:00");
    assert_miss(&run(&o, &h, noon), Rule::ShipmentOverdue);
    assert_hit(
        &run(&o, &h, noon + secs(1)),
        Rule::ShipmentOverdue,
        Severity::P1,
        Some(noon),
    );
    // A later cut-off from config moves the deadline.
    let th = Thresholds {
        shipment_cutoff: "18:00".into(),
        ..Thresholds::default()
    };
    let evening = t("2026-11-27T18:00:00+03:00");
    assert_miss(&assess(&o, &h, noon + secs(1), &th), Rule::ShipmentOverdue);
    assert_miss(&assess(&o, &h, evening, &th), Rule::ShipmentOverdue);
    assert_hit(
        &assess(&o, &h, evening + secs(1), &th),
        Rule::ShipmentOverdue,
        Severity::P1,
        Some(evening),
    );
}

#[test]
fn delivery_overdue_is_p1_from_moscow_midnight_after_the_due_day() {
    let o = Order {
        due_from: Some(d("2026-11-25")),
        due_to: Some(d("2026-11-26")),
        ..dbs()
    };
    let breach = t("2026-11-27T00:00:00+03:00");
    let h = History::default();
    // 23:59:59 Moscow on the due day (20:59:59Z): not yet.
    assert_miss(
        &run(&o, &h, t("2026-11-26T20:59:59Z")),
        Rule::DeliveryOverdue,
    );
    // 00:30 Moscow the next day, still Nov 26 in UTC: overdue.
    let a = run(&o, &h, t("2026-11-26T21:30:00Z"));
    assert_hit(&a, Rule::DeliveryOverdue, Severity::P1, Some(breach));
    assert_eq!(a.severity(), Some(Severity::P1));
    // Handed over or at a pickup point, the date still binds.
    for base in [in_delivery(), at_pickup_point()] {
        let late = Order {
            due_from: o.due_from,
            due_to: o.due_to,
            ..base
        };
        let a = run(&late, &h, t("2026-11-26T21:30:00Z"));
        assert_hit(&a, Rule::DeliveryOverdue, Severity::P1, Some(breach));
    }
    // Only `fromDate`: it is the due day.
    let from_only = Order {
        due_from: Some(d("2026-11-26")),
        due_to: None,
        ..dbs()
    };
    assert_miss(
        &run(&from_only, &h, t("2026-11-26T20:59:59Z")),
        Rule::DeliveryOverdue,
    );
    assert_hit(
        &run(&from_only, &h, t("2026-11-26T21:30:00Z")),
        Rule::DeliveryOverdue,
        Severity::P1,
        Some(breach),
    );
    // Delivered on a date the shop gave: not overdue. FBS dates are the Market's.
    let delivered = Order {
        real_delivery_date: Some(d("2026-11-26")),
        due_from: o.due_from,
        due_to: o.due_to,
        ..in_delivery()
    };
    let fbs_late = Order {
        due_to: o.due_to,
        due_from: o.due_from,
        ..fbs()
    };
    for other in [delivered, fbs_late] {
        assert_miss(
            &run(&other, &h, t("2026-11-27T12:00:00Z")),
            Rule::DeliveryOverdue,
        );
    }
}

#[test]
fn undelivered_is_p1_for_a_delivery_failure_cancellation_until_its_incident_closes() {
    let cancelled_at = t("2026-11-26T23:45:00+03:00");
    let cancelled = |substatus: Sub| Order {
        status: S::CANCELLED,
        substatus,
        updated_at: Some(cancelled_at),
        ..dbs()
    };
    let open = History::default();
    let now = t("2026-11-27T09:00:00+03:00");
    // Cancelled for reasons other than a failed delivery.
    for sub in [
        Sub::USER_CHANGED_MIND,
        Sub::USER_REFUSED_DELIVERY,
        Sub::SHOP_FAILED,
        Sub::RESERVATION_EXPIRED,
    ] {
        assert_miss(&run(&cancelled(sub), &open, now), Rule::Undelivered);
    }
    // Every delivery failure the product table names.
    for sub in [
        Sub::DELIVERY_SERVICE_UNDELIVERED,
        Sub::DELIVERY_SERVICE_LOST,
        Sub::SORTING_CENTER_LOST,
        Sub::LOST,
        Sub::DROPOFF_LOST,
        Sub::PICKUP_EXPIRED,
        Sub::CANCELLED_COURIER_NOT_FOUND,
        Sub::COURIER_NOT_DELIVER_ORDER,
    ] {
        let a = run(&cancelled(sub.clone()), &open, now);
        assert_hit(&a, Rule::Undelivered, Severity::P1, Some(cancelled_at));
        // Closed with a root cause: no longer undelivered.
        let closed = History {
            incident_closed: true,
            ..History::default()
        };
        assert_miss(&run(&cancelled(sub), &closed, now), Rule::Undelivered);
    }
    // The same substatus on an order that is not cancelled is not this rule.
    let o = Order {
        substatus: Sub::DELIVERY_SERVICE_UNDELIVERED,
        ..in_delivery()
    };
    assert_miss(&run(&o, &open, now), Rule::Undelivered);
}

#[test]
fn shipment_due_soon_is_p2_from_4_hours_before_the_ship_time_while_started() {
    let due = t("2026-11-27T00:30:00+03:00");
    let o = Order {
        ship_date: Some(d("2026-11-27")),
        ship_time: Some(hm("00:30")),
        ..fbs()
    };
    let h = History::default();
    let four_hours = Duration::hours(4);
    assert_miss(
        &run(&o, &h, due - four_hours - secs(1)),
        Rule::ShipmentDueSoon,
    );
    let a = run(&o, &h, due - four_hours);
    assert_hit(&a, Rule::ShipmentDueSoon, Severity::P2, Some(due));
    assert_eq!(a.severity(), Some(Severity::P2));
    // Right up to the ship time, and not overdue yet.
    let a = run(&o, &h, due);
    assert_hit(&a, Rule::ShipmentDueSoon, Severity::P2, Some(due));
    assert_miss(&a, Rule::ShipmentOverdue);
    // Packed and ready: not "not ready". DBS: not this clock.
    for other in [
        Order {
            substatus: Sub::READY_TO_SHIP,
            ..o.clone()
        },
        Order {
            model: ProgramType::DBS,
            ..o.clone()
        },
    ] {
        assert!(!run(&other, &h, due - Duration::hours(1)).is_at_risk());
    }
}

#[test]
fn a_smaller_ship_due_soon_hours_from_config_moves_the_boundary() {
    let th: Thresholds = toml::from_str("ship_due_soon_hours = 1").expect("valid [risk]");
    assert_eq!(
        th,
        Thresholds {
            ship_due_soon_hours: 1,
            ..Thresholds::default()
        }
    );
    let due = t("2026-11-27T00:30:00+03:00");
    let o = Order {
        ship_date: Some(d("2026-11-27")),
        ship_time: Some(hm("00:30")),
        ..fbs()
    };
    let h = History::default();
    // Four hours before: the default would match, one hour does not.
    assert_miss(
        &assess(&o, &h, due - Duration::hours(4), &th),
        Rule::ShipmentDueSoon,
    );
    assert_miss(
        &assess(&o, &h, due - Duration::hours(1) - secs(1), &th),
        Rule::ShipmentDueSoon,
    );
    assert_hit(
        &assess(&o, &h, due - Duration::hours(1), &th),
        Rule::ShipmentDueSoon,
        Severity::P2,
        Some(due),
    );
}

#[test]
fn delivery_due_today_is_p2_from_moscow_midnight_of_the_due_day() {
    let o = Order {
        due_from: Some(d("2026-11-27")),
        due_to: Some(d("2026-11-27")),
        ..dbs()
    };
    let breach = t("2026-11-28T00:00:00+03:00");
    let h = History::default();
    // 23:59:59 Moscow on Nov 26: tomorrow's delivery.
    assert_miss(
        &run(&o, &h, t("2026-11-26T20:59:59Z")),
        Rule::DeliveryDueToday,
    );
    // 00:30 Moscow on Nov 27 (still Nov 26 in UTC): due today, not yet overdue.
    let a = run(&o, &h, t("2026-11-26T21:30:00Z"));
    assert_hit(&a, Rule::DeliveryDueToday, Severity::P2, Some(breach));
    assert_miss(&a, Rule::DeliveryOverdue);
    assert_eq!(a.severity(), Some(Severity::P2));
    // Handed over already, or FBS: not this rule.
    let handed = Order {
        due_from: o.due_from,
        due_to: o.due_to,
        ..in_delivery()
    };
    let fbs_due = Order {
        due_from: o.due_from,
        due_to: o.due_to,
        ..fbs()
    };
    for other in [handed, fbs_due] {
        assert_miss(
            &run(&other, &h, t("2026-11-26T21:30:00Z")),
            Rule::DeliveryDueToday,
        );
    }
}

#[test]
fn date_change_budget_is_p2_from_2_moves_or_5_days_moved() {
    let now = afternoon();
    let seen = |date_moves, date_shift_days| History {
        date_moves,
        date_shift_days,
        ..History::default()
    };
    for o in [dbs(), in_delivery()] {
        assert_miss(&run(&o, &seen(1, 4), now), Rule::DateChangeBudget);
        assert_hit(
            &run(&o, &seen(2, 4), now),
            Rule::DateChangeBudget,
            Severity::P2,
            None,
        );
        assert_hit(
            &run(&o, &seen(1, 5), now),
            Rule::DateChangeBudget,
            Severity::P2,
            None,
        );
    }
    // FBS delivery dates are the Market's to move.
    assert_miss(&run(&fbs(), &seen(3, 9), now), Rule::DateChangeBudget);
}

#[test]
fn a_larger_date_change_budget_from_config_moves_the_boundary() {
    let th: Thresholds =
        toml::from_str("date_moves = 3\ndate_shift_days = 7").expect("valid [risk]");
    let now = afternoon();
    let seen = |date_moves, date_shift_days| History {
        date_moves,
        date_shift_days,
        ..History::default()
    };
    let o = dbs();
    assert_miss(&assess(&o, &seen(2, 6), now, &th), Rule::DateChangeBudget);
    for h in [seen(3, 0), seen(0, 7)] {
        assert_hit(
            &assess(&o, &h, now, &th),
            Rule::DateChangeBudget,
            Severity::P2,
            None,
        );
    }
}

#[test]
fn stale_is_p2_after_3_days_in_delivery_without_a_change() {
    let since = t("2026-11-23T23:30:00+03:00");
    let due = t("2026-11-26T23:30:00+03:00");
    let o = Order {
        updated_at: Some(since),
        ..in_delivery()
    };
    let h = History::default();
    assert_miss(&run(&o, &h, due - secs(1)), Rule::Stale);
    let a = run(&o, &h, due);
    assert_hit(&a, Rule::Stale, Severity::P2, Some(due));
    // No updateDate: our own last observed change counts.
    let o = Order {
        updated_at: None,
        ..in_delivery()
    };
    let seen = History {
        last_change: Some(since),
        ..History::default()
    };
    assert_miss(&run(&o, &seen, due - secs(1)), Rule::Stale);
    assert_hit(&run(&o, &seen, due), Rule::Stale, Severity::P2, Some(due));
    // Nothing known about changes: nothing to measure.
    assert_miss(&run(&o, &h, due + Duration::days(30)), Rule::Stale);
    // Not in transit: not stale.
    let waiting = Order {
        updated_at: Some(since),
        ..dbs()
    };
    assert_miss(&run(&waiting, &h, due + Duration::days(1)), Rule::Stale);
}

#[test]
fn a_larger_stale_days_from_config_moves_the_boundary() {
    let th: Thresholds = toml::from_str("stale_days = 5").expect("valid [risk]");
    assert_eq!(th.stale_days, 5);
    let since = t("2026-11-23T23:30:00+03:00");
    let o = Order {
        updated_at: Some(since),
        ..in_delivery()
    };
    let h = History::default();
    assert_miss(&assess(&o, &h, since + Duration::days(3), &th), Rule::Stale);
    assert_miss(
        &assess(&o, &h, since + Duration::days(5) - secs(1), &th),
        Rule::Stale,
    );
    assert_hit(
        &assess(&o, &h, since + Duration::days(5), &th),
        Rule::Stale,
        Severity::P2,
        Some(since + Duration::days(5)),
    );
}

#[test]
fn stale_fires_after_stale_days_home_within_the_home_region() {
    let th = Thresholds {
        home_region: Some("Moscow".into()),
        ..Thresholds::default()
    };
    let since = t("2026-11-24T23:30:00+03:00");
    let two_days = since + Duration::days(2);
    let h = History::default();
    let home = Order {
        updated_at: Some(since),
        ..in_delivery()
    };
    assert_miss(&assess(&home, &h, two_days - secs(1), &th), Rule::Stale);
    assert_hit(
        &assess(&home, &h, two_days, &th),
        Rule::Stale,
        Severity::P2,
        Some(two_days),
    );
    // Another region keeps the intercity 3 days.
    let away = Order {
        region: Some("Tatarstan".into()),
        ..home.clone()
    };
    assert_miss(&assess(&away, &h, two_days, &th), Rule::Stale);
    assert_hit(
        &assess(&away, &h, since + Duration::days(3), &th),
        Rule::Stale,
        Severity::P2,
        Some(since + Duration::days(3)),
    );
    // No home region configured: an order without a region is not "home".
    let nowhere = Order {
        region: None,
        ..home
    };
    assert_miss(&run(&nowhere, &h, two_days), Rule::Stale);
}

#[test]
fn no_track_is_p3_once_2_hours_pass_after_handover_without_a_track() {
    let handed = t("2026-11-26T22:30:00+03:00");
    let due = t("2026-11-27T00:30:00+03:00");
    let o = Order {
        tracks: Vec::new(),
        ..in_delivery()
    };
    let h = History {
        handed_over_at: Some(handed),
        ..History::default()
    };
    assert_miss(&run(&o, &h, due), Rule::NoTrack);
    let a = run(&o, &h, due + secs(1));
    assert_hit(&a, Rule::NoTrack, Severity::P3, Some(due));
    // Handover not seen by us: the Market's updateDate stands in for it.
    let o2 = Order {
        updated_at: Some(handed),
        ..o.clone()
    };
    assert_hit(
        &run(&o2, &History::default(), due + secs(1)),
        Rule::NoTrack,
        Severity::P3,
        Some(due),
    );
    // With a track, or an FBS order the Market tracks itself: nothing to add.
    let fbs_handed = Order {
        model: ProgramType::FBS,
        ..o
    };
    for other in [in_delivery(), fbs_handed] {
        assert_miss(&run(&other, &h, due + Duration::hours(5)), Rule::NoTrack);
    }
}

#[test]
fn storage_expiring_is_p3_from_the_moscow_day_before_the_limit() {
    let o = Order {
        storage_limit: Some(d("2026-11-28")),
        ..at_pickup_point()
    };
    let end = t("2026-11-29T00:00:00+03:00");
    let h = History::default();
    // 23:59:59 Moscow on Nov 26: the limit is two days away.
    assert_miss(
        &run(&o, &h, t("2026-11-26T20:59:59Z")),
        Rule::StorageExpiring,
    );
    // 00:30 Moscow on Nov 27 (Nov 26 in UTC): the limit is tomorrow.
    let a = run(&o, &h, t("2026-11-26T21:30:00Z"));
    assert_hit(&a, Rule::StorageExpiring, Severity::P3, Some(end));
    // On the last day, and after it while still at the point.
    for now in [
        t("2026-11-28T12:00:00+03:00"),
        t("2026-11-29T12:00:00+03:00"),
    ] {
        assert_hit(
            &run(&o, &h, now),
            Rule::StorageExpiring,
            Severity::P3,
            Some(end),
        );
    }
    // Not at a pickup point: not this rule.
    let o = Order {
        storage_limit: Some(d("2026-11-28")),
        ..in_delivery()
    };
    assert_miss(
        &run(&o, &h, t("2026-11-27T12:00:00Z")),
        Rule::StorageExpiring,
    );
}

#[test]
fn a_larger_storage_days_from_config_moves_the_boundary() {
    let th = Thresholds {
        storage_days: 2,
        ..Thresholds::default()
    };
    let o = Order {
        storage_limit: Some(d("2026-11-28")),
        ..at_pickup_point()
    };
    let h = History::default();
    // Nov 25 Moscow: 3 days away. Nov 26 Moscow: 2 days away.
    assert_miss(
        &assess(&o, &h, t("2026-11-25T20:59:59Z"), &th),
        Rule::StorageExpiring,
    );
    assert_hit(
        &assess(&o, &h, t("2026-11-25T21:00:00Z"), &th),
        Rule::StorageExpiring,
        Severity::P3,
        Some(t("2026-11-29T00:00:00+03:00")),
    );
}

#[test]
fn date_unconfirmed_is_p3_while_the_date_is_estimated() {
    let h = History::default();
    for base in [dbs(), fbs(), in_delivery()] {
        assert_miss(&run(&base, &h, afternoon()), Rule::DateUnconfirmed);
        let o = Order {
            estimated: true,
            ..base
        };
        assert_hit(
            &run(&o, &h, afternoon()),
            Rule::DateUnconfirmed,
            Severity::P3,
            None,
        );
    }
}

#[test]
fn buyer_waiting_is_p3_when_the_buyers_last_message_is_over_2_hours_old() {
    let wrote = t("2026-11-26T22:15:00+03:00");
    let due = t("2026-11-27T00:15:00+03:00");
    let h = History {
        last_chat: Some((true, wrote)),
        ..History::default()
    };
    let o = dbs();
    assert_miss(&run(&o, &h, due), Rule::BuyerWaiting);
    let a = run(&o, &h, due + secs(1));
    assert_hit(&a, Rule::BuyerWaiting, Severity::P3, Some(due));
    // We wrote last: nobody is waiting on us.
    let answered = History {
        last_chat: Some((false, wrote)),
        ..History::default()
    };
    assert_miss(
        &run(&o, &answered, due + Duration::hours(10)),
        Rule::BuyerWaiting,
    );
}

#[test]
fn lost_claim_clock_is_p2_far_from_the_deadline_and_p1_within_the_urgent_days() {
    let o = lost();
    let h = History::default();
    let far = run(&o, &h, t("2026-12-01T12:00:00+03:00"));
    let m = find(&far, Rule::LostClaimClock).expect("a lost order needs a claim");
    assert_eq!(m.severity, Severity::P2);
    let deadline = m.due.expect("a claim deadline");
    // Planned Nov 26 + 3 months: the deadline falls on Feb 26, 2027 (start or end of
    // that day: see the ignored test below for which).
    assert!(
        deadline >= t("2027-02-26T00:00:00+03:00") && deadline <= t("2027-02-27T00:00:00+03:00"),
        "{deadline}"
    );
    // P1 from `lost_claim_urgent_days` (7) before the deadline.
    let urgent = Duration::days(7);
    assert_hit(
        &run(&o, &h, deadline - urgent - secs(1)),
        Rule::LostClaimClock,
        Severity::P2,
        Some(deadline),
    );
    assert_hit(
        &run(&o, &h, deadline - urgent),
        Rule::LostClaimClock,
        Severity::P1,
        Some(deadline),
    );
    assert_hit(
        &run(&o, &h, deadline + Duration::days(1)),
        Rule::LostClaimClock,
        Severity::P1,
        Some(deadline),
    );
    // Every lost substatus, and units lost on an order that is not cancelled.
    for sub in [Sub::SORTING_CENTER_LOST, Sub::LOST, Sub::DROPOFF_LOST] {
        let o = Order {
            substatus: sub,
            ..lost()
        };
        assert!(find(&run(&o, &h, deadline - urgent), Rule::LostClaimClock).is_some());
    }
    let units_lost = Order {
        items_lost: true,
        ..in_delivery()
    };
    assert!(find(&run(&units_lost, &h, afternoon()), Rule::LostClaimClock).is_some());
    // Compensation seen: no claim to file. Not lost: no claim either.
    let paid = History {
        compensated: true,
        ..History::default()
    };
    assert_miss(&run(&o, &paid, deadline - urgent), Rule::LostClaimClock);
    let undelivered = Order {
        substatus: Sub::DELIVERY_SERVICE_UNDELIVERED,
        ..lost()
    };
    assert_miss(
        &run(&undelivered, &h, deadline - urgent),
        Rule::LostClaimClock,
    );
}

#[test]
fn a_larger_lost_claim_urgent_days_from_config_moves_the_p1_boundary() {
    let th = Thresholds {
        lost_claim_urgent_days: 30,
        ..Thresholds::default()
    };
    let o = lost();
    let h = History::default();
    let deadline = find(&run(&o, &h, afternoon()), Rule::LostClaimClock)
        .and_then(|m| m.due)
        .expect("a claim deadline");
    let sev = |now| find(&assess(&o, &h, now, &th), Rule::LostClaimClock).map(|m| m.severity);
    assert_eq!(
        sev(deadline - Duration::days(30) - secs(1)),
        Some(Severity::P2)
    );
    assert_eq!(sev(deadline - Duration::days(30)), Some(Severity::P1));
}

#[test]
fn lost_claim_deadline_is_the_end_of_the_day_three_months_after_planned_delivery() {
    // Planned delivery Nov 26: a claim may be filed through Feb 26, 2027 inclusive, so
    // the clock runs out at Moscow midnight starting Feb 27, like every other date
    // deadline here (delivery: start of due+1; storage: start of limit+1).
    let deadline = t("2027-02-27T00:00:00+03:00");
    let o = lost();
    let h = History::default();
    let urgent = Duration::days(7);
    assert_hit(
        &run(&o, &h, deadline - urgent - secs(1)),
        Rule::LostClaimClock,
        Severity::P2,
        Some(deadline),
    );
    assert_hit(
        &run(&o, &h, deadline - urgent),
        Rule::LostClaimClock,
        Severity::P1,
        Some(deadline),
    );
}

#[test]
fn lost_claim_clock_without_a_planned_date_counts_from_the_moscow_creation_day() {
    // Created at 00:30 Moscow on Nov 27, still Nov 26 in UTC.
    let created_at = t("2026-11-27T00:30:00+03:00");
    let no_dates = Order {
        due_from: None,
        due_to: None,
        created_at,
        ..lost()
    };
    let planned_27th = Order {
        due_from: Some(d("2026-11-27")),
        due_to: Some(d("2026-11-27")),
        created_at,
        ..lost()
    };
    let h = History::default();
    let claim_due = |o: &Order| {
        find(&run(o, &h, afternoon()), Rule::LostClaimClock)
            .expect("a lost order needs a claim")
            .due
    };
    assert_eq!(claim_due(&no_dates), claim_due(&planned_27th));
}

// ---------------------------------------------------------------------------------
// Several rules, odd input, terminal orders.

#[test]
fn an_order_matching_several_rules_lists_them_worst_first_then_earliest_due() {
    let now = t("2026-11-27T12:00:00+03:00");
    let o = Order {
        due_from: Some(d("2026-11-25")),
        due_to: Some(d("2026-11-25")),
        updated_at: Some(t("2026-11-20T12:00:00+03:00")),
        tracks: Vec::new(),
        cancel_requested: true,
        estimated: true,
        ..in_delivery()
    };
    let h = History {
        handed_over_at: Some(t("2026-11-20T11:00:00+03:00")),
        cancel_requested_at: Some(t("2026-11-26T12:00:00+03:00")),
        date_moves: 2,
        ..History::default()
    };
    let a = run(&o, &h, now);
    let m = |rule, severity, due: Option<&str>| Match {
        rule,
        severity,
        due: due.map(t),
    };
    assert_eq!(
        a.matches,
        vec![
            m(
                Rule::DeliveryOverdue,
                Severity::P1,
                Some("2026-11-26T00:00:00+03:00")
            ),
            m(
                Rule::CancelRequestPending,
                Severity::P1,
                Some("2026-11-28T12:00:00+03:00")
            ),
            m(Rule::Stale, Severity::P2, Some("2026-11-23T12:00:00+03:00")),
            m(Rule::DateChangeBudget, Severity::P2, None),
            m(
                Rule::NoTrack,
                Severity::P3,
                Some("2026-11-20T13:00:00+03:00")
            ),
            m(Rule::DateUnconfirmed, Severity::P3, None),
        ]
    );
    assert_eq!(a.severity(), Some(Severity::P1));
    assert_eq!(a.worst().map(|m| m.rule), Some(Rule::DeliveryOverdue));
    // The earliest deadline of any match, here a P3's, not the worst match's.
    assert_eq!(a.due(), Some(t("2026-11-20T13:00:00+03:00")));
}

#[test]
fn an_unknown_status_is_assessed_without_panicking_and_matches_no_status_rule() {
    let now = afternoon();
    let weird = |model: ProgramType| Order {
        status: S::Other("NEW_THING".into()),
        substatus: Sub::Other("NEWER_THING".into()),
        ship_date: Some(d("2026-11-20")),
        due_from: Some(d("2026-11-20")),
        due_to: Some(d("2026-11-20")),
        updated_at: Some(t("2026-11-01T12:00:00+03:00")),
        cancel_requested: true,
        estimated: true,
        storage_limit: Some(d("2026-11-20")),
        expiry: Some(now + Duration::hours(1)),
        ..order(model)
    };
    let h = History {
        handed_over_at: Some(t("2026-11-01T12:00:00+03:00")),
        last_change: Some(t("2026-11-01T12:00:00+03:00")),
        cancel_requested_at: Some(t("2026-11-25T12:00:00+03:00")),
        date_moves: 5,
        date_shift_days: 9,
        ..History::default()
    };
    for model in [
        ProgramType::DBS,
        ProgramType::FBS,
        ProgramType::EXPRESS,
        ProgramType::FBY,
        ProgramType::Other("NEW_MODEL".into()),
    ] {
        let a = run(&weird(model.clone()), &h, now);
        assert_eq!(a, Assessment::default(), "{model}");
    }
    // Rules that do not read the status still work: the buyer is waiting.
    let waiting = History {
        last_chat: Some((true, now - Duration::hours(3))),
        ..h
    };
    assert_eq!(
        rules(&run(&weird(ProgramType::DBS), &waiting, now)),
        vec![Rule::BuyerWaiting]
    );
    // Cancelled for a reason this build does not know: not a known failure or loss.
    let cancelled = Order {
        status: S::CANCELLED,
        substatus: Sub::Other("TELEPORTED".into()),
        ..dbs()
    };
    assert!(!run(&cancelled, &History::default(), now).is_at_risk());
}

#[test]
fn delivered_orders_match_no_active_order_rule() {
    let now = afternoon();
    let long_ago = t("2026-11-01T12:00:00+03:00");
    let h = History {
        handed_over_at: Some(long_ago),
        last_change: Some(long_ago),
        cancel_requested_at: Some(long_ago),
        date_moves: 3,
        date_shift_days: 6,
        ..History::default()
    };
    for model in [
        ProgramType::DBS,
        ProgramType::FBS,
        ProgramType::EXPRESS,
        ProgramType::FBY,
    ] {
        // Everything an active order would be flagged for: past ship and due dates, no
        // track, a cancellation request, an estimate, storage and expiry running out.
        let o = Order {
            status: S::DELIVERED,
            substatus: Sub::DELIVERY_SERVICE_DELIVERED,
            ship_date: Some(d("2026-11-20")),
            due_from: Some(d("2026-11-20")),
            due_to: Some(d("2026-11-20")),
            updated_at: Some(long_ago),
            cancel_requested: true,
            estimated: true,
            storage_limit: Some(d("2026-11-20")),
            expiry: Some(now + Duration::hours(1)),
            ..order(model.clone())
        };
        let a = run(&o, &h, now);
        assert!(!a.is_at_risk(), "{model}: {:?}", a.matches);
        // A buyer's unanswered message is about the buyer, not the order's progress:
        // it still counts once the order is delivered.
        let waiting = History {
            last_chat: Some((true, now - Duration::hours(3))),
            ..h.clone()
        };
        assert_eq!(rules(&run(&o, &waiting, now)), vec![Rule::BuyerWaiting]);
    }
}

// ---------------------------------------------------------------------------------
// Triage order.

#[test]
fn triage_sorts_by_severity_then_time_to_breach_then_larger_value_with_no_risk_last() {
    let soon = Some(t("2026-11-26T18:00:00+03:00"));
    let later = Some(t("2026-11-27T18:00:00+03:00"));
    let row = |order_id: i64, value: i64, risk: Option<(Severity, Option<DateTime<Utc>>)>| {
        let matches = risk
            .map(|(severity, due)| {
                vec![Match {
                    rule: Rule::Stale,
                    severity,
                    due,
                }]
            })
            .unwrap_or_default();
        (
            Assessment { matches },
            Order {
                order_id,
                value: Money::from_rubles(value),
                ..dbs()
            },
        )
    };
    let rows = [
        row(1, 1_000_000, None),
        row(2, 10, Some((Severity::P3, soon))),
        row(3, 10, Some((Severity::P1, later))),
        row(4, 10, Some((Severity::P2, soon))),
        row(5, 10, Some((Severity::P1, soon))),
        row(6, 500, Some((Severity::P1, soon))),
        row(7, 1_000_000, Some((Severity::P2, None))),
        row(8, 10, Some((Severity::P4, None))),
    ];
    let expected = vec![6, 5, 3, 4, 7, 2, 8, 1];
    for reversed in [false, true] {
        let mut sorted: Vec<&(Assessment, Order)> = rows.iter().collect();
        if reversed {
            sorted.reverse();
        }
        sorted.sort_by(|a, b| triage_cmp((&a.0, &a.1), (&b.0, &b.1)));
        let ids: Vec<i64> = sorted.iter().map(|(_, o)| o.order_id).collect();
        assert_eq!(ids, expected, "reversed input: {reversed}");
    }
}

#[test]
fn triage_puts_assessed_p1_orders_before_p2_whatever_their_value_and_safe_orders_last() {
    let now = t("2026-11-27T00:31:00+03:00");
    let h = History::default();
    let ships_at_0030 = Order {
        ship_date: Some(d("2026-11-27")),
        ship_time: Some(hm("00:30")),
        ..fbs()
    };
    let overdue = Order {
        order_id: 1,
        value: Money::from_rubles(100),
        ..ships_at_0030
    };
    let due_soon = Order {
        order_id: 2,
        value: Money::from_rubles(90_000),
        ship_time: Some(hm("02:00")),
        ..overdue.clone()
    };
    let safe = Order {
        order_id: 3,
        value: Money::from_rubles(1_000_000),
        ..fbs()
    };
    let rows: Vec<(Assessment, Order)> = [safe, due_soon, overdue]
        .into_iter()
        .map(|o| (run(&o, &h, now), o))
        .collect();
    let mut sorted: Vec<&(Assessment, Order)> = rows.iter().collect();
    sorted.sort_by(|a, b| triage_cmp((&a.0, &a.1), (&b.0, &b.1)));
    let got: Vec<(i64, Option<Severity>)> = sorted
        .iter()
        .map(|(a, o)| (o.order_id, a.severity()))
        .collect();
    assert_eq!(
        got,
        vec![(1, Some(Severity::P1)), (2, Some(Severity::P2)), (3, None)]
    );
}

// ---------------------------------------------------------------------------------
// Thresholds.

#[test]
fn validate_rejects_a_shipment_cutoff_that_is_not_a_time_naming_the_key() {
    let th = Thresholds {
        shipment_cutoff: "25:00".into(),
        ..Thresholds::default()
    };
    let (key, msg) = th.validate().expect_err("25:00 is no time of day");
    assert_eq!(key, "shipment_cutoff");
    assert!(msg.contains("25:00"), "{msg}");
    let th = Thresholds {
        stale_days: -1,
        ..Thresholds::default()
    };
    assert_eq!(th.validate().map_err(|(key, _)| key), Err("stale_days"));
}

#[test]
fn validate_accepts_the_defaults_and_an_empty_risk_table_is_the_defaults() {
    assert_eq!(Thresholds::default().validate(), Ok(()));
    let th: Thresholds = toml::from_str("").expect("an empty [risk]");
    assert_eq!(th, Thresholds::default());
    assert!(toml::from_str::<Thresholds>("stale_dayz = 5").is_err());
}

#[test]
fn may_match_covers_every_order_a_rule_matches() {
    // Every known status × substatus × model, with the fields that make rules fire.
    let now = afternoon();
    let history = History {
        date_moves: 5,
        date_shift_days: 9,
        handed_over_at: Some(now - Duration::days(5)),
        ..History::default()
    };
    for status in crate::market::enums::OrderStatus::KNOWN {
        for sub in crate::market::enums::OrderSubstatus::KNOWN {
            for model in [ProgramType::FBS, ProgramType::DBS, ProgramType::FBY] {
                let mut o = order(model.clone());
                o.status = status.clone();
                o.substatus = sub.clone();
                o.cancel_requested = true;
                o.estimated = true;
                o.expiry = Some(now + Duration::hours(1));
                o.updated_at = Some(now - Duration::days(10));
                let a = assess(&o, &history, now, &Thresholds::default());
                if a.is_at_risk() {
                    assert!(
                        may_match(&o),
                        "{status}/{sub} {model} matched {:?}",
                        a.matches
                    );
                }
            }
        }
    }
}

/// Steps through ten days in ten-minute steps: wherever the assessment changes between
/// two steps, `next_change` at the first step must fall within the step, or the
/// syncing process would not re-assess the order in time.
#[track_caller]
fn assert_no_change_is_missed(o: &Order, h: &History, from: DateTime<Utc>) {
    let key = |a: &Assessment| {
        a.matches
            .iter()
            .map(|m| (m.rule, m.severity))
            .collect::<Vec<_>>()
    };
    let step = Duration::minutes(10);
    let mut now = from;
    while now < from + Duration::days(10) {
        let later = now + step;
        if key(&run(o, h, now)) != key(&run(o, h, later)) {
            let next = next_change(o, h, now, &Thresholds::default());
            assert!(
                next.is_some_and(|n| n <= later),
                "{} → {}: the assessment changes ({:?} → {:?}) but next_change says {next:?}",
                now,
                later,
                key(&run(o, h, now)),
                key(&run(o, h, later)),
            );
        }
        now = later;
    }
}

#[test]
fn next_change_never_misses_a_time_driven_change_of_any_rule() {
    let handed = History {
        handed_over_at: Some(t("2026-11-26T10:00:00+03:00")),
        last_change: Some(t("2026-11-26T10:00:00+03:00")),
        ..History::default()
    };
    let waiting = History {
        last_chat: Some((true, t("2026-11-26T16:30:00+03:00"))),
        ..History::default()
    };
    let start = t("2026-11-25T09:00:00+03:00");
    let cases: Vec<(Order, History)> = vec![
        (fbs(), History::default()),
        (dbs(), History::default()),
        (
            Order {
                expiry: Some(t("2026-11-28T12:00:00+03:00")),
                ..fbs()
            },
            History::default(),
        ),
        (
            Order {
                tracks: Vec::new(),
                updated_at: Some(t("2026-11-26T10:00:00+03:00")),
                ..in_delivery()
            },
            handed.clone(),
        ),
        (
            Order {
                storage_limit: Some(d("2026-11-29")),
                ..at_pickup_point()
            },
            History::default(),
        ),
        (dbs(), waiting),
        // Lost: the claim turns urgent (P2 → P1) on Dec 4, within the sweep.
        (
            Order {
                due_from: Some(d("2026-09-09")),
                due_to: Some(d("2026-09-10")),
                ..lost()
            },
            History::default(),
        ),
    ];
    let mut changing = 0;
    for (o, h) in &cases {
        assert_no_change_is_missed(o, h, start);
        if next_change(o, h, start, &Thresholds::default()).is_some() {
            changing += 1;
        }
    }
    assert_eq!(changing, cases.len(), "every case has a threshold ahead");
}

#[test]
fn an_order_past_every_threshold_has_no_next_change() {
    let o = Order {
        status: S::DELIVERED,
        substatus: Sub::DELIVERY_SERVICE_DELIVERED,
        due_from: Some(d("2025-01-10")),
        due_to: Some(d("2025-01-10")),
        ship_date: Some(d("2025-01-08")),
        created_at: t("2025-01-05T10:00:00+03:00"),
        updated_at: Some(t("2025-01-10T10:00:00+03:00")),
        ..dbs()
    };
    assert_eq!(
        next_change(&o, &History::default(), afternoon(), &Thresholds::default()),
        None
    );
}

#[test]
fn return_stuck_is_p2_for_a_lost_parcel_and_from_a_day_before_its_pickup_deadline() {
    use crate::domain::order::ReturnParcel;
    use crate::market::enums::{ReturnShipmentStatus as RS, ReturnType};
    let now = afternoon();
    let parcel = |status: RS, till: Option<DateTime<Utc>>| History {
        returns: vec![ReturnParcel {
            return_id: 9,
            kind: ReturnType::UNREDEEMED,
            shipment_status: Some(status),
            pickup_till: till,
            updated_at: Some(t("2026-11-25T10:00:00+03:00")),
        }],
        ..History::default()
    };
    let cancelled = Order {
        status: S::CANCELLED,
        substatus: Sub::USER_REFUSED_DELIVERY,
        ..fbs()
    };
    // On its way: nothing to do yet.
    assert_miss(
        &run(&cancelled, &parcel(RS::IN_TRANSIT, None), now),
        Rule::ReturnStuck,
    );
    // Lost by the carrier on the way back.
    assert_hit(
        &run(&cancelled, &parcel(RS::LOST, None), now),
        Rule::ReturnStuck,
        Severity::P2,
        Some(t("2026-11-25T10:00:00+03:00")),
    );
    // Waiting at a pickup point: flagged from 24 h before the last moment to collect it.
    let till = now + Duration::hours(24) + secs(1);
    let h = parcel(RS::READY_FOR_PICKUP, Some(till));
    assert_miss(&run(&cancelled, &h, now), Rule::ReturnStuck);
    assert_hit(
        &run(&cancelled, &h, now + secs(1)),
        Rule::ReturnStuck,
        Severity::P2,
        Some(till),
    );
    assert_eq!(
        next_change(&cancelled, &h, now, &Thresholds::default()),
        Some(now + secs(1)),
        "the syncing process looks again the moment it starts"
    );
    // Past the deadline it stays flagged until the parcel moves.
    assert_hit(
        &run(&cancelled, &h, till + Duration::hours(5)),
        Rule::ReturnStuck,
        Severity::P2,
        Some(till),
    );
}
