//! One attempt at one outbox row: the call for its kind, and what its answer means.
//! A write that may already have reached the Market is checked first (`verify`, or
//! the chat's history for a message); a refusal is checked against the order before
//! the row is failed, as it may be the refusal of a repeat.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use crate::cache::{KnownAt, OutboxRow};
use crate::market::enums::UpdateStatus;
use crate::market::wire::write::{BatchStatusOutcome, BatchStatusRequest};
use crate::market::{MarketClient, MarketError};

use super::{OutboxError, Worker};
use crate::domain::write::WriteKind;
use crate::service::outbox::verify;

/// Our clock and the Market's may disagree: a chat message of ours counts as "this
/// row's" if the Market dated it at most this long before the row was made.
const CHAT_CLOCK_SKEW: Duration = Duration::minutes(10);

/// What became of one attempt.
pub(super) enum Outcome {
    Sent {
        answer: String,
        already: bool,
    },
    Retry {
        error: String,
        not_before: Option<DateTime<Utc>>,
    },
    Failed {
        error: String,
        answer: Option<String>,
    },
    Auth {
        error: String,
    },
}

/// The Market's own words for a refusal, with its code.
fn market_message(e: &MarketError) -> String {
    match e {
        MarketError::Api {
            http_status,
            code,
            message,
            ..
        } if code.is_empty() => format!("{message} (HTTP {http_status})"),
        MarketError::Api {
            http_status,
            code,
            message,
            ..
        } => format!("{message} (HTTP {http_status} {code})"),
        other => other.to_string(),
    }
}

/// An error that ends an attempt without an answer to record.
fn unsent(e: &MarketError) -> Outcome {
    if e.is_auth() {
        Outcome::Auth {
            error: e.to_string(),
        }
    } else if e.is_retryable() {
        let not_before = match e {
            MarketError::RateLimited { until, .. } => *until,
            _ => None,
        };
        Outcome::Retry {
            error: e.to_string(),
            not_before,
        }
    } else {
        Outcome::Failed {
            error: market_message(e),
            answer: None,
        }
    }
}

pub(super) fn failed(error: impl Into<String>) -> Outcome {
    Outcome::Failed {
        error: error.into(),
        answer: None,
    }
}

fn already_done(detail: serde_json::Value) -> Outcome {
    Outcome::Sent {
        answer: json!({ "alreadyDone": true, "detail": detail }).to_string(),
        already: true,
    }
}

impl Worker {
    /// One attempt at one row.
    pub(super) async fn process(&self, client: &MarketClient, row: &OutboxRow) -> Outcome {
        let kind = match WriteKind::from_parts(&row.kind, &row.payload) {
            Ok(k) => k,
            Err(e) => return failed(format!("the stored write cannot be read ({e}); not sent")),
        };
        let (Some(campaign_id), Some(business_id)) = (row.campaign_id, row.business_id) else {
            return failed("the write names no campaign or business; not sent");
        };
        let per_order = !matches!(kind, WriteKind::Statuses(_) | WriteKind::Transfer { .. });
        let order_id = match (per_order, row.order_id) {
            (true, None) => return failed("the write names no order; not sent"),
            (_, id) => id.unwrap_or_default(),
        };
        // Claiming counted this attempt: more than one means an earlier one may have
        // reached the Market (its answer was lost, or its worker died mid-send).
        let maybe_sent = row.attempts > 1;
        if let WriteKind::ChatMessage { text } = &kind {
            return self
                .send_chat(client, row, business_id, order_id, text, maybe_sent)
                .await;
        }
        if maybe_sent {
            let before = match self.known_before(&kind, row).await {
                Ok(b) => b,
                Err(e) => return retry_cache(&e),
            };
            match verify::already_applied(client, business_id, &kind, row.order_id, &before).await {
                Ok(true) => return already_done(json!("the Market already shows this change")),
                Ok(false) => {}
                Err(e) => return unsent(&e),
            }
        }
        let sent = match &kind {
            WriteKind::Status(c) => client
                .set_status(campaign_id, order_id, c)
                .await
                .map(|o| json!({ "order": { "id": o.id, "status": o.status.as_str(), "substatus": o.substatus.as_str() } })),
            WriteKind::Statuses(r) => {
                return match client.set_statuses(campaign_id, &r.orders).await {
                    Ok(outcomes) => self.batch_outcome(client, business_id, r, outcomes).await,
                    Err(e) => self.refused(client, business_id, &kind, row, e).await,
                };
            }
            WriteKind::DeliveryDate(r) => client
                .set_delivery_date(campaign_id, order_id, r)
                .await
                .map(|()| json!({ "status": "OK" })),
            WriteKind::Track(t) => client
                .set_track(campaign_id, order_id, t)
                .await
                .map(|()| json!({ "status": "OK" })),
            WriteKind::StorageLimit(s) => client
                .set_storage_limit(campaign_id, order_id, s.new_date)
                .await
                .map(|()| json!({ "status": "OK" })),
            WriteKind::CancellationAnswer(a) => client
                .answer_cancellation(campaign_id, order_id, a)
                .await
                .map(|()| json!({ "status": "OK" })),
            WriteKind::Transfer {
                shipment_id,
                order_ids,
            } => client
                .transfer_orders(campaign_id, *shipment_id, order_ids)
                .await
                .map(|()| json!({ "status": "OK" })),
            WriteKind::ChatMessage { .. } => return failed("unreachable: chat handled above"),
        };
        match sent {
            Ok(answer) => Outcome::Sent {
                answer: answer.to_string(),
                already: false,
            },
            Err(e) => self.refused(client, business_id, &kind, row, e).await,
        }
    }

    /// What the cache knew of the write's orders when the row was made: the state the
    /// write was meant to change, as the agent saw it.
    async fn known_before(
        &self,
        kind: &WriteKind,
        row: &OutboxRow,
    ) -> Result<HashMap<i64, KnownAt>, OutboxError> {
        let ids = kind.orders(row.order_id);
        let at = row.created_at;
        self.db(move |c| {
            let mut known = HashMap::new();
            for id in ids {
                if let Some(k) = c.known_at(id, at)? {
                    known.insert(id, k);
                }
            }
            Ok(known)
        })
        .await
    }

    /// A send that ended in an error: a refusal is checked against the order first,
    /// since it may refuse a repeat (the client's own retry after a lost answer) of a
    /// write that went through. Only a state that proves the effect makes it "already
    /// done"; otherwise the row fails with the Market's message.
    async fn refused(
        &self,
        client: &MarketClient,
        business_id: i64,
        kind: &WriteKind,
        row: &OutboxRow,
        e: MarketError,
    ) -> Outcome {
        if e.is_auth() || e.is_retryable() {
            return unsent(&e);
        }
        let before = match self.known_before(kind, row).await {
            Ok(b) => b,
            Err(c) => {
                return Outcome::Retry {
                    error: format!(
                        "{}; the order could not be checked: {c}",
                        market_message(&e)
                    ),
                    not_before: None,
                };
            }
        };
        match verify::already_applied(client, business_id, kind, row.order_id, &before).await {
            Ok(true) => already_done(json!(format!(
                "refused as a repeat ({}), and the Market shows the change",
                market_message(&e)
            ))),
            Ok(false) => unsent(&e),
            // The refusal stands unless the order says otherwise: ask again later
            // rather than fail a write that may have gone through.
            Err(check) => Outcome::Retry {
                error: format!(
                    "{}; the order could not be checked: {check}",
                    market_message(&e)
                ),
                not_before: None,
            },
        }
    }

    /// A batch's per-order answers: refused orders that already show their status
    /// count as done; any other refusal fails the row with the Market's details.
    async fn batch_outcome(
        &self,
        client: &MarketClient,
        business_id: i64,
        req: &BatchStatusRequest,
        outcomes: Vec<BatchStatusOutcome>,
    ) -> Outcome {
        let answer = serde_json::to_string(&outcomes).unwrap_or_default();
        let refused: Vec<_> = outcomes
            .iter()
            .filter(|o| o.update_status == Some(UpdateStatus::ERROR))
            .collect();
        if refused.is_empty() {
            return Outcome::Sent {
                answer,
                already: false,
            };
        }
        let ids: Vec<i64> = refused.iter().map(|o| o.id).collect();
        let found = match verify::orders(client, business_id, &ids).await {
            Ok(f) => f,
            Err(e) => return unsent(&e),
        };
        let still: Vec<String> = refused
            .iter()
            .filter(|o| {
                let holds = req.orders.iter().filter(|i| i.id == o.id).all(|i| {
                    found
                        .get(&i.id)
                        .is_some_and(|x| verify::status_holds(x, &i.status, i.substatus.as_ref()))
                });
                !holds
            })
            .map(|o| {
                format!(
                    "{}: {}",
                    o.id,
                    o.error_details.as_deref().unwrap_or("refused")
                )
            })
            .collect();
        if still.is_empty() {
            return Outcome::Sent {
                answer,
                already: false,
            };
        }
        Outcome::Failed {
            error: format!(
                "{} of {} orders refused: {}",
                still.len(),
                outcomes.len(),
                still.join("; ")
            ),
            answer: Some(answer),
        }
    }

    /// A chat message: the chat is made if we know none; a message that may have gone
    /// out already is looked for in the chat's history before it is sent again.
    async fn send_chat(
        &self,
        client: &MarketClient,
        row: &OutboxRow,
        business_id: i64,
        order_id: i64,
        text: &str,
        maybe_sent: bool,
    ) -> Outcome {
        let known = match self.db(move |c| c.chat_id(order_id)).await {
            Ok(k) => k,
            Err(e) => return retry_cache(&e),
        };
        let chat_id = match known {
            Some(id) => id,
            None => match client.create_chat(business_id, order_id).await {
                Ok(id) => {
                    let now = Utc::now();
                    if let Err(e) = self
                        .db(move |c| c.set_chat(order_id, business_id, id, now))
                        .await
                    {
                        tracing::warn!(error = %e, "outbox: could not remember a chat id");
                    }
                    id
                }
                Err(e) => return unsent(&e),
            },
        };
        if maybe_sent {
            match client.chat_history(business_id, chat_id, None).await {
                Ok(history) => {
                    let since = row.created_at - CHAT_CLOCK_SKEW;
                    let found = verify::message_in_history(&history, text, since);
                    let now = Utc::now();
                    if let Err(e) = self
                        .db(move |c| c.store_chat_messages(chat_id, order_id, &history, now))
                        .await
                    {
                        tracing::warn!(error = %e, "outbox: could not store a chat's history");
                    }
                    if let Some(message_id) = found {
                        return already_done(json!({ "chatId": chat_id, "messageId": message_id }));
                    }
                }
                Err(e) => return self.chat_error(order_id, e).await,
            }
        }
        match client.send_message(business_id, chat_id, text).await {
            Ok(()) => Outcome::Sent {
                answer: json!({ "status": "OK", "chatId": chat_id }).to_string(),
                already: false,
            },
            Err(e) => self.chat_error(order_id, e).await,
        }
    }

    /// A chat the Market does not know (any more) is forgotten and made again on the
    /// next attempt; other errors as usual.
    async fn chat_error(&self, order_id: i64, e: MarketError) -> Outcome {
        if e.http_status() == Some(404) {
            if let Err(c) = self.db(move |c| c.forget_chat(order_id)).await {
                tracing::warn!(error = %c, "outbox: could not forget a chat id");
            }
            return Outcome::Retry {
                error: format!("{}; the chat will be made again", market_message(&e)),
                not_before: None,
            };
        }
        unsent(&e)
    }
}

fn retry_cache(e: &OutboxError) -> Outcome {
    Outcome::Retry {
        error: format!("the cache: {e}"),
        not_before: None,
    }
}

#[cfg(test)]
mod tests;
