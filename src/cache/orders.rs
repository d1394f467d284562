//! Orders and their timeline. An upsert compares the incoming order with the stored
//! one and writes one event per observed change; the same snapshot twice writes
//! nothing, and an older snapshot never overwrites a newer one.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};

use super::{Cache, CacheError, from_ts, ts};
use crate::base::money::Money;
use crate::domain::order::{History, ItemLine, Order};
use crate::market::enums::{
    DeliveryPartnerType, DeliveryType, OrderStatus, OrderSubstatus, ProgramType,
};

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

fn date_str(d: Option<NaiveDate>) -> Option<String> {
    d.map(|d| d.to_string())
}

fn dates_str(o: &Order) -> String {
    match (o.due_from, o.due_to) {
        (Some(f), Some(t)) if f != t => format!("{f}..{t}"),
        (Some(f), _) => f.to_string(),
        (None, Some(t)) => t.to_string(),
        (None, None) => String::new(),
    }
}

fn ship_str(o: &Order) -> Option<String> {
    o.ship_date.map(|d| match o.ship_time {
        Some(t) => format!("{d} {}", t.format("%H:%M")),
        None => d.to_string(),
    })
}

/// The fields whose changes the timeline records, as (kind, rendered value).
fn watched(o: &Order) -> [(&'static str, Option<String>); 9] {
    [
        ("status", Some(o.status.to_string())),
        ("substatus", Some(o.substatus.to_string())),
        ("delivery_dates", Some(dates_str(o))),
        ("shipment_date", ship_str(o)),
        ("tracks", Some(o.tracks.join(" "))),
        ("carrier", Some(format!("{} ({})", o.carrier, o.carrier_id))),
        ("cancel_requested", Some(o.cancel_requested.to_string())),
        ("storage_limit", date_str(o.storage_limit)),
        ("real_delivery_date", date_str(o.real_delivery_date)),
    ]
}

pub(super) const ORDER_COLUMNS: &str = "order_id, campaign_id, business_id, model, status, substatus, \
    created_at, updated_at, ship_date, ship_time, due_from, due_to, real_delivery_date, \
    delivery_type, partner, carrier_id, carrier, tracks, region, city, value_kopecks, currency, \
    buyer_name, cancel_requested, estimated, storage_limit, expiry, items_lost, \
    first_seen, last_change, handed_over_at, cancel_requested_at, date_moves, date_shift_days, \
    items";

/// How many columns `ORDER_COLUMNS` names: a query may add its own after them.
pub(super) const ORDER_COLUMN_COUNT: usize = 35;

/// Order lines as stored: one per line, `count<TAB>name`.
fn items_str(o: &Order) -> String {
    o.items
        .iter()
        .map(|i| format!("{}\t{}", i.count, i.name.replace(['\t', '\n'], " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn parse_items(s: &str) -> Vec<ItemLine> {
    s.lines()
        .filter_map(|l| {
            let (count, name) = l.split_once('\t')?;
            Some(ItemLine {
                name: name.to_owned(),
                count: count.parse().ok()?,
            })
        })
        .collect()
}

fn parse_date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| s.parse().ok())
}

pub(super) fn read_order(r: &Row<'_>) -> rusqlite::Result<(Order, History)> {
    let tracks: String = r.get(17)?;
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
        carrier: r.get(16)?,
        tracks: tracks.split_whitespace().map(str::to_owned).collect(),
        region: r.get(18)?,
        city: r.get(19)?,
        value: Money::from_kopecks(r.get(20)?),
        currency: r.get(21)?,
        buyer_name: r.get(22)?,
        cancel_requested: r.get(23)?,
        estimated: r.get(24)?,
        storage_limit: parse_date(r.get(25)?),
        expiry: r.get::<_, Option<i64>>(26)?.map(from_ts),
        items_lost: r.get(27)?,
        items: parse_items(&r.get::<_, String>(34)?),
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

/// One snapshot per order. A page (or the few pages of one batch) can hold an order
/// twice when the Market's list shifted while it was paged; comparing the copies with
/// each other recorded changes back and forth that never happened, again on every
/// refresh. The newest copy by `updateDate` stands for the order, the one listed later
/// when they tie (a copy without `updateDate` counts as the oldest).
fn newest_per_order(batch: Vec<Order>) -> Vec<Order> {
    let mut keep: HashMap<i64, usize> = HashMap::with_capacity(batch.len());
    for (i, o) in batch.iter().enumerate() {
        keep.entry(o.order_id)
            .and_modify(|k| {
                if o.updated_at >= batch[*k].updated_at {
                    *k = i;
                }
            })
            .or_insert(i);
    }
    if keep.len() == batch.len() {
        return batch;
    }
    let mut kept: Vec<bool> = vec![false; batch.len()];
    for i in keep.into_values() {
        kept[i] = true;
    }
    batch
        .into_iter()
        .zip(kept)
        .filter_map(|(o, k)| k.then_some(o))
        .collect()
}

impl Cache {
    /// Stores a batch of orders in one short transaction, recording every change seen.
    /// An order given twice counts once, as its newest copy.
    pub fn upsert_orders(
        &mut self,
        batch: &[Order],
        seen_at: DateTime<Utc>,
    ) -> Result<UpsertStats, CacheError> {
        Ok(self.upsert_orders_changed(batch.to_vec(), seen_at)?.0)
    }

    /// [`Cache::upsert_orders`], also giving back the orders that were new or changed,
    /// as stored: the ones whose risk must be assessed again, in hand.
    pub fn upsert_orders_changed(
        &mut self,
        batch: Vec<Order>,
        seen_at: DateTime<Utc>,
    ) -> Result<(UpsertStats, Vec<Stored>), CacheError> {
        let batch = newest_per_order(batch);
        let mut stats = UpsertStats::default();
        let mut changed = Vec::new();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut select = tx.prepare_cached(&format!(
                "SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = ?1"
            ))?;
            let mut event = tx.prepare_cached(
                "INSERT INTO events(order_id, seen_at, market_updated_at, kind, old, new) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut write = tx.prepare_cached(&format!(
                "INSERT OR REPLACE INTO orders({ORDER_COLUMNS}, seq) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
                  ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, \
                  ?33, ?34, ?35, ?36)"
            ))?;
            let mut seq = None;
            for o in batch {
                stats.seen += 1;
                let old = select.query_row([o.order_id], read_order).optional()?;
                let market_at = o.updated_at.map(ts);
                let mut fresh = false;
                let mut h = match &old {
                    None => {
                        stats.new += 1;
                        fresh = true;
                        stats.events += 1;
                        event.execute(params![
                            o.order_id,
                            ts(seen_at),
                            ts(o.created_at),
                            "created",
                            Option::<String>::None,
                            format!("{} {}", o.status, o.substatus),
                        ])?;
                        History {
                            first_seen: Some(seen_at),
                            last_change: Some(seen_at),
                            handed_over_at: (o.status == OrderStatus::DELIVERY)
                                .then_some(o.updated_at.unwrap_or(seen_at)),
                            cancel_requested_at: o
                                .cancel_requested
                                .then_some(o.updated_at.unwrap_or(seen_at)),
                            ..History::default()
                        }
                    }
                    Some((prev, h)) => {
                        // An older snapshot (overlapping windows, a slow page) never wins.
                        if let (Some(new), Some(was)) = (o.updated_at, prev.updated_at)
                            && new < was
                        {
                            continue;
                        }
                        let mut changes = 0;
                        for ((kind, was), (_, now)) in watched(prev).into_iter().zip(watched(&o)) {
                            if was != now {
                                changes += 1;
                                event.execute(params![
                                    o.order_id,
                                    ts(seen_at),
                                    market_at,
                                    kind,
                                    was,
                                    now
                                ])?;
                            }
                        }
                        let same_rest = prev.value == o.value
                            && prev.estimated == o.estimated
                            && prev.items_lost == o.items_lost
                            && prev.updated_at == o.updated_at
                            && prev.region == o.region
                            && prev.city == o.city
                            && prev.items == o.items;
                        if changes == 0 && same_rest {
                            continue;
                        }
                        stats.changed += 1;
                        stats.events += changes;
                        let mut h = h.clone();
                        if changes > 0 {
                            h.last_change = Some(seen_at);
                        }
                        let at = o.updated_at.unwrap_or(seen_at);
                        if o.status == OrderStatus::DELIVERY && h.handed_over_at.is_none() {
                            h.handed_over_at = Some(at);
                        }
                        if o.cancel_requested && !prev.cancel_requested {
                            h.cancel_requested_at = Some(at);
                        }
                        if let (Some(was), Some(now)) = (prev.due(), o.due())
                            && was != now
                        {
                            h.date_moves += 1;
                            h.date_shift_days += (now - was).num_days().abs();
                        }
                        h
                    }
                };
                // The buyer's name comes from other calls; keep it across snapshots.
                let buyer = o
                    .buyer_name
                    .clone()
                    .or_else(|| old.as_ref().and_then(|(p, _)| p.buyer_name.clone()));
                if h.first_seen.is_none() {
                    h.first_seen = Some(seen_at);
                }
                write.execute(params![
                    o.order_id,
                    o.campaign_id,
                    o.business_id,
                    o.model.as_str(),
                    o.status.as_str(),
                    o.substatus.as_str(),
                    ts(o.created_at),
                    market_at,
                    date_str(o.ship_date),
                    o.ship_time.map(|t| t.format("%H:%M").to_string()),
                    date_str(o.due_from),
                    date_str(o.due_to),
                    date_str(o.real_delivery_date),
                    o.delivery_type.as_str(),
                    o.partner.as_str(),
                    o.carrier_id,
                    o.carrier,
                    o.tracks.join(" "),
                    o.region,
                    o.city,
                    o.value.kopecks(),
                    o.currency,
                    buyer,
                    o.cancel_requested,
                    o.estimated,
                    date_str(o.storage_limit),
                    o.expiry.map(ts),
                    o.items_lost,
                    h.first_seen.map(ts),
                    h.last_change.map(ts),
                    h.handed_over_at.map(ts),
                    h.cancel_requested_at.map(ts),
                    h.date_moves,
                    h.date_shift_days,
                    items_str(&o),
                    match seq {
                        Some(n) => n,
                        None => *seq.insert(super::seq::next(&tx)?),
                    },
                ])?;
                let mut stored = o;
                stored.buyer_name = buyer;
                changed.push(Stored {
                    order: stored,
                    history: h,
                    fresh,
                });
            }
        }
        tx.commit()?;
        Ok((stats, changed))
    }

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
