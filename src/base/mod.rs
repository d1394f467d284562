//! The lowest layer: small facts every other layer shares — Moscow time, the pseudo-
//! random mixer, capped exponential backoff. It depends on nothing else of the program.

pub mod backoff;
pub mod splitmix;
pub mod time;
