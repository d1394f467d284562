//! Merges the orders that changed into the rows the dashboard holds: each replaces its
//! old row or joins the list, and the list stays in urgency order. Rows the merge
//! brought are marked changed, the others no longer. It runs on the screen's thread
//! between two frames, so it costs one pass over the list, not a map of it.

use std::collections::HashMap;

use super::select::compare;
use super::state::{Row, SortKey};

/// Merges `changed` into `rows`, keeping urgency order.
pub fn merge(rows: &mut Vec<Row>, changed: Vec<Row>) {
    let mut incoming: HashMap<i64, Row> = changed
        .into_iter()
        .map(|mut r| {
            r.changed = true;
            (r.order.order_id, r)
        })
        .collect();
    for r in rows.iter_mut() {
        r.changed = false;
        if let Some(new) = incoming.remove(&r.order.order_id) {
            *r = new;
        }
    }
    rows.extend(incoming.into_values());
    // The list was in order but for the rows just replaced or added: the sort takes
    // the runs already in order as they are.
    rows.sort_by(|a, b| compare(SortKey::Urgency, a, b));
}
