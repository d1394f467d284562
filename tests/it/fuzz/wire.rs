//! The Market's answers, mutated: each fixture answer has some of its values replaced
//! (by strings, numbers at the edges, null, empty lists and objects), keys dropped or
//! list entries repeated, then is read as the client reads it. An order read from a
//! page goes on to the domain conversion and the risk rules, as the sync takes it.
//! Reading may fail; nothing may panic.

use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;
use ym_triage::domain::order::{History, Order};
use ym_triage::domain::risk::{Thresholds, assess};
use ym_triage::market::client::parse_order;
use ym_triage::market::enums::ProgramType;
use ym_triage::market::wire::order::RawOrdersAnswer;
use ym_triage::market::wire::returns::PagedReturns;
use ym_triage::market::wire::service::DeliveryServicesResponse;
use ym_triage::market::wire::write::BatchStatusResult;
use ym_triage::market::wire::{
    ApiErrorResponse, Buyer, CampaignsPage, ChatHistory, ChatsPage, Envelope, OrderEnvelope,
    OrdersPage,
};

use super::nasty_string;

const ORDERS: &str = include_str!("../../fixtures/business_orders_page.json");
const ODD_ORDER: &str = include_str!("../../fixtures/business_order_odd.json");

/// One change to a JSON document.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Remove(usize),
    Repeat(usize),
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        nasty_string().prop_map(Value::String),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
        Just(Value::Array(vec![])),
        Just(serde_json::json!({})),
    ]
}

fn mutations() -> impl Strategy<Value = Vec<Mutation>> {
    let one = prop_oneof![
        4 => (any::<usize>(), leaf()).prop_map(|(i, v)| Mutation::Replace(i, v)),
        1 => any::<usize>().prop_map(Mutation::Remove),
        1 => any::<usize>().prop_map(Mutation::Repeat),
    ];
    prop::collection::vec(one, 1..6)
}

/// Every node's path as JSON pointers, the root excluded.
fn pointers(v: &Value, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                pointers(x, &p, out);
            }
        }
        _ => {}
    }
}

fn mutate(mut doc: Value, ms: &[Mutation]) -> Value {
    for m in ms {
        let mut all = Vec::new();
        pointers(&doc, "", &mut all);
        if all.is_empty() {
            break;
        }
        let pick = |i: usize| all[i % all.len()].clone();
        match m {
            Mutation::Replace(i, v) => {
                if let Some(x) = doc.pointer_mut(&pick(*i)) {
                    *x = v.clone();
                }
            }
            Mutation::Remove(i) | Mutation::Repeat(i) => {
                let p = pick(*i);
                let (parent, last) = p.rsplit_once('/').expect("a pointer has a slash");
                let repeat = matches!(m, Mutation::Repeat(_));
                match doc.pointer_mut(parent) {
                    Some(Value::Object(o)) if !repeat => {
                        o.remove(&last.replace("~1", "/").replace("~0", "~"));
                    }
                    Some(Value::Array(a)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            if repeat {
                                let x = a[i].clone();
                                a.insert(i, x);
                            } else {
                                a.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    doc
}

fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("a fixture is JSON")
}

/// Reads `text` as `T`, bare and in the `{"status","result"}` envelope.
fn read_as<T: DeserializeOwned>(text: &str) {
    let _ = serde_json::from_str::<T>(text);
    let _ = serde_json::from_str::<Envelope<T>>(text);
}

/// Reads a page of orders as the sync does: the page with raw orders, each order on
/// its own, then the domain order and its risk.
fn read_orders(text: &str) {
    let _ = serde_json::from_str::<OrdersPage>(text);
    let Ok(page) = serde_json::from_str::<RawOrdersAnswer>(text) else {
        return;
    };
    let now = chrono::Utc::now();
    for raw in page.orders.unwrap_or_default() {
        if let Ok(o) = parse_order(&raw) {
            let order = Order::from_wire(&o, 7, ProgramType::FBS);
            let _ = assess(&order, &History::default(), now, &Thresholds::default());
        }
    }
}

proptest! {
    #[test]
    fn a_mutated_page_of_orders_is_read_or_refused(ms in mutations(), odd in any::<bool>()) {
        let doc = mutate(fixture(if odd { ODD_ORDER } else { ORDERS }), &ms);
        read_orders(&doc.to_string());
    }

    #[test]
    fn every_other_answer_mutated_is_read_or_refused(ms in mutations(), which in 0usize..10) {
        let (text, read): (&str, fn(&str)) = match which {
            0 => (include_str!("../../fixtures/campaigns_page1.json"), read_as::<CampaignsPage>),
            1 => (include_str!("../../fixtures/chats.json"), read_as::<ChatsPage>),
            2 => (include_str!("../../fixtures/chat_history.json"), read_as::<ChatHistory>),
            3 => (include_str!("../../fixtures/buyer.json"), read_as::<Buyer>),
            4 => (include_str!("../../fixtures/returns_page1.json"), read_as::<PagedReturns>),
            5 => (include_str!("../../fixtures/delivery_services.json"), read_as::<DeliveryServicesResponse>),
            6 => (include_str!("../../fixtures/batch_status.json"), read_as::<BatchStatusResult>),
            7 => (include_str!("../../fixtures/legacy_status_answer.json"), read_as::<OrderEnvelope>),
            8 => (r#"{"status":"ERROR","errors":[{"code":"BAD_REQUEST","message":"m"}]}"#, read_as::<ApiErrorResponse>),
            _ => (include_str!("../../fixtures/returns_page2.json"), read_as::<PagedReturns>),
        };
        read(&mutate(fixture(text), &ms).to_string());
    }

    #[test]
    fn any_bytes_as_an_answer_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        read_orders(&text);
        read_as::<ChatsPage>(&text);
        read_as::<PagedReturns>(&text);
    }
}
