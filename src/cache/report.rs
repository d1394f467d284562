//! The reads behind step 7's report: the incidents open at some moment of a span, the
//! orders whose planned dates fall in it (and the orders of those incidents), the
//! agents' trail of claims, messages and date moves, and the date changes the sync saw.
//! One statement each (the trail two); the raw JSON of orders is never decoded. The
//! rows are `super::report_rows`, plain data the report computes from.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Row;
use rusqlite::types::ValueRef;

use super::report_rows::{DateChange, IncidentRow, OrderRow, TrailEntry, TrailKind};
use super::{Cache, CacheError};
use crate::base::shared::{Interner, Shared};
use crate::market::enums::{OrderStatus, OrderSubstatus, ProgramType};

/// The text in column `i`, borrowed from the row (`""` for NULL).
fn text<'r>(r: &'r Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(""),
        v => v
            .as_str()
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), e.into())),
    }
}

/// The digits of `b` as a number; `None` if any is not a digit.
fn digits(b: &[u8]) -> Option<u32> {
    b.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// A stored `YYYY-MM-DD` day. The scan reads tens of thousands of them, so the fixed
/// shape is read by hand rather than by chrono's general parser.
fn day(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(&b[..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(&b[5..7])?, digits(&b[8..])?)
}

/// A stored `HH:MM` shipment time.
fn hour_minute(s: &str) -> Option<NaiveTime> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    NaiveTime::from_hms_opt(digits(&b[..2])?, digits(&b[3..])?, 0)
}

/// The trail kind of an audit action (`claim`, `write:chat_message`, …) or of an
/// outbox row's kind.
fn trail_kind(name: &str) -> Option<TrailKind> {
    match name.strip_prefix("write:").unwrap_or(name) {
        "claim" | "take_over" => Some(TrailKind::Claim),
        "chat_message" => Some(TrailKind::ChatMessage),
        "delivery_date" => Some(TrailKind::DateMove),
        _ => None,
    }
}

fn read_incident(r: &Row<'_>) -> rusqlite::Result<IncidentRow> {
    let opened_by: String = r.get(3)?;
    let compensation: String = r.get(9)?;
    Ok(IncidentRow {
        id: r.get(0)?,
        order_id: r.get(1)?,
        opened_at: r.get(2)?,
        by_rule: opened_by.starts_with("rule:"),
        closed_at: r.get(4)?,
        closed_by: r.get(5)?,
        root_cause: r.get(6)?,
        fault_owner: r.get(7)?,
        detected_before_buyer: r.get(8)?,
        compensation: super::incidents::columns::compensation_from_column(&compensation),
        reopened: r.get(10)?,
        campaign_id: 0,
        model: ProgramType::Other(String::new()),
        carrier: Shared::from(""),
        region: None,
    })
}

/// An order row; its carrier and region are the copies `texts` holds, one per distinct
/// text however many orders of the period name it.
fn read_order(r: &Row<'_>, texts: &mut Interner) -> rusqlite::Result<OrderRow> {
    let region = text(r, 12)?;
    Ok(OrderRow {
        order_id: r.get(0)?,
        campaign_id: r.get(1)?,
        model: ProgramType::parse(text(r, 2)?),
        status: OrderStatus::parse(text(r, 3)?),
        substatus: OrderSubstatus::parse(text(r, 4)?),
        created_at: r.get(5)?,
        ship_date: day(text(r, 6)?),
        ship_time: hour_minute(text(r, 7)?),
        due: day(text(r, 8)?),
        real_delivery_date: day(text(r, 9)?),
        handed_over_at: r.get(10)?,
        carrier: texts.get(text(r, 11)?),
        region: (!region.is_empty()).then(|| texts.get(region)),
        items_lost: r.get(13)?,
        delivered_seen_at: r.get(14)?,
    })
}

impl Cache {
    /// Incidents that were open at some moment of `[from, to)` (Unix seconds): opened
    /// before `to` and not closed before `from`. Their order's carrier, region,
    /// campaign and model are left empty: `report_orders` reads those orders in the
    /// same pass as the rest, which is cheaper than a lookup per incident.
    pub fn report_incidents(&self, from: i64, to: i64) -> Result<Vec<IncidentRow>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT i.id, i.order_id, i.opened_at, i.opened_by, i.closed_at, i.closed_by, \
                    i.root_cause, i.fault_owner, i.detected_before_buyer, i.compensation, \
                    EXISTS (SELECT 1 FROM incidents j WHERE j.order_id = i.order_id \
                            AND j.id < i.id AND j.closed_at IS NOT NULL) \
             FROM incidents i \
             WHERE i.opened_at < ?2 AND (i.closed_at IS NULL OR i.closed_at >= ?1)",
        )?;
        let rows = stmt.query_map([from, to], read_incident)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// Orders whose planned shipment day or planned delivery day falls within
    /// `first..=last` (Moscow days), that have no shipment day and were created within
    /// `[from, to)`, or that have an incident open at some moment of `[from, to)`.
    /// One pass over the table.
    pub fn report_orders(
        &self,
        first: NaiveDate,
        last: NaiveDate,
        from: i64,
        to: i64,
    ) -> Result<Vec<OrderRow>, CacheError> {
        // The delivery moment is looked up in the timeline only where the Market gave
        // no realDeliveryDate: an index seek on the order's few events.
        let mut stmt = self.conn.prepare_cached(
            "SELECT order_id, campaign_id, model, status, substatus, created_at, ship_date, \
                    ship_time, coalesce(due_to, due_from), real_delivery_date, handed_over_at, \
                    carrier, region, items_lost, \
                    CASE WHEN real_delivery_date IS NULL \
                          AND status IN ('PICKUP', 'DELIVERED', 'PARTIALLY_RETURNED', 'RETURNED') \
                    THEN (SELECT min(coalesce(e.market_updated_at, e.seen_at)) FROM events e \
                          WHERE e.order_id = o.order_id AND e.kind = 'status' \
                            AND e.new IN ('PICKUP', 'DELIVERED')) END \
             FROM orders o \
             WHERE ship_date BETWEEN ?1 AND ?2 \
                OR coalesce(due_to, due_from) BETWEEN ?1 AND ?2 \
                OR (ship_date IS NULL AND created_at >= ?3 AND created_at < ?4) \
                OR order_id IN (SELECT order_id FROM incidents \
                                WHERE opened_at < ?4 AND (closed_at IS NULL OR closed_at >= ?3))",
        )?;
        // Streamed through SQLite's page cache, not mapped: the process keeps only the
        // rows of the period, however large the file grows.
        let mut texts = Interner::new();
        let rows = stmt.query_map(
            rusqlite::params![first.to_string(), last.to_string(), from, to],
            |r| read_order(r, &mut texts),
        )?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// The agents' claims, chat messages and date moves from `from` on. A write counts
    /// once (its audit entry and its outbox row are the same write), and not at all
    /// when the Market refused it.
    pub fn report_trail(&self, from: i64) -> Result<Vec<TrailEntry>, CacheError> {
        // (order, instant, kind) → refused, for every outbox row of the two kinds.
        let mut outbox: HashMap<(i64, i64, TrailKind), bool> = HashMap::new();
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT order_id, created_at, created_by, kind, state = 'failed' FROM outbox \
             WHERE kind IN ('chat_message', 'delivery_date') AND order_id IS NOT NULL \
               AND created_at >= ?1",
        )?;
        let mut rows = stmt.query([from])?;
        while let Some(r) = rows.next()? {
            let Some(kind) = trail_kind(&r.get::<_, String>(3)?) else {
                continue;
            };
            let (order_id, at, failed): (i64, i64, bool) = (r.get(0)?, r.get(1)?, r.get(4)?);
            outbox.insert((order_id, at, kind), failed);
            if !failed {
                out.push(TrailEntry {
                    order_id,
                    at,
                    agent: r.get(2)?,
                    kind,
                });
            }
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT order_id, at, agent, action FROM audit \
             WHERE at >= ?1 AND order_id IS NOT NULL AND action IN \
               ('claim', 'take_over', 'write:chat_message', 'write:delivery_date')",
        )?;
        let mut rows = stmt.query([from])?;
        while let Some(r) = rows.next()? {
            let Some(kind) = trail_kind(&r.get::<_, String>(3)?) else {
                continue;
            };
            let (order_id, at): (i64, i64) = (r.get(0)?, r.get(1)?);
            if kind != TrailKind::Claim && outbox.contains_key(&(order_id, at, kind)) {
                continue;
            }
            out.push(TrailEntry {
                order_id,
                at,
                agent: r.get(2)?,
                kind,
            });
        }
        out.sort_by_key(|e| (e.order_id, e.at));
        Ok(out)
    }

    /// The changes of planned delivery dates the sync saw within `[from, to)`.
    pub fn report_date_changes(&self, from: i64, to: i64) -> Result<Vec<DateChange>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.order_id, e.seen_at, e.old, e.new, coalesce(o.carrier, '') \
             FROM events e LEFT JOIN orders o ON o.order_id = e.order_id \
             WHERE e.kind = 'delivery_dates' AND e.seen_at >= ?1 AND e.seen_at < ?2",
        )?;
        let rows = stmt.query_map([from, to], |r| {
            Ok(DateChange {
                order_id: r.get(0)?,
                seen_at: r.get(1)?,
                old: r.get(2)?,
                new: r.get(3)?,
                carrier: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }
}

#[cfg(test)]
mod tests;
