//! The simulated Market's chats and DBS buyer over real HTTP on a loopback port: the
//! chat list's status filter, limit and paging, `updatedAt` following the messages,
//! buyers who write as the simulated clock runs, and the buyer call's rules.

use crate::common;

use std::collections::BTreeSet;

use chrono::{DateTime, FixedOffset};
use reqwest::Method;
use serde_json::{Value, json};
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::market::wire::BusinessOrder;

use common::{api, client, json, sim, the_error};

/// `POST …/chats` with `filter` and `query`; the status and the body.
async fn chats(
    c: &reqwest::Client,
    base: &str,
    business: i64,
    query: &str,
    filter: Value,
) -> (u16, Value) {
    let url = format!("{base}/v2/businesses/{business}/chats?{query}");
    json(
        api(c, Method::POST, url)
            .json(&filter)
            .send()
            .await
            .unwrap(),
    )
    .await
}

/// Every chat id matching `filter`, page by page.
async fn all_chat_ids(c: &reqwest::Client, base: &str, business: i64, filter: Value) -> Vec<i64> {
    let mut ids = Vec::new();
    let mut token = String::new();
    for _ in 0..500 {
        let query = format!("limit=20&page_token={token}");
        let (status, body) = chats(c, base, business, &query, filter.clone()).await;
        assert_eq!(status, 200, "{body}");
        for ch in body["result"]["chats"].as_array().unwrap() {
            ids.push(ch["chatId"].as_i64().unwrap());
        }
        match body["result"]["paging"]["nextPageToken"].as_str() {
            Some(t) => token = t.to_owned(),
            None => return ids,
        }
    }
    panic!("paging does not end");
}

async fn history(c: &reqwest::Client, base: &str, business: i64, chat: i64) -> Vec<Value> {
    let url = format!("{base}/v2/businesses/{business}/chats/history?chatId={chat}&limit=100");
    let (status, body) = json(
        api(c, Method::POST, url)
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body["result"]["messages"].as_array().unwrap().clone()
}

async fn advance(c: &reqwest::Client, base: &str, minutes: i64) {
    let url = format!("{base}/_sim/advance?minutes={minutes}");
    assert_eq!(c.post(url).send().await.unwrap().status(), 200);
}

fn time(v: &Value) -> DateTime<FixedOffset> {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_status_filter_limit_and_paging_follow_the_spec() {
    let s = sim(3000, "").await;
    let c = client();
    let (base, b) = (s.url(), s.business_id());
    let waiting = json!({"statuses": ["WAITING_FOR_PARTNER"]});

    let (status, body) = chats(&c, &base, b, "", waiting.clone()).await;
    assert_eq!(status, 200);
    let page = body["result"]["chats"].as_array().unwrap();
    assert_eq!(page.len(), 10, "ten by default");
    assert!(page.iter().all(|ch| ch["status"] == "WAITING_FOR_PARTNER"));
    for query in ["limit=0", "limit=21"] {
        let (status, body) = chats(&c, &base, b, query, json!({})).await;
        assert_eq!(status, 400, "{query}");
        the_error(&body);
    }
    let (status, _) = chats(&c, &base, b, "", json!({"statuses": ["SLEEPING"]})).await;
    assert_eq!(status, 400, "a status outside the enum is refused");

    // All statuses together are all chats; each status alone is its share.
    let every = all_chat_ids(&c, &base, b, json!({})).await;
    let mut by_status = BTreeSet::new();
    for st in ["NEW", "WAITING_FOR_CUSTOMER", "WAITING_FOR_PARTNER"] {
        for id in all_chat_ids(&c, &base, b, json!({"statuses": [st]})).await {
            assert!(by_status.insert(id), "chat {id} in two statuses");
        }
    }
    assert_eq!(by_status, every.iter().copied().collect::<BTreeSet<_>>());

    // A chat that leaves the filter between two pages moves no other out of the next:
    // the shop answers the first waiting chat after reading the first page.
    let before = all_chat_ids(&c, &base, b, waiting.clone()).await;
    assert!(before.len() > 10, "{} waiting chats", before.len());
    let (_, first) = chats(&c, &base, b, "limit=5", waiting.clone()).await;
    let answered = first["result"]["chats"][0]["chatId"].as_i64().unwrap();
    let url = format!("{base}/v2/businesses/{b}/chats/message?chatId={answered}");
    let sent = api(&c, Method::POST, url)
        .json(&json!({"message": "Здравствуйте! Уже разбираемся."}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let token = first["result"]["paging"]["nextPageToken"].as_str().unwrap();
    let mut rest = Vec::new();
    let mut query = format!("limit=5&page_token={token}");
    loop {
        let (_, body) = chats(&c, &base, b, &query, waiting.clone()).await;
        for ch in body["result"]["chats"].as_array().unwrap() {
            rest.push(ch["chatId"].as_i64().unwrap());
        }
        match body["result"]["paging"]["nextPageToken"].as_str() {
            Some(t) => query = format!("limit=5&page_token={t}"),
            None => break,
        }
    }
    assert_eq!(rest, before[5..].to_vec(), "nothing skipped");
    s.shutdown().await;
}

#[tokio::test]
async fn updated_at_follows_the_messages_and_buyers_write_as_time_goes_on() {
    let s = sim(3000, "").await;
    let c = client();
    let (base, b) = (s.url(), s.business_id());
    let orders: Vec<BusinessOrder> = c
        .get(format!("{base}/_sim/orders"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let known: BTreeSet<i64> = all_chat_ids(&c, &base, b, json!({}))
        .await
        .into_iter()
        .collect();
    let order = orders
        .iter()
        .rev()
        .find(|o| o.status == OrderStatus::DELIVERY && !o.fake)
        .unwrap();

    // A new chat, then the shop's message a while later: updatedAt moves with it.
    let url = format!("{base}/v2/businesses/{b}/chats/new");
    let (_, created) = json(
        api(&c, Method::POST, url)
            .json(&json!({"context": {"type": "ORDER", "id": order.order_id}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let chat = created["result"]["chatId"].as_i64().unwrap();
    let of_order = json!({"contexts": [{"type": "ORDER", "id": order.order_id}]});
    let (_, listed) = chats(&c, &base, b, "", of_order.clone()).await;
    let opened = time(&listed["result"]["chats"][0]["updatedAt"]);
    if !known.contains(&chat) {
        assert_eq!(listed["result"]["chats"][0]["status"], "NEW");
    }
    advance(&c, &base, 7).await;
    let url = format!("{base}/v2/businesses/{b}/chats/message?chatId={chat}");
    let sent = api(&c, Method::POST, url)
        .json(&json!({"message": "Заказ передан в доставку."}))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);
    let (_, listed) = chats(&c, &base, b, "", of_order).await;
    let after = &listed["result"]["chats"][0];
    assert_eq!(after["status"], "WAITING_FOR_CUSTOMER");
    assert!(time(&after["updatedAt"]) > opened, "{after}");
    let last = history(&c, &base, b, chat).await.pop().unwrap();
    assert_eq!(time(&after["updatedAt"]), time(&last["createdAt"]));

    // Three days on, buyers have written of their own accord: chats wait for the shop
    // with the buyer's message last and updatedAt at it, new chats among them.
    let waiting = json!({"statuses": ["WAITING_FOR_PARTNER"]});
    let now: Value = c
        .get(format!("{base}/_sim/now"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let start = time(&now["now"]);
    advance(&c, &base, 3 * 24 * 60).await;
    let mut fresh = 0;
    let mut opened_by_buyers = 0;
    for id in all_chat_ids(&c, &base, b, waiting).await {
        let messages = history(&c, &base, b, id).await;
        let last = messages.last().unwrap();
        if time(&last["createdAt"]) > start {
            fresh += 1;
            assert_eq!(last["sender"], "CUSTOMER");
            opened_by_buyers += usize::from(!known.contains(&id));
        }
    }
    assert!(fresh >= 5, "{fresh} chats with a new buyer message");
    assert!(opened_by_buyers > 0, "some buyers opened a chat");
    s.shutdown().await;
}

#[tokio::test]
async fn the_buyer_is_given_for_dbs_orders_being_processed_or_delivered_only() {
    let s = sim(1500, "").await;
    let c = client();
    let base = s.url();
    let orders: Vec<BusinessOrder> = c
        .get(format!("{base}/_sim/orders"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let find = |model: ProgramType, status: OrderStatus| {
        orders
            .iter()
            .find(|o| o.program_type.as_ref() == Some(&model) && o.status == status)
            .unwrap()
    };
    let buyer = |o: &BusinessOrder| {
        format!(
            "{base}/v2/campaigns/{}/orders/{}/buyer",
            o.campaign_id, o.order_id
        )
    };

    for st in [
        OrderStatus::PROCESSING,
        OrderStatus::DELIVERY,
        OrderStatus::PICKUP,
    ] {
        let o = find(ProgramType::DBS, st.clone());
        let (status, body) = json(api(&c, Method::GET, buyer(o)).send().await.unwrap()).await;
        assert_eq!(status, 200, "{st}: {body}");
        let b = &body["result"];
        let phone = b["phone"].as_str().unwrap();
        assert!(
            phone.len() == 12
                && phone.starts_with("+7")
                && phone[1..].bytes().all(|d| d.is_ascii_digit()),
            "a proxy number +<country><region><number>: {phone}"
        );
        assert!(b["trusted"].is_boolean());
        assert!(b["firstName"].is_string() && b["type"].is_string());
    }

    for (o, code) in [
        (
            find(ProgramType::FBS, OrderStatus::PROCESSING),
            "CAMPAIGN_TYPE_NOT_SUPPORTED",
        ),
        (
            find(ProgramType::DBS, OrderStatus::DELIVERED),
            "ORDER_IN_TERMINAL_STATE",
        ),
        (
            find(ProgramType::DBS, OrderStatus::CANCELLED),
            "ORDER_IN_TERMINAL_STATE",
        ),
    ] {
        let (status, body) = json(api(&c, Method::GET, buyer(o)).send().await.unwrap()).await;
        assert_eq!(status, 400, "{body}");
        assert_eq!(the_error(&body).0, code);
    }
    let dbs = find(ProgramType::DBS, OrderStatus::PROCESSING);
    let url = format!("{base}/v2/campaigns/{}/orders/1/buyer", dbs.campaign_id);
    let (status, _) = json(api(&c, Method::GET, url).send().await.unwrap()).await;
    assert_eq!(status, 404);
    s.shutdown().await;
}
