use super::*;
use crate::domain::incident::fixtures::{afternoon, d, dbs};
use crate::market::enums::{DeliveryDateReason, OrderStatus as S, OrderSubstatus as Sub};

#[test]
fn a_date_move_for_several_orders_is_judged_on_each_orders_own_rules_and_claim() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("cache.db")).unwrap();
    let mut processing = dbs(S::PROCESSING, Sub::STARTED);
    processing.order_id = 1;
    let mut delivered = dbs(S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED);
    delivered.order_id = 2;
    let mut held = dbs(S::PROCESSING, Sub::STARTED);
    held.order_id = 3;
    c.upsert_orders(&[processing, delivered, held], afternoon())
        .unwrap();
    c.claim(
        3,
        "boris",
        false,
        chrono::Duration::minutes(30),
        afternoon(),
    )
    .unwrap();
    let action = WriteAction::MoveDeliveryDate {
        reason: Some(DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES),
        new_date: d("2026-11-30"),
    };
    let verdicts = check_each(
        &c,
        &Context::default(),
        "anna",
        afternoon(),
        &[1, 2, 3],
        &action,
    )
    .unwrap();
    let blocked: Vec<(i64, bool)> = verdicts
        .iter()
        .map(|v| (v.order_id, v.blocking.is_empty()))
        .collect();
    assert_eq!(blocked, vec![(1, true), (2, false), (3, false)]);
    assert!(verdicts[2].blocking.iter().any(|m| m.en.contains("boris")));
    assert_eq!(c.audit_for(1).unwrap().len(), 0, "a check changes nothing");
}
