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
