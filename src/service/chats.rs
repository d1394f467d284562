//! The buyers' chats, kept in the cache by the syncing process so that every agent —
//! with the key or without — sees them: each round lists the business's chats that
//! wait for the seller (NEW, WAITING_FOR_PARTNER), fetches the history of those that
//! changed since the last round, and once more the history of a chat that stopped
//! waiting (answered from elsewhere). Reading never makes a chat: an order nobody has
//! written about has an empty history. Message texts come from buyers and are never
//! logged.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use futures::StreamExt;

use super::store::{Store, StoreGone};
use crate::cache::{CacheError, ChatState, StoredChatMessage};
use crate::market::enums::{ChatContextType, ChatStatus};
use crate::market::wire::chat::ChatContextRef;
use crate::market::wire::{Chat, ChatMessage, ChatsFilter};
use crate::market::{MarketClient, MarketError};

/// Why the chats could not be refreshed.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error("the chat of order {order_id}: {source}")]
    Market {
        order_id: i64,
        #[source]
        source: MarketError,
    },
    #[error("the chats of business {business_id}: {source}")]
    List {
        business_id: i64,
        #[source]
        source: MarketError,
    },
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Store(#[from] StoreGone),
}

/// What one round of chat syncing did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatRound {
    /// Chats the Market listed as waiting for the seller.
    pub waiting: usize,
    /// Histories fetched (changed or no longer waiting).
    pub fetched: usize,
    /// Messages new to the cache.
    pub new_messages: usize,
    /// Orders whose chat changed: their risk is assessed again.
    pub orders: Vec<i64>,
    /// The first chat that could not be fetched (the others were).
    pub failed: Option<String>,
}

/// Requests in flight at once: the client's own limit per business.
const IN_FLIGHT: usize = 4;

/// The statuses in which a chat waits for the seller.
fn waiting_statuses() -> Vec<ChatStatus> {
    vec![ChatStatus::NEW, ChatStatus::WAITING_FOR_PARTNER]
}

/// One round over the businesses' chats: see the module's header.
pub async fn sync_waiting(
    client: &MarketClient,
    store: &Store,
    businesses: &[i64],
    now: DateTime<Utc>,
) -> Result<ChatRound, ChatError> {
    let known = store.run(|c| c.chat_states()).await??;
    let Listing {
        waiting,
        listed,
        changed,
    } = list_waiting(client, store, businesses, &known).await?;
    let mut round = ChatRound {
        waiting,
        ..ChatRound::default()
    };
    // Side by side, up to what the client lets through at once.
    let fetched: Vec<Result<(i64, usize), ChatError>> = futures::stream::iter(changed)
        .map(|(business_id, order_id, chat, from)| async move {
            fetch_into(client, store, business_id, order_id, &chat, from, now)
                .await
                .map(|new| (order_id, new))
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let mut first_error = None;
    for f in fetched {
        match f {
            Ok((order_id, new)) => {
                round.fetched += 1;
                round.new_messages += new;
                round.orders.push(order_id);
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    // A chat that waited last round and is not listed now was answered elsewhere (or
    // closed): its history once more, so the cache sees who wrote last.
    let stopped =
        fetch_stopped(client, store, businesses, &known, &listed, now, &mut round).await?;
    first_error = first_error.or(stopped);
    round.failed = first_error.map(|e| e.to_string());
    tracing::debug!(
        waiting = round.waiting,
        fetched = round.fetched,
        new = round.new_messages,
        "chats: round done"
    );
    Ok(round)
}

/// What the Market lists as waiting for the seller, of the orders the cache holds.
struct Listing {
    waiting: usize,
    listed: HashSet<i64>,
    /// The chats changed since the cache saw them: business, order, the chat and the
    /// last message the cache holds of it.
    changed: Vec<(i64, i64, Chat, Option<i64>)>,
}

/// Lists each business's waiting chats and keeps those changed since the cache saw them.
async fn list_waiting(
    client: &MarketClient,
    store: &Store,
    businesses: &[i64],
    known: &HashMap<i64, ChatState>,
) -> Result<Listing, ChatError> {
    let mut waiting = 0;
    let mut listed: HashSet<i64> = HashSet::new();
    let mut changed = Vec::new();
    for &business_id in businesses {
        let filter = ChatsFilter {
            context_types: vec![ChatContextType::ORDER],
            statuses: waiting_statuses(),
            ..ChatsFilter::default()
        };
        let chats = client
            .chats(business_id, &filter)
            .await
            .map_err(|source| ChatError::List {
                business_id,
                source,
            })?;
        for chat in chats {
            let Some(order_id) = order_of(&chat) else {
                continue;
            };
            // A chat about an order the cache does not hold has no risk to tell.
            if !store.run(move |c| c.has_order(order_id)).await?? {
                continue;
            }
            waiting += 1;
            listed.insert(order_id);
            let state = known.get(&order_id);
            let updated = chat.updated_at.to_utc();
            if state.is_some_and(|s| s.chat_id == chat.chat_id && s.updated_at == Some(updated)) {
                continue;
            }
            let from = state
                .filter(|s| s.chat_id == chat.chat_id)
                .and_then(|s| s.last_message_id);
            changed.push((business_id, order_id, chat, from));
        }
    }
    Ok(Listing {
        waiting,
        listed,
        changed,
    })
}

/// Fetches the histories of the chats that stopped waiting; the first request that
/// failed, if any (the others were fetched).
async fn fetch_stopped(
    client: &MarketClient,
    store: &Store,
    businesses: &[i64],
    known: &HashMap<i64, ChatState>,
    listed: &HashSet<i64>,
    now: DateTime<Utc>,
    round: &mut ChatRound,
) -> Result<Option<ChatError>, ChatError> {
    let mut first_error = None;
    for (order_id, state) in stopped_waiting(known, listed) {
        let (chat_id, business_id) = (state.chat_id, state.business_id);
        if !businesses.contains(&business_id) {
            continue;
        }
        match client
            .chat_history(business_id, chat_id, state.last_message_id)
            .await
        {
            Ok(history) => {
                round.new_messages += store
                    .run(move |c| {
                        let n = c.store_chat_messages(chat_id, order_id, &history, now)?;
                        c.set_chat_not_waiting(order_id)?;
                        Ok::<_, CacheError>(n)
                    })
                    .await??;
                round.fetched += 1;
                round.orders.push(order_id);
            }
            Err(source) => {
                first_error.get_or_insert(ChatError::Market { order_id, source });
            }
        }
    }
    Ok(first_error)
}

/// The chats the cache saw waiting that the Market no longer lists as waiting.
fn stopped_waiting<'a>(
    known: &'a HashMap<i64, ChatState>,
    listed: &HashSet<i64>,
) -> Vec<(i64, &'a ChatState)> {
    let waiting: Vec<String> = waiting_statuses()
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    known
        .iter()
        .filter(|(id, s)| {
            !listed.contains(id) && s.status.as_ref().is_some_and(|st| waiting.contains(st))
        })
        .map(|(id, s)| (*id, s))
        .collect()
}

/// The order a chat is about, if it is an order's chat.
fn order_of(chat: &Chat) -> Option<i64> {
    (chat.context.kind == ChatContextType::ORDER)
        .then_some(chat.context.order_id)
        .flatten()
}

/// Fetches a listed chat's history from `from` (everything when `None`) into the
/// cache, with how the Market listed it; the number of new messages.
async fn fetch_into(
    client: &MarketClient,
    store: &Store,
    business_id: i64,
    order_id: i64,
    chat: &Chat,
    from: Option<i64>,
    now: DateTime<Utc>,
) -> Result<usize, ChatError> {
    let history = client
        .chat_history(business_id, chat.chat_id, from)
        .await
        .map_err(|source| ChatError::Market { order_id, source })?;
    let (chat_id, status, updated) = (
        chat.chat_id,
        chat.status.as_str().to_owned(),
        chat.updated_at.to_utc(),
    );
    Ok(store
        .run(move |c| {
            c.set_chat(order_id, business_id, chat_id, now)?;
            let n = c.store_chat_messages(chat_id, order_id, &history, now)?;
            c.set_chat_listing(order_id, &status, updated)?;
            Ok::<_, CacheError>(n)
        })
        .await??)
}

/// Fetches the chat history of `order_id` from the Market into the cache and returns
/// every cached message of the order, oldest first: for an agent who wants it now,
/// and for the outbox after it sent a message.
///
/// The chat id comes from the cache, else from the Market's chat list; an order
/// without a chat gives `Ok` with no messages and no chat is created. A cached chat
/// the Market no longer knows is forgotten and looked up again.
pub async fn refresh_history(
    client: &MarketClient,
    store: &Store,
    business_id: i64,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<StoredChatMessage>, ChatError> {
    let market = |source| ChatError::Market { order_id, source };
    let cached = store.run(move |c| c.chat_id(order_id)).await??;

    let fetched = match cached {
        Some(chat_id) => match client.chat_history(business_id, chat_id, None).await {
            Ok(history) => Some((chat_id, history)),
            // The cached id went stale: ask the Market which chat the order has now.
            Err(e) if e.http_status() == Some(404) => {
                tracing::info!(order_id, chat_id, "chat: the cached chat is unknown now");
                store.run(move |c| c.forget_chat(order_id)).await??;
                fetch_found(client, business_id, order_id)
                    .await
                    .map_err(market)?
            }
            Err(e) => return Err(market(e)),
        },
        None => fetch_found(client, business_id, order_id)
            .await
            .map_err(market)?,
    };
    let Some((chat_id, history)) = fetched else {
        tracing::debug!(order_id, "chat: the order has no chat yet");
        return Ok(Vec::new());
    };

    let fetched = history.len();
    let (new, messages) = store
        .run(move |c| {
            if cached != Some(chat_id) {
                c.set_chat(order_id, business_id, chat_id, now)?;
            }
            let new = c.store_chat_messages(chat_id, order_id, &history, now)?;
            Ok::<_, CacheError>((new, c.chat_messages(order_id)?))
        })
        .await??;
    tracing::debug!(order_id, chat_id, fetched, new, "chat: history refreshed");
    Ok(messages)
}

/// Looks the order's chat up on the Market and fetches its history; `None` when the
/// order has no chat.
async fn fetch_found(
    client: &MarketClient,
    business_id: i64,
    order_id: i64,
) -> Result<Option<(i64, Vec<ChatMessage>)>, MarketError> {
    let Some(chat_id) = find_chat(client, business_id, order_id).await? else {
        return Ok(None);
    };
    let history = client.chat_history(business_id, chat_id, None).await?;
    Ok(Some((chat_id, history)))
}

/// The id of the order's chat on the Market, if it has one. The list is filtered by
/// the order on the Market's side and checked again here; should there be several,
/// the newest wins.
async fn find_chat(
    client: &MarketClient,
    business_id: i64,
    order_id: i64,
) -> Result<Option<i64>, MarketError> {
    let filter = ChatsFilter {
        contexts: vec![ChatContextRef::order(order_id)],
        ..ChatsFilter::default()
    };
    let chats = client.chats(business_id, &filter).await?;
    Ok(pick_chat(&chats, order_id))
}

fn pick_chat(chats: &[Chat], order_id: i64) -> Option<i64> {
    chats
        .iter()
        .filter(|c| {
            c.context.kind == ChatContextType::ORDER && c.context.order_id == Some(order_id)
        })
        .max_by_key(|c| (c.created_at, c.chat_id))
        .map(|c| c.chat_id)
}

#[cfg(test)]
mod tests;
