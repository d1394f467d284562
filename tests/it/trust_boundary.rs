//! The trust boundary of the shared set-up, with real Unix accounts: the daemon (here,
//! root) alone writes the cache; an agent of its group reads it and acts only through
//! the daemon's socket, as who the kernel says it is; a read-only user is refused; a
//! message the lint stops does not get through by any path; someone outside the group
//! reads nothing. Creating the accounts needs root: elsewhere the test says so and
//! passes without checking (CI runs as root).

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::Value;
use ym_triage::cache::Cache;
use ym_triage::domain::incident::checks::WriteAction;
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::service::Command as Cmd;
use ym_triage::service::act::ConfirmedWrite;

use support::*;

const GROUP: &str = "ymt-agents";
const AGENT: &str = "ymt-agent1";
const READER: &str = "ymt-reader";
const OUTSIDER: &str = "ymt-outsider";

/// The environment variables that make this test binary the agent's socket client.
const SOCKET_VAR: &str = "YMT_AGENT_SOCKET";
const COMMAND_VAR: &str = "YMT_AGENT_COMMAND";

/// The agent's end: sends one command (JSON in the environment) over the socket and
/// prints the daemon's answer. Run by the test below as another Unix account.
#[test]
#[ignore = "the agent process of trust_boundary; the test starts it"]
fn agent_client() {
    let (Ok(socket), Ok(cmd)) = (std::env::var(SOCKET_VAR), std::env::var(COMMAND_VAR)) else {
        return;
    };
    let cmd: Cmd = serde_json::from_str(&cmd).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let reply = rt.block_on(ym_triage::service::socket::Remote::new(socket.into()).call(&cmd));
    println!("REPLY {}", serde_json::to_string(&reply).unwrap());
}

struct Account {
    uid: u32,
    gid: u32,
}

fn run(cmd: &str, args: &[&str]) -> Output {
    Command::new(cmd).args(args).output().unwrap()
}

/// The accounts the test acts as, made if missing; `None` when not root.
fn accounts() -> Option<(u32, Account, Account, Account)> {
    if uzers::get_effective_uid() != 0 {
        eprintln!("skipped: making Unix accounts for the trust-boundary test needs root");
        return None;
    }
    if !run("getent", &["group", GROUP]).status.success() {
        assert!(run("groupadd", &[GROUP]).status.success());
    }
    for (name, in_group) in [(AGENT, true), (READER, true), (OUTSIDER, false)] {
        if !run("id", &[name]).status.success() {
            let mut args = vec!["-M", "-s", "/usr/sbin/nologin"];
            if in_group {
                args.extend(["-g", GROUP]);
            }
            args.push(name);
            let out = run("useradd", &args);
            assert!(out.status.success(), "useradd {name}: {out:?}");
        }
    }
    let group = uzers::get_group_by_name(GROUP).unwrap().gid();
    let account = |name: &str| {
        let u = uzers::get_user_by_name(name).unwrap();
        Account {
            uid: u.uid(),
            gid: u.primary_group_id(),
        }
    };
    Some((group, account(AGENT), account(READER), account(OUTSIDER)))
}

/// A copy of a binary others may run (the build folder may be private).
fn shared_copy(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    std::fs::set_permissions(&to, std::fs::Permissions::from_mode(0o755)).unwrap();
    to
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o7777
}

fn suffixed(db: &Path, s: &str) -> PathBuf {
    let mut p = db.as_os_str().to_owned();
    p.push(s);
    PathBuf::from(p)
}

struct Setup {
    dir: tempfile::TempDir,
    bin: PathBuf,
    agent_test: PathBuf,
    config: PathBuf,
    db: PathBuf,
}

impl Setup {
    /// A command as `account`: its own home, the shared config, USER set to a lie.
    fn as_user(&self, program: &Path, account: &Account, home: &str) -> Command {
        let home = self.dir.path().join(home);
        std::fs::create_dir_all(&home).unwrap();
        std::os::unix::fs::chown(&home, Some(account.uid), Some(account.gid)).unwrap();
        let mut c = Command::new(program);
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("USER", "root")
            .env("LOGNAME", "root")
            .env("YM_TRIAGE_CONFIG", &self.config)
            .uid(account.uid)
            .gid(account.gid);
        c
    }

    fn agent_sends(&self, account: &Account, home: &str, cmd: &Cmd) -> Value {
        let out = self
            .as_user(&self.agent_test, account, home)
            .args([
                "--ignored",
                "--exact",
                "trust_boundary::agent_client",
                "--nocapture",
            ])
            .env(SOCKET_VAR, ym_triage::service::socket::path_for(&self.db))
            .env(COMMAND_VAR, serde_json::to_string(cmd).unwrap())
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let line = stdout
            .lines()
            .find_map(|l| l.strip_prefix("REPLY "))
            .unwrap_or_else(|| {
                panic!(
                    "no reply: {stdout}\n{}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
        serde_json::from_str(line).unwrap()
    }
}

fn wait_for(what: &str, limit: Duration, mut ok: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ok() {
        assert!(started.elapsed() < limit, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn stop(mut daemon: Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status();
    let _ = daemon.wait();
}

#[test]
fn only_the_daemon_writes_and_agents_act_through_it_as_who_they_are() {
    let Some((group, agent, reader, outsider)) = accounts() else {
        return;
    };
    let now = msk_midday(Utc::now());
    let seed = seed_with(600, now, |w| {
        w.orders()
            .iter()
            .any(|o| o.program_type == Some(ProgramType::DBS) && o.status == OrderStatus::DELIVERY)
    });
    let m = Market::start(600, seed, "", now);
    let target = {
        let w = m.world();
        let w = w.lock().unwrap();
        w.orders()
            .iter()
            .find(|o| o.program_type == Some(ProgramType::DBS) && o.status == OrderStatus::DELIVERY)
            .unwrap()
            .order_id
    };

    // The README's set-up: folders 2750 with the agents' group, a config they may read.
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let shared = |name: &str, m: u32| {
        let p = dir.path().join(name);
        std::fs::create_dir_all(&p).unwrap();
        std::os::unix::fs::chown(&p, Some(0), Some(group)).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(m)).unwrap();
        p
    };
    let data = shared("data", 0o2750);
    let logs = shared("log", 0o2750);
    let etc = shared("etc", 0o750);
    let bin_dir = shared("bin", 0o755);
    let db = data.join("cache.db");
    let config = etc.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "db = \"{}\"\nlog_dir = \"{}\"\nread_only_users = [\"{READER}\"]\n\n[sync]\ninterval_seconds = 5\n",
            db.display(),
            logs.display()
        ),
    )
    .unwrap();
    std::os::unix::fs::chown(&config, Some(0), Some(group)).unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o640)).unwrap();
    let setup = Setup {
        bin: shared_copy(
            Path::new(env!("CARGO_BIN_EXE_ym-triage")),
            &bin_dir,
            "ym-triage",
        ),
        agent_test: shared_copy(&std::env::current_exe().unwrap(), &bin_dir, "agent-test"),
        dir,
        config: config.clone(),
        db: db.clone(),
    };

    // The daemon as the service account would run it (umask 027, the unit's).
    let daemon = Command::new("sh")
        .arg("-c")
        .arg(format!("umask 027; exec {} daemon", setup.bin.display()))
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", setup.dir.path())
        .env("YM_TRIAGE_CONFIG", &config)
        .env("YM_API_URL", m.sim().url())
        .env("YM_API_KEY", KEY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let socket = ym_triage::service::socket::path_for(&db);
    wait_for("the daemon's first round", Duration::from_secs(60), || {
        socket.exists()
            && Cache::open_existing(&db)
                .ok()
                .and_then(|c| c.last_sync().ok().flatten())
                .is_some()
    });

    // Never readable by others; the socket for the group.
    for p in [db.clone(), suffixed(&db, "-wal"), suffixed(&db, "-shm")] {
        assert_eq!(mode(&p), 0o640, "{}", p.display());
    }
    assert_eq!(mode(&socket), 0o660);
    assert_eq!(mode(&logs.join("ym-triage.log")) & 0o007, 0);

    // The agent reads the cache…
    let status = setup
        .as_user(&setup.bin, &agent, "anna")
        .args(["status", "--json"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    // …but cannot write it behind the daemon, by any path.
    let insert = setup
        .as_user(Path::new("sqlite3"), &agent, "anna")
        .arg(&db)
        .arg("INSERT INTO audit(at, agent, action) VALUES (0, 'root', 'forged')")
        .output()
        .unwrap();
    assert!(
        !insert.status.success(),
        "the agent wrote the cache: {insert:?}"
    );
    assert!(
        String::from_utf8_lossy(&insert.stderr).contains("readonly"),
        "{}",
        String::from_utf8_lossy(&insert.stderr)
    );

    // Acting goes through the daemon, as the account the kernel names — USER says root.
    let claim = setup.agent_sends(
        &agent,
        "anna",
        &Cmd::Claim {
            order_id: target,
            take_over: false,
        },
    );
    assert!(claim.get("Ok").is_some(), "{claim}");
    let cache = Cache::open_existing(&db).unwrap();
    let trail = cache.audit_for(target).unwrap();
    let claimed = trail.iter().find(|a| a.action == "claim").unwrap();
    assert_eq!(claimed.agent, AGENT, "recorded as who the kernel says");
    assert!(trail.iter().all(|a| a.agent != "root"));

    // A message the lint stops does not get through the daemon either.
    let nonce = "trust-1".to_owned();
    let lint = setup.agent_sends(
        &agent,
        "anna",
        &Cmd::Write {
            writes: vec![ConfirmedWrite {
                order_id: target,
                action: WriteAction::ChatMessage {
                    text: "Отмените заказ сами и позвоните мне: +7 900 123-45-67".into(),
                },
                nonce,
            }],
        },
    );
    let refused = &lint["Ok"]["done"];
    assert_eq!(refused["queued"], 0, "{lint}");
    assert_eq!(refused["refused"].as_array().unwrap().len(), 1, "{lint}");
    assert!(cache.outbox_for_order(target).unwrap().is_empty());

    // A read-only user is refused by the daemon, whatever their dashboard allows.
    let read_only = setup.agent_sends(
        &reader,
        "olga",
        &Cmd::Note {
            order_id: target,
            version: cache.incident(target).unwrap().unwrap().version,
            text: "hello".into(),
        },
    );
    assert!(read_only.get("Err").is_some(), "{read_only}");
    assert!(
        read_only.to_string().contains("read_only_users"),
        "{read_only}"
    );

    // Someone outside the group reads nothing, and is told what is wrong.
    let outside = setup
        .as_user(Path::new("sqlite3"), &outsider, "eve")
        .arg(&db)
        .arg("SELECT count(*) FROM orders")
        .output()
        .unwrap();
    assert!(!outside.status.success(), "the outsider read the cache");
    let outside = setup
        .as_user(&setup.bin, &outsider, "eve")
        .args(["status"])
        .output()
        .unwrap();
    assert!(!outside.status.success());
    assert!(
        String::from_utf8_lossy(&outside.stderr).contains("cannot read"),
        "{}",
        String::from_utf8_lossy(&outside.stderr)
    );

    // `info` says nothing is exposed, and says so when something is.
    let info = Command::new(&setup.bin)
        .arg("info")
        .env("YM_TRIAGE_CONFIG", &config)
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&info.stdout).contains("warning:"),
        "{}",
        String::from_utf8_lossy(&info.stdout)
    );
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o664)).unwrap();
    let info = Command::new(&setup.bin)
        .arg("info")
        .env("YM_TRIAGE_CONFIG", &config)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(text.contains("others may read it"), "{text}");
    assert!(text.contains("behind the daemon"), "{text}");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).unwrap();
    drop(cache);
    stop(daemon);
}
