//! The buyers' chats the service follows: each order's chat id, its status and last
//! change as the Market listed them, and the messages fetched. Message texts come from
//! buyers: they are shown cleaned and never logged.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Cache, CacheError, from_ts, ts};
use crate::market::wire::ChatMessage;

/// A chat message as cached.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredChatMessage {
    pub chat_id: i64,
    pub message_id: i64,
    pub created_at: DateTime<Utc>,
    /// `PARTNER`, `CUSTOMER`, `MARKET`, `SUPPORT` or what the Market sent.
    pub sender: String,
    pub text: String,
}

/// What the cache knows of an order's chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatState {
    pub business_id: i64,
    pub chat_id: i64,
    /// The status the Market listed it with last (`WAITING_FOR_PARTNER`, …).
    pub status: Option<String>,
    /// The Market's `updatedAt` when it was listed last.
    pub updated_at: Option<DateTime<Utc>>,
    /// The newest message id fetched.
    pub last_message_id: Option<i64>,
}

impl Cache {
    /// The Market's chat id of an order, if we know it.
    pub fn chat_id(&self, order_id: i64) -> Result<Option<i64>, CacheError> {
        Ok(self
            .conn
            .query_row(
                "SELECT chat_id FROM chats WHERE order_id = ?1",
                [order_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Remembers an order's chat id.
    pub fn set_chat(
        &self,
        order_id: i64,
        business_id: i64,
        chat_id: i64,
        now: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        self.conn.execute(
            "INSERT INTO chats(order_id, business_id, chat_id, fetched_at) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT(order_id) DO UPDATE SET business_id = excluded.business_id, \
                 chat_id = excluded.chat_id",
            params![order_id, business_id, chat_id, ts(now)],
        )?;
        Ok(())
    }

    /// Records how the Market listed an order's chat: its status and last change.
    pub fn set_chat_listing(
        &self,
        order_id: i64,
        status: &str,
        updated_at: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        self.conn.execute(
            "UPDATE chats SET status = ?2, updated_at = ?3 WHERE order_id = ?1",
            params![order_id, status, ts(updated_at)],
        )?;
        Ok(())
    }

    /// Notes that an order's chat no longer waits for the seller (the Market stopped
    /// listing it so), so it is not fetched again until it does.
    pub fn set_chat_not_waiting(&self, order_id: i64) -> Result<(), CacheError> {
        self.conn.execute(
            "UPDATE chats SET status = NULL WHERE order_id = ?1",
            [order_id],
        )?;
        Ok(())
    }

    /// Forgets an order's chat id (the Market said it does not know it).
    pub fn forget_chat(&self, order_id: i64) -> Result<(), CacheError> {
        self.conn
            .execute("DELETE FROM chats WHERE order_id = ?1", [order_id])?;
        Ok(())
    }

    /// What the cache knows of every chat it follows, by order.
    pub fn chat_states(&self) -> Result<HashMap<i64, ChatState>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.order_id, c.business_id, c.chat_id, c.status, c.updated_at, \
                    (SELECT max(message_id) FROM chat_messages m WHERE m.chat_id = c.chat_id) \
             FROM chats c",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                ChatState {
                    business_id: r.get(1)?,
                    chat_id: r.get(2)?,
                    status: r.get(3)?,
                    updated_at: r.get::<_, Option<i64>>(4)?.map(from_ts),
                    last_message_id: r.get(5)?,
                },
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores fetched messages of an order's chat (known ones are kept as they are)
    /// and notes when the chat was fetched. Returns how many were new.
    pub fn store_chat_messages(
        &mut self,
        chat_id: i64,
        order_id: i64,
        messages: &[ChatMessage],
        now: DateTime<Utc>,
    ) -> Result<usize, CacheError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut new = 0;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO chat_messages(chat_id, message_id, order_id, created_at, \
                 sender, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for m in messages {
                new += insert.execute(params![
                    chat_id,
                    m.message_id,
                    order_id,
                    m.created_at.timestamp(),
                    m.sender.as_str(),
                    m.message.as_deref().unwrap_or(""),
                ])?;
            }
        }
        tx.execute(
            "UPDATE chats SET fetched_at = ?2 WHERE order_id = ?1",
            params![order_id, ts(now)],
        )?;
        tx.commit()?;
        Ok(new)
    }

    /// The cached messages of an order's chat, oldest first.
    pub fn chat_messages(&self, order_id: i64) -> Result<Vec<StoredChatMessage>, CacheError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT chat_id, message_id, created_at, sender, text FROM chat_messages \
             WHERE order_id = ?1 ORDER BY created_at, message_id",
        )?;
        let rows = stmt.query_map([order_id], |r| {
            Ok(StoredChatMessage {
                chat_id: r.get(0)?,
                message_id: r.get(1)?,
                created_at: from_ts(r.get(2)?),
                sender: r.get(3)?,
                text: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether the cache holds this order.
    pub fn has_order(&self, order_id: i64) -> Result<bool, CacheError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM orders WHERE order_id = ?1)",
            [order_id],
            |r| r.get(0),
        )?)
    }
}
