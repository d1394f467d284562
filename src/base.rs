//! The lowest layer: what every other layer shares — Moscow time, untrusted text made
//! safe for a terminal, the screen's language, the tables of words in both languages,
//! exact money, counted words, who the OS says is running, capped exponential backoff
//! and the pseudo-random mixer. It depends on nothing else of the program.

pub mod backoff;
pub mod lang;
pub mod money;
pub mod plural;
pub mod shared;
pub mod splitmix;
pub mod text;
pub mod time;
pub mod whoami;
pub mod words;
