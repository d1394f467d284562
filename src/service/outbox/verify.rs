//! Does the Market already show a write's effect? Asked before re-sending a write whose
//! earlier attempt may have gone through, and before failing one the Market refused
//! (the refusal may be of a repeat of a write that went through). A refusal is taken as
//! "already done" only when the order's state proves the effect, never when it merely
//! does not contradict it: the order without a pending cancellation request is also
//! the order whose buyer never asked. Some effects can only be told by comparing the
//! order now with the order as the agent saw it (`KnownAt`, from the cache). Reads the
//! orders with `orders_page` + `orderIds`; a chat message is looked for in the chat's
//! history (`message_in_history`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::cache::KnownAt;
use crate::market::enums::{ChatSender, OrderStatus, OrderSubstatus};
use crate::market::paging::PageTrail;
use crate::market::wire::{BusinessOrder, ChatMessage, OrdersFilter};
use crate::market::{MarketClient, MarketError};

use crate::domain::write::WriteKind;

/// The most ids one orders query takes.
const IDS_PER_QUERY: usize = 50;

/// The orders with these ids as the Market shows them now (unknown ids are absent).
pub(super) async fn orders(
    client: &MarketClient,
    business_id: i64,
    ids: &[i64],
) -> Result<HashMap<i64, BusinessOrder>, MarketError> {
    let mut found = HashMap::new();
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let filter = OrdersFilter {
            order_ids: chunk.to_vec(),
            ..OrdersFilter::default()
        };
        let mut token: Option<String> = None;
        let mut trail = PageTrail::new(format!("POST /v1/businesses/{business_id}/orders"));
        loop {
            let page = client
                .orders_page(business_id, &filter, token.as_deref(), IDS_PER_QUERY as u32)
                .await?;
            // An order we cannot read counts as "effect not seen": the write is then
            // sent (or failed) as if unchecked, never silently dropped.
            for o in page.orders.into_iter().flatten() {
                found.insert(o.order_id, o);
            }
            token = trail.next(page.next_page_token)?;
            if token.is_none() {
                break;
            }
        }
    }
    Ok(found)
}

/// True when the order is in the status a status write asked for. Without a
/// substatus the Market picks one; for PROCESSING it is READY_TO_SHIP (the only
/// PROCESSING change a shop makes), for other statuses the status alone tells.
pub(super) fn status_holds(
    o: &BusinessOrder,
    status: &OrderStatus,
    substatus: Option<&OrderSubstatus>,
) -> bool {
    if o.status != *status {
        return false;
    }
    match substatus {
        Some(s) => o.substatus == *s,
        None if *status == OrderStatus::PROCESSING => o.substatus == OrderSubstatus::READY_TO_SHIP,
        None => true,
    }
}

/// True when every order the write changes proves its effect. `before` holds what the
/// cache knew of each order when the write was made (absent: it knew nothing).
pub(super) fn applied(
    kind: &WriteKind,
    row_order: Option<i64>,
    orders: &HashMap<i64, BusinessOrder>,
    before: &HashMap<i64, KnownAt>,
) -> bool {
    let ids = kind.orders(row_order);
    if ids.is_empty() {
        return false;
    }
    ids.iter().all(|id| {
        let Some(o) = orders.get(id) else {
            return false;
        };
        let was = before.get(id);
        match kind {
            WriteKind::Status(c) => {
                status_holds(o, &c.status, c.substatus.as_ref())
                    && c.delivery.as_ref().is_none_or(|d| {
                        o.delivery.dates.real_delivery_date == Some(d.dates.real_delivery_date)
                    })
            }
            WriteKind::Statuses(r) => r
                .orders
                .iter()
                .filter(|i| i.id == *id)
                .all(|i| status_holds(o, &i.status, i.substatus.as_ref())),
            WriteKind::DeliveryDate(r) => {
                o.delivery
                    .dates
                    .to_date
                    .unwrap_or(o.delivery.dates.from_date)
                    == r.dates.to_date
            }
            // The code alone could be another carrier's: both must match.
            WriteKind::Track(t) => o.delivery.tracks.iter().any(|x| {
                x.track_code.as_deref() == Some(t.track_code.as_str())
                    && x.delivery_service_id == t.delivery_service_id
            }),
            WriteKind::StorageLimit(s) => {
                o.delivery
                    .pickup
                    .as_ref()
                    .and_then(|p| p.outlet_storage_limit_date)
                    == Some(s.new_date)
            }
            // Accepted: the order is cancelled, as the buyer asked.
            WriteKind::CancellationAnswer(a) if a.accepted => o.status == OrderStatus::CANCELLED,
            // Rejected: a request that was pending is gone and the order stays with the
            // buyer (left unanswered, it would have been cancelled after 48 h). Without
            // the pending request before, "none pending" proves nothing.
            WriteKind::CancellationAnswer(_) => {
                was.is_some_and(|w| w.cancel_requested)
                    && o.status != OrderStatus::CANCELLED
                    && o.cancel_requested != Some(true)
            }
            // Moved: in another shipment, on a later day than the one it was to leave
            // on. Out of the shipment alone is also an order shipped, cancelled, or
            // never in it.
            WriteKind::Transfer { shipment_id, .. } => {
                let Some(now) = o.delivery.shipment.as_ref() else {
                    return false;
                };
                now.id.is_some_and(|s| s != *shipment_id)
                    && was
                        .and_then(|w| w.ship_date)
                        .is_some_and(|d| now.shipment_date > d)
            }
            WriteKind::ChatMessage { .. } => false,
        }
    })
}

/// Reads the orders of a write and says whether its effect is already there.
pub(super) async fn already_applied(
    client: &MarketClient,
    business_id: i64,
    kind: &WriteKind,
    row_order: Option<i64>,
    before: &HashMap<i64, KnownAt>,
) -> Result<bool, MarketError> {
    if matches!(kind, WriteKind::ChatMessage { .. }) {
        return Ok(false);
    }
    let ids = kind.orders(row_order);
    let found = orders(client, business_id, &ids).await?;
    Ok(applied(kind, row_order, &found, before))
}

/// The id of our message with exactly `text` in a chat's history, sent no earlier
/// than `since`: the proof a chat message went out.
pub(super) fn message_in_history(
    history: &[ChatMessage],
    text: &str,
    since: DateTime<Utc>,
) -> Option<i64> {
    history
        .iter()
        .find(|m| {
            m.sender == ChatSender::PARTNER
                && m.message.as_deref() == Some(text)
                && m.created_at.with_timezone(&Utc) >= since
        })
        .map(|m| m.message_id)
}

#[cfg(test)]
mod tests;
