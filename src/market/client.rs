//! (being written) STUB
pub struct ClientConfig;
pub struct MarketClient;
