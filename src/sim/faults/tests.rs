use super::*;

#[test]
fn parses_the_documented_example() {
    let s = FaultSpec::parse(
            "latency=5ms..40ms,5xx=0.05,420q=0.02,420p=0.03,truncate=0.01,malformed=0.01,reset=0.01,quota=500,seed=7",
        )
        .unwrap();
    assert_eq!(
        s.latency,
        Some((Duration::from_millis(5), Duration::from_millis(40)))
    );
    assert_eq!(s.server_error, 0.05);
    assert_eq!(s.quota, Some(500));
    assert_eq!(s.seed, 7);
    assert_eq!(FaultSpec::parse(&s.to_string()).unwrap(), s);
}

#[test]
fn errors_name_the_bad_item() {
    let e = FaultSpec::parse("5xx=0.1,bogus=3").unwrap_err();
    assert!(e.contains("bogus"), "{e}");
    let e = FaultSpec::parse("5xx=1.5").unwrap_err();
    assert!(e.contains("5xx=1.5"), "{e}");
    let e = FaultSpec::parse("latency=40ms..5ms").unwrap_err();
    assert!(e.contains("latency"), "{e}");
    let e = FaultSpec::parse("5xx=0.6,reset=0.6").unwrap_err();
    assert!(e.contains("more than 1"), "{e}");
    assert!(FaultSpec::parse("quota=0").is_err());
}

#[test]
fn empty_and_none_mean_no_faults() {
    assert!(FaultSpec::parse("").unwrap().is_none());
    assert!(FaultSpec::parse("none").unwrap().is_none());
    assert_eq!(FaultSpec::none().to_string(), "none");
}

#[test]
fn draws_follow_the_rates_and_the_seed() {
    let spec = FaultSpec::parse("5xx=0.1,reset=0.05,latency=1ms..3ms,seed=3").unwrap();
    let draws: Vec<Draw> = (0..20_000).map(|n| draw_for(&spec, n)).collect();
    let errs = draws
        .iter()
        .filter(|d| matches!(d.fault, Some(Fault::ServerError(_))))
        .count();
    let resets = draws
        .iter()
        .filter(|d| d.fault == Some(Fault::Reset))
        .count();
    assert!((1700..2300).contains(&errs), "{errs}");
    assert!((800..1200).contains(&resets), "{resets}");
    assert!(draws.iter().all(
            |d| d.latency >= Duration::from_millis(1) && d.latency <= Duration::from_millis(3)
        ));
    let again: Vec<Draw> = (0..20_000).map(|n| draw_for(&spec, n)).collect();
    assert_eq!(draws, again);
    let other = FaultSpec { seed: 4, ..spec };
    assert_ne!(
        draws[..100],
        (0..100).map(|n| draw_for(&other, n)).collect::<Vec<_>>()[..]
    );
}
