use super::*;

const R: &str = "POST /v1/businesses/{businessId}/orders";

#[test]
fn plenty_of_quota_means_no_waiting() {
    let p = Pacer::new(4);
    let until = Utc::now() + chrono::Duration::minutes(30);
    p.observe(R, PaceKey::Business(1), Some(100), Some(50), Some(until));
    assert_eq!(
        p.gate(R, PaceKey::Business(1), Duration::from_secs(60)),
        Gate::Go
    );
}

#[test]
fn low_quota_spreads_the_rest_over_the_window() {
    let p = Pacer::new(4);
    let until = Utc::now() + chrono::Duration::seconds(40);
    p.observe(R, PaceKey::Business(1), Some(1000), Some(4), Some(until));
    let max = Duration::from_secs(60);
    assert_eq!(p.gate(R, PaceKey::Business(1), max), Gate::Go);
    match p.gate(R, PaceKey::Business(1), max) {
        Gate::Wait(d) => assert!(d > Duration::from_secs(8), "{d:?}"),
        g => panic!("expected a wait, got {g:?}"),
    }
}

#[test]
fn used_up_quota_far_away_is_exhausted() {
    let p = Pacer::new(4);
    let until = Utc::now() + chrono::Duration::minutes(30);
    p.exhaust(R, PaceKey::Campaign(5), until);
    assert_eq!(
        p.gate(R, PaceKey::Campaign(5), Duration::from_secs(60)),
        Gate::Exhausted(until)
    );
    assert_eq!(p.latest().and_then(|s| s.remaining), Some(0));
}

#[test]
fn backoff_stays_under_the_cap() {
    let p = Pacer::new(4);
    for attempt in 1..30 {
        let d = p.backoff(attempt, Duration::from_millis(200), Duration::from_secs(10));
        assert!(d <= Duration::from_secs(10));
    }
}
