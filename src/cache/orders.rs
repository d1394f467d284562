//! Orders and their timeline. An upsert compares the incoming order with the stored
//! one and writes one event per observed change; the same snapshot twice writes
//! nothing, and an older snapshot never overwrites a newer one.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{OptionalExtension, Row};

use super::{Cache, CacheError, from_ts};
use crate::base::money::Money;
use crate::base::shared::{Interner, Shared};
use crate::domain::order::{History, ItemLine, Order};
use crate::market::enums::{
    DeliveryPartnerType, DeliveryType, OrderStatus, OrderSubstatus, ProgramType,
};

mod upsert;

/// An order as an upsert stored it, with what the sync observed about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub order: Order,
    pub history: History,
    /// Seen for the first time: nothing else in the cache refers to it yet.
    pub fresh: bool,
}

/// What one upsert did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpsertStats {
    pub seen: u64,
    pub new: u64,
    pub changed: u64,
    pub events: u64,
}

impl std::ops::AddAssign for UpsertStats {
    fn add_assign(&mut self, o: Self) {
        self.seen += o.seen;
        self.new += o.new;
        self.changed += o.changed;
        self.events += o.events;
    }
}

/// One entry of an order's timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub order_id: i64,
    /// When our sync saw it.
    pub seen_at: DateTime<Utc>,
    /// The Market's `updateDate` of the snapshot that showed it.
    pub market_updated_at: Option<DateTime<Utc>>,
    /// `created`, `status`, `substatus`, `delivery_dates`, `shipment_date`, `tracks`,
    /// `carrier`, `cancel_requested`, `storage_limit`, `real_delivery_date`.
    pub kind: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub(super) const ORDER_COLUMNS: &str = "order_id, campaign_id, business_id, model, status, substatus, \
    created_at, updated_at, ship_date, ship_time, due_from, due_to, real_delivery_date, \
    delivery_type, partner, carrier_id, carrier, tracks, region, city, value_kopecks, currency, \
    buyer_name, cancel_requested, estimated, storage_limit, expiry, items_lost, \
    first_seen, last_change, handed_over_at, cancel_requested_at, date_moves, date_shift_days, \
    items";

/// How many columns `ORDER_COLUMNS` names: a query may add its own after them.
pub(super) const ORDER_COLUMN_COUNT: usize = 35;

fn parse_items(s: &str, texts: &mut Option<&mut Interner>) -> Vec<ItemLine> {
    s.lines()
        .filter_map(|l| {
            let (count, name) = l.split_once('\t')?;
            Some(ItemLine {
                name: shared(name, texts),
                count: count.parse().ok()?,
            })
        })
        .collect()
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

/// Shared text: the interner's copy when a large read passes one, else its own.
fn shared(text: &str, texts: &mut Option<&mut Interner>) -> Shared {
    match texts {
        Some(i) => i.get(text),
        None => Shared::from(text),
    }
}

pub(super) fn read_order(r: &Row<'_>) -> rusqlite::Result<(Order, History)> {
    read_order_sharing(r, None)
}

/// Reads an order, taking the texts many orders repeat (carrier, region, city, offer
/// names) from `texts` when given: a read of every order then holds each once.
pub(super) fn read_order_sharing(
    r: &Row<'_>,
    mut texts: Option<&mut Interner>,
) -> rusqlite::Result<(Order, History)> {
    let tracks: String = r.get(17)?;
    let mut text =
        |i: usize| -> rusqlite::Result<Shared> { Ok(shared(r.get_ref(i)?.as_str()?, &mut texts)) };
    let carrier = text(16)?;
    let region = r
        .get_ref(18)?
        .as_str_or_null()?
        .map(|_| text(18))
        .transpose()?;
    let city = r
        .get_ref(19)?
        .as_str_or_null()?
        .map(|_| text(19))
        .transpose()?;
    let order = Order {
        order_id: r.get(0)?,
        campaign_id: r.get(1)?,
        business_id: r.get(2)?,
        model: ProgramType::parse(&r.get::<_, String>(3)?),
        status: OrderStatus::parse(&r.get::<_, String>(4)?),
        substatus: OrderSubstatus::parse(&r.get::<_, String>(5)?),
        created_at: from_ts(r.get(6)?),
        updated_at: r.get::<_, Option<i64>>(7)?.map(from_ts),
        ship_date: parse_date(r.get(8)?),
        ship_time: r
            .get::<_, Option<String>>(9)?
            .and_then(|s| NaiveTime::parse_from_str(&s, "%H:%M").ok()),
        due_from: parse_date(r.get(10)?),
        due_to: parse_date(r.get(11)?),
        real_delivery_date: parse_date(r.get(12)?),
        delivery_type: DeliveryType::parse(&r.get::<_, String>(13)?),
        partner: DeliveryPartnerType::parse(&r.get::<_, String>(14)?),
        carrier_id: r.get(15)?,
        carrier,
        tracks: tracks.split_whitespace().map(str::to_owned).collect(),
        region,
        city,
        value: Money::from_kopecks(r.get(20)?),
        currency: text(21)?,
        buyer_name: r.get(22)?,
        cancel_requested: r.get(23)?,
        estimated: r.get(24)?,
        storage_limit: parse_date(r.get(25)?),
        expiry: r.get::<_, Option<i64>>(26)?.map(from_ts),
        items_lost: r.get(27)?,
        items: parse_items(r.get_ref(34)?.as_str()?, &mut texts),
    };
    let history = History {
        first_seen: Some(from_ts(r.get(28)?)),
        last_change: Some(from_ts(r.get(29)?)),
        handed_over_at: r.get::<_, Option<i64>>(30)?.map(from_ts),
        cancel_requested_at: r.get::<_, Option<i64>>(31)?.map(from_ts),
        date_moves: r.get(32)?,
        date_shift_days: r.get(33)?,
        ..History::default()
    };
    Ok((order, history))
}

impl Cache {
    /// Every cached order with what we observed about it.
    pub fn load_orders(&self) -> Result<Vec<(Order, History)>, CacheError> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {ORDER_COLUMNS} FROM orders"))?;
        let rows = stmt.query_map([], read_order)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// One cached order.
    pub fn load_order(&self, order_id: i64) -> Result<Option<(Order, History)>, CacheError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = ?1"
        ))?;
        Ok(stmt.query_row([order_id], read_order).optional()?)
    }

    /// How many orders the cache holds.
    pub fn order_count(&self) -> Result<i64, CacheError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM orders", [], |r| r.get(0))?)
    }

    /// How many timeline events the cache holds.
    pub fn event_count(&self) -> Result<i64, CacheError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))?)
    }

    /// The order's timeline, newest first.
    pub fn events(&self, order_id: i64) -> Result<Vec<Event>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, order_id, seen_at, market_updated_at, kind, old, new FROM events \
             WHERE order_id = ?1 ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([order_id], |r| {
            Ok(Event {
                id: r.get(0)?,
                order_id: r.get(1)?,
                seen_at: from_ts(r.get(2)?),
                market_updated_at: r.get::<_, Option<i64>>(3)?.map(from_ts),
                kind: r.get(4)?,
                old: r.get(5)?,
                new: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}
