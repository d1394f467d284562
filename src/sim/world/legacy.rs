//! The legacy `OrderDTO` the status write answers with, built from the v1 order: the
//! same facts in the older shape (per-unit prices, `shipments[]` of parcels, buyer
//! names for DBS, the shop's tax system).

use crate::base::money::Money;
use crate::market::enums::{BuyerType, TaxSystem};
use crate::market::wire::BusinessOrder;
use crate::market::wire::legacy::{
    LegacyBuyer, LegacyDelivery, LegacyDeliveryDates, LegacyItem, LegacyOrder, LegacyShipment,
};
use crate::market::wire::order::OrderItem;

use super::lifecycle::{Meta, Model};
use crate::sim::rng::Rng;

/// The simulated business is a company on the general tax system.
const TAX_SYSTEM: TaxSystem = TaxSystem::OSN;

/// The id the Market gives an order's parcel (legacy `shipments[].id`): one parcel per
/// order, stable, and unlike the id of the FBS shipment the order leaves in.
pub(super) fn parcel_id(order_id: i64) -> i64 {
    80_000_000 + (Rng::new(order_id as u64 ^ 0x009A_2CE1).next_u64() % 20_000_000) as i64
}

/// An amount of the v1 order per unit, as the legacy shape's number of roubles (the
/// simulated prices are whole roubles per unit, so this divides evenly).
fn per_unit(v: Option<&crate::market::wire::common::CurrencyValue>, count: i64) -> f64 {
    v.map_or(Money::ZERO, |c| {
        Money::from_kopecks(c.value.kopecks() / count)
    })
    .to_f64()
}

/// The legacy shape of an order. Buyer names go only to a DBS shop, as the Market does.
pub(super) fn legacy(o: &BusinessOrder, m: &Meta) -> LegacyOrder {
    let items: Vec<LegacyItem> = o.items.iter().map(legacy_item).collect();
    let items_total = items.iter().map(|i| i.buyer_price * i.count as f64).sum();
    let before_discount = items
        .iter()
        .map(|i| i.buyer_price_before_discount * i.count as f64)
        .sum();
    let delivery_total = o
        .prices
        .as_ref()
        .and_then(|p| p.delivery.as_ref())
        .map_or(0.0, |d| per_unit(d.payment.as_ref(), 1));
    let dbs = m.model == Model::Dbs;
    let delivery = legacy_delivery(o, dbs);
    let buyer = legacy_buyer(o, m, dbs);
    LegacyOrder {
        id: o.order_id,
        status: o.status.clone(),
        substatus: o.substatus.clone(),
        creation_date: o.creation_date,
        updated_at: o.update_date,
        expiry_date: None,
        currency: "RUR".into(),
        items_total,
        delivery_total,
        buyer_items_total_before_discount: before_discount,
        payment_type: o.payment_type.clone(),
        payment_method: o.payment_method.clone(),
        fake: o.fake,
        cancel_requested: o.cancel_requested,
        notes: o.notes.clone(),
        items,
        delivery,
        buyer: Some(buyer),
        tax_system: Some(TAX_SYSTEM),
    }
}

/// An item with per-unit prices.
fn legacy_item(i: &OrderItem) -> LegacyItem {
    let count = i.count.max(1);
    let prices = i.prices.as_ref();
    let paid = per_unit(prices.and_then(|p| p.payment.as_ref()), count);
    let subsidy = per_unit(prices.and_then(|p| p.subsidy.as_ref()), count);
    // The Market's subsidy makes up the discounts, so paid + subsidy is the
    // price before them: the struck-out one the buyer saw.
    LegacyItem {
        id: i.id,
        offer_id: i.offer_id.clone(),
        offer_name: i.offer_name.clone(),
        price: paid + subsidy,
        buyer_price: paid,
        buyer_price_before_discount: paid + subsidy,
        count: i.count,
        promos: Vec::new(),
        instances: Vec::new(),
        subsidies: Vec::new(),
    }
}

/// The delivery: the address for DBS only, the pickup point's code and storage limit,
/// one parcel per shipment.
fn legacy_delivery(o: &BusinessOrder, dbs: bool) -> LegacyDelivery {
    let d = &o.delivery;
    let pickup = d.pickup.as_ref();
    LegacyDelivery {
        kind: d.kind.clone(),
        service_name: d.service_name.clone(),
        delivery_partner_type: d.delivery_partner_type.clone(),
        delivery_service_id: d.delivery_service_id,
        dates: LegacyDeliveryDates {
            from_date: d.dates.from_date,
            to_date: d.dates.to_date,
            from_time: d.dates.from_time.clone(),
            to_time: d.dates.to_time.clone(),
            real_delivery_date: d.dates.real_delivery_date,
        },
        region: d.region().cloned(),
        // The legacy shape carries the address for DBS only (the pickup point's for PICKUP).
        address: if dbs { d.address().cloned() } else { None },
        outlet_code: pickup.and_then(|p| p.outlet_code.clone()),
        outlet_storage_limit_date: pickup.and_then(|p| p.outlet_storage_limit_date),
        tracks: d.tracks.clone(),
        shipments: d
            .shipment
            .iter()
            .map(|s| LegacyShipment {
                id: Some(parcel_id(o.order_id)),
                shipment_date: Some(s.shipment_date),
                shipment_time: s.shipment_time.clone(),
                tracks: Vec::new(),
            })
            .collect(),
        estimated: d.estimated,
    }
}

/// The buyer: named for a DBS shop, only the kind for the others.
fn legacy_buyer(o: &BusinessOrder, m: &Meta, dbs: bool) -> LegacyBuyer {
    let kind = o.buyer_type.clone().unwrap_or(BuyerType::PERSON);
    if dbs {
        LegacyBuyer {
            id: Some(super::buyer_public_id(o.order_id)),
            last_name: Some(m.buyer.last()),
            first_name: Some(m.buyer.first().to_owned()),
            middle_name: Some(m.buyer.middle().to_owned()),
            kind,
        }
    } else {
        LegacyBuyer {
            id: None,
            last_name: None,
            first_name: None,
            middle_name: None,
            kind,
        }
    }
}
