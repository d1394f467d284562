//! An order's buyer chat read into the cache for the Contact tab, against the
//! simulated Market on a loopback port: messages sent through the API come back in
//! time order, long histories are read whole, and reading never creates a chat.

use crate::common;

use std::path::PathBuf;

use chrono::Utc;
use serde_json::Value;
use ym_triage::cache::Cache;
use ym_triage::market::enums::ChatSender;
use ym_triage::market::wire::ChatsFilter;
use ym_triage::market::wire::chat::ChatContextRef;
use ym_triage::market::{ApiKey, ClientConfig, MarketClient};
use ym_triage::service::chats::refresh_history;
use ym_triage::service::store::Store;
use ym_triage::sim::SimHandle;

use common::{KEY, client, sim};

const CHAT_NEW: &str = "POST /v2/businesses/{businessId}/chats/new";

fn market(sim: &SimHandle) -> MarketClient {
    MarketClient::new(ClientConfig::new(sim.url(), ApiKey::new(KEY))).unwrap()
}

/// The service's connection to the cache at `db`.
fn store(db: &std::path::Path) -> Store {
    Store::open(db, true, 30).unwrap()
}

/// A fresh cache file in its own directory (kept alive by the returned guard).
fn cache_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.db");
    (dir, path)
}

fn order_filter(order_id: i64) -> ChatsFilter {
    ChatsFilter {
        contexts: vec![ChatContextRef::order(order_id)],
        ..ChatsFilter::default()
    }
}

/// Ids of orders the simulated Market has no chat for.
fn chatless_orders(sim: &SimHandle) -> Vec<i64> {
    let world = sim.world();
    let w = world.lock().unwrap();
    w.orders()
        .iter()
        .map(|o| o.order_id)
        .filter(|&id| {
            w.chats(sim.business_id(), &order_filter(id))
                .unwrap()
                .is_empty()
        })
        .collect()
}

/// How many chats the simulated Market has been asked to create.
async fn chats_created(sim: &SimHandle) -> u64 {
    let stats: Value = client()
        .get(format!("{}/_sim/stats", sim.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["routes"][CHAT_NEW]
        .as_object()
        .map(|answers| answers.values().filter_map(Value::as_u64).sum())
        .unwrap_or(0)
}

#[tokio::test]
async fn a_message_sent_through_the_api_is_in_the_cached_history() {
    let sim = sim(120, "").await;
    let b = sim.business_id();
    let order = chatless_orders(&sim)[0];
    let m = market(&sim);
    let chat_id = m.create_chat(b, order).await.unwrap();
    m.send_message(b, chat_id, "Здравствуйте! Заказ задерживается на день.")
        .await
        .unwrap();
    let (_dir, db) = cache_path();

    let got = refresh_history(&m, &store(&db), b, order, Utc::now())
        .await
        .unwrap();

    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].chat_id, chat_id);
    assert_eq!(got[0].sender, ChatSender::PARTNER.as_str());
    assert_eq!(got[0].text, "Здравствуйте! Заказ задерживается на день.");
    let cache = Cache::open(&db).unwrap();
    assert_eq!(cache.chat_id(order).unwrap(), Some(chat_id));
    assert_eq!(cache.chat_messages(order).unwrap(), got);
}

#[tokio::test]
async fn refreshing_again_adds_new_messages_once_in_time_order() {
    let sim = sim(120, "").await;
    let b = sim.business_id();
    let order = chatless_orders(&sim)[0];
    let m = market(&sim);
    let chat_id = m.create_chat(b, order).await.unwrap();
    let (_dir, db) = cache_path();
    m.send_message(b, chat_id, "Первое").await.unwrap();
    refresh_history(&m, &store(&db), b, order, Utc::now())
        .await
        .unwrap();
    m.send_message(b, chat_id, "Второе").await.unwrap();

    let got = refresh_history(&m, &store(&db), b, order, Utc::now())
        .await
        .unwrap();

    let texts: Vec<&str> = got.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Первое", "Второе"]);
    assert!(got[0].message_id < got[1].message_id);
    assert_eq!(chats_created(&sim).await, 1, "only the test made a chat");
}

#[tokio::test]
async fn an_order_without_a_chat_has_an_empty_history_and_gets_no_chat() {
    let sim = sim(120, "").await;
    let b = sim.business_id();
    let order = chatless_orders(&sim)[0];
    let m = market(&sim);
    let (_dir, db) = cache_path();

    let got = refresh_history(&m, &store(&db), b, order, Utc::now())
        .await
        .unwrap();

    assert!(got.is_empty(), "{got:?}");
    assert_eq!(chats_created(&sim).await, 0);
    assert!(chatless_orders(&sim).contains(&order));
    assert_eq!(Cache::open(&db).unwrap().chat_id(order).unwrap(), None);
}

#[tokio::test]
async fn a_buyers_existing_chat_is_read_whole_in_time_order() {
    let sim = sim(400, "").await;
    let b = sim.business_id();
    let (order, expected) = {
        let world = sim.world();
        let w = world.lock().unwrap();
        let chat = w
            .chats(b, &ChatsFilter::default())
            .unwrap()
            .into_iter()
            .find(|c| c.context.order_id.is_some())
            .expect("the generated world has a buyer chat");
        let history = w.history(b, chat.chat_id, None).unwrap();
        (chat.context.order_id.unwrap(), history)
    };
    let m = market(&sim);
    let (_dir, db) = cache_path();

    let got = refresh_history(&m, &store(&db), b, order, Utc::now())
        .await
        .unwrap();

    let got: Vec<(i64, &str)> = got
        .iter()
        .map(|m| (m.message_id, m.text.as_str()))
        .collect();
    let expected: Vec<(i64, &str)> = expected
        .iter()
        .map(|m| (m.message_id, m.message.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(chats_created(&sim).await, 0);
}

#[tokio::test]
async fn a_history_longer_than_a_page_is_fetched_whole() {
    let sim = sim(120, "").await;
    let b = sim.business_id();
    let order = chatless_orders(&sim)[0];
    let m = market(&sim);
    let chat_id = m.create_chat(b, order).await.unwrap();
    {
        // Straight into the world: 130 messages through HTTP would only add time.
        let world = sim.world();
        let mut w = world.lock().unwrap();
        for i in 0..130 {
            w.send_message(b, chat_id, &format!("Сообщение {i}"))
                .unwrap();
        }
    }
    let (_dir, db) = cache_path();

    let got = refresh_history(&m, &store(&db), b, order, Utc::now())
        .await
        .unwrap();

    assert_eq!(got.len(), 130);
    assert_eq!(got[0].text, "Сообщение 0");
    assert_eq!(got[129].text, "Сообщение 129");
}

#[tokio::test]
async fn a_stale_cached_chat_id_is_replaced_by_the_orders_chat() {
    let sim = sim(120, "").await;
    let b = sim.business_id();
    let order = chatless_orders(&sim)[0];
    let m = market(&sim);
    let chat_id = m.create_chat(b, order).await.unwrap();
    m.send_message(b, chat_id, "Мы на связи").await.unwrap();
    let (_dir, db) = cache_path();
    Cache::open(&db)
        .unwrap()
        .set_chat(order, b, 1, Utc::now())
        .unwrap();

    let got = refresh_history(&m, &store(&db), b, order, Utc::now())
        .await
        .unwrap();

    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].text, "Мы на связи");
    assert_eq!(
        Cache::open(&db).unwrap().chat_id(order).unwrap(),
        Some(chat_id)
    );
}
