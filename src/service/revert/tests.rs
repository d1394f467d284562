//! Acts taken back and incidents reopened, through `apply` as every caller goes.

use chrono::{DateTime, Utc};

use super::*;
use crate::cache::Cache;
use crate::domain::incident::fixtures::{afternoon, dbs};
use crate::domain::incident::steps::RootCause;
use crate::market::enums::{OrderStatus as S, OrderSubstatus as Sub};
use crate::service::apply::apply;
use crate::service::command::Context;
use crate::service::{Command, Done};

const ORDER: i64 = 48_356_963_868;

fn cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("cache.db")).unwrap();
    c.upsert_orders(&[dbs(S::PROCESSING, Sub::STARTED)], afternoon())
        .unwrap();
    c.open_incidents(&[(ORDER, "ship_late")], afternoon())
        .unwrap();
    (dir, c)
}

fn run(c: &mut Cache, agent: &str, at: DateTime<Utc>, cmd: Command) -> Result<Done, String> {
    apply(c, &Context::default(), agent, at, &cmd)
        .map(|o| o.done)
        .map_err(|r| r.why.en)
}

fn version(c: &Cache) -> i64 {
    c.incident(ORDER).unwrap().unwrap().version
}

fn trail(c: &Cache) -> Vec<String> {
    let mut t: Vec<String> = c
        .audit_for(ORDER)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    t.reverse();
    t
}

#[test]
fn a_close_undone_within_seconds_is_open_again_and_the_trail_keeps_both() {
    let (_d, mut c) = cache();
    let v = version(&c);
    let close = Command::Close {
        order_id: ORDER,
        version: v,
        cause: RootCause::ALL[3],
        lesson: None,
    };
    run(&mut c, "anna", afternoon(), close).unwrap();
    assert!(c.incident(ORDER).unwrap().unwrap().closed_at.is_some());
    let undone = run(
        &mut c,
        "anna",
        afternoon() + chrono::Duration::seconds(7),
        Command::Undo { order_id: ORDER },
    )
    .unwrap();
    assert_eq!(
        undone,
        Done::Undone {
            action: "close".into()
        }
    );
    let inc = c.incident(ORDER).unwrap().unwrap();
    assert_eq!(inc.closed_at, None);
    assert_eq!(inc.root_cause, None);
    assert_eq!(
        trail(&c),
        vec!["open", "claim", "close", "undo:close"],
        "the close and its undoing"
    );
}

#[test]
fn a_write_is_not_undone_and_another_agent_cannot_undo() {
    let (_d, mut c) = cache();
    let v = version(&c);
    run(
        &mut c,
        "anna",
        afternoon(),
        Command::Note {
            order_id: ORDER,
            version: v,
            text: "called the carrier".into(),
        },
    )
    .unwrap();
    let e = run(
        &mut c,
        "boris",
        afternoon(),
        Command::Undo { order_id: ORDER },
    )
    .unwrap_err();
    assert!(e.contains("anna works this order"), "{e}");
    let late = afternoon() + chrono::Duration::seconds(UNDO_SECONDS + UNDO_GRACE_SECONDS + 1);
    let e = run(&mut c, "anna", late, Command::Undo { order_id: ORDER }).unwrap_err();
    assert!(e.contains("Too late"), "{e}");
    assert!(c.incident(ORDER).unwrap().unwrap().notes.contains("called"));
}

#[test]
fn a_closed_incident_reopens_with_a_reason_and_closes_again_with_a_new_cause() {
    let (_d, mut c) = cache();
    let v = version(&c);
    run(
        &mut c,
        "anna",
        afternoon(),
        Command::Close {
            order_id: ORDER,
            version: v,
            cause: RootCause::ALL[0],
            lesson: Some("stock".into()),
        },
    )
    .unwrap();
    let v = version(&c);
    let e = run(
        &mut c,
        "anna",
        afternoon(),
        Command::Reopen {
            order_id: ORDER,
            version: v,
            reason: "  ".into(),
        },
    )
    .unwrap_err();
    assert!(e.contains("Say why"), "{e}");
    run(
        &mut c,
        "anna",
        afternoon(),
        Command::Reopen {
            order_id: ORDER,
            version: v,
            reason: "the buyer says it never came".into(),
        },
    )
    .unwrap();
    let inc = c.incident(ORDER).unwrap().unwrap();
    assert_eq!(inc.closed_at, None);
    assert_eq!(inc.root_cause, None);
    assert_eq!(inc.lesson, None);
    assert!(inc.notes.contains("reopened: the buyer says it never came"));
    assert!(trail(&c).contains(&"reopen".to_owned()));
    run(
        &mut c,
        "anna",
        afternoon(),
        Command::Close {
            order_id: ORDER,
            version: inc.version,
            cause: RootCause::ALL[8],
            lesson: None,
        },
    )
    .unwrap();
    let inc = c.incident(ORDER).unwrap().unwrap();
    assert_eq!(inc.root_cause, Some(RootCause::ALL[8]));
}
