//! Durable writes to the Market: what a confirmed write is (`OutboxWrite`, `WriteKind`),
//! how its idempotency key is made (`key_for`), and the worker that sends the queue
//! (`Worker`, `drain`). Storage is `crate::cache` (`Cache::enqueue` and friends).
//!
//! The life of a write: an agent confirms → `Cache::enqueue` makes a row (nothing is
//! sent yet, so nothing is lost if the process dies now) → the process holding the API
//! key claims it with a lease, sends it, and records the answer. 5xx, 420, timeouts,
//! resets and damaged answers put the row back with a backoff; any other 4xx fails it
//! with the Market's message, shown on the incident.
//!
//! "Sent at most once in effect": a row whose earlier attempt may have reached the
//! Market (its answer was lost, or the worker died mid-send) is checked before it is
//! sent again: a chat message against the chat's history, every other write against
//! the order as the Market shows it now (`verify`). Why every write and not only the
//! date moves: on the simulator (and, as far as the docs say, on the Market) a repeat
//! of a date move is refused (`SAME_DELIVERY_DATES`), of a storage extension refused
//! (`EDIT_COUNT_EXCEEDED`), of a cancellation answer refused (nothing pending), of a
//! transfer refused (no longer in that shipment), and of a status without substatus
//! refused; a status with its substatus and a track code repeat as no-ops. A refusal
//! after a lost answer would wrongly fail a write that went through, so a 4xx is also
//! checked against the order before the row is failed; it counts as done only when the
//! order's state proves the effect (a rejected cancellation and a transfer, compared
//! with the order as the cache knew it when the write was made), never when the state
//! merely does not contradict it.

mod verify;
mod worker;

pub use worker::{DrainReport, Failure, LEASE, MAX_AGE, OutboxError, Worker, drain};
