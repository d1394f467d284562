//! The cache's change sequence: every writing transaction that changes orders or their
//! risk takes the next number and stamps the rows it writes with it. Writers are
//! serialised by SQLite, so the numbers follow the commit order, and a reader that
//! remembers the highest number it has seen reads exactly what changed since — never a
//! row twice by a clock's rounding, never one missed.

use rusqlite::Connection;

use super::CacheError;

const KEY: &str = "change_seq";

/// The next number of the sequence, taken inside the caller's writing transaction.
pub(super) fn next(conn: &Connection) -> Result<i64, CacheError> {
    conn.prepare_cached(
        "INSERT INTO service_state(key, value) VALUES (?1, '1') \
         ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
    )?
    .execute([KEY])?;
    Ok(conn
        .prepare_cached("SELECT CAST(value AS INTEGER) FROM service_state WHERE key = ?1")?
        .query_row([KEY], |r| r.get(0))?)
}
