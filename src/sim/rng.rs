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
mod tests;
