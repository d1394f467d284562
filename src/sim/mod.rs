//! The simulated Market: the same HTTP API as the real one on a loopback port, over
//! generated orders whose state moves with time and follows the Market's rules.

pub mod world;
