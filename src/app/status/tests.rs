use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::most_urgent;
use crate::cache::{Cache, StoredRisk};
use crate::domain::risk::{Assessment, Match, Rule, Severity};

fn risk(order_id: i64, severity: Severity, due: DateTime<Utc>) -> StoredRisk {
    StoredRisk {
        order_id,
        assessment: Assessment {
            matches: vec![Match {
                rule: Rule::DeliveryOverdue,
                severity,
                due: Some(due),
            }],
        },
        next_check: None,
        fresh: true,
    }
}

/// The first `limit` orders `status` lists at `now`.
fn listed(cache: &Cache, now: DateTime<Utc>, limit: usize) -> Vec<i64> {
    most_urgent(cache, &HashMap::new(), now, limit)
        .unwrap()
        .iter()
        .map(|r| r.order_id)
        .collect()
}

#[test]
fn a_shorter_list_is_the_top_of_a_longer_one_even_as_a_deadline_turns_a_day_past() {
    let dir = tempfile::tempdir().unwrap();
    let mut cache = Cache::open(&dir.path().join("c.db")).unwrap();
    let due: DateTime<Utc> = "2026-12-04T09:00:00Z".parse().unwrap();
    // Order 1 is a P1 whose deadline turns a day past; order 2 a P2 due later today.
    cache
        .store_risk(
            &[
                risk(1, Severity::P1, due),
                risk(2, Severity::P2, due + Duration::hours(30)),
            ],
            due,
        )
        .unwrap();
    // In the second it turns, the index and the list must agree on which side it is.
    for ms in [0, 1, 300, 999, 1_000, 1_300] {
        let now = due + Duration::days(1) + Duration::milliseconds(ms);
        let both = listed(&cache, now, 2);
        assert_eq!(both.len(), 2);
        assert_eq!(listed(&cache, now, 1), both[..1], "{ms} ms past the day");
        // A deadline more than a day past goes after today's.
        let first = if ms == 0 { 1 } else { 2 };
        assert_eq!(both[0], first, "{ms} ms past the day");
    }
}
