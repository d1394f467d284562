//! `ym-triage report` as a user runs it: the real binary on a cache file built by hand
//! through the cache's API, in each format, and with bad input.

use chrono::Utc;
use serde_json::Value;

use crate::common::handmade::{Env, POST};

#[test]
fn json_has_the_documented_top_level_shape_and_the_periods() {
    let env = Env::new();
    let v: Value = serde_json::from_str(&env.report(&["--format", "json"])).unwrap();
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "schema",
        "generated_at",
        "period",
        "previous_period",
        "by",
        "headline",
        "incidents",
        "causes",
        "owners",
        "breakdown",
        "rates",
        "flow",
        "cost",
        "carriers",
    ];
    expected.sort();
    let mut keys = keys;
    keys.sort();
    assert_eq!(keys, expected);
    assert_eq!(v["schema"], 1);
    assert_eq!(v["by"], "cause");
    assert_eq!(v["period"]["since"], "2026-11-02");
    assert_eq!(v["period"]["days"], 7);
    assert_eq!(v["period"]["from"], "2026-11-02T00:00:00+03:00");
    assert_eq!(v["previous_period"]["until"], "2026-11-01");
    assert_eq!(v["incidents"]["opened"], 1);
    assert_eq!(v["causes"][0]["cause"], "missed_handover");
    let late = &v["rates"]["late_shipment"]["total"];
    assert_eq!(
        (late["numerator"].as_u64(), late["denominator"].as_u64()),
        (Some(2), Some(3))
    );
    assert_eq!(v["flow"]["resolve"]["median_seconds"], 86_400);
    assert_eq!(v["headline"][0]["id"], "incidents_opened");
}

#[test]
fn without_dates_the_report_covers_the_last_seven_moscow_days() {
    let env = Env::new();
    let out = env
        .cmd()
        .args(["report", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["period"]["days"], 7);
    let today = Utc::now()
        .with_timezone(&chrono::FixedOffset::east_opt(3 * 3600).unwrap())
        .date_naive();
    let until = v["period"]["until"].as_str().unwrap();
    // The run may straddle Moscow midnight.
    assert!(
        until == today.to_string() || until == today.pred_opt().unwrap().to_string(),
        "{until} vs {today}"
    );
}

#[test]
fn the_csv_opens_in_a_spreadsheet_with_cyrillic_and_quoted_names_intact() {
    let env = Env::new();
    let csv = env.report(&["--format", "csv", "--by", "carrier"]);
    let body = csv.strip_prefix('\u{FEFF}').expect("UTF-8 byte-order mark");
    assert!(body.ends_with("\r\n"), "CRLF line ends");
    let lines: Vec<&str> = body.trim_end_matches("\r\n").split("\r\n").collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    assert_eq!(&header[..5], ["since", "until", "by", "key", "label"]);
    assert_eq!(lines.len(), 3, "a header and two carriers: {lines:?}");
    // The name is quoted, its quotes doubled, the comma inside kept.
    let quoted = "\"Почта России, \"\"Экспресс\"\"\"";
    let post = lines
        .iter()
        .find(|l| l.contains(quoted))
        .expect("the quoted name");
    assert!(post.starts_with(&format!("2026-11-02,2026-11-08,carrier,{quoted},{quoted},")));
    let cdek: Vec<&str> = lines
        .iter()
        .find(|l| l.contains(",СДЭК,"))
        .unwrap()
        .split(',')
        .collect();
    assert_eq!(cdek.len(), header.len(), "every row as long as the header");
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    assert_eq!(cdek[col("opened")], "1");
    assert_eq!(cdek[col("late_shipment_late")], "2");
    assert_eq!(cdek[col("late_shipment_orders")], "2");
    assert_eq!(cdek[col("late_shipment_share")], "1.0000");
}

#[test]
fn the_table_and_markdown_follow_the_language() {
    let env = Env::new();
    let ru = env.report(&[]);
    assert!(
        ru.contains("Разбор инцидентов: 2026-11-02 — 2026-11-08"),
        "{ru}"
    );
    assert!(ru.contains("Опоздали с передачей"), "{ru}");
    let en = env.report(&["--lang", "en", "--by", "carrier"]);
    assert!(
        en.contains("Incident analysis: 2026-11-02 — 2026-11-08"),
        "{en}"
    );
    assert!(en.contains("By carrier"), "{en}");
    let md = env.report(&["--lang", "en", "--format", "md"]);
    assert!(md.starts_with("# Incident analysis"), "{md}");
    assert!(md.contains(POST), "{md}");
}

fn usage_error(env: &Env, args: &[&str]) -> String {
    let out = env.cmd().arg("report").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "bad usage exits 2");
    assert!(out.stdout.is_empty(), "nothing on stdout");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn since_after_until_is_bad_usage_naming_both_days() {
    let env = Env::new();
    let err = usage_error(
        &env,
        &[
            "--lang",
            "en",
            "--since",
            "2026-11-09",
            "--until",
            "2026-11-02",
        ],
    );
    assert!(
        err.contains("--since 2026-11-09 is after --until 2026-11-02"),
        "{err}"
    );
    let err = usage_error(&env, &["--since", "2026-11-09", "--until", "2026-11-02"]);
    assert!(err.contains("позже"), "{err}");
}

#[test]
fn a_date_in_another_format_is_bad_usage_showing_the_format() {
    let env = Env::new();
    let err = usage_error(&env, &["--since", "2026/11/02"]);
    assert!(
        err.contains("--since") && err.contains("YYYY-MM-DD") && err.contains("DD.MM.YYYY"),
        "{err}"
    );
    let err = usage_error(&env, &["--by", "warehouse"]);
    assert!(err.contains("cause") && err.contains("carrier"), "{err}");
}

#[test]
fn without_a_cache_the_report_says_to_sync_first() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("YM_TRIAGE_DB", env.dir.path().join("none.db"))
        .arg("report")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("sync"), "{err}");
}
