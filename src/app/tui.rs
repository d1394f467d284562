//! The full-screen dashboard: state, actions, keymap and update (pure), the event
//! loop and terminal handling (thin), and `ui/` (drawing only).

pub mod acting;
pub mod action;
pub mod analysis;
pub mod clipboard;
pub mod closing;
pub mod command_line;
pub mod command_loop;
pub mod copy;
pub mod data;
pub mod dialog;
pub mod editor;
pub mod facts;
pub mod help;
pub mod i18n;
pub mod journal;
pub mod kept_input;
pub mod keymap;
pub mod leave;
pub mod merge;
pub mod notices;
pub mod permit;
pub mod replies;
pub mod revert;
pub mod run;
pub mod select;
pub mod state;
pub mod team;
pub mod terminal;
#[cfg(test)]
pub(crate) mod testing;
pub mod text;
pub mod theme;
pub mod ui;
pub mod update;
