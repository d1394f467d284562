//! ym-triage: find the Yandex.Market orders at risk of not arriving, and resolve them.

pub mod market;
pub mod sim;
