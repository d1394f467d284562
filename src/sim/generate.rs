//! Deterministic generation of the simulated Market: the business, its campaigns, and
//! orders with their buyers, items, delivery and history, plus the chats some buyers
//! already started. Everything is a function of `(seed, now)`.
//!
//! Each order is built as it was at its creation and then lived forward to `now` by
//! the same lifecycle `advance` uses, with a *fate* drawn so that roughly 5–10 % of
//! the orders end up matching an at-risk rule of the product brief.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use crate::market::enums::{
    BuyerType, ChatSender, DeliveryPartnerType, DeliveryType, DispatchType, OrderStatus,
    OrderSubstatus, PaymentMethod, PaymentType, PlacementType, ProgramType,
};
use crate::market::wire::common::{Address, CurrencyValue, Gps};
use crate::market::wire::order::{
    CourierDelivery, DeliveryDates, DeliveryPrices, ItemPrices, OrderDelivery, OrderItem,
    OrderPrices, PickupDelivery, Shipment,
};
use crate::market::wire::{Business, BusinessOrder, Campaign};

use super::names::{self, CITIES, City, PersonName};
use super::rng::Rng;
use super::world::lifecycle::{self, Fate, Meta, Model, day_start, msk_date, wire_time};

const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

/// The business all campaigns belong to.
pub(super) const BUSINESS_ID: i64 = 7_654_321;
const BUSINESS_NAME: &str = "ООО «ТехноМир»";
/// The first order id: ids grow with creation time, as the Market's do.
const FIRST_ORDER_ID: i64 = 48_291_736_450;
const FIRST_ITEM_ID: i64 = 312_804_115;
/// How far back orders were created.
const HISTORY_DAYS: f64 = 60.0;

/// The campaigns: (id, name, model, share of the orders).
const CAMPAIGNS: &[(i64, &str, Model, u32)] = &[
    (23_910_458, "ТехноМир FBS", Model::Fbs, 35),
    (24_187_302, "ТехноМир Экспресс", Model::Express, 10),
    (21_845_670, "ТехноМир — доставка магазина", Model::Dbs, 25),
    (25_002_741, "ТехноМир Казань", Model::Dbs, 10),
    (22_563_019, "ТехноМир FBY", Model::Fby, 20),
];

/// A chat some buyer already started: the order's index and its messages.
pub(super) struct ChatSeed {
    pub order: usize,
    pub messages: Vec<(i64, ChatSender, &'static str)>,
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
            api_availability: Some(crate::market::enums::ApiAvailability::AVAILABLE),
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
        let (mut order, mut meta) = build(next_id, campaign_id, model, created, &mut next_item, r);
        live_until(&mut order, &mut meta, created, now_s, &mut tracks);
        exotic(&mut order, &mut meta, now_s);
        if let Some(seed) = chat_seed(i, &order, &mut meta, now_s) {
            out.chats.push(seed);
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

fn pick_city(r: &mut Rng, among: &[usize]) -> &'static City {
    let w: Vec<u32> = among.iter().map(|&i| CITIES[i].weight).collect();
    &CITIES[among[r.weighted(&w)]]
}

fn money(v: f64) -> CurrencyValue {
    CurrencyValue {
        value: v,
        currency_id: "RUR".into(),
    }
}

fn hhmm(h: i64) -> String {
    if h >= 24 {
        "23:59".into()
    } else {
        format!("{h:02}:00")
    }
}

/// An order as it was at creation (PROCESSING/STARTED) and its simulation state.
fn build(
    id: i64,
    campaign_id: i64,
    model: Model,
    created: i64,
    next_item: &mut i64,
    mut r: Rng,
) -> (BusinessOrder, Meta) {
    let all: Vec<usize> = (0..CITIES.len()).collect();
    let city = match (model, campaign_id) {
        (Model::Express, _) => pick_city(&mut r, names::EXPRESS_CITIES),
        (Model::Dbs, 25_002_741) => pick_city(&mut r, names::TATARSTAN),
        (Model::Dbs, _) => pick_city(&mut r, names::MOSCOW_AREA),
        _ => pick_city(&mut r, &all),
    };
    let pickup = match model {
        Model::Express => false,
        Model::Fbs => r.chance(0.45),
        Model::Fby => r.chance(0.5),
        Model::Dbs => r.chance(0.35),
    };
    let created_day = msk_date(created);
    let hour = (created - day_start(created_day)) / HOUR;

    // Shipment and promised dates.
    let mut ship_at = None;
    let mut shipment = None;
    let (from, to, times) = match model {
        Model::Express => {
            let at = if (8..20).contains(&hour) {
                (created + r.range(40 * MIN, 90 * MIN)).div_euclid(10 * MIN) * 10 * MIN + 10 * MIN
            } else {
                let day = if hour >= 20 {
                    created_day + Duration::days(1)
                } else {
                    created_day
                };
                day_start(day) + 9 * HOUR + r.range(0, 5) * 10 * MIN
            };
            ship_at = Some(at);
            let day = msk_date(at);
            let h = (at - day_start(day)) / HOUR;
            shipment = Some(Shipment {
                id: Some(shipment_id(campaign_id, day)),
                shipment_date: day,
                shipment_time: Some(wire_time(at).format("%H:%M").to_string()),
            });
            (day, day, Some((hhmm(h + 1), hhmm(h + 3))))
        }
        Model::Fbs | Model::Fby => {
            let (lo, hi) = city.transit_days();
            let base = if model == Model::Fby || hour >= 8 {
                created_day + Duration::days(1)
            } else {
                created_day
            };
            if model == Model::Fbs {
                // The day's shipment is collected at 11:00, before the usual 12:00
                // cut-off; it forms until then.
                ship_at = Some(day_start(base) + 11 * HOUR);
                shipment = Some(Shipment {
                    id: Some(shipment_id(campaign_id, base)),
                    shipment_date: base,
                    shipment_time: None,
                });
            }
            let from = base + Duration::days(r.range(lo, hi));
            (
                from,
                from + Duration::days(r.range(0, 2)),
                courier_window(&mut r, pickup),
            )
        }
        Model::Dbs => {
            let lead = [0, 1, 2, 3, 4][r.weighted(&[10, 40, 30, 12, 8])];
            let lead = if lead == 0 && hour >= 12 { 1 } else { lead };
            let from = created_day + Duration::days(lead);
            let to = from + Duration::days([0, 1, 2][r.weighted(&[50, 30, 20])]);
            (from, to, courier_window(&mut r, pickup))
        }
    };
    let estimated = model == Model::Dbs && r.chance(0.015);
    let (from, to) = if estimated {
        let f = created_day + Duration::days(r.range(31, 60));
        (f, f + Duration::days(r.range(0, 3)))
    } else {
        (from, to)
    };

    let (service_id, service_name) = match model {
        Model::Express => names::CARRIERS[names::MARKET_COURIER],
        Model::Fbs | Model::Fby => names::CARRIERS[names::MARKET_LOGISTICS],
        Model::Dbs => {
            let w: Vec<u32> = names::DBS_CARRIERS.iter().map(|c| c.1).collect();
            names::CARRIERS[names::DBS_CARRIERS[r.weighted(&w)].0]
        }
    };
    let region = city.region();
    let street = *r.pick(names::STREETS);
    let postcode = format!("{}{:03}", city.postcode, r.below(1000));
    let gps = Gps {
        latitude: ((city.lat + (r.unit() - 0.5) * 0.2) * 1e6).round() / 1e6,
        longitude: ((city.lon + (r.unit() - 0.5) * 0.3) * 1e6).round() / 1e6,
    };
    let house = format!("{}", r.range(1, 120));
    let (courier, pickup_block, dispatch) = if pickup {
        let address = Address {
            country: Some("Россия".into()),
            postcode: Some(postcode),
            city: Some(city.name.into()),
            street: Some(street.into()),
            house: Some(house),
            gps: Some(gps),
            ..Address::default()
        };
        let (point, code, dispatch) = if model == Model::Dbs {
            (
                None,
                Some(format!("TM-PVZ-{:03}", r.range(1, 40))),
                DispatchType::SHOP_OUTLET,
            )
        } else {
            let point = 10_000_000_000 + r.range(1, 999_999);
            (Some(point), None, DispatchType::MARKET_BRANDED_OUTLET)
        };
        let p = PickupDelivery {
            address: Some(address),
            region: Some(region),
            logistic_point_id: point,
            outlet_code: code,
            outlet_storage_limit_date: None,
        };
        (None, Some(p), dispatch)
    } else {
        // The buyer's door is shown in full only to a shop that delivers itself.
        let address = if model == Model::Dbs {
            Address {
                country: Some("Россия".into()),
                postcode: Some(postcode),
                city: Some(city.name.into()),
                street: Some(street.into()),
                house: Some(house),
                entrance: Some(r.range(1, 8).to_string()),
                floor: Some(r.range(1, 17).to_string()),
                apartment: Some(r.range(1, 300).to_string()),
                gps: Some(gps),
                ..Address::default()
            }
        } else {
            Address {
                country: Some("Россия".into()),
                city: Some(city.name.into()),
                ..Address::default()
            }
        };
        let c = CourierDelivery {
            address: Some(address),
            region: Some(region),
        };
        (Some(c), None, DispatchType::BUYER)
    };

    // Items and money.
    let n_items = [1usize, 2, 3][r.weighted(&[75, 20, 5])];
    let mut items = Vec::with_capacity(n_items);
    let (mut paid, mut subsidy) = (0.0, 0.0);
    for _ in 0..n_items {
        let &(offer, name, price) = r.pick(names::PRODUCTS);
        let count = [1i64, 2, 3][r.weighted(&[85, 12, 3])];
        let unit_subsidy = if r.chance(0.2) {
            (f64::from(price) * (0.05 + 0.1 * r.unit())).round()
        } else {
            0.0
        };
        let pay = (f64::from(price) - unit_subsidy) * count as f64;
        paid += pay;
        subsidy += unit_subsidy * count as f64;
        items.push(OrderItem {
            id: *next_item,
            offer_id: offer.into(),
            offer_name: name.into(),
            count,
            prices: Some(ItemPrices {
                payment: Some(money(pay)),
                subsidy: (unit_subsidy > 0.0).then(|| money(unit_subsidy * count as f64)),
                cashback: None,
            }),
            item_statuses: Vec::new(),
            tags: Vec::new(),
            required_instance_types: Vec::new(),
        });
        *next_item += 1;
    }
    let delivery_fee = match model {
        Model::Dbs if paid < 3000.0 => [0.0, 199.0, 299.0][r.weighted(&[40, 40, 20])],
        Model::Express => [0.0, 99.0][r.weighted(&[70, 30])],
        _ => 0.0,
    };
    let (payment_type, payment_method) = if model != Model::Express && r.chance(0.12) {
        let m = [
            PaymentMethod::CARD_ON_DELIVERY,
            PaymentMethod::CASH_ON_DELIVERY,
        ];
        (PaymentType::POSTPAID, m[r.weighted(&[65, 35])].clone())
    } else {
        let m = [
            PaymentMethod::YANDEX,
            PaymentMethod::SBP,
            PaymentMethod::APPLE_PAY,
            PaymentMethod::GOOGLE_PAY,
            PaymentMethod::TINKOFF_INSTALLMENTS,
            PaymentMethod::BNPL_BANK_ON_DELIVERY,
        ];
        (
            PaymentType::PREPAID,
            m[r.weighted(&[60, 20, 6, 3, 6, 5])].clone(),
        )
    };
    let notes = (model == Model::Dbs && r.chance(0.05)).then(|| {
        r.pick(&[
            "Позвонить за час до доставки",
            "Домофон не работает, звонить на телефон",
            "Оставить у консьержа",
            "Не звонить в дверь, спит ребёнок",
        ])
        .to_string()
    });
    let buyer_type = if r.chance(0.03) {
        BuyerType::BUSINESS
    } else {
        BuyerType::PERSON
    };

    let order = BusinessOrder {
        order_id: id,
        campaign_id,
        program_type: Some(match model {
            Model::Fbs => ProgramType::FBS,
            Model::Express => ProgramType::EXPRESS,
            Model::Dbs => ProgramType::DBS,
            Model::Fby => ProgramType::FBY,
        }),
        external_order_id: None,
        status: OrderStatus::PROCESSING,
        substatus: OrderSubstatus::STARTED,
        creation_date: wire_time(created),
        update_date: Some(wire_time(created)),
        payment_type,
        payment_method,
        fake: false,
        items,
        prices: Some(OrderPrices {
            payment: Some(money(paid + delivery_fee)),
            subsidy: (subsidy > 0.0).then(|| money(subsidy)),
            cashback: None,
            delivery: Some(DeliveryPrices {
                payment: Some(money(delivery_fee)),
                subsidy: None,
            }),
        }),
        delivery: OrderDelivery {
            kind: if pickup {
                DeliveryType::PICKUP
            } else {
                DeliveryType::DELIVERY
            },
            service_name: service_name.into(),
            delivery_service_id: service_id,
            warehouse_id: None,
            delivery_partner_type: if model == Model::Dbs {
                DeliveryPartnerType::SHOP
            } else {
                DeliveryPartnerType::YANDEX_MARKET
            },
            dispatch_type: Some(dispatch),
            dates: DeliveryDates {
                from_date: from,
                to_date: Some(to),
                from_time: times.as_ref().map(|t| t.0.clone()),
                to_time: times.map(|t| t.1),
                real_delivery_date: None,
            },
            shipment,
            courier,
            pickup: pickup_block,
            tracks: Vec::new(),
            estimated: estimated.then_some(true),
        },
        buyer_type: Some(buyer_type),
        notes,
        cancel_requested: (model == Model::Dbs).then_some(false),
        source_platform: None,
    };
    let fate = draw_fate(&mut r, model, pickup);
    let troubled = matches!(
        fate,
        Fate::Undelivered | Fate::HandsOverLate | Fate::Dispute
    );
    let meta = Meta {
        model,
        fate,
        buyer: PersonName::draw(&mut r),
        phone: 9_000_000_000 + r.below(1_000_000_000),
        trusted: r.chance(0.3),
        calls_done: model == Model::Dbs && r.chance(if troubled { 0.35 } else { 0.04 }),
        no_track: model == Model::Dbs && r.chance(0.12),
        ship_at,
        date_moves: 0,
        storage_extended: false,
        cancel_requested_at: None,
        plan: None,
        generation: 0,
        rng: r,
    };
    (order, meta)
}

fn courier_window(r: &mut Rng, pickup: bool) -> Option<(String, String)> {
    const WINDOWS: [(&str, &str); 5] = [
        ("09:00", "13:00"),
        ("10:00", "18:00"),
        ("14:00", "18:00"),
        ("18:00", "22:00"),
        ("09:00", "21:00"),
    ];
    (!pickup).then(|| {
        let (a, b) = *r.pick(&WINDOWS);
        (a.to_owned(), b.to_owned())
    })
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
fn chat_seed(i: usize, o: &BusinessOrder, m: &mut Meta, now: i64) -> Option<ChatSeed> {
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
    Some(ChatSeed { order: i, messages })
}
