//! The client's returns call against a scripted HTTP server on 127.0.0.1: the query it
//! sends, paging by token, and lenient reading of the Market's answer (values this
//! build does not know, `null` arrays, deprecated fields).

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use chrono::NaiveDate;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use ym_triage::market::client::ReturnsPage;
use ym_triage::market::enums::{
    RefundStatus, ReturnDecisionSubreason, ReturnShipmentStatus, ReturnType,
};
use ym_triage::market::wire::ReturnsFilter;
use ym_triage::market::{ApiKey, ClientConfig, MarketClient, MarketError};

const KEY: &str = "ACMA:returns-fixture-key:0007";
const CAMPAIGN: i64 = 23910458;

/// What the server saw of one request: path, query and the key header.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    query: String,
    api_key: Option<String>,
}

/// Serves `answer(request)` (status and body) on a fresh loopback port.
async fn serve(
    answer: impl Fn(&Seen) -> (u16, String) + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let answer = Arc::new(answer);
    let log = seen.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let (log, answer) = (log.clone(), answer.clone());
            tokio::spawn(async move {
                let svc = service_fn(move |req: Request<Incoming>| {
                    let s = Seen {
                        path: req.uri().path().to_owned(),
                        query: req.uri().query().unwrap_or("").to_owned(),
                        api_key: req
                            .headers()
                            .get("api-key")
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned),
                    };
                    log.lock().unwrap().push(s.clone());
                    let (status, body) = answer(&s);
                    let resp = Response::builder()
                        .status(status)
                        .header("content-type", "application/json")
                        .body(Full::new(Bytes::from(body)))
                        .unwrap();
                    async move { Ok::<_, Infallible>(resp) }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    });
    (url, seen)
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn client(url: &str) -> MarketClient {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut c = ClientConfig::new(url, ApiKey::new(KEY));
    c.max_attempts = 2;
    c.backoff_base = std::time::Duration::from_millis(5);
    MarketClient::new(c).unwrap()
}

/// The query's parameters, percent-decoded.
fn params(query: &str) -> Vec<(String, String)> {
    reqwest::Url::parse(&format!("http://fixture/?{query}"))
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param<'a>(p: &'a [(String, String)], name: &str) -> Option<&'a str> {
    p.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn returns_are_paged_by_token_and_read_with_values_this_build_does_not_know() {
    let (url, seen) = serve(|s| {
        let page = if s.query.contains("page_token=") {
            "returns_page2.json"
        } else {
            "returns_page1.json"
        };
        (200, fixture(page))
    })
    .await;
    let c = client(&url);
    let filter = ReturnsFilter {
        order_ids: vec![48291736450, 48291741203],
        statuses: vec![RefundStatus::REFUND_IN_PROGRESS],
        shipment_statuses: vec![
            ReturnShipmentStatus::READY_FOR_PICKUP,
            ReturnShipmentStatus::LOST,
        ],
        kind: None,
        from_date: NaiveDate::from_ymd_opt(2026, 7, 1),
        to_date: None,
    };

    let first: ReturnsPage = c.returns(CAMPAIGN, &filter, None).await.unwrap();
    assert_eq!(first.returns.len(), 2);
    let token = first.next_page_token.clone().expect("a second page");
    let second = c.returns(CAMPAIGN, &filter, Some(&token)).await.unwrap();
    assert_eq!(second.returns.len(), 1);
    assert_eq!(
        second.next_page_token, None,
        "an empty paging ends the list"
    );

    // The parcel waiting for the shop: where, until when, what is in it.
    let waiting = &first.returns[0];
    assert_eq!(waiting.return_type, ReturnType::UNREDEEMED);
    assert_eq!(
        waiting.shipment_status,
        Some(ReturnShipmentStatus::READY_FOR_PICKUP)
    );
    assert_eq!(
        waiting.pickup_till_date.map(|t| t.to_rfc3339()),
        Some("2026-07-16T21:00:00+03:00".to_owned())
    );
    let point = waiting.logistic_pickup_point.as_ref().unwrap();
    assert_eq!(point.logistic_partner_id, Some(51));
    assert_eq!(waiting.items[0].shop_sku, "TM-12325");
    assert!(waiting.items[0].decisions.is_empty(), "null reads as empty");

    // Values the Market added without notice are kept as they came.
    let odd = &first.returns[1];
    assert_eq!(odd.return_type, ReturnType::Other("EXCHANGE".into()));
    assert_eq!(
        odd.shipment_status,
        Some(ReturnShipmentStatus::Other(
            "HANDED_TO_COURIER_DRONE".into()
        ))
    );
    assert_eq!(
        odd.refund_status,
        Some(RefundStatus::Other("REFUND_ON_HOLD".into()))
    );
    assert_eq!(
        odd.items[0].decisions[0].subreason_type,
        Some(ReturnDecisionSubreason::Other("SCRATCHED_BY_CAT".into()))
    );
    assert_eq!(odd.refund_amount, Some(349000));
    assert_eq!(
        second.returns[0].shipment_status,
        Some(ReturnShipmentStatus::LOST)
    );

    // What went on the wire: the versioned path, the key, the filter comma-separated,
    // the largest page, and the token on the second request only.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.path, format!("/v2/campaigns/{CAMPAIGN}/returns"));
        assert_eq!(s.api_key.as_deref(), Some(KEY));
    }
    let p = params(&seen[0].query);
    assert_eq!(param(&p, "limit"), Some("100"));
    assert_eq!(param(&p, "orderIds"), Some("48291736450,48291741203"));
    assert_eq!(param(&p, "statuses"), Some("REFUND_IN_PROGRESS"));
    assert_eq!(param(&p, "shipmentStatuses"), Some("READY_FOR_PICKUP,LOST"));
    assert_eq!(param(&p, "fromDate"), Some("2026-07-01"));
    assert_eq!(param(&p, "type"), None);
    assert_eq!(param(&p, "page_token"), None);
    assert_eq!(param(&params(&seen[1].query), "page_token"), Some(&*token));
}

#[tokio::test]
async fn a_refused_returns_query_is_an_api_error_naming_the_call() {
    let (url, _) = serve(|_| {
        (
            404,
            r#"{"status":"ERROR","errors":[{"code":"NOT_FOUND","message":"Campaign 1 not found"}]}"#
                .to_owned(),
        )
    })
    .await;
    let err = client(&url)
        .returns(1, &ReturnsFilter::default(), None)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            MarketError::Api {
                http_status: 404,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.endpoint(), Some("GET /v2/campaigns/1/returns"));
    assert!(err.to_string().contains("Campaign 1 not found"), "{err}");
}
