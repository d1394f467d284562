//! Whether this agent may act on an order, decided before any input or picker opens,
//! so nobody types an outcome only to be told the order is someone else's: the order
//! held by another agent, and (for acts on one order) orders marked for a bulk act.
//! Read-only mode is refused in `update`, in one place; the service decides all of it
//! again when the act arrives.

use super::state::AppState;
use crate::incident::Msg;

/// Whether an act on `order_id` alone may start now.
pub(super) fn may_act(state: &AppState, order_id: i64) -> Result<(), Msg> {
    if let Some(holder) = holder(state, order_id).filter(|h| *h != state.me) {
        return Err(held_by(order_id, holder));
    }
    Ok(())
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
    Msg::new(
        format!("{order_id}: заказ ведёт {holder}; сначала заберите его (c)"),
        format!("{order_id}: {holder} works this order; take it over first (c)"),
    )
}
