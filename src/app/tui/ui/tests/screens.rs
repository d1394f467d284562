//! Snapshots of the screens and overlays of the lead's and the keyboard's tools: the
//! Team screen, the log of notices, the `:` command line, help searched and scrolled
//! at 60×15, the filter line's error, and the tab bar's short words at 120 columns.

use std::collections::BTreeMap;

use chrono::Duration;

use super::fixtures::state;
use super::render;
use crate::app::tui::action::{Act, Action};
use crate::app::tui::state::{AppState, DetailTab};
use crate::app::tui::testing::type_text;
use crate::app::tui::update::update;
use crate::base::lang::Lang;
use crate::service::team::{AgentLoad, Team, Unclaimed, Waiting};

fn team(s: &AppState) -> Team {
    Team {
        agents: vec![
            AgentLoad {
                agent: "boris".into(),
                held: BTreeMap::from([("P1", 2), ("P2", 1), ("P3", 0), ("P4", 0)]),
                idle_seconds_max: 3 * 3600 + 5 * 60,
                notes_today: 4,
                writes_today: 1,
            },
            AgentLoad {
                agent: "olga\u{1b}[2J".into(),
                held: BTreeMap::from([("P1", 0), ("P2", 0), ("P3", 3), ("P4", 1)]),
                idle_seconds_max: 600,
                notes_today: 0,
                writes_today: 2,
            },
        ],
        unclaimed: Unclaimed {
            p1: 3,
            p2: 5,
            oldest_p1_seconds: Some(2 * 3600 + 5 * 60),
        },
        waiting: vec![Waiting {
            order_id: 48_291_736_460,
            answer_due: s.now - Duration::hours(1),
            claimed_by: Some("boris".into()),
        }],
    }
}

fn team_state(lang: Lang) -> AppState {
    let mut s = state(lang);
    update(&mut s, Action::Key(Act::Team));
    let t = team(&s);
    update(&mut s, Action::TeamLoaded(Box::new(t)));
    s
}

#[test]
fn team_screen_at_120x40_en() {
    let s = team_state(Lang::En);
    insta::assert_snapshot!("team_120x40_en", render(&s, 120, 40).backend());
}

#[test]
fn team_screen_at_80x24_ru() {
    let s = team_state(Lang::Ru);
    let out = render(&s, 80, 24).backend().to_string();
    assert!(!out.contains('\u{1b}'), "an agent's name is cleaned");
    insta::assert_snapshot!("team_80x24_ru", out);
}

#[test]
fn notices_log_lists_each_notice_with_its_moscow_time_at_80x24_en() {
    let mut s = state(Lang::En);
    s.say("claimed 48291736450");
    s.now += Duration::minutes(3);
    s.warn("boris took over 48291736450 from you");
    update(&mut s, Action::Key(Act::Notices));
    insta::assert_snapshot!("notices_80x24_en", render(&s, 80, 24).backend());
}

#[test]
fn a_notice_is_on_the_footer_before_the_hints_at_80x24_ru() {
    let mut s = state(Lang::Ru);
    s.warn("Маркет отклонил: 48291736450 перенос даты: DELIVERY_DATE_NOT_ALLOWED");
    let out = render(&s, 80, 24).backend().to_string();
    let footer = out.lines().last().unwrap_or_default().to_owned();
    assert!(footer.contains("Маркет отклонил"), "{footer}");
}

#[test]
fn command_line_lists_fuzzy_matches_with_their_keys_at_120x40_en() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::Command));
    type_text(&mut s, "cl");
    insta::assert_snapshot!("command_cl_120x40_en", render(&s, 120, 40).backend());
}

#[test]
fn help_at_60x15_scrolls_and_says_where_it_is() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::Help));
    let first = render(&s, 60, 15).backend().to_string();
    for _ in 0..40 {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    let later = render(&s, 60, 15).backend().to_string();
    assert_ne!(first, later, "help scrolls");
    insta::assert_snapshot!("help_scrolled_60x15_en", later);
}

#[test]
fn help_lists_the_analysis_screens_keys() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::Help));
    update(&mut s, Action::Key(Act::Filter));
    type_text(&mut s, "period");
    let out = render(&s, 120, 40).backend().to_string();
    assert!(out.contains("Analysis"), "{out}");
    assert!(
        out.contains("earlier period") || out.contains("period←"),
        "{out}"
    );
    insta::assert_snapshot!("help_search_period_120x40_en", out);
}

#[test]
fn an_unknown_filter_field_is_an_error_on_the_filter_line_at_80x24_en() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::Filter));
    type_text(&mut s, "foo:bar");
    let out = render(&s, 80, 24).backend().to_string();
    assert!(out.contains("unknown field foo; fields: model"), "{out}");
    insta::assert_snapshot!("filter_unknown_field_80x24_en", out);
}

#[test]
fn the_tab_bar_at_120_columns_shows_words_never_bare_numbers() {
    for lang in [Lang::En, Lang::Ru] {
        for tab in DetailTab::ALL {
            let mut s = state(lang);
            s.detail_tab = tab;
            let out = render(&s, 120, 40).backend().to_string();
            let bar = out.lines().nth(1).unwrap_or_default();
            for n in 1..=7 {
                assert!(!bar.contains(&format!("│ {n} ")), "{tab:?} {lang:?}: {bar}");
            }
        }
    }
    let mut s = state(Lang::En);
    s.detail_tab = DetailTab::Compensation;
    insta::assert_snapshot!("tabs_short_120x40_en", render(&s, 120, 40).backend());
}
