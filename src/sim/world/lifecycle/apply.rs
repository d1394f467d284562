//! Applying a step to an order: the fields each status brings with it (track codes at
//! a DBS handover, the storage limit at a pickup point, the real delivery day, lost
//! units), and when a fate has played out.

use std::collections::HashMap;

use chrono::Duration;

use crate::market::enums::{ItemStatus, OrderStatus, OrderSubstatus};
use crate::market::wire::order::ItemUnitStatus;
use crate::market::wire::{BusinessOrder, Track};

use super::{Fate, Meta, Model, Step, is_lost, msk_date, wire_time};

/// The track code the shop's carrier gives a parcel: unique per order by construction.
pub(in crate::sim) fn track_code(service_id: i64, order_id: i64) -> String {
    let n = order_id.rem_euclid(1_000_000_000);
    match service_id {
        1 => format!("80{:012}", n * 7 % 1_000_000_000_000),
        51 => format!("1{n:09}"),
        106 => format!("BB{n:09}"),
        1_003_937 => format!("RU{n:09}"),
        99 => format!("TM-{order_id}"),
        _ => format!("{service_id}-{n:09}"),
    }
}

/// Applies a step at `at` and returns the wire names of the fields it changed
/// (`updateDate` always changes and is not listed).
pub(in crate::sim) fn apply(
    o: &mut BusinessOrder,
    m: &mut Meta,
    step: &Step,
    at: i64,
    tracks: &mut HashMap<String, i64>,
) -> Vec<&'static str> {
    let mut changed = Vec::new();
    match step {
        Step::ConfirmDates => {
            o.delivery.estimated = Some(false);
            changed.push("delivery.estimated");
        }
        Step::RequestCancel => {
            o.cancel_requested = Some(true);
            m.cancel_requested_at = Some(at);
            m.fate = Fate::Normal;
            changed.push("cancelRequested");
        }
        Step::Status(s, sub) => set_status(o, m, (s, sub), at, Some(tracks), &mut changed),
    }
    o.update_date = Some(wire_time(at));
    changed
}

/// Moves an order to a status with the side effects the Market attaches to it; shared
/// by the simulated steps and the shop's own status writes. With `tracks`, a DBS
/// handover also records the carrier's track code (the shop's staff do it off-screen);
/// a status written through the API leaves tracks to the track endpoint.
pub(in crate::sim) fn set_status(
    o: &mut BusinessOrder,
    m: &mut Meta,
    (s, sub): (&OrderStatus, &OrderSubstatus),
    at: i64,
    tracks: Option<&mut HashMap<String, i64>>,
    changed: &mut Vec<&'static str>,
) {
    let was_in_transit = in_transit_state(o);
    if o.status != *s {
        o.status = s.clone();
        changed.push("status");
    }
    if o.substatus != *sub {
        o.substatus = sub.clone();
        changed.push("substatus");
    }
    match s {
        OrderStatus::DELIVERY
            if m.model == Model::Dbs && o.delivery.tracks.is_empty() && !m.no_track =>
        {
            let code = track_code(o.delivery.delivery_service_id, o.order_id);
            if let Some(tracks) = tracks
                && !tracks.contains_key(&code)
            {
                tracks.insert(code.clone(), o.order_id);
                o.delivery.tracks.push(Track {
                    track_code: Some(code),
                    delivery_service_id: o.delivery.delivery_service_id,
                });
                changed.push("delivery.tracks");
            }
        }
        OrderStatus::PICKUP => {
            // Reaching the pickup point is the delivery as far as the shop's deadline goes.
            if o.delivery.dates.real_delivery_date.is_none() {
                o.delivery.dates.real_delivery_date = Some(msk_date(at));
                changed.push("delivery.dates");
            }
            let days = if m.model == Model::Dbs {
                m.rng.range(5, 7)
            } else {
                7
            };
            if let Some(p) = o.delivery.pickup.as_mut()
                && p.outlet_storage_limit_date.is_none()
            {
                p.outlet_storage_limit_date = Some(msk_date(at) + Duration::days(days));
                changed.push("delivery.pickup.outletStorageLimitDate");
            }
        }
        OrderStatus::DELIVERED => {
            if o.delivery.dates.real_delivery_date.is_none() {
                o.delivery.dates.real_delivery_date = Some(msk_date(at));
                changed.push("delivery.dates");
            }
            if m.fate == Fate::PartlyLost && lose_one_unit(o) {
                changed.push("items");
            }
            if *sub == OrderSubstatus::DELIVERED_USER_NOT_RECEIVED {
                m.fate = Fate::Normal;
            }
        }
        OrderStatus::CANCELLED if is_lost(sub) => {
            for item in &mut o.items {
                item.item_statuses = vec![ItemUnitStatus {
                    status: ItemStatus::LOST,
                    count: item.count,
                }];
            }
            changed.push("items");
        }
        _ => {}
    }
    // A delay or a dispute has played out once the parcel has left transit.
    if was_in_transit
        && !in_transit_state(o)
        && matches!(m.fate, Fate::Stuck | Fate::CarrierLate | Fate::Dispute)
    {
        m.fate = Fate::Normal;
    }
}

fn in_transit_state(o: &BusinessOrder) -> bool {
    o.status == OrderStatus::DELIVERY && o.substatus == OrderSubstatus::DELIVERY_SERVICE_RECEIVED
}

/// Marks one unit of the order LOST and the rest delivered; false when the order has
/// a single unit (then nothing can be partly lost).
fn lose_one_unit(o: &mut BusinessOrder) -> bool {
    let units: i64 = o.items.iter().map(|i| i.count).sum();
    if units < 2 {
        return false;
    }
    let Some(last) = o.items.last_mut() else {
        return false;
    };
    let mut statuses = vec![ItemUnitStatus {
        status: ItemStatus::LOST,
        count: 1,
    }];
    if last.count > 1 {
        statuses.push(ItemUnitStatus {
            status: ItemStatus::DELIVERED_TO_BUYER,
            count: last.count - 1,
        });
    }
    last.item_statuses = statuses;
    true
}
