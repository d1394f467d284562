use super::*;

#[test]
fn backoff_doubles_up_to_the_cap() {
    assert_eq!(backoff(1), Duration::seconds(2));
    assert_eq!(backoff(2), Duration::seconds(4));
    assert_eq!(backoff(5), Duration::seconds(32));
    assert_eq!(backoff(40), BACKOFF_CAP);
}
