//! An act taken back restores the incident exactly, once, only for the agent who did
//! it, only while nothing else changed it; the trail keeps both.

use super::*;
use crate::domain::incident::steps::{RootCause, Step};

fn now() -> DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn cache() -> (tempfile::TempDir, Cache, Incident) {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Cache::open(&dir.path().join("c.db")).unwrap();
    let inc = c.open_incident_by_hand(5, "anna", now()).unwrap();
    (dir, c, inc)
}

fn window() -> Duration {
    Duration::seconds(30)
}

fn trail(c: &Cache) -> Vec<String> {
    c.audit_for(5)
        .unwrap()
        .into_iter()
        .rev()
        .map(|a| a.action)
        .collect()
}

#[test]
fn a_close_taken_back_in_time_restores_the_incident_and_both_are_in_the_trail() {
    let (_d, mut c, inc) = cache();
    let closed = c
        .update_incident_undoable(inc.id, inc.version, "anna", "close", now(), |i| {
            i.closed_at = Some(now());
            i.root_cause = Some(RootCause::Stock);
        })
        .unwrap()
        .unwrap();
    assert!(closed.closed_at.is_some());
    let later = now() + Duration::seconds(8);
    let (action, back) = c.undo_last(5, "anna", later, window()).unwrap().unwrap();
    assert_eq!(action, "close");
    assert_eq!(back.closed_at, None);
    assert_eq!(back.root_cause, None);
    assert_eq!(back.version, closed.version + 1, "the undo is a change too");
    assert_eq!(c.incident(5).unwrap().unwrap(), back);
    assert_eq!(trail(&c), vec!["open", "close", "undo:close"]);
    assert_eq!(
        c.undo_last(5, "anna", later, window()).unwrap(),
        Err(UndoRefused::Nothing),
        "one step back only"
    );
}

#[test]
fn only_the_agent_who_acted_only_in_time_and_only_if_nothing_changed_since() {
    let (_d, mut c, inc) = cache();
    let noted = c
        .update_incident_undoable(inc.id, inc.version, "anna", "note", now(), |i| {
            i.notes = "called".into();
        })
        .unwrap()
        .unwrap();
    assert_eq!(
        c.undo_last(5, "boris", now(), window()).unwrap(),
        Err(UndoRefused::Nothing)
    );
    assert_eq!(
        c.undo_last(5, "anna", now() + Duration::seconds(31), window())
            .unwrap(),
        Err(UndoRefused::TooLate)
    );
    // A change nobody can take back (a step a write settled) comes after.
    c.update_incident(inc.id, noted.version, "anna", "step_done", now(), |i| {
        i.step = Step::Notify;
    })
    .unwrap()
    .unwrap();
    assert_eq!(
        c.undo_last(5, "anna", now(), window()).unwrap(),
        Err(UndoRefused::ChangedSince)
    );
    assert_eq!(c.incident(5).unwrap().unwrap().notes, "called");
}

#[test]
fn a_close_is_not_taken_back_over_a_newer_incident() {
    let (_d, mut c, inc) = cache();
    c.update_incident_undoable(inc.id, inc.version, "anna", "close", now(), |i| {
        i.closed_at = Some(now());
    })
    .unwrap()
    .unwrap();
    // The order matched again: a new incident is open (the latest one).
    let newer = c.open_incident_by_hand(5, "rule", now()).unwrap();
    assert_ne!(newer.id, inc.id);
    assert_eq!(
        c.undo_last(5, "anna", now(), window()).unwrap(),
        Err(UndoRefused::Nothing),
        "the newer incident has no act of anna's"
    );
}
