use super::*;

#[test]
fn dates_are_read_as_dd_mm_yyyy_and_yyyy_mm_dd() {
    let want = chrono::NaiveDate::from_ymd_opt(2026, 12, 5);
    for s in ["2026-12-05", "05.12.2026", " 05.12.2026 "] {
        assert_eq!(parse_date(s), want, "{s}");
    }
    assert_eq!(parse_date("5 декабря"), None);
    assert_eq!(parse_date("2026-02-30"), None);
}

#[test]
fn a_bulk_write_is_ready_only_when_the_typed_count_matches() {
    let w = |n: usize| WriteConfirm {
        title: String::new(),
        writes: (0..n)
            .map(|i| (i as i64, WriteAction::TransferToNextShipment))
            .collect(),
        effect: String::new(),
        warnings: vec![],
        blocking: vec![],
        typed: String::new(),
        checked: true,
        refused: vec![],
    };
    assert!(w(1).ready());
    let mut bulk = w(3);
    assert!(!bulk.ready());
    bulk.typed = "2".into();
    assert!(!bulk.ready());
    bulk.typed = "3".into();
    assert!(bulk.ready());
    bulk.blocking.push("no".into());
    assert!(!bulk.ready());
}
