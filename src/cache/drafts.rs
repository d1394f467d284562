//! The agents' drafts: one per order and agent, stored as it is edited (so it
//! survives a quit, a crash, a dropped link) and removed once sent. A draft is the
//! agent's own: nobody else reads or changes it, and it is not in the audit trail
//! (what is sent is).

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, params};

use super::{Cache, CacheError, from_ts, ts};

/// One stored draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredDraft {
    pub order_id: i64,
    pub agent: String,
    /// The template it was made from.
    pub template: Option<String>,
    /// `buyer` or `carrier`.
    pub audience: String,
    pub text: String,
    pub saved_at: DateTime<Utc>,
}

const COLUMNS: &str = "order_id, agent, template, audience, text, saved_at";

fn read(r: &Row<'_>) -> rusqlite::Result<StoredDraft> {
    Ok(StoredDraft {
        order_id: r.get(0)?,
        agent: r.get(1)?,
        template: r.get(2)?,
        audience: r.get(3)?,
        text: r.get(4)?,
        saved_at: from_ts(r.get(5)?),
    })
}

impl Cache {
    /// Stores `agent`'s draft of an order; an empty text removes it.
    pub fn save_draft(
        &self,
        order_id: i64,
        agent: &str,
        template: Option<&str>,
        audience: &str,
        text: &str,
        now: DateTime<Utc>,
    ) -> Result<(), CacheError> {
        if text.trim().is_empty() {
            self.conn.execute(
                "DELETE FROM drafts WHERE order_id = ?1 AND agent = ?2",
                params![order_id, agent],
            )?;
            return Ok(());
        }
        self.conn.execute(
            "INSERT INTO drafts(order_id, agent, template, audience, text, saved_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
             ON CONFLICT(order_id, agent) DO UPDATE SET template = ?3, audience = ?4, \
                 text = ?5, saved_at = ?6",
            params![order_id, agent, template, audience, text, ts(now)],
        )?;
        Ok(())
    }

    /// `agent`'s draft of an order, if any.
    pub fn draft(&self, order_id: i64, agent: &str) -> Result<Option<StoredDraft>, CacheError> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM drafts WHERE order_id = ?1 AND agent = ?2"),
                params![order_id, agent],
                read,
            )
            .optional()?)
    }

    /// Every draft of `agent`, oldest first.
    pub fn drafts_of(&self, agent: &str) -> Result<Vec<StoredDraft>, CacheError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM drafts WHERE agent = ?1 ORDER BY saved_at, order_id"
        ))?;
        let rows = stmt.query_map([agent], read)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes `agent`'s draft of an order once it was sent as `text`; a draft edited
    /// since (another text) stays.
    pub fn drop_sent_draft(
        &self,
        order_id: i64,
        agent: &str,
        text: &str,
    ) -> Result<bool, CacheError> {
        let n = self.conn.execute(
            "DELETE FROM drafts WHERE order_id = ?1 AND agent = ?2 \
             AND trim(text, char(32, 9, 10, 13)) = ?3",
            params![order_id, agent, text.trim_matches([' ', '\t', '\n', '\r'])],
        )?;
        Ok(n > 0)
    }
}

#[cfg(test)]
mod tests;
