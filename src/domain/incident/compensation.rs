//! Compensation (step 4): the configured catalogue of what an agent may offer, how
//! much each kind is worth for an order, when a lead must confirm it, and the
//! entries recorded per order. Also the carrier list (`[[incident.carriers]]`) that
//! reroute options and carrier inquiries draw on.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::base::money::{self, Money, Percent};
use crate::base::words::Msg;
use crate::market::dates::moscow;

/// One kind of compensation in the catalogue (`[[incident.compensation]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CompensationKind {
    /// Stable id recorded with each entry.
    pub id: String,
    pub name_ru: String,
    pub name_en: String,
    /// A fixed amount, in the order's currency, to the kopeck.
    #[serde(default, deserialize_with = "money::exact_opt")]
    pub amount: Option<Money>,
    /// A share of the order value, 0–100, to hundredths of a percent. With `amount`
    /// too, the smaller one applies.
    #[serde(default)]
    pub percent: Option<Percent>,
    /// What one agent may give in a Moscow day without a lead's confirmation.
    #[serde(deserialize_with = "money::exact")]
    pub per_agent_limit: Money,
}

impl CompensationKind {
    /// The kind's name for the picker.
    pub fn name(&self) -> Msg {
        Msg::new(self.name_ru.clone(), self.name_en.clone())
    }
}

/// The catalogue used when the config has none: discount on the next order, partial
/// refund, free delivery. Amounts are a starting point for a seller to adjust.
pub fn default_catalogue() -> Vec<CompensationKind> {
    vec![
        CompensationKind {
            id: "discount_next".into(),
            name_ru: "Скидка на следующий заказ".into(),
            name_en: "Discount on the next order".into(),
            amount: Some(Money::from_rubles(300)),
            percent: None,
            per_agent_limit: Money::from_rubles(3000),
        },
        CompensationKind {
            id: "partial_refund".into(),
            name_ru: "Частичный возврат".into(),
            name_en: "Partial refund".into(),
            amount: Some(Money::from_rubles(1000)),
            percent: Some(Percent::whole(10)),
            per_agent_limit: Money::from_rubles(5000),
        },
        CompensationKind {
            id: "free_delivery".into(),
            name_ru: "Бесплатная доставка следующего заказа".into(),
            name_en: "Free delivery of the next order".into(),
            amount: Some(Money::from_rubles(250)),
            percent: None,
            per_agent_limit: Money::from_rubles(2500),
        },
    ]
}

/// Checks a catalogue: unique ids, names, a sensible amount or percent, a limit.
pub fn validate_catalogue(kinds: &[CompensationKind]) -> Result<(), String> {
    for (i, k) in kinds.iter().enumerate() {
        if k.id.trim().is_empty() || k.name_ru.trim().is_empty() || k.name_en.trim().is_empty() {
            return Err(format!(
                "entry {}: id, name_ru and name_en must not be empty",
                i + 1
            ));
        }
        if kinds[..i].iter().any(|o| o.id == k.id) {
            return Err(format!("id {:?} appears twice", k.id));
        }
        if k.amount.is_none() && k.percent.is_none() {
            return Err(format!("{}: give amount, percent or both", k.id));
        }
        if k.amount.is_some_and(|a| a < Money::ZERO) {
            return Err(format!("{}: amount must be a number ≥ 0", k.id));
        }
        if k.percent
            .is_some_and(|p| !(Percent::whole(0)..=Percent::whole(100)).contains(&p))
        {
            return Err(format!("{}: percent must be within 0..=100", k.id));
        }
        if k.per_agent_limit < Money::ZERO {
            return Err(format!("{}: per_agent_limit must be a number ≥ 0", k.id));
        }
    }
    Ok(())
}

/// What this kind is worth for an order of this value: a share is rounded half away
/// from zero to the kopeck ([`Money::percent`]).
pub fn evaluate(kind: &CompensationKind, order_value: Money) -> Money {
    let share = kind
        .percent
        .map(|p| order_value.max(Money::ZERO).percent(p));
    match (kind.amount, share) {
        (Some(a), Some(s)) => a.min(s),
        (Some(a), None) => a,
        (None, Some(s)) => s,
        (None, None) => Money::ZERO,
    }
}

/// Whether a lead must confirm: the agent's total of this kind today, with this one,
/// would exceed the per-agent limit (exactly at the limit is the agent's call).
pub fn needs_lead(kind: &CompensationKind, amount: Money, agent_given_today: Money) -> bool {
    agent_given_today + amount > kind.per_agent_limit
}

/// One compensation given on an order, as stored in `incidents.compensation`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Given {
    /// The catalogue kind's id.
    pub kind: String,
    /// Stored as a number of roubles, as before amounts were kopecks.
    pub amount: Money,
    pub at: DateTime<Utc>,
    /// The agent who offered it.
    pub by: String,
    /// The lead who confirmed it, when it was above the agent's limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_by: Option<String>,
}

/// What `agent` gave of `kind` on the Moscow day of `now`, over any orders' entries:
/// the `agent_given_today` for [`needs_lead`].
pub fn given_today(entries: &[Given], agent: &str, kind: &str, now: DateTime<Utc>) -> Money {
    let day = now.with_timezone(&moscow()).date_naive();
    entries
        .iter()
        .filter(|g| {
            g.by == agent && g.kind == kind && g.at.with_timezone(&moscow()).date_naive() == day
        })
        .map(|g| g.amount)
        .sum()
}

/// A carrier the seller works with (`[[incident.carriers]]`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarrierContact {
    /// The Market's `deliveryServiceId` (from `GET /v2/delivery/services`).
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Anything an agent should know: hours, account number, ticket portal.
    #[serde(default)]
    pub note: Option<String>,
}

/// Checks the carrier list: positive unique ids and names.
pub fn validate_carriers(carriers: &[CarrierContact]) -> Result<(), String> {
    for (i, c) in carriers.iter().enumerate() {
        if c.id <= 0 {
            return Err(format!(
                "entry {}: id must be the Market's deliveryServiceId (> 0)",
                i + 1
            ));
        }
        if c.name.trim().is_empty() {
            return Err(format!("carrier {}: name must not be empty", c.id));
        }
        if carriers[..i].iter().any(|o| o.id == c.id) {
            return Err(format!("carrier id {} appears twice", c.id));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
