//! The config loader: TOML text in, a `Config` or a `ConfigError` out. The text is
//! either anything at all, or lines built from the config's own sections and keys with
//! values of every type and at the edges of their ranges, so that most cases get past
//! the TOML syntax into the checks. A config that loads is then used as the
//! dashboard and the service use it: its thresholds assess an order, its keymap
//! answers a key.

use proptest::prelude::*;
use ym_triage::app::cli::GlobalArgs;
use ym_triage::app::config::Config;
use ym_triage::domain::order::{History, Order};
use ym_triage::domain::risk::assess;

use super::nasty_string;

const SECTIONS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "db",
            "read_only_users",
            "api_url",
            "api_key_file",
            "log_dir",
            "lang",
            "theme",
        ],
    ),
    (
        "[sync]",
        &[
            "lookback_days",
            "closed_days",
            "overlap_minutes",
            "lease_seconds",
            "interval_seconds",
            "request_timeout_seconds",
            "run_deadline_seconds",
        ],
    ),
    (
        "[risk]",
        &[
            "shipment_cutoff",
            "ship_due_soon_hours",
            "cancel_answer_hours",
            "expiring_hours",
            "date_moves",
            "date_shift_days",
            "stale_days",
            "stale_days_home",
            "home_region",
            "no_track_hours",
            "storage_days",
            "buyer_waiting_hours",
            "lost_claim_months",
            "lost_claim_urgent_days",
        ],
    ),
    ("[incident]", &["claim_idle_minutes"]),
    ("[incident.date_budget]", &["max_moves", "max_step_days"]),
    (
        "[[incident.compensation]]",
        &["id", "name_ru", "name_en", "amount", "per_agent_limit"],
    ),
    (
        "[[incident.carriers]]",
        &["id", "name", "phone", "email", "note"],
    ),
    (
        "[keymap.normal]",
        &["move_down", "quit", "claim", "act", "no_such_action"],
    ),
    ("[keymap.filter]", &["filter_accept", "filter_cancel"]),
    ("[keymap.nomode]", &["quit"]),
    ("[[views]]", &["name", "filter", "sort"]),
];

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        prop::sample::select(vec![0i64, -1, 1, 24, 100_000, i64::MAX, i64::MIN])
            .prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|f| format!("{f:?}")),
        any::<bool>().prop_map(|b| b.to_string()),
        nasty_string().prop_map(|s| toml_string(&s)),
        prop::sample::select(vec![
            "\"ru\"",
            "\"en\"",
            "\"mono\"",
            "\"14:00\"",
            "\"24:00\"",
            "\"due\"",
            "\"model:dbs rule:stale\"",
            "\"sev:p9\"",
            "\"http://127.0.0.1:1\"",
            "\"ftp://x\"",
            "\"\"",
            "\"Ctrl-x\"",
            "\"F13\"",
            "\"Alt-Shift-Tab\"",
        ])
        .prop_map(str::to_owned),
        prop::collection::vec(nasty_string(), 0..3).prop_map(|v| format!(
            "[{}]",
            v.iter()
                .map(|s| toml_string(s))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Just("[\"j\", \"j\"]".to_owned()),
        Just("{}".to_owned()),
    ]
}

/// `s` as a TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The keys that take a list of strings: the read-only users and the keymap's actions.
const LIST_KEYS: &[&str] = &[
    "read_only_users",
    "move_down",
    "quit",
    "claim",
    "act",
    "no_such_action",
    "filter_accept",
    "filter_cancel",
];

/// A value of the type the key takes (by its name), at the edges of its range, or
/// now and then of any type.
fn typed_value(key: &'static str) -> BoxedStrategy<String> {
    let numeric = key.ends_with("days")
        || key.ends_with("hours")
        || key.ends_with("minutes")
        || key.ends_with("seconds")
        || key.ends_with("months")
        || key.ends_with("moves")
        || key.starts_with("max_")
        || matches!(key, "amount" | "per_agent_limit" | "id" | "date_moves");
    let list = LIST_KEYS.contains(&key);
    let typed = if numeric {
        prop::sample::select(vec![
            0i64,
            1,
            2,
            3,
            7,
            24,
            48,
            90,
            1000,
            -1,
            -86_400,
            i64::MAX,
            i64::MIN,
            1 << 40,
        ])
        .prop_map(|n| n.to_string())
        .boxed()
    } else if list {
        prop::collection::vec(prop_oneof![key_names(), nasty_string()], 0..3)
            .prop_map(|v| {
                format!(
                    "[{}]",
                    v.iter()
                        .map(|s| toml_string(s))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .boxed()
    } else {
        prop_oneof![
            3 => prop::sample::select(vec![
                "ru", "en", "mono", "light", "14:00", "00:00", "23:59", "24:00", "due", "urgency",
                "model:dbs rule:stale", "sev:p9", "city:казань", "http://127.0.0.1:1",
                "https://api.partner.market.yandex.ru", "ftp://x", "", "СДЭК", "Москва",
            ])
            .prop_map(toml_string),
            1 => nasty_string().prop_map(|s| toml_string(&s)),
        ]
        .boxed()
    };
    prop_oneof![9 => typed, 1 => value()].boxed()
}

fn key_names() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "j", "Down", "Ctrl-n", "F5", "Alt-x", "q", "G", "Ctrl-", "Space",
    ])
    .prop_map(str::to_owned)
}

/// A config file made of the config's own sections and keys, each section once.
fn structured() -> impl Strategy<Value = String> {
    let section = (
        0..SECTIONS.len(),
        prop::collection::vec(any::<prop::sample::Index>(), 0..4),
    )
        .prop_flat_map(|(s, picks)| {
            let (header, keys) = SECTIONS[s];
            let lines: Vec<BoxedStrategy<String>> = picks
                .iter()
                .map(|i| {
                    let key = keys[i.index(keys.len())];
                    typed_value(key)
                        .prop_map(move |v| format!("{key} = {v}\n"))
                        .boxed()
                })
                .collect();
            lines.prop_map(move |l| {
                if header.is_empty() {
                    l.concat()
                } else {
                    format!("{header}\n{}", l.concat())
                }
            })
        });
    prop::collection::vec(section, 0..4).prop_map(|sections| {
        // Top-level keys must come before any table: the bare ones first.
        let (top, tables): (Vec<_>, Vec<_>) =
            sections.into_iter().partition(|s| !s.starts_with('['));
        top.into_iter().chain(tables).collect::<Vec<_>>().concat()
    })
}

fn load(text: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let args = GlobalArgs {
        config: Some(path),
        db: Some(dir.path().join("cache.db")),
        ..GlobalArgs::default()
    };
    if let Ok(cfg) = Config::load(&args) {
        let now = chrono::Utc::now();
        let _ = assess(&sample_order(), &History::default(), now, &cfg.risk);
        let key = ratatui::crossterm::event::KeyEvent::from(
            ratatui::crossterm::event::KeyCode::Char('j'),
        );
        let _ = cfg
            .keymap
            .action(ym_triage::app::tui::state::KeyMode::Normal, &key);
    }
}

/// A DBS order in delivery, from the client's fixture page.
fn sample_order() -> Order {
    let page: ym_triage::market::wire::OrdersPage =
        serde_json::from_str(include_str!("../../fixtures/business_orders_page.json"))
            .expect("the fixture page");
    Order::from_wire(
        &page.orders[0],
        7,
        ym_triage::market::enums::ProgramType::DBS,
    )
}

proptest! {
    #[test]
    fn any_text_as_the_config_loads_or_is_refused(text in nasty_string()) {
        load(&text);
    }

    #[test]
    fn a_config_of_its_own_keys_with_any_values_loads_or_is_refused(text in structured()) {
        load(&text);
    }
}
