//! The upsert: a batch of snapshots compared with the stored orders, one timeline event
//! per observed change, the history (first seen, handed over, date moves) carried
//! forward, and the row written back.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{OptionalExtension, Statement, TransactionBehavior, params};

use super::{ORDER_COLUMNS, Stored, UpsertStats, read_order};
use crate::cache::{Cache, CacheError, ts};
use crate::domain::order::{History, ItemLine, Order};
use crate::market::enums::OrderStatus;

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
                let fresh = old.is_none();
                let mut h = match &old {
                    None => {
                        stats.new += 1;
                        stats.events += 1;
                        record_creation(&mut event, &o, seen_at)?
                    }
                    Some((prev, h)) => {
                        // An older snapshot (overlapping windows, a slow page) never wins.
                        if let (Some(new), Some(was)) = (o.updated_at, prev.updated_at)
                            && new < was
                        {
                            continue;
                        }
                        let changes = record_changes(&mut event, prev, &o, seen_at)?;
                        if changes == 0 && same_untracked(prev, &o) {
                            continue;
                        }
                        stats.changed += 1;
                        stats.events += changes;
                        history_after(h, prev, &o, changes > 0, seen_at)
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
                let row_seq = match seq {
                    Some(n) => n,
                    None => *seq.insert(crate::cache::seq::next(&tx)?),
                };
                write_order(&mut write, &o, buyer.as_deref(), &h, row_seq)?;
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
}

/// The history of an order seen for the first time, after recording its `created`
/// event.
fn record_creation(
    event: &mut Statement<'_>,
    o: &Order,
    seen_at: DateTime<Utc>,
) -> Result<History, CacheError> {
    event.execute(params![
        o.order_id,
        ts(seen_at),
        ts(o.created_at),
        "created",
        Option::<String>::None,
        format!("{} {}", o.status, o.substatus),
    ])?;
    Ok(History {
        first_seen: Some(seen_at),
        last_change: Some(seen_at),
        handed_over_at: (o.status == OrderStatus::DELIVERY)
            .then_some(o.updated_at.unwrap_or(seen_at)),
        cancel_requested_at: o
            .cancel_requested
            .then_some(o.updated_at.unwrap_or(seen_at)),
        ..History::default()
    })
}

/// How many watched fields changed from `prev` to `o`, each recorded as an event.
fn record_changes(
    event: &mut Statement<'_>,
    prev: &Order,
    o: &Order,
    seen_at: DateTime<Utc>,
) -> Result<u64, CacheError> {
    let market_at = o.updated_at.map(ts);
    let mut changes = 0;
    for ((kind, was), (_, now)) in watched(prev).into_iter().zip(watched(o)) {
        if was != now {
            changes += 1;
            event.execute(params![o.order_id, ts(seen_at), market_at, kind, was, now])?;
        }
    }
    Ok(changes)
}

/// Whether the stored fields that have no timeline event are the same in both
/// snapshots: if so, and no watched field changed, the row need not be written.
fn same_untracked(prev: &Order, o: &Order) -> bool {
    prev.value == o.value
        && prev.estimated == o.estimated
        && prev.items_lost == o.items_lost
        && prev.updated_at == o.updated_at
        && prev.region == o.region
        && prev.city == o.city
        && prev.items == o.items
}

/// The history carried forward from `prev` to `o`: the last change, the hand-over to
/// the carrier, the cancel request and the delivery date's moves.
fn history_after(
    h: &History,
    prev: &Order,
    o: &Order,
    changed: bool,
    seen_at: DateTime<Utc>,
) -> History {
    let mut h = h.clone();
    if changed {
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

/// Writes the order's row: the snapshot, the buyer's name kept, its history, its
/// place in the change sequence.
fn write_order(
    write: &mut Statement<'_>,
    o: &Order,
    buyer: Option<&str>,
    h: &History,
    seq: i64,
) -> Result<(), CacheError> {
    write.execute(params![
        o.order_id,
        o.campaign_id,
        o.business_id,
        o.model.as_str(),
        o.status.as_str(),
        o.substatus.as_str(),
        ts(o.created_at),
        o.updated_at.map(ts),
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
        items_str(&o.items),
        seq,
    ])?;
    Ok(())
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

/// `YYYY-MM-DD`, written digit by digit: chrono's formatter goes through `fmt` for
/// each of the four dates of every order a sync stores.
fn date_str(d: Option<NaiveDate>) -> Option<String> {
    use chrono::Datelike;
    let d = d?;
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return Some(d.to_string());
    }
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let y = y.unsigned_abs();
    let mut s = String::with_capacity(10);
    s.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
    s.push('-');
    s.extend([digit(m / 10), digit(m)]);
    s.push('-');
    s.extend([digit(day / 10), digit(day)]);
    Some(s)
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

/// Order lines as stored: one per line, `count<TAB>name`.
fn items_str(items: &[ItemLine]) -> String {
    let mut s = String::with_capacity(items.iter().map(|i| i.name.len() + 8).sum());
    for (n, i) in items.iter().enumerate() {
        if n > 0 {
            s.push('\n');
        }
        s.push_str(&i.count.to_string());
        s.push('\t');
        s.extend(
            i.name
                .chars()
                .map(|c| if c == '\t' || c == '\n' { ' ' } else { c }),
        );
    }
    s
}

#[cfg(test)]
mod tests;
