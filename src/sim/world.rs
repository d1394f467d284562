//! The simulated Market's state: campaigns, orders, chats, the clock, and the rules
//! that writes obey. Pure data and functions; the HTTP side is in `server`.
//!
//! INTERFACE STUB — the bodies are being written; the signatures are the contract.

#![allow(unused_variables)]

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::market::wire::chat::{Buyer, Chat, ChatMessage, ChatsFilter};
use crate::market::wire::legacy::LegacyOrder;
use crate::market::wire::order::OrdersFilter;
use crate::market::wire::write::{
    BatchStatusItem, BatchStatusOutcome, CancellationAnswer, DeliveryDateRequest, StatusChange,
    TrackRequest,
};
use crate::market::wire::{BusinessOrder, Campaign};

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
pub struct World {}

impl World {
    /// Generates a world deterministically from `cfg.seed`, with dates relative to `now`.
    pub fn generate(cfg: &WorldConfig, now: DateTime<Utc>) -> World {
        todo!()
    }
    /// The simulated clock.
    pub fn now(&self) -> DateTime<Utc> {
        todo!()
    }
    /// The one business all campaigns belong to.
    pub fn business_id(&self) -> i64 {
        todo!()
    }
    /// The campaigns (FBS, DBS, FBY, …) of the business.
    pub fn campaigns(&self) -> &[Campaign] {
        todo!()
    }
    /// The carrier directory (`GET /v2/delivery/services`): id and name.
    pub fn delivery_services(&self) -> &[(i64, String)] {
        todo!()
    }
    /// Moves the clock to `t` (never backwards); orders whose next step is due advance
    /// and get a new `updateDate`. Returns what changed.
    pub fn advance_to(&mut self, t: DateTime<Utc>) -> Vec<OrderChange> {
        todo!()
    }
    /// Moves the clock forward by `by`. Returns what changed.
    pub fn advance(&mut self, by: Duration) -> Vec<OrderChange> {
        todo!()
    }
    /// Changes `count` active orders right now, chosen deterministically (for refresh
    /// benchmarks and tests). Returns what changed.
    pub fn touch(&mut self, count: usize) -> Vec<OrderChange> {
        todo!()
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
        todo!()
    }
    /// The DBS buyer of an order (`GET …/orders/{orderId}/buyer`).
    pub fn buyer(&self, campaign_id: i64, order_id: i64) -> Result<Buyer, Refusal> {
        todo!()
    }
    /// `PUT …/orders/{orderId}/status`.
    pub fn set_status(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        change: &StatusChange,
    ) -> Result<LegacyOrder, Refusal> {
        todo!()
    }
    /// `POST …/orders/status-update`: per-order outcomes; 400 only for a bad batch.
    pub fn set_statuses(
        &mut self,
        campaign_id: i64,
        items: &[BatchStatusItem],
    ) -> Result<Vec<BatchStatusOutcome>, Refusal> {
        todo!()
    }
    /// `PUT …/delivery/date`.
    pub fn set_delivery_date(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        req: &DeliveryDateRequest,
    ) -> Result<(), Refusal> {
        todo!()
    }
    /// `POST …/delivery/track`.
    pub fn set_track(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        req: &TrackRequest,
    ) -> Result<(), Refusal> {
        todo!()
    }
    /// `PUT …/delivery/storage-limit`.
    pub fn set_storage_limit(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        new_date: NaiveDate,
    ) -> Result<(), Refusal> {
        todo!()
    }
    /// `PUT …/cancellation/accept`.
    pub fn answer_cancellation(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        answer: &CancellationAnswer,
    ) -> Result<(), Refusal> {
        todo!()
    }
    /// `POST …/first-mile/shipments/{shipmentId}/orders/transfer`.
    pub fn transfer_orders(
        &mut self,
        campaign_id: i64,
        shipment_id: i64,
        order_ids: &[i64],
    ) -> Result<(), Refusal> {
        todo!()
    }
    /// `POST /v2/businesses/{businessId}/chats/new`: the existing chat if there is one.
    pub fn create_chat(&mut self, business_id: i64, order_id: i64) -> Result<i64, Refusal> {
        todo!()
    }
    /// `POST /v2/businesses/{businessId}/chats`: all matching chats (the server pages them).
    pub fn chats(&self, business_id: i64, filter: &ChatsFilter) -> Result<Vec<Chat>, Refusal> {
        todo!()
    }
    /// `POST …/chats/message`: stores the seller's message; the buyer sometimes answers
    /// a while later (on the simulated clock).
    pub fn send_message(
        &mut self,
        business_id: i64,
        chat_id: i64,
        text: &str,
    ) -> Result<(), Refusal> {
        todo!()
    }
    /// `POST …/chats/history`: messages from `message_id_from` (inclusive) on, oldest first.
    pub fn history(
        &self,
        business_id: i64,
        chat_id: i64,
        message_id_from: Option<i64>,
    ) -> Result<Vec<ChatMessage>, Refusal> {
        todo!()
    }
}
