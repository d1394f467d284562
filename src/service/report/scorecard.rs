//! The carrier scorecard: for each carrier, the orders it carried whose planned
//! delivery day is in the period, how many came late, how many it lost, and by how
//! many days the late ones missed.

use std::collections::HashMap;

use serde::Serialize;

use super::period::{Period, moscow_day_of};
use super::rates::{Outcome, delivery};
use super::rows::OrderRow;
use super::stats::{Rate, nearest_rank};
use crate::domain::risk::{is_delivery_failure, is_lost};
use crate::market::enums::OrderStatus as S;

/// One carrier's line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarrierScore {
    /// The delivery service's name as the Market gives it (empty: none given).
    pub carrier: String,
    /// Orders handed to it whose planned delivery day is in the period.
    pub orders: u64,
    /// Delivered after the planned day, or still undelivered past it, out of those
    /// delivered or past it.
    pub late: Rate,
    /// Lost (a lost substatus, or items the Market marked lost), out of `orders`.
    pub lost: Rate,
    /// The median of the days late, over the late orders.
    pub median_days_late: Option<i64>,
}

/// Whether the order is lost on the way.
pub fn lost(o: &OrderRow) -> bool {
    o.items_lost || (o.status == S::CANCELLED && is_lost(&o.substatus))
}

/// Whether the carrier ever had the order: handed over, past the handover, or
/// cancelled because the delivery failed.
fn carried(o: &OrderRow) -> bool {
    o.handed_over_at.is_some()
        || matches!(
            o.status,
            S::DELIVERY | S::PICKUP | S::DELIVERED | S::PARTIALLY_RETURNED | S::RETURNED
        )
        || lost(o)
        || (o.status == S::CANCELLED && is_delivery_failure(&o.substatus))
}

/// The orders the scorecard counts: due in the period, and carried.
pub fn scored<'a>(
    orders: &'a [OrderRow],
    period: &'a Period,
) -> impl Iterator<Item = &'a OrderRow> {
    orders
        .iter()
        .filter(|o| o.due.is_some_and(|d| period.contains_day(d)) && carried(o))
}

/// Every carrier with orders due in the period, the most orders first.
pub fn scorecard(orders: &[OrderRow], period: &Period, now: i64) -> Vec<CarrierScore> {
    let today = moscow_day_of(now);
    let mut by: HashMap<&str, (u64, Rate, u64, Vec<i64>)> = HashMap::new();
    for o in scored(orders, period) {
        let (count, late, lost_n, days) = by.entry(&*o.carrier).or_default();
        *count += 1;
        if lost(o) {
            *lost_n += 1;
            continue;
        }
        match delivery(o, today) {
            Some(Outcome::OnTime) => late.add(false),
            Some(Outcome::Late { days: d }) => {
                late.add(true);
                days.push(d);
            }
            _ => {}
        }
    }
    let mut out: Vec<CarrierScore> = by
        .into_iter()
        .map(|(carrier, (count, late, lost_n, mut days))| {
            days.sort_unstable();
            CarrierScore {
                carrier: carrier.to_owned(),
                orders: count,
                late,
                lost: Rate::new(lost_n, count),
                median_days_late: nearest_rank(&days, 0.5),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.orders
            .cmp(&a.orders)
            .then_with(|| a.carrier.cmp(&b.carrier))
    });
    out
}
