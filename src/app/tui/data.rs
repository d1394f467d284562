//! Reads the cache into `Snapshot`s for the dashboard: each order with the risk the
//! syncing process stored for it, its claimant and the text the filter searches. Runs
//! on the store thread; nothing here assesses or writes.
//!
//! The first frame waits only for the orders at risk; every order follows; after that
//! only what changed is read — the orders and risk rows past the cache's change number
//! last seen, and the orders whose claimant changed — and the screen merges it in. So a
//! refresh costs what changed, not the size of the cache, and the dashboard never holds
//! two copies of every order.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::select::{compare, row_sharing};
use super::state::{Row, Snapshot, SortKey};
use crate::base::shared::Interner;
use crate::cache::{Cache, CacheError, Dues};
use crate::domain::order::{History, Order};
use crate::domain::risk::Assessment;

/// The rows of the at-risk list the first frame is drawn from: more than the tallest
/// screen shows.
pub const FIRST_ROWS: usize = 200;

/// What the store thread remembers between loads.
#[derive(Debug, Default)]
pub struct Loader {
    /// The cache's change number the last complete or partial load reached.
    seen: Option<i64>,
    /// Who held which order at the last load.
    claims: HashMap<i64, String>,
    /// The texts many orders repeat, held once for every load.
    texts: Interner,
    /// The filter's texts many orders have alike, held once for every load.
    hay: Interner,
    /// The agent of this dashboard: their orders' chats are watched for the buyer.
    me: String,
}

impl Loader {
    /// A loader that has read nothing yet.
    pub fn new() -> Loader {
        Loader::default()
    }

    /// A loader for the dashboard of `me`: each load also says when the buyer last
    /// wrote on each order `me` holds.
    pub fn for_agent(me: &str) -> Loader {
        Loader {
            me: me.to_owned(),
            ..Loader::default()
        }
    }

    /// When the buyer last wrote on each order this agent holds (none without an agent).
    fn buyer_wrote(&self, cache: &Cache) -> Option<HashMap<i64, DateTime<Utc>>> {
        if self.me.is_empty() {
            return None;
        }
        let mut wrote = HashMap::new();
        for (id, _) in self.claims.iter().filter(|(_, who)| **who == self.me) {
            let last = cache
                .chat_messages(*id)
                .ok()?
                .into_iter()
                .filter(|m| m.sender == "CUSTOMER")
                .map(|m| m.created_at)
                .max();
            if let Some(at) = last {
                wrote.insert(*id, at);
            }
        }
        Some(wrote)
    }

    /// Whether every order has been read once.
    pub fn has_all(&self) -> bool {
        self.seen.is_some()
    }

    /// The first `n` orders of the at-risk list and the orders this agent holds: what
    /// the very first frame draws, read from the top of the stored risk's index before
    /// the rest of the orders at risk, so it costs the same for any size of cache.
    pub fn first(
        &mut self,
        cache: &Cache,
        now: DateTime<Utc>,
        n: usize,
    ) -> Result<Snapshot, CacheError> {
        self.claims = cache.claimants(now)?;
        let mut ids: Vec<i64> = cache
            .first_at_risk(Dues::Any, n, |_| true)?
            .iter()
            .map(|r| r.order_id)
            .collect();
        let mine: Vec<i64> = self
            .claims
            .iter()
            .filter(|(id, who)| **who == self.me && !ids.contains(id))
            .map(|(id, _)| *id)
            .collect();
        ids.extend(mine);
        let orders = cache.orders_with_risk_of(&ids)?;
        self.partial(cache, orders, now)
    }

    /// Only the orders at risk: what the first frame waits for.
    pub fn at_risk(&mut self, cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
        self.claims = cache.claimants(now)?;
        let orders = cache.at_risk_orders()?;
        self.partial(cache, orders, now)
    }

    /// A load of some orders only, in place of the rows held until every order is read.
    fn partial(
        &mut self,
        cache: &Cache,
        orders: Vec<(Order, History, Assessment)>,
        now: DateTime<Utc>,
    ) -> Result<Snapshot, CacheError> {
        let rows = rows(orders, &self.claims, &mut self.hay);
        let mut snap = snapshot(cache, rows, now, false, false)?;
        snap.buyer_wrote = self.buyer_wrote(cache);
        Ok(snap)
    }

    /// Every cached order.
    pub fn all(&mut self, cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
        // The number first: a change committed during the read is read again next time.
        let seq = cache.change_seq()?;
        self.claims = cache.claimants(now)?;
        // Rows are made as the orders are read, into a list of the right size, so
        // the whole list is never held twice (the peak memory of a large cache).
        let mut all = Vec::with_capacity(usize::try_from(cache.order_count()?).unwrap_or(0));
        let claims = &self.claims;
        let hay = &mut self.hay;
        cache.for_each_order_with_risk(&mut self.texts, |order, assessment| {
            all.push(row(order, assessment, claims, hay));
        })?;
        sort_by_urgency(&mut all);
        let mut snap = snapshot(cache, all, now, true, false)?;
        snap.buyer_wrote = self.buyer_wrote(cache);
        self.seen = Some(seq);
        Ok(snap)
    }

    /// What changed since the last load (no rows when nothing did: the footer's
    /// figures still come).
    pub fn changes(&mut self, cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
        let Some(seen) = self.seen else {
            return self.all(cache, now);
        };
        let (mut changed, top) = cache.orders_changed_since(seen)?;
        let claims = cache.claimants(now)?;
        let mut moved: Vec<i64> = claims
            .iter()
            .filter(|(id, who)| self.claims.get(*id) != Some(*who))
            .map(|(id, _)| *id)
            .chain(
                self.claims
                    .keys()
                    .filter(|id| !claims.contains_key(*id))
                    .copied(),
            )
            .collect();
        moved.retain(|id| !changed.iter().any(|(o, _, _)| o.order_id == *id));
        changed.extend(cache.orders_with_risk_of(&moved)?);
        self.claims = claims;
        self.seen = Some(top);
        let mut snap = snapshot(
            cache,
            rows(changed, &self.claims, &mut self.hay),
            now,
            true,
            true,
        )?;
        snap.buyer_wrote = self.buyer_wrote(cache);
        Ok(snap)
    }
}

fn rows(
    orders: Vec<(Order, History, Assessment)>,
    claims: &HashMap<i64, String>,
    hay: &mut Interner,
) -> Vec<Row> {
    let mut rows: Vec<Row> = orders
        .into_iter()
        .map(|(order, _, assessment)| row(order, assessment, claims, hay))
        .collect();
    sort_by_urgency(&mut rows);
    rows
}

/// One list row: the order, its stored assessment, who holds it, its filter text.
fn row(
    order: Order,
    assessment: Assessment,
    claims: &HashMap<i64, String>,
    hay: &mut Interner,
) -> Row {
    let claimed_by = claims.get(&order.order_id).cloned();
    row_sharing(order, assessment, claimed_by, hay)
}

/// The list's default order, computed here, off the screen's thread. The order is
/// total (ties end on the order id), so an unstable sort — which needs no buffer the
/// size of the list — gives the same result as a stable one.
fn sort_by_urgency(rows: &mut [Row]) {
    rows.sort_unstable_by(|a, b| compare(SortKey::Urgency, a, b));
}

fn snapshot(
    cache: &Cache,
    rows: Vec<Row>,
    now: DateTime<Utc>,
    complete: bool,
    delta: bool,
) -> Result<Snapshot, CacheError> {
    Ok(Snapshot {
        rows,
        complete,
        delta,
        now,
        last_sync: cache.last_sync()?,
        lease: cache.lease()?.filter(|l| l.expires_at > now),
        outbox: cache.outbox_summary(now - chrono::Duration::hours(24)).ok(),
        failing: cache.sync_failing().ok().flatten(),
        buyer_wrote: None,
    })
}

/// Every cached order with its stored risk, in one load (tests and benches).
pub fn load(cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
    Loader::new().all(cache, now)
}

/// Only the orders at risk, in one load (tests and benches).
pub fn load_at_risk(cache: &Cache, now: DateTime<Utc>) -> Result<Snapshot, CacheError> {
    Loader::new().at_risk(cache, now)
}

#[cfg(test)]
mod tests;
