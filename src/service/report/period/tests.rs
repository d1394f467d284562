use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn the_default_period_is_the_seven_moscow_days_ending_today() {
    // 22:30 UTC on the 25th is already the 26th in Moscow.
    let now: DateTime<Utc> = "2026-11-25T22:30:00Z".parse().unwrap();
    let p = Period::from_args(None, None, now).unwrap();
    assert_eq!(
        (p.since(), p.until(), p.days()),
        (d("2026-11-20"), d("2026-11-26"), 7)
    );
    assert_eq!(p, Period::last_days(7, now));
    let prev = p.previous();
    assert_eq!(
        (prev.since(), prev.until()),
        (d("2026-11-13"), d("2026-11-19"))
    );
    assert_eq!(prev.end(), p.start());
}

#[test]
fn a_period_spans_moscow_midnight_to_midnight() {
    let p = Period::new(d("2026-11-20"), d("2026-11-20")).unwrap();
    let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap().timestamp();
    assert!(!p.contains(at("2026-11-19T20:59:59Z")));
    assert!(p.contains(at("2026-11-19T21:00:00Z")));
    assert!(p.contains(at("2026-11-20T20:59:59Z")));
    assert!(!p.contains(at("2026-11-20T21:00:00Z")));
    assert_eq!(p.info().from, "2026-11-20T00:00:00+03:00");
    assert_eq!(p.info().to, "2026-11-21T00:00:00+03:00");
}

#[test]
fn only_since_or_only_until_fills_the_other_end() {
    let now: DateTime<Utc> = "2026-11-26T12:00:00Z".parse().unwrap();
    let p = Period::from_args(Some(d("2026-11-01")), None, now).unwrap();
    assert_eq!((p.since(), p.until()), (d("2026-11-01"), d("2026-11-26")));
    let p = Period::from_args(None, Some(d("2026-11-10")), now).unwrap();
    assert_eq!((p.since(), p.until()), (d("2026-11-04"), d("2026-11-10")));
}

#[test]
fn since_after_until_is_refused_with_both_dates_named() {
    let e = Period::new(d("2026-11-21"), d("2026-11-20")).unwrap_err();
    let m = e.message();
    assert!(
        m.en.contains("2026-11-21") && m.en.contains("2026-11-20"),
        "{}",
        m.en
    );
    assert!(m.ru.contains("позже"), "{}", m.ru);
}

#[test]
fn a_day_is_written_year_month_day_or_day_dot_month_dot_year() {
    assert_eq!(parse_day("2026-11-20"), Ok(d("2026-11-20")));
    assert_eq!(parse_day("20.11.2026"), Ok(d("2026-11-20")));
    for bad in ["20-11-2026", "2026-13-01", "31.02.2026", "yesterday", ""] {
        let e = parse_day(bad).unwrap_err();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }
}

#[test]
fn shifting_steps_whole_periods() {
    let p = Period::new(d("2026-11-20"), d("2026-11-26")).unwrap();
    assert_eq!(p.shifted(1).since(), d("2026-11-27"));
    assert_eq!(p.shifted(-2).until(), d("2026-11-12"));
    assert_eq!(p.each_day().count(), 7);
}
