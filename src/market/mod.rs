//! The Yandex Market Partner API: wire types, the client, its errors and its pacing.
//! All HTTP of the program lives here.

pub mod dates;
pub mod enums;
pub mod wire;
