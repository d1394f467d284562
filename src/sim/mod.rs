//! The simulated Market: the same HTTP API as the real one on a loopback port, over
//! generated orders whose state moves with time and follows the Market's rules.

mod faults;
mod generate;
mod names;
mod rng;
mod rules;
pub mod server;
pub mod world;

pub use faults::FaultSpec;
pub use server::{Clock, SimHandle, SimOptions, start};
pub use world::{World, WorldConfig};
