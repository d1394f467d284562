//! The simulated Market's state: campaigns, orders, chats, the clock, and the rules
//! that writes obey. Pure data and functions; the HTTP side is in `server`.
//!
//! Orders are kept sorted by id, and ids grow with creation time (no order is ever
//! created after generation), which is what lets a page of the orders list start by
//! binary search. Orders that will still move on their own sit in a time-ordered
//! schedule, so moving the clock costs nothing when no step is due.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::market::enums::{ChatSender, OrderStatus, OrderSubstatus, UpdateStatus};
use crate::market::wire::chat::{Buyer, Chat, ChatMessage, ChatsFilter};
use crate::market::wire::legacy::LegacyOrder;
use crate::market::wire::order::OrdersFilter;
use crate::market::wire::write::{
    BatchStatusItem, BatchStatusOutcome, CancellationAnswer, DeliveryDateRequest, StatusChange,
    TrackRequest,
};
use crate::market::wire::{Business, BusinessOrder, Campaign};

mod generate;
mod rules;
mod window;

use super::rng::Rng;
use lifecycle::{Meta, Model, Step, msk_date, wire_time};
use rules::not_found;

mod chats;
mod legacy;
pub(super) mod lifecycle;
mod query;
mod returns;
#[cfg(test)]
mod tests;
mod writes;

/// What to generate.
#[derive(Debug, Clone)]
pub struct WorldConfig {
    /// How many orders, spread over the campaigns.
    pub orders: usize,
    /// The same seed gives the same world (for the same `now`).
    pub seed: u64,
}

/// A refusal by the simulated Market: the HTTP status and the error body's code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub http_status: u16,
    pub code: String,
    pub message: String,
}

/// One change the world made to an order on its own (time moving, or `touch`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OrderChange {
    pub order_id: i64,
    /// Which fields changed, by wire name: "status", "substatus", "delivery.dates", …
    /// (`updateDate` changes every time and is not listed).
    pub fields: Vec<String>,
}

/// A write the world accepted or refused, for the test-only introspection route.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WriteRecord {
    pub method: String,
    pub path: String,
    pub body: serde_json::Value,
    pub http_status: u16,
}

/// The whole simulated Market.
pub struct World {
    now: DateTime<Utc>,
    business: Business,
    campaigns: Vec<Campaign>,
    /// The model of each campaign, by the campaign's index.
    models: Vec<Model>,
    services: Vec<(i64, String)>,
    /// Sorted by id (and so by creation).
    orders: Vec<BusinessOrder>,
    /// By the order's index.
    metas: Vec<Meta>,
    /// (due, order index, plan generation), earliest first.
    schedule: BinaryHeap<Reverse<(i64, u32, u32)>>,
    /// Every track code in use → its order.
    tracks: HashMap<String, i64>,
    chats: chats::Chats,
    touch_cursor: usize,
}

/// The buyer id the Market shows a DBS shop: stable per order, opaque.
pub(super) fn buyer_public_id(order_id: i64) -> String {
    format!("{:016x}", Rng::new(order_id as u64).next_u64())
}

/// Merges one step's fields into the list of changes, one entry per order.
fn record(
    changes: &mut Vec<OrderChange>,
    at: &mut HashMap<i64, usize>,
    id: i64,
    fields: Vec<&str>,
) {
    let k = *at.entry(id).or_insert_with(|| {
        changes.push(OrderChange {
            order_id: id,
            fields: Vec::new(),
        });
        changes.len() - 1
    });
    for f in fields {
        if !changes[k].fields.iter().any(|x| x == f) {
            changes[k].fields.push(f.to_owned());
        }
    }
}

impl World {
    /// Generates a world deterministically from `cfg.seed`, with dates relative to `now`.
    pub fn generate(cfg: &WorldConfig, now: DateTime<Utc>) -> World {
        let g = generate::generate(cfg.orders, cfg.seed, now);
        let mut w = World {
            now,
            business: g.business,
            campaigns: g.campaigns,
            models: g.models,
            services: super::names::CARRIERS
                .iter()
                .map(|&(id, name)| (id, name.to_owned()))
                .collect(),
            orders: g.orders,
            metas: g.metas,
            schedule: BinaryHeap::new(),
            tracks: g.tracks,
            chats: chats::Chats::new(),
            touch_cursor: 0,
        };
        for i in 0..w.orders.len() {
            w.schedule(i);
        }
        for seed in g.chats {
            let (id, campaign, name) = w.customer(seed.order);
            w.chats.seed(id, campaign, name.clone(), &seed.messages);
            if let Some((due, text)) = seed.later {
                w.chats.expect_from_buyer(id, campaign, name, due, text);
            }
        }
        w
    }

    /// The simulated clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// The one business all campaigns belong to.
    pub fn business_id(&self) -> i64 {
        self.business.id
    }

    /// The campaigns (FBS, DBS, FBY, …) of the business.
    pub fn campaigns(&self) -> &[Campaign] {
        &self.campaigns
    }

    /// The carrier directory (`GET /v2/delivery/services`): id and name.
    pub fn delivery_services(&self) -> &[(i64, String)] {
        &self.services
    }

    /// One order by id.
    pub fn order(&self, order_id: i64) -> Option<&BusinessOrder> {
        let i = self
            .orders
            .binary_search_by_key(&order_id, |o| o.order_id)
            .ok()?;
        Some(&self.orders[i])
    }

    /// Every order, ascending by id.
    pub fn orders(&self) -> &[BusinessOrder] {
        &self.orders
    }

    /// How many orders the world holds.
    pub fn order_count(&self) -> usize {
        self.orders.len()
    }

    /// True when the shop already made the calls that allow cancelling the order with
    /// `USER_UNREACHABLE` (DBS); false for unknown orders.
    pub fn call_protocol_complete(&self, order_id: i64) -> bool {
        self.orders
            .binary_search_by_key(&order_id, |o| o.order_id)
            .is_ok_and(|i| self.metas[i].calls_done)
    }

    /// How many times the shop moved the order's delivery date (`None`: unknown order).
    pub fn delivery_date_moves(&self, order_id: i64) -> Option<u8> {
        let i = self
            .orders
            .binary_search_by_key(&order_id, |o| o.order_id)
            .ok()?;
        Some(self.metas[i].date_moves)
    }

    /// Moves the clock to `t` (never backwards); orders whose next step is due advance
    /// and get a new `updateDate`. Returns what changed.
    pub fn advance_to(&mut self, t: DateTime<Utc>) -> Vec<OrderChange> {
        if t <= self.now {
            return Vec::new();
        }
        self.now = t;
        let limit = t.timestamp();
        let mut changes = Vec::new();
        let mut seen = HashMap::new();
        while let Some(&Reverse((due, i, generation))) = self.schedule.peek() {
            if due > limit {
                break;
            }
            self.schedule.pop();
            let i = i as usize;
            if self.metas[i].generation != generation {
                continue;
            }
            let Some((at, step)) = self.metas[i].plan.take() else {
                continue;
            };
            let fields = lifecycle::apply(
                &mut self.orders[i],
                &mut self.metas[i],
                &step,
                at,
                &mut self.tracks,
            );
            self.replan(i, at);
            record(&mut changes, &mut seen, self.orders[i].order_id, fields);
        }
        self.chats.deliver_due(limit);
        changes
    }

    /// Moves the clock forward by `by`. Returns what changed.
    pub fn advance(&mut self, by: Duration) -> Vec<OrderChange> {
        let t = self.now + by;
        self.advance_to(t)
    }

    /// Changes `count` active orders right now, chosen deterministically (for refresh
    /// benchmarks and tests): each takes its next step early. Returns what changed.
    pub fn touch(&mut self, count: usize) -> Vec<OrderChange> {
        let n = self.orders.len();
        let mut changes = Vec::new();
        let mut seen = HashMap::new();
        // A prime stride spreads the touched orders over the whole id range.
        let stride = if n.is_multiple_of(7919) {
            1
        } else {
            7919 % n.max(1)
        };
        let now = self.now.timestamp();
        let mut visited = 0;
        while changes.len() < count && visited < n {
            let i = self.touch_cursor % n;
            self.touch_cursor = (i + stride.max(1)) % n;
            visited += 1;
            let Some((_, step)) = self.metas[i].plan.take() else {
                continue;
            };
            let fields = lifecycle::apply(
                &mut self.orders[i],
                &mut self.metas[i],
                &step,
                now,
                &mut self.tracks,
            );
            self.replan(i, now);
            record(&mut changes, &mut seen, self.orders[i].order_id, fields);
        }
        changes
    }

    /// Changes one order now (for tests of late changes): it takes its next step early,
    /// as `touch` does; a delivered order with no step left gets the buyer's claim that
    /// it never came (`DELIVERED_USER_NOT_RECEIVED`), a change the Market makes to
    /// orders of any age. `None` for an unknown order or one with nothing left to change.
    pub fn touch_order(&mut self, order_id: i64) -> Option<OrderChange> {
        let i = self
            .orders
            .binary_search_by_key(&order_id, |o| o.order_id)
            .ok()?;
        let step = match self.metas[i].plan.take() {
            Some((_, step)) => step,
            None if self.orders[i].status == OrderStatus::DELIVERED
                && self.orders[i].substatus != OrderSubstatus::DELIVERED_USER_NOT_RECEIVED =>
            {
                Step::Status(
                    OrderStatus::DELIVERED,
                    OrderSubstatus::DELIVERED_USER_NOT_RECEIVED,
                )
            }
            None => return None,
        };
        let now = self.now_s();
        let fields = lifecycle::apply(
            &mut self.orders[i],
            &mut self.metas[i],
            &step,
            now,
            &mut self.tracks,
        );
        self.replan(i, now);
        Some(OrderChange {
            order_id,
            fields: fields.into_iter().map(str::to_owned).collect(),
        })
    }

    /// One page of `POST /v1/businesses/{businessId}/orders`: orders matching `filter`
    /// with an order id greater than `after`, ascending, at most `limit`; and the id to
    /// continue after when more match. 400 for a span over 30 days, 404 for a wrong business.
    pub fn orders_page(
        &self,
        business_id: i64,
        filter: &OrdersFilter,
        after: Option<i64>,
        limit: usize,
    ) -> Result<(Vec<&BusinessOrder>, Option<i64>), Refusal> {
        self.check_business(business_id)?;
        let window = window::orders_window(filter, self.now)?;
        Ok(query::page(&self.orders, filter, &window, after, limit))
    }

    /// The DBS buyer of an order (`GET …/orders/{orderId}/buyer`).
    pub fn buyer(&self, campaign_id: i64, order_id: i64) -> Result<Buyer, Refusal> {
        self.dbs_buyer(campaign_id, order_id)
    }

    /// `PUT …/orders/{orderId}/status`.
    pub fn set_status(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        change: &StatusChange,
    ) -> Result<LegacyOrder, Refusal> {
        self.write_status(campaign_id, order_id, change)
    }

    /// `POST …/orders/status-update`: per-order outcomes; 400 only for a bad batch.
    pub fn set_statuses(
        &mut self,
        campaign_id: i64,
        items: &[BatchStatusItem],
    ) -> Result<Vec<BatchStatusOutcome>, Refusal> {
        let model = self.model_of(campaign_id)?;
        rules::require_model(
            model,
            &[Model::Fbs, Model::Express, Model::Dbs],
            campaign_id,
        )?;
        rules::batch_size(items.len())?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let change = StatusChange {
                status: item.status.clone(),
                substatus: item.substatus.clone(),
                delivery: None,
            };
            let current = self
                .order(item.id)
                .map(|o| (o.status.clone(), o.substatus.clone()));
            out.push(match self.write_status(campaign_id, item.id, &change) {
                Ok(o) => BatchStatusOutcome {
                    id: item.id,
                    status: Some(o.status),
                    substatus: Some(o.substatus),
                    update_status: Some(UpdateStatus::OK),
                    error_details: None,
                },
                Err(r) => BatchStatusOutcome {
                    id: item.id,
                    status: current.as_ref().map(|c| c.0.clone()),
                    substatus: current.map(|c| c.1),
                    update_status: Some(UpdateStatus::ERROR),
                    error_details: Some(format!("{}: {}", r.code, r.message)),
                },
            });
        }
        Ok(out)
    }

    /// `PUT …/delivery/date`.
    pub fn set_delivery_date(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        req: &DeliveryDateRequest,
    ) -> Result<(), Refusal> {
        self.write_delivery_date(campaign_id, order_id, req)
    }

    /// `POST …/delivery/track`.
    pub fn set_track(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        req: &TrackRequest,
    ) -> Result<(), Refusal> {
        self.write_track(campaign_id, order_id, req)
    }

    /// `PUT …/delivery/storage-limit`.
    pub fn set_storage_limit(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        new_date: NaiveDate,
    ) -> Result<(), Refusal> {
        self.write_storage_limit(campaign_id, order_id, new_date)
    }

    /// `PUT …/cancellation/accept`.
    pub fn answer_cancellation(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        answer: &CancellationAnswer,
    ) -> Result<(), Refusal> {
        self.write_cancellation_answer(campaign_id, order_id, answer)
    }

    /// `POST …/first-mile/shipments/{shipmentId}/orders/transfer`.
    pub fn transfer_orders(
        &mut self,
        campaign_id: i64,
        shipment_id: i64,
        order_ids: &[i64],
    ) -> Result<(), Refusal> {
        self.write_transfer(campaign_id, shipment_id, order_ids)
    }

    /// `POST /v2/businesses/{businessId}/chats/new`: the existing chat if there is one.
    pub fn create_chat(&mut self, business_id: i64, order_id: i64) -> Result<i64, Refusal> {
        self.check_business(business_id)?;
        let i = self
            .orders
            .binary_search_by_key(&order_id, |o| o.order_id)
            .map_err(|_| not_found(format!("Order {order_id} not found")))?;
        let (id, campaign, name) = self.customer(i);
        let fake = self.orders[i].fake;
        Ok(self
            .chats
            .open(id, campaign, name, fake, self.now.timestamp()))
    }

    /// `POST /v2/businesses/{businessId}/chats`: all matching chats (the server pages them).
    pub fn chats(&self, business_id: i64, filter: &ChatsFilter) -> Result<Vec<Chat>, Refusal> {
        self.check_business(business_id)?;
        Ok(self.chats.find(filter))
    }

    /// `GET /v2/businesses/{businessId}/chat?chatId=`: one chat.
    pub fn chat(&self, business_id: i64, chat_id: i64) -> Result<Chat, Refusal> {
        self.check_business(business_id)?;
        self.chats
            .get(chat_id)
            .ok_or_else(|| not_found(format!("Chat {chat_id} not found")))
    }

    /// `POST …/chats/message`: stores the seller's message; the buyer sometimes answers
    /// a while later (on the simulated clock).
    pub fn send_message(
        &mut self,
        business_id: i64,
        chat_id: i64,
        text: &str,
    ) -> Result<(), Refusal> {
        self.check_business(business_id)?;
        if !self.chats.exists(chat_id) {
            return Err(not_found(format!("Chat {chat_id} not found")));
        }
        rules::message_text(text)?;
        let now = self.now.timestamp();
        if let Some(id) = self
            .chats
            .post(chat_id, now, ChatSender::PARTNER, text.to_owned())
        {
            self.chats.maybe_schedule_reply(chat_id, id, now);
        }
        Ok(())
    }

    /// `POST …/chats/history`: messages from `message_id_from` (inclusive) on, oldest first.
    pub fn history(
        &self,
        business_id: i64,
        chat_id: i64,
        message_id_from: Option<i64>,
    ) -> Result<Vec<ChatMessage>, Refusal> {
        self.check_business(business_id)?;
        self.chats
            .history(chat_id, message_id_from)
            .ok_or_else(|| not_found(format!("Chat {chat_id} not found")))
    }

    // ---- internals shared with the child modules ----

    fn check_business(&self, business_id: i64) -> Result<(), Refusal> {
        if business_id == self.business.id {
            Ok(())
        } else {
            Err(not_found(format!("Business {business_id} not found")))
        }
    }

    fn model_of(&self, campaign_id: i64) -> Result<Model, Refusal> {
        self.campaigns
            .iter()
            .position(|c| c.id == campaign_id)
            .map(|i| self.models[i])
            .ok_or_else(|| not_found(format!("Campaign {campaign_id} not found")))
    }

    /// The index of an order of this campaign; 404 for an unknown order or another
    /// campaign's, as the Market does not reveal other shops' orders.
    fn index_of(&self, campaign_id: i64, order_id: i64) -> Result<usize, Refusal> {
        match self.orders.binary_search_by_key(&order_id, |o| o.order_id) {
            Ok(i) if self.orders[i].campaign_id == campaign_id => Ok(i),
            _ => Err(not_found(format!(
                "Order {order_id} not found in campaign {campaign_id}"
            ))),
        }
    }

    fn now_s(&self) -> i64 {
        self.now.timestamp()
    }

    fn today(&self) -> NaiveDate {
        msk_date(self.now_s())
    }

    /// (order id, campaign id, the buyer's name as chats show it).
    fn customer(&self, i: usize) -> (i64, i64, String) {
        let o = &self.orders[i];
        let b = &self.metas[i].buyer;
        (
            o.order_id,
            o.campaign_id,
            format!("{} {}", b.first(), b.last()),
        )
    }

    /// Puts the order's current plan on the schedule (older entries become stale).
    fn schedule(&mut self, i: usize) {
        let m = &mut self.metas[i];
        m.generation = m.generation.wrapping_add(1);
        if let Some((at, _)) = m.plan {
            self.schedule.push(Reverse((at, i as u32, m.generation)));
        }
    }

    /// Plans the order's next step from a state entered at `entered`.
    fn replan(&mut self, i: usize, entered: i64) {
        self.metas[i].plan = lifecycle::plan(&self.orders[i], &mut self.metas[i], entered);
        self.schedule(i);
    }

    /// An accepted write: `updateDate` is now, and the order's future is replanned.
    fn stamp(&mut self, i: usize) {
        let now = self.now_s();
        self.orders[i].update_date = Some(wire_time(now));
        self.replan(i, now);
    }
}
