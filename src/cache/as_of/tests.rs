use super::*;
use crate::domain::incident::fixtures;
use crate::domain::order::Order;
use crate::market::enums::ProgramType;

fn order(cancel: bool, ship: &str, updated: &str) -> Order {
    let mut o = fixtures::order(ProgramType::DBS);
    o.order_id = 7;
    o.cancel_requested = cancel;
    o.ship_date = ship.parse().ok();
    o.updated_at = updated.parse().ok();
    o
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

#[test]
fn the_state_at_a_moment_is_rebuilt_from_the_changes_seen_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
    c.upsert_orders(
        &[order(true, "2026-07-10", "2026-07-05T10:00:00Z")],
        t("2026-07-05T10:00:00Z"),
    )
    .unwrap();
    c.upsert_orders(
        &[order(false, "2026-07-11", "2026-07-06T10:00:00Z")],
        t("2026-07-06T10:00:00Z"),
    )
    .unwrap();
    let before = KnownAt {
        cancel_requested: true,
        ship_date: "2026-07-10".parse().ok(),
    };
    let after = KnownAt {
        cancel_requested: false,
        ship_date: "2026-07-11".parse().ok(),
    };
    assert_eq!(
        c.known_at(7, t("2026-07-05T12:00:00Z")).unwrap(),
        Some(before)
    );
    assert_eq!(
        c.known_at(7, t("2026-07-06T12:00:00Z")).unwrap(),
        Some(after)
    );
    assert_eq!(
        c.known_at(7, t("2026-07-04T12:00:00Z")).unwrap(),
        None,
        "not seen yet"
    );
    assert_eq!(c.known_at(8, t("2026-07-06T12:00:00Z")).unwrap(), None);
}
