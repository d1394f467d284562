//! Whether this agent may act on an order, decided before any input or picker opens,
//! so nobody types an outcome only to be told the order is someone else's: the order
//! held by another agent, and (for acts on one order) orders marked for a bulk act.
//! Read-only mode is refused in `update`, in one place; the service decides all of it
//! again when the act arrives.

use super::i18n::workflow;
use super::state::AppState;
use crate::base::words::{Msg, fill};

/// How many orders an act goes to when the agent marked several (or marked one and
/// stands on another): `None` when the act is the selected order's alone.
pub(super) fn bulk(state: &AppState) -> Option<usize> {
    let others = state.marked.iter().any(|id| Some(*id) != state.selected);
    others.then_some(state.marked.len())
}

/// Whether an act on `order_id` alone may start now. With orders marked it may not:
/// an act offered while orders are marked goes to each of them or is not offered.
pub(super) fn may_act(state: &AppState, order_id: i64) -> Result<(), Msg> {
    if let Some(n) = bulk(state) {
        return Err(one_order_only(n));
    }
    if let Some(holder) = holder(state, order_id).filter(|h| *h != state.me) {
        return Err(held_by(order_id, holder));
    }
    Ok(())
}

/// Whether an act that can go to every marked order may start: with orders marked,
/// the cursor must be on one of them (the options are judged on it); each order's
/// claim and rules are checked by the service before the count is typed.
pub(super) fn may_act_on_marked(state: &AppState) -> Result<(), Msg> {
    match (bulk(state), state.selected) {
        (_, None) => Ok(()),
        (None, Some(id)) => may_act(state, id),
        (Some(_), Some(id)) if state.marked.contains(&id) => Ok(()),
        (Some(n), Some(_)) => Err(Msg::each(|l| {
            fill(workflow(l).cursor_unmarked, &[("n", &n)])
        })),
    }
}

/// Why an act on one order is not offered while `n` orders are marked.
pub(super) fn one_order_only(n: usize) -> Msg {
    Msg::each(|l| fill(workflow(l).one_order_only, &[("n", &n)]))
}

/// Another agent's live claim on the order, as the list last loaded it.
fn holder(state: &AppState, order_id: i64) -> Option<&str> {
    let row = match state.selected_row() {
        Some(r) if r.order.order_id == order_id => Some(r),
        _ => state.rows.iter().find(|r| r.order.order_id == order_id),
    };
    row.and_then(|r| r.claimed_by.as_deref())
}

/// The refusal of an act on an order another agent works (as the service words it).
pub(super) fn held_by(order_id: i64, holder: &str) -> Msg {
    Msg::each(|l| {
        fill(
            workflow(l).held_by,
            &[("order_id", &order_id), ("holder", &holder)],
        )
    })
}
