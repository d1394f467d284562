//! `ym-triage show ORDER`: one order's card for quick checks and scripts, read from the
//! cache with or without the key — status, dates, carrier and tracks, the rules the
//! service stored with severity and deadline, the incident, the buyer, the timeline,
//! the last chat messages, returns and the outbox rows. Every text from outside is
//! cleaned before it is printed.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::app::status::{IncidentSummary, iso};
use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::base::text::clean;
use crate::cache::{
    Cache, CacheError, Event, OutboxRow, StoredBuyer, StoredChatMessage, StoredReturn,
};
use crate::domain::risk::{Match, Severity};
use crate::market::dates::moscow;

/// How many of the last chat messages the card shows.
const CHAT_SHOWN: usize = 10;

/// The card. Field names are a stable interface (`show --json`).
#[derive(Debug, Serialize)]
pub struct Card {
    pub order_id: i64,
    pub campaign_id: i64,
    pub model: String,
    pub status: String,
    pub substatus: String,
    pub created_at: String,
    pub updated_at: Option<String>,
    pub ship_date: Option<String>,
    pub delivery_from: Option<String>,
    pub delivery_to: Option<String>,
    pub carrier: String,
    pub tracks: Vec<String>,
    pub city: Option<String>,
    /// A number of roubles (the order's currency) in JSON.
    pub value: Money,
    /// The order's currency, for the text form's amount.
    #[serde(skip)]
    pub currency: String,
    pub rules: Vec<RuleLine>,
    /// The worst severity, `null` when no rule matches.
    pub severity: Option<&'static str>,
    /// The earliest deadline of the matched rules.
    pub due: Option<String>,
    pub incident: Option<IncidentSummary>,
    pub buyer: Option<BuyerLine>,
    /// What the sync observed, newest first.
    pub timeline: Vec<TimelineLine>,
    /// The last messages of the chat with the buyer, oldest first.
    pub chat: Vec<ChatLine>,
    pub returns: Vec<ReturnLine>,
    pub outbox: Vec<OutboxLine>,
}

/// One matched rule.
#[derive(Debug, Serialize)]
pub struct RuleLine {
    pub rule: &'static str,
    pub severity: &'static str,
    pub due: Option<String>,
}

/// The buyer, as the service fetched them (DBS orders with an incident).
#[derive(Debug, Serialize)]
pub struct BuyerLine {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub trusted: Option<bool>,
}

/// One event of the timeline.
#[derive(Debug, Serialize)]
pub struct TimelineLine {
    pub at: String,
    pub kind: String,
    pub text: String,
}

/// One chat message.
#[derive(Debug, Serialize)]
pub struct ChatLine {
    pub at: String,
    pub sender: String,
    pub text: String,
}

/// One return or unredeemed parcel.
#[derive(Debug, Serialize)]
pub struct ReturnLine {
    pub return_id: i64,
    pub return_type: String,
    pub shipment_status: Option<String>,
    pub refund_status: Option<String>,
    /// While the parcel waits at a pickup point: the seller's last moment to collect it.
    pub pickup_till: Option<String>,
}

/// One write to the Market for the order.
#[derive(Debug, Serialize)]
pub struct OutboxLine {
    pub kind: String,
    pub state: String,
    pub error: Option<String>,
}

/// Why there is no card.
#[derive(Debug, thiserror::Error)]
pub enum ShowError {
    #[error("order {0} is not in the cache")]
    NotCached(i64),
    #[error(transparent)]
    Cache(#[from] CacheError),
}

impl Card {
    /// Reads the card of `order_id` from the cache.
    pub fn read(cache: &Cache, order_id: i64, now: DateTime<Utc>) -> Result<Card, ShowError> {
        let Some((o, _)) = cache.load_order(order_id)? else {
            return Err(ShowError::NotCached(order_id));
        };
        let risk = cache.risk_of(order_id)?;
        let claimant = cache.claimants(now)?.remove(&order_id);
        let chat = cache.chat_messages(order_id)?;
        let skip = chat.len().saturating_sub(CHAT_SHOWN);
        Ok(Card {
            order_id,
            campaign_id: o.campaign_id,
            model: o.model.to_string(),
            status: o.status.to_string(),
            substatus: o.substatus.to_string(),
            created_at: iso(o.created_at),
            updated_at: o.updated_at.map(iso),
            ship_date: o.ship_date.map(|d| d.to_string()),
            delivery_from: o.due_from.map(|d| d.to_string()),
            delivery_to: o.due_to.map(|d| d.to_string()),
            carrier: o.carrier.to_string(),
            tracks: o.tracks.clone(),
            city: o.city.as_deref().map(str::to_owned),
            value: o.value,
            currency: o.currency.to_string(),
            severity: risk.severity().map(Severity::as_str),
            due: risk.due().map(iso),
            rules: risk.matches.iter().map(RuleLine::of).collect(),
            incident: cache
                .incident(order_id)?
                .map(|i| IncidentSummary::of(&i, claimant)),
            buyer: cache
                .buyer(order_id)?
                .filter(|b| b.error.is_none())
                .map(BuyerLine::of),
            timeline: cache
                .events(order_id)?
                .into_iter()
                .map(TimelineLine::of)
                .collect(),
            chat: chat.into_iter().skip(skip).map(ChatLine::of).collect(),
            returns: cache
                .returns_of(order_id)?
                .into_iter()
                .map(ReturnLine::of)
                .collect(),
            outbox: cache
                .outbox_for_order(order_id)?
                .into_iter()
                .map(OutboxLine::of)
                .collect(),
        })
    }

    /// The card as a person reads it; times in Moscow time.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        self.write_order(&mut s);
        self.write_rules(&mut s);
        self.write_incident(&mut s);
        self.write_buyer(&mut s);
        self.write_timeline(&mut s);
        self.write_chat(&mut s);
        self.write_returns(&mut s);
        self.write_outbox(&mut s);
        s
    }

    /// The order's own lines: model, campaign, status, dates, carrier, city and value.
    fn write_order(&self, s: &mut String) {
        let _ = writeln!(
            s,
            "order {} · {} · campaign {} · {}/{}",
            self.order_id,
            clean(&self.model),
            self.campaign_id,
            clean(&self.status),
            clean(&self.substatus)
        );
        let dates = match (&self.delivery_from, &self.delivery_to) {
            (Some(f), Some(t)) if f != t => format!("{f}..{t}"),
            (Some(d), _) | (None, Some(d)) => d.clone(),
            (None, None) => "—".into(),
        };
        let _ = writeln!(
            s,
            "delivery {dates} · ships {} · {} {} · {} · {}",
            self.ship_date.as_deref().unwrap_or("—"),
            clean(&self.carrier),
            clean(&self.tracks.join(" ")),
            self.city.as_deref().map_or("—".into(), clean),
            self.value.show(&self.currency, Lang::En)
        );
    }

    /// One line per matched rule, or a line saying none match.
    fn write_rules(&self, s: &mut String) {
        if self.rules.is_empty() {
            let _ = writeln!(s, "rules: none match");
        }
        for r in &self.rules {
            let _ = writeln!(
                s,
                "rule {} {} · due {}",
                r.severity,
                r.rule,
                r.due.as_deref().map_or("—".into(), msk)
            );
        }
    }

    /// The incident: opened, step, who holds it and whether it is closed.
    fn write_incident(&self, s: &mut String) {
        match &self.incident {
            Some(i) => {
                let _ = writeln!(
                    s,
                    "incident opened {} · step {} · {} · {}",
                    msk(&i.opened_at),
                    i.step,
                    i.claimed_by
                        .as_deref()
                        .map_or("unclaimed".into(), |c| format!("claimed by {}", clean(c))),
                    i.closed_at
                        .as_deref()
                        .map_or("open".into(), |c| format!("closed {}", msk(c)))
                );
            }
            None => {
                let _ = writeln!(s, "incident: none");
            }
        }
    }

    /// The buyer's name and phone, with the do-not-call hint for trusted buyers.
    fn write_buyer(&self, s: &mut String) {
        if let Some(b) = &self.buyer {
            let _ = writeln!(
                s,
                "buyer {} · {}{}",
                b.name.as_deref().map_or("—".into(), clean),
                b.phone.as_deref().map_or("—".into(), clean),
                if b.trusted == Some(true) {
                    " · trusted: write, do not call"
                } else {
                    ""
                }
            );
        }
    }

    fn write_timeline(&self, s: &mut String) {
        let _ = writeln!(s, "timeline:");
        for t in &self.timeline {
            let _ = writeln!(
                s,
                "  {}  {:<18} {}",
                msk(&t.at),
                clean(&t.kind),
                clean(&t.text)
            );
        }
    }

    fn write_chat(&self, s: &mut String) {
        if !self.chat.is_empty() {
            let _ = writeln!(s, "chat:");
            for m in &self.chat {
                let _ = writeln!(
                    s,
                    "  {}  {:<8} {}",
                    msk(&m.at),
                    clean(&m.sender),
                    clean(&m.text)
                );
            }
        }
    }

    fn write_returns(&self, s: &mut String) {
        for r in &self.returns {
            let _ = writeln!(
                s,
                "return {} {} · {} · refund {}",
                r.return_id,
                clean(&r.return_type),
                r.shipment_status.as_deref().map_or("—".into(), clean),
                r.refund_status.as_deref().map_or("—".into(), clean)
            );
        }
    }

    fn write_outbox(&self, s: &mut String) {
        for w in &self.outbox {
            let _ = writeln!(
                s,
                "write {} {}{}",
                clean(&w.kind),
                clean(&w.state),
                w.error
                    .as_deref()
                    .map_or(String::new(), |e| format!(": {}", clean(e)))
            );
        }
    }
}

impl RuleLine {
    fn of(m: &Match) -> RuleLine {
        RuleLine {
            rule: m.rule.id(),
            severity: m.severity.as_str(),
            due: m.due.map(iso),
        }
    }
}

impl BuyerLine {
    fn of(b: StoredBuyer) -> BuyerLine {
        BuyerLine {
            name: b.name,
            phone: b.phone,
            trusted: b.trusted,
        }
    }
}

impl TimelineLine {
    /// An event as the change it records, "old → new".
    fn of(e: Event) -> TimelineLine {
        TimelineLine {
            at: iso(e.seen_at),
            text: match (&e.old, &e.new) {
                (Some(old), Some(new)) => format!("{old} → {new}"),
                (None, Some(new)) => new.clone(),
                (Some(old), None) => format!("{old} → —"),
                (None, None) => String::new(),
            },
            kind: e.kind,
        }
    }
}

impl ChatLine {
    fn of(m: StoredChatMessage) -> ChatLine {
        ChatLine {
            at: iso(m.created_at),
            sender: m.sender,
            text: m.text,
        }
    }
}

impl ReturnLine {
    fn of(r: StoredReturn) -> ReturnLine {
        ReturnLine {
            return_id: r.return_id,
            return_type: r.kind.to_string(),
            shipment_status: r.shipment_status.map(|s| s.to_string()),
            refund_status: r.refund_status.map(|s| s.to_string()),
            pickup_till: r.pickup_till.map(iso),
        }
    }
}

impl OutboxLine {
    fn of(w: OutboxRow) -> OutboxLine {
        OutboxLine {
            kind: w.kind,
            state: w.state.as_str().to_owned(),
            error: w.last_error,
        }
    }
}

/// An RFC 3339 instant as Moscow time, "2026-12-07 14:02 MSK".
fn msk(iso: &str) -> String {
    DateTime::parse_from_rfc3339(iso)
        .map(|t| {
            t.with_timezone(&moscow())
                .format("%Y-%m-%d %H:%M MSK")
                .to_string()
        })
        .unwrap_or_else(|_| iso.to_owned())
}
