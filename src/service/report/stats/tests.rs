use super::*;

#[test]
fn a_rate_keeps_its_numerator_and_denominator_and_has_no_share_of_nothing() {
    let r = Rate::new(3, 40);
    assert_eq!((r.numerator, r.denominator), (3, 40));
    assert_eq!(r.share, Some(0.075));
    assert_eq!(Rate::new(0, 0).share, None);
    let mut r = Rate::default();
    r.add(true);
    r.add(false);
    assert_eq!(r, Rate::new(1, 2));
}

#[test]
fn median_and_p90_are_values_that_happened() {
    // Ten values: the median is the 5th, the 90th percentile the 9th.
    let d = Durations::of(vec![10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    assert_eq!(d.count, 10);
    assert_eq!(d.median_seconds, Some(5));
    assert_eq!(d.p90_seconds, Some(9));
    let one = Durations::of(vec![42]);
    assert_eq!((one.median_seconds, one.p90_seconds), (Some(42), Some(42)));
    assert_eq!(Durations::of(vec![]).median_seconds, None);
    assert_eq!(nearest_rank(&[1, 2, 3], 0.5), Some(2));
}
