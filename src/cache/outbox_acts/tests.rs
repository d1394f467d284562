//! A queued write can be withdrawn, never one being sent; a refused one sent again or
//! let be; each once, each in the trail under the agent's name.

use super::*;
use crate::domain::write::{OutboxWrite, WriteKind};

fn now() -> DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn queued(c: &mut Cache, key: &str) -> i64 {
    c.enqueue(
        &OutboxWrite {
            key: key.into(),
            kind: WriteKind::ChatMessage {
                text: format!("message {key}"),
            },
            order_id: Some(5),
            campaign_id: 21,
            business_id: 7,
            incident_id: None,
            created_by: "anna".into(),
        },
        now(),
    )
    .unwrap()
}

fn cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open(&dir.path().join("c.db")).unwrap();
    (dir, c)
}

#[test]
fn a_queued_write_is_withdrawn_once_and_the_worker_never_takes_it() {
    let (_d, mut c) = cache();
    let id = queued(&mut c, "a");
    let row = c
        .outbox_act(id, 5, OutboxAct::Cancel, "anna", now())
        .unwrap()
        .unwrap();
    assert_eq!(row.state, crate::cache::OutboxState::Cancelled);
    assert_eq!(
        c.outbox_act(id, 5, OutboxAct::Cancel, "anna", now())
            .unwrap(),
        None
    );
    assert_eq!(
        c.claim_outbox(
            "w",
            now() + chrono::Duration::hours(1),
            chrono::Duration::seconds(60)
        )
        .unwrap(),
        None
    );
    let audit = c.audit_for(5).unwrap();
    assert_eq!(audit[0].action, "cancel:chat_message");
    assert_eq!(audit[0].agent, "anna");
}

#[test]
fn a_write_being_sent_cannot_be_withdrawn() {
    let (_d, mut c) = cache();
    let id = queued(&mut c, "a");
    let taken = c
        .claim_outbox("w", now(), chrono::Duration::seconds(60))
        .unwrap()
        .unwrap();
    assert_eq!(taken.id, id);
    assert_eq!(
        c.outbox_act(id, 5, OutboxAct::Cancel, "anna", now())
            .unwrap(),
        None
    );
    assert_eq!(
        c.outbox_row(id).unwrap().unwrap().state,
        crate::cache::OutboxState::Sending
    );
}

#[test]
fn a_refused_write_is_sent_again_or_let_be_and_leaves_the_refusal_count() {
    let (_d, mut c) = cache();
    let a = queued(&mut c, "a");
    let b = queued(&mut c, "b");
    for id in [a, b] {
        c.claim_outbox("w", now(), chrono::Duration::seconds(60))
            .unwrap()
            .unwrap();
        c.outbox_failed(id, "HTTP 400: NOT_ALLOWED", None, now())
            .unwrap();
    }
    assert_eq!(c.outbox_summary(now()).unwrap().failed, 2);
    let again = c
        .outbox_act(a, 5, OutboxAct::Requeue, "anna", now())
        .unwrap()
        .unwrap();
    assert_eq!(again.state, crate::cache::OutboxState::Queued);
    c.outbox_act(b, 5, OutboxAct::Dismiss, "anna", now())
        .unwrap()
        .unwrap();
    let summary = c.outbox_summary(now()).unwrap();
    assert_eq!((summary.failed, summary.queued), (0, 1));
    assert_eq!(
        c.outbox_act(b, 5, OutboxAct::Requeue, "anna", now())
            .unwrap(),
        None,
        "a dismissed write stays dismissed"
    );
    assert_eq!(
        c.outbox_act(a, 99, OutboxAct::Cancel, "anna", now())
            .unwrap(),
        None,
        "another order's row is not touched"
    );
}
