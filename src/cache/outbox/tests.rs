//! Unit tests of the outbox's SQL on a temporary cache file.

use chrono::{DateTime, Duration, Utc};

use super::*;
use crate::domain::write::{OutboxWrite, WriteKind};

fn at(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000 + s, 0).unwrap()
}

fn temp() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let cache = Cache::open(&dir.path().join("cache.db")).unwrap();
    (dir, cache)
}

fn chat(key: &str, order: i64, text: &str) -> OutboxWrite {
    OutboxWrite {
        key: key.into(),
        kind: WriteKind::ChatMessage { text: text.into() },
        order_id: Some(order),
        campaign_id: 10,
        business_id: 20,
        incident_id: None,
        created_by: "anna".into(),
    }
}

const LEASE: Duration = Duration::seconds(15);

#[test]
fn the_same_key_twice_is_one_row() {
    let (_d, mut c) = temp();
    let a = c.enqueue(&chat("k1", 1, "hello"), at(0)).unwrap();
    let b = c.enqueue(&chat("k1", 1, "other text"), at(5)).unwrap();
    assert_eq!(a, b);
    let rows = c.outbox_for_order(1).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].payload, r#"{"text":"hello"}"#);
    assert_eq!(rows[0].state, OutboxState::Queued);
    assert_eq!(rows[0].kind, "chat_message");
    assert_eq!(rows[0].created_by, "anna");
}

#[test]
fn a_claim_takes_each_row_once_and_counts_the_attempt() {
    let (_d, mut c) = temp();
    c.enqueue(&chat("k1", 1, "a"), at(0)).unwrap();
    c.enqueue(&chat("k2", 2, "b"), at(0)).unwrap();
    let r1 = c.claim_outbox("w1", at(1), LEASE).unwrap().unwrap();
    let r2 = c.claim_outbox("w2", at(1), LEASE).unwrap().unwrap();
    assert_ne!(r1.id, r2.id);
    assert_eq!((r1.state, r1.attempts), (OutboxState::Sending, 1));
    assert_eq!(r1.worker.as_deref(), Some("w1"));
    assert!(c.claim_outbox("w3", at(2), LEASE).unwrap().is_none());
}

#[test]
fn writes_of_one_order_go_in_order() {
    let (_d, mut c) = temp();
    let first = c.enqueue(&chat("k1", 1, "first"), at(0)).unwrap();
    let second = c.enqueue(&chat("k2", 1, "second"), at(0)).unwrap();
    let r = c.claim_outbox("w", at(1), LEASE).unwrap().unwrap();
    assert_eq!(r.id, first);
    // The second waits while the first is being sent, and while it waits to be retried.
    assert!(c.claim_outbox("w", at(1), LEASE).unwrap().is_none());
    assert!(c.outbox_retry(first, "w", "503", at(10)).unwrap());
    assert!(c.claim_outbox("w", at(2), LEASE).unwrap().is_none());
    let r = c.claim_outbox("w", at(10), LEASE).unwrap().unwrap();
    assert_eq!((r.id, r.attempts), (first, 2));
    assert_eq!(r.last_error.as_deref(), Some("503"));
    assert!(c.outbox_sent(first, r#"{"status":"OK"}"#, at(11)).unwrap());
    let r = c.claim_outbox("w", at(11), LEASE).unwrap().unwrap();
    assert_eq!(r.id, second);
}

#[test]
fn a_row_left_sending_is_taken_again_after_its_lease_and_renewal_keeps_it() {
    let (_d, mut c) = temp();
    let id = c.enqueue(&chat("k1", 1, "a"), at(0)).unwrap();
    c.claim_outbox("dead", at(0), LEASE).unwrap().unwrap();
    assert!(c.claim_outbox("w2", at(10), LEASE).unwrap().is_none());
    assert!(c.renew_outbox_claim(id, "dead", at(10) + LEASE).unwrap());
    assert!(c.claim_outbox("w2", at(20), LEASE).unwrap().is_none());
    let r = c.claim_outbox("w2", at(26), LEASE).unwrap().unwrap();
    assert_eq!((r.id, r.attempts), (id, 2));
    // The first worker's late renewal and retry no longer touch it.
    assert!(!c.renew_outbox_claim(id, "dead", at(30)).unwrap());
    assert!(!c.outbox_retry(id, "dead", "x", at(30)).unwrap());
}

#[test]
fn a_refusal_goes_on_the_row_and_the_incident_and_into_the_summary() {
    let (_d, mut c) = temp();
    c.conn
        .execute(
            "INSERT INTO incidents(id, order_id, opened_at, opened_by) VALUES (7, 1, 0, 'anna')",
            [],
        )
        .unwrap();
    let mut w = chat("k1", 1, "a");
    w.incident_id = Some(7);
    let id = c.enqueue(&w, at(0)).unwrap();
    c.enqueue(&chat("k2", 2, "b"), at(0)).unwrap();
    c.claim_outbox("w", at(1), LEASE).unwrap().unwrap();
    let msg = "Status not allowed (HTTP 400 STATUS_NOT_ALLOWED)";
    assert!(c.outbox_failed(id, msg, None, at(2)).unwrap());
    let row = c.outbox_row(id).unwrap().unwrap();
    assert_eq!(row.state, OutboxState::Failed);
    assert_eq!(row.last_error.as_deref(), Some(msg));
    assert_eq!(row.finished_at, Some(at(2)));
    let on_incident: Option<String> = c
        .conn
        .query_row("SELECT last_error FROM incidents WHERE id = 7", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(on_incident.as_deref(), Some(msg));
    // A finished row is not finished again.
    assert!(!c.outbox_sent(id, "{}", at(3)).unwrap());

    let r = c.claim_outbox("w", at(3), LEASE).unwrap().unwrap();
    c.outbox_retry(r.id, "w", "HTTP 503", at(60)).unwrap();
    let s = c.outbox_summary(at(0)).unwrap();
    assert_eq!((s.queued, s.sending, s.retrying, s.failed), (1, 0, 1, 1));
    assert_eq!(s.last_failure.as_ref().map(|f| f.error.as_str()), Some(msg));
    assert_eq!(s.last_failure.as_ref().and_then(|f| f.order_id), Some(1));
    assert_eq!(s.retry_error.as_deref(), Some("HTTP 503"));
    // Old refusals drop out of the footer.
    let s = c.outbox_summary(at(100)).unwrap();
    assert_eq!((s.failed, s.last_failure), (0, None));
}

#[test]
fn chats_and_their_messages_are_cached() {
    use crate::market::enums::ChatSender;
    use crate::market::wire::ChatMessage;
    let (_d, mut c) = temp();
    assert_eq!(c.chat_id(1).unwrap(), None);
    c.set_chat(1, 20, 555, at(0)).unwrap();
    assert_eq!(c.chat_id(1).unwrap(), Some(555));
    let m = |id: i64, sender: ChatSender, text: &str| ChatMessage {
        message_id: id,
        created_at: at(id).fixed_offset(),
        sender,
        message: Some(text.into()),
        payload: Vec::new(),
    };
    let msgs = [
        m(1, ChatSender::CUSTOMER, "где заказ?"),
        m(2, ChatSender::PARTNER, "уже едет"),
    ];
    assert_eq!(c.store_chat_messages(555, 1, &msgs, at(5)).unwrap(), 2);
    assert_eq!(c.store_chat_messages(555, 1, &msgs, at(6)).unwrap(), 0);
    let got = c.chat_messages(1).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (got[1].sender.as_str(), got[1].text.as_str()),
        ("PARTNER", "уже едет")
    );
    c.forget_chat(1).unwrap();
    assert_eq!(c.chat_id(1).unwrap(), None);
}
