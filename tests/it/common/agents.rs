//! One agent process of the soak test (`tests/soak.rs`): it opens its own connection
//! to the shared cache and, until its time is up, acts on its orders through the
//! library's acting layer as an agent at the dashboard would — claims and take-overs,
//! notes, settled steps, chat messages queued for the daemon — at a random pace and
//! with a random "think time" between reading an incident and acting on it, so two
//! agents on one order really race.
//!
//! Every act goes to the agent's JSONL log as one `Entry` the moment it returns: what
//! succeeded (with the unique text it wrote), the refusals the workflow is meant to
//! give (held by another agent, changed meanwhile, nothing left to settle), and any
//! other error as a failure — `cache: true` when SQLite itself failed, which is where
//! "database is locked" would surface.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::{Deserialize, Serialize};
use ym_triage::cache::{Cache, CacheError, ClaimOutcome};
use ym_triage::domain::incident::IncidentConfig;
use ym_triage::domain::incident::checks::{CheckContext, WriteAction};
use ym_triage::domain::risk::Thresholds;
use ym_triage::domain::write::new_nonce;
use ym_triage::service::act::{ActError, Actor, ConfirmedWrite, check_context};

/// The agent's name; the entry point does nothing without it.
pub const AGENT_VAR: &str = "YM_SOAK_AGENT";
pub const DB_VAR: &str = "YM_SOAK_DB";
/// The agent's orders, comma-separated.
pub const ORDERS_VAR: &str = "YM_SOAK_ORDERS";
pub const SECS_VAR: &str = "YM_SOAK_SECS";
/// Where the agent writes its JSONL log.
pub const LOG_VAR: &str = "YM_SOAK_LOG";

/// Chat messages one agent queues at most: four agents stay well under the Market's
/// hourly quota of one business (1000 messages), so no write waits for the quota.
const MAX_CHATS: u64 = 150;

/// One line of an agent's log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// A claim of an order nobody held.
    Claimed { order: i64 },
    /// A claim of an order another agent held, taken over.
    TookOver { order: i64, from: String },
    /// A claim of an order this agent already held.
    AlreadyYours { order: i64 },
    /// A note added; `text` is unique across the run.
    Note { order: i64, text: String },
    /// The current step marked done, with `outcome` as its unique outcome text.
    StepDone { order: i64, outcome: String },
    /// A chat message queued in the outbox as row `outbox_id`; `text` is unique.
    Chat {
        order: i64,
        text: String,
        outbox_id: i64,
    },
    /// Refused, as designed: another agent holds the order.
    HeldBy {
        order: i64,
        act: String,
        holder: String,
    },
    /// Refused, as designed: the incident changed since the agent read it.
    Conflict { order: i64, act: String },
    /// A step to mark done was asked for, but every step is settled already.
    Settled { order: i64 },
    /// Anything else: never expected. `cache` when SQLite itself failed.
    Failure {
        order: i64,
        act: String,
        error: String,
        cache: bool,
    },
    /// The last line: the agent ran its time out.
    Done { acts: u64, elapsed_ms: u64 },
}

/// Reads an agent's log.
pub fn read_log(path: &Path) -> Vec<Entry> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: cannot read the agent log: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}: bad log line {l:?}: {e}", path.display()))
        })
        .collect()
}

impl Entry {
    /// The order the entry is about (`None` for the summary line).
    pub fn order(&self) -> Option<i64> {
        match self {
            Entry::Claimed { order }
            | Entry::TookOver { order, .. }
            | Entry::AlreadyYours { order }
            | Entry::Note { order, .. }
            | Entry::StepDone { order, .. }
            | Entry::Chat { order, .. }
            | Entry::HeldBy { order, .. }
            | Entry::Conflict { order, .. }
            | Entry::Settled { order }
            | Entry::Failure { order, .. } => Some(*order),
            Entry::Done { .. } => None,
        }
    }
}

/// Counts of what agents reported, by kind of entry.
#[derive(Debug, Default)]
pub struct Tally {
    /// Every entry but the summary: what succeeded and what was refused.
    pub acts: u64,
    pub notes: u64,
    pub steps: u64,
    pub chats: u64,
    pub claims: u64,
    pub take_overs: u64,
    pub already_yours: u64,
    pub held_by: u64,
    pub conflicts: u64,
    pub settled: u64,
}

impl Tally {
    pub fn add(&mut self, e: &Entry) {
        self.acts += u64::from(!matches!(e, Entry::Done { .. }));
        match e {
            Entry::Claimed { .. } => self.claims += 1,
            Entry::TookOver { .. } => self.take_overs += 1,
            Entry::AlreadyYours { .. } => self.already_yours += 1,
            Entry::Note { .. } => self.notes += 1,
            Entry::StepDone { .. } => self.steps += 1,
            Entry::Chat { .. } => self.chats += 1,
            Entry::HeldBy { .. } => self.held_by += 1,
            Entry::Conflict { .. } => self.conflicts += 1,
            Entry::Settled { .. } => self.settled += 1,
            Entry::Failure { .. } | Entry::Done { .. } => {}
        }
    }

    /// Acts that changed something: claims, take-overs, notes, steps, chat messages.
    pub fn done(&self) -> u64 {
        self.claims + self.take_overs + self.notes + self.steps + self.chats
    }
}

/// The text of a chat message: plain enough for the message lint (no number long
/// enough to look like a phone), unique by agent and sequence number.
pub fn chat_text(agent: &str, seq: u64) -> String {
    format!("Здравствуйте! Проверяем доставку вашего заказа (soak {agent} msg {seq}).")
}

/// A small xorshift generator: the agents need variety, not quality.
struct Rng(u64);

impl Rng {
    fn seeded(name: &str) -> Rng {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default();
        let mut seed = nanos ^ u64::from(std::process::id()).rotate_left(32);
        for b in name.bytes() {
            seed = seed.wrapping_mul(0x100_0000_01b3) ^ u64::from(b);
        }
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with `percent` % probability.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pause(&mut self, lo_ms: u64, hi_ms: u64) {
        std::thread::sleep(Duration::from_millis(lo_ms + self.below(hi_ms - lo_ms + 1)));
    }
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("the soak agent needs {name}"))
}

/// The agent: the process entry point, run by `soak_agent` when `YM_SOAK_AGENT` is set.
pub fn run(name: &str) {
    let db = PathBuf::from(var(DB_VAR));
    let orders: Vec<i64> = var(ORDERS_VAR)
        .split(',')
        .map(|s| s.trim().parse().expect("YM_SOAK_ORDERS: order ids"))
        .collect();
    assert!(!orders.is_empty(), "YM_SOAK_ORDERS is empty");
    let secs: u64 = var(SECS_VAR).parse().expect("YM_SOAK_SECS: seconds");
    let log_path = PathBuf::from(var(LOG_VAR));
    let mut log = File::create(&log_path).unwrap_or_else(|e| panic!("{}: {e}", log_path.display()));
    let mut agent = Agent {
        name: name.to_owned(),
        cache: Cache::open_existing(&db).unwrap_or_else(|e| panic!("{name}: {e}")),
        rng: Rng::seeded(name),
        cfg: IncidentConfig::default(),
        risk: Thresholds::default(),
        chats: 0,
    };
    let start = Instant::now();
    let end = start + Duration::from_secs(secs);
    let mut acts = 0u64;
    let mut seq = 0u64;
    while Instant::now() < end {
        seq += 1;
        let order = orders[agent.rng.below(orders.len() as u64) as usize];
        for entry in agent.act(order, seq) {
            acts += 1;
            write_entry(&mut log, &entry);
        }
        agent.rng.pause(5, 40);
    }
    let done = Entry::Done {
        acts,
        elapsed_ms: start.elapsed().as_millis() as u64,
    };
    write_entry(&mut log, &done);
}

/// One line, written at once: an act that succeeded is on disk before the next begins.
fn write_entry(log: &mut File, entry: &Entry) {
    let mut line = serde_json::to_string(entry).expect("an entry serializes");
    line.push('\n');
    log.write_all(line.as_bytes())
        .expect("the agent log is writable");
}

struct Agent {
    name: String,
    cache: Cache,
    rng: Rng,
    cfg: IncidentConfig,
    risk: Thresholds,
    /// Chat messages queued so far.
    chats: u64,
}

impl Agent {
    /// One random act on `order` (a take-over may come first); what came of it.
    fn act(&mut self, order: i64, seq: u64) -> Vec<Entry> {
        let roll = self.rng.below(100);
        if roll < 20 {
            let take_over = self.rng.chance(40);
            vec![self.claim(order, take_over)]
        } else if roll < 23 {
            self.step(order, seq)
        } else if roll < 29 && self.chats < MAX_CHATS {
            vec![self.chat(order, seq)]
        } else {
            self.note(order, seq)
        }
    }

    fn claim(&mut self, order: i64, take_over: bool) -> Entry {
        let act = if take_over { "take_over" } else { "claim" };
        match Actor::new(&mut self.cache, &self.name, Utc::now()).claim(order, take_over) {
            Ok(ClaimOutcome::Claimed) => Entry::Claimed { order },
            Ok(ClaimOutcome::TookOver { from }) => Entry::TookOver { order, from },
            Ok(ClaimOutcome::AlreadyYours) => Entry::AlreadyYours { order },
            Ok(ClaimOutcome::HeldBy(c)) => Entry::HeldBy {
                order,
                act: act.into(),
                holder: c.agent,
            },
            Err(e) => refusal(order, act, e),
        }
    }

    /// The incident's version as the agent's screen shows it, then a moment of
    /// thought, and sometimes a take-over before acting (the agent decides to act on
    /// an order a colleague holds): the window in which another agent may get there
    /// first.
    fn look(&mut self, order: i64, act: &str) -> Result<(i64, Option<Entry>), Entry> {
        let version = match self.cache.incident(order) {
            Ok(Some(i)) => i.version,
            Ok(None) => {
                return Err(Entry::Failure {
                    order,
                    act: act.into(),
                    error: "no incident".into(),
                    cache: false,
                });
            }
            Err(e) => return Err(cache_failure(order, act, &e)),
        };
        self.rng.pause(0, 20);
        let took = self.rng.chance(40).then(|| self.claim(order, true));
        Ok((version, took))
    }

    fn note(&mut self, order: i64, seq: u64) -> Vec<Entry> {
        let (version, took) = match self.look(order, "note") {
            Ok(v) => v,
            Err(e) => return vec![e],
        };
        let text = format!("soak {} note {seq}", self.name);
        let done = Actor::new(&mut self.cache, &self.name, Utc::now()).note(order, version, &text);
        let entry = match done {
            Ok(_) => Entry::Note { order, text },
            Err(e) => refusal(order, "note", e),
        };
        took.into_iter().chain([entry]).collect()
    }

    fn step(&mut self, order: i64, seq: u64) -> Vec<Entry> {
        let (version, took) = match self.look(order, "step_done") {
            Ok(v) => v,
            Err(e) => return vec![e],
        };
        let outcome = format!("soak {} step {seq}", self.name);
        let done = Actor::new(&mut self.cache, &self.name, Utc::now()).step_done(
            order,
            version,
            Some(outcome.clone()),
        );
        let entry = match done {
            Ok(_) => Entry::StepDone { order, outcome },
            Err(ActError::Refused { why, .. }) if why.en.contains("already settled") => {
                Entry::Settled { order }
            }
            Err(e) => refusal(order, "step_done", e),
        };
        took.into_iter().chain([entry]).collect()
    }

    fn chat(&mut self, order: i64, seq: u64) -> Entry {
        let ctx = match self.context(order) {
            Ok(c) => c,
            Err(e) => return e,
        };
        self.rng.pause(0, 20);
        let text = chat_text(&self.name, seq);
        let write = ConfirmedWrite {
            order_id: order,
            action: WriteAction::ChatMessage { text: text.clone() },
            nonce: new_nonce(),
        };
        match Actor::new(&mut self.cache, &self.name, Utc::now()).write(&write, &ctx) {
            Ok(outbox_id) => {
                self.chats += 1;
                Entry::Chat {
                    order,
                    text,
                    outbox_id,
                }
            }
            Err(e) => refusal(order, "chat", e),
        }
    }

    /// What the rule checks need, read as the dashboard reads it before a write.
    fn context(&self, order: i64) -> Result<CheckContext, Entry> {
        let loaded = self
            .cache
            .load_order(order)
            .map_err(|e| cache_failure(order, "chat", &e))?;
        let Some((o, _)) = loaded else {
            return Err(Entry::Failure {
                order,
                act: "chat".into(),
                error: "no such order in the cache".into(),
                cache: false,
            });
        };
        check_context(&self.cache, &o, &self.cfg, &self.risk)
            .map_err(|e| cache_failure(order, "chat", &e))
    }
}

fn cache_failure(order: i64, act: &str, e: &CacheError) -> Entry {
    Entry::Failure {
        order,
        act: act.into(),
        error: e.to_string(),
        cache: true,
    }
}

/// What a refused act means: the two refusals of concurrent work are expected, any
/// other is a failure.
fn refusal(order: i64, act: &str, e: ActError) -> Entry {
    match e {
        ActError::HeldBy { holder, .. } => Entry::HeldBy {
            order,
            act: act.into(),
            holder,
        },
        ActError::Conflict(_) => Entry::Conflict {
            order,
            act: act.into(),
        },
        ActError::Cache(c) => cache_failure(order, act, &c),
        other => Entry::Failure {
            order,
            act: act.into(),
            error: other.to_string(),
            cache: false,
        },
    }
}
