//! The service layer: the syncing process's work on the cache — the sync itself
//! (`sync`), sending the outbox (`outbox`), the analysis (`report`) and the team's load
//! (`team`) — and the one service that owns the data (this module).
//!
//! The one service that owns the data. The process that syncs — the daemon on a shared
//! server, the dashboard of a single user who holds the key — runs it: each round it
//! refreshes the orders, assesses their risk and stores it, opens incidents at the
//! moment of detection, follows the buyers' chats in the waiting statuses and fetches
//! the DBS buyers of open incidents; between rounds a clock tick re-assesses the orders
//! whose next threshold has passed. Agents' commands (claims, steps, notes, writes to
//! the Market…) are carried out here by one `apply`, whether the agent's own process
//! runs it or the daemon runs it for them over its socket. Every screen and command
//! reads what this service stored.

pub mod act;
pub mod apply;
pub mod assess;
pub mod buyers;
pub mod chats;
pub mod check;
pub mod command;
mod follow;
pub mod outbox;
pub mod report;
pub mod returns;
pub mod revert;
pub mod round;
pub mod socket;
pub mod store;
pub mod sync;
pub mod team;
mod words;

use std::path::{Path, PathBuf};

use chrono::Utc;

pub use command::Context;
pub use command::{Command, Done, Outcome, Refusal, Reply};
pub use round::{Event, RoundReport};
use store::Store;
use words::words;

use crate::base::words::{Msg, fill};
use crate::cache::CacheError;
use crate::domain::order::Order;
use crate::market::MarketClient;
use crate::market::wire::order::OrdersFilter;
use crate::service::sync::{Holder, SyncSettings};

/// The service of one process on one cache.
pub struct Service {
    db: PathBuf,
    ctx: Context,
    sync: SyncSettings,
    /// The Market; `None` in a process without the key (commands that need the Market
    /// are then refused).
    client: Option<MarketClient>,
    /// The daemon's socket, in a process without the key on a cache a daemon serves:
    /// every command goes there.
    remote: Option<socket::Remote>,
    holder: Holder,
    store: Store,
    /// Wakes the round loop for a sync now.
    wake: tokio::sync::Notify,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("db", &self.db)
            .field("market", &self.client.is_some())
            .finish_non_exhaustive()
    }
}

impl Service {
    /// The service of this process on the cache at `db`, creating the cache when
    /// `create` (a process with the key may; one without only follows an existing one).
    pub fn open(
        db: &Path,
        ctx: Context,
        sync: SyncSettings,
        client: Option<MarketClient>,
        create: bool,
    ) -> Result<Service, CacheError> {
        let store = Store::open(db, create, ctx.incident.claim_idle_minutes)?;
        // Without the key, a daemon's socket beside the cache means the daemon acts for
        // this agent; the cache may well be read-only here.
        let socket = socket::path_for(db);
        let remote = (client.is_none() && socket.exists()).then(|| socket::Remote::new(socket));
        Ok(Service {
            db: db.to_owned(),
            ctx,
            sync,
            client,
            remote,
            holder: Holder::current(),
            store,
            wake: tokio::sync::Notify::new(),
        })
    }

    /// The cache file.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// Whether this process holds the key.
    pub fn has_market(&self) -> bool {
        self.client.is_some()
    }

    /// Whether commands that need the Market can be carried out: this process holds
    /// the key, or a daemon does it for this agent.
    pub fn reaches_market(&self) -> bool {
        self.client.is_some() || self.remote.is_some()
    }

    /// Whether a daemon carries out this process's commands.
    pub fn is_remote(&self) -> bool {
        self.remote.is_some()
    }

    /// The Market, when this process holds the key.
    pub fn client(&self) -> Option<&MarketClient> {
        self.client.as_ref()
    }

    /// The service's connection to the cache.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Carries out `cmd` for `agent`: on the cache, or on the Market for the commands
    /// that need it.
    pub async fn execute(&self, agent: &str, cmd: Command) -> Reply {
        if let Some(remote) = &self.remote {
            return remote.call(&cmd).await;
        }
        let order_id = cmd.order_id();
        if !cmd.needs_market() {
            let (ctx, agent) = (self.ctx.clone(), agent.to_owned());
            return self
                .store
                .run(move |c| apply::apply(c, &ctx, &agent, Utc::now(), &cmd))
                .await
                .unwrap_or_else(|e| Err(gone(order_id, &e)));
        }
        let Some(client) = &self.client else {
            return apply::apply_refused_without_market(order_id);
        };
        let done = match cmd {
            Command::SyncNow => {
                self.wake.notify_one();
                Ok(())
            }
            Command::Refetch { order_id } => self.refetch(client, order_id).await,
            Command::RefreshChat { order_id } => self.refresh_chat(client, order_id).await,
            _ => Ok(()),
        };
        done.map(|()| Outcome {
            order_id,
            done: Done::Requested,
            notice: Msg::each(|l| {
                let id = order_id.map(|i| i.to_string()).unwrap_or_default();
                fill(words(l).requested, &[("id", &id)])
            }),
        })
    }

    /// Fetches one order from the Market now, stores it and assesses it.
    async fn refetch(&self, client: &MarketClient, order_id: i64) -> Result<(), Refusal> {
        let known = self
            .store
            .run(move |c| c.load_order(order_id))
            .await
            .map_err(|e| gone(Some(order_id), &e))?
            .map_err(|e| cache_refusal(Some(order_id), &e))?;
        let Some((order, _)) = known else {
            return Err(Refusal::refused(
                Some(order_id),
                Msg::each(|l| fill(words(l).not_in_cache, &[("id", &order_id)])),
            ));
        };
        let filter = OrdersFilter {
            order_ids: vec![order_id],
            ..OrdersFilter::default()
        };
        let page = client
            .orders_page(order.business_id, &filter, None, 1)
            .await
            .map_err(|e| market_refusal(order_id, &e))?;
        let Some(read) = page.orders.into_iter().next() else {
            return Err(Refusal::refused(
                Some(order_id),
                Msg::each(|l| fill(words(l).market_returned_none, &[("id", &order_id)])),
            ));
        };
        let wire = read.map_err(|e| market_refusal(order_id, &e))?;
        let fresh = Order::from_wire(&wire, order.business_id, order.model.clone());
        let risk = self.ctx.risk.clone();
        self.store
            .run(move |c| {
                let now = Utc::now();
                c.upsert_orders(&[fresh], now)?;
                assess::reassess(c, &[order_id], now, &risk).map(|_| ())
            })
            .await
            .map_err(|e| gone(Some(order_id), &e))?
            .map_err(|e| cache_refusal(Some(order_id), &e))
    }

    /// Fetches one order's chat history now and assesses the order again.
    async fn refresh_chat(&self, client: &MarketClient, order_id: i64) -> Result<(), Refusal> {
        let business = self
            .store
            .run(move |c| {
                c.load_order(order_id)
                    .map(|o| o.map(|(o, _)| o.business_id))
            })
            .await
            .map_err(|e| gone(Some(order_id), &e))?
            .map_err(|e| cache_refusal(Some(order_id), &e))?;
        let Some(business_id) = business else {
            return Ok(());
        };
        chats::refresh_history(client, &self.store, business_id, order_id, Utc::now())
            .await
            .map_err(|e| Refusal::unavailable(Some(order_id), Msg::each(|_| e.to_string())))?;
        let risk = self.ctx.risk.clone();
        self.store
            .run(move |c| assess::reassess(c, &[order_id], Utc::now(), &risk).map(|_| ()))
            .await
            .map_err(|e| gone(Some(order_id), &e))?
            .map_err(|e| cache_refusal(Some(order_id), &e))
    }
}

fn gone(order_id: Option<i64>, e: &store::StoreGone) -> Refusal {
    Refusal::unavailable(order_id, Msg::each(|_| e.to_string()))
}

fn cache_refusal(order_id: Option<i64>, e: &CacheError) -> Refusal {
    Refusal::unavailable(order_id, Msg::each(|_| e.to_string()))
}

fn market_refusal(order_id: i64, e: &crate::market::MarketError) -> Refusal {
    Refusal::unavailable(
        Some(order_id),
        Msg::each(|l| fill(words(l).market_error, &[("id", &order_id), ("e", e)])),
    )
}
