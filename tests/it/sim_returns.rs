//! The simulated Market's returns over real HTTP on a loopback port: every return of a
//! campaign paged out, the filters of the spec, parcels that move with the simulated
//! clock, lost ones and ones left past their pickup date, and the client reading it all.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset};
use reqwest::Method;
use serde_json::Value;
use ym_triage::market::enums::{ReturnShipmentStatus, ReturnType};
use ym_triage::market::wire::{Return, ReturnsFilter};
use ym_triage::market::{ApiKey, ClientConfig, MarketClient};

use common::{KEY, api, client, json, sim, the_error};

/// Every return the simulator holds, from the side door.
async fn all_returns(c: &reqwest::Client, base: &str) -> Vec<Return> {
    let resp = c.get(format!("{base}/_sim/returns")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    resp.json().await.unwrap()
}

/// The campaign of each order, from the side door.
async fn campaign_of(c: &reqwest::Client, base: &str) -> BTreeMap<i64, i64> {
    let orders: Value = c
        .get(format!("{base}/_sim/orders"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    orders
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["orderId"].as_i64().unwrap(),
                o["campaignId"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// Every return of `campaign` for `query`, page by page (the pages checked on the way).
async fn page_all(c: &reqwest::Client, base: &str, campaign: i64, query: &str) -> Vec<Return> {
    let mut all = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..1000 {
        let mut url = format!("{base}/v2/campaigns/{campaign}/returns?limit=7&{query}");
        if let Some(t) = &token {
            url.push_str(&format!("&page_token={t}"));
        }
        let (status, body) = json(api(c, Method::GET, url).send().await.unwrap()).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["status"], "OK");
        let page: Vec<Return> = serde_json::from_value(body["result"]["returns"].clone()).unwrap();
        token = body["result"]["paging"]["nextPageToken"]
            .as_str()
            .map(str::to_owned);
        if token.is_some() {
            assert_eq!(page.len(), 7, "only the last page is short");
        }
        all.extend(page);
        if token.is_none() {
            return all;
        }
    }
    panic!("paging does not end");
}

fn ids(returns: &[Return]) -> Vec<i64> {
    returns.iter().map(|r| r.id).collect()
}

#[tokio::test]
async fn every_return_of_a_campaign_pages_out_once_in_id_order() {
    let s = sim(3000, "").await;
    let c = client();
    let base = s.url();
    let owners = campaign_of(&c, &base).await;
    let everything = all_returns(&c, &base).await;
    let mut by_campaign: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for r in &everything {
        by_campaign
            .entry(owners[&r.order_id])
            .or_default()
            .push(r.id);
    }
    assert!(by_campaign.len() >= 3, "several campaigns have returns");
    for (&campaign, expected) in &by_campaign {
        let got = page_all(&c, &base, campaign, "").await;
        assert_eq!(&ids(&got), expected, "campaign {campaign}");
        assert!(got.windows(2).all(|w| w[0].id < w[1].id));
    }

    // Both kinds, parcels lost on the way back, and parcels the shop left past the
    // date it had to collect them by.
    let now: DateTime<FixedOffset> = {
        let v: Value = c
            .get(format!("{base}/_sim/now"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v["now"].as_str().unwrap().parse().unwrap()
    };
    let kinds: BTreeSet<&str> = everything.iter().map(|r| r.return_type.as_str()).collect();
    assert_eq!(kinds, BTreeSet::from(["RETURN", "UNREDEEMED"]));
    assert!(
        everything
            .iter()
            .any(|r| r.shipment_status == Some(ReturnShipmentStatus::LOST))
    );
    let overdue = everything
        .iter()
        .filter(|r| r.shipment_status == Some(ReturnShipmentStatus::READY_FOR_PICKUP))
        .filter(|r| r.pickup_till_date.is_some_and(|t| t < now))
        .count();
    assert!(overdue > 0, "some parcels wait past their pickup date");
    for r in &everything {
        let waiting = r.shipment_status == Some(ReturnShipmentStatus::READY_FOR_PICKUP);
        assert_eq!(
            r.pickup_till_date.is_some(),
            waiting,
            "a pickup date only while the parcel waits: {r:?}"
        );
        assert!(r.update_date >= r.creation_date);
        assert!(!r.items.is_empty());
    }
    s.shutdown().await;
}

#[tokio::test]
async fn the_specs_filters_narrow_the_list() {
    let s = sim(3000, "").await;
    let c = client();
    let base = s.url();
    let owners = campaign_of(&c, &base).await;
    let everything = all_returns(&c, &base).await;
    // The campaign with the most returns.
    let mut count: BTreeMap<i64, usize> = BTreeMap::new();
    for r in &everything {
        *count.entry(owners[&r.order_id]).or_default() += 1;
    }
    let campaign = *count.iter().max_by_key(|(_, n)| **n).unwrap().0;
    let mine: Vec<&Return> = everything
        .iter()
        .filter(|r| owners[&r.order_id] == campaign)
        .collect();
    let expect = |keep: &dyn Fn(&Return) -> bool| -> Vec<i64> {
        mine.iter().filter(|r| keep(r)).map(|r| r.id).collect()
    };

    let got = page_all(&c, &base, campaign, "type=UNREDEEMED").await;
    let unredeemed = expect(&|r| r.return_type == ReturnType::UNREDEEMED);
    assert!(!unredeemed.is_empty());
    assert_eq!(ids(&got), unredeemed);

    // A list comma-separated, as the spec describes it, or repeated: the same.
    let waiting_or_lost = expect(&|r| {
        matches!(
            r.shipment_status,
            Some(ReturnShipmentStatus::READY_FOR_PICKUP | ReturnShipmentStatus::LOST)
        )
    });
    for query in [
        "shipmentStatuses=READY_FOR_PICKUP,LOST",
        "shipmentStatuses=READY_FOR_PICKUP&shipmentStatuses=LOST",
    ] {
        assert_eq!(
            ids(&page_all(&c, &base, campaign, query).await),
            waiting_or_lost
        );
    }

    let some: Vec<i64> = mine.iter().take(3).map(|r| r.order_id).collect();
    let query = format!(
        "orderIds={}",
        some.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        page_all(&c, &base, campaign, &query)
            .await
            .iter()
            .map(|r| r.order_id)
            .collect::<Vec<_>>(),
        some
    );

    let refunded = expect(&|r| {
        r.refund_status
            .as_ref()
            .is_some_and(|s| s.as_str() == "REFUNDED")
    });
    assert_eq!(
        ids(&page_all(&c, &base, campaign, "statuses=REFUNDED").await),
        refunded
    );

    // By the day of the last update, both ends included.
    let day = mine[mine.len() / 2].update_date.unwrap().date_naive();
    let same_day = expect(&|r| r.update_date.is_some_and(|t| t.date_naive() == day));
    let query = format!("fromDate={day}&toDate={day}");
    assert_eq!(ids(&page_all(&c, &base, campaign, &query).await), same_day);

    // What the spec does not allow is refused with the Market's error body.
    for (query, needle) in [
        ("type=EXCHANGE", "type"),
        ("shipmentStatuses=SOMEWHERE", "shipment status"),
        ("fromDate=15-07-2026", "fromDate"),
        ("fromDate=2026-07-15&toDate=2026-07-01", "after"),
        ("orderIds=12,x", "orderIds"),
    ] {
        let url = format!("{base}/v2/campaigns/{campaign}/returns?{query}");
        let (status, body) = json(api(&c, Method::GET, url).send().await.unwrap()).await;
        assert_eq!(status, 400, "{query}");
        assert!(the_error(&body).1.contains(needle), "{query}: {body}");
    }
    let many = (1..=51)
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let url = format!("{base}/v2/campaigns/{campaign}/returns?orderIds={many}");
    assert_eq!(
        api(&c, Method::GET, url).send().await.unwrap().status(),
        400
    );
    let url = format!("{base}/v2/campaigns/1/returns");
    assert_eq!(
        api(&c, Method::GET, url).send().await.unwrap().status(),
        404
    );
    s.shutdown().await;
}

#[tokio::test]
async fn parcels_move_on_as_the_simulated_clock_does() {
    let s = sim(3000, "").await;
    let c = client();
    let base = s.url();
    let before = all_returns(&c, &base).await;
    let resp = c
        .post(format!("{base}/_sim/advance?minutes={}", 3 * 24 * 60))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let after = all_returns(&c, &base).await;
    let old: BTreeMap<i64, &Return> = before.iter().map(|r| (r.id, r)).collect();
    let moved = after
        .iter()
        .filter(|r| {
            old.get(&r.id)
                .is_some_and(|o| o.shipment_status != r.shipment_status)
        })
        .count();
    assert!(moved > 0, "three days move some parcels");
    for r in &after {
        if let Some(o) = old.get(&r.id) {
            assert!(r.update_date >= o.update_date, "updateDate never goes back");
            if o.shipment_status != r.shipment_status || o.refund_status != r.refund_status {
                assert!(r.update_date > o.update_date, "a move stamps updateDate");
            }
        }
    }
    let appeared = after.len() - before.len();
    assert!(appeared > 0, "new returns are created as time goes on");
    s.shutdown().await;
}

#[tokio::test]
async fn the_client_pages_the_simulated_returns_under_the_documented_quota() {
    let s = sim(3000, "").await;
    let c = client();
    let base = s.url();
    let owners = campaign_of(&c, &base).await;
    let everything = all_returns(&c, &base).await;
    let campaign = owners[&everything[0].order_id];
    let expected: Vec<i64> = everything
        .iter()
        .filter(|r| owners[&r.order_id] == campaign)
        .map(|r| r.id)
        .collect();

    let market = MarketClient::new(ClientConfig::new(&base, ApiKey::new(KEY))).unwrap();
    let mut got = Vec::new();
    let mut token: Option<String> = None;
    let mut pages = 0;
    loop {
        let page = market
            .returns(campaign, &ReturnsFilter::default(), token.as_deref())
            .await
            .unwrap();
        pages += 1;
        got.extend(page.returns.iter().map(|r| r.id));
        token = page.next_page_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(got, expected);
    assert_eq!(pages, expected.len().div_ceil(100).max(1), "pages of 100");
    let rate = market.rate_limit().unwrap();
    assert_eq!(rate.resource, "GET /v2/campaigns/{campaignId}/returns");
    assert_eq!(rate.limit, Some(5_000), "getReturns: 5,000 an hour");

    // A limit above 100 is cut to 100, as the spec's truncating limit says.
    let url = format!("{base}/v2/campaigns/{campaign}/returns?limit=500");
    let (status, body) = json(api(&c, Method::GET, url).send().await.unwrap()).await;
    assert_eq!(status, 200);
    let n = body["result"]["returns"].as_array().unwrap().len();
    assert_eq!(n, expected.len().min(100));
    s.shutdown().await;
}
