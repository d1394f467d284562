//! (being written) STUB so the crate compiles.
pub struct SimOptions;
pub struct SimHandle;
pub enum Clock {}
pub async fn start() {}
