use super::*;

#[test]
fn legacy_time_is_read_as_moscow_time() {
    let t = parse_dmy_hms("23-09-2022 09:12:41").unwrap();
    assert_eq!(t.to_rfc3339(), "2022-09-23T09:12:41+03:00");
    assert_eq!(
        format_dmy_hms(&t.with_timezone(&chrono::Utc)),
        "23-09-2022 09:12:41"
    );
}

#[test]
fn legacy_date_only_expiry_reads_as_midnight_moscow() {
    let t = parse_dmy_hms("18-07-2026").unwrap();
    assert_eq!(t.to_rfc3339(), "2026-07-18T00:00:00+03:00");
}

#[test]
fn iso_date_is_not_mistaken_for_a_legacy_date() {
    assert!(parse_dmy("2026-07-18").is_err());
    assert_eq!(parse_dmy("18-07-2026").unwrap().to_string(), "2026-07-18");
}
