//! Deterministic generation of the simulated Market: the business, its campaigns, and
//! orders with their buyers, items, delivery and history, plus the chats some buyers
//! already started. Everything is a function of `(seed, now)`.
//!
//! Each order is built as it was at its creation and then lived forward to `now` by
//! the same lifecycle `advance` uses, with a *fate* drawn so that roughly 5–10 % of
//! the orders end up matching an at-risk rule of the product brief.

use std::collections::HashMap;

mod order;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::market::enums::{
    ApiAvailability, ChatSender, OrderStatus, OrderSubstatus, PaymentMethod, PlacementType,
};
use crate::market::wire::{Business, BusinessOrder, Campaign};

use super::lifecycle::{self, Fate, Meta, Model, day_start, msk_date, wire_time};
use crate::sim::names;
use crate::sim::rng::Rng;

const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The business all campaigns belong to.
const BUSINESS_ID: i64 = 7_654_321;
const BUSINESS_NAME: &str = "ООО «ТехноМир»";
/// The first order id: ids grow with creation time, as the Market's do.
const FIRST_ORDER_ID: i64 = 48_291_736_450;
const FIRST_ITEM_ID: i64 = 312_804_115;
/// How far back orders were created.
const HISTORY_DAYS: f64 = 60.0;

/// The second DBS warehouse, in Kazan: it delivers in Tatarstan.
const KAZAN_CAMPAIGN: i64 = 25_002_741;
/// The campaigns: (id, name, model, share of the orders).
const CAMPAIGNS: &[(i64, &str, Model, u32)] = &[
    (23_910_458, "ТехноМир FBS", Model::Fbs, 35),
    (24_187_302, "ТехноМир Экспресс", Model::Express, 10),
    (21_845_670, "ТехноМир — доставка магазина", Model::Dbs, 25),
    (KAZAN_CAMPAIGN, "ТехноМир Казань", Model::Dbs, 10),
    (22_563_019, "ТехноМир FBY", Model::Fby, 20),
];

/// A buyer's chat: the order's index, the messages already written, and the one the
/// buyer will write later on the simulated clock, if any.
pub(super) struct ChatSeed {
    pub order: usize,
    pub messages: Vec<(i64, ChatSender, &'static str)>,
    pub later: Option<(i64, &'static str)>,
}

/// Everything `World::generate` starts from.
pub(super) struct Generated {
    pub business: Business,
    pub campaigns: Vec<Campaign>,
    pub models: Vec<Model>,
    pub orders: Vec<BusinessOrder>,
    pub metas: Vec<Meta>,
    pub tracks: HashMap<String, i64>,
    pub chats: Vec<ChatSeed>,
}

/// The id of an FBS shipment: one per campaign and day, so orders of a day share it.
pub(super) fn shipment_id(campaign_id: i64, day: NaiveDate) -> i64 {
    let days = i64::from(day.num_days_from_ce());
    31_000_000_000 + campaign_id.rem_euclid(1000) * 1_000_000 + days.rem_euclid(1_000_000)
}

pub(super) fn generate(orders: usize, seed: u64, now: DateTime<Utc>) -> Generated {
    let now_s = now.timestamp();
    let root = Rng::new(seed);
    let business = Business {
        id: BUSINESS_ID,
        name: BUSINESS_NAME.into(),
    };
    let campaigns: Vec<Campaign> = CAMPAIGNS
        .iter()
        .map(|&(id, name, model, _)| Campaign {
            id,
            domain: name.into(),
            business: business.clone(),
            placement_type: match model {
                Model::Fbs | Model::Express => PlacementType::FBS,
                Model::Dbs => PlacementType::DBS,
                Model::Fby => PlacementType::FBY,
            },
            api_availability: Some(ApiAvailability::AVAILABLE),
        })
        .collect();
    let weights: Vec<u32> = CAMPAIGNS.iter().map(|c| c.3).collect();

    let times = creation_times(orders, &root.fork(0x00C0_FFEE), now_s);
    let mut ids = root.fork(0x1D5);
    let mut next_id = FIRST_ORDER_ID;
    let mut next_item = FIRST_ITEM_ID;
    let mut tracks = HashMap::new();
    let mut out = Generated {
        business,
        campaigns,
        models: CAMPAIGNS.iter().map(|c| c.2).collect(),
        orders: Vec::with_capacity(orders),
        metas: Vec::with_capacity(orders),
        tracks: HashMap::new(),
        chats: Vec::new(),
    };
    for (i, &created) in times.iter().enumerate() {
        let mut r = root.fork(i as u64);
        let c = r.weighted(&weights);
        let (campaign_id, _, model, _) = CAMPAIGNS[c];
        let (mut order, mut meta) =
            order::build(next_id, campaign_id, model, created, &mut next_item, r);
        live_until(&mut order, &mut meta, created, now_s, &mut tracks);
        exotic(&mut order, &mut meta, now_s);
        let messages = chat_seed(&order, &mut meta, now_s);
        let later = later_message(&order, &meta, now_s, messages.is_some());
        if messages.is_some() || later.is_some() {
            out.chats.push(ChatSeed {
                order: i,
                messages: messages.unwrap_or_default(),
                later,
            });
        }
        out.orders.push(order);
        out.metas.push(meta);
        next_id += ids.range(1, 2000);
    }
    out.tracks = tracks;
    out
}

/// Creation instants, ascending. Sales grow over the period (density falls linearly
/// with age), so three quarters of the orders are from the last 30 days.
fn creation_times(n: usize, rng: &Rng, now_s: i64) -> Vec<i64> {
    // Moscow hours of the day, weighted the way online orders come in.
    const HOURS: [u32; 24] = [
        2, 1, 1, 1, 1, 1, 2, 3, 4, 6, 7, 8, 8, 8, 8, 8, 8, 8, 8, 9, 10, 9, 6, 3,
    ];
    let today = msk_date(now_s);
    let mut r = *rng;
    let mut times: Vec<i64> = (0..n)
        .map(|_| {
            let age_days = (HISTORY_DAYS * (1.0 - r.unit().sqrt())) as i64;
            let day = today - Duration::days(age_days);
            let t = day_start(day) + r.weighted(&HOURS) as i64 * HOUR + r.range(0, HOUR - 1);
            if t > now_s - MIN {
                now_s - r.range(MIN, 8 * HOUR)
            } else {
                t
            }
        })
        .collect();
    times.sort_unstable();
    times
}

/// What will happen to the order, in per-mille shares by model; the rest is `Normal`.
fn draw_fate(r: &mut Rng, model: Model, pickup: bool) -> Fate {
    use Fate as F;
    let table: &[(Fate, u32)] = match model {
        Model::Fbs => &[
            (F::BuyerCancels, 40),
            (F::ShipsLate, 55),
            (F::NeverShips, 12),
            (F::CarrierLate, 30),
            (F::Stuck, 30),
            (F::Lost, 15),
            (F::Undelivered, 25),
            (F::NotCollected, 45),
            (F::CollectsLast, 60),
            (F::PartlyLost, 10),
        ],
        Model::Express => &[
            (F::BuyerCancels, 40),
            (F::ShipsLate, 60),
            (F::NeverShips, 10),
            (F::CourierNotFound, 15),
            (F::Lost, 8),
            (F::Undelivered, 25),
            (F::PartlyLost, 5),
        ],
        Model::Fby => &[
            (F::BuyerCancels, 40),
            (F::CarrierLate, 30),
            (F::Stuck, 30),
            (F::Lost, 15),
            (F::Undelivered, 25),
            (F::NotCollected, 45),
            (F::CollectsLast, 60),
            (F::PartlyLost, 10),
        ],
        Model::Dbs => &[
            (F::BuyerCancels, 40),
            (F::HandsOverLate, 40),
            (F::CarrierLate, 40),
            (F::Stuck, 20),
            (F::Lost, 10),
            (F::Undelivered, 25),
            (F::Dispute, 30),
            (F::DeliveredDispute, 15),
            (F::CancelRequest, 30),
            (F::NotCollected, 45),
            (F::CollectsLast, 60),
            (F::PartlyLost, 5),
        ],
    };
    let pickup_only = |f: Fate| matches!(f, F::NotCollected | F::CollectsLast);
    let mut x = r.below(1000) as u32;
    for &(fate, w) in table {
        if pickup_only(fate) && !pickup {
            continue;
        }
        if x < w {
            return fate;
        }
        x -= w;
    }
    F::Normal
}

/// Lives an order forward from `entered` until its next step would be after `now`.
fn live_until(
    o: &mut BusinessOrder,
    m: &mut Meta,
    mut entered: i64,
    now: i64,
    tracks: &mut HashMap<String, i64>,
) {
    while let Some((at, step)) = lifecycle::plan(o, m, entered) {
        if at > now {
            m.plan = Some((at, step));
            return;
        }
        lifecycle::apply(o, m, &step, at, tracks);
        entered = at;
    }
    m.plan = None;
}

/// About 0.2 % of orders carry a value this build does not know, as the Market adds
/// values without notice: a new in-transit substatus, or a new payment method.
fn exotic(o: &mut BusinessOrder, m: &mut Meta, now: i64) {
    let in_transit = o.status == OrderStatus::DELIVERY
        && o.substatus == OrderSubstatus::DELIVERY_SERVICE_RECEIVED;
    if in_transit && m.rng.chance(0.015) {
        let since =
            (now - m.rng.range(HOUR, 20 * HOUR)).max(lifecycle::ts_of(o.update_date.as_ref()));
        o.substatus = OrderSubstatus::Other("AWAIT_DRONE_DELIVERY".into());
        o.update_date = Some(wire_time(since));
        m.plan = lifecycle::plan(o, m, since).map(|(at, s)| (at.max(now + HOUR), s));
    } else if o.status == OrderStatus::DELIVERED && m.rng.chance(0.001) {
        o.payment_method = PaymentMethod::Other("SPLIT".into());
    }
}

/// Some buyers already wrote: most often about orders in trouble, sometimes not; in
/// some chats the buyer's message is the last and has waited for hours.
fn chat_seed(
    o: &BusinessOrder,
    m: &mut Meta,
    now: i64,
) -> Option<Vec<(i64, ChatSender, &'static str)>> {
    let active = matches!(
        o.status,
        OrderStatus::PROCESSING | OrderStatus::DELIVERY | OrderStatus::PICKUP
    );
    let trouble = m.fate != Fate::Normal || o.cancel_requested == Some(true);
    let created = o.creation_date.timestamp();
    let recent = now - created < 20 * DAY;
    let p = match (active, trouble) {
        (true, true) => 0.3,
        (true, false) => 0.03,
        (false, true) if recent => 0.08,
        _ => 0.005,
    };
    let r = &mut m.rng;
    if !r.chance(p) {
        return None;
    }
    let span = (now - created - HOUR).max(HOUR);
    let mut t = created + HOUR + r.range(0, span.min(5 * DAY));
    let mut messages = vec![(t, ChatSender::CUSTOMER, *r.pick(names::BUYER_OPENERS))];
    let turns = r.weighted(&[35, 35, 30]);
    for k in 0..turns {
        t += r.range(20 * MIN, 6 * HOUR);
        if t > now - 5 * MIN {
            break;
        }
        let line = if k % 2 == 0 {
            (t, ChatSender::PARTNER, *r.pick(names::SELLER_LINES))
        } else {
            (t, ChatSender::CUSTOMER, *r.pick(names::BUYER_REPLIES))
        };
        messages.push(line);
    }
    Some(messages)
}

/// Some buyers write later, as the simulated clock runs: often about an order in
/// trouble, now and then about one going well; one who already wrote follows up. The
/// draws come from a stream of their own, so the orders' own steps stay as they were.
fn later_message(
    o: &BusinessOrder,
    m: &Meta,
    now: i64,
    has_chat: bool,
) -> Option<(i64, &'static str)> {
    let active = matches!(
        o.status,
        OrderStatus::PROCESSING | OrderStatus::DELIVERY | OrderStatus::PICKUP
    );
    // Test orders get a chat, but their buyer never writes.
    if !active || o.fake {
        return None;
    }
    let trouble = m.fate != Fate::Normal || o.cancel_requested == Some(true);
    let mut r = m.rng.fork(0xB0_7E);
    if !r.chance(if trouble { 0.25 } else { 0.02 }) {
        return None;
    }
    let due = now + r.range(10 * MIN, 3 * DAY);
    let lines = if has_chat {
        names::BUYER_REPLIES
    } else {
        names::BUYER_OPENERS
    };
    Some((due, *r.pick(lines)))
}
