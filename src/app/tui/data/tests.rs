use super::*;
use crate::domain::incident::fixtures::{order, t};
use crate::market::enums::{OrderStatus, OrderSubstatus, ProgramType};
use crate::service::assess;

fn ids(s: &Snapshot) -> Vec<i64> {
    let mut v: Vec<i64> = s.rows.iter().map(|r| r.order.order_id).collect();
    v.sort_unstable();
    v
}

#[test]
fn after_the_first_load_only_changed_orders_and_changed_claims_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
    let now = t("2026-11-30T08:00:00+03:00");
    let orders: Vec<Order> = (1..=5)
        .map(|id| Order {
            order_id: id,
            ..order(ProgramType::FBS)
        })
        .collect();
    c.upsert_orders(&orders, now).unwrap();
    let mut loader = Loader::new();
    assert_eq!(ids(&loader.all(&c, now).unwrap()), vec![1, 2, 3, 4, 5]);
    assert!(
        loader.changes(&c, now).unwrap().rows.is_empty(),
        "nothing changed"
    );

    // The Market moved order 3; its risk was assessed too.
    let moved = Order {
        order_id: 3,
        substatus: OrderSubstatus::READY_TO_SHIP,
        updated_at: Some(now),
        ..order(ProgramType::FBS)
    };
    c.upsert_orders(&[moved], now).unwrap();
    assess::reassess(
        &mut c,
        &[3],
        now,
        &crate::domain::risk::Thresholds::default(),
    )
    .unwrap();
    let delta = loader.changes(&c, now).unwrap();
    assert!(delta.delta);
    assert_eq!(ids(&delta), vec![3]);

    // Someone claims order 5: its row comes again, with the claimant.
    c.claim(5, "anna", false, chrono::Duration::minutes(30), now)
        .unwrap();
    let delta = loader.changes(&c, now).unwrap();
    assert_eq!(ids(&delta), vec![5]);
    assert_eq!(delta.rows[0].claimed_by.as_deref(), Some("anna"));

    // The claim lapses with time alone: the row comes again, unclaimed.
    let later = now + chrono::Duration::minutes(31);
    let delta = loader.changes(&c, later).unwrap();
    assert_eq!(ids(&delta), vec![5]);
    assert_eq!(delta.rows[0].claimed_by, None);

    // An order leaving its risk is seen leave.
    let gone = Order {
        order_id: 1,
        status: OrderStatus::DELIVERED,
        substatus: OrderSubstatus::DELIVERY_SERVICE_DELIVERED,
        updated_at: Some(later),
        ..order(ProgramType::FBS)
    };
    let due_soon = t("2026-11-30T11:00:00+03:00");
    assess::reassess(
        &mut c,
        &[1],
        due_soon,
        &crate::domain::risk::Thresholds::default(),
    )
    .unwrap();
    loader.changes(&c, due_soon).unwrap();
    c.upsert_orders(&[gone], due_soon).unwrap();
    assess::reassess(
        &mut c,
        &[1],
        due_soon,
        &crate::domain::risk::Thresholds::default(),
    )
    .unwrap();
    let delta = loader.changes(&c, due_soon).unwrap();
    assert_eq!(ids(&delta), vec![1]);
    assert!(delta.rows[0].assessment.matches.is_empty());
}

#[test]
fn the_first_frames_rows_are_the_top_of_the_at_risk_list_and_the_agents_own_orders() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
    let now = t("2026-11-30T08:00:00+03:00");
    // FBS orders shipping over several days, some overdue, of a few values: the
    // list's order depends on severity, deadline and value alike.
    let orders: Vec<Order> = (1..=60)
        .map(|id| {
            let mut o = Order {
                order_id: id,
                ..order(ProgramType::FBS)
            };
            o.ship_date = o.ship_date.map(|d| d + chrono::Duration::days(id % 5 - 2));
            o.value =
                crate::base::money::Money::from_rubles([500, 2_000, 7_000][(id % 3) as usize]);
            o
        })
        .collect();
    c.upsert_orders(&orders, now).unwrap();
    let all_ids: Vec<i64> = (1..=60).collect();
    let th = crate::domain::risk::Thresholds::default();
    assess::reassess(&mut c, &all_ids, t("2026-11-30T15:00:00+03:00"), &th).unwrap();
    c.claim(59, "me", false, chrono::Duration::minutes(30), now)
        .unwrap();
    let whole = Loader::for_agent("me").at_risk(&c, now).unwrap();
    assert!(whole.rows.len() > 20, "{} at risk", whole.rows.len());
    let top: Vec<i64> = whole
        .rows
        .iter()
        .take(7)
        .map(|r| r.order.order_id)
        .collect();
    let first = Loader::for_agent("me").first(&c, now, 7).unwrap();
    let drawn: Vec<i64> = first.rows.iter().map(|r| r.order.order_id).collect();
    assert_eq!(&drawn[..7], &top[..], "the top of the list, in its order");
    assert!(!top.contains(&59));
    assert!(drawn.contains(&59), "the agent's own order is there too");
    assert!(!first.complete);
}
