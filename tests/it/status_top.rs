//! `status` lists what someone can act on first; among orders equally urgent, the
//! larger one first. The values are read only for the orders that can make the list,
//! so the tie-break has to hold at the list's edge too.

use ym_triage::base::money::Money;
use ym_triage::cache::Cache;
use ym_triage::domain::risk::Thresholds;
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::service::assess::reassess;

use crate::common::handmade::{Env, order, t};

#[test]
fn among_equally_urgent_orders_the_larger_is_listed_first_even_at_the_lists_edge() {
    let env = Env::new();
    let mut cache = Cache::open(&env.db()).unwrap();
    // Five DBS orders late in the same way: only their values tell them apart.
    let values = [(11, 500), (12, 9_000), (13, 1_200), (14, 30_000), (15, 700)];
    let orders: Vec<_> = values
        .iter()
        .map(|&(id, rubles)| {
            let mut o = order(
                id,
                "СДЭК",
                OrderStatus::DELIVERY,
                Some("2026-11-04T09:00:00Z"),
            );
            o.model = ProgramType::DBS;
            o.value = Money::from_rubles(rubles);
            o
        })
        .collect();
    cache
        .upsert_orders(&orders, t("2026-11-04T09:05:00Z"))
        .unwrap();
    let ids: Vec<i64> = values.iter().map(|v| v.0).collect();
    reassess(
        &mut cache,
        &ids,
        t("2026-11-07T09:00:00Z"),
        &Thresholds::default(),
    )
    .unwrap();
    drop(cache);

    let out = env
        .cmd()
        .args(["status", "--json", "--limit", "2"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed: Vec<i64> = v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_i64().unwrap())
        .filter(|id| ids.contains(id))
        .collect();
    assert_eq!(
        listed,
        vec![14, 12],
        "the two largest of the five, largest first"
    );
}
