//! The Market client against a scripted HTTP server on 127.0.0.1: paging, both date
//! dialects, lenient reading, typed errors, retries, rate limits, in-flight limits, the
//! headers it sends and the secrecy of the key.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use chrono::{NaiveDate, Utc};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::Frame;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::net::TcpListener;

use ym_triage::market::client::RateLimitKind;
use ym_triage::market::enums::{
    ChatSender, DeliveryDateReason, OrderStatus, OrderSubstatus, PaymentMethod, ProgramType,
    UpdateStatus,
};
use ym_triage::market::wire::OrdersFilter;
use ym_triage::market::wire::chat::ChatsFilter;
use ym_triage::market::wire::write::{
    BatchStatusItem, DeliveryDateChange, DeliveryDateRequest, StatusChange, StatusChangeDates,
    StatusChangeDelivery, TrackRequest,
};
use ym_triage::market::{ApiKey, ClientConfig, MarketClient, MarketError};

const KEY: &str = "ACMA:I4c4CxCSYaI41RSC2uYWP2qj3Rhhm4knMiBEga5K:151c0664";
const BIZ: i64 = 7654321;
const CAMPAIGN: i64 = 21845670;

// ---------------------------------------------------------------- fixture server

/// One scripted answer.
#[derive(Clone)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    delay: Duration,
    /// Send the status line and part of the body, then break the connection.
    truncate: bool,
}

impl Reply {
    fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
            delay: Duration::ZERO,
            truncate: false,
        }
    }
    fn ok(body: impl Into<Vec<u8>>) -> Self {
        Self::new(200, body)
    }
    fn json(status: u16, v: &Value) -> Self {
        Self::new(status, v.to_string())
    }
    fn error(status: u16, code: &str, message: &str) -> Self {
        Self::json(
            status,
            &json!({"status":"ERROR","errors":[{"code":code,"message":message}]}),
        )
    }
    fn header(mut self, k: &str, v: impl Into<String>) -> Self {
        self.headers.push((k.to_owned(), v.into()));
        self
    }
    fn delayed(mut self, d: Duration) -> Self {
        self.delay = d;
        self
    }
    fn truncated(mut self) -> Self {
        self.truncate = true;
        self
    }
}

/// What the server saw of one request.
#[derive(Clone, Debug)]
struct Seen {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

type Responder = dyn Fn(usize, &Seen) -> Reply + Send + Sync;

struct Fixture {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
    max_in_flight: Arc<AtomicUsize>,
}

impl Fixture {
    /// Serves `respond(index_of_request, request)` on a fresh loopback port.
    async fn start(respond: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let in_flight = Arc::new(AtomicUsize::new(0));
        let max_in_flight = Arc::new(AtomicUsize::new(0));
        let respond: Arc<Responder> = Arc::new(respond);
        let (s, inf, max) = (seen.clone(), in_flight.clone(), max_in_flight.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (s, inf, max, respond) = (s.clone(), inf.clone(), max.clone(), respond.clone());
                tokio::spawn(async move {
                    let svc = service_fn(move |req: Request<Incoming>| {
                        let (s, inf, max, respond) =
                            (s.clone(), inf.clone(), max.clone(), respond.clone());
                        async move { Ok::<_, Infallible>(serve(req, s, inf, max, respond).await) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), svc)
                        .await;
                });
            }
        });
        Fixture {
            url,
            seen,
            max_in_flight,
        }
    }

    /// Answers in order; the last answer repeats.
    async fn script(replies: Vec<Reply>) -> Self {
        Self::start(move |i, _| replies[i.min(replies.len() - 1)].clone()).await
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }
}

async fn serve(
    req: Request<Incoming>,
    seen: Arc<Mutex<Vec<Seen>>>,
    in_flight: Arc<AtomicUsize>,
    max: Arc<AtomicUsize>,
    respond: Arc<Responder>,
) -> Response<BoxBody<Bytes, std::io::Error>> {
    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    max.fetch_max(now, Ordering::SeqCst);
    let (parts, body) = req.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes().to_vec())
        .unwrap_or_default();
    let request = Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or("").to_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body,
    };
    let index = {
        let mut s = seen.lock().unwrap();
        s.push(request.clone());
        s.len() - 1
    };
    let reply = respond(index, &request);
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    in_flight.fetch_sub(1, Ordering::SeqCst);
    let mut resp = Response::builder().status(reply.status);
    resp = resp.header("content-type", "application/json");
    for (k, v) in &reply.headers {
        resp = resp.header(k.as_str(), v.as_str());
    }
    let body = if reply.truncate {
        // A chunked body whose stream fails half-way: the client gets a 2xx status
        // line and then a connection that ends without the closing chunk.
        // The pause lets hyper flush the head and the first chunk before the failure.
        let half = Bytes::from(reply.body[..reply.body.len() / 2].to_vec());
        let frames = futures::stream::unfold(0u8, move |step| {
            let half = half.clone();
            async move {
                match step {
                    0 => Some((Ok(Frame::data(half)), 1)),
                    1 => {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        Some((Err(std::io::Error::other("cut")), 2))
                    }
                    _ => None,
                }
            }
        });
        StreamBody::new(frames).boxed()
    } else {
        Full::new(Bytes::from(reply.body))
            .map_err(|never| match never {})
            .boxed()
    };
    resp.body(body).unwrap()
}

// ---------------------------------------------------------------- helpers

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// Small pauses so the whole file stays fast.
fn config(url: &str) -> ClientConfig {
    let mut c = ClientConfig::new(url, ApiKey::new(KEY));
    c.timeout = Duration::from_secs(3);
    c.max_attempts = 3;
    c.backoff_base = Duration::from_millis(5);
    c.backoff_cap = Duration::from_millis(20);
    c.parallel_backoff = Duration::from_millis(50);
    c.max_quota_wait = Duration::from_secs(5);
    c
}

fn client(f: &Fixture) -> MarketClient {
    MarketClient::new(config(&f.url)).unwrap()
}

/// An RFC 822 date `secs` seconds from now, as the Market sends `…-Until`.
fn rfc822_in(secs: i64) -> String {
    (Utc::now() + chrono::Duration::seconds(secs))
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

fn orders_page(ids: &[i64], next: Option<&str>) -> Value {
    let template = fixture_json("business_orders_page.json")["orders"][1].clone();
    let orders: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut o = template.clone();
            o["orderId"] = json!(id);
            o
        })
        .collect();
    match next {
        Some(t) => json!({"orders": orders, "paging": {"nextPageToken": t}}),
        None => json!({"orders": orders, "paging": {}}),
    }
}

fn ok_page() -> Reply {
    Reply::json(200, &orders_page(&[1], None))
}

async fn one_page(c: &MarketClient) -> Result<usize, MarketError> {
    c.orders_page(BIZ, &OrdersFilter::default(), None, 50)
        .await
        .map(|p| p.orders.len())
}

// ---------------------------------------------------------------- reading

#[tokio::test]
async fn pages_orders_until_there_is_no_next_token() {
    let f = Fixture::start(|_, req| {
        let page = if req.query.contains("page_token=t3") {
            orders_page(&[5], None)
        } else if req.query.contains("page_token=t2") {
            orders_page(&[3, 4], Some("t3"))
        } else {
            orders_page(&[1, 2], Some("t2"))
        };
        Reply::json(200, &page)
    })
    .await;
    let c = client(&f);
    let filter = OrdersFilter {
        statuses: vec![OrderStatus::DELIVERY],
        ..Default::default()
    };
    let orders = c.orders(BIZ, &filter).await.unwrap();
    let ids: Vec<i64> = orders.iter().map(|o| o.order_id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let seen = f.seen();
    assert_eq!(seen.len(), 3);
    assert_eq!(c.requests_sent(), 3);
    for s in &seen {
        assert_eq!(s.method, "POST");
        assert_eq!(s.path, "/v1/businesses/7654321/orders");
        assert!(s.query.contains("limit=50"), "{}", s.query);
        assert_eq!(s.json(), json!({"statuses": ["DELIVERY"]}));
    }
    assert!(!seen[0].query.contains("page_token"));
    assert!(seen[2].query.contains("page_token=t3"));
}

#[tokio::test]
async fn reads_v1_iso_dates_and_legacy_dmy_dates() {
    let f = Fixture::start(|_, req| {
        if req.method == "PUT" {
            Reply::ok(fixture("legacy_status_answer.json"))
        } else {
            Reply::ok(fixture("business_orders_page.json"))
        }
    })
    .await;
    let c = client(&f);
    let page = c
        .orders_page(BIZ, &OrdersFilter::default(), None, 50)
        .await
        .unwrap();
    assert_eq!(page.orders.len(), 2);
    assert_eq!(page.next_page_token, None);
    let o = page.orders[0].as_ref().unwrap();
    assert_eq!(o.creation_date.to_rfc3339(), "2026-07-15T14:22:05+03:00");
    assert_eq!(
        o.delivery.dates.from_date,
        NaiveDate::from_ymd_opt(2026, 7, 18).unwrap()
    );
    assert_eq!(o.delivery.tracks[0].track_code.as_deref(), Some("TRK-555"));

    let change = StatusChange {
        status: OrderStatus::DELIVERED,
        substatus: Some(OrderSubstatus::DELIVERY_SERVICE_DELIVERED),
        delivery: Some(StatusChangeDelivery {
            dates: StatusChangeDates {
                real_delivery_date: NaiveDate::from_ymd_opt(2026, 7, 18).unwrap(),
            },
        }),
    };
    let legacy = c.set_status(CAMPAIGN, 48291736450, &change).await.unwrap();
    assert_eq!(
        legacy.creation_date.to_rfc3339(),
        "2026-07-15T14:22:05+03:00"
    );
    assert_eq!(
        legacy.delivery.dates.real_delivery_date,
        NaiveDate::from_ymd_opt(2026, 7, 18)
    );
    let put = &f.seen()[1];
    assert_eq!(put.path, "/v2/campaigns/21845670/orders/48291736450/status");
    assert_eq!(
        put.json(),
        json!({"order": {"status": "DELIVERED", "substatus": "DELIVERY_SERVICE_DELIVERED",
                         "delivery": {"dates": {"realDeliveryDate": "2026-07-18"}}}})
    );
}

#[tokio::test]
async fn null_arrays_inside_an_order_read_as_empty() {
    let f = Fixture::script(vec![
        Reply::ok(fixture("business_order_odd.json")),
        Reply::ok(r#"{"orders":[],"paging":null}"#),
    ])
    .await;
    let c = client(&f);
    let orders = c.orders(BIZ, &OrdersFilter::default()).await.unwrap();
    assert!(orders[0].delivery.tracks.is_empty());
    assert!(orders[0].items[0].item_statuses.is_empty());
    assert!(orders[0].items[0].tags.is_empty());
    assert_eq!(one_page(&c).await.unwrap(), 0);
}

#[tokio::test]
async fn a_page_without_its_orders_list_is_a_broken_answer_not_an_empty_page() {
    for body in [r#"{"paging":{}}"#, r#"{"orders":null,"paging":null}"#] {
        let f = Fixture::script(vec![Reply::ok(body)]).await;
        let err = one_page(&client(&f)).await.unwrap_err();
        assert!(matches!(err, MarketError::Broken { .. }), "{body}: {err:?}");
        assert_eq!(
            err.to_string(),
            "the Market's answer to POST /v1/businesses/7654321/orders is broken: \
             the page has no `orders` list"
        );
        assert_eq!(
            f.count(),
            1,
            "asking again at once would get the same answer"
        );
    }
}

#[tokio::test]
async fn page_tokens_that_go_round_in_a_circle_are_a_broken_answer() {
    // A → B → A: not an immediate repeat, so only a memory of every token catches it.
    let f = Fixture::start(|_, req| {
        let next = if req.query.contains("page_token=A") {
            "B"
        } else {
            "A"
        };
        Reply::json(200, &orders_page(&[1], Some(next)))
    })
    .await;
    let err = client(&f)
        .orders(BIZ, &OrdersFilter::default())
        .await
        .unwrap_err();
    assert!(matches!(err, MarketError::Broken { .. }), "{err:?}");
    assert!(err.to_string().contains("circle"), "{err}");
    assert_eq!(f.count(), 3, "pages: first, A, B; then B points back to A");
}

#[tokio::test]
async fn an_answer_longer_than_the_limit_is_refused_unread_and_names_the_endpoint() {
    let f = Fixture::script(vec![Reply::ok(vec![b' '; 3 * 1024 * 1024])]).await;
    let mut cfg = config(&f.url);
    cfg.max_body_bytes = 1024 * 1024;
    let err = one_page(&MarketClient::new(cfg).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, MarketError::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the Market's answer to POST /v1/businesses/7654321/orders is longer than 1 MiB; \
         it was not read"
    );
    assert_eq!(
        f.count(),
        1,
        "not asked again: the next answer would be as long"
    );
}

#[tokio::test]
async fn a_request_that_times_out_is_tried_twice_then_fails_saying_so() {
    let f = Fixture::script(vec![ok_page().delayed(Duration::from_secs(5))]).await;
    let mut cfg = config(&f.url);
    cfg.timeout = Duration::from_millis(300);
    cfg.max_attempts = 5;
    let started = Instant::now();
    let err = one_page(&MarketClient::new(cfg).unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, MarketError::Timeout { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "the Market did not answer in 0.3 s (POST /v1/businesses/7654321/orders)"
    );
    assert_eq!(f.count(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_quota_420_without_a_reset_time_is_waited_out_once_within_the_quota_wait() {
    let f = Fixture::script(vec![Reply::error(
        420,
        "LIMIT_EXCEEDED",
        "Hit rate limit of 10000 requests per hour for resource getBusinessOrders",
    )])
    .await;
    let mut cfg = config(&f.url);
    cfg.max_attempts = 5;
    cfg.max_quota_wait = Duration::from_secs(1);
    let started = Instant::now();
    let err = one_page(&MarketClient::new(cfg).unwrap())
        .await
        .unwrap_err();
    let waited = started.elapsed();
    assert!(
        matches!(
            err,
            MarketError::RateLimited {
                kind: RateLimitKind::Quota,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        f.count(),
        2,
        "one wait for the unknown reset, then it gives up"
    );
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}

#[tokio::test]
async fn unknown_enum_values_are_kept() {
    let f = Fixture::script(vec![Reply::ok(fixture("business_order_odd.json"))]).await;
    let o = &client(&f)
        .orders(BIZ, &OrdersFilter::default())
        .await
        .unwrap()[0];
    assert_eq!(o.status, OrderStatus::Other("TELEPORTED".into()));
    assert_eq!(o.substatus, OrderSubstatus::Other("BEAMED_UP".into()));
    assert_eq!(
        o.payment_method,
        PaymentMethod::Other("CRYPTO_SHELLS".into())
    );
    assert_eq!(
        o.program_type,
        Some(ProgramType::Other("HOVERCRAFT".into()))
    );
    assert_eq!(o.delivery.kind.as_str(), "DRONE");
}

#[tokio::test]
async fn unknown_fields_are_ignored() {
    let f = Fixture::script(vec![Reply::ok(fixture("business_order_odd.json"))]).await;
    let orders = client(&f)
        .orders(BIZ, &OrdersFilter::default())
        .await
        .unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].order_id, 48291736452);
}

#[tokio::test]
async fn a_broken_order_is_named_and_the_rest_of_the_page_survives() {
    let mut page = orders_page(&[1, 2], None);
    page["orders"][0]["creationDate"] = json!("yesterday");
    let f = Fixture::script(vec![Reply::json(200, &page)]).await;
    let raw = client(&f)
        .orders_page(BIZ, &OrdersFilter::default(), None, 50)
        .await
        .unwrap();
    let err = raw.orders[0].as_ref().unwrap_err();
    assert!(
        err.to_string().starts_with("order 1 could not be read"),
        "{err}"
    );
    assert_eq!(raw.orders[1].as_ref().unwrap().order_id, 2);
}

#[tokio::test]
async fn reads_campaigns_chats_history_buyer_and_carriers() {
    let f = Fixture::start(|_, req| {
        let name = match (req.method.as_str(), req.path.as_str()) {
            ("GET", "/v2/campaigns") if req.query.contains("page_token=c2") => {
                "campaigns_page2.json"
            }
            ("GET", "/v2/campaigns") => "campaigns_page1.json",
            ("POST", "/v2/businesses/7654321/chats") => "chats.json",
            ("POST", "/v2/businesses/7654321/chats/history") => "chat_history.json",
            ("GET", "/v2/campaigns/21845670/orders/48291736450/buyer") => "buyer.json",
            ("GET", "/v2/delivery/services") => "delivery_services.json",
            ("POST", "/v2/campaigns/21845670/orders/status-update") => "batch_status.json",
            ("POST", "/v2/businesses/7654321/chats/new") => {
                return Reply::ok(r#"{"status":"OK","result":{"chatId":3876543}}"#);
            }
            _ => return Reply::ok(r#"{"status":"OK"}"#),
        };
        Reply::ok(fixture(name))
    })
    .await;
    let c = client(&f);
    let campaigns = c.campaigns().await.unwrap();
    assert_eq!(campaigns.len(), 2);
    assert!(campaigns.iter().all(|c| c.business.id == BIZ));
    assert_eq!(c.create_chat(BIZ, 48291736450).await.unwrap(), 3876543);
    let chats = c.chats(BIZ, &ChatsFilter::default()).await.unwrap();
    assert_eq!(chats[0].context.order_id, Some(48291736450));
    let history = c.chat_history(BIZ, 3876543, Some(11)).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].sender, ChatSender::CUSTOMER);
    let buyer = c.buyer(CAMPAIGN, 48291736450).await.unwrap();
    assert_eq!(buyer.phone.as_deref(), Some("+79587654321"));
    let services = c.delivery_services().await.unwrap();
    assert_eq!(services[1], (51, "СДЭК".to_owned()));
    let items = [BatchStatusItem {
        id: 48291736450,
        status: OrderStatus::PROCESSING,
        substatus: Some(OrderSubstatus::READY_TO_SHIP),
    }];
    let outcomes = c.set_statuses(CAMPAIGN, &items).await.unwrap();
    assert_eq!(outcomes[1].update_status, Some(UpdateStatus::ERROR));
    let date = DeliveryDateRequest {
        dates: DeliveryDateChange {
            to_date: NaiveDate::from_ymd_opt(2026, 7, 21).unwrap(),
        },
        reason: DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
    };
    c.set_delivery_date(CAMPAIGN, 48291736450, &date)
        .await
        .unwrap();
    let track = TrackRequest {
        track_code: "TRK-1".into(),
        delivery_service_id: 51,
    };
    c.set_track(CAMPAIGN, 48291736450, &track).await.unwrap();
    c.set_storage_limit(
        CAMPAIGN,
        48291736450,
        NaiveDate::from_ymd_opt(2026, 7, 30).unwrap(),
    )
    .await
    .unwrap();
    c.transfer_orders(CAMPAIGN, 77001, &[48291736451])
        .await
        .unwrap();

    let seen = f.seen();
    let find = |path: &str| seen.iter().find(|s| s.path == path).unwrap().clone();
    assert!(seen[0].query.contains("limit=100"));
    let history_req = find("/v2/businesses/7654321/chats/history");
    assert!(history_req.query.contains("chatId=3876543"));
    assert_eq!(history_req.json(), json!({"messageIdFrom": 11}));
    assert_eq!(
        find("/v2/businesses/7654321/chats/new").json(),
        json!({"context": {"type": "ORDER", "id": 48291736450_i64}})
    );
    let date_req = find("/v2/campaigns/21845670/orders/48291736450/delivery/date");
    assert_eq!(date_req.method, "PUT");
    assert_eq!(
        date_req.json(),
        json!({"dates": {"toDate": "2026-07-21"}, "reason": "PARTNER_MOVED_DELIVERY_DATES"})
    );
    assert_eq!(
        find("/v2/campaigns/21845670/orders/48291736450/delivery/storage-limit").json(),
        json!({"newDate": "2026-07-30"})
    );
    assert_eq!(
        find("/v2/campaigns/21845670/first-mile/shipments/77001/orders/transfer").json(),
        json!({"orderIds": [48291736451_i64]})
    );
}

// ---------------------------------------------------------------- errors

#[tokio::test]
async fn market_error_body_becomes_typed_error_with_market_message() {
    let cases = [
        (
            400,
            "BAD_REQUEST",
            "Too long time period. Maximum is '30' days",
        ),
        (401, "UNAUTHORIZED", "Api-Key token is invalid"),
        (
            403,
            "FORBIDDEN",
            "Token does not have any of the scopes to access the API method",
        ),
        (404, "NOT_FOUND", "Campaign not found"),
    ];
    for (status, code, message) in cases {
        let f = Fixture::script(vec![Reply::error(status, code, message)]).await;
        let err = one_page(&client(&f)).await.unwrap_err();
        match &err {
            MarketError::Api {
                endpoint,
                http_status,
                code: c,
                message: m,
                errors,
            } => {
                assert_eq!(endpoint, "POST /v1/businesses/7654321/orders");
                assert_eq!(
                    (*http_status, c.as_str(), m.as_str()),
                    (status, code, message)
                );
                assert_eq!(errors.len(), 1);
            }
            other => panic!("expected an API error, got {other:?}"),
        }
        assert!(err.to_string().contains(message), "{err}");
        assert!(
            err.to_string()
                .contains("POST /v1/businesses/7654321/orders")
        );
        assert_eq!(err.is_auth(), status == 401 || status == 403);
        assert!(!err.is_retryable());
        assert_eq!(err.http_status(), Some(status));
    }
}

#[tokio::test]
async fn non_json_error_body_still_gives_a_readable_error() {
    let html = format!(
        "<html>\n<body>\x07502 Bad Gateway{}</body></html>",
        " pad".repeat(100)
    );
    let f = Fixture::script(vec![Reply::new(502, html)]).await;
    let err = one_page(&client(&f)).await.unwrap_err();
    assert_eq!(f.count(), 3, "a 5xx is retried up to max_attempts");
    let MarketError::Api {
        message,
        http_status,
        code,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!((*http_status, code.as_str()), (502, ""));
    assert!(
        message.starts_with("<html> <body>502 Bad Gateway pad"),
        "{message}"
    );
    assert!(message.chars().count() <= 201);
    assert!(!message.chars().any(char::is_control));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn never_retries_a_4xx() {
    for status in [400, 401, 403, 404, 405, 415, 423] {
        let f = Fixture::script(vec![Reply::error(status, "X", "no"), ok_page()]).await;
        let err = one_page(&client(&f)).await.unwrap_err();
        assert_eq!(err.http_status(), Some(status));
        assert_eq!(f.count(), 1, "HTTP {status} was retried");
    }
}

#[tokio::test]
async fn server_error_then_success_is_retried() {
    let f = Fixture::script(vec![
        Reply::error(500, "INTERNAL_ERROR", "Internal error"),
        Reply::error(503, "INTERNAL_ERROR", "Service unavailable"),
        ok_page(),
    ])
    .await;
    let c = client(&f);
    assert_eq!(one_page(&c).await.unwrap(), 1);
    assert_eq!(f.count(), 3);
    assert_eq!(c.requests_sent(), 3);
}

#[tokio::test]
async fn a_truncated_answer_is_retried() {
    let f = Fixture::script(vec![ok_page().truncated(), ok_page()]).await;
    assert_eq!(one_page(&client(&f)).await.unwrap(), 1);
    assert_eq!(f.count(), 2);
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried() {
    let f = Fixture::script(vec![ok_page().delayed(Duration::from_secs(2)), ok_page()]).await;
    let mut cfg = config(&f.url);
    cfg.timeout = Duration::from_millis(300);
    let c = MarketClient::new(cfg).unwrap();
    assert_eq!(one_page(&c).await.unwrap(), 1);
    assert_eq!(f.count(), 2);
}

#[tokio::test]
async fn malformed_body_error_names_the_endpoint() {
    let f = Fixture::script(vec![Reply::ok(r#"{"orders":[{"orderId":1,"campa"#)]).await;
    let err = one_page(&client(&f)).await.unwrap_err();
    assert_eq!(
        f.count(),
        3,
        "malformed 2xx bodies are retried as transport damage"
    );
    assert!(matches!(err, MarketError::Malformed { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with(
            "the Market's answer to POST /v1/businesses/7654321/orders was not valid JSON: "
        ),
        "{err}"
    );
}

#[tokio::test]
async fn an_unreachable_market_is_a_transport_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = MarketClient::new(config(&format!("http://127.0.0.1:{port}"))).unwrap();
    let err = c.send_message(BIZ, 1, "hi").await.unwrap_err();
    assert!(
        matches!(err, MarketError::Transport { connect: true, .. }),
        "{err:?}"
    );
    assert_eq!(
        c.requests_sent(),
        3,
        "a message that never left may be retried"
    );
}

// ---------------------------------------------------------------- rate limits

#[tokio::test]
async fn quota_420_waits_until_reset_then_succeeds() {
    let f = Fixture::script(vec![
        Reply::error(
            420,
            "LIMIT_EXCEEDED",
            "Hit rate limit of 10000 requests per hour for resource getBusinessOrders",
        )
        .header("X-RateLimit-Resource-Limit", "10000")
        .header("X-RateLimit-Resource-Remaining", "0")
        .header("X-RateLimit-Resource-Until", rfc822_in(2)),
        ok_page(),
    ])
    .await;
    let c = client(&f);
    let started = Instant::now();
    assert_eq!(one_page(&c).await.unwrap(), 1);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900),
        "waited only {waited:?}"
    );
    assert!(waited < Duration::from_secs(4), "waited {waited:?}");
    assert_eq!(f.count(), 2);
}

#[tokio::test]
async fn quota_420_too_far_away_gives_up_without_hammering() {
    let f = Fixture::script(vec![
        Reply::error(
            420,
            "LIMIT_EXCEEDED",
            "Hit rate limit of 10000 requests per hour for resource R",
        )
        .header("X-RateLimit-Resource-Limit", "10000")
        .header("X-RateLimit-Resource-Remaining", "0")
        .header("X-RateLimit-Resource-Until", rfc822_in(3600)),
        ok_page(),
    ])
    .await;
    let c = client(&f);
    let err = one_page(&c).await.unwrap_err();
    let MarketError::RateLimited { kind, until, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*kind, RateLimitKind::Quota);
    assert!(until.is_some());
    assert!(
        err.to_string()
            .starts_with("quota exhausted for POST /v1/businesses/7654321/orders until "),
        "{err}"
    );
    // The quota is known to be gone: the next call does not even ask.
    assert!(matches!(
        one_page(&c).await,
        Err(MarketError::RateLimited { .. })
    ));
    assert_eq!(f.count(), 1);
    let state = c.rate_limit().unwrap();
    assert_eq!(state.remaining, Some(0));
}

#[tokio::test]
async fn parallel_420_backs_off_and_succeeds() {
    let parallel = || {
        Reply::error(
            420,
            "LIMIT_EXCEEDED",
            "Hit rate limit of 4 parallel requests for businessId 7654321",
        )
    };
    let f = Fixture::script(vec![parallel(), parallel(), ok_page()]).await;
    let started = Instant::now();
    assert_eq!(one_page(&client(&f)).await.unwrap(), 1);
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert_eq!(f.count(), 3);
}

#[tokio::test]
async fn slows_down_when_remaining_quota_is_low() {
    async fn four_calls(limit: u64, remaining_start: u64) -> Duration {
        let until = rfc822_in(2);
        let f = Fixture::start(move |i, _| {
            ok_page()
                .header("X-RateLimit-Resource-Limit", limit.to_string())
                .header(
                    "X-RateLimit-Resource-Remaining",
                    (remaining_start - i as u64).to_string(),
                )
                .header("X-RateLimit-Resource-Until", until.clone())
        })
        .await;
        let c = client(&f);
        let started = Instant::now();
        for _ in 0..4 {
            one_page(&c).await.unwrap();
        }
        let state = c.rate_limit().unwrap();
        assert_eq!(state.limit, Some(limit));
        started.elapsed()
    }
    let plenty = four_calls(1000, 900).await;
    let scarce = four_calls(1000, 4).await;
    assert!(plenty < Duration::from_millis(300), "{plenty:?}");
    assert!(scarce >= Duration::from_millis(400), "{scarce:?}");
    assert!(scarce < Duration::from_secs(5), "{scarce:?}");
}

#[tokio::test]
async fn at_most_four_requests_in_flight_per_business() {
    // One body that reads both as an orders page and as `{"status":"OK"}`.
    let mut page = orders_page(&[1], None);
    page["status"] = json!("OK");
    let f = Fixture::script(vec![
        Reply::json(200, &page).delayed(Duration::from_millis(100)),
    ])
    .await;
    let c = client(&f);
    // A campaign of the same business shares its budget.
    c.remember_campaign(CAMPAIGN, BIZ);
    let mut tasks = Vec::new();
    for i in 0..12 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move {
            if i % 3 == 0 {
                c.set_storage_limit(CAMPAIGN, i, NaiveDate::from_ymd_opt(2026, 7, 30).unwrap())
                    .await
                    .map(|_| 0)
            } else {
                one_page(&c).await
            }
        }));
    }
    for t in tasks {
        t.await.unwrap().unwrap_or_else(|e| panic!("{e}"));
    }
    let max = f.max_in_flight.load(Ordering::SeqCst);
    assert!(max <= 4, "saw {max} in flight");
    assert!(max >= 2, "the calls did not overlap at all ({max})");
    assert_eq!(f.count(), 12);
}

// ---------------------------------------------------------------- headers, secrecy, writes

#[tokio::test]
async fn sends_api_key_header_and_integration_header_never_bearer() {
    let f = Fixture::script(vec![ok_page()]).await;
    let c = client(&f);
    one_page(&c).await.unwrap();
    let s = &f.seen()[0];
    assert_eq!(s.header("api-key"), Some(KEY));
    assert_eq!(
        s.header("x-market-integration"),
        Some(concat!("ym-triage/", env!("CARGO_PKG_VERSION")))
    );
    assert_eq!(s.header("accept"), Some("application/json"));
    assert_eq!(s.header("content-type"), Some("application/json"));
    assert!(s.header("authorization").is_none());
    assert!(s.headers.iter().all(|(_, v)| !v.contains("Bearer")));
}

/// Collects every log line the client writes.
#[derive(Clone, Default)]
struct LogSink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogSink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn api_key_never_appears_in_debug_or_errors() {
    let sink = LogSink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // A hostile server that echoes the key back in its error messages and bodies.
    let f = Fixture::start(|i, req| {
        let key = req.header("api-key").unwrap_or("").to_owned();
        match i {
            0 => Reply::error(500, "INTERNAL_ERROR", &format!("boom for {key}")),
            1 => Reply::error(
                420,
                "LIMIT",
                &format!("Hit rate limit of 4 parallel requests {key}"),
            ),
            2 => ok_page(),
            3 => Reply::error(
                401,
                "UNAUTHORIZED",
                &format!("Api-Key token {key} is invalid"),
            ),
            4 => Reply::new(502, format!("<html>{key}</html>")),
            _ => Reply::ok(format!(r#"{{"orders":[{{"orderId":"{key}"#)),
        }
    })
    .await;
    let c = client(&f);
    let mut cfg = config(&f.url);
    cfg.max_attempts = 1;
    let once = MarketClient::new(cfg).unwrap();
    one_page(&c).await.unwrap();
    let mut errors = vec![
        one_page(&once).await.unwrap_err(),
        one_page(&once).await.unwrap_err(),
        one_page(&once).await.unwrap_err(),
    ];
    let dead = MarketClient::new(config("http://127.0.0.1:9")).unwrap();
    errors.push(one_page(&dead).await.unwrap_err());
    errors.push(MarketClient::new(config("ftp://x")).unwrap_err());
    errors.push(
        MarketClient::new(ClientConfig::new(&f.url, ApiKey::new(format!("{KEY}\n1")))).unwrap_err(),
    );

    let mut texts = vec![format!("{c:?}"), format!("{:?}", config(&f.url))];
    for e in &errors {
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
    }
    let logs = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains("retrying"), "retries are logged: {logs}");
    texts.push(logs);
    for t in &texts {
        assert!(!t.contains(KEY), "the key leaked into: {t}");
        assert!(
            !t.contains("I4c4CxCSYaI41RSC2uYWP2qj3Rhhm4knMiBEga5K"),
            "{t}"
        );
    }
    assert!(texts[0].contains("ApiKey(***)"));
}

/// The key as a server might echo it changed: every form the tests look for.
fn key_forms() -> [String; 4] {
    let encoded = KEY.replace(':', "%3A");
    [
        KEY.to_owned(),
        KEY.to_lowercase(),
        encoded.clone(),
        encoded.to_lowercase(),
    ]
}

#[tokio::test]
async fn an_echo_of_the_key_lowercased_or_url_encoded_is_hidden_too() {
    let sink = LogSink::default();
    let writer = sink.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let f = Fixture::start(|i, req| {
        let key = req.header("api-key").unwrap_or("").to_owned();
        let encoded = key.replace(':', "%3A");
        match i {
            0 => Reply::error(
                500,
                "INTERNAL_ERROR",
                &format!("boom for {}", key.to_lowercase()),
            ),
            1 => Reply::new(502, format!("<a href=\"/x?api_key={encoded}\">retry</a>")),
            2 => Reply::ok(format!(
                r#"{{"orders":[{{"orderId":"{}"#,
                encoded.to_lowercase()
            )),
            _ => Reply::error(
                401,
                "UNAUTHORIZED",
                &format!(
                    "Api-Key token {} ({encoded}) is invalid",
                    key.to_uppercase()
                ),
            ),
        }
    })
    .await;
    let mut cfg = config(&f.url);
    cfg.max_attempts = 1;
    let c = MarketClient::new(cfg).unwrap();
    let mut texts = Vec::new();
    for _ in 0..4 {
        let e = one_page(&c).await.unwrap_err();
        texts.push(e.to_string());
        texts.push(format!("{e:?}"));
    }
    assert!(
        texts[6].contains("is invalid"),
        "the message is kept: {}",
        texts[6]
    );
    texts.push(String::from_utf8(sink.0.lock().unwrap().clone()).unwrap());
    for t in &texts {
        for form in key_forms() {
            assert!(!t.contains(&form), "{form} leaked into: {t}");
        }
        assert!(
            !t.to_lowercase()
                .contains("i4c4cxcsyai41rsc2uywp2qj3rhhm4knmibega5k"),
            "{t}"
        );
    }
}

#[tokio::test]
async fn chat_message_is_not_resent_after_a_server_error() {
    let f = Fixture::script(vec![
        Reply::error(500, "INTERNAL_ERROR", "Internal error"),
        Reply::ok(r#"{"status":"OK"}"#),
    ])
    .await;
    let err = client(&f)
        .send_message(BIZ, 3876543, "Добрый день!")
        .await
        .unwrap_err();
    assert_eq!(err.http_status(), Some(500));
    assert_eq!(
        f.count(),
        1,
        "a message that may have been delivered was sent again"
    );
    let s = &f.seen()[0];
    assert_eq!(s.path, "/v2/businesses/7654321/chats/message");
    assert_eq!(s.query, "chatId=3876543");
    assert_eq!(s.json(), json!({"message": "Добрый день!"}));
}

#[tokio::test]
async fn chat_message_is_not_resent_after_a_broken_answer_or_timeout() {
    let f = Fixture::script(vec![
        Reply::ok(r#"{"status":"OK"}"#).delayed(Duration::from_secs(2)),
    ])
    .await;
    let mut cfg = config(&f.url);
    cfg.timeout = Duration::from_millis(300);
    let err = MarketClient::new(cfg)
        .unwrap()
        .send_message(BIZ, 1, "hi")
        .await
        .unwrap_err();
    assert!(matches!(err, MarketError::Timeout { .. }), "{err:?}");
    assert_eq!(f.count(), 1);

    // A 2xx status line means the Market took the message, even if the body broke off.
    let f = Fixture::script(vec![Reply::ok(r#"{"status":"OK"}"#).truncated()]).await;
    client(&f).send_message(BIZ, 1, "hi").await.unwrap();
    assert_eq!(f.count(), 1);
}

#[tokio::test]
async fn chat_message_is_resent_after_a_rate_limit_rejection() {
    let f = Fixture::script(vec![
        Reply::error(
            420,
            "LIMIT_EXCEEDED",
            "Hit rate limit of 4 parallel requests for businessId 7654321",
        ),
        Reply::ok(r#"{"status":"OK"}"#),
    ])
    .await;
    client(&f).send_message(BIZ, 1, "hi").await.unwrap();
    assert_eq!(f.count(), 2);
}

// ---------------------------------------------------------------- speed

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_pages_of_fifty_fit_in_the_sync_budget() {
    let pages = 2000usize;
    let body: Vec<Value> = (0..50)
        .map(|i| json!({"orderId": i, "campaignId": 1}))
        .collect();
    let f = Fixture::start(move |_, req| {
        let n: usize = req
            .query
            .split('&')
            .find_map(|kv| kv.strip_prefix("page_token="))
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let mut page = json!({"orders": body, "paging": {}});
        if n + 1 < pages {
            page["paging"]["nextPageToken"] = json!((n + 1).to_string());
        }
        Reply::json(200, &page)
    })
    .await;
    let c = client(&f);
    let started = Instant::now();
    let mut token: Option<String> = None;
    let mut orders = 0;
    loop {
        let page = c
            .orders_page(BIZ, &OrdersFilter::default(), token.as_deref(), 50)
            .await
            .unwrap();
        orders += page.orders.len();
        token = page.next_page_token;
        if token.is_none() {
            break;
        }
    }
    let took = started.elapsed();
    assert_eq!(orders, 100_000);
    assert_eq!(c.requests_sent(), 2000);
    assert!(took < Duration::from_secs(5), "2,000 pages took {took:?}");
}
