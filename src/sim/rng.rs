//! A tiny deterministic PRNG (SplitMix64) for the simulated Market: world generation,
//! the simulated lifecycle and fault injection all draw from it.
//!
//! Hand-written rather than the `rand` crate because the simulator's output must be
//! byte-identical for a seed across builds and platforms, and a dependency's algorithm
//! may change under us. SplitMix64 is tiny, fast and passes BigCrush, which is far more
//! than a simulation needs.

/// A SplitMix64 generator. Cheap to copy, so each order can carry its own stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

use crate::base::splitmix::{GOLDEN, mix};

impl Rng {
    /// A generator whose whole sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// An independent stream for `key` under this generator's seed, without advancing
    /// it: used so that an order's draws do not depend on how many draws came before.
    pub fn fork(&self, key: u64) -> Rng {
        Rng::new(mix(self.state ^ mix(key.wrapping_add(GOLDEN))))
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix(self.state)
    }

    /// A uniform number in `0..n` (0 when `n` is 0). Multiply-shift rather than `%`:
    /// no division, and the bias is below 2⁻³² for any `n` this program uses.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A uniform number in `lo..=hi` (`lo` when `hi < lo`).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        lo + self.below(span) as i64
    }

    /// A uniform float in `[0, 1)`, from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// True with probability `p` (clamped to `[0, 1]`).
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniformly chosen element. Panics on an empty slice: every caller passes a
    /// non-empty constant table, so an empty one is a programming error.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// An index chosen with the given relative weights (the last index when all are 0).
    pub fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        let mut x = self.below(total);
        for (i, &w) in weights.iter().enumerate() {
            if x < u64::from(w) {
                return i;
            }
            x -= u64::from(w);
        }
        weights.len().saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
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
}
