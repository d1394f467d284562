use super::*;

#[test]
fn stored_days_and_times_read_by_hand_as_chrono_would() {
    assert_eq!(day("2026-11-20"), "2026-11-20".parse().ok());
    assert_eq!(day("2026-02-30"), None);
    assert_eq!(day("20-11-2026"), None);
    assert_eq!(day(""), None);
    assert_eq!(hour_minute("09:30"), NaiveTime::from_hms_opt(9, 30, 0));
    assert_eq!(hour_minute("9:30"), None);
    assert_eq!(hour_minute("25:00"), None);
}
