//! The integration tests, in one binary so the crate is linked once: each module
//! drives the real binary, the simulated Market over HTTP on 127.0.0.1, or the library
//! through its public API. `common` and `support` are their shared helpers; `fuzz` runs
//! the property tests; `layers` checks the module structure.

// Tests and their fixtures may run long: a scenario reads best in one piece.
#![allow(clippy::too_many_lines)]
#![allow(clippy::unwrap_used)] // a test stops at the first surprise

mod cache_safety;
mod chat_history;
mod cli_refusals;
mod client_fixtures;
mod client_returns;
mod common;
mod daemon_acts;
mod fuzz;
mod hostile_text;
mod interfaces;
mod layers;
mod outbox;
mod outbox_kill;
mod report_cli;
mod service_cli;
mod sim_chats;
mod sim_http;
mod sim_returns;
mod sim_schemas;
mod soak;
mod soak_kill;
mod status_top;
mod support;
mod sync_cli;
mod sync_faults;
mod sync_refresh;
mod trust_boundary;
mod tui_act;
mod tui_e2e;
mod tui_kept;
mod tui_keyboard;
mod tui_nothing_lost;
