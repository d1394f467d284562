//! ym-triage: find the Yandex.Market orders at risk of not arriving, and resolve them.

pub mod base;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod demo;
pub mod incident;
pub mod info;
pub mod lang;
pub mod logging;
pub mod market;
pub mod order;
pub mod outbox;
pub mod report;
pub mod risk;
pub mod service;
pub mod show;
pub mod sim;
pub mod status;
pub mod sync;
pub mod team;
pub mod text;
pub mod tui;
pub mod whoami;
