//! An order's chat with its buyer, fetched from the Market into the cache for the
//! dashboard's Contact tab. Reading never makes a chat: an order nobody has written
//! about has an empty history. Message texts come from buyers and are never logged.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::cache::{Cache, CacheError, StoredChatMessage};
use crate::market::enums::ChatContextType;
use crate::market::wire::chat::ChatContextRef;
use crate::market::wire::{Chat, ChatMessage, ChatsFilter};
use crate::market::{MarketClient, MarketError};

/// Why an order's chat history could not be refreshed.
#[derive(Debug, thiserror::Error)]
pub enum ChatError {
    #[error("the chat of order {order_id}: {source}")]
    Market {
        order_id: i64,
        #[source]
        source: MarketError,
    },
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error("the cache work for order {order_id}'s chat stopped unexpectedly: {detail}")]
    Worker { order_id: i64, detail: String },
}

/// Fetches the chat history of `order_id` from the Market, stores it in the cache at
/// `db`, and returns every cached message of the order, oldest first.
///
/// The chat id comes from the cache, else from the Market's chat list; an order
/// without a chat gives `Ok` with no messages and no chat is created. A cached chat
/// the Market no longer knows is forgotten and looked up again.
pub async fn refresh_history(
    client: &MarketClient,
    db: &Path,
    business_id: i64,
    order_id: i64,
    now: DateTime<Utc>,
) -> Result<Vec<StoredChatMessage>, ChatError> {
    let market = |source| ChatError::Market { order_id, source };
    let cached = on_cache(db, order_id, move |c| c.chat_id(order_id)).await?;

    let fetched = match cached {
        Some(chat_id) => match client.chat_history(business_id, chat_id, None).await {
            Ok(history) => Some((chat_id, history)),
            // The cached id went stale: ask the Market which chat the order has now.
            Err(e) if e.http_status() == Some(404) => {
                tracing::info!(order_id, chat_id, "chat: the cached chat is unknown now");
                on_cache(db, order_id, move |c| c.forget_chat(order_id)).await?;
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
    let (new, messages) = on_cache(db, order_id, move |c| {
        if cached != Some(chat_id) {
            c.set_chat(order_id, business_id, chat_id, now)?;
        }
        let new = c.store_chat_messages(chat_id, order_id, &history, now)?;
        Ok((new, c.chat_messages(order_id)?))
    })
    .await?;
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

/// Runs `f` on the cache at `db` on a blocking thread, so SQLite never stalls the
/// async runtime.
async fn on_cache<T, F>(db: &Path, order_id: i64, f: F) -> Result<T, ChatError>
where
    T: Send + 'static,
    F: FnOnce(&mut Cache) -> Result<T, CacheError> + Send + 'static,
{
    let path = db.to_owned();
    let joined = tokio::task::spawn_blocking(move || {
        let mut cache = Cache::open(&path)?;
        f(&mut cache)
    })
    .await;
    match joined {
        Ok(result) => Ok(result?),
        Err(e) => Err(ChatError::Worker {
            order_id,
            detail: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::market::enums::{ChatStatus, ChatType};
    use crate::market::wire::chat::ChatContext;

    fn chat(chat_id: i64, kind: ChatContextType, order_id: Option<i64>, created: &str) -> Chat {
        let at = DateTime::parse_from_rfc3339(created).unwrap();
        Chat {
            chat_id,
            context: ChatContext {
                kind,
                customer: None,
                campaign_id: None,
                order_id,
                return_id: None,
            },
            kind: ChatType::CHAT,
            status: ChatStatus::NEW,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn only_a_chat_about_the_order_itself_is_taken() {
        let chats = [
            chat(
                1,
                ChatContextType::ORDER,
                Some(7),
                "2026-07-01T10:00:00+03:00",
            ),
            chat(
                2,
                ChatContextType::RETURN,
                Some(5),
                "2026-07-02T10:00:00+03:00",
            ),
        ];
        assert_eq!(pick_chat(&chats, 5), None);
        assert_eq!(pick_chat(&chats, 7), Some(1));
    }

    #[test]
    fn the_newest_of_several_chats_of_an_order_is_taken() {
        let chats = [
            chat(
                9,
                ChatContextType::ORDER,
                Some(5),
                "2026-07-01T10:00:00+03:00",
            ),
            chat(
                4,
                ChatContextType::ORDER,
                Some(5),
                "2026-07-03T10:00:00+03:00",
            ),
        ];
        assert_eq!(pick_chat(&chats, 5), Some(4));
    }
}
