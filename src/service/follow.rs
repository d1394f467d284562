//! The service's side of the outbox: after the worker sent writes, the orders they
//! changed are read back from the Market (a chat message: the chat's history), so the
//! agent's screen — whoever's — shows the effect at once: the new delivery day on the
//! Order tab, their own message on the Contact tab.

use chrono::{DateTime, Utc};

use super::{Command, Service};

impl Service {
    /// Reads back the orders whose writes were sent since `since`.
    pub async fn follow_sent(&self, since: DateTime<Utc>) {
        let sent = match self.store.run(move |c| c.outbox_sent_since(since)).await {
            Ok(Ok(rows)) => rows,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "outbox: could not read what was sent");
                return;
            }
            Err(_) => return,
        };
        let mut orders: Vec<(i64, bool)> = Vec::new();
        for (order_id, kind) in sent {
            let chat = kind == "chat_message";
            if !orders.contains(&(order_id, chat)) {
                orders.push((order_id, chat));
            }
        }
        for (order_id, chat) in orders {
            let cmd = if chat {
                Command::RefreshChat { order_id }
            } else {
                Command::Refetch { order_id }
            };
            if let Err(r) = self.execute("ym-triage", cmd).await {
                tracing::warn!(order_id, why = %r.why.en, "outbox: could not read a sent write back");
            }
        }
    }
}
