//! How an order moves on its own as simulated time passes: for its model and its
//! *fate* (what will go right or wrong for it), the next step and when it is due, and
//! what applying a step changes on the wire order.
//!
//! Generation runs the same steps from each order's creation up to `now`, so a
//! generated order's fields (updateDate, tracks, storage limit, …) are exactly what
//! living through its history would have left, and `advance` continues from there.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use crate::market::dates::moscow;
use crate::market::enums::{DeliveryType, OrderStatus, OrderSubstatus};
use crate::market::wire::BusinessOrder;

use crate::sim::names::PersonName;
use crate::sim::rng::Rng;

mod apply;
pub(in crate::sim) use apply::{apply, set_status};

const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The delivery model of a campaign, as the rules distinguish them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::sim) enum Model {
    Fbs,
    Express,
    Dbs,
    Fby,
}

/// What will happen to an order; drawn once at generation. Fates that have played out
/// become `Normal` so a state is never left twice the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::sim) enum Fate {
    Normal,
    /// The buyer cancels while the order is still being processed.
    BuyerCancels,
    /// FBS/Express: packed and handed over after the planned shipment.
    ShipsLate,
    /// FBS/Express: never handed over; the Market cancels it as the shop's failure.
    NeverShips,
    /// Express: no courier comes.
    CourierNotFound,
    /// DBS: handed to delivery only after the promised date.
    HandsOverLate,
    /// Arrives days after the promised date.
    CarrierLate,
    /// In transit with no news for days, then arrives.
    Stuck,
    /// Silent in transit, then cancelled as lost, units LOST.
    Lost,
    /// The carrier gives up after the promised date.
    Undelivered,
    /// Waits at the pickup point until storage runs out.
    NotCollected,
    /// Collected on the last day of storage.
    CollectsLast,
    /// DBS: the promised date passes and the buyer has nothing: arbitration.
    Dispute,
    /// DBS: marked delivered, the buyer says it never came: arbitration.
    DeliveredDispute,
    /// DBS: the buyer asks to cancel after handover.
    CancelRequest,
    /// Delivered with one unit lost on the way.
    PartlyLost,
}

/// A step the Market (or the shop's own staff, off-screen) takes on an order.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::sim) enum Step {
    Status(OrderStatus, OrderSubstatus),
    /// The long-delivery date is confirmed: `estimated` becomes false.
    ConfirmDates,
    /// The buyer asks to cancel (DBS, in DELIVERY/PICKUP).
    RequestCancel,
}

/// Everything the world knows about an order beyond its wire form.
#[derive(Debug, Clone)]
pub(in crate::sim) struct Meta {
    pub model: Model,
    pub fate: Fate,
    /// The order's own stream: its steps do not depend on other orders.
    pub rng: Rng,
    pub buyer: PersonName,
    /// The proxy number's ten digits after +7.
    pub phone: u64,
    pub trusted: bool,
    /// The shop already made the calls `USER_UNREACHABLE` requires.
    pub calls_done: bool,
    /// DBS: the shop's staff forget the track code at handover.
    pub no_track: bool,
    /// FBS/Express: when the shipment is collected (unix seconds).
    pub ship_at: Option<i64>,
    pub date_moves: u8,
    pub storage_extended: bool,
    pub cancel_requested_at: Option<i64>,
    /// The next step and when it is due.
    pub plan: Option<(i64, Step)>,
    /// Bumped on every new plan so the schedule can drop outdated entries.
    pub generation: u32,
}

/// An instant as the Market writes it: Moscow offset, whole seconds.
pub(in crate::sim) fn wire_time(ts: i64) -> DateTime<FixedOffset> {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .unwrap_or_default()
        .with_timezone(&moscow())
}

/// The Moscow calendar day of an instant.
pub(in crate::sim) fn msk_date(ts: i64) -> NaiveDate {
    wire_time(ts).date_naive()
}

/// 00:00 Moscow time of a day, as unix seconds.
pub(in crate::sim) fn day_start(d: NaiveDate) -> i64 {
    crate::base::time::moscow_midnight(d).timestamp()
}

/// Unix seconds of an order's wire time (0 when absent).
pub(in crate::sim) fn ts_of(t: Option<&DateTime<FixedOffset>>) -> i64 {
    t.map_or(0, DateTime::timestamp)
}

fn from_start(o: &BusinessOrder) -> i64 {
    day_start(o.delivery.dates.from_date) + 9 * HOUR
}

fn due_date(o: &BusinessOrder) -> NaiveDate {
    o.delivery
        .dates
        .to_date
        .unwrap_or(o.delivery.dates.from_date)
}

fn to_end(o: &BusinessOrder) -> i64 {
    day_start(due_date(o)) + 21 * HOUR
}

fn after_due(o: &BusinessOrder) -> i64 {
    day_start(due_date(o)) + DAY
}

fn is_pickup(o: &BusinessOrder) -> bool {
    o.delivery.kind == DeliveryType::PICKUP
}

fn status(s: OrderStatus, sub: OrderSubstatus) -> Step {
    Step::Status(s, sub)
}

fn buyer_cancel(rng: &mut Rng) -> Step {
    use OrderSubstatus as S;
    let subs = [
        S::USER_CHANGED_MIND,
        S::USER_REFUSED_DELIVERY,
        S::USER_PLACED_OTHER_ORDER,
        S::USER_BOUGHT_CHEAPER,
        S::REPLACING_ORDER,
    ];
    let i = rng.weighted(&[50, 15, 12, 12, 11]);
    status(OrderStatus::CANCELLED, subs[i].clone())
}

fn undelivered(rng: &mut Rng, model: Model) -> Step {
    use OrderSubstatus as S;
    let sub = if model == Model::Dbs {
        let subs = [
            S::DELIVERY_SERVICE_UNDELIVERED,
            S::COURIER_NOT_DELIVER_ORDER,
            S::USER_UNREACHABLE,
        ];
        subs[rng.weighted(&[60, 25, 15])].clone()
    } else {
        let subs = [
            S::DELIVERY_SERVICE_UNDELIVERED,
            S::COURIER_NOT_DELIVER_ORDER,
            S::DELIVERY_SERVICE_FAILED,
            S::USER_UNREACHABLE,
            S::DAMAGED_BOX,
            S::DELIVERY_NOT_MANAGED_REGION,
        ];
        subs[rng.weighted(&[45, 20, 12, 12, 6, 5])].clone()
    };
    status(OrderStatus::CANCELLED, sub)
}

fn lost(rng: &mut Rng, model: Model) -> Step {
    use OrderSubstatus as S;
    let sub = if model == Model::Dbs {
        [S::DELIVERY_SERVICE_LOST, S::LOST][rng.weighted(&[80, 20])].clone()
    } else {
        let subs = [
            S::DELIVERY_SERVICE_LOST,
            S::SORTING_CENTER_LOST,
            S::LOST,
            S::DROPOFF_LOST,
        ];
        subs[rng.weighted(&[40, 30, 20, 10])].clone()
    };
    status(OrderStatus::CANCELLED, sub)
}

/// True for the substatuses of an order lost on the way (its units are LOST).
pub(in crate::sim) fn is_lost(sub: &OrderSubstatus) -> bool {
    use OrderSubstatus as S;
    matches!(
        sub,
        S::DELIVERY_SERVICE_LOST | S::SORTING_CENTER_LOST | S::LOST | S::DROPOFF_LOST
    )
}

/// The next step of an order that entered its current state at `entered`, or `None`
/// when nothing more happens on its own. Draws from the order's stream.
pub(in crate::sim) fn plan(o: &BusinessOrder, m: &mut Meta, entered: i64) -> Option<(i64, Step)> {
    let (at, step) = match o.status {
        OrderStatus::PROCESSING if m.model == Model::Dbs => processing_dbs(o, m, entered)?,
        OrderStatus::PROCESSING => processing_market(o, m, entered)?,
        OrderStatus::DELIVERY => delivery_leg(o, m, entered)?,
        OrderStatus::PICKUP => pickup_leg(o, m, entered)?,
        OrderStatus::DELIVERED => delivered_leg(o, m, entered)?,
        _ => return None,
    };
    // A step is never due at the instant the state was entered: keeps time moving.
    Some((at.max(entered + MIN), step))
}

fn processing_market(o: &BusinessOrder, m: &mut Meta, entered: i64) -> Option<(i64, Step)> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    let r = &mut m.rng;
    if m.model == Model::Fby {
        return Some(match (&o.substatus, m.fate) {
            (S::SHIPPED, _) => (
                entered + r.range(3 * HOUR, 12 * HOUR),
                status(St::DELIVERY, S::DELIVERY_SERVICE_RECEIVED),
            ),
            (_, Fate::BuyerCancels) => (entered + r.range(10 * MIN, 6 * HOUR), buyer_cancel(r)),
            _ => (
                entered + r.range(2 * HOUR, 14 * HOUR),
                status(St::PROCESSING, S::SHIPPED),
            ),
        });
    }
    let express = m.model == Model::Express;
    let ship = m.ship_at.unwrap_or(entered + 6 * HOUR);
    Some(match &o.substatus {
        S::READY_TO_SHIP => {
            if m.fate == Fate::CourierNotFound {
                let at = ship.max(entered) + r.range(HOUR, 2 * HOUR);
                return Some((at, status(St::CANCELLED, S::CANCELLED_COURIER_NOT_FOUND)));
            }
            let at = if matches!(m.fate, Fate::ShipsLate | Fate::NeverShips) {
                ship.max(entered) + r.range(30 * MIN, 6 * HOUR)
            } else if entered + 10 * MIN < ship {
                ship + r.range(0, 20 * MIN)
            } else {
                entered + r.range(20 * MIN, 3 * HOUR)
            };
            (at, status(St::PROCESSING, S::SHIPPED))
        }
        S::SHIPPED => {
            let transit = if express {
                r.range(10 * MIN, 40 * MIN)
            } else {
                r.range(3 * HOUR, 12 * HOUR)
            };
            (
                entered + transit,
                status(St::DELIVERY, S::DELIVERY_SERVICE_RECEIVED),
            )
        }
        _ => match m.fate {
            Fate::BuyerCancels => {
                let window = (ship - entered).clamp(20 * MIN, 6 * HOUR);
                (entered + r.range(10 * MIN, window), buyer_cancel(r))
            }
            Fate::NeverShips => (
                ship.max(entered) + r.range(20 * HOUR, 50 * HOUR),
                status(St::CANCELLED, S::SHOP_FAILED),
            ),
            Fate::ShipsLate => (
                ship.max(entered) + r.range(HOUR, 20 * HOUR),
                status(St::PROCESSING, S::READY_TO_SHIP),
            ),
            _ => {
                let at = if ship > entered + 40 * MIN {
                    entered + ((ship - entered) as f64 * (0.1 + 0.7 * r.unit())) as i64
                } else {
                    entered + r.range(5 * MIN, 30 * MIN)
                };
                (at, status(St::PROCESSING, S::READY_TO_SHIP))
            }
        },
    })
}

fn processing_dbs(o: &BusinessOrder, m: &mut Meta, entered: i64) -> Option<(i64, Step)> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    let r = &mut m.rng;
    if o.delivery.estimated == Some(true) {
        let at = (from_start(o) - r.range(5 * DAY, 12 * DAY)).max(entered + HOUR);
        return Some((at, Step::ConfirmDates));
    }
    let handover = status(St::DELIVERY, S::DELIVERY_SERVICE_RECEIVED);
    Some(match m.fate {
        Fate::BuyerCancels => (entered + r.range(10 * MIN, 20 * HOUR), buyer_cancel(r)),
        Fate::HandsOverLate => (after_due(o) + r.range(6 * HOUR, 3 * DAY), handover),
        _ => {
            let hi = (from_start(o) - 2 * HOUR).max(entered + HOUR);
            let lo = (hi - 2 * DAY).max(entered + HOUR);
            (r.range(lo, hi), handover)
        }
    })
}

/// A pending buyer cancellation is cancelled by the Market after 48 h without answer.
fn auto_cancel(o: &BusinessOrder, m: &Meta) -> Option<(i64, Step)> {
    match (o.cancel_requested, m.cancel_requested_at) {
        (Some(true), Some(at)) => Some((
            at + 48 * HOUR,
            status(OrderStatus::CANCELLED, OrderSubstatus::USER_CHANGED_MIND),
        )),
        _ => None,
    }
}

fn delivery_leg(o: &BusinessOrder, m: &mut Meta, entered: i64) -> Option<(i64, Step)> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    if let Some(p) = auto_cancel(o, m) {
        return Some(p);
    }
    let model = m.model;
    let r = &mut m.rng;
    match &o.substatus {
        S::DELIVERY_USER_NOT_RECEIVED => {
            let outcome = if r.chance(0.45) {
                status(St::CANCELLED, S::DELIVERY_SERVICE_UNDELIVERED)
            } else {
                status(St::DELIVERED, S::DELIVERY_SERVICE_DELIVERED)
            };
            Some((entered + r.range(3 * DAY, 14 * DAY), outcome))
        }
        S::LAST_MILE_STARTED | S::Other(_) => {
            if m.fate == Fate::Undelivered {
                return Some((
                    entered + r.range(2 * HOUR, 10 * HOUR),
                    undelivered(r, model),
                ));
            }
            let wait = if o.substatus.is_unknown() {
                r.range(DAY, 3 * DAY)
            } else {
                r.range(HOUR, 8 * HOUR)
            };
            Some((
                entered + wait,
                status(St::DELIVERED, S::DELIVERY_SERVICE_DELIVERED),
            ))
        }
        _ => in_transit(o, m, entered),
    }
}

fn in_transit(o: &BusinessOrder, m: &mut Meta, entered: i64) -> Option<(i64, Step)> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    let model = m.model;
    let r = &mut m.rng;
    let pickup = is_pickup(o);
    let last_mile = matches!(model, Model::Fbs | Model::Fby) && !pickup;
    let arrive = if pickup {
        status(St::PICKUP, S::PICKUP_SERVICE_RECEIVED)
    } else if last_mile {
        status(St::DELIVERY, S::LAST_MILE_STARTED)
    } else {
        status(St::DELIVERED, S::DELIVERY_SERVICE_DELIVERED)
    };
    let on_time = if model == Model::Express {
        entered + r.range(20 * MIN, 2 * HOUR)
    } else {
        let lo = (entered + 2 * HOUR).max(from_start(o));
        r.range(lo, to_end(o).max(lo))
    };
    Some(match m.fate {
        Fate::CancelRequest if !pickup => {
            let at = entered + r.range(HOUR, ((on_time - entered) / 2).max(HOUR));
            (at, Step::RequestCancel)
        }
        Fate::Dispute => (
            after_due(o) + r.range(0, DAY),
            status(St::DELIVERY, S::DELIVERY_USER_NOT_RECEIVED),
        ),
        Fate::Lost => (entered + r.range(5 * DAY, 14 * DAY), lost(r, model)),
        Fate::Undelivered if !last_mile => (to_end(o) + r.range(0, 2 * DAY), undelivered(r, model)),
        Fate::CarrierLate => (after_due(o) + r.range(2 * HOUR, 4 * DAY), arrive),
        Fate::Stuck => (entered + r.range(4 * DAY, 9 * DAY), arrive),
        _ => (on_time, arrive),
    })
}

fn pickup_leg(o: &BusinessOrder, m: &mut Meta, entered: i64) -> Option<(i64, Step)> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    if let Some(p) = auto_cancel(o, m) {
        return Some(p);
    }
    let limit = o
        .delivery
        .pickup
        .as_ref()
        .and_then(|p| p.outlet_storage_limit_date)
        .unwrap_or_else(|| msk_date(entered) + Duration::days(7));
    let limit_end = day_start(limit) + DAY;
    let delivered = status(St::DELIVERED, S::DELIVERY_SERVICE_DELIVERED);
    let r = &mut m.rng;
    Some(match m.fate {
        Fate::CancelRequest => (entered + r.range(2 * HOUR, 30 * HOUR), Step::RequestCancel),
        Fate::NotCollected => (
            limit_end + r.range(HOUR, 6 * HOUR),
            status(St::CANCELLED, S::PICKUP_EXPIRED),
        ),
        Fate::CollectsLast => (day_start(limit) + r.range(10 * HOUR, 20 * HOUR), delivered),
        _ => (
            (entered + r.range(2 * HOUR, 3 * DAY)).min(limit_end - 2 * HOUR),
            delivered,
        ),
    })
}

fn delivered_leg(o: &BusinessOrder, m: &mut Meta, entered: i64) -> Option<(i64, Step)> {
    use OrderStatus as St;
    use OrderSubstatus as S;
    let r = &mut m.rng;
    if o.substatus == S::DELIVERED_USER_NOT_RECEIVED {
        let outcome = if r.chance(0.4) {
            status(St::CANCELLED, S::DELIVERY_SERVICE_UNDELIVERED)
        } else {
            status(St::DELIVERED, S::DELIVERY_SERVICE_DELIVERED)
        };
        return Some((entered + r.range(3 * DAY, 14 * DAY), outcome));
    }
    if m.fate == Fate::DeliveredDispute {
        let at = entered + r.range(DAY, 3 * DAY);
        return Some((at, status(St::DELIVERED, S::DELIVERED_USER_NOT_RECEIVED)));
    }
    None
}
