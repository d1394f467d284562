//! Nothing an agent does is lost, done by accident, or shown wrong — tried through the
//! real binary in tmux, against a simulated Market on a loopback port: acts refused
//! before anything is typed, drafts kept across a quit and a kill, undo and reopen,
//! writes cancelled, bulk acts on every marked order, the screen following the cache.

mod common;

use chrono::{Duration as Days, Utc};
use ym_triage::cache::Cache;

use common::dash::{Dash, market, select};
use common::tmux::{keys, screen, type_text, wait_for};

/// An order with an open incident.
fn order_with_incident(db: &std::path::Path) -> i64 {
    let cache = Cache::open(db).unwrap();
    cache
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
        .expect("an order with an open incident")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_order_another_agent_works_is_refused_before_anything_is_typed() {
    let sim = market(300).await;
    let dash = Dash::new(&sim.url());
    let id = order_with_incident(&dash.db);
    // Another agent holds it (claimed just now, so the claim is live).
    let mut cache = Cache::open(&dash.db).unwrap();
    cache
        .claim(id, "boris", false, Days::minutes(30), Utc::now())
        .unwrap();
    let session = dash.open(120, 40);
    let s = &session.socket;
    select(s, id);
    wait_for(s, "the claimant shown", |s| s.contains("boris"));
    keys(s, &["n"]);
    let screen_now = wait_for(s, "the refusal", |s| {
        s.contains("boris works this order; take it over first")
    });
    assert!(
        !screen_now.contains("what came of it"),
        "no input opened:\n{screen_now}"
    );
    // What the agent types next goes nowhere near the incident.
    type_text(s, "x");
    keys(s, &["C"]);
    wait_for(s, "the close refused too", |s| s.contains("boris works"));
    assert!(!screen(s).contains("close anyway"));
    let incident = cache.incident(id).unwrap().unwrap();
    assert_eq!(incident.closed_at, None);
    drop(session);
    sim.shutdown().await;
}
