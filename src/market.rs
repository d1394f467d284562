//! The Yandex Market Partner API: wire types, the client, its errors and its pacing.
//! All HTTP of the program lives here.

pub mod client;
pub mod config;
pub mod dates;
pub mod enums;
pub mod error;
pub mod key;
mod pace;
pub mod paging;
mod transport;
pub mod wire;

pub use client::{ClientConfig, MarketClient};
pub use error::MarketError;
pub use key::ApiKey;
