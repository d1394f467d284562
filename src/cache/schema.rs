//! The cache's schema and its migrations. `PRAGMA application_id` marks the file as
//! ours; `PRAGMA user_version` is the schema version. Migrations run in one
//! transaction on open, so a file is either at the old version or the new one.

use rusqlite::{Connection, Transaction, params};

use crate::base::money::Money;

/// "YMTR": written into the file header so a foreign SQLite file is recognised.
pub const APPLICATION_ID: i32 = 0x594D_5452;

/// The schema versions, in order; index + 1 is the version each one produces.
const MIGRATIONS: &[&str] = &[
    // v1: orders, their timeline, sync state, claims.
    r"
    CREATE TABLE campaigns(
        campaign_id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL,
        placement TEXT NOT NULL,
        domain TEXT NOT NULL DEFAULT '',
        api_availability TEXT,
        seen_at INTEGER NOT NULL
    );
    CREATE TABLE orders(
        order_id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL,
        business_id INTEGER NOT NULL,
        model TEXT NOT NULL,
        status TEXT NOT NULL,
        substatus TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER,
        ship_date TEXT,
        ship_time TEXT,
        due_from TEXT,
        due_to TEXT,
        real_delivery_date TEXT,
        delivery_type TEXT NOT NULL,
        partner TEXT NOT NULL,
        carrier_id INTEGER NOT NULL,
        carrier TEXT NOT NULL,
        tracks TEXT NOT NULL DEFAULT '',
        region TEXT,
        city TEXT,
        value REAL NOT NULL DEFAULT 0,
        currency TEXT NOT NULL DEFAULT 'RUR',
        buyer_name TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        estimated INTEGER NOT NULL DEFAULT 0,
        storage_limit TEXT,
        expiry INTEGER,
        items_lost INTEGER NOT NULL DEFAULT 0,
        first_seen INTEGER NOT NULL,
        last_change INTEGER NOT NULL,
        handed_over_at INTEGER,
        cancel_requested_at INTEGER,
        date_moves INTEGER NOT NULL DEFAULT 0,
        date_shift_days INTEGER NOT NULL DEFAULT 0,
        raw TEXT NOT NULL
    );
    CREATE INDEX orders_status ON orders(status, substatus);
    CREATE INDEX orders_campaign ON orders(campaign_id);

    -- The Market keeps no history: this is ours. Append-only, enforced here.
    CREATE TABLE events(
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL,
        seen_at INTEGER NOT NULL,
        market_updated_at INTEGER,
        kind TEXT NOT NULL,
        old TEXT,
        new TEXT
    );
    CREATE INDEX events_order ON events(order_id, id);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the timeline is append-only'); END;

    CREATE TABLE sync_cursors(
        campaign_id INTEGER PRIMARY KEY,
        updated_through INTEGER NOT NULL,
        full_at INTEGER NOT NULL
    );
    CREATE TABLE sync_lease(
        id INTEGER PRIMARY KEY CHECK (id = 1),
        holder TEXT NOT NULL,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        acquired_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        progress TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE sync_runs(
        id INTEGER PRIMARY KEY,
        started_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        holder TEXT NOT NULL,
        host TEXT NOT NULL,
        ok INTEGER NOT NULL,
        orders_seen INTEGER NOT NULL,
        new_orders INTEGER NOT NULL,
        changed INTEGER NOT NULL,
        events INTEGER NOT NULL,
        skipped INTEGER NOT NULL,
        requests INTEGER NOT NULL,
        message TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE claims(
        order_id INTEGER PRIMARY KEY,
        agent TEXT NOT NULL,
        since INTEGER NOT NULL,
        touched_at INTEGER NOT NULL
    );
    ",
    // v2: incidents and their audit trail, the outbox of writes to the Market, and the
    // chats we fetched.
    r"
    CREATE TABLE incidents(
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL,
        opened_at INTEGER NOT NULL,
        opened_by TEXT NOT NULL,
        first_rule TEXT,
        step INTEGER NOT NULL DEFAULT 1,
        steps TEXT NOT NULL DEFAULT '{}',
        notes TEXT NOT NULL DEFAULT '',
        carrier_answer TEXT,
        compensation TEXT NOT NULL DEFAULT '[]',
        closed_at INTEGER,
        closed_by TEXT,
        root_cause TEXT,
        fault_owner TEXT,
        detected_before_buyer INTEGER,
        lesson TEXT,
        last_error TEXT,
        version INTEGER NOT NULL DEFAULT 1
    );
    -- At most one open incident per order; a closed one may be followed by another.
    CREATE UNIQUE INDEX incidents_open ON incidents(order_id) WHERE closed_at IS NULL;
    CREATE INDEX incidents_order ON incidents(order_id, id);

    CREATE TABLE audit(
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        agent TEXT NOT NULL,
        order_id INTEGER,
        incident_id INTEGER,
        action TEXT NOT NULL,
        before TEXT,
        after TEXT
    );
    CREATE INDEX audit_order ON audit(order_id, id);
    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
        BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;

    CREATE TABLE outbox(
        id INTEGER PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        created_by TEXT NOT NULL,
        incident_id INTEGER,
        order_id INTEGER,
        campaign_id INTEGER,
        business_id INTEGER,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'queued',
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL,
        last_error TEXT,
        answer TEXT,
        sent_at INTEGER,
        worker TEXT,
        worker_until INTEGER
    );
    CREATE INDEX outbox_due ON outbox(state, next_at);

    CREATE TABLE chats(
        order_id INTEGER PRIMARY KEY,
        business_id INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        fetched_at INTEGER NOT NULL
    );
    CREATE TABLE chat_messages(
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        order_id INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        sender TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        PRIMARY KEY(chat_id, message_id)
    );
    CREATE INDEX chat_messages_order ON chat_messages(order_id, created_at);
    ",
    // v3: each order's risk as the syncing process last assessed it, so every reader
    // shows the same; what the service keeps for itself (the basis of those
    // assessments, say).
    r"
    CREATE TABLE risk(
        order_id INTEGER PRIMARY KEY,
        severity INTEGER,
        rules TEXT NOT NULL DEFAULT '',
        due INTEGER,
        next_check INTEGER,
        assessed_at INTEGER NOT NULL
    );
    CREATE INDEX risk_next ON risk(next_check) WHERE next_check IS NOT NULL;
    CREATE INDEX risk_urgent ON risk(severity, due) WHERE severity IS NOT NULL;
    CREATE TABLE service_state(
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    -- The chats the service follows: their status and last change as the Market
    -- listed them, so only a changed chat's history is fetched again.
    ALTER TABLE chats ADD COLUMN status TEXT;
    ALTER TABLE chats ADD COLUMN updated_at INTEGER;
    -- DBS buyers of orders with an incident, as `getOrderBuyerInfo` gave them for the
    -- order's `updateDate` of then (the name goes to `orders.buyer_name`); `error`
    -- when the Market refused (asked again when the order changes).
    CREATE TABLE buyers(
        order_id INTEGER PRIMARY KEY,
        fetched_at INTEGER NOT NULL,
        order_updated_at INTEGER,
        phone TEXT,
        trusted INTEGER,
        error TEXT
    );
    CREATE INDEX buyers_fetched ON buyers(fetched_at);
    ",
    // v4: the returns and non-purchases of the orders in the cache: where each parcel
    // on its way back is, and the buyer's refund.
    r"
    CREATE TABLE returns(
        return_id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL,
        campaign_id INTEGER NOT NULL,
        return_type TEXT NOT NULL,
        shipment_status TEXT,
        refund_status TEXT,
        pickup_till INTEGER,
        amount REAL,
        created_at INTEGER,
        updated_at INTEGER,
        seen_at INTEGER NOT NULL
    );
    CREATE INDEX returns_order ON returns(order_id);
    ",
    // v5: the order's lines (offer and count) in place of the JSON as it came: every
    // other field of it was a column already, and the JSON was most of the file.
    r"
    ALTER TABLE orders DROP COLUMN raw;
    ALTER TABLE orders ADD COLUMN items TEXT NOT NULL DEFAULT '';
    ",
    // v6: a change sequence on orders and their risk, bumped once per writing
    // transaction in commit order, so a reader fetches exactly what changed since it
    // last looked instead of every row. A risk row now stays (emptied) when an order
    // stops being at risk, so that change is seen too.
    r"
    ALTER TABLE orders ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE risk ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX orders_seq ON orders(seq);
    CREATE INDEX risk_seq ON risk(seq);
    -- Nothing looks orders up by status or campaign any more (risk is stored): two
    -- indexes fewer to keep up on every write.
    DROP INDEX orders_status;
    DROP INDEX orders_campaign;
    ",
    // v7: nothing an agent does is lost: each agent's drafts per order, kept as they are
    // edited and removed when sent.
    r#"
    CREATE TABLE drafts(
        order_id INTEGER NOT NULL,
        agent TEXT NOT NULL,
        template TEXT,
        audience TEXT NOT NULL DEFAULT 'buyer',
        text TEXT NOT NULL,
        saved_at INTEGER NOT NULL,
        PRIMARY KEY(order_id, agent)
    );
    CREATE INDEX drafts_agent ON drafts(agent);
    -- Why a sync failed, as a kind the screen words for every agent ("unreachable",
    -- "timeout", "auth", "refused", …); `message` keeps the detail.
    ALTER TABLE sync_runs ADD COLUMN failure TEXT;
    -- The incident as it was before an agent's last act that only touched the cache
    -- (a step, a skip, a note, compensation, a close), for a short while: that agent
    -- may take the act back while nothing else changed the incident.
    CREATE TABLE incident_undo(
        incident_id INTEGER PRIMARY KEY,
        version INTEGER NOT NULL,
        agent TEXT NOT NULL,
        at INTEGER NOT NULL,
        action TEXT NOT NULL,
        step INTEGER NOT NULL,
        steps TEXT NOT NULL,
        notes TEXT NOT NULL,
        carrier_answer TEXT,
        compensation TEXT NOT NULL,
        closed_at INTEGER,
        closed_by TEXT,
        root_cause TEXT,
        fault_owner TEXT,
        detected_before_buyer INTEGER,
        lesson TEXT,
        last_error TEXT
    );
    "#,
    // v8: money in whole kopecks, so sums and limits are exact: the order's value and a
    // return's amount get INTEGER columns; `kopecks_from_reals` fills them from the
    // REAL ones and drops those.
    r"
    ALTER TABLE orders ADD COLUMN value_kopecks INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE returns ADD COLUMN amount_kopecks INTEGER;
    ",
    // v9: what `status` and the team view need without reading every at-risk row —
    // the counts by severity and rule (kept by each store of the risk, counted once
    // here by `tally::recount`), when a waiting buyer's answer is due, and indexes
    // for an agent's acts of the day and the oldest open incidents.
    r"
    CREATE TABLE risk_tally(
        key TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    ) WITHOUT ROWID;
    ALTER TABLE risk ADD COLUMN answer_due INTEGER;
    CREATE INDEX risk_answer ON risk(answer_due) WHERE answer_due IS NOT NULL;
    CREATE INDEX audit_agent ON audit(agent, at);
    CREATE INDEX incidents_opened ON incidents(opened_at) WHERE closed_at IS NULL;
    ",
];

/// The version whose counts and answer times [`super::risk::recount`] fills.
const TALLY: usize = 9;

/// The version whose columns [`kopecks_from_reals`] fills once its SQL has run.
const KOPECKS: usize = 8;

/// Converts the roubles of the REAL columns to kopecks by the rule amounts from the
/// Market are read with ([`Money::from_f64`]: the number's decimal text, rounded half
/// away from zero past the kopeck), row by row, then drops the REAL columns. SQL's
/// `round(value * 100)` would differ from it on a value such as 1.005.
fn kopecks_from_reals(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let kopecks = |x: f64| {
        Money::from_f64(x).map_or_else(
            |e| {
                tracing::warn!(value = x, error = %e, "cache migration: an amount set to 0");
                0
            },
            Money::kopecks,
        )
    };
    for (read, write) in [
        (
            "SELECT order_id, value FROM orders WHERE value != 0",
            "UPDATE orders SET value_kopecks = ?2 WHERE order_id = ?1",
        ),
        (
            "SELECT return_id, amount FROM returns WHERE amount IS NOT NULL",
            "UPDATE returns SET amount_kopecks = ?2 WHERE return_id = ?1",
        ),
    ] {
        let rows: Vec<(i64, f64)> = tx
            .prepare(read)?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut update = tx.prepare(write)?;
        for (id, x) in rows {
            update.execute(params![id, kopecks(x)])?;
        }
    }
    tx.execute_batch(
        "ALTER TABLE orders DROP COLUMN value; ALTER TABLE returns DROP COLUMN amount;",
    )
}

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// What the file says it is.
pub struct Identity {
    pub application_id: i32,
    pub user_version: i64,
    pub tables: i64,
}

/// Reads the file's identity without changing it.
pub fn identity(conn: &Connection) -> rusqlite::Result<Identity> {
    // One read transaction, so another process's migration is seen whole or not at all.
    let tx = conn.unchecked_transaction()?;
    let id = identity_in(&tx)?;
    tx.commit()?;
    Ok(id)
}

/// Reads the identity inside the caller's transaction.
pub fn identity_in(conn: &Connection) -> rusqlite::Result<Identity> {
    Ok(Identity {
        application_id: conn.query_row("PRAGMA application_id", [], |r| r.get(0))?,
        user_version: conn.query_row("PRAGMA user_version", [], |r| r.get(0))?,
        tables: conn.query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
            [],
            |r| r.get(0),
        )?,
    })
}

/// Applies the migrations past `from`, all in the caller's transaction.
pub fn migrate(tx: &Transaction<'_>, from: i64) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        tx.execute_batch(sql)?;
        if i + 1 == KOPECKS {
            kopecks_from_reals(tx)?;
        }
        if i + 1 == TALLY {
            super::risk::recount(tx)?;
        }
        tx.pragma_update(None, "user_version", i as i64 + 1)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(())
}

#[cfg(test)]
mod tests;
