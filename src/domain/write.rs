//! A write to the Market as an agent confirmed it (`OutboxWrite`, `WriteKind`), and how
//! its idempotency key is made (`key_for`). The service's outbox stores and sends them.

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::market::wire::write::{
    BatchStatusRequest, CancellationAnswer, DeliveryDateRequest, StatusChange, StorageLimitRequest,
    TrackRequest,
};

/// One write to the Market, as the agent confirmed it. The payloads are the Market's
/// own request bodies, so what is stored is what will be sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum WriteKind {
    /// `PUT …/orders/{orderId}/status` for the row's order.
    Status(StatusChange),
    /// `POST …/orders/status-update`: several orders of the row's campaign.
    Statuses(BatchStatusRequest),
    /// `PUT …/orders/{orderId}/delivery/date` (DBS).
    DeliveryDate(DeliveryDateRequest),
    /// `POST …/orders/{orderId}/delivery/track` (DBS).
    Track(TrackRequest),
    /// `PUT …/orders/{orderId}/delivery/storage-limit` (DBS).
    StorageLimit(StorageLimitRequest),
    /// `PUT …/orders/{orderId}/cancellation/accept` (DBS).
    CancellationAnswer(CancellationAnswer),
    /// `POST …/first-mile/shipments/{shipmentId}/orders/transfer` (FBS).
    Transfer {
        shipment_id: i64,
        order_ids: Vec<i64>,
    },
    /// `POST /v2/businesses/{businessId}/chats/message` in the row's order's chat.
    ChatMessage { text: String },
}

impl WriteKind {
    /// The `kind` column: `status`, `statuses`, `delivery_date`, `track`,
    /// `storage_limit`, `cancellation_answer`, `transfer`, `chat_message`.
    pub fn name(&self) -> &'static str {
        match self {
            WriteKind::Status(_) => "status",
            WriteKind::Statuses(_) => "statuses",
            WriteKind::DeliveryDate(_) => "delivery_date",
            WriteKind::Track(_) => "track",
            WriteKind::StorageLimit(_) => "storage_limit",
            WriteKind::CancellationAnswer(_) => "cancellation_answer",
            WriteKind::Transfer { .. } => "transfer",
            WriteKind::ChatMessage { .. } => "chat_message",
        }
    }

    /// The `payload` column (JSON).
    pub fn payload(&self) -> String {
        // Plain structs with string keys always serialize; "null" would be read back
        // as an unreadable payload and failed with that reason, never sent.
        match serde_json::to_value(self) {
            Ok(mut v) => v["payload"].take().to_string(),
            Err(_) => "null".to_owned(),
        }
    }

    /// Reads the `kind` and `payload` columns back.
    pub fn from_parts(kind: &str, payload: &str) -> Result<WriteKind, serde_json::Error> {
        let payload: serde_json::Value = serde_json::from_str(payload)?;
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
    }

    /// A storage extension to `new_date`.
    pub fn storage_limit(new_date: NaiveDate) -> WriteKind {
        WriteKind::StorageLimit(StorageLimitRequest { new_date })
    }

    /// The orders the write changes (`row_order` is the row's own order).
    pub fn orders(&self, row_order: Option<i64>) -> Vec<i64> {
        match self {
            WriteKind::Statuses(r) => r.orders.iter().map(|i| i.id).collect(),
            WriteKind::Transfer { order_ids, .. } => order_ids.clone(),
            _ => row_order.into_iter().collect(),
        }
    }
}

/// A write to enqueue: what, for which order/campaign/business, linked to which
/// incident, confirmed by whom, under which idempotency key.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxWrite {
    /// Chosen by the enqueuer: see `key_for`.
    pub key: String,
    pub kind: WriteKind,
    /// The order written to (`None` for a batch or a transfer of several orders).
    pub order_id: Option<i64>,
    pub campaign_id: i64,
    pub business_id: i64,
    /// The incident whose agent confirmed the write: a refusal is shown there.
    pub incident_id: Option<i64>,
    /// The Unix user who confirmed it.
    pub created_by: String,
}

/// The idempotency key of a confirmed write: `agent:order:action:nonce`.
///
/// Make the nonce once per confirmation (`new_nonce`, when the agent presses "yes")
/// and keep it with that confirmation: enqueueing it again — after a busy cache, a
/// crash between confirm and enqueue, a double key press delivered twice — gives the
/// same key and so the same single row, while the same action confirmed again later
/// gets a new nonce and is a new write. `action` names what is done, e.g.
/// `status:DELIVERY`, `date:2026-07-20`, `chat`.
pub fn key_for(agent: &str, order_id: i64, action: &str, nonce: &str) -> String {
    format!("{agent}:{order_id}:{action}:{nonce}")
}

/// A nonce unique across the processes of one host and time: the clock in
/// nanoseconds, the process id and a counter.
pub fn new_nonce() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("{nanos:x}-{:x}-{n:x}", std::process::id())
}

#[cfg(test)]
mod tests;
