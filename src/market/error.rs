//! (being written) STUB
#[derive(Debug)]
pub enum MarketError {}
