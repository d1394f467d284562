use super::*;

#[test]
fn a_moscow_day_starts_at_21_utc_the_day_before() {
    let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    assert_eq!(
        moscow_midnight(d),
        "2026-11-25T21:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert_eq!(moscow_day(moscow_midnight(d)), d);
    assert_eq!(
        moscow_day("2026-11-26T20:59:59Z".parse().unwrap()),
        d,
        "23:59:59 Moscow is still the 26th"
    );
}

#[test]
fn a_day_is_read_in_both_ways_people_write_it() {
    let want = NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
    for s in ["2026-12-05", "05.12.2026", " 05.12.2026 "] {
        assert_eq!(parse_day(s), Ok(want), "{s}");
    }
    for bad in ["5 декабря", "2026-02-30", "05/12/2026", "12.2026"] {
        let e = parse_day(bad).unwrap_err();
        assert!(e.contains("DD.MM.YYYY"), "{bad}: {e}");
    }
}
