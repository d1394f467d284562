//! Filtering and paging of `POST /v1/businesses/{businessId}/orders` over the orders,
//! which are kept sorted by id (and, ids growing with time, by creation).
//!
//! A page resumes after the last id by binary search and scans forward, so walking all
//! pages touches each order about once.

use crate::market::enums::OrderStatus;
use crate::market::wire::BusinessOrder;
use crate::market::wire::order::OrdersFilter;

use super::window::Window;

fn within<T: PartialOrd>(v: T, (lo, hi): (Option<T>, Option<T>)) -> bool {
    lo.as_ref().is_none_or(|lo| v >= *lo) && hi.as_ref().is_none_or(|hi| v < *hi)
}

fn matches(o: &BusinessOrder, f: &OrdersFilter, w: &Window) -> bool {
    if !f.campaign_ids.is_empty() && !f.campaign_ids.contains(&o.campaign_id) {
        return false;
    }
    if !f.program_types.is_empty()
        && !o
            .program_type
            .as_ref()
            .is_some_and(|p| f.program_types.contains(p))
    {
        return false;
    }
    if !f.statuses.is_empty() && !f.statuses.contains(&o.status) {
        return false;
    }
    if !f.substatuses.is_empty() && !f.substatuses.contains(&o.substatus) {
        return false;
    }
    if f.fake.is_some_and(|fake| fake != o.fake) {
        return false;
    }
    if let Some(waiting) = f.waiting_for_cancellation_approve {
        let is_waiting = o.cancel_requested == Some(true)
            && matches!(o.status, OrderStatus::DELIVERY | OrderStatus::PICKUP);
        if waiting != is_waiting {
            return false;
        }
    }
    if !within(o.creation_date.timestamp(), w.created) {
        return false;
    }
    if w.shipment != (None, None) {
        let day = o.delivery.shipment.as_ref().map(|s| s.shipment_date);
        if !day.is_some_and(|d| within(d, w.shipment)) {
            return false;
        }
    }
    if w.updated != (None, None) {
        let t = o.update_date.as_ref().map(chrono::DateTime::timestamp);
        if !t.is_some_and(|t| within(t, w.updated)) {
            return false;
        }
    }
    true
}

/// Orders matching `f` within `w` with an id above `after`, ascending, at most
/// `limit` (at least 1); and the id to continue after when more match.
pub(super) fn page<'a>(
    orders: &'a [BusinessOrder],
    f: &OrdersFilter,
    w: &Window,
    after: Option<i64>,
    limit: usize,
) -> (Vec<&'a BusinessOrder>, Option<i64>) {
    let limit = limit.max(1);
    let mut out: Vec<&BusinessOrder> = Vec::with_capacity(limit.min(64));
    let mut more = false;
    let mut take = |o: &'a BusinessOrder| {
        if out.len() == limit {
            more = true;
            return false;
        }
        out.push(o);
        true
    };
    if f.order_ids.is_empty() {
        let mut start = after.map_or(0, |a| orders.partition_point(|o| o.order_id <= a));
        if let Some(lo) = w.created.0 {
            start = start.max(orders.partition_point(|o| o.creation_date.timestamp() < lo));
        }
        for o in &orders[start..] {
            if w.created
                .1
                .is_some_and(|hi| o.creation_date.timestamp() >= hi)
            {
                break;
            }
            if matches(o, f, w) && !take(o) {
                break;
            }
        }
    } else {
        let mut ids = f.order_ids.clone();
        ids.sort_unstable();
        ids.dedup();
        for id in ids.into_iter().filter(|&id| after.is_none_or(|a| id > a)) {
            let Ok(i) = orders.binary_search_by_key(&id, |o| o.order_id) else {
                continue;
            };
            if matches(&orders[i], f, w) && !take(&orders[i]) {
                break;
            }
        }
    }
    let next = if more {
        out.last().map(|o| o.order_id)
    } else {
        None
    };
    (out, next)
}
