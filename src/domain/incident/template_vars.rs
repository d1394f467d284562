//! The values a template is filled with: what an order tells, what the agent adds,
//! the neutral default of each variable, and how dates, money and reasons read to a
//! buyer in each language. Re-exported by `template`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::domain::order::Order;
use crate::market::enums::{CancellationRejectReason, DeliveryDateReason};
use words::words;

mod words;

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
                .map(|i| match i.count {
                    1 => i.name.to_string(),
                    n => fill(words(lang).items_counted, &[("name", &i.name), ("n", &n)]),
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
    let w = words(lang);
    match name {
        Some(n) => fill(w.greeting_named, &[("name", &n)]),
        None => w.greeting.to_owned(),
    }
}

/// The neutral word a variable becomes when it has no value and no fallback.
pub fn default_value(name: &str, lang: Lang) -> &'static str {
    let w = words(lang);
    match name {
        "order_id" => w.default_order_id,
        "buyer_first_name" => w.default_buyer_first_name,
        "items" => w.default_items,
        "old_date" => w.default_old_date,
        "new_date" | "delivery_date" => w.default_new_date,
        "storage_date" => w.default_storage_date,
        "carrier" => w.default_carrier,
        "track" => w.default_track,
        "agent" => w.default_agent,
        "compensation" => w.default_compensation,
        "city" => w.default_city,
        "value" => w.default_value,
        "reason" => w.default_reason,
        "problem" => w.default_problem,
        _ => "",
    }
}

/// A day as the buyer reads it: `05.12.2026`, `5 Dec 2026`.
pub fn format_date(d: NaiveDate, lang: Lang) -> String {
    d.format(words(lang).date_format).to_string()
}

/// The `reason` for `date_moved`: what the buyer is told about why the date moved.
/// Honest by construction: a seller-side move says it is ours.
pub fn date_reason_text(reason: &DeliveryDateReason, lang: Lang) -> String {
    let w = words(lang);
    match reason {
        DeliveryDateReason::USER_MOVED_DELIVERY_DATES => w.date_reason_buyer,
        _ => w.date_reason_seller,
    }
    .to_owned()
}

/// The `reason` for `cancellation_answer`: accepted, or refused with the Market's reason.
pub fn cancellation_text(
    accepted: bool,
    reason: Option<&CancellationRejectReason>,
    lang: Lang,
) -> String {
    let w = words(lang);
    match (accepted, reason) {
        (true, _) => w.cancel_accepted,
        (false, Some(CancellationRejectReason::ORDER_DELIVERED)) => w.cancel_refused_delivered,
        (false, _) => w.cancel_refused_in_delivery,
    }
    .to_owned()
}
