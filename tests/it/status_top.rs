//! `status` lists what someone can act on first; among orders equally urgent, the
//! larger one first. The values are read only for the orders that can make the list,
//! so the tie-break has to hold at the list's edge too.

use ym_triage::base::money::Money;
use ym_triage::cache::Cache;
use ym_triage::domain::risk::Thresholds;
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::service::assess::reassess;

use crate::common::handmade::{Env, order, t};

/// `status --json --limit LIMIT`: the whole answer and the ids it lists, in order.
fn status_json(env: &Env, limit: usize) -> (serde_json::Value, Vec<i64>) {
    let out = env
        .cmd()
        .args(["status", "--json", "--limit", &limit.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let listed = v["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["order_id"].as_i64().unwrap())
        .collect();
    (v, listed)
}

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

    let (_, listed) = status_json(&env, 2);
    let listed: Vec<i64> = listed.into_iter().filter(|id| ids.contains(id)).collect();
    assert_eq!(
        listed,
        vec![14, 12],
        "the two largest of the five, largest first"
    );
}

/// The list of `status` as a sort of every at-risk row gives it: nobody's orders first,
/// today's deadlines before those a day past, then severity, the nearest deadline (none
/// last), the larger order, the id.
fn every_row_sorted(cache: &Cache, now: chrono::DateTime<chrono::Utc>) -> Vec<i64> {
    use ym_triage::domain::risk::cmp_due;
    let claims = cache.claimants(now).unwrap();
    let mut rows = cache.at_risk().unwrap();
    let ids: Vec<i64> = rows.iter().map(|r| r.order_id).collect();
    let values = cache.values_of(&ids).unwrap();
    let cut = now - chrono::Duration::days(1);
    let key = |r: &ym_triage::cache::AtRisk| {
        let a = &r.assessment;
        (
            claims.contains_key(&r.order_id),
            a.due().is_some_and(|d| d < cut),
            a.severity(),
        )
    };
    rows.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| cmp_due(a.assessment.due(), b.assessment.due()))
            .then_with(|| values[&b.order_id].cmp(&values[&a.order_id]))
            .then_with(|| a.order_id.cmp(&b.order_id))
    });
    rows.iter().map(|r| r.order_id).collect()
}

/// Orders shipping and due around `now` — overdue by days, due today, due soon — with
/// a handful of values, so they tie on deadlines and on values; assessed, and every
/// seventh claimed. Spread so that some deadlines are more than a day past and more are
/// not, on any weekday and at any hour (deadlines move over weekends).
fn mixed_risk(cache: &mut Cache, now: chrono::DateTime<chrono::Utc>) -> Vec<i64> {
    use chrono::Duration;
    let today = now.date_naive();
    let orders: Vec<_> = (0..90_i64)
        .map(|i| {
            let status = if i % 3 == 0 {
                OrderStatus::PROCESSING
            } else {
                OrderStatus::DELIVERY
            };
            let mut o = order(100 + i, "СДЭК", status, Some("2026-11-04T09:00:00Z"));
            o.model = if i % 2 == 0 {
                ProgramType::DBS
            } else {
                ProgramType::FBS
            };
            o.ship_date = Some(today - Duration::days(i % 3));
            o.due_from = Some(today - Duration::days(i % 5 - 2));
            o.created_at = now - Duration::days(10);
            o.updated_at = Some(now - Duration::hours(i % 7 * 9));
            o.value = Money::from_rubles([700, 1_200, 9_000][(i % 3) as usize]);
            o
        })
        .collect();
    cache.upsert_orders(&orders, now).unwrap();
    let ids: Vec<i64> = orders.iter().map(|o| o.order_id).collect();
    reassess(cache, &ids, now, &Thresholds::default()).unwrap();
    for id in ids.iter().filter(|id| *id % 7 == 0) {
        cache
            .claim(*id, "anna", false, Duration::minutes(30), now)
            .unwrap();
    }
    ids
}

/// How many orders are at risk, and how many of them were due more than a day ago.
fn at_risk_and_past(cache: &Cache, now: chrono::DateTime<chrono::Utc>) -> (usize, usize) {
    let cut = now - chrono::Duration::days(1);
    let rows = cache.at_risk().unwrap();
    let past = rows
        .iter()
        .filter(|r| r.assessment.due().is_some_and(|d| d < cut))
        .count();
    (rows.len(), past)
}

#[test]
fn the_list_read_from_the_top_of_the_stored_risk_is_what_sorting_every_row_gives() {
    use chrono::Utc;
    let env = Env::new();
    let mut cache = Cache::open(&env.db()).unwrap();
    // Deadlines fall at Moscow midnight: one passing between the sort here and the
    // binary's would move orders a day past in one list and not in the other.
    crate::common::clear_of_moscow_midnight();
    let now = Utc::now();
    mixed_risk(&mut cache, now);
    let sorted = every_row_sorted(&cache, Utc::now());
    let (at_risk, past) = at_risk_and_past(&cache, now);
    assert!(
        at_risk == sorted.len() && at_risk > 30 && past > 5 && past + 10 < at_risk,
        "a mix of orders at risk: {at_risk} at risk, {past} a day past"
    );
    drop(cache);
    for limit in [1, 4, 13, 40, 200] {
        let (v, listed) = status_json(&env, limit);
        let want: Vec<i64> = sorted.iter().copied().take(limit).collect();
        assert_eq!(listed, want, "limit {limit}");
        assert_eq!(v["at_risk"].as_u64().unwrap() as usize, sorted.len());
    }
}
