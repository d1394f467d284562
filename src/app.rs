//! What a person runs: the command line (`cli`, `commands`), its configuration, the
//! daemon, the built-in demo, the text commands (`status`, `show`, `info`) and the
//! dashboard (`tui`). Each reads the cache and asks the service to act.

pub mod cli;
pub mod commands;
pub mod config;
pub mod daemon;
pub mod demo;
pub mod info;
pub mod logging;
pub mod show;
pub mod status;
pub mod tui;
