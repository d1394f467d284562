use super::*;

#[test]
fn the_pause_doubles_per_attempt_up_to_the_cap() {
    let (b, c) = (Duration::from_secs(5), Duration::from_secs(60));
    assert_eq!(capped(1, b, c), Duration::from_secs(5));
    assert_eq!(capped(2, b, c), Duration::from_secs(10));
    assert_eq!(capped(4, b, c), Duration::from_secs(40));
    assert_eq!(capped(5, b, c), Duration::from_secs(60));
    assert_eq!(capped(500, b, c), Duration::from_secs(60));
    assert_eq!(capped(0, b, c), Duration::from_secs(5));
}
