//! The durable outbox as a service account runs it: writes of every kind enqueued
//! through the library into a real SQLite file, sent by the real `ym-triage daemon
//! --once` to the simulated Market on a loopback port; a refused one ends on its row
//! and its incident with the Market's message.

use crate::support;

use std::time::Instant;

use chrono::{Days, Utc};
use serde_json::{Value, json};
use ym_triage::cache::{Cache, OutboxState};
use ym_triage::domain::write::WriteKind;
use ym_triage::market::enums::{
    CancellationRejectReason, DeliveryDateReason, OrderStatus, OrderSubstatus, ProgramType,
};
use ym_triage::market::wire::BusinessOrder;
use ym_triage::market::wire::write::{
    BatchStatusItem, BatchStatusRequest, CancellationAnswer, DeliveryDateChange,
    DeliveryDateRequest, StatusChange, StatusChangeRequest, StorageLimitRequest, TrackRequest,
};

use support::*;

#[test]
fn daemon_once_sends_each_kind_once_and_records_a_refusal() {
    // Midday in Moscow: at night no FBS order waits for a shipment after today.
    let now = msk_midday(Utc::now());
    let today = msk_today(now);
    let (dbs, fbs) = (ProgramType::DBS, ProgramType::FBS);
    let (st, sub) = (OrderStatus::PROCESSING, OrderSubstatus::STARTED);
    let seed = seed_with(1500, now, |w| {
        let n = |f: &dyn Fn(&BusinessOrder) -> bool| w.orders().iter().filter(|o| f(o)).count();
        n(&|o| is(o, dbs.clone(), st.clone(), sub.clone())) >= 4
            && n(&|o| {
                is(o, fbs.clone(), st.clone(), sub.clone())
                    && o.delivery
                        .shipment
                        .as_ref()
                        .is_some_and(|s| s.shipment_date > today)
            }) >= 2
            && n(&|o| {
                is(
                    o,
                    dbs.clone(),
                    OrderStatus::DELIVERY,
                    OrderSubstatus::DELIVERY_SERVICE_RECEIVED,
                )
            }) >= 1
            && n(&|o| {
                o.program_type == Some(dbs.clone())
                    && o.status == OrderStatus::PICKUP
                    && storage_limit(o).is_some()
            }) >= 1
            && n(&cancel_pending) >= 1
    });
    let m = Market::start(1500, seed, "", now);
    let b = m.sim().business_id();
    let (orders, service) = {
        let w = m.world();
        let w = w.lock().unwrap();
        (w.orders().to_vec(), w.delivery_services()[0].0)
    };
    let pick = |f: &dyn Fn(&BusinessOrder) -> bool| -> Vec<&BusinessOrder> {
        orders.iter().filter(|o| f(o)).collect()
    };
    let dbs_new = pick(&|o| is(o, dbs.clone(), st.clone(), sub.clone()));
    let fbs_new = pick(&|o| {
        is(o, fbs.clone(), st.clone(), sub.clone())
            && o.delivery
                .shipment
                .as_ref()
                .is_some_and(|s| s.shipment_date > today)
    });
    let in_delivery = pick(&|o| {
        is(
            o,
            dbs.clone(),
            OrderStatus::DELIVERY,
            OrderSubstatus::DELIVERY_SERVICE_RECEIVED,
        )
    })[0];
    let at_pickup = pick(&|o| {
        o.program_type == Some(dbs.clone())
            && o.status == OrderStatus::PICKUP
            && storage_limit(o).is_some()
    })[0];
    let cancelling = pick(&cancel_pending)[0];
    // The batch goes to two new DBS orders of one campaign.
    let batch: Vec<&BusinessOrder> = dbs_new
        .iter()
        .filter(|o| o.campaign_id == dbs_new[0].campaign_id)
        .take(2)
        .copied()
        .collect();
    assert_eq!(batch.len(), 2);
    let others: Vec<&BusinessOrder> = dbs_new
        .iter()
        .filter(|o| !batch.iter().any(|x| x.order_id == o.order_id))
        .copied()
        .collect();
    let (moved, forbidden) = (others[0], others[1]);
    let (readied, shipped_later) = (fbs_new[0], fbs_new[1]);
    let shipment = shipped_later
        .delivery
        .shipment
        .as_ref()
        .unwrap()
        .id
        .unwrap();
    let to = new_date(moved, today);
    let limit = storage_limit(at_pickup).unwrap() + Days::new(3);

    let env = Env::new();
    let mut cache = Cache::open(&env.db()).unwrap();
    let batch_req = BatchStatusRequest {
        orders: batch
            .iter()
            .map(|o| BatchStatusItem {
                id: o.order_id,
                status: OrderStatus::DELIVERY,
                substatus: Some(OrderSubstatus::DELIVERY_SERVICE_RECEIVED),
            })
            .collect(),
    };
    let track = TrackRequest {
        track_code: "OUTBOX-TRACK-1".into(),
        delivery_service_id: service,
    };
    let mut batch_write = write(batch[0], b, WriteKind::Statuses(batch_req.clone()), 2);
    batch_write.order_id = None;
    let mut transfer = write(
        shipped_later,
        b,
        WriteKind::Transfer {
            shipment_id: shipment,
            order_ids: vec![shipped_later.order_id],
        },
        7,
    );
    transfer.order_id = None;
    let chat_text = "Здравствуйте! Заказ передан в доставку, мы следим за ним.";
    let writes = vec![
        write(
            readied,
            b,
            status(st.clone(), OrderSubstatus::READY_TO_SHIP),
            1,
        ),
        batch_write,
        write(moved, b, date_move(to), 3),
        write(in_delivery, b, WriteKind::Track(track.clone()), 4),
        write(at_pickup, b, WriteKind::storage_limit(limit), 5),
        write(
            cancelling,
            b,
            WriteKind::CancellationAnswer(CancellationAnswer {
                accepted: true,
                reason: None,
            }),
            6,
        ),
        transfer,
        write(
            in_delivery,
            b,
            WriteKind::ChatMessage {
                text: chat_text.into(),
            },
            8,
        ),
    ];
    let mut ids = Vec::new();
    for w in &writes {
        ids.push(cache.enqueue(w, Utc::now()).unwrap());
        // Enqueueing the same confirmation again is the same row.
        assert_eq!(cache.enqueue(w, Utc::now()).unwrap(), *ids.last().unwrap());
    }
    // The refused one is linked to an incident, where the agent will see why.
    let incident: i64 = {
        let conn = rusqlite::Connection::open(env.db()).unwrap();
        conn.query_row(
            "INSERT INTO incidents(order_id, opened_at, opened_by) VALUES (?1, ?2, 'agent1') RETURNING id",
            rusqlite::params![forbidden.order_id, now.timestamp()],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut refused = write(
        forbidden,
        b,
        status(
            OrderStatus::DELIVERED,
            OrderSubstatus::DELIVERY_SERVICE_DELIVERED,
        ),
        9,
    );
    refused.incident_id = Some(incident);
    let refused_id = cache.enqueue(&refused, Utc::now()).unwrap();

    let started = Instant::now();
    let out = env.daemon(&m.sim().url()).arg("--once").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // A refusal makes `--once` exit 1, naming the order and the Market's reason.
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(
        stdout.contains("outbox: 8 sent, 1 failed, 0 retrying"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("refused: order {} status:", forbidden.order_id))
            && stdout.contains("STATUS_NOT_ALLOWED"),
        "{stdout}"
    );
    eprintln!("daemon --once: {:.2} s", started.elapsed().as_secs_f64());

    let log = m.writes();
    let camp = |o: &BusinessOrder| format!("/v2/campaigns/{}", o.campaign_id);
    let expected: Vec<(&str, String, Value)> = vec![
        (
            "PUT",
            format!("{}/orders/{}/status", camp(readied), readied.order_id),
            body(&StatusChangeRequest {
                order: StatusChange {
                    status: st.clone(),
                    substatus: Some(OrderSubstatus::READY_TO_SHIP),
                    delivery: None,
                },
            }),
        ),
        (
            "POST",
            format!("{}/orders/status-update", camp(batch[0])),
            body(&batch_req),
        ),
        (
            "PUT",
            format!("{}/orders/{}/delivery/date", camp(moved), moved.order_id),
            body(&DeliveryDateRequest {
                dates: DeliveryDateChange { to_date: to },
                reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
            }),
        ),
        (
            "POST",
            format!(
                "{}/orders/{}/delivery/track",
                camp(in_delivery),
                in_delivery.order_id
            ),
            body(&track),
        ),
        (
            "PUT",
            format!(
                "{}/orders/{}/delivery/storage-limit",
                camp(at_pickup),
                at_pickup.order_id
            ),
            body(&StorageLimitRequest { new_date: limit }),
        ),
        (
            "PUT",
            format!(
                "{}/orders/{}/cancellation/accept",
                camp(cancelling),
                cancelling.order_id
            ),
            json!({ "accepted": true }),
        ),
        (
            "POST",
            format!(
                "{}/first-mile/shipments/{shipment}/orders/transfer",
                camp(shipped_later)
            ),
            json!({ "orderIds": [shipped_later.order_id] }),
        ),
        (
            "PUT",
            format!("{}/orders/{}/status", camp(forbidden), forbidden.order_id),
            body(&StatusChangeRequest {
                order: StatusChange {
                    status: OrderStatus::DELIVERED,
                    substatus: Some(OrderSubstatus::DELIVERY_SERVICE_DELIVERED),
                    delivery: None,
                },
            }),
        ),
    ];
    for (method, path, body) in &expected {
        let got = entries(&log, method, path);
        assert_eq!(got.len(), 1, "{method} {path}: {got:?}");
        assert_eq!(&got[0]["body"], body, "{method} {path}");
    }
    let chat_path = format!("/v2/businesses/{b}/chats/message");
    let chats: Vec<&Value> = log
        .iter()
        .filter(|w| w["path"].as_str().unwrap().starts_with(&chat_path))
        .collect();
    assert_eq!(chats.len(), 1, "{chats:?}");
    assert_eq!(chats[0]["body"], json!({ "message": chat_text }));
    assert_eq!(chats[0]["http_status"], 200);
    // Nothing else was written but the chat the message needed.
    let chat_new = format!("/v2/businesses/{b}/chats/new");
    assert_eq!(log.len(), expected.len() + 2, "{log:#?}");
    assert_eq!(entries(&log, "POST", &chat_new).len(), 1);

    for (w, id) in writes.iter().zip(&ids) {
        let row = cache.outbox_row(*id).unwrap().unwrap();
        assert_eq!(row.state, OutboxState::Sent, "{} {row:?}", w.kind.name());
        assert_eq!(row.attempts, 1);
        assert!(row.answer.is_some() && row.finished_at.is_some());
    }
    let row = cache.outbox_row(refused_id).unwrap().unwrap();
    assert_eq!(row.state, OutboxState::Failed);
    let msg = row.last_error.unwrap();
    assert!(
        msg.contains("is not allowed") && msg.contains("HTTP 400 STATUS_NOT_ALLOWED"),
        "{msg}"
    );
    let on_incident: Option<String> = rusqlite::Connection::open(env.db())
        .unwrap()
        .query_row(
            "SELECT last_error FROM incidents WHERE id = ?1",
            [incident],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(on_incident.as_deref(), Some(msg.as_str()));
    let summary = cache
        .outbox_summary(Utc::now() - chrono::Duration::hours(1))
        .unwrap();
    assert_eq!((summary.queued, summary.sending, summary.failed), (0, 0, 1));
    assert_eq!(
        summary.last_failure.unwrap().order_id,
        Some(forbidden.order_id)
    );
    // The Market shows every change, and the chat is in the cache.
    let w = m.world();
    let w = w.lock().unwrap();
    let o = |id: i64| w.order(id).unwrap().clone();
    assert_eq!(o(readied.order_id).substatus, OrderSubstatus::READY_TO_SHIP);
    assert!(
        batch
            .iter()
            .all(|x| o(x.order_id).status == OrderStatus::DELIVERY)
    );
    assert_eq!(o(moved.order_id).delivery.dates.to_date, Some(to));
    assert_eq!(w.delivery_date_moves(moved.order_id), Some(1));
    assert_eq!(storage_limit(&o(at_pickup.order_id)), Some(limit));
    assert_eq!(o(cancelling.order_id).status, OrderStatus::CANCELLED);
    assert_eq!(o(forbidden.order_id).status, OrderStatus::PROCESSING);
    assert!(cache.chat_id(in_delivery.order_id).unwrap().is_some());
}

#[test]
fn a_refused_cancellation_answer_counts_as_done_only_when_the_order_proves_it() {
    let now = msk_midday(Utc::now());
    let untouched = |o: &BusinessOrder| {
        is(
            o,
            ProgramType::DBS,
            OrderStatus::DELIVERY,
            OrderSubstatus::DELIVERY_SERVICE_RECEIVED,
        ) && o.cancel_requested != Some(true)
    };
    let seed = seed_with(1500, now, |w| {
        w.orders().iter().any(cancel_pending) && w.orders().iter().any(untouched)
    });
    let m = Market::start(1500, seed, "", now);
    let b = m.sim().business_id();
    let (pending, calm) = {
        let w = m.world();
        let w = w.lock().unwrap();
        let o = w.orders();
        (
            o.iter().find(|o| cancel_pending(o)).unwrap().clone(),
            o.iter().find(|o| untouched(o)).unwrap().clone(),
        )
    };
    let env = Env::new();
    // The cache knows the orders as the agents saw them when they answered.
    let out = env.daemon(&m.sim().url()).arg("--once").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let reject = WriteKind::CancellationAnswer(CancellationAnswer {
        accepted: false,
        reason: Some(CancellationRejectReason::ORDER_DELIVERED),
    });
    let mut cache = Cache::open(&env.db()).unwrap();
    // Two agents answer the same pending request; a third answers an order whose buyer
    // never asked to cancel.
    let first = cache
        .enqueue(&write(&pending, b, reject.clone(), 1), Utc::now())
        .unwrap();
    let second = cache
        .enqueue(&write(&pending, b, reject.clone(), 2), Utc::now())
        .unwrap();
    let unasked = cache
        .enqueue(&write(&calm, b, reject, 3), Utc::now())
        .unwrap();

    let out = env.daemon(&m.sim().url()).arg("--once").output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("outbox: 2 sent (1 already done), 1 failed, 0 retrying"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "refused: order {} cancellation_answer:",
            calm.order_id
        )) && stdout.contains("ACTION_FORBIDDEN"),
        "{stdout}"
    );

    let row = |id| cache.outbox_row(id).unwrap().unwrap();
    assert_eq!(row(first).state, OutboxState::Sent);
    // Refused as nothing is pending any more, and the order shows why: the request
    // the agent saw is gone and the order stayed with the buyer.
    let repeat = row(second);
    assert_eq!(repeat.state, OutboxState::Sent);
    assert!(
        repeat.answer.as_deref().unwrap().contains("alreadyDone"),
        "{repeat:?}"
    );
    // Refused on the first try, and nothing proves an effect: the Market's message.
    let refused = row(unasked);
    assert_eq!(refused.state, OutboxState::Failed, "{refused:?}");
    let msg = refused.last_error.unwrap();
    assert!(
        msg.contains("has not asked to cancel") && msg.contains("HTTP 400 ACTION_FORBIDDEN"),
        "{msg}"
    );

    let log = m.writes();
    let path = |o: &BusinessOrder| {
        format!(
            "/v2/campaigns/{}/orders/{}/cancellation/accept",
            o.campaign_id, o.order_id
        )
    };
    let statuses = |o: &BusinessOrder| -> Vec<i64> {
        entries(&log, "PUT", &path(o))
            .iter()
            .map(|w| w["http_status"].as_i64().unwrap())
            .collect()
    };
    assert_eq!(statuses(&pending), [200, 400]);
    assert_eq!(statuses(&calm), [400]);
}
