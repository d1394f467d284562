//! What this issue added goes through the daemon as every other act: an agent without
//! the key (a dashboard in a process with no key, on a cache the daemon serves) stores
//! drafts, checks a write for several orders, takes an act back and withdraws a
//! queued write — each over the daemon's socket, applied as the agent's own account.

use crate::common;

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use ym_triage::cache::{Cache, OutboxAct, OutboxState};
use ym_triage::domain::incident::checks::WriteAction;
use ym_triage::domain::incident::lint::Audience;
use ym_triage::service::sync::SyncSettings;
use ym_triage::service::{Command as Cmd, Context, Done, Service};

use common::dash::{Dash, market};

/// The daemon on the test's cache, with the key; killed when dropped.
struct Daemon(Child);

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_checks_undo_and_withdrawn_writes_go_through_the_daemon() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let mut daemon = dash.command();
    daemon
        .arg("daemon")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _daemon = Daemon(daemon.spawn().unwrap());
    let socket = ym_triage::service::socket::path_for(&dash.db);
    let start = Instant::now();
    while !socket.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no daemon socket"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let cache = Cache::open(&dash.db).unwrap();
    let id = cache
        .load_orders()
        .unwrap()
        .into_iter()
        .map(|(o, _)| o.order_id)
        .find(|id| {
            cache
                .incident(*id)
                .unwrap()
                .is_some_and(|i| i.closed_at.is_none())
        })
        .unwrap();
    // This process holds no key: the daemon acts for it, as the account it runs as.
    let agent = Service::open(
        &dash.db,
        Context::default(),
        SyncSettings::default(),
        None,
        false,
    )
    .unwrap();
    assert!(agent.is_remote());
    let me = ym_triage::base::whoami::user();
    // USER says nothing: the daemon names the agent from the socket.
    let said = "somebody-else";

    let reply = agent
        .execute(
            said,
            Cmd::SaveDraft {
                order_id: id,
                template: None,
                audience: Audience::Buyer,
                text: "Добрый день!".into(),
            },
        )
        .await
        .unwrap();
    assert!(matches!(reply.done, Done::DraftSaved { .. }), "{reply:?}");
    assert_eq!(cache.draft(id, &me).unwrap().unwrap().text, "Добрый день!");
    assert_eq!(cache.draft(id, said).unwrap(), None);

    let reply = agent
        .execute(
            said,
            Cmd::Check {
                order_ids: vec![id],
                action: WriteAction::TransferToNextShipment,
            },
        )
        .await
        .unwrap();
    assert!(matches!(&reply.done, Done::Checked { verdicts } if verdicts.len() == 1));

    let version = cache.incident(id).unwrap().unwrap().version;
    agent
        .execute(
            said,
            Cmd::Note {
                order_id: id,
                version,
                text: "called the carrier".into(),
            },
        )
        .await
        .unwrap();
    let reply = agent
        .execute(said, Cmd::Undo { order_id: id })
        .await
        .unwrap();
    assert!(matches!(reply.done, Done::Undone { .. }), "{reply:?}");
    assert!(
        !cache
            .incident(id)
            .unwrap()
            .unwrap()
            .notes
            .contains("called")
    );
    let trail: Vec<(String, String)> = cache
        .audit_for(id)
        .unwrap()
        .into_iter()
        .map(|a| (a.agent, a.action))
        .collect();
    assert_eq!(trail[0], (me.clone(), "undo:note".to_owned()));
    assert_eq!(trail[1], (me.clone(), "note".to_owned()));

    // A write queued, then withdrawn before the daemon's worker takes it: the daemon
    // sends every half second, so the row is made as a later one of its order.
    let mut writer = Cache::open(&dash.db).unwrap();
    // A row due in an hour holds back the later rows of its order.
    writer
        .enqueue(
            &ym_triage::domain::write::OutboxWrite {
                key: "hold".into(),
                kind: ym_triage::domain::write::WriteKind::ChatMessage { text: "a".into() },
                order_id: Some(id),
                campaign_id: 1,
                business_id: 1,
                incident_id: None,
                created_by: me.clone(),
            },
            Utc::now() + chrono::Duration::hours(1),
        )
        .unwrap();
    let later = writer
        .enqueue(
            &ym_triage::domain::write::OutboxWrite {
                key: "later".into(),
                kind: ym_triage::domain::write::WriteKind::ChatMessage { text: "b".into() },
                order_id: Some(id),
                campaign_id: 1,
                business_id: 1,
                incident_id: None,
                created_by: me.clone(),
            },
            Utc::now(),
        )
        .unwrap();
    agent
        .execute(
            said,
            Cmd::Outbox {
                order_id: id,
                row_id: later,
                act: OutboxAct::Cancel,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        cache.outbox_row(later).unwrap().unwrap().state,
        OutboxState::Cancelled
    );
    sim.shutdown().await;
}
