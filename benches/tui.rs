//! Dashboard figures on a 100,000-order cache at 120×40: the first frame after start,
//! the time from a key press to the finished frame (moves, filter characters, section
//! switches), the bytes written to the terminal for one move down, and the resident
//! memory of the running dashboard.
//!
//! `cargo bench --bench tui`. The cache is built first from the simulated Market
//! (`TUI_BENCH_DB=path` reuses one). The first frame and memory are read off the real
//! binary running in tmux (skipped with a note when tmux is missing); key latency and
//! bytes are measured in-process through the same `update` and `draw` into a byte
//! counter standing in for the terminal.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::crossterm::{
    queue,
    terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate},
};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use ym_triage::app::tui::action::{Act, Action};
use ym_triage::app::tui::data;
use ym_triage::app::tui::keymap::Keymap;
use ym_triage::app::tui::state::AppState;
use ym_triage::app::tui::theme::Theme;
use ym_triage::app::tui::ui::{self, UiContext};
use ym_triage::app::tui::update::update;
use ym_triage::base::lang::Lang;
use ym_triage::cache::Cache;

/// Counts what the terminal would receive.
#[derive(Default, Clone)]
struct Counter {
    bytes: Arc<AtomicUsize>,
}

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes.fetch_add(buf.len(), Ordering::Relaxed);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * p).round() as usize]
}

fn build_cache(dir: &Path) -> PathBuf {
    if let Ok(p) = std::env::var("TUI_BENCH_DB") {
        return PathBuf::from(p);
    }
    let db = dir.join("cache.db");
    common::sync_orders(&db);
    db
}

/// Runs the real dashboard in tmux on the cache; returns (first frame ms, RSS MB).
fn real_binary(db: &Path, dir: &Path) -> Option<(u64, f64)> {
    if Command::new("tmux").arg("-V").output().is_err() {
        println!("tmux not found: first frame and memory of the real binary skipped");
        return None;
    }
    let socket = dir.join("tmux.sock");
    let state = dir.join("state");
    let bin = env!("CARGO_BIN_EXE_ym-triage");
    let tmux = |args: &[&str]| {
        Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .args(args)
            .output()
            .expect("tmux")
    };
    let cmd = format!(
        "env -u YM_API_KEY XDG_STATE_HOME={} XDG_CONFIG_HOME={} {bin} --db {}",
        state.display(),
        dir.join("config").display(),
        db.display()
    );
    tmux(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "b",
        "-x",
        "120",
        "-y",
        "40",
        &cmd,
    ]);
    let log = state.join("ym-triage/ym-triage.log");
    let start = Instant::now();
    let first = loop {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        if let Some(line) = text
            .lines()
            .find(|l| l.contains("first frame with orders drawn"))
        {
            let ms = line
                .split("ms=")
                .nth(1)?
                .split_whitespace()
                .next()?
                .parse()
                .ok()?;
            break ms;
        }
        if start.elapsed() > Duration::from_secs(30) {
            println!("the dashboard drew no frame within 30 s");
            tmux(&["kill-server"]);
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // Let the full load settle, then read the resident set of the dashboard process.
    std::thread::sleep(Duration::from_secs(3));
    let pid = String::from_utf8_lossy(&tmux(&["display", "-p", "-t", "b", "#{pane_pid}"]).stdout)
        .trim()
        .to_owned();
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = |key: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let rss = kb("VmHWM:").max(kb("VmRSS:")) / 1024.0;
    tmux(&["send-keys", "-t", "b", "q"]);
    std::thread::sleep(Duration::from_millis(300));
    tmux(&["kill-server"]);
    Some((first, rss))
}

/// A refresh as the store thread sends it: 50 rows of the list, changed.
fn delta(state: &AppState, seed: usize) -> ym_triage::app::tui::state::Snapshot {
    let n = state.rows.len().max(1);
    let rows = (0..50)
        .map(|k| {
            let mut r = state.rows[(seed * 7919 + k * 104_729) % n].clone();
            r.order.updated_at = Some(Utc::now());
            r
        })
        .collect();
    ym_triage::app::tui::state::Snapshot {
        rows,
        complete: true,
        delta: true,
        now: Utc::now(),
        ..Default::default()
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = build_cache(dir.path());

    // As the dashboard does: the top of the at-risk list first, then every order at
    // risk, then all of them.
    let t = Instant::now();
    let cache = Cache::open_existing(&db).expect("cache");
    let quick = data::Loader::new()
        .first(&cache, Utc::now(), data::FIRST_ROWS)
        .expect("load");
    let mut state = AppState::new(Lang::Ru, "bench".into(), vec![], Utc::now());
    update(&mut state, Action::DataLoaded(Box::new(quick)));
    let keymap = Keymap::defaults();
    let theme = Theme::new(ym_triage::app::tui::theme::ThemeName::Default);
    let ctx = UiContext {
        keymap: &keymap,
        theme: &theme,
    };
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, 120, 40)),
    };
    let counter = Counter::default();
    let mut term =
        Terminal::with_options(CrosstermBackend::new(counter.clone()), options).expect("terminal");
    frame(&state, &mut term, &ctx);
    let in_process_first = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let at_risk_rows = data::load_at_risk(&cache, Utc::now()).expect("load");
    update(&mut state, Action::DataLoaded(Box::new(at_risk_rows)));
    frame(&state, &mut term, &ctx);
    let at_risk_load = t.elapsed().as_secs_f64() * 1000.0;
    let at_risk =
        state.counts.first().copied().unwrap_or(0) + state.counts.get(1).copied().unwrap_or(0);

    let t = Instant::now();
    let snapshot = data::load(&cache, Utc::now()).expect("load");
    let orders = snapshot.rows.len();
    update(&mut state, Action::DataLoaded(Box::new(snapshot)));
    frame(&state, &mut term, &ctx);
    let full_load = t.elapsed().as_secs_f64() * 1000.0;

    let (times, kinds) = time_keys(&mut state, &mut term, &ctx);
    let mut bytes = bytes_per_move(&mut state, &mut term, &ctx, &counter);

    println!("cache: {orders} orders, {at_risk} at risk or undelivered, at 120×40");
    println!(
        "first frame, in process (open + the top {} rows of the at-risk list + draw): {in_process_first:.0} ms",
        data::FIRST_ROWS
    );
    println!("every order at risk + frame, in the background after: {at_risk_load:.0} ms");
    println!("full load of every order + frame, in the background after: {full_load:.0} ms");
    if let Some((first, rss)) = real_binary(&db, dir.path()) {
        println!("first frame, real binary from process start: {first} ms   target ≤ 150 ms");
        println!("resident memory of the dashboard (peak):     {rss:.0} MB   target ≤ 100 MB");
    }
    print_keys(times, kinds);
    println!(
        "bytes for one move down: median {:.0}, max {:.0}   target ≤ 2048",
        percentile(&mut bytes.clone(), 0.5),
        percentile(&mut bytes, 1.0)
    );
}

type Term = Terminal<CrosstermBackend<Counter>>;

/// One frame as the dashboard draws it: inside a synchronized update.
fn frame(state: &AppState, term: &mut Term, ctx: &UiContext<'_>) {
    let _ = queue!(term.backend_mut(), BeginSynchronizedUpdate);
    term.draw(|f| ui::draw(f, state, ctx)).expect("draw");
    let _ = queue!(term.backend_mut(), EndSynchronizedUpdate);
}

/// Key presses: moves, typing a filter and erasing it, section switches.
fn key_script() -> Vec<Action> {
    let mut script = Vec::new();
    for _ in 0..3 {
        script.extend(std::iter::repeat_n(Action::Key(Act::MoveDown), 60));
        script.push(Action::Key(Act::Filter));
        for c in "москва".chars() {
            script.push(Action::Text(KeyEvent::from(KeyCode::Char(c))));
        }
        let backspace = Action::Text(KeyEvent::from(KeyCode::Backspace));
        script.extend(std::iter::repeat_n(backspace, 6));
        script.push(Action::Text(KeyEvent::from(KeyCode::Enter)));
        for _ in 0..4 {
            script.push(Action::Key(Act::NextSection));
        }
    }
    script
}

/// Each key's time to a finished frame: all of them, and by kind of key.
fn time_keys(
    state: &mut AppState,
    term: &mut Term,
    ctx: &UiContext<'_>,
) -> (Vec<f64>, Vec<(&'static str, Vec<f64>)>) {
    let mut times = Vec::new();
    let mut kinds: Vec<(&str, Vec<f64>)> = vec![
        ("move", vec![]),
        ("filter", vec![]),
        ("section", vec![]),
        ("+refresh", vec![]),
    ];
    for (n, action) in key_script().into_iter().enumerate() {
        let mut kind = match action {
            Action::Key(Act::MoveDown) => 0,
            Action::Key(Act::NextSection) => 2,
            _ => 1,
        };
        // Every tenth key comes while a refresh is waiting: the loop applies what is
        // waiting before drawing, so that key's frame includes merging 50 changed rows.
        let refresh = (n % 10 == 9).then(|| delta(state, n));
        let t = Instant::now();
        if let Some(d) = refresh {
            update(state, Action::DataLoaded(Box::new(d)));
            kind = 3;
        }
        update(state, action);
        frame(state, term, ctx);
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        times.push(ms);
        kinds[kind].1.push(ms);
    }
    (times, kinds)
}

/// Bytes for one move down the list, in the At risk section.
fn bytes_per_move(
    state: &mut AppState,
    term: &mut Term,
    ctx: &UiContext<'_>,
    counter: &Counter,
) -> Vec<f64> {
    update(state, Action::GoToSection(0));
    frame(state, term, ctx);
    let mut bytes = Vec::new();
    for _ in 0..20 {
        counter.bytes.store(0, Ordering::Relaxed);
        update(state, Action::Key(Act::MoveDown));
        frame(state, term, ctx);
        bytes.push(counter.bytes.load(Ordering::Relaxed) as f64);
    }

    bytes
}

/// The key times: median and p99 of all keys, then of each kind.
fn print_keys(mut times: Vec<f64>, kinds: Vec<(&str, Vec<f64>)>) {
    let median = percentile(&mut times.clone(), 0.5);
    let p99 = percentile(&mut times, 0.99);
    println!(
        "key → finished frame: median {median:.2} ms, p99 {p99:.2} ms   target median ≤ 3 ms, p99 ≤ 16 ms"
    );
    for (name, mut v) in kinds {
        println!(
            "  {name:<8} median {:.2} ms, p99 {:.2} ms ({} presses)",
            percentile(&mut v.clone(), 0.5),
            percentile(&mut v, 0.99),
            v.len()
        );
    }
}
