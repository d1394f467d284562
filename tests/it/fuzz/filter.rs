//! The list filter: any line typed (or saved in a view) is parsed, checked and matched
//! against orders whose text fields hold anything the Market may send. Matching never
//! panics, a saved view's check never panics, and a filter of one order's own id
//! always finds it.

use proptest::prelude::*;
use ym_triage::app::tui::select::{self, Filter, check_view_filter};
use ym_triage::app::tui::state::Row;
use ym_triage::domain::order::{History, Order};
use ym_triage::domain::risk::{Thresholds, assess};
use ym_triage::market::enums::ProgramType;

use super::nasty_string;

const FIELDS: &[&str] = &[
    "model", "status", "sub", "rule", "sev", "city", "carrier", "claim", "region", "buyer",
    "track", "x", "",
];

fn term() -> impl Strategy<Value = String> {
    prop_oneof![
        (prop::sample::select(FIELDS.to_vec()), nasty_string())
            .prop_map(|(f, v)| format!("{f}:{v}")),
        prop::sample::select(vec![
            "model:dbs",
            "sev:p1",
            "sev:p9",
            "claim:none",
            "rule:stale",
            "status:delivery",
            "10:00",
            ":",
            "::",
            "city:",
            "казань",
            "СДЭК",
            "İ",
            "ß",
        ])
        .prop_map(str::to_owned),
        nasty_string(),
    ]
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(term(), 0..5).prop_map(|t| t.join(" "))
}

fn row(texts: &[String], claimed: Option<String>) -> Row {
    let page: ym_triage::market::wire::OrdersPage =
        serde_json::from_str(include_str!("../../fixtures/business_orders_page.json"))
            .expect("the fixture page");
    let mut order = Order::from_wire(&page.orders[0], 7, ProgramType::DBS);
    let t = |i: usize| texts.get(i).cloned().unwrap_or_default();
    order.carrier = t(0).into();
    order.city = Some(t(1).into());
    order.region = Some(t(2).into());
    order.buyer_name = Some(t(3));
    order.tracks = vec![t(4)];
    let assessment = assess(
        &order,
        &History::default(),
        chrono::Utc::now(),
        &Thresholds::default(),
    );
    select::row(order, assessment, claimed)
}

proptest! {
    #[test]
    fn any_filter_line_matches_any_order_without_panicking(
        text in line(),
        fields in prop::collection::vec(nasty_string(), 5),
        claimed in proptest::option::of(nasty_string()),
    ) {
        let r = row(&fields, claimed);
        let f = Filter::parse(&text, "anna");
        let _ = f.matches(&r);
        let _ = f.is_empty();
        let _ = check_view_filter(&text);
    }

    #[test]
    fn an_orders_own_id_always_finds_it(fields in prop::collection::vec(nasty_string(), 5)) {
        let r = row(&fields, None);
        prop_assert!(Filter::parse(&r.order.order_id.to_string(), "anna").matches(&r));
    }
}
