//! The agent's own journal of the drafts the cache does not have yet. Every change to
//! a draft is written here at once, in the agent's state folder: not the shared cache,
//! which an agent without the key may not write (the daemon stores drafts for them,
//! a moment after the typing stops), and not a command per keystroke. So a draft
//! survives a SIGKILL or a dropped SSH link mid-sentence. At start the journal is read
//! back against the cache; it forgets a draft once the cache has it or it was sent.
//!
//! The same thread keeps, beside it, the one-line text input open in the dashboard
//! (`tui::kept_input`: an outcome, a note, a reason, a date), so that too is back
//! after a crash; one piece of code below writes both files.
//!
//! One JSON file per cache (the demo's and the real one's orders never mix), written
//! whole to a temporary file and renamed over the old one, so a crash leaves either
//! the old journal or the new, never half of one. Only this user may read it: drafts
//! quote buyers.

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc::UnboundedSender;

use super::action::Action;
use super::dialog::KeptInput;
use super::state::Draft;
use crate::cache::Cache;
use crate::domain::incident::lint::Audience;

/// Where one cache's drafts are journalled.
#[derive(Debug, Clone)]
pub struct Journal {
    path: PathBuf,
}

/// One draft as journalled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Entry {
    template: Option<String>,
    audience: Audience,
    text: String,
    edited_at: DateTime<Utc>,
}

/// What the dashboard tells the journal.
#[derive(Debug)]
pub enum Op {
    /// The draft changed: keep its text.
    Keep(Draft),
    /// The cache has the draft, or it was sent: forget it.
    Forget(i64),
    /// The text input open changed: keep what it is for and its text.
    KeepInput(Box<KeptInput>),
    /// The input was accepted or cancelled (or could not be reopened): forget it.
    ForgetInput,
}

impl Journal {
    /// The journal of the cache at `db`, in the agent's `state_dir`.
    pub fn new(state_dir: &Path, db: &Path) -> Journal {
        let db = std::fs::canonicalize(db).unwrap_or_else(|_| db.to_owned());
        // FNV-1a of the cache's path: a stable name, one journal per cache.
        let hash = db
            .as_os_str()
            .as_encoded_bytes()
            .iter()
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            });
        let stem = db
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Journal {
            path: state_dir
                .join("drafts")
                .join(format!("{stem}-{hash:016x}.json")),
        }
    }

    /// The journal file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The journal of the text input open in the dashboard: beside this one, named
    /// after the same cache.
    pub fn input(&self) -> Journal {
        Journal {
            path: self.path.with_extension("input.json"),
        }
    }

    /// What the journal holds; nothing (the default) when it is missing or unreadable
    /// (a damaged journal is moved aside, never silently overwritten).
    fn read<T: DeserializeOwned + Default>(&self) -> T {
        let Ok(bytes) = std::fs::read(&self.path) else {
            return T::default();
        };
        match serde_json::from_slice(&bytes) {
            Ok(value) => value,
            Err(e) => {
                let aside = self.path.with_extension("damaged");
                tracing::warn!(path = %self.path.display(), error = %e, "a journal is damaged; moved aside");
                let _ = std::fs::rename(&self.path, aside);
                T::default()
            }
        }
    }

    /// Writes `value` whole, replacing the old journal in one rename; `None` removes
    /// the journal.
    fn write<T: Serialize>(&self, value: Option<&T>) -> std::io::Result<()> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        let Some(value) = value else {
            return match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            };
        };
        let tmp = self.path.with_extension("tmp");
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&tmp)?;
        f.write_all(&serde_json::to_vec(value).map_err(std::io::Error::other)?)?;
        f.sync_data()?;
        std::fs::rename(&tmp, &self.path)
    }

    /// Writes the drafts' entries; none left removes the journal.
    fn write_drafts(&self, entries: &BTreeMap<i64, Entry>) -> std::io::Result<()> {
        self.write((!entries.is_empty()).then_some(entries))
    }

    /// Writes, telling the dashboard when the disk refuses.
    fn write_or_say<T: Serialize>(&self, value: Option<&T>, tx: &UnboundedSender<Action>) {
        if let Err(e) = self.write(value) {
            tracing::warn!(path = %self.path.display(), error = %e, "a journal could not be written");
            let _ = tx.send(Action::Error(format!("{}: {e}", self.path.display())));
        }
    }
}

/// Reads this agent's drafts back: the cache's, and the journal's edits the cache did
/// not get (newer than what it stored, and not sent since). Returns them with the
/// journal's entries that still matter.
fn restore(
    journal: BTreeMap<i64, Entry>,
    cache: Option<&Cache>,
    me: &str,
) -> (Vec<Draft>, BTreeMap<i64, Entry>) {
    let stored = cache.and_then(|c| c.drafts_of(me).ok()).unwrap_or_default();
    let mut drafts: BTreeMap<i64, Draft> = stored
        .iter()
        .map(|s| (s.order_id, super::acting::from_cache(s)))
        .collect();
    let mut kept = BTreeMap::new();
    for (order_id, e) in journal {
        let saved = drafts.get(&order_id).and_then(|d| d.saved.clone());
        let cache_has_it = saved.as_ref().is_some_and(|(_, t)| *t == e.text);
        let cache_newer = saved.as_ref().is_some_and(|(at, _)| *at > e.edited_at);
        let sent = cache
            .and_then(|c| c.outbox_for_order(order_id).ok())
            .is_some_and(|w| super::acting::was_sent(&e.text, &w));
        if cache_has_it || cache_newer || sent {
            continue;
        }
        let mut d = Draft::new(order_id, e.template.clone(), e.audience, e.text.clone());
        d.saved = saved;
        d.edited_at = Some(e.edited_at);
        drafts.insert(order_id, d);
        kept.insert(order_id, e);
    }
    (drafts.into_values().collect(), kept)
}

/// Starts the journal's thread: it reads the drafts back (sent to the dashboard as
/// `Action::DraftsRestored`) and the input left open (`Action::InputRestored`), then
/// writes each change as it comes, a burst of keystrokes as one write. The thread
/// ends once every sender is dropped and what they sent is written: joined before
/// the process ends, so the last keystrokes are not lost with it.
pub fn spawn(
    journal: Journal,
    db: PathBuf,
    me: String,
    tx: UnboundedSender<Action>,
) -> std::io::Result<(mpsc::Sender<Op>, std::thread::JoinHandle<()>)> {
    let (ops, rx) = mpsc::channel::<Op>();
    let thread = std::thread::Builder::new()
        .name("journal".into())
        .spawn(move || {
            let cache = Cache::open_existing(&db).ok();
            let (drafts, mut entries) = restore(journal.read(), cache.as_ref(), &me);
            drop(cache);
            if let Err(e) = journal.write_drafts(&entries) {
                tracing::warn!(error = %e, "the drafts journal could not be written");
            }
            let _ = tx.send(Action::DraftsRestored(drafts));
            let input = journal.input();
            if let Some(kept) = input.read::<Option<KeptInput>>() {
                let _ = tx.send(Action::InputRestored(Box::new(kept)));
            }
            while let Ok(first) = rx.recv() {
                let burst = std::iter::once(first).chain(rx.try_iter());
                let (drafts_changed, typed) = fold(burst, &mut entries);
                if drafts_changed {
                    journal.write_or_say((!entries.is_empty()).then_some(&entries), &tx);
                }
                if let Some(typed) = typed {
                    input.write_or_say(typed.as_ref(), &tx);
                }
            }
        })?;
    Ok((ops, thread))
}

/// Applies a burst of ops: whether the drafts changed, and the input's last state
/// when it changed (`Some(None)`: forgotten).
fn fold(
    ops: impl Iterator<Item = Op>,
    entries: &mut BTreeMap<i64, Entry>,
) -> (bool, Option<Option<KeptInput>>) {
    let (mut drafts_changed, mut typed) = (false, None);
    for op in ops {
        match op {
            Op::Keep(d) => {
                drafts_changed = true;
                entries.insert(
                    d.order_id,
                    Entry {
                        template: d.template,
                        audience: d.audience,
                        text: d.text,
                        edited_at: d.edited_at.unwrap_or_else(Utc::now),
                    },
                );
            }
            Op::Forget(id) => {
                drafts_changed = true;
                entries.remove(&id);
            }
            Op::KeepInput(k) => typed = Some(Some(*k)),
            Op::ForgetInput => typed = Some(None),
        }
    }
    (drafts_changed, typed)
}

#[cfg(test)]
mod tests;
