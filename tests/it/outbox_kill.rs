//! THE KILL TEST: 200 queued writes (chat messages among them) against a simulated
//! Market that loses answers (`reset`, `truncate` after the write) and is slow; the
//! sending daemon is killed with SIGKILL at random points 50 times and restarted,
//! then left to drain. Nothing confirmed is lost and nothing takes effect twice.
//!
//! "Exactly once" is counted by effect, per kind, from the simulator's write log
//! (`/_sim/writes`) and its state:
//! - chat message: the text is in the order's chat exactly once;
//! - delivery date, storage limit, cancellation answer, transfer: exactly one request
//!   was accepted (a repeat of these is refused by the Market, so a second accepted one
//!   would be a second effect), and the date move counter says 1;
//! - status (with its substatus) and track code: at least one request accepted and the
//!   order shows the change; a repeat of these is accepted as a no-op (same status and
//!   substatus; the same code for the same order), so extra accepted repeats are allowed.

use crate::support;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate, Utc};
use ym_triage::cache::{Cache, OutboxState};
use ym_triage::domain::write::{OutboxWrite, WriteKind};
use ym_triage::market::enums::{OrderStatus, OrderSubstatus, ProgramType};
use ym_triage::market::wire::write::{CancellationAnswer, TrackRequest};
use ym_triage::market::wire::{BusinessOrder, ChatsFilter};

use support::*;

/// The write the test makes to an order, by its model and state: each kind that
/// the Market accepts once and refuses or ignores when repeated.
fn order_write(o: &BusinessOrder, today: NaiveDate, service: i64) -> Option<WriteKind> {
    let dbs = o.program_type == Some(ProgramType::DBS);
    let fbs = o.program_type == Some(ProgramType::FBS);
    Some(match (&o.status, &o.substatus) {
        (OrderStatus::PROCESSING, OrderSubstatus::STARTED) if fbs => {
            status(OrderStatus::PROCESSING, OrderSubstatus::READY_TO_SHIP)
        }
        (OrderStatus::PROCESSING, _) if dbs => date_move(new_date(o, today)),
        _ if cancel_pending(o) => WriteKind::CancellationAnswer(CancellationAnswer {
            accepted: true,
            reason: None,
        }),
        (OrderStatus::PICKUP, _) if dbs => {
            WriteKind::storage_limit(storage_limit(o)? + Days::new(3))
        }
        (OrderStatus::DELIVERY, _) if dbs => WriteKind::Track(TrackRequest {
            track_code: format!("KILL-{}", o.order_id),
            delivery_service_id: service,
        }),
        _ => return None,
    })
}

#[test]
fn killing_the_sender_fifty_times_loses_no_write_and_repeats_none() {
    let started = Instant::now();
    // Midday in Moscow, so the world has a working day's orders at any hour.
    let now = msk_midday(Utc::now());
    let today = msk_today(now);
    // A world with enough orders to write to (the rest of the 200 are chat messages).
    let seed = seed_with(1500, now, |w| {
        let writable = w
            .orders()
            .iter()
            .filter(|o| order_write(o, today, 1).is_some());
        writable.count() >= 60
    });
    let m = Market::start(
        1500,
        seed,
        "latency=5ms..30ms,reset=0.05,truncate=0.05",
        now,
    );
    let b = m.sim().business_id();
    let (orders, service) = {
        let w = m.world();
        let w = w.lock().unwrap();
        (w.orders().to_vec(), w.delivery_services()[0].0)
    };
    let mut writes = Vec::new();
    let mut n = 0;
    let mut add = |o: &BusinessOrder, kind: WriteKind, writes: &mut Vec<OutboxWrite>| {
        n += 1;
        writes.push(write(o, b, kind, n));
    };
    for o in &orders {
        if let Some(kind) = order_write(o, today, service) {
            add(o, kind, &mut writes);
        }
    }
    // Chat messages fill the rest: two per order, so each order's pair must keep its order.
    let mut chats = Vec::new();
    for (i, o) in orders.iter().enumerate().step_by(7) {
        if writes.len() >= 200 {
            break;
        }
        for k in 0..2 {
            let text = format!("Заказ {}: сообщение {i}.{k} из теста outbox", o.order_id);
            chats.push((o.order_id, text.clone()));
            add(o, WriteKind::ChatMessage { text }, &mut writes);
        }
    }
    writes.truncate(200);
    chats.retain(|(order, text)| {
        writes.iter().any(|w| {
            w.order_id == Some(*order) && w.kind == WriteKind::ChatMessage { text: text.clone() }
        })
    });
    assert_eq!(writes.len(), 200);
    assert!(
        writes.len() - chats.len() >= 50,
        "too few order writes: {}",
        writes.len() - chats.len()
    );

    let env = Env::new();
    let mut cache = Cache::open(&env.db()).unwrap();
    // Queued no later than the simulated world's time: a chat message that may have
    // gone out is looked for among the messages sent since it was queued, and the
    // simulator, its clock still, stamps each message with that time. Nor later than
    // the wall clock: a row is due from when it was queued, by the daemon's clock, and
    // before Moscow midday the world's time is still to come.
    let queued = now.min(Utc::now());
    for w in &writes {
        cache.enqueue(w, queued).unwrap();
    }
    let log_path = env.dir.path().join("daemon.err");
    let spawn = || -> Child {
        let err = std::fs::File::options()
            .create(true)
            .append(true)
            .open(&log_path)
            .unwrap();
        env.daemon(&m.sim().url())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .unwrap()
    };
    let mut rng = Rng(0x5eed_0f0b_0c0d);
    for _ in 0..50 {
        let mut child = spawn();
        std::thread::sleep(Duration::from_millis(rng.range(20, 300)));
        kill(&mut child);
    }
    let killed_at = Instant::now();
    let mut child = spawn();
    let deadline = Instant::now() + Duration::from_secs(50);
    loop {
        let s = cache
            .outbox_summary(now - chrono::Duration::hours(1))
            .unwrap();
        if s.queued == 0 && s.sending == 0 {
            break;
        }
        if Instant::now() > deadline {
            kill(&mut child);
            panic!(
                "outbox not drained: {s:?}\n{}",
                std::fs::read_to_string(&log_path).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let drained = killed_at.elapsed();
    // SIGTERM stops the daemon cleanly.
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let exit = child.wait().unwrap();
    assert!(exit.success(), "daemon after SIGTERM: {exit:?}");

    let mut by_state: HashMap<&'static str, usize> = HashMap::new();
    let mut already = 0;
    let mut attempts = 0;
    for w in &writes {
        let row = cache.outbox_for_order(w.order_id.unwrap()).unwrap();
        let row = row.iter().find(|r| r.key == w.key).unwrap();
        assert_eq!(row.state, OutboxState::Sent, "{row:?}");
        *by_state.entry(row.state.as_str()).or_default() += 1;
        already += usize::from(
            row.answer
                .as_deref()
                .is_some_and(|a| a.contains("alreadyDone")),
        );
        attempts += row.attempts;
    }

    let log = m.writes();
    let world = m.world();
    let world = world.lock().unwrap();
    for w in &writes {
        let o = orders
            .iter()
            .find(|o| Some(o.order_id) == w.order_id)
            .unwrap();
        let now_o = world.order(o.order_id).unwrap();
        let base = format!("/v2/campaigns/{}/orders/{}", o.campaign_id, o.order_id);
        match &w.kind {
            WriteKind::ChatMessage { text } => {
                let filter = ChatsFilter {
                    contexts: vec![ym_triage::market::wire::chat::ChatContextRef::order(
                        o.order_id,
                    )],
                    ..ChatsFilter::default()
                };
                let chat = world.chats(b, &filter).unwrap()[0].chat_id;
                let history = world.history(b, chat, None).unwrap();
                let times = history
                    .iter()
                    .filter(|x| x.message.as_deref() == Some(text))
                    .count();
                assert_eq!(times, 1, "{text:?} is in the chat {times} times");
            }
            WriteKind::DeliveryDate(r) => {
                assert_eq!(
                    accepted(&entries(&log, "PUT", &format!("{base}/delivery/date"))),
                    1
                );
                assert_eq!(world.delivery_date_moves(o.order_id), Some(1));
                assert_eq!(now_o.delivery.dates.to_date, Some(r.dates.to_date));
            }
            WriteKind::StorageLimit(s) => {
                assert_eq!(
                    accepted(&entries(
                        &log,
                        "PUT",
                        &format!("{base}/delivery/storage-limit")
                    )),
                    1
                );
                assert_eq!(storage_limit(now_o), Some(s.new_date));
            }
            WriteKind::CancellationAnswer(_) => {
                assert_eq!(
                    accepted(&entries(
                        &log,
                        "PUT",
                        &format!("{base}/cancellation/accept")
                    )),
                    1
                );
                assert_eq!(now_o.status, OrderStatus::CANCELLED);
            }
            WriteKind::Status(c) => {
                assert!(accepted(&entries(&log, "PUT", &format!("{base}/status"))) >= 1);
                assert_eq!(
                    (&now_o.status, Some(&now_o.substatus)),
                    (&c.status, c.substatus.as_ref())
                );
            }
            WriteKind::Track(t) => {
                assert!(accepted(&entries(&log, "POST", &format!("{base}/delivery/track"))) >= 1);
                let codes: Vec<_> = now_o
                    .delivery
                    .tracks
                    .iter()
                    .filter_map(|x| x.track_code.as_deref())
                    .collect();
                assert_eq!(codes, vec![t.track_code.as_str()]);
            }
            other => panic!("unexpected kind {other:?}"),
        }
    }
    let faults = log.iter().filter(|w| !w["fault"].is_null()).count();
    eprintln!(
        "kill test: {} writes ({} chat), 50 kills, {} requests written to the Market ({faults} with an injected fault), \
         {attempts} attempts, {already} found already done; drained {:.1} s after the last kill; total {:.1} s",
        writes.len(),
        chats.len(),
        log.len(),
        drained.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    assert!(started.elapsed() < Duration::from_secs(90));
}
