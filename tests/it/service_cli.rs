//! The syncing process is the one service: with only `ym-triage daemon --once` run
//! against the simulated Market — no dashboard ever started — an agent without the key
//! sees the incidents it opened, the buyers waiting for an answer, and an order's chat
//! and buyer; the dashboard's counts, `status` and `report` say the same.

use crate::support;

use std::collections::BTreeSet;
use std::process::{Command, Output};

use chrono::{Duration, Utc};
use serde_json::Value;
use ym_triage::cache::Cache;
use ym_triage::market::enums::{ChatSender, OrderStatus, ProgramType};
use ym_triage::market::wire::ChatsFilter;
use ym_triage::sim::World;

use support::*;

/// The binary as an agent without the key runs it, on the daemon's cache.
fn keyless(env: &Env) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
    c.env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", env.dir.path())
        .env("XDG_CONFIG_HOME", env.dir.path().join("config"))
        .env("XDG_DATA_HOME", env.dir.path().join("data-home"))
        .env("XDG_STATE_HOME", env.dir.path().join("state"))
        .env("USER", "anna")
        .env("YM_TRIAGE_DB", env.db());
    c
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_str(&ok(out)).expect("one JSON object")
}

/// The orders whose chat waits for the seller with the buyer's message last, written
/// more than `hours` before now (the wall clock the daemon assesses by; the simulated
/// world may be frozen at another hour): those `buyer_waiting` must flag.
fn buyers_waiting(w: &World, hours: i64) -> BTreeSet<i64> {
    let now = Utc::now();
    w.chats(w.business_id(), &ChatsFilter::default())
        .unwrap()
        .into_iter()
        .filter(|c| matches!(c.status.as_str(), "NEW" | "WAITING_FOR_PARTNER"))
        .filter_map(|c| {
            let order = c.context.order_id?;
            w.order(order)?;
            let last = w.history(w.business_id(), c.chat_id, None).ok()?.pop()?;
            (last.sender == ChatSender::CUSTOMER
                && last.created_at.to_utc() < now - Duration::hours(hours))
            .then_some(order)
        })
        .collect()
}

#[test]
fn daemon_once_alone_opens_incidents_and_a_keyless_agent_sees_chats_buyers_and_waiting_buyers() {
    let now = msk_midday(Utc::now());
    let seed = seed_with(1500, now, |w| {
        buyers_waiting(w, 2).iter().any(|id| {
            w.order(*id).is_some_and(|o| {
                o.program_type == Some(ProgramType::DBS)
                    && matches!(
                        o.status,
                        OrderStatus::PROCESSING | OrderStatus::DELIVERY | OrderStatus::PICKUP
                    )
            })
        })
    });
    let m = Market::start(1500, seed, "", now);
    let (waiting, dbs_waiting) = {
        let w = m.world();
        let w = w.lock().unwrap();
        let waiting = buyers_waiting(&w, 2);
        let dbs = waiting
            .iter()
            .copied()
            .find(|id| {
                w.order(*id).is_some_and(|o| {
                    o.program_type == Some(ProgramType::DBS)
                        && matches!(
                            o.status,
                            OrderStatus::PROCESSING | OrderStatus::DELIVERY | OrderStatus::PICKUP
                        )
                })
            })
            .unwrap();
        (waiting, dbs)
    };

    let env = Env::new();
    let out = env.daemon(&m.sim().url()).arg("--once").output().unwrap();
    let summary = ok(&out);
    assert!(summary.contains("synced: "), "{summary}");

    let status = json(
        &keyless(&env)
            .args(["status", "--json", "--limit", "5000"])
            .output()
            .unwrap(),
    );
    let opened = status["incidents_open"].as_u64().unwrap();
    assert!(opened > 0, "the daemon opened incidents: {status}");
    assert!(
        opened >= status["at_risk"].as_u64().unwrap(),
        "every order at risk has an incident"
    );
    let flagged: BTreeSet<i64> = status["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            o["rules"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r == "buyer_waiting")
        })
        .map(|o| o["order_id"].as_i64().unwrap())
        .collect();
    let cache = Cache::open_existing(&env.db()).unwrap();
    let missing: Vec<String> = waiting
        .symmetric_difference(&flagged)
        .map(|id| {
            format!(
                "{id}: cached {:?}, chat {:?}, messages {}",
                cache
                    .load_order(*id)
                    .unwrap()
                    .map(|(o, _)| (o.status, o.substatus)),
                cache.chat_id(*id).unwrap(),
                cache.chat_messages(*id).unwrap().len()
            )
        })
        .collect();
    assert_eq!(
        flagged, waiting,
        "buyer_waiting is every order whose buyer wrote last: {missing:?}"
    );
    assert_eq!(
        status["by_rule"]["buyer_waiting"].as_u64().unwrap() as usize,
        waiting.len()
    );
    for o in status["orders"].as_array().unwrap() {
        assert!(o["incident"].is_object(), "an incident for {o}");
    }

    let card = json(
        &keyless(&env)
            .args(["show", &dbs_waiting.to_string(), "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(card["order_id"], dbs_waiting);
    let chat = card["chat"].as_array().unwrap();
    assert!(!chat.is_empty(), "the chat is in the cache: {card}");
    assert_eq!(chat.last().unwrap()["sender"], "CUSTOMER");
    assert!(card["buyer"]["phone"].is_string(), "the buyer: {card}");
    assert!(
        card["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule"] == "buyer_waiting")
    );
    assert!(card["incident"]["opened_at"].is_string());
    let text = ok(&keyless(&env)
        .args(["show", &dbs_waiting.to_string()])
        .output()
        .unwrap());
    assert!(text.contains("buyer_waiting"), "{text}");
    assert!(text.contains("chat:"), "{text}");
}

#[test]
fn show_refuses_an_unknown_order_with_exit_1_and_a_malformed_one_with_exit_2() {
    let env = Env::new();
    drop(Cache::open(&env.db()).unwrap());
    let unknown = keyless(&env).args(["show", "123"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("order 123 is not in the cache"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    for bad in ["12x", "0", "-5"] {
        let out = keyless(&env).args(["show", "--", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
    }
}

#[test]
fn the_dashboards_counts_status_and_report_agree_on_one_cache() {
    let now = msk_midday(Utc::now());
    let m = Market::start(2000, 5, "", now);
    let env = Env::new();
    ok(&env.daemon(&m.sim().url()).arg("--once").output().unwrap());

    let status = json(&keyless(&env).args(["status", "--json"]).output().unwrap());
    let report = json(
        &keyless(&env)
            .args(["report", "--format", "json"])
            .output()
            .unwrap(),
    );
    // The dashboard's sections, from the same cache through its own loading code.
    let cache = Cache::open_existing(&env.db()).unwrap();
    let snapshot = ym_triage::app::tui::data::load(&cache, Utc::now()).unwrap();
    let mut state = ym_triage::app::tui::state::AppState::new(
        ym_triage::base::lang::Lang::En,
        "anna".into(),
        vec![],
        Utc::now(),
    );
    ym_triage::app::tui::update::update(
        &mut state,
        ym_triage::app::tui::action::Action::DataLoaded(Box::new(snapshot)),
    );
    let at_risk = status["at_risk"].as_u64().unwrap() as usize;
    assert!(at_risk > 0);
    assert_eq!(
        state.counts[0], at_risk,
        "the At risk section counts what status counts"
    );
    let by_severity: u64 = status["by_severity"]
        .as_object()
        .unwrap()
        .values()
        .filter_map(Value::as_u64)
        .sum();
    assert_eq!(by_severity as usize, at_risk);
    assert_eq!(
        report["incidents"]["open_at_end"], status["incidents_open"],
        "the report's open incidents are status's"
    );
}

#[test]
fn returns_reach_the_cache_the_card_the_timeline_and_a_stuck_parcel_is_at_risk() {
    use ym_triage::market::enums::ReturnShipmentStatus as RS;
    let now = msk_midday(Utc::now());
    let seed = seed_with(3000, now, |w| {
        w.all_returns()
            .iter()
            .any(|r| r.shipment_status == Some(RS::LOST))
    });
    let m = Market::start(3000, seed, "", now);
    let returns = m.world().lock().unwrap().all_returns();
    let env = Env::new();
    ok(&env.daemon(&m.sim().url()).arg("--once").output().unwrap());

    let cache = Cache::open_existing(&env.db()).unwrap();
    // Every return of an order the cache holds is there, as the Market has it.
    let mut held = 0;
    for r in &returns {
        if cache.load_order(r.order_id).unwrap().is_none() {
            continue;
        }
        held += 1;
        let stored = cache.returns_of(r.order_id).unwrap();
        let s = stored.iter().find(|s| s.return_id == r.id).unwrap();
        assert_eq!(s.shipment_status, r.shipment_status, "return {}", r.id);
        assert_eq!(s.kind, r.return_type);
    }
    assert!(held > 0, "the cached orders have returns");

    // A lost parcel on its way back is at risk, on the card and in status.
    let lost = returns
        .iter()
        .find(|r| {
            r.shipment_status == Some(RS::LOST) && cache.load_order(r.order_id).unwrap().is_some()
        })
        .expect("a lost parcel of a cached order");
    let card = json(
        &keyless(&env)
            .args(["show", &lost.order_id.to_string(), "--json"])
            .output()
            .unwrap(),
    );
    assert!(
        card["rules"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["rule"] == "return_stuck"),
        "{card}"
    );
    assert!(
        card["returns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["return_id"] == lost.id && r["shipment_status"] == "LOST"),
        "{card}"
    );
    assert!(
        card["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "return"),
        "{card}"
    );
    let status = json(&keyless(&env).args(["status", "--json"]).output().unwrap());
    assert!(status["by_rule"]["return_stuck"].as_u64().unwrap() >= 1);

    // A second round reads only what changed and records nothing twice.
    let events = cache.event_count().unwrap();
    ok(&env.daemon(&m.sim().url()).arg("--once").output().unwrap());
    assert_eq!(cache.event_count().unwrap(), events, "no event twice");
}

#[test]
fn status_shows_the_leads_view_and_lists_what_nobody_holds_first() {
    let now = msk_midday(Utc::now());
    let m = Market::start(1500, 7, "", now);
    let env = Env::new();
    ok(&env.daemon(&m.sim().url()).arg("--once").output().unwrap());

    let before = json(&keyless(&env).args(["status", "--json"]).output().unwrap());
    let p1: Vec<i64> = before["orders"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["severity"] == "P1")
        .map(|o| o["order_id"].as_i64().unwrap())
        .collect();
    assert!(p1.len() >= 3, "a few P1 orders: {before}");
    let unclaimed_before = before["unclaimed"]["P1"].as_u64().unwrap() as usize;
    assert_eq!(
        unclaimed_before,
        before["by_severity"]["P1"].as_u64().unwrap() as usize
    );
    assert!(before["unclaimed"]["oldest_p1_seconds"].as_i64().unwrap() >= 0);

    // Two agents take orders; one adds a note. Notes count by the Moscow day: one made
    // in the last moment of a day is yesterday's when `status` reads it.
    crate::common::clear_of_moscow_midnight();
    let mut cache = Cache::open_existing(&env.db()).unwrap();
    let idle = chrono::Duration::minutes(30);
    cache.claim(p1[0], "anna", false, idle, Utc::now()).unwrap();
    cache.claim(p1[1], "anna", false, idle, Utc::now()).unwrap();
    cache
        .claim(p1[2], "boris", false, idle, Utc::now())
        .unwrap();
    let version = cache.incident(p1[0]).unwrap().unwrap().version;
    cache
        .update_incident(
            cache.incident(p1[0]).unwrap().unwrap().id,
            version,
            "anna",
            "note",
            Utc::now(),
            |i| i.notes.push_str("called the carrier\n"),
        )
        .unwrap()
        .unwrap();

    let after = json(
        &keyless(&env)
            .args(["status", "--json", "--limit", "500"])
            .output()
            .unwrap(),
    );
    let agents = after["by_agent"].as_array().unwrap();
    let anna = agents.iter().find(|a| a["agent"] == "anna").unwrap();
    assert_eq!(anna["held"]["P1"], 2);
    assert!(anna["idle_seconds_max"].as_i64().unwrap() >= 0);
    assert_eq!(
        after["unclaimed"]["P1"].as_u64().unwrap() as usize,
        unclaimed_before - 3
    );
    // Orders nobody holds come first.
    let listed = after["orders"].as_array().unwrap();
    let first_held = listed
        .iter()
        .position(|o| !o["claimed_by"].is_null())
        .unwrap();
    assert!(
        listed[first_held..]
            .iter()
            .all(|o| !o["claimed_by"].is_null()),
        "held orders after every unheld one"
    );
    let text = ok(&keyless(&env)
        .args(["status", "--by-agent"])
        .output()
        .unwrap());
    assert!(text.contains("anna") && text.contains("boris"), "{text}");
    assert!(text.contains("unclaimed: P1"), "{text}");
    let anna_line = text.lines().find(|l| l.starts_with("anna")).unwrap();
    let cols: Vec<&str> = anna_line.split_whitespace().collect();
    assert_eq!(cols[1], "2", "{anna_line}");
    assert_eq!(cols[cols.len() - 2], "1", "one note today: {anna_line}");
}
