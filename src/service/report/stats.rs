//! The few statistics the report states: a share with its numerator and denominator,
//! and the median and 90th percentile of durations (nearest rank, no interpolation, so
//! every figure is one that actually happened).

use serde::Serialize;

/// A share counted the way the Market counts its rates: what happened, out of what
/// could have. `share` is `numerator / denominator`, `null` when nothing could have.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Rate {
    pub numerator: u64,
    pub denominator: u64,
    pub share: Option<f64>,
}

impl Rate {
    /// `numerator` out of `denominator`.
    pub fn new(numerator: u64, denominator: u64) -> Rate {
        Rate {
            numerator,
            denominator,
            share: (denominator > 0).then(|| numerator as f64 / denominator as f64),
        }
    }

    /// Counts one case: `hit` says whether it is in the numerator.
    pub fn add(&mut self, hit: bool) {
        *self = Rate::new(self.numerator + u64::from(hit), self.denominator + 1);
    }
}

/// A rate for one carrier, region or campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyedRate {
    pub key: String,
    #[serde(flatten)]
    pub rate: Rate,
}

/// The middle and the 90th percentile of some durations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Durations {
    /// How many durations were measured.
    pub count: u64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

/// The value at quantile `q` (0 < q ≤ 1) by nearest rank: the smallest value with at
/// least `q` of the values at or below it. `sorted` must be ascending.
pub fn nearest_rank(sorted: &[i64], q: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

impl Durations {
    /// The median and 90th percentile of `values` (seconds), in any order.
    pub fn of(mut values: Vec<i64>) -> Durations {
        values.sort_unstable();
        Durations {
            count: values.len() as u64,
            median_seconds: nearest_rank(&values, 0.5),
            p90_seconds: nearest_rank(&values, 0.9),
        }
    }
}

#[cfg(test)]
mod tests;
