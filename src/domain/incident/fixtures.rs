//! Test fixtures shared by the incident modules: one plausible order per model and
//! instants written with their offsets, so every test reads in Moscow time.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::checks::{CheckContext, Verdict, WriteAction, check};
use crate::base::words::Msg;
use crate::domain::order::{History, Order};
use crate::market::enums::{
    DeliveryPartnerType, DeliveryType, OrderStatus, OrderSubstatus, ProgramType,
};

/// An instant written with its offset: "…+03:00" for Moscow, "…Z" for UTC.
pub fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("a test instant")
        .to_utc()
}

/// A calendar day, `YYYY-MM-DD`.
pub fn d(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

/// Thursday 2026-11-26, 15:00 Moscow: a quiet working afternoon.
pub fn afternoon() -> DateTime<Utc> {
    t("2026-11-26T15:00:00+03:00")
}

/// A PROCESSING/STARTED order of this model: created Nov 24, ships Nov 30 at 14:00
/// Moscow, delivers Dec 3–5, carrier 51 "Courier LLC", no track, nothing requested.
pub fn order(model: ProgramType) -> Order {
    let partner = if model == ProgramType::DBS {
        DeliveryPartnerType::SHOP
    } else {
        DeliveryPartnerType::YANDEX_MARKET
    };
    Order {
        order_id: 48_356_963_868,
        campaign_id: 21,
        business_id: 7,
        model,
        status: OrderStatus::PROCESSING,
        substatus: OrderSubstatus::STARTED,
        created_at: t("2026-11-24T10:00:00+03:00"),
        updated_at: Some(t("2026-11-24T10:00:00+03:00")),
        ship_date: Some(d("2026-11-30")),
        ship_time: NaiveTime::from_hms_opt(14, 0, 0),
        due_from: Some(d("2026-12-03")),
        due_to: Some(d("2026-12-05")),
        real_delivery_date: None,
        delivery_type: DeliveryType::DELIVERY,
        partner,
        carrier_id: 51,
        carrier: "Courier LLC".into(),
        tracks: Vec::new(),
        region: Some("Москва и Московская область".into()),
        city: Some("Москва".into()),
        value: crate::base::money::Money::from_rubles(2500),
        currency: "RUR".into(),
        buyer_name: Some("Анна Петрова".into()),
        cancel_requested: false,
        estimated: false,
        storage_limit: None,
        expiry: None,
        items_lost: false,
        items: Vec::new(),
    }
}

/// A DBS order in this status and substatus.
pub fn dbs(status: OrderStatus, sub: OrderSubstatus) -> Order {
    Order {
        status,
        substatus: sub,
        ..order(ProgramType::DBS)
    }
}

/// A check context with every default and no evidence recorded.
pub fn ctx() -> CheckContext {
    CheckContext::default()
}

/// Checks an action at `afternoon()`.
pub fn run(action: WriteAction, o: &Order, h: &History, c: &CheckContext) -> Verdict {
    check(&action, o, h, c, afternoon())
}

/// Whether any message's English text contains `needle`.
pub fn has(msgs: &[Msg], needle: &str) -> bool {
    msgs.iter().any(|m| m.en.contains(needle))
}

/// A status change, with a real delivery day as `YYYY-MM-DD`.
pub fn status(s: OrderStatus, sub: Option<OrderSubstatus>, real: Option<&str>) -> WriteAction {
    WriteAction::SetStatus {
        status: s,
        substatus: sub,
        real_delivery_date: real.map(d),
    }
}
