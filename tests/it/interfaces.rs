//! The stable interfaces scripts read — `status --json`, `show ORDER --json` and each
//! format of `report` — as snapshots of the real binary's output on a cache built by
//! hand. A change to a field's name, type or place fails here and has to be accepted
//! (and said in the README). Values that depend on when the test runs — the moment of
//! the answer, ages, seconds to a deadline, the cache's path — are redacted; everything
//! else is fixed by the cache's own instants.

use chrono::{Duration, Utc};
use insta::{assert_json_snapshot, assert_snapshot};
use serde_json::Value;
use ym_triage::domain::risk::Thresholds;
use ym_triage::market::enums::{OrderStatus, ProgramType};
use ym_triage::service::assess::reassess;

use crate::common::handmade::{Env, order, t};

/// The hand-made cache plus a DBS order still on its way after its delivery day, its
/// risk assessed and its incident opened as the syncing process would have at 09:00
/// UTC on 7 November, and held by anna now.
fn assessed() -> Env {
    let env = Env::new();
    let mut cache = ym_triage::cache::Cache::open(&env.db()).unwrap();
    let mut late = order(
        4,
        "СДЭК",
        OrderStatus::DELIVERY,
        Some("2026-11-04T09:00:00Z"),
    );
    late.model = ProgramType::DBS;
    late.city = Some("Казань".into());
    cache
        .upsert_orders(&[late], t("2026-11-04T09:05:00Z"))
        .unwrap();
    reassess(
        &mut cache,
        &[1, 2, 3, 4],
        t("2026-11-07T09:00:00Z"),
        &Thresholds::default(),
    )
    .unwrap();
    cache
        .claim(4, "anna", false, Duration::minutes(30), Utc::now())
        .unwrap();
    env
}

fn run(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// Replaces the value at `path` (object keys; `[]` for every element of an array) with
/// `mark`, where it exists: the moments that depend on when the test runs.
fn redact(value: &mut Value, path: &[&str], mark: &str) {
    match path.split_first() {
        None => *value = Value::String(mark.to_owned()),
        Some((&"[]", rest)) => {
            if let Some(items) = value.as_array_mut() {
                items.iter_mut().for_each(|item| redact(item, rest, mark));
            }
        }
        Some((key, rest)) => {
            if let Some(inner) = value.get_mut(*key) {
                redact(inner, rest, mark);
            }
        }
    }
}

fn json(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&run(env, args)).expect("one JSON document")
}

#[test]
fn status_json_keeps_its_shape() {
    let env = assessed();
    let v = json(&env, &["status", "--json"]);
    let mut v = v;
    redact(&mut v, &["generated_at"], "[now]");
    redact(&mut v, &["cache"], "[cache path]");
    redact(
        &mut v,
        &["orders", "[]", "due_in_seconds"],
        "[seconds to the deadline]",
    );
    redact(&mut v, &["by_agent", "[]", "idle_seconds_max"], "[seconds]");
    redact(&mut v, &["unclaimed", "oldest_p1_seconds"], "[seconds]");
    assert_json_snapshot!("status_json", v);
}

#[test]
fn show_json_keeps_its_shape() {
    let env = assessed();
    let v = json(&env, &["show", "4", "--json"]);
    assert_json_snapshot!("show_json", v);
}

/// How late the hand-made orders still on their way are as the report counts them when
/// the test runs: the days from their delivery day (6 November) to today in Moscow.
fn days_late_now() -> i64 {
    let today = (Utc::now() + Duration::hours(3)).date_naive();
    (today - chrono::NaiveDate::from_ymd_opt(2026, 11, 6).unwrap()).num_days()
}

/// What stands for `days_late_now` in the snapshots.
const DAYS_LATE: &str = "[days since 6 November]";

/// Each carrier's median days late in a table or Markdown report — the number ending
/// the carrier's line, `days_late_now` for both hand-made carriers — replaced by
/// `DAYS_LATE`, with the padding before it (which depends on the number's width).
fn redact_days_late(text: &str) -> String {
    let days = days_late_now().to_string();
    let mut redacted = 0;
    let out = text
        .lines()
        .map(|l| {
            let cell = l.strip_suffix(" |").unwrap_or(l);
            let end = &l[cell.len()..];
            let carrier = l.contains("СДЭК") || l.contains("Почта России");
            match cell.strip_suffix(days.as_str()) {
                Some(head) if carrier && head.ends_with(' ') => {
                    redacted += 1;
                    format!("{} {DAYS_LATE}{end}", head.trim_end())
                }
                _ => l.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(redacted, 2, "both carriers {days} days late:\n{text}");
    out
}

#[test]
fn report_json_keeps_its_shape() {
    let env = Env::new();
    // The days late are counted by the test as by the binary: on the same Moscow day.
    crate::common::clear_of_moscow_midnight();
    let mut v: Value = serde_json::from_str(&env.report(&["--format", "json"])).unwrap();
    redact(&mut v, &["generated_at"], "[now]");
    for carrier in v["carriers"].as_array_mut().unwrap() {
        assert_eq!(carrier["median_days_late"], days_late_now(), "{carrier}");
    }
    redact(&mut v, &["carriers", "[]", "median_days_late"], DAYS_LATE);
    assert_json_snapshot!("report_json", v);
}

#[test]
fn report_csv_keeps_its_columns_and_quoting() {
    let env = Env::new();
    // Line ends and the byte-order mark are part of the interface: kept visible.
    let csv = env
        .report(&["--format", "csv"])
        .replace('\u{feff}', "[BOM]")
        .replace("\r\n", "[CRLF]\n");
    assert_snapshot!("report_csv", csv);
}

#[test]
fn report_markdown_keeps_its_tables() {
    let env = Env::new();
    crate::common::clear_of_moscow_midnight();
    assert_snapshot!(
        "report_md_en",
        redact_days_late(&redact_generated(
            &env.report(&["--format", "md", "--lang", "en"])
        ))
    );
}

#[test]
fn report_table_keeps_its_layout() {
    let env = Env::new();
    crate::common::clear_of_moscow_midnight();
    assert_snapshot!(
        "report_table_ru",
        redact_days_late(&redact_generated(&env.report(&["--format", "table"])))
    );
}

/// The text formats end one line with the moment they were computed; it is masked.
fn redact_generated(text: &str) -> String {
    text.lines()
        .map(|l| {
            match ["computed at ", "расчёт на "]
                .iter()
                .find_map(|m| l.find(m).map(|at| at + m.len()))
            {
                Some(end) => format!("{}[now]", &l[..end]),
                None => l.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
