//! (being written) STUB
pub struct FaultSpec;
