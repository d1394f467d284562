//! The simulated Market: the same HTTP API as the real one on a loopback port, over
//! generated orders whose state moves with time and follows the Market's rules.

mod conn;
mod faults;
mod generate;
mod handlers;
mod introspect;
mod journal;
mod names;
mod params;
mod quota;
mod rng;
mod routes;
mod rules;
pub mod server;
mod window;
pub mod world;

pub use faults::FaultSpec;
pub use server::{Clock, SimHandle, SimOptions, start, start_kept};
pub use world::{World, WorldConfig};
