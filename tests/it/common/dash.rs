//! A dashboard with the key, against a simulated Market of the test's own, in a tmux
//! pane: the cache synced first, then the real binary started as an agent would.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::Utc;
use ym_triage::cache::Cache;
use ym_triage::sim::{Clock, FaultSpec, SimHandle, SimOptions};

use super::tmux::{Session, keys, screen, type_text, wait_for};
use super::{KEY, sim_with};

/// One test's home: its cache, environment and simulated Market.
pub struct Dash {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
    pub url: String,
    pub env: Vec<(&'static str, String)>,
}

/// A simulated Market of `orders` orders around today, its clock frozen.
pub async fn market(orders: usize) -> SimHandle {
    sim_with(SimOptions {
        orders,
        seed: 7,
        faults: FaultSpec::parse("").unwrap(),
        clock: Clock::Frozen,
        api_key: Some(KEY.to_owned()),
        now: Some(Utc::now()),
    })
    .await
}

impl Dash {
    /// A home for a dashboard on `url`, its cache synced once.
    pub fn new(url: &str) -> Dash {
        let dir = tempfile::tempdir().unwrap();
        let home = dir.path().display().to_string();
        let db = dir.path().join("cache.db");
        let env = vec![
            ("HOME", home.clone()),
            ("XDG_CONFIG_HOME", format!("{home}/config")),
            ("XDG_DATA_HOME", format!("{home}/data")),
            ("XDG_STATE_HOME", format!("{home}/state")),
            ("YM_TRIAGE_DB", db.display().to_string()),
            ("YM_API_URL", url.to_owned()),
            ("YM_API_KEY", KEY.to_owned()),
            ("TERM", "xterm-256color".to_owned()),
        ];
        let dash = Dash {
            dir,
            db,
            url: url.to_owned(),
            env,
        };
        let out = dash.command().arg("sync").output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dash
    }

    /// The binary with this home's environment only.
    pub fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
        c.env_clear();
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// Where the pane's script records how the dashboard exited.
    pub fn exit_file(&self) -> PathBuf {
        self.dir.path().join("exit.txt")
    }

    /// Starts the dashboard (`--lang en`) in a `cols`×`rows` pane; its pid goes to
    /// `pid` in the home, its exit status to `exit_file`.
    pub fn open(&self, cols: u16, rows: u16) -> Session {
        let _ = std::fs::remove_file(self.exit_file());
        let bin = env!("CARGO_BIN_EXE_ym-triage");
        let home = self.dir.path().display();
        let script = format!(
            "{bin} --lang en & pid=$!; echo $pid > {home}/pid; wait $pid; \
             echo \"exit=$?\" > {exit}; sleep 60",
            exit = self.exit_file().display()
        );
        let session = Session::start(self.dir.path(), cols, rows, &self.env, &script);
        wait_for(&session.socket, "the dashboard", |s| s.contains("At risk"));
        session
    }

    /// The dashboard's pid.
    pub fn pid(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("pid"))
            .unwrap()
            .trim()
            .to_owned()
    }

    /// Waits until the dashboard has exited; its status line.
    pub fn wait_exit(&self, socket: &Path) -> String {
        let start = Instant::now();
        loop {
            if let Ok(s) = std::fs::read_to_string(self.exit_file())
                && s.contains("exit=")
            {
                return s;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the dashboard did not exit:\n{}",
                screen(socket)
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Whether the dashboard still runs.
    pub fn running(&self) -> bool {
        !std::fs::read_to_string(self.exit_file()).is_ok_and(|s| s.contains("exit="))
    }
}

/// Shows `order_id` alone in the All section, selected.
pub fn select(socket: &Path, order_id: i64) {
    let id = order_id.to_string();
    keys(socket, &["l", "l", "l", "/"]);
    type_text(socket, &id);
    keys(socket, &["Enter"]);
    wait_for(socket, "the order alone", |s| {
        s.contains(&format!("/ {id}")) && s.contains("1/1")
    });
}

/// An order with an open incident.
pub fn order_with_incident(db: &std::path::Path) -> i64 {
    let cache = Cache::open(db).unwrap();
    cache
        .load_orders()
        .unwrap()
        .into_iter()
        .map(|(o, _)| o.order_id)
        .find(|id| {
            cache
                .incident(*id)
                .unwrap()
                .is_some_and(|i| i.closed_at.is_none())
        })
        .expect("an order with an open incident")
}

/// Whether the rules let `order_id` move its delivery date now, and where the date
/// move stands among its reroute options.
pub fn date_move(db: &std::path::Path, order_id: i64) -> Option<usize> {
    use ym_triage::domain::incident::IncidentConfig;
    use ym_triage::domain::incident::reroute::{self, RerouteKind};
    use ym_triage::domain::risk::Thresholds;
    use ym_triage::service::act::check_context;
    let cache = Cache::open(db).unwrap();
    let (order, history) = cache.load_order(order_id).unwrap()?;
    let ctx = check_context(
        &cache,
        &order,
        &IncidentConfig::default(),
        &Thresholds::default(),
    )
    .unwrap();
    reroute::options(&order, &history, &ctx, Utc::now())
        .iter()
        .position(|o| o.kind == RerouteKind::MoveDate && o.available)
}

/// The Contact tab of the selected order.
pub fn contact_tab(s: &std::path::Path) {
    keys(s, &["]", "]", "]"]);
    wait_for(s, "the Contact tab", |s| s.contains("Draft"));
}
