//! Issue 5's soak: four agent processes and one daemon on one cache for a minute.
//! Agents 1 and 2 share half their orders, as do agents 3 and 4; the other half of
//! each agent's orders is its own. Each agent is this test binary run again
//! (`soak::soak_agent`, see `common/agents.rs`), acting through the library's acting layer
//! on its own connection; the daemon is the real binary, syncing every 5 s from the
//! simulated Market and sending the outbox the agents fill.
//!
//! Afterwards: no "database is locked" anywhere (agent logs and output, the daemon's
//! output and log), no SQLite error in any act, no refusal on an agent's own orders;
//! every note and step outcome that was reported done is in its incident, and each
//! incident's version moved exactly once per audited change (nothing overwritten);
//! every chat message reported queued has one outbox row, sent, and reached the
//! Market exactly once (nothing lost, nothing doubled); every act has its audit entry.

use crate::common;
use crate::common::agents;

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::Value;
use ym_triage::cache::{AuditEntry, Cache, OutboxState};
use ym_triage::domain::incident::IncidentConfig;
use ym_triage::domain::incident::checks::{WriteAction, check};
use ym_triage::domain::risk::Thresholds;
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::service::act::check_context;
use ym_triage::sim::{Clock, FaultSpec, SimOptions};

use agents::{Entry, Tally};
use common::KEY;

/// How long the agents act.
const SOAK_SECS: u64 = 60;
/// Each agent's orders: `SHARED` with its partner, `OWN` of its own.
const SHARED: usize = 2;
const OWN: usize = 2;
const AGENTS: [&str; 4] = ["agent1", "agent2", "agent3", "agent4"];
/// Slack for a loaded 2-core machine: process start, the last act, the drain.
const AGENT_GRACE: Duration = Duration::from_secs(120);
const DRAIN_LIMIT: Duration = Duration::from_secs(60);

/// The agent process's entry point; it does nothing unless the soak started it.
#[test]
#[ignore = "an agent process of the soak test; `soak` starts it with YM_SOAK_AGENT set"]
fn soak_agent() {
    if let Ok(name) = std::env::var(agents::AGENT_VAR) {
        agents::run(&name);
    }
}

/// A private home, config, log folder and cache for the daemon and the agents.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config").join("ym-triage");
        std::fs::create_dir_all(&config).unwrap();
        // The shortest sync interval the config allows: the daemon syncs ~12 times.
        std::fs::write(config.join("config.toml"), "[sync]\ninterval_seconds = 5\n").unwrap();
        std::fs::create_dir_all(dir.path().join("out")).unwrap();
        Env { dir }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("cache.db")
    }

    fn state(&self) -> PathBuf {
        self.dir.path().join("state")
    }

    /// Where a process's output and an agent's log go.
    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join("out").join(name)
    }

    fn binary(&self, url: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("XDG_STATE_HOME", self.state())
            .env("USER", "svc-triage")
            .env("YM_TRIAGE_DB", self.db())
            .env("YM_API_URL", url)
            .env("YM_API_KEY", KEY);
        c
    }

    /// Output of a process to `<name>.out` and `<name>.err`.
    fn capture(&self, c: &mut Command, name: &str) {
        let file = |ext: &str| File::create(self.out(&format!("{name}.{ext}"))).unwrap();
        c.stdin(Stdio::null())
            .stdout(file("out"))
            .stderr(file("err"));
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.out(name)).unwrap_or_default()
    }
}

/// A child process, killed if the test fails before it ends.
struct Proc {
    name: String,
    child: Child,
}

impl Proc {
    /// Waits until `deadline`; the exit status, or `None` on time out (then killed).
    fn wait_until(&mut self, deadline: Instant) -> Option<std::process::ExitStatus> {
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return None;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Open DBS orders in PROCESSING that a chat message may be written to, lowest ids first.
fn writable_orders(db: &Path, now: DateTime<Utc>, want: usize) -> Vec<i64> {
    let cache = Cache::open_existing(db).unwrap();
    let (cfg, risk) = (IncidentConfig::default(), Thresholds::default());
    let sample = WriteAction::ChatMessage {
        text: agents::chat_text("agent1", 1),
    };
    let mut ids: Vec<i64> = cache
        .load_orders()
        .unwrap()
        .into_iter()
        .filter(|(o, _)| o.model == ProgramType::DBS && o.status == OrderStatus::PROCESSING)
        .filter(|(o, h)| {
            let ctx = check_context(&cache, o, &cfg, &risk).unwrap();
            let verdict = check(&sample, o, h, &ctx, now);
            verdict.allowed
        })
        .map(|(o, _)| o.order_id)
        .collect();
    ids.sort_unstable();
    assert!(
        ids.len() >= want,
        "the simulated Market has {} writable DBS orders in PROCESSING; the soak needs {want}",
        ids.len()
    );
    ids.truncate(want);
    ids
}

/// Each agent's orders: pairs (1, 2) and (3, 4) share `SHARED` orders, and each
/// agent has `OWN` orders nobody else touches. Returns (plan, shared orders).
fn plan(orders: &[i64]) -> (Vec<(&'static str, Vec<i64>)>, Vec<i64>) {
    let mut next = orders.iter().copied();
    let mut take = |n: usize| next.by_ref().take(n).collect::<Vec<i64>>();
    let mut plan = Vec::new();
    let mut shared = Vec::new();
    for pair in AGENTS.chunks(2) {
        let both = take(SHARED);
        shared.extend(&both);
        for name in pair {
            let mut mine = both.clone();
            mine.extend(take(OWN));
            plan.push((*name, mine));
        }
    }
    (plan, shared)
}

fn contains_locked(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("database is locked") || t.contains("database is busy")
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.flatten()
        .flat_map(|e| {
            let p = e.path();
            if p.is_dir() { files_under(&p) } else { vec![p] }
        })
        .collect()
}

fn audit_count(trail: &[AuditEntry], agent: Option<&str>, action: &str) -> usize {
    trail
        .iter()
        .filter(|a| a.action == action && agent.is_none_or(|g| a.agent == g))
        .count()
}

#[test]
fn four_agents_and_a_daemon_for_a_minute_lose_nothing_and_never_see_a_locked_database() {
    let begun = Instant::now();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let now = Utc::now();
    let sim = rt.block_on(common::sim_with(SimOptions {
        orders: 800,
        seed: 42,
        faults: FaultSpec::parse("latency=1ms..5ms").unwrap(),
        clock: Clock::Frozen,
        api_key: Some(KEY.to_owned()),
        now: Some(now),
    }));
    let url = sim.url();
    let env = Env::new();

    let sync = env.binary(&url).arg("sync").output().unwrap();
    assert!(
        sync.status.success(),
        "the first sync failed: {}",
        String::from_utf8_lossy(&sync.stderr)
    );
    let orders = writable_orders(&env.db(), now, AGENTS.len() / 2 * (SHARED + 2 * OWN));
    let (plan, shared) = plan(&orders);
    let initial: HashMap<i64, i64> = {
        let mut cache = Cache::open(&env.db()).unwrap();
        // The sync opened incidents for the orders a rule matched; the rest get one.
        let matches: Vec<(i64, &str)> = orders.iter().map(|&o| (o, "soak")).collect();
        cache.open_incidents(&matches, now).unwrap();
        assert!(orders.iter().all(|&o| {
            cache
                .incident(o)
                .unwrap()
                .is_some_and(|i| i.closed_at.is_none())
        }));
        orders
            .iter()
            .map(|&o| (o, cache.incident(o).unwrap().unwrap().version))
            .collect()
    };

    let mut daemon = {
        let mut c = env.binary(&url);
        c.arg("daemon");
        env.capture(&mut c, "daemon");
        Proc {
            name: "daemon".into(),
            child: c.spawn().unwrap(),
        }
    };
    let up = Instant::now();
    while !env.read("daemon.out").contains("daemon") {
        assert!(
            daemon.child.try_wait().unwrap().is_none(),
            "the daemon exited at once: {}",
            env.read("daemon.err")
        );
        assert!(
            up.elapsed() < Duration::from_secs(30),
            "the daemon did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let agents_started = Utc::now();
    let exe = std::env::current_exe().unwrap();
    let mut procs: Vec<Proc> = plan
        .iter()
        .map(|(name, mine)| {
            let list: Vec<String> = mine.iter().map(i64::to_string).collect();
            let mut c = Command::new(&exe);
            c.args(["--ignored", "--exact", "soak::soak_agent", "--nocapture"])
                .env(agents::AGENT_VAR, name)
                .env(agents::DB_VAR, env.db())
                .env(agents::ORDERS_VAR, list.join(","))
                .env(agents::SECS_VAR, SOAK_SECS.to_string())
                .env(agents::LOG_VAR, env.out(&format!("{name}.jsonl")));
            env.capture(&mut c, name);
            Proc {
                name: (*name).to_owned(),
                child: c.spawn().unwrap(),
            }
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(SOAK_SECS) + AGENT_GRACE;
    for p in &mut procs {
        let status = p.wait_until(deadline);
        let err = env.read(&format!("{}.err", p.name));
        assert!(
            status.is_some_and(|s| s.success()),
            "{} ended with {status:?}:\n{err}\n{}",
            p.name,
            env.read(&format!("{}.out", p.name))
        );
    }

    // The daemon sends the rest of the outbox.
    let cache = Cache::open_existing(&env.db()).unwrap();
    let since = now - chrono::Duration::hours(1);
    let drain = Instant::now();
    loop {
        let s = cache.outbox_summary(since).unwrap();
        if s.queued == 0 && s.sending == 0 {
            break;
        }
        assert!(
            drain.elapsed() < DRAIN_LIMIT,
            "the outbox did not drain: {s:?}\n{}",
            env.read("daemon.err")
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let drained_in = drain.elapsed();
    let term = Command::new("kill")
        .args(["-TERM", &daemon.child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success(), "kill -TERM failed");
    let status = daemon.wait_until(Instant::now() + Duration::from_secs(30));
    assert!(
        status.is_some_and(|s| s.success()),
        "the daemon did not stop cleanly on SIGTERM: {status:?}\n{}",
        env.read("daemon.err")
    );
    let sim_writes: Vec<Value> = rt.block_on(async {
        let resp = common::client()
            .get(format!("{url}/_sim/writes"))
            .send()
            .await
            .unwrap();
        resp.json::<Vec<Value>>().await.unwrap()
    });
    rt.block_on(sim.shutdown());

    // What the agents say they did.
    let logs: BTreeMap<&str, Vec<Entry>> = AGENTS
        .iter()
        .map(|name| (*name, agents::read_log(&env.out(&format!("{name}.jsonl")))))
        .collect();
    let mut total = Tally::default();
    let mut per_agent = Vec::new();
    let mut failures = Vec::new();
    for (name, entries) in &logs {
        let mut t = Tally::default();
        for e in entries {
            t.add(e);
            total.add(e);
            if let Entry::Failure { .. } = e {
                failures.push(format!("{name}: {e:?}"));
            }
            let own = e.order().is_some_and(|o| !shared.contains(&o));
            if own && matches!(e, Entry::HeldBy { .. } | Entry::Conflict { .. }) {
                failures.push(format!("{name}: refused on its own order: {e:?}"));
            }
        }
        assert!(
            matches!(entries.last(), Some(Entry::Done { .. })),
            "{name}'s log does not end with its summary"
        );
        per_agent.push(format!(
            "{name}: {} of {} tries done ({} notes, {} chats, {} take-overs), {} conflicts, {} held-by",
            t.done(), t.acts, t.notes, t.chats, t.take_overs, t.conflicts, t.held_by
        ));
    }
    assert!(failures.is_empty(), "failed acts:\n{}", failures.join("\n"));

    // No "database is locked" anywhere a user or an operator would see it.
    let mut seen: Vec<PathBuf> = files_under(&env.dir.path().join("out"));
    seen.extend(files_under(&env.state()));
    let locked: Vec<String> = seen
        .iter()
        .filter(|p| contains_locked(&std::fs::read_to_string(p).unwrap_or_default()))
        .map(|p| p.display().to_string())
        .collect();
    assert!(locked.is_empty(), "\"database is locked\" in {locked:?}");
    let daemon_err = env.read("daemon.err");
    assert!(
        daemon_err.trim().is_empty(),
        "the daemon complained:\n{daemon_err}"
    );
    let last_sync = cache.last_sync().unwrap().expect("a sync was recorded");
    assert!(
        last_sync.finished_at.timestamp() >= agents_started.timestamp(),
        "the daemon did not sync while the agents worked: {last_sync:?}"
    );

    // Per order: notes and step outcomes kept, versions accounted for, chats sent
    // once, each act audited.
    let chat_writes: Vec<&Value> = sim_writes
        .iter()
        .filter(|w| w["path"].as_str().unwrap_or("").contains("/chats/message"))
        .collect();
    let mut retried = 0;
    for &order in &orders {
        let acts: Vec<(&str, &Entry)> = logs
            .iter()
            .flat_map(|(name, es)| es.iter().map(move |e| (*name, e)))
            .filter(|(_, e)| e.order() == Some(order))
            .collect();
        assert!(!acts.is_empty(), "{order}: no agent acted on it");
        let incident = cache.incident(order).unwrap().unwrap();
        let trail = cache.audit_for(order).unwrap();
        let notes: Vec<String> = acts
            .iter()
            .filter_map(|(name, e)| match e {
                Entry::Note { text, .. } => Some(format!("{name}: {text}\n")),
                _ => None,
            })
            .collect();
        for n in &notes {
            assert_eq!(
                incident.notes.matches(n.as_str()).count(),
                1,
                "{order}: note {n:?} is not in the incident once:\n{}",
                incident.notes
            );
        }
        assert_eq!(
            incident.notes.lines().count(),
            notes.len(),
            "{order}: the incident holds notes nobody reported"
        );
        for (_, e) in &acts {
            if let Entry::StepDone { outcome, .. } = e {
                assert!(
                    incident
                        .steps
                        .values()
                        .any(|s| s.outcome.as_deref() == Some(outcome.as_str())),
                    "{order}: step outcome {outcome:?} lost: {:?}",
                    incident.steps
                );
            }
        }
        let changes = audit_count(&trail, None, "note") + audit_count(&trail, None, "step_done");
        assert_eq!(
            (incident.version - initial[&order]) as usize,
            changes,
            "{order}: the version moved other than once per audited change"
        );

        let rows: Vec<_> = cache
            .outbox_for_order(order)
            .unwrap()
            .into_iter()
            .filter(|r| r.kind == "chat_message")
            .collect();
        let mut chats = 0;
        for (name, e) in &acts {
            let Entry::Chat {
                text, outbox_id, ..
            } = e
            else {
                continue;
            };
            chats += 1;
            let payload = serde_json::json!({ "text": text });
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| serde_json::from_str::<Value>(&r.payload).ok() == Some(payload.clone()))
                .collect();
            assert_eq!(mine.len(), 1, "{order}: outbox rows for {text:?}: {mine:?}");
            let row = mine[0];
            assert_eq!((row.id, row.created_by.as_str()), (*outbox_id, *name));
            assert_eq!(row.state, OutboxState::Sent, "{order}: {row:?}");
            retried += usize::from(row.attempts > 1);
            let at_market: Vec<&&Value> = chat_writes
                .iter()
                .filter(|w| w["body"]["message"].as_str() == Some(text.as_str()))
                .collect();
            assert_eq!(
                at_market.len(),
                1,
                "{order}: {text:?} reached the Market {} times",
                at_market.len()
            );
            assert_eq!(at_market[0]["http_status"], 200, "{:?}", at_market[0]);
        }
        assert_eq!(rows.len(), chats, "{order}: outbox rows nobody reported");
        assert_eq!(
            audit_count(&trail, Some("outbox"), "sent:chat_message"),
            chats
        );

        for name in AGENTS {
            let count = |f: &dyn Fn(&Entry) -> bool| {
                acts.iter().filter(|(n, e)| *n == name && f(e)).count()
            };
            let notes = count(&|e| matches!(e, Entry::Note { .. }));
            let steps = count(&|e| matches!(e, Entry::StepDone { .. }));
            let chats = count(&|e| matches!(e, Entry::Chat { .. }));
            let took = count(&|e| matches!(e, Entry::TookOver { .. }));
            let who = Some(name);
            assert_eq!(audit_count(&trail, who, "note"), notes, "{order} {name}");
            assert_eq!(
                audit_count(&trail, who, "write:chat_message"),
                chats,
                "{order} {name}"
            );
            assert_eq!(
                audit_count(&trail, who, "take_over"),
                took,
                "{order} {name}"
            );
            // A chat message also marks the "notify" step done, once per incident.
            let audited_steps = audit_count(&trail, who, "step_done");
            assert!(
                (steps..=steps + usize::from(chats > 0)).contains(&audited_steps),
                "{order} {name}: {steps} steps reported done, {audited_steps} audited"
            );
        }
        // Claims never lapse within the minute: the order was claimed once, by
        // whoever got there first; everyone after took it over.
        let claimed: Vec<&str> = acts
            .iter()
            .filter(|(_, e)| matches!(e, Entry::Claimed { .. }))
            .map(|(n, _)| *n)
            .collect();
        let claim_audits: Vec<&str> = trail
            .iter()
            .filter(|a| a.action == "claim")
            .map(|a| a.agent.as_str())
            .collect();
        assert_eq!(claim_audits.len(), 1, "{order}: claims {claim_audits:?}");
        assert!(
            claimed.is_empty() || claimed == claim_audits,
            "{order}: reported claims {claimed:?}, audited {claim_audits:?}"
        );
    }
    let total_chats = usize::try_from(total.chats).unwrap();
    assert_eq!(
        chat_writes.len(),
        total_chats,
        "chat messages at the Market vs queued"
    );
    // The soak means something only if the agents really fought over shared orders.
    assert!(total.take_overs > 0 && total.held_by > 0, "{total:?}");
    assert!(
        total.notes > 0 && total.chats > 0 && total.conflicts > 0,
        "{total:?}"
    );

    eprintln!(
        "soak: {} acts done of {} tries in {SOAK_SECS} s by {} agents on {} incidents ({} shared): \
         {} notes, {} steps, {} chats queued, {} claims, {} take-overs ({} claims of orders already \
         theirs); refused as designed: {} conflicts, {} held-by, {} nothing-to-settle; {} writes \
         sent ({} retried), outbox drained {:.1} s after the agents; {:.0} s in all\n  {}",
        total.done(),
        total.acts,
        AGENTS.len(),
        orders.len(),
        shared.len(),
        total.notes,
        total.steps,
        total.chats,
        total.claims,
        total.take_overs,
        total.already_yours,
        total.conflicts,
        total.held_by,
        total.settled,
        chat_writes.len(),
        retried,
        drained_in.as_secs_f64(),
        begun.elapsed().as_secs_f64(),
        per_agent.join("\n  ")
    );
}
