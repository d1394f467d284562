//! The shared cache survives the daemon and an outside reader together: while the
//! daemon syncs and sends, an administrator's `sqlite3` reads the file; the daemon's
//! locks must still be in force, so that reader does not take the write-ahead log away
//! from under it. After SIGTERM the file passes `PRAGMA integrity_check` and the write
//! queued in between is recorded as sent.

use crate::support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use ym_triage::cache::{Cache, OutboxState};
use ym_triage::domain::write::WriteKind;
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::market::wire::write::TrackRequest;

use support::*;

/// Runs the `sqlite3` shell on the cache, as an administrator would.
fn sqlite3(db: &Path, sql: &str) -> String {
    let out = Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .expect("the sqlite3 shell is installed (.ci/run installs it)");
    assert!(
        out.status.success(),
        "sqlite3 {sql:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn an_outside_sqlite3_read_beside_the_running_daemon_leaves_the_cache_intact() {
    let now = msk_midday(Utc::now());
    let seed = seed_with(400, now, |w| {
        w.orders()
            .iter()
            .any(|o| o.program_type == Some(ProgramType::DBS) && o.status == OrderStatus::DELIVERY)
    });
    let m = Market::start(400, seed, "", now);
    let b = m.sim().business_id();
    let (target, service) = {
        let w = m.world();
        let w = w.lock().unwrap();
        let o = w
            .orders()
            .iter()
            .find(|o| o.program_type == Some(ProgramType::DBS) && o.status == OrderStatus::DELIVERY)
            .cloned()
            .unwrap();
        (o, w.delivery_services()[0].0)
    };

    let env = Env::new();
    let config = env.dir.path().join("config.toml");
    std::fs::write(&config, "[sync]\ninterval_seconds = 5\n").unwrap();
    let mut daemon = env
        .daemon(&m.sim().url())
        .env("YM_TRIAGE_CONFIG", &config)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let db = env.db();
    // Two syncs: the second opens the cache again while the daemon's other
    // connections are open, which is where its locks used to be dropped.
    wait_for("two syncs", Duration::from_secs(60), || {
        db.exists()
            && Cache::open_existing(&db)
                .ok()
                .and_then(|c| c.last_sync().ok().flatten())
                .is_some()
    });
    std::thread::sleep(Duration::from_secs(6));

    let orders: i64 = sqlite3(&db, "select count(*) from orders").parse().unwrap();
    assert!(orders > 0);

    let track = WriteKind::Track(TrackRequest {
        track_code: "SAFE-1".into(),
        delivery_service_id: service,
    });
    let id = Cache::open(&db)
        .unwrap()
        .enqueue(&write(&target, b, track, 1), Utc::now())
        .unwrap();
    wait_for("the write to be sent", Duration::from_secs(30), || {
        Cache::open_existing(&db)
            .unwrap()
            .outbox_row(id)
            .unwrap()
            .is_some_and(|r| r.state == OutboxState::Sent)
    });
    // One more outside read while the daemon still runs.
    sqlite3(&db, "select count(*) from outbox");

    // SAFETY of the test: the pid is our child's.
    let pid = daemon.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = daemon.wait().unwrap();
    assert!(status.success(), "the daemon stopped with {status}");

    assert_eq!(sqlite3(&db, "pragma integrity_check"), "ok");
    assert_eq!(
        sqlite3(&db, &format!("select state from outbox where id = {id}")),
        "sent"
    );
    let accepted = m
        .writes()
        .iter()
        .filter(|w| w["http_status"] == 200 && w["body"]["trackCode"] == "SAFE-1")
        .count();
    assert_eq!(accepted, 1, "the track went to the Market once");
}
