//! The simulated Market's memory between runs, for the demo. The world is made from
//! its seed and the moment it was generated, then moves by its own clock; all that
//! is not in those is what the shop wrote to it. So the journal keeps the start (seed,
//! size, generation time) and every write the world accepted with the world's clock
//! at that moment, one JSON line each; at the next start the world is generated at
//! the same moment, each write is answered again at its moment, through the same
//! handlers as over HTTP, and the clock runs on to now. A claim, a closed incident
//! and an accepted date move in the demo cache then agree with the Market side.
//!
//! A line torn by a crash is the last one and is skipped. Two demos on one journal at
//! once would each miss the other's writes; the demo is one person's.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use hyper::Method;
use serde::{Deserialize, Serialize};

use super::handlers::{self, lock};
use super::params::Query;
use super::routes;
use super::world::World;

/// One line of the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "line", rename_all = "snake_case")]
enum Line {
    /// The first line: what the world was generated from.
    Start {
        seed: u64,
        orders: usize,
        at: DateTime<Utc>,
    },
    /// A write the world accepted, at the world's clock.
    Write {
        at: DateTime<Utc>,
        method: String,
        path: String,
        query: Option<String>,
        body: serde_json::Value,
    },
}

/// A write to answer again at the next start.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Recorded {
    at: DateTime<Utc>,
    method: String,
    path: String,
    query: Option<String>,
    body: serde_json::Value,
}

/// The journal a running world appends its accepted writes to.
#[derive(Debug)]
pub(crate) struct Journal {
    file: Mutex<File>,
    path: PathBuf,
}

/// Opens the journal at `path` for a world of `orders` orders from `seed`, starting
/// it (at `now`) when there is none. Returns it with the world's generation time and
/// the writes to answer again. A journal of another seed or size is refused: it is
/// another demo's.
pub(crate) fn open(
    path: &Path,
    seed: u64,
    orders: usize,
    now: DateTime<Utc>,
) -> std::io::Result<(Journal, DateTime<Utc>, Vec<Recorded>)> {
    let mut start = None;
    let mut writes = Vec::new();
    if let Ok(f) = File::open(path) {
        for line in BufReader::new(f).lines() {
            let line = line?;
            // A torn last line (a crash while it was written) is no write.
            let Ok(parsed) = serde_json::from_str::<Line>(&line) else {
                continue;
            };
            match parsed {
                Line::Start {
                    seed: s,
                    orders: o,
                    at,
                } => {
                    if s != seed || o != orders {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::InvalidData,
                            format!(
                                "{}: the journal of another demo (seed {s}, {o} orders); --fresh starts over",
                                path.display()
                            ),
                        ));
                    }
                    start = Some(at);
                }
                Line::Write {
                    at,
                    method,
                    path,
                    query,
                    body,
                } => writes.push(Recorded {
                    at,
                    method,
                    path,
                    query,
                    body,
                }),
            }
        }
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    let journal = Journal {
        file: Mutex::new(file),
        path: path.to_owned(),
    };
    let at = match start {
        Some(at) => at,
        None => {
            writes.clear();
            journal.append(&Line::Start {
                seed,
                orders,
                at: now,
            })?;
            now
        }
    };
    Ok((journal, at, writes))
}

impl Journal {
    fn append(&self, line: &Line) -> std::io::Result<()> {
        let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
        text.push('\n');
        let mut f = self
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // One write of the whole line to a file opened for appending: lines never
        // interleave, and a crash tears at most this last one.
        f.write_all(text.as_bytes())?;
        f.sync_data()
    }

    /// Keeps a write the world accepted at `at`.
    pub(crate) fn record(
        &self,
        at: DateTime<Utc>,
        method: &Method,
        path: &str,
        query: Option<&str>,
        body: &[u8],
    ) {
        let body = serde_json::from_slice(body).unwrap_or(serde_json::Value::Null);
        let line = Line::Write {
            at,
            method: method.to_string(),
            path: path.to_owned(),
            query: query.map(str::to_owned),
            body,
        };
        if let Err(e) = self.append(&line) {
            tracing::error!(path = %self.path.display(), error = %e, "simulator: a write could not be journalled; the next demo start will not have it");
        }
    }
}

/// Answers each recorded write again at its moment, as over HTTP. Returns how many
/// the world accepted again (all of them, for a journal of this build's world).
pub(crate) fn replay(world: &Mutex<World>, writes: &[Recorded]) -> usize {
    let mut accepted = 0;
    for w in writes {
        lock(world).advance_to(w.at);
        let Ok(method) = w.method.parse::<Method>() else {
            continue;
        };
        let Ok(api) = routes::resolve(&method, &w.path) else {
            continue;
        };
        let body = match &w.body {
            serde_json::Value::Null => Vec::new(),
            b => serde_json::to_vec(b).unwrap_or_default(),
        };
        let reply = handlers::handle(api, &Query::parse(w.query.as_deref()), &body, world);
        if (200..300).contains(&reply.status) {
            accepted += 1;
        } else {
            tracing::warn!(path = %w.path, status = reply.status, "simulator: a journalled write was refused on replay");
        }
    }
    accepted
}

#[cfg(test)]
mod tests;
