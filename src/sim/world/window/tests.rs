use chrono::TimeZone;

use super::*;
use crate::market::wire::order::OrdersDateFilter;

/// 12:00 in Moscow on 15 July 2026.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 15, 9, 0, 0)
        .single()
        .expect("valid time")
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, d).expect("valid day")
}

fn june(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 6, d).expect("valid day")
}

fn with_dates(dates: OrdersDateFilter) -> OrdersFilter {
    OrdersFilter {
        dates: Some(dates),
        ..OrdersFilter::default()
    }
}

fn created(f: &OrdersFilter) -> (Option<i64>, Option<i64>) {
    orders_window(f, now()).expect("accepted").created
}

fn refusal(f: &OrdersFilter) -> String {
    orders_window(f, now()).expect_err("refused").message
}

#[test]
fn without_creation_days_the_last_30_days_through_today_are_read() {
    let default = (Some(day_start(june(15))), Some(day_start(day(16))));
    assert_eq!(created(&OrdersFilter::default()), default);
    // An update window alone does not lift the creation default.
    let updated_only = with_dates(OrdersDateFilter {
        update_date_from: Some(now().fixed_offset() - Duration::hours(1)),
        ..OrdersDateFilter::default()
    });
    assert_eq!(created(&updated_only), default);
    let shipped_only = with_dates(OrdersDateFilter {
        shipment_date_from: Some(day(1)),
        shipment_date_to: Some(day(2)),
        ..OrdersDateFilter::default()
    });
    assert_eq!(created(&shipped_only), default);
}

#[test]
fn one_creation_bound_takes_the_default_of_the_other() {
    let from_only = with_dates(OrdersDateFilter {
        creation_date_from: Some(day(1)),
        ..OrdersDateFilter::default()
    });
    assert_eq!(
        created(&from_only),
        (Some(day_start(day(1))), Some(day_start(day(16))))
    );
    let to_only = with_dates(OrdersDateFilter {
        creation_date_to: Some(day(1)),
        ..OrdersDateFilter::default()
    });
    assert_eq!(
        created(&to_only),
        (Some(day_start(june(15))), Some(day_start(day(1))))
    );
    // A To before the default From is not some other window: it is refused.
    let old_to_only = with_dates(OrdersDateFilter {
        creation_date_to: Some(june(1)),
        ..OrdersDateFilter::default()
    });
    assert!(refusal(&old_to_only).contains("send creationDateFrom too"));
    let far_from = with_dates(OrdersDateFilter {
        creation_date_from: Some(june(14)),
        ..OrdersDateFilter::default()
    });
    assert!(refusal(&far_from).contains("Maximum is '30' days"));
}

#[test]
fn a_range_under_a_day_is_widened_to_one() {
    let same_day = with_dates(OrdersDateFilter {
        creation_date_from: Some(day(3)),
        creation_date_to: Some(day(3)),
        shipment_date_from: Some(day(4)),
        shipment_date_to: Some(day(4)),
        ..OrdersDateFilter::default()
    });
    let w = orders_window(&same_day, now()).expect("accepted");
    assert_eq!(
        w.created,
        (Some(day_start(day(3))), Some(day_start(day(4))))
    );
    assert_eq!(w.shipment, (Some(day(4)), Some(day(5))));
}

#[test]
fn explicit_creation_days_of_any_age_are_read_within_30_days() {
    let old = with_dates(OrdersDateFilter {
        creation_date_from: Some(NaiveDate::from_ymd_opt(2026, 5, 1).expect("day")),
        creation_date_to: Some(NaiveDate::from_ymd_opt(2026, 5, 31).expect("day")),
        ..OrdersDateFilter::default()
    });
    assert!(created(&old).0.is_some());
    let long = with_dates(OrdersDateFilter {
        creation_date_from: Some(NaiveDate::from_ymd_opt(2026, 5, 1).expect("day")),
        creation_date_to: Some(june(1)),
        ..OrdersDateFilter::default()
    });
    assert!(refusal(&long).contains("Maximum is '30' days"));
}

#[test]
fn orders_asked_for_by_id_have_no_creation_default() {
    let by_id = OrdersFilter {
        order_ids: vec![1, 2],
        ..OrdersFilter::default()
    };
    assert_eq!(created(&by_id), (None, None));
    let by_id_and_day = OrdersFilter {
        order_ids: vec![1],
        ..with_dates(OrdersDateFilter {
            creation_date_from: Some(day(1)),
            ..OrdersDateFilter::default()
        })
    };
    assert!(created(&by_id_and_day).0.is_some());
}
