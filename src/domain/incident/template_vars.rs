//! The values a template is filled with: what an order tells, what the agent adds,
//! the neutral default of each variable, and how dates, money and reasons read to a
//! buyer in each language. Re-exported by `template`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::domain::order::Order;
use crate::market::enums::{CancellationRejectReason, DeliveryDateReason};

/// The values to fill a template with, by variable name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vars {
    pub values: BTreeMap<&'static str, String>,
}

impl Vars {
    /// What the order itself tells: id, buyer's first name, planned date (as both
    /// `delivery_date` and `old_date`, the date a move starts from), carrier, tracks,
    /// city, storage limit and value.
    pub fn from_order(order: &Order, lang: Lang) -> Vars {
        let mut v = Vars::default().with("order_id", order.order_id.to_string());
        if let Some(name) = order
            .buyer_name
            .as_deref()
            .and_then(|n| n.split_whitespace().next())
        {
            v = v.with("buyer_first_name", name);
        }
        if !order.items.is_empty() {
            let items: Vec<String> = order
                .items
                .iter()
                .map(|i| match (i.count, lang) {
                    (1, _) => i.name.to_string(),
                    (n, Lang::Ru) => format!("{} ({n} шт.)", i.name),
                    (n, Lang::En) => format!("{} ({n})", i.name),
                })
                .collect();
            v = v.with("items", items.join(", "));
        }
        if let Some(due) = order.due() {
            v = v
                .with("delivery_date", format_date(due, lang))
                .with("old_date", format_date(due, lang));
        }
        if let Some(limit) = order.storage_limit {
            v = v.with("storage_date", format_date(limit, lang));
        }
        v.with("carrier", &*order.carrier)
            .with("track", order.tracks.join(", "))
            .with("city", order.city.as_deref().unwrap_or_default())
            .with("value", order.value.show(&order.currency, lang))
    }

    /// Sets a value. Text from outside is cleaned of control characters and of `{{`/`}}`,
    /// so a buyer's name can never smuggle a placeholder into a message.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Vars {
        let value = clean(&value.into()).replace("{{", "{").replace("}}", "}");
        self.values.insert(name, value.trim().to_owned());
        self
    }

    /// The value, when set and not blank.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}

pub(super) fn greeting(name: Option<&str>, lang: Lang) -> String {
    match (name, lang) {
        (Some(n), Lang::Ru) => format!("Здравствуйте, {n}!"),
        (None, Lang::Ru) => "Здравствуйте!".to_owned(),
        (Some(n), Lang::En) => format!("Hello {n},"),
        (None, Lang::En) => "Hello,".to_owned(),
    }
}

/// The neutral word a variable becomes when it has no value and no fallback.
pub fn default_value(name: &str, lang: Lang) -> &'static str {
    let (ru, en) = match name {
        "order_id" => (
            "(номер заказа указан в чате)",
            "(the order number is shown in this chat)",
        ),
        "buyer_first_name" => ("покупатель", "customer"),
        "items" => ("товары заказа", "the items of your order"),
        "old_date" => ("прежняя дата", "the original date"),
        "new_date" | "delivery_date" => (
            "дату уточним и сообщим в этом чате",
            "we will confirm the date in this chat",
        ),
        "storage_date" => ("окончания срока хранения", "the end of the storage period"),
        "carrier" => ("служба доставки", "the delivery service"),
        "track" => ("пока не присвоен", "not assigned yet"),
        "agent" => ("служба поддержки магазина", "the shop's support team"),
        "compensation" => ("компенсация", "a compensation"),
        "city" => ("ваш город", "your city"),
        "value" => ("сумма заказа", "the order amount"),
        "reason" => ("изменились условия доставки", "the delivery plan changed"),
        "problem" => (
            "отправление не доставлено в срок",
            "the parcel was not delivered on time",
        ),
        _ => ("", ""),
    };
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// A day as the buyer reads it: `05.12.2026`, `5 Dec 2026`.
pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Ru => d.format("%d.%m.%Y").to_string(),
        Lang::En => format!("{} {}", d.day(), d.format("%b %Y")),
    }
}

/// The `reason` for `date_moved`: what the buyer is told about why the date moved.
/// Honest by construction: a seller-side move says it is ours.
pub fn date_reason_text(reason: &DeliveryDateReason, lang: Lang) -> String {
    let (ru, en) = match reason {
        DeliveryDateReason::USER_MOVED_DELIVERY_DATES => (
            "вы попросили доставить заказ в другой день",
            "you asked for delivery on another day",
        ),
        _ => (
            "мы не успеваем доставить заказ в первоначальный срок",
            "we cannot deliver the order by the original date",
        ),
    };
    if lang == Lang::Ru { ru } else { en }.to_owned()
}

/// The `reason` for `cancellation_answer`: accepted, or refused with the Market's reason.
pub fn cancellation_text(
    accepted: bool,
    reason: Option<&CancellationRejectReason>,
    lang: Lang,
) -> String {
    let (ru, en) = match (accepted, reason) {
        (true, _) => (
            "Мы приняли ваш запрос: заказ будет отменён, а деньги вернутся через Маркет тем же способом, которым вы платили.",
            "We have accepted it: the order will be cancelled and the money will come back through the Market the way you paid.",
        ),
        (false, Some(CancellationRejectReason::ORDER_DELIVERED)) => (
            "К сожалению, принять его мы не можем: заказ уже доставлен. Если товар вам не подошёл, напишите нам здесь — поможем оформить возврат через Маркет.",
            "Unfortunately we cannot accept it: the order has already been delivered. If the item does not suit you, write to us here and we will help you return it through the Market.",
        ),
        (false, _) => (
            "К сожалению, принять его мы не можем: заказ уже передан в доставку. Если товар вам не подойдёт, напишите нам здесь — поможем оформить возврат через Маркет.",
            "Unfortunately we cannot accept it: the order is already out for delivery. If the item does not suit you, write to us here and we will help you return it through the Market.",
        ),
    };
    if lang == Lang::Ru { ru } else { en }.to_owned()
}
