//! Non-purchases and returns (`GET /v2/campaigns/{campaignId}/returns`), derived from
//! the orders: an FBS, Express or FBY order the carrier could not hand over (or the
//! buyer never collected) is an `UNREDEEMED` parcel travelling back; some delivered
//! orders come back as `RETURN`s. Each parcel's journey (when it moves, whether it is
//! lost, whether the shop collects it before its pickup date) is drawn once from the
//! order id, so what a return looks like at any `now` is a pure function of the order
//! and `now`: it moves on as the simulated clock does, and runs repeat.

use crate::base::money::Money;
use crate::market::enums::{
    LogisticPointType, OrderStatus, OrderSubstatus, RefundStatus, ReturnDecisionReason,
    ReturnDecisionSubreason, ReturnDecisionType, ReturnRecipientType, ReturnShipmentStatus,
    ReturnType,
};
use crate::market::wire::BusinessOrder;
use crate::market::wire::common::CurrencyValue;
use crate::market::wire::returns::{
    LogisticPickupPoint, MAX_RETURN_ORDER_IDS, PickupAddress, Return, ReturnDecision, ReturnItem,
    ReturnsFilter,
};

use super::lifecycle::{Model, day_start, msk_date, wire_time};
use super::rules::bad;
use super::{Refusal, World};
use crate::sim::rng::Rng;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
/// How many days a parcel waits for the shop at the pickup point.
const PICKUP_DAYS: i64 = 7;
/// Keeps the journeys' draws apart from the orders' own.
const SALT: u64 = 0x5E70_12A5;

/// Substatuses of an order cancelled after it left the shop: its parcel comes back.
fn came_back(sub: &OrderSubstatus) -> bool {
    use OrderSubstatus as S;
    matches!(
        sub,
        S::DELIVERY_SERVICE_UNDELIVERED
            | S::COURIER_NOT_DELIVER_ORDER
            | S::DELIVERY_SERVICE_FAILED
            | S::USER_UNREACHABLE
            | S::DAMAGED_BOX
            | S::DELIVERY_NOT_MANAGED_REGION
            | S::PICKUP_EXPIRED
    )
}

/// The id of an order's return: an order has one at most, so it follows the order's id
/// (and ascends with it, which is what paging relies on).
pub(super) fn return_id(order_id: i64) -> i64 {
    order_id % 1_000_000_000
}

/// A return's whole course, independent of `now`.
struct Journey {
    kind: ReturnType,
    created: i64,
    /// Shipment statuses and when each was reached, in time order (none: the goods stay
    /// with the buyer).
    shipment: Vec<(i64, ReturnShipmentStatus)>,
    /// Refund statuses and when each was reached (`RETURN` only).
    refund: Vec<(i64, RefundStatus)>,
    /// End of the shop's time to collect the parcel, once it waits at the point.
    pickup_till: Option<i64>,
    recipient: Option<ReturnRecipientType>,
    /// Units coming back, by order item index.
    units: Vec<(usize, i64)>,
    reason: Option<(ReturnDecisionReason, ReturnDecisionSubreason)>,
    /// When the shop's decision is known (`RETURN` only).
    decided: Option<i64>,
    fast: bool,
}

/// The course of the parcel after it reached the shop's pickup point at `ready`: picked
/// up in time, or left past its pickup date until it is queued for disposal.
fn at_the_point(r: &mut Rng, ready: i64, shipment: &mut Vec<(i64, ReturnShipmentStatus)>) -> i64 {
    use ReturnShipmentStatus as R;
    let till = day_start(msk_date(ready) + chrono::Duration::days(PICKUP_DAYS)) + 21 * HOUR;
    shipment.push((ready, R::READY_FOR_PICKUP));
    if r.chance(0.72) {
        shipment.push((r.range(ready + 2 * HOUR, till - HOUR), R::PICKED));
    } else {
        let queued = till + r.range(3 * DAY, 10 * DAY);
        shipment.push((queued, R::PREPARED_FOR_UTILIZATION));
        shipment.push((queued + r.range(5 * DAY, 15 * DAY), R::UTILIZED));
    }
    till
}

/// Back to the seller: in transit, then lost, or at the Market's warehouse (FBY), or at
/// the shop's pickup point. Returns the pickup date when there is one.
fn travel(
    r: &mut Rng,
    model: Model,
    start: i64,
    lost: f64,
    shipment: &mut Vec<(i64, ReturnShipmentStatus)>,
) -> Option<i64> {
    use ReturnShipmentStatus as R;
    let moving = start + r.range(6 * HOUR, 2 * DAY);
    shipment.push((moving, R::IN_TRANSIT));
    if r.chance(lost) {
        shipment.push((moving + r.range(3 * DAY, 10 * DAY), R::LOST));
        return None;
    }
    let arrives = moving + r.range(2 * DAY, 7 * DAY);
    if model == Model::Fby {
        shipment.push((arrives, R::FULFILMENT_RECEIVED));
        return None;
    }
    Some(at_the_point(r, arrives, shipment))
}

fn journey(o: &BusinessOrder, model: Model) -> Option<Journey> {
    let mut r = Rng::new(o.order_id as u64 ^ SALT);
    match o.status {
        // A DBS shop's own courier brings its parcels back: the Market lists none.
        OrderStatus::CANCELLED if model != Model::Dbs && came_back(&o.substatus) => {
            Some(unredeemed(o, model, &mut r))
        }
        OrderStatus::DELIVERED
            if o.substatus == OrderSubstatus::DELIVERY_SERVICE_DELIVERED && r.chance(0.06) =>
        {
            buyer_return(o, model, &mut r)
        }
        _ => None,
    }
}

/// A parcel the buyer never collected, on its way back to the seller.
fn unredeemed(o: &BusinessOrder, model: Model, r: &mut Rng) -> Journey {
    use ReturnShipmentStatus as R;
    let mut shipment = Vec::new();
    let created = o.update_date.map_or(0, |t| t.timestamp());
    shipment.push((created, R::CREATED));
    let pickup_till = travel(r, model, created, 0.08, &mut shipment);
    Journey {
        kind: ReturnType::UNREDEEMED,
        created,
        shipment,
        refund: Vec::new(),
        pickup_till,
        recipient: Some(ReturnRecipientType::DELIVERY_SERVICE),
        units: o
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| (i, it.count))
            .collect(),
        reason: None,
        decided: None,
        fast: false,
    }
}

/// A delivered item the buyer sends back: the reason, the refund, and the goods'
/// way back unless the refund came at once.
fn buyer_return(o: &BusinessOrder, model: Model, r: &mut Rng) -> Option<Journey> {
    use ReturnShipmentStatus as R;
    let mut shipment = Vec::new();
    let delivered = day_start(o.delivery.dates.real_delivery_date?) + 15 * HOUR;
    let created = delivered + r.range(DAY, 10 * DAY);
    let item = r.below(o.items.len().max(1) as u64) as usize;
    let reason = return_reason(r);
    let dbs = model == Model::Dbs;
    let mut refund = vec![(
        created,
        if dbs {
            RefundStatus::WAITING_FOR_DECISION
        } else {
            RefundStatus::STARTED_BY_USER
        },
    )];
    let fast = !dbs && r.chance(0.1);
    let (recipient, decided) = goods_back(r, created, dbs, fast, &mut shipment, &mut refund);
    let lapsed = shipment.last().is_some_and(|(_, s)| *s == R::EXPIRED);
    let pickup_till = if fast || lapsed {
        None
    } else {
        let received = shipment.last().map_or(created, |(t, _)| *t);
        travel(r, model, received, 0.04, &mut shipment)
    };
    Some(Journey {
        kind: ReturnType::RETURN,
        created,
        shipment,
        refund,
        pickup_till,
        recipient,
        units: vec![(item, 1)],
        reason: Some(reason),
        decided,
        fast,
    })
}

/// Why the buyer returns the item.
fn return_reason(r: &mut Rng) -> (ReturnDecisionReason, ReturnDecisionSubreason) {
    let reasons = [
        (
            ReturnDecisionReason::DOES_NOT_FIT,
            ReturnDecisionSubreason::USER_CHANGED_MIND,
        ),
        (
            ReturnDecisionReason::DOES_NOT_FIT,
            ReturnDecisionSubreason::USER_DID_NOT_LIKE,
        ),
        (
            ReturnDecisionReason::BAD_QUALITY,
            ReturnDecisionSubreason::NOT_WORKING,
        ),
        (
            ReturnDecisionReason::BAD_QUALITY,
            ReturnDecisionSubreason::DAMAGED,
        ),
        (
            ReturnDecisionReason::WRONG_ITEM,
            ReturnDecisionSubreason::WRONG_COLOR,
        ),
    ];
    reasons[r.weighted(&[35, 20, 20, 15, 10])].clone()
}

/// What happens to the goods after the return is created: refunded at once and kept
/// by the buyer, never brought (the return lapses), or received and decided on. Who
/// receives them and when the refund was decided.
fn goods_back(
    r: &mut Rng,
    created: i64,
    dbs: bool,
    fast: bool,
    shipment: &mut Vec<(i64, ReturnShipmentStatus)>,
    refund: &mut Vec<(i64, RefundStatus)>,
) -> (Option<ReturnRecipientType>, Option<i64>) {
    use ReturnShipmentStatus as R;
    if fast {
        // A cheap defect refunded at once: the goods stay with the buyer.
        let at = created + r.range(2 * HOUR, DAY);
        refund.push((at, RefundStatus::REFUNDED));
        (None, Some(at))
    } else {
        shipment.push((created, R::CREATED));
        if r.chance(0.08) {
            // The buyer never brought the item: the return lapses.
            let at = created + r.range(7 * DAY, 10 * DAY);
            shipment.push((at, R::EXPIRED));
            refund.push((at, RefundStatus::CANCELLED));
            (Some(ReturnRecipientType::SHOP), None)
        } else {
            let received = created + r.range(DAY, 4 * DAY);
            shipment.push((received, R::RECEIVED));
            let decided = received + r.range(HOUR, 3 * DAY);
            if dbs {
                refund.push((decided, RefundStatus::DECISION_MADE));
                refund.push((decided + r.range(HOUR, DAY), RefundStatus::REFUNDED));
            } else {
                refund.push((received, RefundStatus::REFUND_IN_PROGRESS));
                refund.push((decided, RefundStatus::REFUNDED));
            }
            let recipient = [
                ReturnRecipientType::SHOP,
                ReturnRecipientType::DELIVERY_SERVICE,
                ReturnRecipientType::POST,
            ][r.weighted(&[20, 65, 15])]
            .clone();
            (Some(recipient), Some(decided))
        }
    }
}

/// The last of `steps` reached by `now`.
fn latest<T: Clone>(steps: &[(i64, T)], now: i64) -> Option<(i64, T)> {
    steps.iter().rev().find(|(t, _)| *t <= now).cloned()
}

fn money(value: Money) -> CurrencyValue {
    CurrencyValue {
        value,
        currency_id: "RUR".into(),
    }
}

/// The shop's point where parcels come back: its city's, run by the order's carrier.
fn pickup_point(o: &BusinessOrder) -> LogisticPickupPoint {
    let kazan = o
        .delivery
        .region()
        .is_some_and(|r| r.name.contains("Казан") || r.name.contains("Татарстан"));
    let (id, name, street, house, postcode) = if kazan {
        (
            10_002_417,
            "Пункт возвратов на Техническом",
            "Техническая улица",
            "10",
            "420054",
        )
    } else {
        (
            10_001_832,
            "Пункт возвратов на Складочной",
            "Складочная улица",
            "1с6",
            "127018",
        )
    };
    LogisticPickupPoint {
        id: Some(id),
        name: Some(name.into()),
        address: Some(PickupAddress {
            country: Some("Россия".into()),
            city: Some(
                if kazan {
                    "Казань"
                } else {
                    "Москва"
                }
                .into(),
            ),
            street: Some(street.into()),
            house: Some(house.into()),
            postcode: Some(postcode.into()),
        }),
        instruction: Some("Выдача возвратов с 10:00 до 20:00, с документом о доверенности".into()),
        kind: Some(LogisticPointType::PICKUP_POINT),
        logistic_partner_id: Some(o.delivery.delivery_service_id),
    }
}

/// The order's return as it stands at `now`, if the order has one by then.
pub(super) fn return_of(o: &BusinessOrder, model: Model, now: i64) -> Option<Return> {
    let j = journey(o, model)?;
    if j.created > now {
        return None;
    }
    let shipment = latest(&j.shipment, now);
    let refund = latest(&j.refund, now);
    let updated = [shipment.as_ref().map(|s| s.0), refund.as_ref().map(|s| s.0)]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(j.created);
    let waiting = shipment
        .as_ref()
        .is_some_and(|(_, s)| *s == ReturnShipmentStatus::READY_FOR_PICKUP);
    let decided = j.decided.is_some_and(|t| t <= now);
    let id = return_id(o.order_id);
    let mut total = Money::ZERO;
    let items = j
        .units
        .iter()
        .filter_map(|&(i, count)| {
            let item = o.items.get(i)?;
            let paid = item
                .prices
                .as_ref()
                .and_then(|p| p.payment.as_ref())
                .map_or(Money::ZERO, |v| v.value);
            // The item's payment is its unit price times its count: this divides evenly.
            let value = Money::from_kopecks(paid.kopecks() / item.count.max(1) * count);
            total += value;
            let decisions = j
                .reason
                .iter()
                .map(|(reason, subreason)| ReturnDecision {
                    return_item_id: Some(id * 10 + i as i64),
                    count: Some(count),
                    reason_type: Some(reason.clone()),
                    subreason_type: Some(subreason.clone()),
                    decision_type: decided.then_some(ReturnDecisionType::REFUND_MONEY),
                    amount: decided.then(|| money(value)),
                    ..ReturnDecision::default()
                })
                .collect();
            Some(ReturnItem {
                market_sku: Some(1_700_000_000 + (item.id % 100_000_000)),
                shop_sku: item.offer_id.clone(),
                count,
                decisions,
                instances: Vec::new(),
                tracks: Vec::new(),
            })
        })
        .collect();
    let at_point = j.pickup_till.is_some();
    let is_return = j.kind == ReturnType::RETURN;
    Some(Return {
        id,
        order_id: o.order_id,
        creation_date: Some(wire_time(j.created)),
        update_date: Some(wire_time(updated)),
        refund_status: refund.map(|(_, s)| s),
        logistic_pickup_point: (at_point && shipment.is_some()).then(|| pickup_point(o)),
        pickup_till_date: j.pickup_till.filter(|_| waiting).map(wire_time),
        shipment_recipient_type: j.recipient.clone().filter(|_| shipment.is_some()),
        shipment_status: shipment.map(|(_, s)| s),
        refund_amount: None,
        amount: Some(money(total)),
        items,
        return_type: j.kind,
        fast_return: is_return.then_some(j.fast),
    })
}

/// True when the return passes every filter but `orderIds` (the caller walks those).
pub(super) fn matches(r: &Return, f: &ReturnsFilter) -> bool {
    let day = r.update_date.map(|t| t.date_naive());
    (f.statuses.is_empty()
        || r.refund_status
            .as_ref()
            .is_some_and(|s| f.statuses.contains(s)))
        && (f.shipment_statuses.is_empty()
            || r.shipment_status
                .as_ref()
                .is_some_and(|s| f.shipment_statuses.contains(s)))
        && f.kind.as_ref().is_none_or(|k| *k == r.return_type)
        && f.from_date
            .is_none_or(|from| day.is_some_and(|d| d >= from))
        && f.to_date.is_none_or(|to| day.is_some_and(|d| d <= to))
}

impl World {
    /// One page of `GET /v2/campaigns/{campaignId}/returns`: the campaign's returns
    /// matching `filter` as they stand now, ascending by id, after the one of order
    /// `after`, at most `limit`; and the order to continue after when more match.
    pub fn returns_page(
        &self,
        campaign_id: i64,
        filter: &ReturnsFilter,
        after: Option<i64>,
        limit: usize,
    ) -> Result<(Vec<Return>, Option<i64>), Refusal> {
        let model = self.model_of(campaign_id)?;
        if filter.order_ids.len() > MAX_RETURN_ORDER_IDS {
            return Err(bad(
                "BAD_REQUEST",
                format!(
                    "orderIds: size must be between 0 and {MAX_RETURN_ORDER_IDS}, got {}",
                    filter.order_ids.len()
                ),
            ));
        }
        let now = self.now_s();
        let named: Vec<&BusinessOrder> = if filter.order_ids.is_empty() {
            let start = after.map_or(0, |a| self.orders.partition_point(|o| o.order_id <= a));
            self.orders[start..].iter().collect()
        } else {
            let mut ids = filter.order_ids.clone();
            ids.sort_unstable();
            ids.dedup();
            ids.into_iter()
                .filter(|id| after.is_none_or(|a| *id > a))
                .filter_map(|id| self.order(id))
                .collect()
        };
        let mut page = Vec::new();
        for o in named.into_iter().filter(|o| o.campaign_id == campaign_id) {
            let Some(r) = return_of(o, model, now).filter(|r| matches(r, filter)) else {
                continue;
            };
            if page.len() == limit.max(1) {
                let next = page.last().map(|r: &Return| r.order_id);
                return Ok((page, next));
            }
            page.push(r);
        }
        Ok((page, None))
    }

    /// Every return of every campaign as it stands now, ascending by id.
    pub fn all_returns(&self) -> Vec<Return> {
        let now = self.now_s();
        self.orders
            .iter()
            .filter_map(|o| {
                let i = self.campaigns.iter().position(|c| c.id == o.campaign_id)?;
                return_of(o, self.models[i], now)
            })
            .collect()
    }
}
