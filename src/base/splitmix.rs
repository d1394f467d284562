//! SplitMix64's output function: a strong 64-bit mixer. The simulator's generator and
//! the client's retry jitter both draw from it — written once, here, so the simulator's
//! output for a seed stays byte-identical across builds.

/// SplitMix64's increment: the golden ratio in 64 bits.
pub const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mixes a 64-bit state into an output that looks random.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
