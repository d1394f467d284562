//! Tests of the simulated Market's state through the world's public API: generation,
//! the clock and the orders list here; the shop's writes and chats in the children.

// Tests and their fixtures may run long: a scenario reads best in one piece.
#![allow(clippy::too_many_lines)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use super::lifecycle::{self, Fate, Meta, Model, Step, msk_date};
use super::*;
use crate::market::enums::{
    CancellationRejectReason, ChatSender, DeliveryDateReason, DeliveryType, ItemStatus,
    OrderStatus, OrderSubstatus as S, ProgramType,
};
use crate::market::wire::order::OrdersDateFilter;
use crate::market::wire::write::{DeliveryDateChange, StatusChangeDates, StatusChangeDelivery};

mod chats;
mod writes;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 7, 17, 9, 30, 0)
        .single()
        .expect("valid time")
}

fn world(orders: usize, seed: u64) -> World {
    World::generate(&WorldConfig { orders, seed }, now())
}

/// The first order (and its campaign) matching a predicate.
fn find(w: &World, pred: impl Fn(&BusinessOrder, &Meta) -> bool) -> (i64, i64) {
    let i = (0..w.orders.len())
        .find(|&i| pred(&w.orders[i], &w.metas[i]))
        .expect("the generated world has such an order");
    (w.orders[i].campaign_id, w.orders[i].order_id)
}

fn idx(w: &World, id: i64) -> usize {
    w.orders
        .binary_search_by_key(&id, |o| o.order_id)
        .expect("known order")
}

fn status(s: OrderStatus, sub: Option<S>) -> StatusChange {
    StatusChange {
        status: s,
        substatus: sub,
        delivery: None,
    }
}

fn code<T: std::fmt::Debug>(r: Result<T, Refusal>) -> String {
    r.expect_err("the write is refused").code
}

fn dbs(m: &Meta) -> bool {
    m.model == Model::Dbs
}

fn date_req(d: NaiveDate) -> DeliveryDateRequest {
    DeliveryDateRequest {
        dates: DeliveryDateChange { to_date: d },
        reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
    }
}

fn all_orders() -> OrdersFilter {
    OrdersFilter {
        dates: Some(OrdersDateFilter {
            creation_date_from: Some(msk_date(now().timestamp()) - Duration::days(29)),
            ..OrdersDateFilter::default()
        }),
        ..OrdersFilter::default()
    }
}

#[test]
fn same_seed_gives_identical_orders() {
    let a = serde_json::to_string(world(3000, 42).orders()).expect("serializes");
    let b = serde_json::to_string(world(3000, 42).orders()).expect("serializes");
    assert_eq!(a, b);
    let c = serde_json::to_string(world(3000, 43).orders()).expect("serializes");
    assert_ne!(a, c);
}

#[test]
fn orders_ascend_by_id_and_creation_and_their_dates_are_in_the_past() {
    let w = world(5000, 1);
    assert_eq!(w.order_count(), 5000);
    for pair in w.orders().windows(2) {
        assert!(pair[0].order_id < pair[1].order_id);
        assert!(pair[0].creation_date <= pair[1].creation_date);
    }
    for o in w.orders() {
        let upd = o.update_date.expect("every order has an updateDate");
        assert!(o.creation_date <= upd && upd <= now(), "{}", o.order_id);
        assert_eq!(o.creation_date.offset().local_minus_utc(), 3 * 3600);
        assert!(now() - o.creation_date.to_utc() <= Duration::days(61));
        assert!(o.order_id > 48_000_000_000);
    }
}

#[test]
fn every_model_and_campaign_is_represented_with_its_delivery_partner() {
    let w = world(5000, 1);
    for c in w.campaigns() {
        assert!(
            w.orders().iter().any(|o| o.campaign_id == c.id),
            "campaign {}",
            c.id
        );
    }
    for o in w.orders() {
        let partner = &o.delivery.delivery_partner_type;
        match o.program_type.as_ref().expect("program type") {
            ProgramType::DBS => {
                assert_eq!(*partner, crate::market::enums::DeliveryPartnerType::SHOP);
            }
            _ => assert_eq!(
                *partner,
                crate::market::enums::DeliveryPartnerType::YANDEX_MARKET
            ),
        }
        let known = w
            .delivery_services()
            .iter()
            .any(|s| s.0 == o.delivery.delivery_service_id);
        assert!(known, "carrier of {} is in the directory", o.order_id);
        if o.program_type == Some(ProgramType::EXPRESS) {
            let s = o
                .delivery
                .shipment
                .as_ref()
                .expect("express has a shipment");
            assert!(s.shipment_time.is_some());
        }
    }
    let placements: Vec<_> = w
        .campaigns()
        .iter()
        .map(|c| c.placement_type.as_str())
        .collect();
    assert!(
        placements.contains(&"FBS") && placements.contains(&"DBS") && placements.contains(&"FBY")
    );
}

/// The product brief's at-risk rules, by simple predicates on the wire orders.
fn troubles(w: &World) -> Vec<(&'static str, usize)> {
    let now_s = w.now().timestamp();
    let today = msk_date(now_s);
    let t = |o: &BusinessOrder| o.update_date.map_or(0, |u| u.timestamp());
    let due = |o: &BusinessOrder| {
        o.delivery
            .dates
            .to_date
            .unwrap_or(o.delivery.dates.from_date)
    };
    let ship_due = |o: &BusinessOrder| {
        let s = o.delivery.shipment.as_ref()?;
        let hm = s.shipment_time.as_deref().unwrap_or("12:00");
        let (h, m) = hm.split_once(':')?;
        let secs = h.parse::<i64>().ok()? * 3600 + m.parse::<i64>().ok()? * 60;
        Some(lifecycle::day_start(s.shipment_date) + secs)
    };
    let active = |o: &BusinessOrder| {
        matches!(
            o.status,
            OrderStatus::PROCESSING | OrderStatus::DELIVERY | OrderStatus::PICKUP
        )
    };
    let is_dbs = |o: &BusinessOrder| o.program_type == Some(ProgramType::DBS);
    let ships = |o: &BusinessOrder| {
        matches!(
            o.program_type,
            Some(ProgramType::FBS | ProgramType::EXPRESS)
        )
    };
    let failure = [
        S::DELIVERY_SERVICE_UNDELIVERED,
        S::DELIVERY_SERVICE_LOST,
        S::SORTING_CENTER_LOST,
        S::LOST,
        S::DROPOFF_LOST,
        S::PICKUP_EXPIRED,
        S::CANCELLED_COURIER_NOT_FOUND,
        S::COURIER_NOT_DELIVER_ORDER,
        S::DELIVERY_SERVICE_FAILED,
        S::DAMAGED_BOX,
        S::DELIVERY_NOT_MANAGED_REGION,
    ];
    #[allow(clippy::type_complexity)]
    let rules: Vec<(&'static str, Box<dyn Fn(&BusinessOrder) -> bool>)> = vec![
        (
            "not_received_dispute",
            Box::new(|o| {
                matches!(
                    o.substatus,
                    S::DELIVERY_USER_NOT_RECEIVED | S::DELIVERED_USER_NOT_RECEIVED
                )
            }),
        ),
        (
            "cancel_request_pending",
            Box::new(|o| {
                o.cancel_requested == Some(true)
                    && matches!(o.status, OrderStatus::DELIVERY | OrderStatus::PICKUP)
            }),
        ),
        (
            "shipment_overdue",
            Box::new(move |o| {
                ships(o)
                    && o.status == OrderStatus::PROCESSING
                    && o.substatus != S::SHIPPED
                    && ship_due(o).is_some_and(|d| now_s > d)
            }),
        ),
        (
            "shipment_due_soon",
            Box::new(move |o| {
                ships(o)
                    && o.substatus == S::STARTED
                    && ship_due(o).is_some_and(|d| d >= now_s && d - now_s <= 4 * 3600)
            }),
        ),
        (
            "delivery_overdue",
            Box::new(move |o| {
                is_dbs(o)
                    && active(o)
                    && o.delivery.dates.real_delivery_date.is_none()
                    && today > due(o)
            }),
        ),
        (
            "delivery_due_today",
            Box::new(move |o| is_dbs(o) && o.status == OrderStatus::PROCESSING && due(o) <= today),
        ),
        (
            "undelivered",
            Box::new(move |o| {
                o.status == OrderStatus::CANCELLED
                    && failure.contains(&o.substatus)
                    && now_s - t(o) <= 30 * 86_400
            }),
        ),
        (
            "stale",
            Box::new(move |o| o.status == OrderStatus::DELIVERY && now_s - t(o) >= 3 * 86_400),
        ),
        (
            "no_track",
            Box::new(move |o| {
                is_dbs(o)
                    && o.status == OrderStatus::DELIVERY
                    && o.delivery.tracks.is_empty()
                    && now_s - t(o) > 2 * 3600
            }),
        ),
        (
            "storage_expiring",
            Box::new(move |o| {
                o.status == OrderStatus::PICKUP
                    && o.delivery
                        .pickup
                        .as_ref()
                        .and_then(|p| p.outlet_storage_limit_date)
                        .is_some_and(|d| d <= today + Duration::days(1))
            }),
        ),
        (
            "date_unconfirmed",
            Box::new(|o| o.delivery.estimated == Some(true)),
        ),
        (
            "items_lost",
            Box::new(|o| {
                o.items
                    .iter()
                    .any(|i| i.item_statuses.iter().any(|s| s.status == ItemStatus::LOST))
            }),
        ),
    ];
    let mut out: Vec<(&'static str, usize)> = rules
        .iter()
        .map(|(name, f)| (*name, w.orders().iter().filter(|o| f(o)).count()))
        .collect();
    let any = w
        .orders()
        .iter()
        .filter(|o| rules.iter().any(|(_, f)| f(o)))
        .count();
    out.push(("ANY", any));
    out
}

#[test]
fn a_100k_world_has_at_least_5000_troubled_orders() {
    let w = world(100_000, 1);
    let counts = troubles(&w);
    let any = counts.iter().find(|c| c.0 == "ANY").map_or(0, |c| c.1);
    assert!((5_000..=10_000).contains(&any), "{counts:?}");
    for (rule, n) in &counts {
        assert!(*n > 0, "no order exercises {rule}: {counts:?}");
    }
    let unknown = w
        .orders()
        .iter()
        .filter(|o| o.substatus.is_unknown() || o.payment_method.is_unknown())
        .count();
    assert!(
        (100..=400).contains(&unknown),
        "orders with an unknown enum value: {unknown}"
    );
}

#[test]
#[ignore = "prints the mix and times generation; run with --release -- --ignored --nocapture"]
fn generation_of_100k_orders_is_fast_and_its_mix_is_printed() {
    let started = std::time::Instant::now();
    let w = world(100_000, 1);
    let took = started.elapsed();
    println!("generated 100000 orders in {took:?}");
    let mut by_status = std::collections::BTreeMap::new();
    for o in w.orders() {
        *by_status
            .entry(format!("{}/{}", o.status, o.substatus))
            .or_insert(0) += 1;
    }
    for (k, v) in &by_status {
        println!("{k:55} {v}");
    }
    for (k, v) in troubles(&w) {
        println!("{k:25} {v}");
    }
    let chats = w
        .chats(w.business_id(), &ChatsFilter::default())
        .expect("chats");
    println!("chats {}", chats.len());
    let started = std::time::Instant::now();
    let (mut after, mut pages, mut seen) = (None, 0, 0);
    loop {
        let (page, next) = w
            .orders_page(w.business_id(), &all_orders(), after, 50)
            .expect("page");
        pages += 1;
        seen += page.len();
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    println!(
        "paged {seen} orders in {pages} pages in {:?}",
        started.elapsed()
    );
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
}

#[test]
fn default_window_is_last_30_days_of_creation() {
    let w = world(3000, 5);
    let (page, _) = w
        .orders_page(w.business_id(), &OrdersFilter::default(), None, 50)
        .expect("page");
    let oldest = DateTime::from_timestamp(
        lifecycle::day_start(msk_date(now().timestamp()) - Duration::days(30)),
        0,
    )
    .expect("valid time");
    assert!(page.iter().all(|o| o.creation_date >= oldest));
    let skipped = w
        .orders()
        .iter()
        .take_while(|o| o.creation_date < oldest)
        .count();
    assert!(
        skipped > 0,
        "the world has older orders the default leaves out"
    );
    assert_eq!(page[0].order_id, w.orders()[skipped].order_id);
    // Naming the order lifts the default window.
    let old = w.orders()[0].order_id;
    let f = OrdersFilter {
        order_ids: vec![old],
        ..OrdersFilter::default()
    };
    let (page, next) = w.orders_page(w.business_id(), &f, None, 50).expect("page");
    assert_eq!((page.len(), page[0].order_id, next), (1, old, None));
}

#[test]
fn paging_walks_every_matching_order_once() {
    let w = world(4000, 2);
    let f = OrdersFilter {
        program_types: vec![ProgramType::DBS],
        ..all_orders()
    };
    let expected: Vec<i64> = w
        .orders()
        .iter()
        .filter(|o| o.program_type == Some(ProgramType::DBS))
        .filter(|o| {
            o.creation_date.date_naive() >= msk_date(now().timestamp()) - Duration::days(29)
        })
        .map(|o| o.order_id)
        .collect();
    let (mut after, mut got) = (None, Vec::new());
    loop {
        let (page, next) = w.orders_page(w.business_id(), &f, after, 37).expect("page");
        assert!(page.len() <= 37);
        got.extend(page.iter().map(|o| o.order_id));
        match next {
            Some(n) => after = Some(n),
            None => break,
        }
    }
    assert_eq!(got, expected);
}

#[test]
fn filters_by_status_update_time_campaign_and_waiting_cancellation() {
    let mut w = world(3000, 3);
    let since = now();
    w.advance(Duration::hours(3));
    let f = OrdersFilter {
        dates: Some(OrdersDateFilter {
            update_date_from: Some(since.fixed_offset()),
            ..OrdersDateFilter::default()
        }),
        ..OrdersFilter::default()
    };
    let (page, _) = w.orders_page(w.business_id(), &f, None, 50).expect("page");
    assert!(!page.is_empty());
    assert!(
        page.iter()
            .all(|o| o.update_date.is_some_and(|u| u >= since))
    );
    let c = w.campaigns()[0].id;
    let f = OrdersFilter {
        campaign_ids: vec![c],
        statuses: vec![OrderStatus::DELIVERED],
        ..all_orders()
    };
    let (page, _) = w.orders_page(w.business_id(), &f, None, 50).expect("page");
    assert!(
        !page.is_empty()
            && page
                .iter()
                .all(|o| o.campaign_id == c && o.status == OrderStatus::DELIVERED)
    );
    let f = OrdersFilter {
        waiting_for_cancellation_approve: Some(true),
        ..all_orders()
    };
    let (page, _) = w.orders_page(w.business_id(), &f, None, 50).expect("page");
    assert!(page.iter().all(|o| o.cancel_requested == Some(true)));
}

#[test]
fn too_long_periods_too_many_ids_and_a_wrong_business_are_refused() {
    let w = world(500, 1);
    let b = w.business_id();
    let day = |d: i64| Some(msk_date(now().timestamp()) - Duration::days(d));
    let long = OrdersFilter {
        dates: Some(OrdersDateFilter {
            creation_date_from: day(40),
            creation_date_to: day(5),
            ..Default::default()
        }),
        ..OrdersFilter::default()
    };
    let r = w.orders_page(b, &long, None, 50).expect_err("refused");
    assert_eq!((r.http_status, r.code.as_str()), (400, "BAD_REQUEST"));
    assert!(r.message.contains("Maximum is '30' days"), "{}", r.message);
    let open = OrdersFilter {
        dates: Some(OrdersDateFilter {
            shipment_date_from: day(31),
            ..Default::default()
        }),
        ..OrdersFilter::default()
    };
    assert_eq!(code(w.orders_page(b, &open, None, 50)), "BAD_REQUEST");
    let ok = OrdersFilter {
        dates: Some(OrdersDateFilter {
            creation_date_from: day(29),
            ..Default::default()
        }),
        ..OrdersFilter::default()
    };
    assert!(w.orders_page(b, &ok, None, 50).is_ok());
    let many = OrdersFilter {
        order_ids: (1..=51).collect(),
        ..OrdersFilter::default()
    };
    assert_eq!(code(w.orders_page(b, &many, None, 50)), "BAD_REQUEST");
    let r = w
        .orders_page(b + 1, &OrdersFilter::default(), None, 50)
        .expect_err("refused");
    assert_eq!((r.http_status, r.code.as_str()), (404, "NOT_FOUND"));
}

#[test]
fn advance_moves_orders_and_bumps_update_date() {
    let mut w = world(3000, 4);
    let before = w.orders().to_vec();
    let changes = w.advance(Duration::hours(6));
    assert!(!changes.is_empty());
    for c in &changes {
        let i = idx(&w, c.order_id);
        let (old, new) = (&before[i], &w.orders()[i]);
        assert!(new.update_date > old.update_date, "{}", c.order_id);
        assert!(new.update_date.is_some_and(|u| u <= w.now()));
        if c.fields.iter().any(|f| f == "status") {
            assert_ne!(old.status, new.status);
        }
    }
    let unchanged = before
        .iter()
        .zip(w.orders())
        .filter(|(a, b)| a == b)
        .count();
    assert_eq!(unchanged, before.len() - changes.len());
}

#[test]
fn the_clock_never_moves_backwards_and_a_repeat_advance_changes_nothing() {
    let mut w = world(1000, 4);
    let t = now() + Duration::minutes(30);
    w.advance_to(t);
    assert!(w.advance_to(t).is_empty());
    assert!(w.advance_to(now()).is_empty());
    assert_eq!(w.now(), t);
}

#[test]
fn same_world_and_same_advance_give_the_same_changes() {
    let (mut a, mut b) = (world(2000, 9), world(2000, 9));
    for h in [1, 5, 24, 72] {
        assert_eq!(a.advance(Duration::hours(h)), b.advance(Duration::hours(h)));
    }
    assert_eq!(a.orders(), b.orders());
}

#[test]
fn orders_eventually_finish_when_time_runs_on() {
    let mut w = world(2000, 6);
    w.advance(Duration::days(120));
    let active = w
        .orders()
        .iter()
        .filter(|o| {
            matches!(
                o.status,
                OrderStatus::PROCESSING | OrderStatus::DELIVERY | OrderStatus::PICKUP
            )
        })
        .count();
    assert_eq!(active, 0);
    assert!(w.schedule.len() < 10, "no step is left due");
}

#[test]
fn touch_changes_the_requested_number_of_active_orders_now() {
    let mut w = world(5000, 7);
    let changes = w.touch(50);
    assert_eq!(changes.len(), 50);
    let now = w.now().fixed_offset();
    for c in &changes {
        assert_eq!(
            w.order(c.order_id).and_then(|o| o.update_date),
            Some(now.with_timezone(&crate::market::dates::moscow()))
        );
        assert!(!c.fields.is_empty());
    }
    let again = w.touch(50);
    let first: Vec<i64> = changes.iter().map(|c| c.order_id).collect();
    assert!(
        again.iter().any(|c| !first.contains(&c.order_id)),
        "a second touch moves on"
    );
}
