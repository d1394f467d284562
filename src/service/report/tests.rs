//! Every measure on a small cache built by hand through the cache's own API, with the
//! right answers worked out here from the rows put in.
//!
//! The period is 2026-11-20 … 2026-11-26 (Moscow), now is 26 November 15:00 Moscow;
//! the previous period is 2026-11-13 … 2026-11-19. Orders (carrier, region):
//!
//! | order | model | planned | what happened | rates |
//! |---|---|---|---|---|
//! | A1 | FBS | ship 21st | handed over 21st 10:00 | shipment on time |
//! | A2 | FBS | ship 21st 12:00 | handed over 21st 14:00 | shipment late |
//! | A3 | FBS | ship 22nd | still PROCESSING | shipment late (overdue) |
//! | A4 | FBS | ship 26th (today) | PROCESSING | shipment pending |
//! | A5 | FBS | ship 23rd | CANCELLED SHOP_FAILED | seller-fault cancellation |
//! | A6 | Express | ship 24th | first seen DELIVERED | shipment unknown |
//! | A7 | FBS | ship 15th | handed over 15th | previous period, on time |
//! | B1 | DBS | due 22nd | delivered 22nd | delivery on time |
//! | B2 | DBS | due 21st | delivered 24th | delivery 3 days late |
//! | B3 | DBS | due 21st → 23rd | in DELIVERY | delivery 3 days late (overdue) |
//! | B4 | DBS | due 26th | in DELIVERY | delivery pending |
//! | B5 | DBS | due 25th | DELIVERED seen 25th, no realDeliveryDate | delivery on time |
//! | B6 | DBS | due 24th, created 20th | CANCELLED USER_CHANGED_MIND | buyer's cancellation |
//! | B7 | DBS | due 19th → 20th | delivered 21st | delivery 1 day late |
//! | L1 | FBS | due 22nd | CANCELLED DELIVERY_SERVICE_LOST | lost |
//! | C1 | FBY | ship 22nd | CANCELLED SHOP_FAILED | not counted (FBY) |
//! | C2 | FBS | ship 22nd | CANCELLED USER_NOT_PAID | not counted (checkout) |

// Tests and their fixtures may run long: a scenario reads best in one piece.
#![allow(clippy::too_many_lines)]

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::*;
use crate::base::money::Money;
use crate::cache::Cache;
use crate::domain::incident::compensation::Given;
use crate::domain::incident::steps::{FaultOwner, RootCause};
use crate::domain::order::Order;
use crate::domain::write::{OutboxWrite, WriteKind};
use crate::market::enums::{
    DeliveryDateReason, DeliveryPartnerType, DeliveryType, OrderStatus, OrderSubstatus, ProgramType,
};
use crate::market::wire::write::{DeliveryDateChange, DeliveryDateRequest};

const A1: i64 = 101;
const A2: i64 = 102;
const A3: i64 = 103;
const A4: i64 = 104;
const A5: i64 = 105;
const A6: i64 = 106;
const A7: i64 = 107;
const B1: i64 = 201;
const B2: i64 = 202;
const B3: i64 = 203;
const B4: i64 = 204;
const B5: i64 = 205;
const B6: i64 = 206;
const B7: i64 = 207;
const L1: i64 = 301;
const C1: i64 = 401;
const C2: i64 = 402;

const CDEK: &str = "СДЭК";
const BOXBERRY: &str = "Boxberry";
const MOSCOW: &str = "Москва";
const TATARSTAN: &str = "Татарстан";

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn now() -> DateTime<Utc> {
    t("2026-11-26T12:00:00Z")
}

fn period() -> Period {
    Period::new(d("2026-11-20"), d("2026-11-26")).unwrap()
}

fn order(id: i64, model: ProgramType, status: OrderStatus, sub: OrderSubstatus) -> Order {
    let campaign = match model {
        ProgramType::FBS => 1001,
        ProgramType::DBS => 2002,
        ProgramType::FBY => 3003,
        _ => 4004,
    };
    Order {
        order_id: id,
        campaign_id: campaign,
        business_id: 77,
        model,
        status,
        substatus: sub,
        created_at: t("2026-11-10T09:00:00Z"),
        updated_at: None,
        ship_date: None,
        ship_time: None,
        due_from: None,
        due_to: None,
        real_delivery_date: None,
        delivery_type: DeliveryType::DELIVERY,
        partner: DeliveryPartnerType::SHOP,
        carrier_id: 1,
        carrier: CDEK.into(),
        tracks: vec![],
        region: Some(MOSCOW.into()),
        city: None,
        value: rub(5000),
        currency: "RUR".into(),
        buyer_name: None,
        cancel_requested: false,
        estimated: false,
        storage_limit: None,
        expiry: None,
        items_lost: false,
        items: Vec::new(),
    }
}

fn put(c: &mut Cache, o: Order, seen: &str) {
    c.upsert_orders(&[o], t(seen)).unwrap();
}

fn boxberry(mut o: Order) -> Order {
    o.carrier = BOXBERRY.into();
    o.carrier_id = 2;
    o.region = Some(TATARSTAN.into());
    o
}

use OrderStatus as S;
use OrderSubstatus as Sub;
use ProgramType as M;

fn orders(c: &mut Cache) {
    let fbs = |id, status, sub, ship: &str| {
        let mut o = order(id, M::FBS, status, sub);
        o.ship_date = Some(d(ship));
        o
    };
    let mut a1 = fbs(
        A1,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "2026-11-21",
    );
    a1.updated_at = Some(t("2026-11-21T07:00:00Z"));
    put(c, a1, "2026-11-21T07:05:00Z");
    let mut a2 = fbs(
        A2,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "2026-11-21",
    );
    a2.ship_time = NaiveTime::from_hms_opt(12, 0, 0);
    a2.updated_at = Some(t("2026-11-21T11:00:00Z"));
    put(c, a2, "2026-11-21T11:05:00Z");
    put(
        c,
        boxberry(fbs(A3, S::PROCESSING, Sub::STARTED, "2026-11-22")),
        "2026-11-20T08:00:00Z",
    );
    put(
        c,
        fbs(A4, S::PROCESSING, Sub::STARTED, "2026-11-26"),
        "2026-11-25T08:00:00Z",
    );
    put(
        c,
        fbs(A5, S::CANCELLED, Sub::SHOP_FAILED, "2026-11-23"),
        "2026-11-23T08:00:00Z",
    );
    let mut a6 = fbs(
        A6,
        S::DELIVERED,
        Sub::DELIVERY_SERVICE_DELIVERED,
        "2026-11-24",
    );
    a6.model = M::EXPRESS;
    a6.campaign_id = 4004;
    put(c, a6, "2026-11-25T08:00:00Z");
    let mut a7 = fbs(
        A7,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "2026-11-15",
    );
    a7.updated_at = Some(t("2026-11-15T09:00:00Z"));
    put(c, a7, "2026-11-15T09:05:00Z");

    let dbs = |id, status, sub, due: &str| {
        let mut o = order(id, M::DBS, status, sub);
        o.due_from = Some(d(due));
        o
    };
    let delivered = |id, due: &str, real: &str| {
        let mut o = dbs(id, S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED, due);
        o.real_delivery_date = Some(d(real));
        o
    };
    put(
        c,
        delivered(B1, "2026-11-22", "2026-11-22"),
        "2026-11-22T15:00:00Z",
    );
    put(
        c,
        delivered(B2, "2026-11-21", "2026-11-24"),
        "2026-11-24T15:00:00Z",
    );
    // B3's planned day moved from the 21st to the 23rd, seen on the 21st.
    let mut b3 = boxberry(dbs(
        B3,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "2026-11-21",
    ));
    b3.updated_at = Some(t("2026-11-20T10:00:00Z"));
    put(c, b3.clone(), "2026-11-20T10:05:00Z");
    b3.due_from = Some(d("2026-11-23"));
    b3.updated_at = Some(t("2026-11-21T10:00:00Z"));
    put(c, b3, "2026-11-21T10:05:00Z");
    put(
        c,
        boxberry(dbs(
            B4,
            S::DELIVERY,
            Sub::DELIVERY_SERVICE_RECEIVED,
            "2026-11-26",
        )),
        "2026-11-24T10:00:00Z",
    );
    // B5: seen in DELIVERY, then DELIVERED at 18:00 Moscow on the 25th, no real date.
    let mut b5 = boxberry(dbs(
        B5,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "2026-11-25",
    ));
    b5.updated_at = Some(t("2026-11-24T10:00:00Z"));
    put(c, b5.clone(), "2026-11-24T10:05:00Z");
    b5.status = S::DELIVERED;
    b5.substatus = Sub::DELIVERY_SERVICE_DELIVERED;
    b5.updated_at = Some(t("2026-11-25T15:00:00Z"));
    put(c, b5, "2026-11-25T15:30:00Z");
    let mut b6 = dbs(B6, S::CANCELLED, Sub::USER_CHANGED_MIND, "2026-11-24");
    b6.created_at = t("2026-11-20T09:00:00Z");
    put(c, b6, "2026-11-21T09:00:00Z");
    // B7: moved from the 19th to the 20th (seen on the 18th), delivered the 21st.
    let mut b7 = boxberry(delivered(B7, "2026-11-19", "2026-11-21"));
    b7.region = Some(MOSCOW.into());
    b7.status = S::DELIVERY;
    b7.substatus = Sub::DELIVERY_SERVICE_RECEIVED;
    b7.real_delivery_date = None;
    b7.updated_at = Some(t("2026-11-17T10:00:00Z"));
    put(c, b7.clone(), "2026-11-17T10:05:00Z");
    b7.due_from = Some(d("2026-11-20"));
    b7.updated_at = Some(t("2026-11-18T10:00:00Z"));
    put(c, b7.clone(), "2026-11-18T10:05:00Z");
    b7.status = S::DELIVERED;
    b7.substatus = Sub::DELIVERY_SERVICE_DELIVERED;
    b7.real_delivery_date = Some(d("2026-11-21"));
    b7.updated_at = Some(t("2026-11-21T10:00:00Z"));
    put(c, b7, "2026-11-21T10:05:00Z");

    let mut l1 = boxberry(order(L1, M::FBS, S::CANCELLED, Sub::DELIVERY_SERVICE_LOST));
    l1.due_from = Some(d("2026-11-22"));
    put(c, l1, "2026-11-23T09:00:00Z");
    let mut c1 = order(C1, M::FBY, S::CANCELLED, Sub::SHOP_FAILED);
    c1.ship_date = Some(d("2026-11-22"));
    put(c, c1, "2026-11-22T09:00:00Z");
    put(
        c,
        fbs(C2, S::CANCELLED, Sub::USER_NOT_PAID, "2026-11-22"),
        "2026-11-22T09:00:00Z",
    );
}

/// Opens an incident as a rule does, at `at`.
fn open(c: &mut Cache, order: i64, at: &str) -> i64 {
    assert_eq!(
        c.open_incidents(&[(order, "shipment_overdue")], t(at))
            .unwrap(),
        1
    );
    c.incident(order).unwrap().unwrap().id
}

fn claim(c: &mut Cache, order: i64, agent: &str, take_over: bool, at: &str) {
    c.claim(
        order,
        agent,
        take_over,
        chrono::Duration::minutes(30),
        t(at),
    )
    .unwrap();
}

fn change(
    c: &mut Cache,
    order: i64,
    agent: &str,
    at: &str,
    f: impl FnOnce(&mut crate::cache::Incident),
) {
    let i = c.incident(order).unwrap().unwrap();
    c.update_incident(i.id, i.version, agent, "test", t(at), f)
        .unwrap()
        .unwrap();
}

fn close(c: &mut Cache, order: i64, agent: &str, at: &str, cause: &str, before: Option<bool>) {
    let owner = crate::domain::incident::steps::RootCause::from_id(cause)
        .unwrap()
        .owner()
        .id();
    change(c, order, agent, at, |i| {
        i.closed_at = Some(t(at));
        i.closed_by = Some(agent.into());
        i.root_cause = RootCause::from_id(cause);
        i.fault_owner = FaultOwner::from_id(owner);
        i.detected_before_buyer = before;
    });
}

fn rub(r: i64) -> Money {
    Money::from_rubles(r)
}

fn compensate(c: &mut Cache, order: i64, agent: &str, at: &str, amount: i64) {
    change(c, order, agent, at, |i| {
        i.compensation.push(Given {
            kind: "discount_next".into(),
            amount: rub(amount),
            at: t(at),
            by: agent.into(),
            confirmed_by: None,
        });
    });
}

fn write(c: &mut Cache, order: i64, agent: &str, at: &str, kind: WriteKind) -> i64 {
    let incident = c.incident(order).unwrap().map(|i| i.id);
    let w = OutboxWrite {
        key: format!("{agent}:{order}:{at}"),
        kind,
        order_id: Some(order),
        campaign_id: 2002,
        business_id: 77,
        incident_id: incident,
        created_by: agent.into(),
    };
    c.enqueue_audited(&w, t(at)).unwrap()
}

fn chat(c: &mut Cache, order: i64, agent: &str, at: &str) -> i64 {
    let text = "Здравствуйте! Заказ задерживается.".into();
    write(c, order, agent, at, WriteKind::ChatMessage { text })
}

/// The incidents (times UTC; Moscow is three hours later):
///
/// | incident | order | opened | claimed | message | closed | cause | compensation |
/// |---|---|---|---|---|---|---|---|
/// | I1 | A3 | 22nd 07:00 rule | anna 07:30 | 08:00 | anna 22nd 11:00 | missed_handover, before buyer | 300 anna 09:00 |
/// | I2 | B2 | 21st 09:00 rule | boris 10:00 | — | boris 23rd 09:00 | carrier_delay, after buyer | 500 boris 22nd 12:00 |
/// | I3 | B3 | 24th 06:00 rule | anna 06:10, boris took over 06:30 | 06:20 refused, 06:40 | boris 25th 06:00 | carrier_delay, not asked | — |
/// | I4 | L1 | 25th 10:00 anna by hand | — | — | open | — | 1000 anna 11:00 |
/// | I5 | A1 | 15th 10:00 rule | anna 10:05 | — | anna 16th 10:00 | stock, before buyer | — |
/// | I6 | A1 | 23rd 10:00 boris by hand (reopened) | — | — | open | — | — |
/// | I7 | B5 | 26th 08:00 rule | — | — | open | — | — |
fn incidents(c: &mut Cache) {
    open(c, A3, "2026-11-22T07:00:00Z");
    claim(c, A3, "anna", false, "2026-11-22T07:30:00Z");
    chat(c, A3, "anna", "2026-11-22T08:00:00Z");
    compensate(c, A3, "anna", "2026-11-22T09:00:00Z", 300);
    close(
        c,
        A3,
        "anna",
        "2026-11-22T11:00:00Z",
        "missed_handover",
        Some(true),
    );

    open(c, B2, "2026-11-21T09:00:00Z");
    claim(c, B2, "boris", false, "2026-11-21T10:00:00Z");
    compensate(c, B2, "boris", "2026-11-22T12:00:00Z", 500);
    close(
        c,
        B2,
        "boris",
        "2026-11-23T09:00:00Z",
        "carrier_delay",
        Some(false),
    );

    open(c, B3, "2026-11-24T06:00:00Z");
    claim(c, B3, "anna", false, "2026-11-24T06:10:00Z");
    let refused = chat(c, B3, "anna", "2026-11-24T06:20:00Z");
    c.outbox_failed(refused, "chat closed", None, t("2026-11-24T06:21:00Z"))
        .unwrap();
    claim(c, B3, "boris", true, "2026-11-24T06:30:00Z");
    chat(c, B3, "anna", "2026-11-24T06:40:00Z");
    close(
        c,
        B3,
        "boris",
        "2026-11-25T06:00:00Z",
        "carrier_delay",
        None,
    );

    c.open_incident_by_hand(L1, "anna", t("2026-11-25T10:00:00Z"))
        .unwrap();
    compensate(c, L1, "anna", "2026-11-25T11:00:00Z", 1000);

    open(c, A1, "2026-11-15T10:00:00Z");
    claim(c, A1, "anna", false, "2026-11-15T10:05:00Z");
    close(c, A1, "anna", "2026-11-16T10:00:00Z", "stock", Some(true));
    c.open_incident_by_hand(A1, "boris", t("2026-11-23T10:00:00Z"))
        .unwrap();

    open(c, B5, "2026-11-26T08:00:00Z");

    // An agent moved B3's date through ym-triage on the 21st.
    let to = DeliveryDateRequest {
        dates: DeliveryDateChange {
            to_date: d("2026-11-23"),
        },
        reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
    };
    write(
        c,
        B3,
        "boris",
        "2026-11-21T09:50:00Z",
        WriteKind::DeliveryDate(to),
    );
}

fn world() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
    orders(&mut c);
    incidents(&mut c);
    (dir, c)
}

fn report(by: Dimension) -> Report {
    let (_d, c) = world();
    build(&c, &period(), by, now()).unwrap()
}

fn rate(r: &stats::Rate) -> (u64, u64) {
    (r.numerator, r.denominator)
}

fn keyed(list: &[stats::KeyedRate]) -> Vec<(&str, u64, u64)> {
    list.iter()
        .map(|k| (k.key.as_str(), k.rate.numerator, k.rate.denominator))
        .collect()
}

#[test]
fn late_shipment_counts_fbs_orders_handed_over_late_or_still_unshipped_past_the_deadline() {
    let r = report(Dimension::Cause);
    let s = &r.body.rates.late_shipment;
    // A1 on time; A2 (after 12:00) and A3 (never shipped) late; A4 not due yet;
    // A5 cancelled; A6 shipped at a moment never seen.
    assert_eq!(rate(&s.total), (2, 3));
    assert_eq!(s.total.share, Some(2.0 / 3.0));
    assert_eq!((s.pending, s.unknown), (1, 1));
    let prev = r
        .headline
        .iter()
        .find(|h| h.id == "late_shipment_rate")
        .unwrap();
    assert_eq!(
        prev.previous,
        Some(0.0),
        "A7 shipped on time in the previous period"
    );
}

#[test]
fn late_delivery_counts_dbs_orders_delivered_after_the_planned_day_or_overdue() {
    let r = report(Dimension::Cause);
    let s = &r.body.rates.late_delivery;
    // B1 and B5 (delivered on the 25th, seen in the timeline) on time; B2, B3, B7 late;
    // B4 due today; B6 cancelled by the buyer.
    assert_eq!(rate(&s.total), (3, 5));
    assert_eq!((s.pending, s.unknown), (1, 0));
}

#[test]
fn seller_fault_cancellations_count_the_sellers_reasons_among_the_orders_the_seller_had() {
    let r = report(Dimension::Cause);
    let s = &r.body.rates.seller_cancellations;
    // A1–A6 by shipment day and B6 by creation day; only A5 is the seller's fault. C1 is
    // FBY, C2 never paid; the other DBS orders were created before the period.
    assert_eq!(rate(&s.total), (1, 7));
}

#[test]
fn rates_are_split_by_carrier_and_by_region() {
    let r = report(Dimension::Cause);
    let d = &r.body.rates.late_delivery;
    assert_eq!(keyed(&d.by_carrier), vec![(BOXBERRY, 2, 3), (CDEK, 1, 2)]);
    assert_eq!(keyed(&d.by_region), vec![(MOSCOW, 2, 3), (TATARSTAN, 1, 2)]);
    let s = &r.body.rates.late_shipment;
    assert_eq!(keyed(&s.by_carrier), vec![(CDEK, 1, 2), (BOXBERRY, 1, 1)]);
}

#[test]
fn incidents_opened_closed_and_still_open_are_counted_in_the_period_and_per_day() {
    let r = report(Dimension::Cause);
    let i = &r.body.incidents;
    assert_eq!((i.opened, i.closed, i.open_at_end), (6, 3, 3));
    let days: Vec<(&str, u64, u64)> = i
        .per_day
        .iter()
        .map(|d| (d.day.as_str(), d.opened, d.closed))
        .collect();
    assert_eq!(
        days,
        vec![
            ("2026-11-20", 0, 0),
            ("2026-11-21", 1, 0),
            ("2026-11-22", 1, 1),
            ("2026-11-23", 1, 1),
            ("2026-11-24", 1, 0),
            ("2026-11-25", 1, 1),
            ("2026-11-26", 1, 0),
        ]
    );
}

#[test]
fn root_causes_and_fault_owners_form_a_pareto_of_the_closed_incidents() {
    let r = report(Dimension::Cause);
    let causes: Vec<(&str, &str, u64, f64, f64)> = r
        .body
        .causes
        .iter()
        .map(|c| {
            (
                c.cause.as_str(),
                c.owner.as_str(),
                c.count,
                c.share,
                c.cumulative_share,
            )
        })
        .collect();
    assert_eq!(
        causes,
        vec![
            ("carrier_delay", "carrier", 2, 2.0 / 3.0, 2.0 / 3.0),
            ("missed_handover", "seller", 1, 1.0 / 3.0, 1.0),
        ]
    );
    let owners: Vec<(&str, u64)> = r
        .body
        .owners
        .iter()
        .map(|o| (o.owner.as_str(), o.count))
        .collect();
    assert_eq!(owners, vec![("carrier", 2), ("seller", 1)]);
}

#[test]
fn time_to_detect_runs_from_a_rules_opening_to_the_first_claim() {
    let f = report(Dimension::Cause).body.flow;
    // I1 30 min, I2 60 min, I3 10 min (anna's claim, not boris's take-over); I7 nobody
    // has claimed; I4 and I6 were opened by hand.
    assert_eq!(f.detect.count, 3);
    assert_eq!(f.detect.median_seconds, Some(1800));
    assert_eq!(f.detect.p90_seconds, Some(3600));
    assert_eq!(f.unclaimed, 1);
}

#[test]
fn time_to_first_contact_skips_messages_the_market_refused() {
    let f = report(Dimension::Cause).body.flow;
    // I1 60 min; I3 40 min (the 20-minute message was refused); four have none.
    assert_eq!(f.first_contact.count, 2);
    assert_eq!(f.first_contact.median_seconds, Some(2400));
    assert_eq!(f.first_contact.p90_seconds, Some(3600));
    assert_eq!(f.not_contacted, 4);
}

#[test]
fn resolve_time_detection_before_the_buyer_and_reopened_incidents() {
    let f = report(Dimension::Cause).body.flow;
    // I1 4 h, I3 24 h, I2 48 h.
    assert_eq!(f.resolve.count, 3);
    assert_eq!(f.resolve.median_seconds, Some(86_400));
    assert_eq!(f.resolve.p90_seconds, Some(172_800));
    // I1 yes, I2 no, I3 not answered.
    assert_eq!(rate(&f.detected_before_buyer), (1, 2));
    // I6 follows I5 on the same order.
    assert_eq!(rate(&f.reopened), (1, 6));
}

#[test]
fn compensation_is_summed_within_the_period_per_cause_and_per_carrier() {
    let c = report(Dimension::Cause).body.cost;
    assert_eq!((c.compensation, c.entries), (rub(1800), 3));
    let by_cause: Vec<(&str, Money)> = c
        .by_cause
        .iter()
        .map(|a| (a.key.as_str(), a.amount))
        .collect();
    assert_eq!(
        by_cause,
        vec![
            ("", rub(1000)),
            ("carrier_delay", rub(500)),
            ("missed_handover", rub(300))
        ]
    );
    let by_carrier: Vec<(&str, Money)> = c
        .by_carrier
        .iter()
        .map(|a| (a.key.as_str(), a.amount))
        .collect();
    assert_eq!(by_carrier, vec![(BOXBERRY, rub(1300)), (CDEK, rub(500))]);
}

#[test]
fn date_moves_count_the_planned_day_changes_seen_and_those_agents_made() {
    let r = report(Dimension::Cause);
    let m = &r.body.cost.date_moves;
    // B3's move on the 21st is in the period; B7's on the 18th is not.
    assert_eq!((m.moves, m.orders, m.shift_days, m.by_agents), (1, 1, 2, 1));
    assert_eq!(m.by_carrier.len(), 1);
    assert_eq!(
        (m.by_carrier[0].key.as_str(), m.by_carrier[0].count),
        (BOXBERRY, 1)
    );
    let h = r.headline.iter().find(|h| h.id == "date_moves").unwrap();
    assert_eq!(
        (h.current, h.previous, h.change),
        (Some(1.0), Some(1.0), Some(0.0))
    );
}

/// A scorecard line: carrier, orders, late, lost, median days late.
type Card<'a> = (&'a str, u64, (u64, u64), (u64, u64), Option<i64>);

#[test]
fn the_carrier_scorecard_gives_orders_late_lost_and_median_days_late() {
    let r = report(Dimension::Cause);
    let cards: Vec<Card<'_>> = r
        .body
        .carriers
        .iter()
        .map(|c| {
            (
                c.carrier.as_str(),
                c.orders,
                rate(&c.late),
                rate(&c.lost),
                c.median_days_late,
            )
        })
        .collect();
    // Boxberry: B3 (3 days late), B4 (due today), B5 (on time), B7 (1 day late), L1
    // (lost); СДЭК: B1 on time, B2 three days late. B6 never reached a carrier.
    assert_eq!(
        cards,
        vec![
            (BOXBERRY, 5, (2, 3), (1, 5), Some(1)),
            (CDEK, 2, (1, 2), (0, 2), Some(3)),
        ]
    );
}

#[test]
fn the_breakdown_by_agent_credits_the_closer_else_the_first_claimant() {
    let r = report(Dimension::Agent);
    let rows: Vec<(&str, u64, u64, Money, Option<i64>)> = r
        .body
        .breakdown
        .iter()
        .map(|g| {
            (
                g.key.as_str(),
                g.opened,
                g.closed,
                g.compensation,
                g.detect.median_seconds,
            )
        })
        .collect();
    // boris closed I2 and I3; anna closed I1 and gave 300 + 1000; I4, I6, I7 nobody's.
    assert_eq!(
        rows,
        vec![
            ("boris", 2, 2, rub(500), Some(600)),
            ("anna", 1, 1, rub(1300), Some(1800)),
            ("", 3, 0, Money::ZERO, None),
        ]
    );
    assert!(r.body.breakdown.iter().all(|g| g.late_shipment.is_none()));
}

#[test]
fn the_breakdown_by_carrier_carries_the_markets_rates() {
    let r = report(Dimension::Carrier);
    let g = |k: &str| r.body.breakdown.iter().find(|g| g.key == k).unwrap();
    // СДЭК: I2 (B2), and I6 reopened on A1.
    let cdek = g(CDEK);
    assert_eq!((cdek.opened, cdek.closed), (2, 1));
    assert_eq!(rate(&cdek.late_shipment.unwrap()), (1, 2));
    assert_eq!(rate(&cdek.late_delivery.unwrap()), (1, 2));
    // A1, A2, A4, A5 by shipment day; A6 too, and B6 by creation day.
    assert_eq!(rate(&cdek.seller_cancellations.unwrap()), (1, 6));
    let bb = g(BOXBERRY);
    assert_eq!((bb.opened, bb.closed, bb.compensation), (4, 2, rub(1300)));
    assert_eq!(rate(&bb.late_delivery.unwrap()), (2, 3));
    let shares: f64 = r.body.breakdown.iter().filter_map(|g| g.closed_share).sum();
    assert!(
        (shares - 1.0).abs() < 1e-9,
        "the closed shares add up: {shares}"
    );
}

#[test]
fn the_breakdown_by_campaign_names_the_model() {
    let r = report(Dimension::Campaign);
    let dbs = r.body.breakdown.iter().find(|g| g.key == "2002").unwrap();
    assert_eq!(dbs.model.as_deref(), Some("DBS"));
    assert_eq!((dbs.opened, dbs.closed), (3, 2));
}

#[test]
fn the_headline_sets_each_measure_against_the_previous_period() {
    let r = report(Dimension::Cause);
    let h = |id: &str| {
        let x = r.headline.iter().find(|h| h.id == id).unwrap();
        (x.current, x.previous, x.change)
    };
    assert_eq!(r.headline.len(), headline::IDS.len());
    assert_eq!(h("incidents_opened"), (Some(6.0), Some(1.0), Some(5.0)));
    assert_eq!(h("incidents_closed"), (Some(3.0), Some(1.0), Some(2.0)));
    // 1 of 3 closed was the seller's now, 1 of 1 before.
    let (c, p, ch) = h("seller_fault_share");
    assert_eq!((c, p), (Some(1.0 / 3.0), Some(1.0)));
    assert_eq!(ch, Some(-0.666667));
    assert_eq!(
        h("detect_median_seconds"),
        (Some(1800.0), Some(300.0), Some(1500.0))
    );
    assert_eq!(h("compensation"), (Some(1800.0), Some(0.0), Some(1800.0)));
    assert_eq!(
        h("first_contact_median_seconds").1,
        None,
        "nothing to measure before"
    );
    assert_eq!(r.previous_period.since, "2026-11-13");
}

#[test]
fn the_orders_behind_a_bar_are_exactly_the_ones_it_counts() {
    let (_d, c) = world();
    let data = load(&c, &period()).unwrap();
    let p = period();
    let r = compute(&data, &p, Dimension::Cause, now());
    assert!(!r.body.causes.is_empty() && !r.body.carriers.is_empty());
    for cause in &r.body.causes {
        let listed = orders_in_group(&data, &p, Dimension::Cause, &cause.cause);
        assert_eq!(listed.len() as u64, cause.count, "cause {}", cause.cause);
    }
    for carrier in &r.body.carriers {
        let listed = orders_in_group(&data, &p, Dimension::Carrier, &carrier.carrier);
        assert_eq!(
            listed.len() as u64,
            carrier.orders,
            "carrier {}",
            carrier.carrier
        );
    }
    // Closed with carrier_delay in the period: the incidents of B3 and B2, latest first.
    assert_eq!(
        orders_in_group(&data, &p, Dimension::Cause, "carrier_delay"),
        vec![B3, B2]
    );
}

#[test]
fn an_empty_cache_gives_a_report_of_zeros_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open(&dir.path().join("c.db")).unwrap();
    let r = build(&c, &period(), Dimension::Carrier, now()).unwrap();
    assert_eq!(r.body.incidents.opened, 0);
    assert_eq!(r.body.rates.late_shipment.total.share, None);
    assert!(r.body.breakdown.is_empty() && r.body.carriers.is_empty());
    for f in [Format::Table, Format::Md, Format::Csv, Format::Json] {
        assert!(!render(&r, f, Lang::En).is_empty());
    }
}

#[test]
fn the_table_follows_the_language_and_names_causes_in_words() {
    let r = report(Dimension::Cause);
    let ru = render(&r, Format::Table, Lang::Ru);
    assert!(
        ru.contains("Разбор инцидентов: 2026-11-20 — 2026-11-26"),
        "{ru}"
    );
    assert!(ru.contains("Задержка у службы доставки"), "{ru}");
    assert!(ru.contains("66,7 %"), "{ru}");
    let en = render(&r, Format::Table, Lang::En);
    assert!(en.contains("Carrier transit delay"), "{en}");
    assert!(en.contains("Carrier scorecard"), "{en}");
    assert!(en.contains("66.7 %"), "{en}");
    // Columns line up: every row of a table is as wide as its rule at most.
    assert!(!en.lines().any(|l| l.ends_with(' ')), "no trailing blanks");
}

#[test]
fn money_shows_with_the_rouble_sign_and_groups_except_in_csv_and_json() {
    let r = report(Dimension::Cause);
    let ru = render(&r, Format::Table, Lang::Ru);
    assert!(ru.contains("Компенсации: 1\u{a0}800\u{a0}₽"), "{ru}");
    let md = render(&r, Format::Md, Lang::En);
    assert!(md.contains("Compensation given: 1,800\u{a0}₽"), "{md}");
    assert!(md.contains("| 1,000\u{a0}₽ |"), "{md}");
    let csv = render(&r, Format::Csv, Lang::Ru);
    assert!(
        csv.contains(",compensation_rub,"),
        "the unit is in the header"
    );
    assert!(
        csv.contains(",500.00,"),
        "a plain number a spreadsheet reads: {csv}"
    );
    assert!(!csv.contains('₽'));
    let json: serde_json::Value =
        serde_json::from_str(&render(&r, Format::Json, Lang::Ru)).unwrap();
    assert_eq!(
        json["cost"]["compensation"],
        serde_json::json!(1800.0),
        "roubles"
    );
}

#[test]
fn the_date_moves_note_counts_in_words() {
    let r = report(Dimension::Cause);
    let m = &r.body.cost.date_moves;
    let ru = render(&r, Format::Table, Lang::Ru);
    let en = render(&r, Format::Table, Lang::En);
    let days = crate::base::plural::DAYS;
    assert!(
        ru.contains(&format!(
            "сдвиг в сумме — {}",
            days.count(m.shift_days, Lang::Ru)
        )),
        "{ru}"
    );
    assert!(
        en.contains(&format!("{} in all", days.count(m.shift_days, Lang::En))),
        "{en}"
    );
    assert!(
        !ru.contains("переносов: "),
        "no label-and-number for a count: {ru}"
    );
}

#[test]
fn markdown_escapes_pipes_in_names_from_outside() {
    let mut r = report(Dimension::Carrier);
    r.body.breakdown[0].key = "Курьер | Экспресс".into();
    let md = render(&r, Format::Md, Lang::Ru);
    assert!(md.starts_with("# Разбор инцидентов"), "{md}");
    assert!(md.contains("Курьер \\| Экспресс"), "{md}");
    assert!(md.contains("| --- |"), "{md}");
}

#[test]
fn the_csv_has_a_header_and_one_row_per_group_with_cyrillic_labels() {
    let r = report(Dimension::Cause);
    let csv = render(&r, Format::Csv, Lang::Ru);
    let body = csv
        .strip_prefix('\u{FEFF}')
        .expect("a byte-order mark first");
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert!(
        lines[0].starts_with("since,until,by,key,label,"),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines.len(),
        r.body.breakdown.len() + 2,
        "header, rows, final CRLF"
    );
    assert!(
        lines[1].starts_with(
            "2026-11-20,2026-11-26,cause,carrier_delay,Задержка у службы доставки,carrier,,"
        ),
        "{}",
        lines[1]
    );
}

#[test]
fn an_incident_on_an_order_outside_the_periods_dates_still_has_its_carrier() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
    let mut o = boxberry(order(
        999,
        M::FBS,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
    ));
    o.ship_date = Some(d("2026-10-01"));
    put(&mut c, o, "2026-10-01T09:00:00Z");
    open(&mut c, 999, "2026-11-24T09:00:00Z");
    let r = build(&c, &period(), Dimension::Carrier, now()).unwrap();
    let keys: Vec<(&str, u64)> = r
        .body
        .breakdown
        .iter()
        .map(|g| (g.key.as_str(), g.opened))
        .collect();
    assert_eq!(keys, vec![(BOXBERRY, 1)]);
    assert_eq!(
        r.body.rates.late_shipment.total.denominator, 0,
        "its rates are not the period's"
    );
}

#[test]
fn cost_counts_the_unredeemed_parcels_opened_in_the_period_by_carrier() {
    use super::rows::UnredeemedRow;
    let at = |s: &str| t(s).timestamp();
    let data = Dataset {
        unredeemed: vec![
            UnredeemedRow {
                order_id: 1,
                created_at: at("2026-11-21T10:00:00Z"),
                value: rub(1500),
                carrier: "СДЭК".into(),
            },
            UnredeemedRow {
                order_id: 2,
                created_at: at("2026-11-25T10:00:00Z"),
                value: Money::from_kopecks(50_050),
                carrier: "СДЭК".into(),
            },
            // Before the period: the previous one's.
            UnredeemedRow {
                order_id: 3,
                created_at: at("2026-11-15T10:00:00Z"),
                value: rub(9999),
                carrier: "Boxberry".into(),
            },
        ],
        ..Dataset::default()
    };
    let u = cost::cost(&data, &period()).unredeemed;
    assert_eq!((u.parcels, u.value), (2, Money::from_kopecks(200_050)));
    assert_eq!(u.by_carrier.len(), 1);
    assert_eq!(
        (u.by_carrier[0].key.as_str(), u.by_carrier[0].entries),
        ("СДЭК", 2)
    );
}
