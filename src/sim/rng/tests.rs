use super::*;

#[test]
fn same_seed_gives_the_same_sequence() {
    let mut a = Rng::new(42);
    let mut b = Rng::new(42);
    for _ in 0..1000 {
        assert_eq!(a.next_u64(), b.next_u64());
    }
    assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
}

#[test]
fn splitmix_matches_the_reference_output() {
    // First outputs of the reference SplitMix64 for seed 1234567.
    let mut r = Rng::new(1_234_567);
    assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
    assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
}

#[test]
fn below_stays_in_range_and_covers_it() {
    let mut r = Rng::new(7);
    let mut seen = [false; 10];
    for _ in 0..10_000 {
        let x = r.below(10);
        assert!(x < 10);
        seen[x as usize] = true;
    }
    assert!(seen.iter().all(|&s| s));
    assert_eq!(r.below(0), 0);
}

#[test]
fn chance_follows_its_probability() {
    let mut r = Rng::new(9);
    let hits = (0..100_000).filter(|_| r.chance(0.25)).count();
    assert!((24_000..26_000).contains(&hits), "{hits}");
    assert!(!r.chance(0.0));
    assert!(r.chance(1.0));
}

#[test]
fn fork_leaves_the_parent_alone_and_differs_per_key() {
    let parent = Rng::new(5);
    let mut untouched = parent;
    let _ = parent.fork(3).next_u64();
    assert_eq!(untouched.next_u64(), Rng::new(5).next_u64());
    assert_eq!(parent.fork(3), parent.fork(3));
    assert_ne!(parent.fork(3).next_u64(), parent.fork(4).next_u64());
}

#[test]
fn weighted_picks_by_weight() {
    let mut r = Rng::new(11);
    let mut counts = [0u32; 3];
    for _ in 0..30_000 {
        counts[r.weighted(&[1, 0, 2])] += 1;
    }
    assert_eq!(counts[1], 0);
    assert!(counts[2] > counts[0] * 3 / 2, "{counts:?}");
}
