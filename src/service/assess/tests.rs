use super::*;
use crate::domain::incident::fixtures::{order, t};
use crate::domain::risk::Rule;
use crate::market::enums::ProgramType;

fn cache_with_fbs_order() -> (tempfile::TempDir, Cache, i64) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
    // Ships Nov 30 at 14:00 Moscow; at risk ("due soon") from 10:00.
    let o = order(ProgramType::FBS);
    let id = o.order_id;
    c.upsert_orders(&[o], t("2026-11-30T08:00:00+03:00"))
        .unwrap();
    (dir, c, id)
}

#[test]
fn a_tick_fires_a_time_driven_rule_at_its_threshold_and_opens_the_incident_then() {
    let (_d, mut c, id) = cache_with_fbs_order();
    let th = Thresholds::default();
    let at = t("2026-11-30T08:00:00+03:00");
    let done = reassess(&mut c, &[id], at, &th).unwrap();
    assert_eq!((done.orders, done.at_risk, done.opened), (1, 0, 0));
    assert!(c.risk_of(id).unwrap().matches.is_empty());

    // Before the threshold a tick finds nothing due.
    assert_eq!(
        tick(&mut c, t("2026-11-30T09:59:00+03:00"), &th)
            .unwrap()
            .orders,
        0
    );
    // At it, the order is assessed again without any change from the Market.
    let fired = t("2026-11-30T10:00:00+03:00");
    let done = tick(&mut c, fired, &th).unwrap();
    assert_eq!((done.orders, done.at_risk, done.opened), (1, 1, 1));
    let stored = c.risk_of(id).unwrap();
    assert_eq!(stored.worst().map(|m| m.rule), Some(Rule::ShipmentDueSoon));
    let incident = c.incident(id).unwrap().unwrap();
    assert_eq!(incident.opened_at, fired, "opened when it was detected");
    assert_eq!(incident.first_rule.as_deref(), Some("shipment_due_soon"));

    // Past the ship time it turns overdue at the next tick after it.
    let done = tick(&mut c, t("2026-11-30T14:00:01+03:00"), &th).unwrap();
    assert_eq!(done.opened, 0, "the incident is already open");
    assert_eq!(
        c.risk_of(id).unwrap().worst().map(|m| m.rule),
        Some(Rule::ShipmentOverdue)
    );
}

#[test]
fn changed_thresholds_redo_every_stored_assessment_once() {
    let (_d, mut c, id) = cache_with_fbs_order();
    let at = t("2026-11-30T11:00:00+03:00");
    let th = Thresholds::default();
    assert!(ensure_current(&mut c, at, &th).unwrap().is_some());
    assert_eq!(c.risk_of(id).unwrap().matches.len(), 1, "due soon at 11:00");
    assert!(
        ensure_current(&mut c, at, &th).unwrap().is_none(),
        "done once"
    );
    let narrower = Thresholds {
        ship_due_soon_hours: 2,
        ..Thresholds::default()
    };
    assert!(ensure_current(&mut c, at, &narrower).unwrap().is_some());
    assert!(
        c.risk_of(id).unwrap().matches.is_empty(),
        "3 h before the ship time is no longer 'soon'"
    );
}

mod closing {
    use super::*;
    use crate::domain::incident::fixtures::{order, t};
    use crate::domain::incident::steps::RootCause;
    use crate::market::enums::{OrderSubstatus, ProgramType};
    use crate::service::apply::apply;
    use crate::service::command::Command;
    use crate::service::command::Context;

    #[test]
    fn an_order_whose_incident_is_closed_is_not_at_risk_until_the_market_changes_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
        let th = Thresholds::default();
        // Shipment overdue since 14:00.
        let at = t("2026-11-30T15:00:00+03:00");
        let o = order(ProgramType::FBS);
        let id = o.order_id;
        c.upsert_orders(std::slice::from_ref(&o), at).unwrap();
        reassess(&mut c, &[id], at, &th).unwrap();
        assert!(c.risk_of(id).unwrap().is_at_risk());
        let version = c.incident(id).unwrap().unwrap().version;

        let ctx = Context::default();
        apply(
            &mut c,
            &ctx,
            "anna",
            at,
            &Command::Claim {
                order_id: id,
                take_over: false,
            },
        )
        .unwrap();
        let version = c.incident(id).unwrap().unwrap().version.max(version);
        apply(
            &mut c,
            &ctx,
            "anna",
            at,
            &Command::Close {
                order_id: id,
                version,
                cause: RootCause::ALL[0],
                lesson: None,
            },
        )
        .unwrap();
        assert!(
            !c.risk_of(id).unwrap().is_at_risk(),
            "resolved: not at risk"
        );
        assert_eq!(
            tick(&mut c, at + chrono::Duration::hours(5), &th)
                .unwrap()
                .at_risk,
            0
        );

        // The Market moves the order on: it is looked at again, and a new incident opens.
        let later = at + chrono::Duration::hours(6);
        let moved = crate::domain::order::Order {
            substatus: OrderSubstatus::READY_TO_SHIP,
            updated_at: Some(later),
            ..o
        };
        c.upsert_orders(&[moved], later).unwrap();
        let done = reassess(&mut c, &[id], later, &th).unwrap();
        assert_eq!((done.at_risk, done.opened), (1, 1));
    }
}
