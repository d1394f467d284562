//! (being written) STUB
pub struct ApiKey;
