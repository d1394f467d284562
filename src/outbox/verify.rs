//! Does the Market already show a write's effect? Asked before re-sending a write whose
//! earlier attempt may have gone through, and before failing one the Market refused
//! (the refusal may be of a repeat of a write that went through). Reads the orders
//! with `orders_page` + `orderIds`; a chat message is checked against the chat's
//! history by the worker instead.

use std::collections::HashMap;

use crate::market::client::parse_order;
use crate::market::enums::{OrderStatus, OrderSubstatus};
use crate::market::wire::{BusinessOrder, OrdersFilter};
use crate::market::{MarketClient, MarketError};

use super::WriteKind;

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
        loop {
            let page = client
                .orders_page(business_id, &filter, token.as_deref(), IDS_PER_QUERY as u32)
                .await?;
            for raw in &page.orders {
                // An order we cannot read counts as "effect not seen": the write is then
                // sent (or failed) as if unchecked, never silently dropped.
                if let Ok(o) = parse_order(raw) {
                    found.insert(o.order_id, o);
                }
            }
            match page.next_page_token {
                Some(t) => token = Some(t),
                None => break,
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

/// True when every order the write changes shows its effect.
pub(super) fn applied(
    kind: &WriteKind,
    row_order: Option<i64>,
    orders: &HashMap<i64, BusinessOrder>,
) -> bool {
    let ids = kind.orders(row_order);
    if ids.is_empty() {
        return false;
    }
    ids.iter().all(|id| {
        let Some(o) = orders.get(id) else {
            return false;
        };
        match kind {
            WriteKind::Status(c) => status_holds(o, &c.status, c.substatus.as_ref()),
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
            WriteKind::Track(t) => o
                .delivery
                .tracks
                .iter()
                .any(|x| x.track_code.as_deref() == Some(t.track_code.as_str())),
            WriteKind::StorageLimit(s) => {
                o.delivery
                    .pickup
                    .as_ref()
                    .and_then(|p| p.outlet_storage_limit_date)
                    == Some(s.new_date)
            }
            WriteKind::CancellationAnswer(a) if a.accepted => o.status == OrderStatus::CANCELLED,
            WriteKind::CancellationAnswer(_) => {
                o.status != OrderStatus::CANCELLED && o.cancel_requested != Some(true)
            }
            // Moved: the order is no longer in the shipment it was taken out of.
            WriteKind::Transfer { shipment_id, .. } => {
                o.delivery.shipment.as_ref().and_then(|s| s.id) != Some(*shipment_id)
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
) -> Result<bool, MarketError> {
    if matches!(kind, WriteKind::ChatMessage { .. }) {
        return Ok(false);
    }
    let ids = kind.orders(row_order);
    let found = orders(client, business_id, &ids).await?;
    Ok(applied(kind, row_order, &found))
}
