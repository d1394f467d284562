use super::*;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

#[test]
fn quota_runs_out_and_comes_back_in_the_next_hour() {
    let l = Limits::new(None, Duration::from_secs(3600), Some(2));
    let e = Entity::Business(1);
    let now = t("2026-07-10T00:12:00Z");
    let q = l.quota_of(10_000);
    assert_eq!(l.consume("r", q, e, 1, now).unwrap().remaining, 1);
    assert_eq!(l.consume("r", q, e, 1, now).unwrap().remaining, 0);
    let refused = l.consume("r", q, e, 1, now).unwrap_err();
    assert_eq!(refused.until_header(), "Fri, 10 Jul 2026 01:00:00 GMT");
    assert!(l.consume("r", q, e, 1, t("2026-07-10T01:00:00Z")).is_ok());
    assert!(l.consume("other", q, e, 1, now).is_ok());
}

fn global(entity: Entity) -> Pool {
    Pool {
        entity,
        method: None,
    }
}

#[test]
fn parallel_limit_counts_only_admitted_requests() {
    let l = Arc::new(Limits::new(None, Duration::from_secs(3600), None));
    let e = global(Entity::Campaign(5));
    let a = l.enter(e, 2).unwrap();
    let _b = l.enter(e, 2).unwrap();
    assert!(l.enter(e, 2).is_none());
    assert!(l.enter(global(Entity::Campaign(6)), 2).is_some());
    drop(a);
    assert!(l.enter(e, 2).is_some());
    assert_eq!(l.max_in_flight().get("campaignId 5"), Some(&2));
}

#[test]
fn a_method_with_its_own_limit_has_its_own_pool() {
    let l = Arc::new(Limits::new(None, Duration::from_secs(3600), None));
    let entity = Entity::Business(1);
    let own = Pool {
        entity,
        method: Some("getBusinessOrders"),
    };
    assert_eq!(l.parallel_of(Some(6)), 6);
    assert_eq!(l.parallel_of(None), GLOBAL_PARALLEL);
    let held: Vec<_> = (0..6).map(|_| l.enter(own, 6).unwrap()).collect();
    assert!(l.enter(own, 6).is_none());
    assert!(
        l.enter(global(entity), GLOBAL_PARALLEL).is_some(),
        "the global pool of the business is untouched"
    );
    drop(held);
    assert_eq!(
        l.max_in_flight().get("businessId 1 (getBusinessOrders)"),
        Some(&6)
    );
    let overridden = Limits::new(Some(2), Duration::from_secs(3600), None);
    assert_eq!(overridden.parallel_of(Some(6)), 2);
}

#[test]
fn an_injected_block_lifts_at_its_time() {
    let l = Limits::new(None, Duration::from_secs(3600), None);
    let e = Entity::Business(1);
    let now = t("2026-07-10T00:12:00Z");
    let until = t("2026-07-10T00:12:01Z");
    assert_eq!(l.block("r", 100, e, now, until).until, until);
    assert!(l.consume("r", 100, e, 1, now).is_err());
    assert!(l.consume("r", 100, e, 1, until).is_ok());
}
