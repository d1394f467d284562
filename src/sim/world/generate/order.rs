//! One generated order as it was at its creation (PROCESSING/STARTED): where it goes,
//! what was promised, what is in it, how it was paid, and the simulation state that
//! rides along (buyer, fate, shipment time).

use chrono::Duration;

use crate::base::money::Money;
use crate::market::enums::{
    BuyerType, DeliveryPartnerType, DeliveryType, DispatchType, OrderStatus, OrderSubstatus,
    PaymentMethod, PaymentType, ProgramType,
};
use crate::market::wire::BusinessOrder;
use crate::market::wire::common::{Address, CurrencyValue, Gps};
use crate::market::wire::order::{
    CourierDelivery, DeliveryDates, DeliveryPrices, ItemPrices, OrderDelivery, OrderItem,
    OrderPrices, PickupDelivery, Shipment,
};

use super::{HOUR, KAZAN_CAMPAIGN, MIN, draw_fate, shipment_id};
use crate::sim::names::{self, CITIES, City, PersonName};
use crate::sim::rng::Rng;
use crate::sim::world::lifecycle::{Fate, Meta, Model, day_start, msk_date, wire_time};

/// What the order was promised at checkout.
struct Promise {
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    times: Option<(String, String)>,
    shipment: Option<Shipment>,
    /// FBS/Express: when the shipment is collected.
    ship_at: Option<i64>,
    estimated: bool,
}

fn pick_city(r: &mut Rng, among: &[usize]) -> &'static City {
    let total: u32 = among.iter().map(|&i| CITIES[i].weight).sum();
    let mut x = r.below(u64::from(total)) as u32;
    for &i in among {
        if x < CITIES[i].weight {
            return &CITIES[i];
        }
        x -= CITIES[i].weight;
    }
    &CITIES[among[among.len() - 1]]
}

fn money(v: Money) -> CurrencyValue {
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

/// Shipment and delivery dates as the Market computes them at checkout.
fn promise(
    r: &mut Rng,
    model: Model,
    campaign_id: i64,
    city: &City,
    created: i64,
    pickup: bool,
) -> Promise {
    let created_day = msk_date(created);
    let hour = (created - day_start(created_day)) / HOUR;
    let next_day = created_day + Duration::days(1);
    let mut p = match model {
        Model::Express => {
            let at = if (8..20).contains(&hour) {
                (created + r.range(40 * MIN, 90 * MIN)).div_euclid(10 * MIN) * 10 * MIN + 10 * MIN
            } else {
                let day = if hour >= 20 { next_day } else { created_day };
                day_start(day) + 9 * HOUR + r.range(0, 5) * 10 * MIN
            };
            let day = msk_date(at);
            let h = (at - day_start(day)) / HOUR;
            Promise {
                from: day,
                to: day,
                times: Some((hhmm(h + 1), hhmm(h + 3))),
                shipment: Some(Shipment {
                    id: Some(shipment_id(campaign_id, day)),
                    shipment_date: day,
                    shipment_time: Some(wire_time(at).format("%H:%M").to_string()),
                }),
                ship_at: Some(at),
                estimated: false,
            }
        }
        Model::Fbs | Model::Fby => {
            let (lo, hi) = city.transit_days();
            let base = if model == Model::Fby || hour >= 8 {
                next_day
            } else {
                created_day
            };
            let from = base + Duration::days(r.range(lo, hi));
            let fbs = model == Model::Fbs;
            Promise {
                from,
                to: from + Duration::days(r.range(0, 2)),
                times: courier_window(r, pickup),
                shipment: fbs.then(|| Shipment {
                    id: Some(shipment_id(campaign_id, base)),
                    shipment_date: base,
                    shipment_time: None,
                }),
                // The day's shipment is collected at 11:00, before the usual 12:00
                // cut-off; it forms until then.
                ship_at: fbs.then(|| day_start(base) + 11 * HOUR),
                estimated: false,
            }
        }
        Model::Dbs => {
            let lead = [0, 1, 2, 3, 4][r.weighted(&[10, 40, 30, 12, 8])];
            let lead = if lead == 0 && hour >= 12 { 1 } else { lead };
            let from = created_day + Duration::days(lead);
            Promise {
                from,
                to: from + Duration::days([0, 1, 2][r.weighted(&[50, 30, 20])]),
                times: courier_window(r, pickup),
                shipment: None,
                ship_at: None,
                estimated: false,
            }
        }
    };
    // Long orders (31–60 days) carry an unconfirmed date until the shop confirms it.
    if model == Model::Dbs && r.chance(0.015) {
        p.from = created_day + Duration::days(r.range(31, 60));
        p.to = p.from + Duration::days(r.range(0, 3));
        p.estimated = true;
    }
    p
}

/// Where the order goes: the courier block or the pickup block, and how it is handed over.
type Placed = (
    Option<CourierDelivery>,
    Option<PickupDelivery>,
    DispatchType,
);

/// The courier or pickup block: region chain, address, outlet.
fn place(r: &mut Rng, model: Model, city: &City, pickup: bool) -> Placed {
    let region = Some(city.region());
    let street = *r.pick(names::STREETS);
    let postcode = format!("{}{:03}", city.postcode, r.below(1000));
    let gps = Gps {
        latitude: ((city.lat + (r.unit() - 0.5) * 0.2) * 1e6).round() / 1e6,
        longitude: ((city.lon + (r.unit() - 0.5) * 0.3) * 1e6).round() / 1e6,
    };
    let mut address = Address {
        country: Some("Россия".into()),
        postcode: Some(postcode),
        city: Some(city.name.into()),
        street: Some(street.into()),
        house: Some(r.range(1, 120).to_string()),
        gps: Some(gps),
        ..Address::default()
    };
    if pickup {
        let dbs = model == Model::Dbs;
        let point = r.range(1, 999_999);
        let p = PickupDelivery {
            address: Some(address),
            region,
            logistic_point_id: (!dbs).then_some(10_000_000_000 + point),
            outlet_code: Some(if dbs {
                format!("TM-PVZ-{:03}", point % 40 + 1)
            } else {
                format!("YM-{point:06}")
            }),
            outlet_storage_limit_date: None,
        };
        let dispatch = if dbs {
            DispatchType::SHOP_OUTLET
        } else {
            DispatchType::MARKET_BRANDED_OUTLET
        };
        return (None, Some(p), dispatch);
    }
    // The buyer's door is shown in full only to a shop that delivers itself.
    if model == Model::Dbs {
        address.entrance = Some(r.range(1, 8).to_string());
        address.floor = Some(r.range(1, 17).to_string());
        address.apartment = Some(r.range(1, 300).to_string());
    } else {
        address = Address {
            country: address.country,
            city: address.city,
            ..Address::default()
        };
    }
    let c = CourierDelivery {
        address: Some(address),
        region,
    };
    (Some(c), None, DispatchType::BUYER)
}

/// The items, with their payments and subsidies; and the order's payment and subsidy.
fn goods(r: &mut Rng, next_item: &mut i64) -> (Vec<OrderItem>, Money, Money) {
    let n_items = [1usize, 2, 3][r.weighted(&[75, 20, 5])];
    let mut items = Vec::with_capacity(n_items);
    let (mut paid, mut subsidy) = (Money::ZERO, Money::ZERO);
    for _ in 0..n_items {
        let &(offer, name, price) = r.pick(names::PRODUCTS);
        let count = [1i64, 2, 3][r.weighted(&[85, 12, 3])];
        // Prices and subsidies are whole roubles.
        let unit_subsidy = if r.chance(0.2) {
            (f64::from(price) * (0.05 + 0.1 * r.unit())).round() as i64
        } else {
            0
        };
        let pay = Money::from_rubles((i64::from(price) - unit_subsidy) * count);
        let unit_subsidy = Money::from_rubles(unit_subsidy * count);
        paid += pay;
        subsidy += unit_subsidy;
        items.push(OrderItem {
            id: *next_item,
            offer_id: offer.into(),
            offer_name: name.into(),
            count,
            prices: Some(ItemPrices {
                payment: Some(money(pay)),
                subsidy: (unit_subsidy > Money::ZERO).then(|| money(unit_subsidy)),
                cashback: None,
            }),
            item_statuses: Vec::new(),
            tags: Vec::new(),
            required_instance_types: Vec::new(),
        });
        *next_item += 1;
    }
    (items, paid, subsidy)
}

fn payment(r: &mut Rng, model: Model) -> (PaymentType, PaymentMethod) {
    use PaymentMethod as P;
    if model != Model::Express && r.chance(0.12) {
        let m = [P::CARD_ON_DELIVERY, P::CASH_ON_DELIVERY];
        return (PaymentType::POSTPAID, m[r.weighted(&[65, 35])].clone());
    }
    let m = [
        P::YANDEX,
        P::SBP,
        P::APPLE_PAY,
        P::GOOGLE_PAY,
        P::TINKOFF_INSTALLMENTS,
        P::BNPL_BANK_ON_DELIVERY,
    ];
    (
        PaymentType::PREPAID,
        m[r.weighted(&[60, 20, 6, 3, 6, 5])].clone(),
    )
}

/// An order as it was at creation (PROCESSING/STARTED) and its simulation state. The
/// draws from `r` come in a fixed order: the same seed makes the same world.
pub(super) fn build(
    id: i64,
    campaign_id: i64,
    model: Model,
    created: i64,
    next_item: &mut i64,
    mut r: Rng,
) -> (BusinessOrder, Meta) {
    let city = match model {
        Model::Express => pick_city(&mut r, names::EXPRESS_CITIES),
        Model::Dbs if campaign_id == KAZAN_CAMPAIGN => pick_city(&mut r, names::TATARSTAN),
        Model::Dbs => pick_city(&mut r, names::MOSCOW_AREA),
        Model::Fbs | Model::Fby => pick_city(&mut r, names::ALL_CITIES),
    };
    let pickup = match model {
        Model::Express => false,
        Model::Fbs => r.chance(0.45),
        Model::Fby => r.chance(0.5),
        Model::Dbs => r.chance(0.35),
    };
    let p = promise(&mut r, model, campaign_id, city, created, pickup);
    let service = carrier(&mut r, model);
    let placed = place(&mut r, model, city, pickup);
    let (items, paid, subsidy) = goods(&mut r, next_item);
    let delivery_fee = match model {
        Model::Dbs if paid < Money::from_rubles(3000) => {
            Money::from_rubles([0, 199, 299][r.weighted(&[40, 40, 20])])
        }
        Model::Express => Money::from_rubles([0, 99][r.weighted(&[70, 30])]),
        _ => Money::ZERO,
    };
    let (payment_type, payment_method) = payment(&mut r, model);
    let notes = (model == Model::Dbs && r.chance(0.05)).then(|| (*r.pick(names::NOTES)).to_owned());
    let buyer_type = if r.chance(0.03) {
        BuyerType::BUSINESS
    } else {
        BuyerType::PERSON
    };
    let ship_at = p.ship_at;
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
        prices: Some(prices(paid, subsidy, delivery_fee)),
        delivery: delivery(model, pickup, service, p, placed),
        buyer_type: Some(buyer_type),
        notes,
        cancel_requested: (model == Model::Dbs).then_some(false),
        source_platform: None,
    };
    let fate = draw_fate(&mut r, model, pickup);
    let meta = sim_state(model, fate, ship_at, r);
    (order, meta)
}

/// The carrier: the Market's own for FBS, FBY and Express, the shop's choice for DBS.
fn carrier(r: &mut Rng, model: Model) -> (i64, &'static str) {
    match model {
        Model::Express => names::CARRIERS[names::MARKET_COURIER],
        Model::Fbs | Model::Fby => names::CARRIERS[names::MARKET_LOGISTICS],
        Model::Dbs => {
            let w: Vec<u32> = names::DBS_CARRIERS.iter().map(|c| c.1).collect();
            names::CARRIERS[names::DBS_CARRIERS[r.weighted(&w)].0]
        }
    }
}

/// What the buyer paid for the goods and the delivery, and the Market's subsidy.
fn prices(paid: Money, subsidy: Money, delivery_fee: Money) -> OrderPrices {
    OrderPrices {
        payment: Some(money(paid + delivery_fee)),
        subsidy: (subsidy > Money::ZERO).then(|| money(subsidy)),
        cashback: None,
        delivery: Some(DeliveryPrices {
            payment: Some(money(delivery_fee)),
            subsidy: None,
        }),
    }
}

/// The delivery as promised at checkout, by the carrier, to the courier address or
/// pickup point `place` drew.
fn delivery(
    model: Model,
    pickup: bool,
    (service_id, service_name): (i64, &'static str),
    p: Promise,
    (courier, pickup_block, dispatch): Placed,
) -> OrderDelivery {
    OrderDelivery {
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
            from_date: p.from,
            to_date: Some(p.to),
            from_time: p.times.as_ref().map(|t| t.0.clone()),
            to_time: p.times.map(|t| t.1),
            real_delivery_date: None,
        },
        shipment: p.shipment,
        courier,
        pickup: pickup_block,
        tracks: Vec::new(),
        estimated: p.estimated.then_some(true),
    }
}

/// What the simulation keeps beside the order: its fate, the buyer, the call and
/// track habits, and the random stream it goes on with.
fn sim_state(model: Model, fate: Fate, ship_at: Option<i64>, mut r: Rng) -> Meta {
    let troubled = matches!(
        fate,
        Fate::Undelivered | Fate::HandsOverLate | Fate::Dispute
    );
    Meta {
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
    }
}
