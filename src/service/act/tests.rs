use super::*;
use crate::domain::incident::compensation::default_catalogue;
use crate::domain::incident::fixtures::{afternoon, ctx, d, dbs};
use crate::market::enums::{DeliveryDateReason, OrderStatus as S, OrderSubstatus as Sub};

const ORDER: i64 = 48_356_963_868;

/// A cache holding one DBS order in PROCESSING/STARTED with an open incident.
fn cache_with_incident() -> (tempfile::TempDir, Cache) {
    let (dir, mut c) = cache_with_order();
    c.open_incidents(&[(ORDER, "ship_late")], afternoon())
        .unwrap();
    (dir, c)
}

/// A cache holding one DBS order in PROCESSING/STARTED.
fn cache_with_order() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("cache.db")).unwrap();
    let order = dbs(S::PROCESSING, Sub::STARTED);
    c.upsert_orders(&[order], afternoon()).unwrap();
    (dir, c)
}

fn chat(text: &str, nonce: &str) -> ConfirmedWrite {
    ConfirmedWrite {
        order_id: ORDER,
        action: WriteAction::ChatMessage { text: text.into() },
        nonce: nonce.into(),
    }
}

fn version(c: &Cache) -> i64 {
    c.incident(ORDER).unwrap().unwrap().version
}

#[test]
fn a_confirmed_write_is_queued_audited_claimed_and_settles_its_step() {
    let (_d, mut c) = cache_with_incident();
    let id = Actor::new(&mut c, "anna", afternoon())
        .write(&chat("Здравствуйте! Заказ задерживается.", "n1"), &ctx())
        .unwrap();
    let row = c.outbox_row(id).unwrap().unwrap();
    assert_eq!(row.kind, "chat_message");
    assert_eq!(row.created_by, "anna");
    let audit: Vec<String> = c
        .audit_for(ORDER)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert!(
        audit.contains(&"write:chat_message".to_owned()),
        "{audit:?}"
    );
    assert!(
        audit.contains(&"claim".to_owned()),
        "acting claims: {audit:?}"
    );
    let inc = c.incident(ORDER).unwrap().unwrap();
    assert!(inc.steps[&Step::Notify].done);
}

#[test]
fn the_same_confirmation_queued_twice_is_one_write() {
    let (_d, mut c) = cache_with_incident();
    let w = chat("Здравствуйте!", "same");
    let a = Actor::new(&mut c, "anna", afternoon())
        .write(&w, &ctx())
        .unwrap();
    let b = Actor::new(&mut c, "anna", afternoon())
        .write(&w, &ctx())
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(c.outbox_for_order(ORDER).unwrap().len(), 1);
    let writes = c
        .audit_for(ORDER)
        .unwrap()
        .into_iter()
        .filter(|a| a.action.starts_with("write:"))
        .count();
    assert_eq!(writes, 1);
}

#[test]
fn a_message_the_lint_blocks_is_refused_and_nothing_is_queued() {
    let (_d, mut c) = cache_with_incident();
    let err = Actor::new(&mut c, "anna", afternoon())
        .write(&chat("Позвоните мне: +7 912 345-67-89", "n1"), &ctx())
        .unwrap_err();
    assert!(matches!(err, ActError::Refused { .. }), "{err}");
    assert!(c.outbox_for_order(ORDER).unwrap().is_empty());
}

#[test]
fn a_date_move_without_a_reason_is_refused() {
    let (_d, mut c) = cache_with_incident();
    let w = ConfirmedWrite {
        order_id: ORDER,
        action: WriteAction::MoveDeliveryDate {
            reason: None,
            new_date: d("2026-12-06"),
        },
        nonce: "n".into(),
    };
    assert!(
        Actor::new(&mut c, "anna", afternoon())
            .write(&w, &ctx())
            .is_err()
    );
    let with_reason = ConfirmedWrite {
        action: WriteAction::MoveDeliveryDate {
            reason: Some(DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES),
            new_date: d("2026-12-06"),
        },
        ..w
    };
    let id = Actor::new(&mut c, "anna", afternoon())
        .write(&with_reason, &ctx())
        .unwrap();
    assert_eq!(c.outbox_row(id).unwrap().unwrap().kind, "delivery_date");
}

#[test]
fn another_agents_order_is_refused_until_taken_over() {
    let (_d, mut c) = cache_with_incident();
    Actor::new(&mut c, "boris", afternoon())
        .claim(ORDER, false)
        .unwrap();
    let v = version(&c);
    let err = Actor::new(&mut c, "anna", afternoon())
        .step_done(ORDER, v, None)
        .unwrap_err();
    assert!(matches!(err, ActError::HeldBy { ref holder, .. } if holder == "boris"));
    assert!(
        Actor::new(&mut c, "anna", afternoon())
            .write(&chat("Здравствуйте!", "n"), &ctx())
            .is_err()
    );
    Actor::new(&mut c, "anna", afternoon())
        .claim(ORDER, true)
        .unwrap();
    Actor::new(&mut c, "anna", afternoon())
        .step_done(ORDER, v, Some("carrier confirmed".into()))
        .unwrap();
}

#[test]
fn an_act_on_a_stale_version_is_a_conflict_and_overwrites_nothing() {
    let (_d, mut c) = cache_with_incident();
    let v = version(&c);
    Actor::new(&mut c, "anna", afternoon())
        .note(ORDER, v, "first")
        .unwrap();
    let err = Actor::new(&mut c, "anna", afternoon())
        .note(ORDER, v, "second")
        .unwrap_err();
    assert!(matches!(err, ActError::Conflict(_)));
    let notes = c.incident(ORDER).unwrap().unwrap().notes;
    assert!(
        notes.contains("first") && !notes.contains("second"),
        "{notes}"
    );
}

#[test]
fn closing_needs_a_root_cause_and_records_its_owner() {
    let (_d, mut c) = cache_with_incident();
    let v = version(&c);
    let none = Closing {
        cause: None,
        detected_before_buyer: Some(true),
        lesson: None,
    };
    let err = Actor::new(&mut c, "anna", afternoon())
        .close(ORDER, v, none.clone())
        .unwrap_err();
    assert!(matches!(err, ActError::Refused { .. }));
    assert!(c.incident(ORDER).unwrap().unwrap().closed_at.is_none());
    let cause = RootCause::ALL[0];
    let closed = Actor::new(&mut c, "anna", afternoon())
        .close(
            ORDER,
            v,
            Closing {
                cause: Some(cause),
                ..none
            },
        )
        .unwrap();
    assert_eq!(closed.root_cause, Some(cause));
    assert_eq!(closed.fault_owner, Some(cause.owner()));
    assert_eq!(closed.detected_before_buyer, Some(true));
}

#[test]
fn a_skip_needs_a_reason() {
    let (_d, mut c) = cache_with_incident();
    let v = version(&c);
    // Step 1 (verify) cannot be skipped; settle it, then skip step 2 with and without a reason.
    let i = Actor::new(&mut c, "anna", afternoon())
        .step_done(ORDER, v, None)
        .unwrap();
    assert!(
        Actor::new(&mut c, "anna", afternoon())
            .skip_step(ORDER, i.version, "  ")
            .is_err()
    );
    let i = Actor::new(&mut c, "anna", afternoon())
        .skip_step(ORDER, i.version, "buyer already told by phone")
        .unwrap();
    assert_eq!(i.step, Step::Reroute);
}

#[test]
fn compensation_above_the_daily_limit_needs_a_lead_other_than_the_agent() {
    let (_d, mut c) = cache_with_incident();
    let kind = default_catalogue().remove(0);
    let over = kind.per_agent_limit + 1.0;
    let v = version(&c);
    for lead in [None, Some("anna")] {
        let err = Actor::new(&mut c, "anna", afternoon())
            .compensate(ORDER, v, &kind, over, lead)
            .unwrap_err();
        assert!(matches!(err, ActError::Refused { .. }));
    }
    let i = Actor::new(&mut c, "anna", afternoon())
        .compensate(ORDER, v, &kind, over, Some("lead-olga"))
        .unwrap();
    assert_eq!(i.compensation[0].confirmed_by.as_deref(), Some("lead-olga"));
    let given = Actor::new(&mut c, "anna", afternoon())
        .given_today(&kind.id)
        .unwrap();
    assert_eq!(given, over);
}

#[test]
fn the_first_steps_outcome_is_the_carriers_answer() {
    let (_d, mut c) = cache_with_incident();
    let v = version(&c);
    let i = Actor::new(&mut c, "anna", afternoon())
        .step_done(ORDER, v, Some("CDEK: parcel found, ETA Friday".into()))
        .unwrap();
    assert_eq!(
        i.carrier_answer.as_deref(),
        Some("CDEK: parcel found, ETA Friday")
    );
}

#[test]
fn a_close_knows_whether_the_buyer_wrote_before_the_incident_opened() {
    use crate::market::wire::ChatMessage;
    for (minutes, before) in [(-60, false), (60, true)] {
        let (_d, mut c) = cache_with_incident();
        let opened = c.incident(ORDER).unwrap().unwrap().opened_at;
        let msg: ChatMessage = serde_json::from_value(serde_json::json!({
            "messageId": 1,
            "createdAt": (opened + Duration::minutes(minutes)).to_rfc3339(),
            "sender": "CUSTOMER",
            "message": "Где мой заказ?"
        }))
        .unwrap();
        c.set_chat(ORDER, 7, 55, afternoon()).unwrap();
        c.store_chat_messages(55, ORDER, &[msg], afternoon())
            .unwrap();
        let v = version(&c);
        let closed = Actor::new(&mut c, "anna", afternoon())
            .close(
                ORDER,
                v,
                Closing {
                    cause: Some(RootCause::ALL[0]),
                    detected_before_buyer: None,
                    lesson: None,
                },
            )
            .unwrap();
        assert_eq!(closed.detected_before_buyer, Some(before), "{minutes}");
    }
}

#[test]
fn claiming_an_order_without_an_incident_opens_one_by_hand() {
    let (_dir, mut c) = cache_with_order();
    assert!(c.incident(ORDER).unwrap().is_none());
    Actor::new(&mut c, "anna", afternoon())
        .claim(ORDER, false)
        .unwrap();
    let i = c.incident(ORDER).unwrap().expect("opened");
    assert_eq!(i.opened_by, "anna");
}

#[test]
fn a_message_queued_removes_the_draft_it_was_written_in() {
    let (_d, mut c) = cache_with_incident();
    let text = "Здравствуйте! Заказ задерживается.";
    c.save_draft(ORDER, "anna", None, "buyer", text, afternoon())
        .unwrap();
    c.save_draft(ORDER, "boris", None, "buyer", text, afternoon())
        .unwrap();
    Actor::new(&mut c, "anna", afternoon())
        .write(&chat(text, "n1"), &ctx())
        .unwrap();
    assert_eq!(c.draft(ORDER, "anna").unwrap(), None);
    assert!(
        c.draft(ORDER, "boris").unwrap().is_some(),
        "another agent's draft is theirs"
    );
}
