//! Report figures on a 100,000-order cache with 10,000 incidents: `ym-triage report
//! --format json` from process start to exit (the issue's ≤ 500 ms), and in process the
//! time to read the rows, to compute the measures and to render each format.
//!
//! `cargo bench --bench report`. The cache is built first: ~100,000 orders synced from
//! the simulated Market, then 10,000 incidents over the last 14 days through the
//! cache's own API (claims, messages, compensation, closes). `REPORT_BENCH_DB=path`
//! reuses a cache built before (kept when `REPORT_BENCH_KEEP=path` is set);
//! `REPORT_BENCH_RUNS` sets the runs. Prints medians; a shared 2-core machine is noisy.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use common::{env_usize, median, sync_orders};
use ym_triage::base::lang::Lang;
use ym_triage::cache::Cache;
use ym_triage::domain::incident::compensation::Given;
use ym_triage::domain::incident::steps::RootCause;
use ym_triage::domain::write::{OutboxWrite, WriteKind};
use ym_triage::service::report::{self, Dimension, Format, Period};

const INCIDENTS: usize = 10_000;

/// A small deterministic generator, so every build of the cache is the same.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// 10,000 incidents over the 14 days before `now`, each worked as agents do: most
/// claimed, many messaged, some compensated, most closed with a root cause.
fn add_incidents(db: &Path, now: DateTime<Utc>) {
    let mut cache = Cache::open(db).expect("cache");
    let ids: Vec<(i64, i64, i64)> = cache
        .load_orders()
        .expect("orders")
        .into_iter()
        .map(|(o, _)| (o.order_id, o.campaign_id, o.business_id))
        .collect();
    let mut rng = Lcg(42);
    let step = (ids.len() / INCIDENTS).max(1);
    let chosen: Vec<(i64, i64, i64)> = ids.iter().step_by(step).take(INCIDENTS).copied().collect();
    let span = 14 * 86_400;
    let agents = ["anna", "boris", "vera", "gleb", "dina", "egor"];
    for (k, &(order, campaign, business)) in chosen.iter().enumerate() {
        let opened = now - chrono::Duration::seconds(rng.below(span) as i64);
        cache
            .open_incidents(&[(order, "shipment_overdue")], opened)
            .expect("open");
        let agent = agents[k % agents.len()];
        let mut at = opened;
        if rng.below(10) < 9 {
            at += chrono::Duration::minutes(1 + rng.below(120) as i64);
            cache
                .claim(order, agent, false, chrono::Duration::minutes(30), at)
                .expect("claim");
        }
        let Some(inc) = cache.incident(order).expect("incident") else {
            continue;
        };
        if rng.below(10) < 6 {
            at += chrono::Duration::minutes(5 + rng.below(60) as i64);
            let w = OutboxWrite {
                key: format!("{agent}:{order}:chat:{k}"),
                kind: WriteKind::ChatMessage {
                    text: "Здравствуйте! Мы проверяем ваш заказ.".into(),
                },
                order_id: Some(order),
                campaign_id: campaign,
                business_id: business,
                incident_id: Some(inc.id),
                created_by: agent.into(),
            };
            cache.enqueue_audited(&w, at).expect("chat");
        }
        let mut version = inc.version;
        if rng.below(10) < 2 {
            at += chrono::Duration::minutes(30);
            let given = vec![Given {
                kind: "discount_next".into(),
                amount: ym_triage::base::money::Money::from_rubles(300),
                at,
                by: agent.into(),
                confirmed_by: None,
            }];
            let done = cache
                .update_incident(inc.id, version, agent, "compensation", at, |i| {
                    i.compensation = given;
                })
                .expect("compensation")
                .expect("no conflict");
            version = done.version;
        }
        let closed = opened + chrono::Duration::minutes(60 + rng.below(72 * 60) as i64);
        if rng.below(10) < 8 && closed < now {
            let cause = RootCause::ALL[rng.below(RootCause::ALL.len() as u64) as usize];
            cache
                .update_incident(inc.id, version, agent, "close", closed, |i| {
                    i.closed_at = Some(closed);
                    i.closed_by = Some(agent.into());
                    i.root_cause = Some(cause);
                    i.fault_owner = Some(cause.owner());
                    i.detected_before_buyer = Some(k % 3 != 0);
                })
                .expect("close")
                .expect("no conflict");
        }
    }
}

fn build_cache(dir: &Path, now: DateTime<Utc>) -> PathBuf {
    if let Ok(p) = std::env::var("REPORT_BENCH_DB") {
        return PathBuf::from(p);
    }
    let db =
        std::env::var("REPORT_BENCH_KEEP").map_or_else(|_| dir.join("cache.db"), PathBuf::from);
    let t = Instant::now();
    sync_orders(&db);
    eprintln!("orders synced in {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    add_incidents(&db, now);
    eprintln!("incidents added in {:.1} s", t.elapsed().as_secs_f64());
    db
}

fn main() {
    let runs = env_usize("REPORT_BENCH_RUNS", 7);
    let now = Utc::now();
    let dir = tempfile::tempdir().expect("tempdir");
    let db = build_cache(dir.path(), now);
    let cache = Cache::open_existing(&db).expect("cache");
    let orders = cache.order_count().expect("count");
    let period = Period::last_days(7, now);

    let bin = env!("CARGO_BIN_EXE_ym-triage");
    let mut process = Vec::new();
    let mut peaks = Vec::new();
    let mut report_cmd = Command::new(bin);
    report_cmd
        .args(["report", "--format", "json", "--db"])
        .arg(&db)
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path());
    let bytes = report_cmd.output().expect("report").stdout.len();
    for _ in 0..runs {
        let (ms, peak_mb) = common::timed(&report_cmd);
        process.push(ms);
        peaks.push(peak_mb);
        std::thread::sleep(Duration::from_millis(50));
    }

    let (mut load, mut compute, mut json, mut table) = (vec![], vec![], vec![], vec![]);
    let mut sizes = (0, 0, 0, 0);
    for _ in 0..runs {
        let t = Instant::now();
        let data = report::load(&cache, &period).expect("load");
        load.push(t.elapsed().as_secs_f64() * 1000.0);
        sizes = (
            data.incidents.len(),
            data.orders.len(),
            data.trail.len(),
            data.date_changes.len(),
        );
        let t = Instant::now();
        let r = report::compute(&data, &period, Dimension::Carrier, now);
        compute.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let _ = report::render(&r, Format::Json, Lang::En);
        json.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        let _ = report::render(&r, Format::Table, Lang::Ru);
        table.push(t.elapsed().as_secs_f64() * 1000.0);
    }

    println!(
        "cache: {orders} orders; rows read for {} … {} and the week before: {} incidents, {} orders, {} trail entries, {} date changes",
        period.since(),
        period.until(),
        sizes.0,
        sizes.1,
        sizes.2,
        sizes.3
    );
    println!(
        "`report --format json`, process start to exit (median of {runs}): {:.0} ms ({bytes} bytes)   target ≤ 500 ms",
        median(process)
    );
    println!(
        "`report --format json`, peak resident memory (median): {:.0} MB   target ≤ 100 MB",
        median(peaks)
    );
    println!(
        "  in process: read rows {:.0} ms, compute {:.1} ms, JSON {:.1} ms, table {:.1} ms",
        median(load),
        median(compute),
        median(json),
        median(table)
    );
    analysis_screen(&cache, period, now, runs);
}

/// The dashboard's Analysis screen: `A` to a drawn 120×40 frame. The dashboard computes
/// the report off its event loop (the time above, `read rows` + `compute`) and keeps it;
/// opening the screen then only draws. Until the first report is in, the first frame
/// says it is computing.
fn analysis_screen(cache: &Cache, period: Period, now: DateTime<Utc>, runs: usize) {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ym_triage::app::tui::action::Action;
    use ym_triage::app::tui::keymap::Keymap;
    use ym_triage::app::tui::state::AppState;
    use ym_triage::app::tui::theme::Theme;
    use ym_triage::app::tui::theme::ThemeName;
    use ym_triage::app::tui::ui::{UiContext, draw};
    use ym_triage::app::tui::update::update;

    let built = report::build(cache, &period, Dimension::Cause, now).expect("report");
    let keymap = Keymap::defaults();
    let theme = Theme::new(ThemeName::Default);
    let ctx = UiContext {
        keymap: &keymap,
        theme: &theme,
    };
    let frame = |with_report: bool| {
        let mut state = AppState::new(Lang::Ru, "bench".into(), vec![], now);
        if with_report {
            update(&mut state, Action::ReportLoaded(Box::new(built.clone())));
            assert!(
                state.analysis.report.is_some(),
                "the bench report fits the screen"
            );
        }
        let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        let t = Instant::now();
        update(
            &mut state,
            Action::Key(ym_triage::app::tui::action::Act::Analysis),
        );
        term.draw(|f| draw(f, &state, &ctx)).expect("frame");
        t.elapsed().as_secs_f64() * 1000.0
    };
    let ready: Vec<f64> = (0..runs.max(20)).map(|_| frame(true)).collect();
    let waiting: Vec<f64> = (0..runs.max(20)).map(|_| frame(false)).collect();
    println!(
        "Analysis screen, `A` to a drawn 120×40 frame (median of {}): {:.2} ms with the report in, {:.2} ms while it computes   target ≤ 100 ms",
        ready.len(),
        median(ready),
        median(waiting)
    );
}
