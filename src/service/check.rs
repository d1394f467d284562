//! One write checked for several orders before the agent confirms it: each order
//! against its own rules (its state, its date budget, its evidence) and its claim,
//! nothing changed. The dashboard's bulk confirm shows which orders the write would
//! reach and why the others would not; `queue` checks each again when it is sent.

use chrono::{DateTime, Utc};

use super::act::check_context;
use super::command::{Context, OrderVerdict};
use super::words::words;
use crate::base::words::{Msg, fill};
use crate::cache::{Cache, CacheError};
use crate::domain::incident::checks::{WriteAction, check};

/// Checks `action` for each of `order_ids` as `agent` at `now`.
pub fn check_each(
    cache: &Cache,
    ctx: &Context,
    agent: &str,
    now: DateTime<Utc>,
    order_ids: &[i64],
    action: &WriteAction,
) -> Result<Vec<OrderVerdict>, CacheError> {
    let holders = cache.claimants(now)?;
    let mut out = Vec::with_capacity(order_ids.len());
    for &order_id in order_ids {
        let mut verdict = OrderVerdict {
            order_id,
            blocking: Vec::new(),
            warnings: Vec::new(),
        };
        match cache.load_order(order_id)? {
            None => verdict.blocking.push(Msg::each(|l| words(l).no_such_order)),
            Some((order, history)) => {
                let cc = check_context(cache, &order, &ctx.incident, &ctx.risk)?;
                let v = check(action, &order, &history, &cc, now);
                verdict.blocking = v.blocking;
                verdict.warnings = v.warnings;
            }
        }
        if let Some(holder) = holders.get(&order_id).filter(|h| *h != agent) {
            verdict
                .blocking
                .push(Msg::each(|l| fill(words(l).held_by, &[("holder", holder)])));
        }
        out.push(verdict);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
