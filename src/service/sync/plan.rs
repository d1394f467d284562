//! What a sync reads: per business, a refresh from its campaigns' oldest cursor (with
//! an overlap) or a full read in creation windows, active orders and the recently
//! closed ones; and how the cursors move once every pass completed.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

use super::{MAX_SPAN_DAYS, Pass, SyncError, SyncSettings, WINDOW_DAYS};
use crate::cache::Cache;
use crate::market::dates::moscow;
use crate::market::enums::{OrderStatus, ProgramType};
use crate::market::wire::order::{OrdersDateFilter, OrdersFilter};

/// The passes of this sync: a refresh from the oldest cursor for a business whose
/// campaigns all have one recent enough, a full read otherwise (those businesses are
/// returned too). A business's passes depend on its campaigns' cursors.
pub(super) fn plan_passes(
    cache: &Cache,
    businesses: &BTreeMap<i64, Vec<(i64, ProgramType)>>,
    now: DateTime<Utc>,
    settings: &SyncSettings,
) -> Result<(Vec<Pass>, Vec<i64>), SyncError> {
    let mut passes = Vec::new();
    let mut full_businesses = Vec::new();
    for (&business_id, camps) in businesses {
        let mut oldest: Option<DateTime<Utc>> = None;
        let mut all_have_cursor = true;
        for (id, _) in camps {
            match cache.cursor(*id)? {
                Some((through, _)) => oldest = Some(oldest.map_or(through, |o| o.min(through))),
                None => all_have_cursor = false,
            }
        }
        let from = oldest.map(|o| o - Duration::minutes(settings.overlap_minutes));
        match from {
            Some(from) if all_have_cursor && now - from < Duration::days(MAX_SPAN_DAYS) => {
                passes.extend(
                    changed_since(from, now, settings)
                        .into_iter()
                        .map(|filter| Pass {
                            business_id,
                            filter,
                        }),
                );
            }
            _ => {
                full_businesses.push(business_id);
                passes.extend(full_passes(business_id, now, settings));
            }
        }
    }
    Ok((passes, full_businesses))
}

/// Only a completed pass moves the cursors: an interrupted sync re-reads from the old one.
pub(super) fn move_cursors(
    cache: &mut Cache,
    businesses: &BTreeMap<i64, Vec<(i64, ProgramType)>>,
    max_updated: &BTreeMap<i64, DateTime<Utc>>,
    full_businesses: &[i64],
    now: DateTime<Utc>,
) -> Result<(), SyncError> {
    for (&business_id, camps) in businesses {
        let ids: Vec<i64> = camps.iter().map(|(c, _)| *c).collect();
        let through = max_updated.get(&business_id).copied().unwrap_or(now);
        let kept = ids
            .iter()
            .filter_map(|c| cache.cursor(*c).ok().flatten().map(|(t, _)| t))
            .max();
        let through = kept.map_or(through, |k| k.max(through));
        let full = full_businesses.contains(&business_id).then_some(now);
        cache.set_cursors(&ids, through, full)?;
    }
    Ok(())
}

/// Creation days `[from, to)` from `days` days before today (Moscow) through today,
/// newest first, each at most `width` days long.
pub(super) fn creation_windows(
    now: DateTime<Utc>,
    days: i64,
    width: i64,
) -> Vec<(NaiveDate, NaiveDate)> {
    let tomorrow = now.with_timezone(&moscow()).date_naive() + Days::new(1);
    let earliest = tomorrow - Days::new(days.max(0) as u64 + 1);
    let mut windows = Vec::new();
    let mut to = tomorrow;
    while to > earliest {
        let from = (to - Days::new(width as u64)).max(earliest);
        windows.push((from, to));
        to = from;
    }
    windows
}

/// How far back by creation the sync looks: for active orders the lookback, for
/// closed ones at least as far as `closed_days`.
pub(super) fn horizon_days(s: &SyncSettings) -> i64 {
    s.lookback_days.max(s.closed_days)
}

/// The filters of a refresh: everything updated since `from`, in creation windows of
/// the Market's longest span over the sync's horizon. The Market reads a query without
/// creation days as "created in the last 30 days", so an update filter alone would
/// miss every change to an older order.
pub(super) fn changed_since(
    from: DateTime<Utc>,
    now: DateTime<Utc>,
    s: &SyncSettings,
) -> Vec<OrdersFilter> {
    creation_windows(now, horizon_days(s), MAX_SPAN_DAYS)
        .into_iter()
        .map(|(created_from, created_to)| OrdersFilter {
            dates: Some(OrdersDateFilter {
                creation_date_from: Some(created_from),
                creation_date_to: Some(created_to),
                update_date_from: Some(from.with_timezone(&moscow())),
                ..OrdersDateFilter::default()
            }),
            ..OrdersFilter::default()
        })
        .collect()
}

/// The passes of a first sync: active orders by creation windows over the lookback, and
/// closed orders by update windows over `closed_days`, each within creation windows over
/// the horizon (the Market's default would keep only the last 30 days' orders). Every
/// window is within the Market's 30-day limit.
pub(super) fn full_passes(business_id: i64, now: DateTime<Utc>, s: &SyncSettings) -> Vec<Pass> {
    let mut passes = Vec::new();
    for (from, to) in creation_windows(now, s.lookback_days, WINDOW_DAYS) {
        passes.push(Pass {
            business_id,
            filter: OrdersFilter {
                statuses: vec![
                    OrderStatus::UNPAID,
                    OrderStatus::PENDING,
                    OrderStatus::PROCESSING,
                    OrderStatus::DELIVERY,
                    OrderStatus::PICKUP,
                ],
                dates: Some(OrdersDateFilter {
                    creation_date_from: Some(from),
                    creation_date_to: Some(to),
                    ..OrdersDateFilter::default()
                }),
                ..OrdersFilter::default()
            },
        });
    }
    let closed = vec![
        OrderStatus::CANCELLED,
        OrderStatus::DELIVERED,
        OrderStatus::RETURNED,
        OrderStatus::PARTIALLY_RETURNED,
    ];
    // Update windows, newest (open-ended) first; the page chains of a window run side
    // by side.
    let mut updates = Vec::new();
    let mut upper: Option<DateTime<Utc>> = None;
    let oldest = now - Duration::days(s.closed_days);
    let mut start = now;
    while s.closed_days > 0 && start > oldest {
        let from = (start - Duration::days(WINDOW_DAYS)).max(oldest);
        updates.push((from, upper));
        upper = Some(from);
        start = from;
    }
    let created = creation_windows(now, horizon_days(s), MAX_SPAN_DAYS);
    for (updated_from, updated_to) in updates {
        for &(created_from, created_to) in &created {
            passes.push(Pass {
                business_id,
                filter: OrdersFilter {
                    statuses: closed.clone(),
                    dates: Some(OrdersDateFilter {
                        creation_date_from: Some(created_from),
                        creation_date_to: Some(created_to),
                        update_date_from: Some(updated_from.with_timezone(&moscow())),
                        update_date_to: updated_to.map(|u| u.with_timezone(&moscow())),
                        ..OrdersDateFilter::default()
                    }),
                    ..OrdersFilter::default()
                },
            });
        }
    }
    passes
}
