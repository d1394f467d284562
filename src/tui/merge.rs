//! Merges the orders that changed into the rows the dashboard holds: each replaces its
//! old row or joins the list, and the list stays in urgency order. Rows the merge
//! brought are marked changed, the others no longer.

use std::collections::HashMap;

use super::select::compare;
use super::state::{Row, SortKey};

/// Merges `changed` into `rows`, keeping urgency order.
pub fn merge(rows: &mut Vec<Row>, changed: Vec<Row>) {
    let at: HashMap<i64, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.order.order_id, i))
        .collect();
    for r in rows.iter_mut() {
        r.changed = false;
    }
    for mut row in changed {
        row.changed = true;
        match at.get(&row.order.order_id) {
            Some(&i) => rows[i] = row,
            None => rows.push(row),
        }
    }
    // The list was in order but for the rows just replaced or added: the sort takes
    // the runs already in order as they are.
    rows.sort_by(|a, b| compare(SortKey::Urgency, a, b));
}
