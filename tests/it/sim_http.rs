//! The simulated Market over real HTTP on a loopback port: auth, the documented shapes
//! and wrappers, paging, the Market's rules on writes, rate limits, injected faults and
//! the `/_sim/` side door.

use crate::common;

use std::collections::HashSet;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde_json::{Value, json};
use ym_triage::market::enums::{OrderStatus, OrderSubstatus, PlacementType};
use ym_triage::market::wire::{BusinessOrder, CampaignsPage, OrdersPage};
use ym_triage::sim::{Clock, FaultSpec, SimOptions};

use common::{KEY, api, client, json, sim, sim_with, the_error};

/// Every order of the world, from the side door.
async fn all_orders(c: &reqwest::Client, base: &str) -> Vec<BusinessOrder> {
    let resp = c.get(format!("{base}/_sim/orders")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

/// The placement type of each campaign.
async fn campaigns(c: &reqwest::Client, base: &str) -> CampaignsPage {
    let resp = api(c, Method::GET, format!("{base}/v2/campaigns"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

/// The first order of a campaign of `placement` that is in `status`/`substatus`.
async fn find_order(
    c: &reqwest::Client,
    base: &str,
    placement: PlacementType,
    status: OrderStatus,
    substatus: Option<OrderSubstatus>,
) -> Option<BusinessOrder> {
    let camps = campaigns(c, base).await;
    let ids: HashSet<i64> = camps
        .campaigns
        .iter()
        .filter(|k| k.placement_type == placement)
        .map(|k| k.id)
        .collect();
    all_orders(c, base).await.into_iter().find(|o| {
        ids.contains(&o.campaign_id)
            && o.status == status
            && substatus.as_ref().is_none_or(|s| *s == o.substatus)
    })
}

/// Every order the v1 list returns for `filter`, following the page tokens.
async fn page_all(c: &reqwest::Client, url: &str, filter: Value) -> Vec<BusinessOrder> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..1000 {
        let u = match &token {
            Some(t) => format!("{url}?page_token={t}"),
            None => url.to_owned(),
        };
        let resp = api(c, Method::POST, u).json(&filter).send().await.unwrap();
        assert_eq!(resp.status(), 200);
        let page: OrdersPage = resp.json().await.unwrap();
        all.extend(page.orders);
        token = page.paging.and_then(|p| p.next_page_token);
        if token.is_none() {
            return all;
        }
    }
    panic!("paging does not end");
}

/// The id of the first carrier of `GET /v2/delivery/services`.
async fn first_carrier(c: &reqwest::Client, base: &str) -> i64 {
    let (_, body) = json(
        api(c, Method::GET, format!("{base}/v2/delivery/services"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    body["result"]["deliveryService"][0]["id"].as_i64().unwrap()
}

fn orders_url(base: &str, business: i64) -> String {
    format!("{base}/v1/businesses/{business}/orders")
}

#[tokio::test]
async fn missing_api_key_gets_401_with_documented_body() {
    let s = sim(50, "").await;
    let c = client();
    let url = orders_url(&s.url(), s.business_id());

    let (status, body) = json(c.post(&url).json(&json!({})).send().await.unwrap()).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({"errors":[{"code":"UNAUTHORIZED","message":"Credentials are not specified"}],"status":"ERROR"})
    );

    let resp = c
        .post(&url)
        .header("Authorization", format!("Bearer {KEY}"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(resp).await;
    assert_eq!(status, 401);
    let (code, msg) = the_error(&body);
    assert_eq!(code, "UNAUTHORIZED");
    assert!(msg.contains("Credentials are not specified"), "{msg}");

    let resp = c
        .post(&url)
        .header("Api-Key", format!("Bearer {KEY}"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(resp).await;
    assert_eq!(status, 401);
    assert_eq!(the_error(&body).1, "Api-Key token prefix invalid");

    let resp = c
        .post(&url)
        .header("Api-Key", "ACMA:some-other-key:0002")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let (status, body) = json(resp).await;
    assert_eq!(status, 401);
    assert_eq!(
        body,
        json!({"errors":[{"code":"UNAUTHORIZED","message":"Api-Key token is invalid"}],"status":"ERROR"})
    );
    s.shutdown().await;
}

#[tokio::test]
async fn orders_page_has_documented_shape_and_pages_to_the_end() {
    let s = sim(200, "").await;
    let c = client();
    let url = orders_url(&s.url(), s.business_id());

    // Raw shape: no status wrapper, `orders` and `paging`, v1 field names.
    let (status, first) = json(
        api(&c, Method::POST, format!("{url}?limit=7"))
            .json(&json!({}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(first.get("status").is_none(), "v1 orders are not wrapped");
    let orders = first["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 7);
    for key in [
        "orderId",
        "campaignId",
        "status",
        "substatus",
        "creationDate",
        "items",
        "delivery",
    ] {
        assert!(
            orders[0].get(key).is_some(),
            "missing {key} in {}",
            orders[0]
        );
    }
    assert!(first["paging"]["nextPageToken"].is_string());

    // Page to the end with two page sizes: the same orders, ascending, no repeats.
    let mut seen_by_limit = Vec::new();
    for limit in [7, 50] {
        let mut ids: Vec<i64> = Vec::new();
        let mut token: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut u = format!("{url}?limit={limit}");
            if let Some(t) = &token {
                u.push_str(&format!("&page_token={t}"));
            }
            let resp = api(&c, Method::POST, u)
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), 200);
            let page: OrdersPage = resp.json().await.unwrap();
            pages += 1;
            assert!(page.orders.len() <= limit);
            ids.extend(page.orders.iter().map(|o| o.order_id));
            token = page.paging.and_then(|p| p.next_page_token);
            match &token {
                Some(_) => assert_eq!(page.orders.len(), limit, "only the last page is short"),
                None => break,
            }
            assert!(pages < 100, "paging does not end");
        }
        assert!(!ids.is_empty());
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
        seen_by_limit.push(ids);
    }
    assert_eq!(seen_by_limit[0], seen_by_limit[1]);

    // The alias `pageToken` works too.
    let second_via_alias = {
        let t = first["paging"]["nextPageToken"].as_str().unwrap();
        let resp = api(&c, Method::POST, format!("{url}?limit=7&pageToken={t}"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "an empty body means no filters");
        resp.json::<OrdersPage>().await.unwrap()
    };
    assert_eq!(
        second_via_alias.orders[0].order_id, seen_by_limit[0][7],
        "the token continues after the first page"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn bad_paging_parameters_get_400() {
    let s = sim(50, "").await;
    let c = client();
    let base = s.url();
    let url = orders_url(&base, s.business_id());
    for (url, query, needle) in [
        (&url, "limit=0", "limit"),
        (&url, "limit=ten", "limit"),
        (&url, "page_token=not-a-token", "page_token"),
        // Only the methods whose spec truncates `limit` take one above the maximum.
        (
            &format!("{base}/v2/businesses/{}/chats", s.business_id()),
            "limit=21",
            "Limit exceeded",
        ),
    ] {
        let resp = api(&c, Method::POST, format!("{url}?{query}"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        let (status, body) = json(resp).await;
        assert_eq!(status, 400, "{query}");
        let (code, msg) = the_error(&body);
        assert_eq!(code, "BAD_REQUEST");
        assert!(msg.contains(needle), "{query}: {msg}");
    }
    s.shutdown().await;
}

#[tokio::test]
async fn an_orders_limit_above_50_is_cut_to_50_as_the_spec_says() {
    let s = sim(400, "").await;
    let c = client();
    let url = orders_url(&s.url(), s.business_id());
    for query in ["limit=51", "limit=1000"] {
        let resp = api(&c, Method::POST, format!("{url}?{query}"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "{query}");
        let page: OrdersPage = resp.json().await.unwrap();
        assert_eq!(page.orders.len(), 50, "{query}");
        assert!(page.paging.and_then(|p| p.next_page_token).is_some());
    }
    s.shutdown().await;
}

#[tokio::test]
async fn unknown_paths_methods_and_bad_bodies_get_error_bodies() {
    let s = sim(50, "").await;
    let c = client();
    let base = s.url();
    let b = s.business_id();

    let (status, body) = json(
        api(&c, Method::GET, format!("{base}/v2/nothing/here"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(the_error(&body).0, "NOT_FOUND");

    // The unversioned form is not served: the client must send the versioned path.
    let (status, _) = json(
        api(&c, Method::GET, format!("{base}/campaigns"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);

    let resp = api(&c, Method::GET, orders_url(&base, b))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.headers()["allow"], "POST");
    let (status, body) = json(resp).await;
    assert_eq!(status, 405);
    the_error(&body);

    let (status, body) = json(
        api(&c, Method::POST, orders_url(&base, b))
            .body("{not json")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert!(the_error(&body).1.starts_with("JSON: "), "{body}");

    let big = format!("{{\"orderIds\":[{}1]}}", "1,".repeat(300_000));
    let (status, body) = json(
        api(&c, Method::POST, orders_url(&base, b))
            .body(big)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(the_error(&body).1, "The request is too big");

    // A `.json` suffix on the resource is the same method.
    let resp = api(&c, Method::POST, format!("{}.json", orders_url(&base, b)))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    s.shutdown().await;
}

#[tokio::test]
async fn campaigns_and_delivery_services_have_documented_shapes() {
    let s = sim(50, "").await;
    let c = client();
    let base = s.url();

    let (status, body) = json(
        api(&c, Method::GET, format!("{base}/v2/campaigns"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.get("status").is_none(), "getCampaigns is not wrapped");
    let camps = body["campaigns"].as_array().unwrap();
    assert!(!camps.is_empty());
    for k in camps {
        assert_eq!(k["business"]["id"], s.business_id());
        assert!(k["placementType"].is_string());
    }

    // Paged one at a time, the same campaigns come back.
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut u = format!("{base}/v2/campaigns?limit=1");
        if let Some(t) = &token {
            u.push_str(&format!("&page_token={t}"));
        }
        let page: CampaignsPage = api(&c, Method::GET, u)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ids.extend(page.campaigns.iter().map(|k| k.id));
        token = page.paging.and_then(|p| p.next_page_token);
        if token.is_none() {
            break;
        }
    }
    let all: Vec<i64> = camps.iter().map(|k| k["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, all);

    let (status, body) = json(
        api(&c, Method::GET, format!("{base}/v2/delivery/services"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.get("status").is_none(),
        "GetDeliveryServicesResponse has only result"
    );
    let services = body["result"]["deliveryService"].as_array().unwrap();
    assert!(!services.is_empty());
    assert!(services[0]["id"].is_i64() && services[0]["name"].is_string());
    s.shutdown().await;
}

#[tokio::test]
async fn forbidden_transition_gets_400_with_error_body() {
    let s = sim(200, "").await;
    let c = client();
    let base = s.url();

    let fby = find_order(&c, &base, PlacementType::FBY, OrderStatus::PROCESSING, None)
        .await
        .or(find_order(&c, &base, PlacementType::FBY, OrderStatus::DELIVERY, None).await)
        .expect("an active FBY order in 200");
    let resp = api(
        &c,
        Method::PUT,
        format!(
            "{base}/v2/campaigns/{}/orders/{}/status",
            fby.campaign_id, fby.order_id
        ),
    )
    .json(&json!({"order":{"status":"CANCELLED","substatus":"SHOP_FAILED"}}))
    .send()
    .await
    .unwrap();
    let (status, body) = json(resp).await;
    assert_eq!(status, 400, "FBY orders take no status writes: {body}");
    the_error(&body);

    let dbs = find_order(
        &c,
        &base,
        PlacementType::DBS,
        OrderStatus::PROCESSING,
        Some(OrderSubstatus::STARTED),
    )
    .await
    .expect("a DBS order in PROCESSING/STARTED in 200");
    let url = format!(
        "{base}/v2/campaigns/{}/orders/{}/status",
        dbs.campaign_id, dbs.order_id
    );
    let (status, body) = json(
        api(&c, Method::PUT, url.clone())
            .json(&json!({"order":{"status":"DELIVERED","substatus":"DELIVERY_SERVICE_DELIVERED"}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        status, 400,
        "DBS cannot jump from PROCESSING to DELIVERED: {body}"
    );
    the_error(&body);

    // The order of the diagram is accepted, and answered with `{"order": OrderDTO}`.
    let (status, body) = json(
        api(&c, Method::PUT, url)
            .json(&json!({"order":{"status":"DELIVERY","substatus":"DELIVERY_SERVICE_RECEIVED"}}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.get("status").is_none(), "no status wrapper: {body}");
    assert_eq!(body["order"]["id"], dbs.order_id);
    assert_eq!(body["order"]["status"], "DELIVERY");
    let created = body["order"]["creationDate"].as_str().unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(created, "%d-%m-%Y %H:%M:%S").is_ok(),
        "legacy date dialect: {created}"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn same_seed_serves_same_orders() {
    let a = sim(200, "").await;
    let b = sim(200, "").await;
    let other = sim_with(SimOptions {
        seed: 43,
        ..common::options(200, "")
    })
    .await;
    let c = client();
    let page = |base: String, business: i64| {
        let c = c.clone();
        async move {
            let resp = api(&c, Method::POST, orders_url(&base, business))
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            resp.text().await.unwrap()
        }
    };
    assert_eq!(
        all_orders(&c, &a.url()).await,
        all_orders(&c, &b.url()).await
    );
    assert_eq!(
        page(a.url(), a.business_id()).await,
        page(b.url(), b.business_id()).await,
        "byte for byte"
    );
    assert_ne!(
        all_orders(&c, &a.url()).await,
        all_orders(&c, &other.url()).await
    );
    a.shutdown().await;
    b.shutdown().await;
    other.shutdown().await;
}

fn rate_headers(resp: &reqwest::Response) -> (u64, u64, DateTime<Utc>) {
    let h = resp.headers();
    let get = |n: &str| {
        h.get(n)
            .unwrap_or_else(|| panic!("{n} missing"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let until = DateTime::parse_from_rfc2822(&get("X-RateLimit-Resource-Until"))
        .unwrap()
        .with_timezone(&Utc);
    (
        get("X-RateLimit-Resource-Limit").parse().unwrap(),
        get("X-RateLimit-Resource-Remaining").parse().unwrap(),
        until,
    )
}

/// Waits out the last seconds of an hour. The simulator's hourly quota windows end on
/// the hour, so requests a test counts against one window must not straddle it.
async fn clear_of_the_hour() {
    let left = 3600 - Utc::now().timestamp().rem_euclid(3600);
    if left <= 5 {
        tokio::time::sleep(Duration::from_secs(left.unsigned_abs() + 1)).await;
    }
}

#[tokio::test]
async fn quota_exhaustion_gets_420_with_ratelimit_headers() {
    let s = sim(50, "quota=3").await;
    let c = client();
    let url = orders_url(&s.url(), s.business_id());
    clear_of_the_hour().await;
    let before = Utc::now();
    for left in [2, 1, 0] {
        let resp = api(&c, Method::POST, url.clone())
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let (limit, remaining, until) = rate_headers(&resp);
        assert_eq!((limit, remaining), (3, left));
        assert!(
            until > before
                && until <= before + chrono::Duration::hours(1) + chrono::Duration::seconds(1)
        );
    }
    let resp = api(&c, Method::POST, url.clone())
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 420);
    let (limit, remaining, until) = rate_headers(&resp);
    assert_eq!((limit, remaining), (3, 0));
    assert!(until > Utc::now());
    let (_, body) = json(resp).await;
    let (code, msg) = the_error(&body);
    assert_eq!(code, "LIMIT_EXCEEDED");
    assert_eq!(
        msg,
        "Hit rate limit of 3 requests per hour for resource getBusinessOrders"
    );

    // Quotas are per method: another one still answers.
    let resp = api(&c, Method::GET, format!("{}/v2/campaigns", s.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(rate_headers(&resp).1, 2);
    s.shutdown().await;
}

/// Sends `n` requests at once (the server holds each for its latency) and returns the
/// answers.
async fn at_once(c: &reqwest::Client, n: usize, method: Method, url: &str) -> Vec<(u16, Value)> {
    let sends = (0..n).map(|_| {
        let req = api(c, method.clone(), url.to_owned()).json(&json!({}));
        async move { json(req.send().await.unwrap()).await }
    });
    futures::future::join_all(sends).await
}

#[tokio::test]
async fn requests_in_flight_are_limited_per_method_as_documented() {
    let s = sim(50, "latency=400ms").await;
    let c = client();
    let b = s.business_id();

    // The orders list has its own limit of 6 (`parallel-limit-value`).
    let answers = at_once(&c, 9, Method::POST, &orders_url(&s.url(), b)).await;
    let ok = answers.iter().filter(|(st, _)| *st == 200).count();
    let refused: Vec<&Value> = answers
        .iter()
        .filter(|(st, _)| *st == 420)
        .map(|(_, b)| b)
        .collect();
    assert_eq!((ok, refused.len()), (6, 3), "six in flight are allowed");
    assert_eq!(
        the_error(refused[0]).1,
        format!("Hit rate limit of 6 parallel requests for businessId {b}")
    );

    // Other methods share the Market's global limit of 4 per business.
    let chats = format!("{}/v2/businesses/{b}/chats", s.url());
    let answers = at_once(&c, 7, Method::POST, &chats).await;
    let ok = answers.iter().filter(|(st, _)| *st == 200).count();
    assert_eq!(ok, 4, "four in flight are allowed");
    let refused = answers.iter().find(|(st, _)| *st == 420).unwrap();
    assert_eq!(
        the_error(&refused.1).1,
        format!("Hit rate limit of 4 parallel requests for businessId {b}")
    );

    let stats: Value = c
        .get(format!("{}/_sim/stats", s.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["maxInFlight"][format!("businessId {b}")], 4);
    assert_eq!(
        stats["maxInFlight"][format!("businessId {b} (getBusinessOrders)")],
        6
    );
    assert_eq!(
        stats["routes"]["POST /v1/businesses/{businessId}/orders"]["420"],
        3
    );
    s.shutdown().await;
}

#[tokio::test]
async fn faults_spec_rejects_unknown_item() {
    let e = FaultSpec::parse("latency=5ms,explode=0.5").unwrap_err();
    assert!(e.contains("explode"), "{e}");
    let e = FaultSpec::parse("5xx=lots").unwrap_err();
    assert!(e.contains("5xx=lots"), "{e}");
    let ok = FaultSpec::parse("latency=5ms..40ms,5xx=0.05,420q=0.02,420p=0.03,truncate=0.01,malformed=0.01,reset=0.01,quota=500,seed=7").unwrap();
    assert_eq!(ok.quota, Some(500));
    assert_eq!(FaultSpec::parse(&ok.to_string()).unwrap(), ok);
}

#[tokio::test]
async fn injected_faults_break_answers_but_never_sim_routes() {
    let c = client();
    for (spec, check) in [
        ("5xx=1", "5xx"),
        ("truncate=1", "truncate"),
        ("malformed=1", "malformed"),
        ("reset=1", "reset"),
        ("420p=1", "420p"),
    ] {
        let s = sim(50, spec).await;
        let url = orders_url(&s.url(), s.business_id());
        let sent = api(&c, Method::POST, url).json(&json!({})).send().await;
        match check {
            "reset" => assert!(sent.is_err(), "reset gives no answer"),
            _ => {
                let resp = sent.unwrap();
                let status = resp.status().as_u16();
                let text = resp.text().await.unwrap();
                let parsed = serde_json::from_str::<Value>(&text);
                match check {
                    "5xx" => {
                        assert!(status == 500 || status == 503, "{status}");
                        the_error(&parsed.unwrap());
                    }
                    "420p" => {
                        assert_eq!(status, 420);
                        assert!(the_error(&parsed.unwrap()).1.contains("parallel requests"));
                    }
                    _ => {
                        assert_eq!(status, 200);
                        assert!(parsed.is_err(), "{check}: {text}");
                        assert!(!text.is_empty());
                    }
                }
            }
        }
        // The side door is never faulted.
        let resp = c
            .get(format!("{}/_sim/stats", s.url()))
            .send()
            .await
            .unwrap();
        let stats: Value = resp.json().await.unwrap();
        assert_eq!(stats["faults"][check], 1, "{spec}: {stats}");
        s.shutdown().await;
    }
}

#[tokio::test]
async fn injected_quota_420_holds_until_its_until() {
    let s = sim(50, "420q=1").await;
    let c = client();
    let url = orders_url(&s.url(), s.business_id());
    let resp = api(&c, Method::POST, url)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 420);
    let (_, remaining, until) = rate_headers(&resp);
    assert_eq!(remaining, 0);
    let ahead = until - Utc::now();
    assert!(
        ahead <= chrono::Duration::seconds(2),
        "short enough for tests: {ahead}"
    );
    let (_, body) = json(resp).await;
    assert!(
        the_error(&body)
            .1
            .contains("requests per hour for resource getBusinessOrders")
    );
    s.shutdown().await;
}

#[tokio::test]
async fn introspection_records_writes() {
    let s = sim(200, "").await;
    let c = client();
    let base = s.url();
    let dbs = find_order(&c, &base, PlacementType::DBS, OrderStatus::PROCESSING, None)
        .await
        .expect("a DBS order in PROCESSING");
    let path = format!(
        "/v2/campaigns/{}/orders/{}/delivery/track",
        dbs.campaign_id, dbs.order_id
    );
    let carrier = first_carrier(&c, &base).await;
    let body = json!({"trackCode":"TRK-1","deliveryServiceId":carrier});
    let resp = api(&c, Method::POST, format!("{base}{path}"))
        .json(&body)
        .send()
        .await
        .unwrap();
    let (answered, ack) = json(resp).await;
    assert_eq!((answered, ack), (200, json!({"status":"OK"})));

    // Reads are not writes.
    api(&c, Method::POST, orders_url(&base, s.business_id()))
        .json(&json!({}))
        .send()
        .await
        .unwrap();

    let writes: Value = c
        .get(format!("{base}/_sim/writes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let writes = writes.as_array().unwrap();
    assert_eq!(writes.len(), 1, "{writes:?}");
    assert_eq!(writes[0]["method"], "POST");
    assert_eq!(writes[0]["path"], path);
    assert_eq!(writes[0]["body"], body);
    assert_eq!(writes[0]["http_status"], answered);
    assert!(writes[0]["fault"].is_null());

    let stats: Value = c
        .get(format!("{base}/_sim/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["total"], 4, "{stats}");
    s.shutdown().await;
}

#[tokio::test]
async fn advance_changes_orders_and_update_dates() {
    let s = sim(200, "").await;
    let c = client();
    let base = s.url();
    let before = all_orders(&c, &base).await;
    let now0: Value = c
        .get(format!("{base}/_sim/now"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now0["now"], json!(common::fixed_now()));

    let resp = c
        .post(format!("{base}/_sim/advance?minutes=1440"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let adv: Value = resp.json().await.unwrap();
    let changes = adv["changes"].as_array().unwrap();
    assert!(!changes.is_empty(), "a day moves some of 200 orders");
    let now1: DateTime<Utc> = serde_json::from_value(adv["now"].clone()).unwrap();
    assert_eq!(now1, common::fixed_now() + chrono::Duration::days(1));

    let after = all_orders(&c, &base).await;
    for ch in changes {
        let id = ch["order_id"].as_i64().unwrap();
        let old = before.iter().find(|o| o.order_id == id).unwrap();
        let new = after.iter().find(|o| o.order_id == id).unwrap();
        assert_ne!(old, new, "order {id} is reported changed");
        assert!(
            new.update_date > old.update_date,
            "order {id} got a new updateDate"
        );
    }

    // An incremental sync by update time finds exactly the changed orders.
    let from = (common::fixed_now() + chrono::Duration::seconds(1)).to_rfc3339();
    let found: HashSet<i64> = page_all(
        &c,
        &orders_url(&base, s.business_id()),
        json!({"dates":{"updateDateFrom": from}}),
    )
    .await
    .iter()
    .map(|o| o.order_id)
    .collect();
    let changed: HashSet<i64> = changes
        .iter()
        .map(|c| c["order_id"].as_i64().unwrap())
        .collect();
    assert_eq!(found, changed);

    let touched: Value = c
        .post(format!("{base}/_sim/touch?count=3"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(touched["changes"].as_array().unwrap().len(), 3);
    s.shutdown().await;
}

#[tokio::test]
async fn chat_flow_uses_the_status_wrapper() {
    let s = sim(200, "").await;
    let c = client();
    let base = s.url();
    let b = s.business_id();
    let order = all_orders(&c, &base).await.into_iter().next().unwrap();

    let (status, body) = json(
        api(
            &c,
            Method::POST,
            format!("{base}/v2/businesses/{b}/chats/new"),
        )
        .json(&json!({"context":{"type":"ORDER","id":order.order_id}}))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "OK");
    let chat_id = body["result"]["chatId"].as_i64().unwrap();

    let (status, body) = json(
        api(
            &c,
            Method::POST,
            format!("{base}/v2/businesses/{b}/chats/message?chatId={chat_id}"),
        )
        .json(&json!({"message":"Здравствуйте! Ваш заказ задерживается."}))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!((status, body), (200, json!({"status":"OK"})));

    let (status, body) = json(
        api(
            &c,
            Method::POST,
            format!("{base}/v2/businesses/{b}/chats/history?chatId={chat_id}"),
        )
        .json(&json!({}))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "OK");
    let msgs = body["result"]["messages"].as_array().unwrap();
    assert!(
        msgs.iter()
            .any(|m| m["message"] == "Здравствуйте! Ваш заказ задерживается.")
    );

    let (status, body) = json(
        api(
            &c,
            Method::POST,
            format!("{base}/v2/businesses/{b}/chats?limit=20"),
        )
        .json(&json!({"contexts":[{"type":"ORDER","id":order.order_id}]}))
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    let chats = body["result"]["chats"].as_array().unwrap();
    assert!(chats.iter().any(|ch| ch["chatId"] == chat_id), "{body}");

    let (status, _) = json(
        api(
            &c,
            Method::POST,
            format!("{base}/v2/businesses/{b}/chats?limit=21"),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 400);
    s.shutdown().await;
}

#[tokio::test]
async fn real_clock_follows_the_wall_clock() {
    let s = sim_with(SimOptions {
        clock: Clock::Real,
        now: None,
        ..common::options(50, "")
    })
    .await;
    let c = client();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let t0 = Utc::now();
    let now: Value = c
        .get(format!("{}/_sim/now", s.url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let now: DateTime<Utc> = serde_json::from_value(now["now"].clone()).unwrap();
    assert!(now >= t0 && now <= Utc::now());
    s.shutdown().await;
}

#[tokio::test]
async fn shutdown_frees_the_port() {
    let s = sim(20, "").await;
    let url = s.url();
    let c = client();
    assert!(c.get(format!("{url}/_sim/now")).send().await.is_ok());
    s.shutdown().await;
    assert!(c.get(format!("{url}/_sim/now")).send().await.is_err());
}

#[tokio::test]
async fn batch_status_update_is_wrapped_and_counts_orders_against_the_quota() {
    let s = sim(200, "quota=3").await;
    let c = client();
    let base = s.url();
    let camps = campaigns(&c, &base).await;
    let fbs: HashSet<i64> = camps
        .campaigns
        .iter()
        .filter(|k| k.placement_type == PlacementType::FBS)
        .map(|k| k.id)
        .collect();
    let orders = all_orders(&c, &base).await;
    // The FBS campaign with the most orders waiting to be packed.
    let started_in = |campaign: i64| -> Vec<i64> {
        orders
            .iter()
            .filter(|o| {
                o.campaign_id == campaign
                    && o.status == OrderStatus::PROCESSING
                    && o.substatus == OrderSubstatus::STARTED
            })
            .map(|o| o.order_id)
            .collect()
    };
    let campaign = *fbs
        .iter()
        .max_by_key(|k| started_in(**k).len())
        .expect("an FBS campaign");
    let started: Vec<i64> = started_in(campaign).into_iter().take(2).collect();
    assert_eq!(started.len(), 2, "two FBS orders in PROCESSING/STARTED");
    let batch = |ids: &[i64]| json!({"orders": ids.iter().map(|id| json!({"id": id, "status": "PROCESSING", "substatus": "READY_TO_SHIP"})).collect::<Vec<_>>()});
    let url = format!("{base}/v2/campaigns/{campaign}/orders/status-update");

    clear_of_the_hour().await;
    let resp = api(&c, Method::POST, url.clone())
        .json(&batch(&started))
        .send()
        .await
        .unwrap();
    assert_eq!(rate_headers(&resp).1, 1, "two orders took two units");
    let (status, body) = json(resp).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "OK");
    let results = body["result"]["orders"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert!(results.iter().all(|r| r["updateStatus"] == "OK"), "{body}");

    let resp = api(&c, Method::POST, url)
        .json(&batch(&started))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 420, "two more orders do not fit in one unit");
    s.shutdown().await;
}

#[tokio::test]
async fn quota_comes_back_after_its_window() {
    let s = sim(20, "quota=1,window=1s").await;
    let c = client();
    let url = format!("{}/v2/campaigns", s.url());
    // Start at the beginning of a window so the second request is surely in the same one.
    let until = {
        let resp = api(&c, Method::GET, url.clone()).send().await.unwrap();
        rate_headers(&resp).2
    };
    tokio::time::sleep((until - Utc::now()).to_std().unwrap_or_default()).await;
    let resp = api(&c, Method::GET, url.clone()).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    let resp = api(&c, Method::GET, url.clone()).send().await.unwrap();
    assert_eq!(resp.status(), 420);
    let (_, _, until) = rate_headers(&resp);
    let (_, body) = json(resp).await;
    assert_eq!(
        the_error(&body).1,
        "Hit rate limit of 1 requests per 1 seconds for resource getCampaigns"
    );
    tokio::time::sleep((until - Utc::now()).to_std().unwrap_or_default()).await;
    let resp = api(&c, Method::GET, url).send().await.unwrap();
    assert_eq!(
        resp.status(),
        200,
        "a client that waits for Until gets through"
    );
    s.shutdown().await;
}

#[tokio::test]
async fn every_api_answer_carries_ratelimit_headers() {
    let s = sim(50, "").await;
    let c = client();
    let url = orders_url(&s.url(), s.business_id());
    clear_of_the_hour().await;
    let unauthorized = c.post(&url).json(&json!({})).send().await.unwrap();
    let bad = api(&c, Method::POST, format!("{url}?limit=0"))
        .send()
        .await
        .unwrap();
    let ok = api(&c, Method::POST, url).send().await.unwrap();
    for (resp, status) in [(unauthorized, 401), (bad, 400), (ok, 200)] {
        assert_eq!(resp.status(), status);
        let (limit, _, until) = rate_headers(&resp);
        assert_eq!(limit, 10_000, "the documented quota of getBusinessOrders");
        assert!(until > Utc::now());
    }
    s.shutdown().await;
}

#[tokio::test]
async fn buyer_of_a_dbs_order_is_wrapped() {
    let s = sim(200, "").await;
    let c = client();
    let base = s.url();
    let dbs = find_order(&c, &base, PlacementType::DBS, OrderStatus::PROCESSING, None)
        .await
        .expect("a DBS order in PROCESSING");
    let (status, body) = json(
        api(
            &c,
            Method::GET,
            format!(
                "{base}/v2/campaigns/{}/orders/{}/buyer",
                dbs.campaign_id, dbs.order_id
            ),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "OK");
    assert!(body["result"]["type"].is_string(), "{body}");
    s.shutdown().await;
}
