//! A demo's world continues between runs: generated again at its first moment, its
//! accepted writes answered again at theirs, it is the world that took them.

use std::net::SocketAddr;

use chrono::Duration;

use super::*;
use crate::market::enums::{DeliveryDateReason, OrderStatus};
use crate::market::wire::write::{DeliveryDateChange, DeliveryDateRequest};
use crate::market::{ApiKey, ClientConfig, MarketClient};
use crate::sim::{Clock, SimHandle, SimOptions, start_kept};

fn t0() -> DateTime<Utc> {
    "2026-07-15T09:00:00Z".parse().unwrap()
}

fn opts() -> SimOptions {
    SimOptions {
        orders: 400,
        seed: 11,
        clock: Clock::Frozen,
        now: Some(t0()),
        ..SimOptions::default()
    }
}

async fn kept(journal: &Path) -> SimHandle {
    let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
    start_kept(any, opts(), journal).await.unwrap()
}

fn client(sim: &SimHandle) -> MarketClient {
    MarketClient::new(ClientConfig::new(sim.url(), ApiKey::new("k"))).unwrap()
}

/// Every order as the world holds it, as JSON.
fn orders(sim: &SimHandle) -> serde_json::Value {
    serde_json::to_value(lock(&sim.world()).orders()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_world_started_again_from_its_journal_is_the_world_that_took_the_writes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.market.jsonl");
    let sim = kept(&path).await;
    let market = client(&sim);
    lock(&sim.world()).advance(Duration::minutes(30));
    // A date move the Market accepts: the first DBS order in PROCESSING that takes it.
    let candidates: Vec<(i64, i64, chrono::NaiveDate)> = lock(&sim.world())
        .orders()
        .iter()
        .filter(|o| o.status == OrderStatus::PROCESSING)
        .filter_map(|o| Some((o.campaign_id, o.order_id, o.delivery.dates.to_date?)))
        .collect();
    let mut moved = None;
    for (campaign, order, to) in candidates {
        let req = DeliveryDateRequest {
            dates: DeliveryDateChange {
                to_date: to + Duration::days(2),
            },
            reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
        };
        if market
            .set_delivery_date(campaign, order, &req)
            .await
            .is_ok()
        {
            moved = Some((order, to + Duration::days(2)));
            break;
        }
    }
    let (order, date) = moved.expect("a DBS order whose date may move");
    // And a message to a buyer, through a chat made for it.
    let business = sim.business_id();
    let chat = market.create_chat(business, order).await.unwrap();
    market
        .send_message(business, chat, "Перенесли доставку")
        .await
        .unwrap();
    lock(&sim.world()).advance(Duration::minutes(60));
    let before = orders(&sim);
    let history = market.chat_history(business, chat, None).await.unwrap();
    sim.shutdown().await;

    let again = kept(&path).await;
    // Frozen: the replay leaves the clock at the last write; move it on as before.
    let now = lock(&again.world()).now();
    assert_eq!(now, t0() + Duration::minutes(30), "the last write's moment");
    lock(&again.world()).advance(Duration::minutes(60));
    assert_eq!(orders(&again), before, "every order as it was");
    let o = lock(&again.world()).order(order).cloned().unwrap();
    assert_eq!(o.delivery.dates.to_date, Some(date));
    let history_again = client(&again)
        .chat_history(business, chat, None)
        .await
        .unwrap();
    assert_eq!(
        serde_json::to_value(&history_again).unwrap(),
        serde_json::to_value(&history).unwrap(),
        "the chat, ids and all"
    );
    again.shutdown().await;
}

#[test]
fn a_journal_torn_by_a_crash_keeps_every_whole_line_and_another_demos_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("j.jsonl");
    let (j, at, writes) = open(&path, 11, 400, t0()).unwrap();
    assert_eq!((at, writes.len()), (t0(), 0));
    j.record(
        t0() + Duration::minutes(5),
        &Method::PUT,
        "/v2/campaigns/1/orders/2/status",
        None,
        br#"{"order":{"status":"DELIVERY"}}"#,
    );
    drop(j);
    let mut f = OpenOptions::new().append(true).open(&path).unwrap();
    f.write_all(br#"{"line":"write","at":"2026-07-15T09:0"#)
        .unwrap();
    drop(f);
    let (_j, at, writes) = open(&path, 11, 400, t0() + Duration::days(3)).unwrap();
    assert_eq!(at, t0(), "the world's first moment, not now");
    assert_eq!(writes.len(), 1, "the torn line is no write");
    let e = open(&path, 12, 400, t0()).unwrap_err();
    assert!(e.to_string().contains("another demo"), "{e}");
}
