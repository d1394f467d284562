//! Merges the orders that changed into the rows the dashboard holds: each replaces its
//! old row or joins the list, and the list stays in urgency order. Rows the merge
//! brought are marked changed (when there was something to compare them with), the
//! others no longer. It runs on the screen's thread between two frames, so it costs
//! one pass over the list, not a map of it.

use super::select::compare;
use super::state::{Row, SortKey};

/// Merges `changed` into `rows`, keeping urgency order; `mark` marks what it brought.
pub fn merge(rows: &mut Vec<Row>, changed: Vec<Row>, mark: bool) {
    // A refresh brings a few rows: found by a binary search of their ids, cheaper per
    // row of the list than hashing each id.
    let mut incoming: Vec<Option<Row>> = changed
        .into_iter()
        .map(|mut r| {
            r.changed = mark;
            Some(r)
        })
        .collect();
    // The last of two rows of one order wins, as it came later.
    incoming.reverse();
    incoming.sort_by_key(|r| r.as_ref().map(|r| r.order.order_id));
    incoming.dedup_by_key(|r| r.as_ref().map(|r| r.order.order_id));
    let ids: Vec<i64> = incoming
        .iter()
        .flatten()
        .map(|r| r.order.order_id)
        .collect();
    for r in rows.iter_mut() {
        r.changed = false;
        if let Ok(at) = ids.binary_search(&r.order.order_id)
            && let Some(new) = incoming[at].take()
        {
            *r = new;
        }
    }
    rows.extend(incoming.into_iter().flatten());
    // The list was in order but for the rows just replaced or added: the sort takes
    // the runs already in order as they are.
    rows.sort_by(|a, b| compare(SortKey::Urgency, a, b));
}
