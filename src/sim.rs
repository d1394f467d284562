//! The simulated Market: the same HTTP API as the real one on a loopback port, over
//! generated orders whose state moves with time and follows the Market's rules.

mod faults;
mod handlers;
mod introspect;
mod journal;
mod names;
mod params;
mod quota;
mod reply;
mod rng;
mod routes;
pub mod server;
pub mod world;

pub use faults::FaultSpec;
pub use server::{Clock, SimHandle, SimOptions, start, start_kept};
pub use world::{World, WorldConfig};
