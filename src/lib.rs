//! ym-triage: find the Yandex.Market orders at risk of not arriving, and resolve them.
//!
//! The layers, each using only those above it in this list (`tests/it/layers.rs` keeps it
//! so), in the order the data flows — Market → client → sync → cache → risk →
//! incident/outbox → screens:
//!
//! - `base`: what every layer shares — Moscow time, untrusted text made safe, the
//!   screen's language, who the OS says is running, backoff, the pseudo-random mixer.
//! - `market`: the Market Partner API — its JSON (`wire`) and the client that paces,
//!   retries and pages it.
//! - `sim`: the simulated Market, served over HTTP for the demo, the tests and the
//!   benches.
//! - `domain`: the rules, without storage or I/O — an order, its risk, an incident's
//!   steps, checks, messages and the writes it may send.
//! - `cache`: the SQLite file every process shares: storage and nothing else.
//! - `service`: what the syncing process does with the cache — sync, the outbox, the
//!   stored risk and incidents, agents' commands, the report and the team's load.
//! - `app`: what a person runs — the command line, the daemon, the dashboard.

pub mod app;
pub mod base;
pub mod cache;
pub mod domain;
pub mod market;
pub mod service;
pub mod sim;
