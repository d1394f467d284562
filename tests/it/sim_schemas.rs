//! Every answer of the simulated Market checked against the JSON schema of its
//! operation. The schemas (`tests/fixtures/schemas/<operationId>.json`) are written
//! from the facts of the Market's spec: required fields, types, enum values, formats,
//! and no property the spec does not define. Each route the simulator serves is called
//! over HTTP on a loopback port, and its refusals are checked against the error schema.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::error::Error;

use boon::{Compiler, ErrorKind, Format, SchemaIndex, Schemas, ValidationError};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use reqwest::Method;
use serde_json::{Value, json};
use ym_triage::market::enums::{OrderStatus, OrderSubstatus, ProgramType};
use ym_triage::market::wire::BusinessOrder;

use common::{api, client, sim};

/// Every operation the simulator serves, by the spec's operationId, and the schema of
/// every error body.
const OPERATIONS: &[&str] = &[
    "getCampaigns",
    "getBusinessOrders",
    "getOrderBuyerInfo",
    "getChats",
    "createChat",
    "sendMessageToChat",
    "getChatHistory",
    "updateOrderStatus",
    "updateOrderStatuses",
    "setOrderDeliveryDate",
    "setOrderDeliveryTrackCode",
    "updateOrderStorageLimit",
    "acceptOrderCancellation",
    "transferOrdersFromShipment",
    "getDeliveryServices",
    "getReturns",
];
const ERROR: &str = "apiError";

/// Values the simulator sends on purpose outside the spec's enums: the Market adds
/// values without notice, and clients must keep them. Anything else outside an enum is
/// a simulator bug.
const DELIBERATELY_UNKNOWN: &[&str] = &["AWAIT_DRONE_DELIVERY", "SPLIT"];

/// The legacy dialect's `DD-MM-YYYY`, which the spec names as a format of its own.
fn legacy_date(v: &Value) -> Result<(), Box<dyn Error>> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.len() != 10 {
        return Err(format!("{s:?} is not DD-MM-YYYY").into());
    }
    NaiveDate::parse_from_str(s, "%d-%m-%Y")?;
    Ok(())
}

/// The legacy dialect's `DD-MM-YYYY HH:mm:ss` (Moscow time, no offset).
fn legacy_date_time(v: &Value) -> Result<(), Box<dyn Error>> {
    let Some(s) = v.as_str() else { return Ok(()) };
    if s.len() != 19 {
        return Err(format!("{s:?} is not DD-MM-YYYY HH:mm:ss").into());
    }
    NaiveDateTime::parse_from_str(s, "%d-%m-%Y %H:%M:%S")?;
    Ok(())
}

/// The compiled schemas, by operation.
struct Checker {
    schemas: Schemas,
    by_op: BTreeMap<&'static str, SchemaIndex>,
}

impl Checker {
    fn load() -> Checker {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schemas");
        let mut compiler = Compiler::new();
        compiler.enable_format_assertions();
        compiler.register_format(Format {
            name: "date-dd-MM-yyyy",
            func: legacy_date,
        });
        compiler.register_format(Format {
            name: "date-dd-MM-yyyy-HH-mm-ss",
            func: legacy_date_time,
        });
        let mut schemas = Schemas::new();
        let mut by_op = BTreeMap::new();
        for op in OPERATIONS.iter().chain([&ERROR]) {
            let path = dir.join(format!("{op}.json"));
            let index = compiler
                .compile(path.to_str().unwrap(), &mut schemas)
                .unwrap_or_else(|e| panic!("schema of {op}: {e:#}"));
            by_op.insert(*op, index);
        }
        Checker { schemas, by_op }
    }

    /// What in `body` breaks the schema of `op`, one line each; the deliberately
    /// unknown enum values are not counted.
    fn problems(&self, op: &str, body: &Value) -> Vec<String> {
        let Err(e) = self.schemas.validate(body, self.by_op[op]) else {
            return Vec::new();
        };
        let mut leaves = Vec::new();
        collect_leaves(&e, &mut leaves);
        leaves
            .into_iter()
            .filter(|l| !deliberately_unknown(l, body))
            .map(|l| format!("at {:?}: {}", l.instance_location.to_string(), l.kind))
            .collect()
    }
}

fn collect_leaves<'a, 's, 'v>(
    e: &'a ValidationError<'s, 'v>,
    out: &mut Vec<&'a ValidationError<'s, 'v>>,
) {
    if e.causes.is_empty() {
        out.push(e);
    }
    for c in &e.causes {
        collect_leaves(c, out);
    }
}

fn deliberately_unknown(e: &ValidationError, body: &Value) -> bool {
    matches!(e.kind, ErrorKind::Enum { .. })
        && body
            .pointer(&e.instance_location.to_string())
            .and_then(Value::as_str)
            .is_some_and(|s| DELIBERATELY_UNKNOWN.contains(&s))
}

/// Every answer the scenario got: the operation, the HTTP status and the body.
#[derive(Default)]
struct Answers(Vec<(&'static str, u16, Value)>);

/// Calls the simulator and keeps the answer for checking.
struct Caller {
    c: reqwest::Client,
    base: String,
    answers: Answers,
}

impl Caller {
    async fn call(
        &mut self,
        op: &'static str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        let mut req = api(&self.c, method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let text = resp.text().await.unwrap();
        let v: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{op} {path}: not JSON ({e}): {text}"));
        self.answers.0.push((op, status, v.clone()));
        (status, v)
    }

    /// Tries `candidates` in turn until one is answered 200; `None` if none was.
    async fn first_ok<T>(
        &mut self,
        op: &'static str,
        method: Method,
        candidates: impl IntoIterator<Item = (String, Value, T)>,
    ) -> Option<T> {
        for (path, body, tag) in candidates.into_iter().take(40) {
            if self.call(op, method.clone(), &path, Some(body)).await.0 == 200 {
                return Some(tag);
            }
        }
        None
    }
}

fn is(o: &BusinessOrder, model: &ProgramType, status: &OrderStatus) -> bool {
    o.program_type.as_ref() == Some(model) && o.status == *status
}

fn order_path(o: &BusinessOrder, rest: &str) -> String {
    format!(
        "/v2/campaigns/{}/orders/{}/{rest}",
        o.campaign_id, o.order_id
    )
}

/// Every order matching `filter`, page by page, each page kept for checking.
async fn all_pages(caller: &mut Caller, business: i64, filter: Value) -> Vec<BusinessOrder> {
    let mut out = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..500 {
        let mut path = format!("/v1/businesses/{business}/orders?limit=50");
        if let Some(t) = &token {
            path.push_str(&format!("&page_token={t}"));
        }
        let (status, page) = caller
            .call(
                "getBusinessOrders",
                Method::POST,
                &path,
                Some(filter.clone()),
            )
            .await;
        assert_eq!(status, 200, "{page}");
        out.extend(
            serde_json::from_value::<Vec<BusinessOrder>>(page["orders"].clone())
                .unwrap_or_default(),
        );
        token = page["paging"]["nextPageToken"].as_str().map(str::to_owned);
        if token.is_none() {
            return out;
        }
    }
    panic!("paging does not end");
}

/// Calls every route of the simulator: reads over the whole world, each write once
/// where the Market accepts it, and some refusals.
async fn exercise_every_route(caller: &mut Caller, business: i64) {
    caller
        .call("getCampaigns", Method::GET, "/v2/campaigns", None)
        .await;
    caller
        .call("getCampaigns", Method::GET, "/v2/campaigns?limit=2", None)
        .await;
    caller
        .call(
            "getDeliveryServices",
            Method::GET,
            "/v2/delivery/services",
            None,
        )
        .await;

    // The whole world, in creation windows of the longest span allowed.
    let tomorrow = common::fixed_now().date_naive() + Duration::days(1);
    let mut orders = Vec::new();
    for k in 0..3 {
        let to = tomorrow - Duration::days(30 * k);
        let filter = json!({"dates": {
            "creationDateFrom": (to - Duration::days(30)).to_string(),
            "creationDateTo": to.to_string(),
        }});
        orders.extend(all_pages(caller, business, filter).await);
    }
    assert!(orders.len() > 1000, "{} orders seen", orders.len());
    let dbs = |st: OrderStatus| orders.iter().filter(move |o| is(o, &ProgramType::DBS, &st));

    // The buyer: a DBS order being processed, and an FBS one (refused).
    for o in dbs(OrderStatus::PROCESSING).take(3) {
        let (status, _) = caller
            .call(
                "getOrderBuyerInfo",
                Method::GET,
                &order_path(o, "buyer"),
                None,
            )
            .await;
        assert_eq!(status, 200);
    }
    let fbs = orders
        .iter()
        .find(|o| is(o, &ProgramType::FBS, &OrderStatus::PROCESSING))
        .unwrap();
    caller
        .call(
            "getOrderBuyerInfo",
            Method::GET,
            &order_path(fbs, "buyer"),
            None,
        )
        .await;

    // Writes the Market accepts, each on an order it allows them for.
    let carrier = 51;
    let mut candidates = dbs(OrderStatus::PROCESSING).map(|o| {
        let body =
            json!({"trackCode": format!("SCHEMA-{}", o.order_id), "deliveryServiceId": carrier});
        (order_path(o, "delivery/track"), body, ())
    });
    let tracked = caller
        .first_ok("setOrderDeliveryTrackCode", Method::POST, &mut candidates)
        .await;
    assert!(tracked.is_some());
    let moved = dbs(OrderStatus::DELIVERY).map(|o| {
        let current = o
            .delivery
            .dates
            .to_date
            .unwrap_or(o.delivery.dates.from_date);
        let to = current.max(tomorrow) + Duration::days(1);
        let body =
            json!({"dates": {"toDate": to.to_string()}, "reason": "PARTNER_MOVED_DELIVERY_DATES"});
        (order_path(o, "delivery/date"), body, ())
    });
    assert!(
        caller
            .first_ok("setOrderDeliveryDate", Method::PUT, moved)
            .await
            .is_some()
    );
    let extended = dbs(OrderStatus::PICKUP).filter_map(|o| {
        let limit = o.delivery.pickup.as_ref()?.outlet_storage_limit_date?;
        let body = json!({"newDate": (limit + Duration::days(3)).to_string()});
        Some((order_path(o, "delivery/storage-limit"), body, ()))
    });
    assert!(
        caller
            .first_ok("updateOrderStorageLimit", Method::PUT, extended)
            .await
            .is_some()
    );
    let answered = orders
        .iter()
        .filter(|o| o.cancel_requested == Some(true) && o.program_type == Some(ProgramType::DBS))
        .filter(|o| matches!(o.status, OrderStatus::DELIVERY | OrderStatus::PICKUP))
        .map(|o| {
            let body = json!({"accepted": false, "reason": "ORDER_IN_DELIVERY"});
            (order_path(o, "cancellation/accept"), body, ())
        });
    assert!(
        caller
            .first_ok("acceptOrderCancellation", Method::PUT, answered)
            .await
            .is_some()
    );
    let started: Vec<&BusinessOrder> = orders
        .iter()
        .filter(|o| is(o, &ProgramType::FBS, &OrderStatus::PROCESSING))
        .filter(|o| o.substatus == OrderSubstatus::STARTED)
        .collect();
    let transfers = started.iter().rev().filter_map(|o| {
        let shipment = o.delivery.shipment.as_ref()?.id?;
        let path = format!(
            "/v2/campaigns/{}/first-mile/shipments/{shipment}/orders/transfer",
            o.campaign_id
        );
        Some((path, json!({"orderIds": [o.order_id]}), o.order_id))
    });
    let transferred = caller
        .first_ok("transferOrdersFromShipment", Method::POST, transfers)
        .await
        .expect("an FBS order whose shipment forms later");

    // The status writes answer with the legacy order: a DBS one (buyer, address) and an
    // FBS one (parcels), then a batch, then a refusal.
    let to_delivery = dbs(OrderStatus::PROCESSING).map(|o| {
        let body =
            json!({"order": {"status": "DELIVERY", "substatus": "DELIVERY_SERVICE_RECEIVED"}});
        (order_path(o, "status"), body, ())
    });
    assert!(
        caller
            .first_ok("updateOrderStatus", Method::PUT, to_delivery)
            .await
            .is_some()
    );
    let packed = started
        .iter()
        .filter(|o| o.order_id != transferred)
        .map(|o| {
            let body = json!({"order": {"status": "PROCESSING", "substatus": "READY_TO_SHIP"}});
            (order_path(o, "status"), body, o.campaign_id)
        });
    let campaign = caller
        .first_ok("updateOrderStatus", Method::PUT, packed)
        .await
        .expect("an FBS order to pack");
    let batch: Vec<Value> = started
        .iter()
        .filter(|o| o.campaign_id == campaign)
        .take(3)
        .map(|o| json!({"id": o.order_id, "status": "PROCESSING", "substatus": "READY_TO_SHIP"}))
        .collect();
    caller
        .call(
            "updateOrderStatuses",
            Method::POST,
            &format!("/v2/campaigns/{campaign}/orders/status-update"),
            Some(json!({ "orders": batch })),
        )
        .await;
    let delivered = orders
        .iter()
        .find(|o| o.status == OrderStatus::DELIVERED)
        .unwrap();
    let (status, _) = caller
        .call(
            "updateOrderStatus",
            Method::PUT,
            &order_path(delivered, "status"),
            Some(json!({"order": {"status": "PROCESSING"}})),
        )
        .await;
    assert_eq!(status, 400);

    // Every return of every campaign, page by page, and a refused filter.
    let campaigns: BTreeSet<i64> = orders.iter().map(|o| o.campaign_id).collect();
    let mut returns = 0;
    for campaign in &campaigns {
        let mut token: Option<String> = None;
        for _ in 0..100 {
            let mut path = format!("/v2/campaigns/{campaign}/returns?limit=100");
            if let Some(t) = &token {
                path.push_str(&format!("&page_token={t}"));
            }
            let (status, page) = caller.call("getReturns", Method::GET, &path, None).await;
            assert_eq!(status, 200, "{page}");
            returns += page["result"]["returns"].as_array().map_or(0, Vec::len);
            token = page["result"]["paging"]["nextPageToken"]
                .as_str()
                .map(str::to_owned);
            if token.is_none() {
                break;
            }
        }
    }
    assert!(returns > 50, "{returns} returns seen");
    let first = campaigns.first().unwrap();
    caller
        .call(
            "getReturns",
            Method::GET,
            &format!("/v2/campaigns/{first}/returns?type=EXCHANGE"),
            None,
        )
        .await;

    // Chats: a new one with a message, the list page by page, every history.
    let (status, created) = caller
        .call(
            "createChat",
            Method::POST,
            &format!("/v2/businesses/{business}/chats/new"),
            Some(json!({"context": {"type": "ORDER", "id": fbs.order_id}})),
        )
        .await;
    assert_eq!(status, 200);
    let chat = created["result"]["chatId"].as_i64().unwrap();
    caller
        .call(
            "sendMessageToChat",
            Method::POST,
            &format!("/v2/businesses/{business}/chats/message?chatId={chat}"),
            Some(json!({"message": "Здравствуйте! Заказ собран."})),
        )
        .await;
    let mut chats = BTreeSet::new();
    let mut token: Option<String> = None;
    for _ in 0..200 {
        let mut path = format!("/v2/businesses/{business}/chats?limit=20");
        if let Some(t) = &token {
            path.push_str(&format!("&page_token={t}"));
        }
        let (_, page) = caller
            .call("getChats", Method::POST, &path, Some(json!({})))
            .await;
        for ch in page["result"]["chats"].as_array().into_iter().flatten() {
            chats.insert(ch["chatId"].as_i64().unwrap());
        }
        token = page["result"]["paging"]["nextPageToken"]
            .as_str()
            .map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert!(chats.len() > 5, "{} chats", chats.len());
    for id in chats {
        caller
            .call(
                "getChatHistory",
                Method::POST,
                &format!("/v2/businesses/{business}/chats/history?chatId={id}&limit=100"),
                Some(json!({})),
            )
            .await;
    }
    caller
        .call(
            "getChatHistory",
            Method::POST,
            &format!("/v2/businesses/{business}/chats/history?chatId=1"),
            Some(json!({})),
        )
        .await;
}

#[tokio::test]
async fn every_route_answers_as_the_spec_defines_its_operation() {
    let checker = Checker::load();
    let s = sim(1500, "").await;
    let mut caller = Caller {
        c: client(),
        base: s.url(),
        answers: Answers::default(),
    };
    exercise_every_route(&mut caller, s.business_id()).await;
    // A few refusals of the gates before any method: auth, routing, limits.
    let unauthorized = caller
        .c
        .get(format!("{}/v2/campaigns", s.url()))
        .send()
        .await
        .unwrap();
    let text = unauthorized.text().await.unwrap();
    caller
        .answers
        .0
        .push(("getCampaigns", 401, serde_json::from_str(&text).unwrap()));
    caller
        .call("getCampaigns", Method::GET, "/v2/campaigns?limit=101", None)
        .await;
    caller
        .call("getCampaigns", Method::GET, "/v2/nowhere", None)
        .await;

    let mut problems = Vec::new();
    let mut answered_ok = BTreeSet::new();
    let mut errors = 0;
    for (op, status, body) in &caller.answers.0 {
        let schema = if (200..300).contains(status) {
            answered_ok.insert(*op);
            *op
        } else {
            errors += 1;
            ERROR
        };
        for p in checker.problems(schema, body) {
            problems.push(format!("{op} ({status}) {p}"));
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    let missing: Vec<_> = OPERATIONS
        .iter()
        .filter(|op| !answered_ok.contains(*op))
        .collect();
    assert!(missing.is_empty(), "never answered 200: {missing:?}");
    assert!(errors >= 4, "refusals were checked too ({errors})");
    s.shutdown().await;
}

#[test]
fn the_schemas_catch_what_they_are_meant_to() {
    let checker = Checker::load();
    let ok = json!({"status": "OK"});
    assert!(checker.problems("setOrderDeliveryDate", &ok).is_empty());
    let extra = json!({"status": "OK", "result": {}});
    assert!(!checker.problems("setOrderDeliveryDate", &extra).is_empty());
    let services = json!({"status": "OK", "result": {"deliveryService": [{"id": 1, "name": "x"}]}});
    assert!(
        !checker
            .problems("getDeliveryServices", &services)
            .is_empty(),
        "the spec's answer has no status"
    );
    let unknown =
        json!({"status": "OK", "result": {"orders": [{"id": 1, "status": "TELEPORTED"}]}});
    assert!(!checker.problems("updateOrderStatuses", &unknown).is_empty());
    let drone = json!({"status": "OK", "result": {"orders": [{"id": 1, "substatus": "AWAIT_DRONE_DELIVERY"}]}});
    assert!(checker.problems("updateOrderStatuses", &drone).is_empty());
    let legacy_day = json!({"order": {"id": 1}});
    assert!(
        checker
            .problems("updateOrderStatus", &legacy_day)
            .iter()
            .any(|p| p.contains("taxSystem")),
        "required fields are named"
    );
    assert!(legacy_date(&json!("15-07-2026")).is_ok());
    assert!(legacy_date(&json!("2026-07-15")).is_err());
    assert!(legacy_date_time(&json!("15-07-2026 09:12:41")).is_ok());
    assert!(legacy_date_time(&json!("15-07-2026")).is_err());
}
