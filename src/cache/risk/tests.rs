use super::*;

#[test]
fn an_assessment_reads_back_as_it_was_stored_and_unknown_rules_are_left_out() {
    let a = Assessment {
        matches: vec![
            Match {
                rule: Rule::DeliveryOverdue,
                severity: Severity::P1,
                due: Some(from_ts(1_765_000_000)),
            },
            Match {
                rule: Rule::DateUnconfirmed,
                severity: Severity::P3,
                due: None,
            },
        ],
    };
    assert_eq!(decode(&encode(&a)), a);
    let with_unknown = format!("{} some_future_rule:2:5", encode(&a));
    assert_eq!(decode(&with_unknown), a);
}

mod kept_counts {
    use super::super::{Dues, Tally};
    use super::*;
    use crate::base::splitmix::mix;
    use crate::cache::Cache;

    /// A made-up assessment for order `id` in round `round`: no match, or one to three
    /// rules of any severity, with or without deadlines — drawn from `id` and `round`.
    fn drawn(id: i64, round: u64) -> Assessment {
        let mut z = mix(id as u64 ^ (round << 40));
        let mut next = |m: u64| {
            z = mix(z);
            z % m
        };
        let n = next(4) as usize;
        let mut matches: Vec<Match> = (0..n)
            .map(|_| Match {
                rule: Rule::ALL[next(Rule::ALL.len() as u64) as usize],
                severity: Severity::ALL[next(4) as usize],
                // Few distinct deadlines, so rows tie on them.
                due: (next(5) > 0).then(|| from_ts(1_765_000_000 + 3_600 * next(6) as i64)),
            })
            .collect();
        matches.sort_by_key(|m| m.rule);
        matches.dedup_by_key(|m| m.rule);
        matches.sort_by_key(|m| m.severity);
        Assessment { matches }
    }

    fn store(c: &mut Cache, ids: &[i64], round: u64, fresh: bool) {
        let rows: Vec<StoredRisk> = ids
            .iter()
            .map(|&id| StoredRisk {
                order_id: id,
                assessment: drawn(id, round),
                next_check: None,
                fresh,
            })
            .collect();
        c.store_risk(&rows, from_ts(1_765_000_000)).unwrap();
    }

    /// The counts as every stored row gives them.
    fn counted(c: &Cache) -> Tally {
        let mut t = Tally {
            at_risk: 0,
            by_severity: Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
            by_rule: Rule::ALL.iter().map(|r| (r.id(), 0)).collect(),
        };
        for r in c.at_risk().unwrap() {
            t.at_risk += 1;
            *t.by_severity
                .get_mut(r.assessment.severity().unwrap().as_str())
                .unwrap() += 1;
            for m in &r.assessment.matches {
                *t.by_rule.get_mut(m.rule.id()).unwrap() += 1;
            }
        }
        t
    }

    fn cache() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::open(&dir.path().join("c.db")).unwrap();
        (dir, c)
    }

    #[test]
    fn the_kept_counts_equal_a_count_of_the_rows_after_every_store() {
        let (_d, mut c) = cache();
        let ids: Vec<i64> = (1..=300).collect();
        store(&mut c, &ids, 0, true);
        assert_eq!(c.risk_tally().unwrap(), counted(&c));
        assert!(
            c.risk_tally().unwrap().at_risk > 100,
            "the draw puts many at risk"
        );
        // Later rounds change some orders: new rules, rules gone, rows emptied.
        for round in 1..=4 {
            let some: Vec<i64> = ids
                .iter()
                .copied()
                .filter(|id| id % (round + 1) as i64 == 0)
                .collect();
            store(&mut c, &some, round, false);
            assert_eq!(c.risk_tally().unwrap(), counted(&c), "round {round}");
        }
    }

    #[test]
    fn a_recount_gives_the_kept_counts() {
        let (_d, mut c) = cache();
        let ids: Vec<i64> = (1..=120).collect();
        store(&mut c, &ids, 0, true);
        store(&mut c, &ids[..60], 1, false);
        let kept = c.risk_tally().unwrap();
        super::super::recount(&c.conn).unwrap();
        assert_eq!(c.risk_tally().unwrap(), kept);
    }

    /// The first `n` of `rows` in triage order (severity, deadline — none last), with
    /// the rows tied with the `n`-th, as sets of ids.
    fn expected(mut rows: Vec<AtRisk>, n: usize) -> Vec<i64> {
        let key = |r: &AtRisk| (r.assessment.severity(), r.assessment.due());
        rows.sort_by(|a, b| {
            key(a)
                .0
                .cmp(&key(b).0)
                .then_with(|| crate::domain::risk::cmp_due(key(a).1, key(b).1))
        });
        let mut end = n.min(rows.len());
        while end > 0 && end < rows.len() && key(&rows[end]) == key(&rows[end - 1]) {
            end += 1;
        }
        let mut ids: Vec<i64> = rows[..end].iter().map(|r| r.order_id).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn the_first_rows_read_from_the_index_are_the_first_in_triage_order_ties_included() {
        let (_d, mut c) = cache();
        let ids: Vec<i64> = (1..=400).collect();
        store(&mut c, &ids, 0, true);
        let all = c.at_risk().unwrap();
        let cut = from_ts(1_765_000_000 + 3 * 3_600);
        let even = |id: i64| id % 2 == 0;
        for n in [0, 1, 5, 17, 60, 1_000] {
            let mut got: Vec<i64> = c
                .first_at_risk(Dues::Any, n, |_| true)
                .unwrap()
                .iter()
                .map(|r| r.order_id)
                .collect();
            got.sort_unstable();
            assert_eq!(got, expected(all.clone(), n), "any, n = {n}");

            let from: Vec<AtRisk> = all
                .iter()
                .filter(|r| even(r.order_id) && r.assessment.due().is_none_or(|d| d >= cut))
                .cloned()
                .collect();
            let mut got: Vec<i64> = c
                .first_at_risk(Dues::From(cut), n, even)
                .unwrap()
                .iter()
                .map(|r| r.order_id)
                .collect();
            got.sort_unstable();
            assert_eq!(got, expected(from, n), "from the cut, even ids, n = {n}");

            let before: Vec<AtRisk> = all
                .iter()
                .filter(|r| r.assessment.due().is_some_and(|d| d < cut))
                .cloned()
                .collect();
            let mut got: Vec<i64> = c
                .first_at_risk(Dues::Before(cut), n, |_| true)
                .unwrap()
                .iter()
                .map(|r| r.order_id)
                .collect();
            got.sort_unstable();
            assert_eq!(got, expected(before, n), "before the cut, n = {n}");
        }
    }
}
