//! Everything that touches SQLite. One file shared by every agent's process: WAL, a
//! busy timeout, short transactions, versioned migrations on open. Nothing outside
//! this module names a table.

mod as_of;
mod buyers;
mod chats;
mod drafts;
mod incidents;
mod orders;
mod outbox;
mod outbox_acts;
mod report;
pub mod report_rows;
mod returns;
mod risk;
mod schema;
mod seq;
mod sync_state;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use as_of::KnownAt;
pub use buyers::{BuyerToFetch, StoredBuyer};
pub use chats::{ChatState, StoredChatMessage};
pub use drafts::StoredDraft;
pub use incidents::UndoRefused;
pub use incidents::{AuditEntry, CLAIM_IDLE_MINUTES, Claim, ClaimOutcome, Conflict, Incident};
pub use orders::{Event, Stored, UpsertStats};
pub use outbox::{OutboxFailure, OutboxRow, OutboxState, OutboxSummary};
pub use outbox_acts::OutboxAct;
pub use returns::StoredReturn;
pub use risk::{AtRisk, Dues, StoredRisk, Tally};
pub use schema::LATEST as SCHEMA_VERSION;
pub use sync_state::{Lease, LeaseOutcome, SyncFailure, SyncRun};

/// How long a writer waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// The size the write-ahead log is cut back to when it starts over (bytes).
const WAL_SIZE_LIMIT: i64 = 16 * 1024 * 1024;
/// Compiled statements each connection keeps (rusqlite's default is 16).
const STATEMENT_CACHE: usize = 96;

/// Why the cache cannot be used. Each says what to do.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{path}: no cache there yet; run `ym-triage sync` (or add --demo) first")]
    Missing { path: PathBuf },
    #[error(
        "{path}: not a ym-triage cache ({why}); it was left untouched — check --db / YM_TRIAGE_DB"
    )]
    Foreign { path: PathBuf, why: String },
    #[error(
        "{path}: made by a newer ym-triage (schema v{found}, this build knows v{known}); it was left untouched — upgrade ym-triage"
    )]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path}: the cache is damaged ({why}); it was left untouched — move it aside and run `ym-triage sync` to build a new one"
    )]
    Corrupt { path: PathBuf, why: String },
    /// SQLite cannot read the file's first page: another program's file, or a cache
    /// whose first page is damaged. Telling the two apart would mean reading the file
    /// outside SQLite, which this module never does (see `exists`).
    #[error(
        "{path}: not readable as a database: another program's file, or a cache whose first page is damaged; it was left untouched — check --db / YM_TRIAGE_DB, and if it is the cache, move it aside and run `ym-triage sync` to build a new one"
    )]
    Unreadable { path: PathBuf },
    #[error(
        "{path}: this user may not write {what}, and SQLite must (it keeps its -wal and -shm files beside the cache); it was left untouched — give this user write access (the shared-server set-up makes the folder group-writable), or use another --db"
    )]
    ReadOnly { path: PathBuf, what: String },
    #[error("{path}: cannot open the cache: {why}")]
    Unusable { path: PathBuf, why: String },
    /// A statement failed after the cache was opened; a damaged page shows up here.
    #[error("{}", sql_message(.0))]
    Sql(rusqlite::Error),
}

impl From<rusqlite::Error> for CacheError {
    fn from(e: rusqlite::Error) -> Self {
        CacheError::Sql(e)
    }
}

/// What a failed statement means for the user. A damaged page is found only when a
/// statement reads it, long after the open: say so, and what to do, not just SQLite's
/// words.
fn sql_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase) => format!(
            "the cache is damaged ({e}); move it aside and run `ym-triage sync` to build a new one"
        ),
        Some(ErrorCode::ReadOnly) => format!(
            "the cache could not be written ({e}): this user may not write the cache or its folder"
        ),
        _ => format!("cache: {e}"),
    }
}

/// An open cache.
pub struct Cache {
    conn: Connection,
    path: PathBuf,
    /// A claim untouched this long is nobody's (config `[incident] claim_idle_minutes`).
    claim_idle: chrono::Duration,
}

impl std::fmt::Debug for Cache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cache").field("path", &self.path).finish()
    }
}

/// Instants are stored as Unix seconds.
fn ts(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp()
}

/// Reads a stored instant.
fn from_ts(s: i64) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(s, 0).unwrap_or_default()
}

/// Whether the cache file exists, asked of the file system without opening it. The
/// file is never opened outside SQLite: on Linux, closing any descriptor of a file
/// drops every POSIX lock the process holds on it, SQLite's included, and another
/// process's SQLite would then take the write-ahead log away from under ours.
fn exists(path: &Path) -> Result<bool, CacheError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => Err(CacheError::Unusable {
            path: path.into(),
            why: "it is a folder, not a file".into(),
        }),
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(CacheError::Unusable {
            path: path.into(),
            why: e.to_string(),
        }),
    }
}

/// What SQLite's refusal to open or set up the file means for the user.
fn open_error(path: &Path, e: rusqlite::Error) -> CacheError {
    use rusqlite::ErrorCode;
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => CacheError::Unreadable { path: path.into() },
        Some(ErrorCode::DatabaseCorrupt) => CacheError::Corrupt {
            path: path.into(),
            why: e.to_string(),
        },
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) => match not_writable(path) {
            Some(what) => CacheError::ReadOnly {
                path: path.into(),
                what,
            },
            None => CacheError::Unusable {
                path: path.into(),
                why: e.to_string(),
            },
        },
        _ => CacheError::Unusable {
            path: path.into(),
            why: e.to_string(),
        },
    }
}

/// Which of the cache's folder and file this user may not write, if either. Asked of
/// the kernel by path (`access`), never by opening the file (see `exists`).
fn not_writable(path: &Path) -> Option<String> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !crate::base::whoami::may_write(dir) {
        return Some(format!("the folder {}", dir.display()));
    }
    if !crate::base::whoami::may_write(path) {
        return Some("the cache file".into());
    }
    None
}

/// Creates the file (and its folder) for the owner and its group only — never for
/// others, whatever the umask: the cache holds buyers' names and messages. On a shared
/// server the folder's group is the agents', who may then read it; SQLite gives its
/// `-wal` and `-shm` files the main file's mode. The umask can only take more away.
fn create_shared(path: &Path) -> Result<(), CacheError> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let unusable = |e: std::io::Error| CacheError::Unusable {
        path: path.into(),
        why: e.to_string(),
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o750)
            .create(dir)
            .map_err(unusable)?;
    }
    // `create_new`: a file that appeared meanwhile is not opened (see `exists`).
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o660)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(unusable(e)),
    }
}

impl Cache {
    /// Opens the cache, creating and migrating it as needed. A foreign file or one from
    /// a newer build is refused and left untouched.
    pub fn open(path: &Path) -> Result<Cache, CacheError> {
        if !exists(path)? {
            create_shared(path)?;
        }
        Self::open_checked(path, true)
    }

    /// Opens an existing cache for reading and the small writes of an agent (claims),
    /// never creating one.
    pub fn open_existing(path: &Path) -> Result<Cache, CacheError> {
        if !exists(path)? {
            return Err(CacheError::Missing { path: path.into() });
        }
        Self::open_checked(path, false)
    }

    fn open_checked(path: &Path, may_init: bool) -> Result<Cache, CacheError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|e| CacheError::Unusable {
                path: path.into(),
                why: e.to_string(),
            })?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A sync round cycles through a few dozen statements (orders, events, risk,
        // incidents, chats, returns): all stay compiled instead of re-parsed.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        let id = schema::identity(&conn).map_err(|e| open_error(path, e))?;
        let setup = |e| open_error(path, e);
        let fresh = id.application_id == 0 && id.user_version == 0 && id.tables == 0;
        if !fresh && id.application_id != schema::APPLICATION_ID {
            return Err(CacheError::Foreign {
                path: path.into(),
                why: format!(
                    "an SQLite database of another program (application id {:#x})",
                    id.application_id
                ),
            });
        }
        if id.user_version > schema::LATEST {
            return Err(CacheError::Newer {
                path: path.into(),
                found: id.user_version,
                known: schema::LATEST,
            });
        }
        if fresh && !may_init {
            return Err(CacheError::Missing { path: path.into() });
        }
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(setup)?;
        // The write-ahead log and its index stay when the last connection closes: on a
        // shared server agents may only read the cache, and a reader that may not
        // create them could not open it while the daemon is stopped.
        conn.file_control(
            Some(rusqlite::MAIN_DB),
            rusqlite::FileControl::PersistWal(&mut 1),
        )
        .map_err(setup)?;
        // With a limit set, the last connection to close folds the log into the file and
        // cuts it to nothing; without one the kept log stays as long as the largest sync
        // made it, and the next process to open the cache alone re-reads all of it (a
        // 40 MB log made `status` five times slower after a first sync).
        conn.pragma_update(None, "journal_size_limit", WAL_SIZE_LIMIT)
            .map_err(setup)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(setup)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(setup)?;
        if id.user_version < schema::LATEST || fresh {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(setup)?;
            // Another process may have migrated while we waited for the lock.
            let now = schema::identity_in(&tx)?;
            if now.user_version < schema::LATEST {
                schema::migrate(&tx, now.user_version)?;
            }
            tx.commit().map_err(setup)?;
        }
        Ok(Cache {
            conn,
            path: path.into(),
            claim_idle: chrono::Duration::minutes(incidents::CLAIM_IDLE_MINUTES),
        })
    }

    /// Sets how long an untouched claim lasts (the config's `claim_idle_minutes`).
    pub fn with_claim_idle(mut self, minutes: i64) -> Cache {
        self.claim_idle = chrono::Duration::minutes(minutes);
        self
    }

    /// How long an untouched claim lasts.
    pub fn claim_idle(&self) -> chrono::Duration {
        self.claim_idle
    }

    /// Sets this connection up for a sync's many writes: a larger page cache, and the
    /// write-ahead log folded back into the file in fewer, larger steps.
    pub fn tune_for_bulk_writes(&self) -> Result<(), CacheError> {
        self.conn.pragma_update(None, "cache_size", -32_000)?;
        self.conn.pragma_update(None, "wal_autocheckpoint", 8_000)?;
        Ok(())
    }

    /// The file this cache lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A cheap number that changes whenever another connection commits: lets a reader
    /// notice new data without re-reading it.
    pub fn data_version(&self) -> Result<i64, CacheError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}
