//! The rules of the work, without storage or I/O: an order as the program sees it
//! (`order`), which orders are at risk and by when (`risk`), and an incident's steps,
//! checks, messages and the writes it may send to the Market (`incident`, `write`).
//! Everything here is a pure function of its inputs and the clock it is given.

pub mod incident;
pub mod order;
pub mod risk;
pub mod write;
