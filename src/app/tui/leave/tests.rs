//! Esc goes back and never out; `q` and Ctrl-C quit, asking first when a draft is
//! unsent or typed text would be lost.

use chrono::{DateTime, Utc};

use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::action::Action;
use crate::app::tui::dialog::Input;
use crate::app::tui::keymap::Keymap;
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::state::{Draft, Snapshot};
use crate::app::tui::update::update;
use crate::domain::incident::lint::Audience;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn now() -> DateTime<Utc> {
    "2026-11-26T11:00:00Z".parse().unwrap()
}

fn state(lang: Lang) -> AppState {
    let mut s = AppState::new(lang, "anna".into(), vec![], now());
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            complete: true,
            now: now(),
            ..Snapshot::default()
        })),
    );
    s
}

fn draft(s: &mut AppState, order_id: i64, text: &str) {
    s.drafts.insert(
        order_id,
        Draft::new(order_id, None, Audience::Buyer, text.into()),
    );
}

fn question(s: &AppState) -> &str {
    match s.mode.pending() {
        Some(Pending::Quit(q)) => &q.text,
        other => panic!("no quit question: {other:?}"),
    }
}

#[test]
fn esc_on_the_bare_list_leaves_the_dashboard_running_and_says_how_to_quit() {
    let mut s = state(Lang::En);
    for _ in 0..3 {
        update(&mut s, Action::Key(Act::Back));
    }
    assert!(!s.quit);
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(s.last_notice().as_deref().unwrap().contains("q quits"));
}

#[test]
fn esc_closes_the_full_screen_detail_before_anything_else() {
    let mut s = state(Lang::En);
    s.detail_open = true;
    update(&mut s, Action::Key(Act::Back));
    assert!(!s.detail_open);
    assert!(!s.quit);
}

#[test]
fn esc_from_the_orders_of_an_analysis_bar_goes_back_to_the_analysis_screen() {
    let mut s = state(Lang::En);
    update(&mut s, Action::GoToSection(1));
    update(&mut s, Action::Key(Act::Analysis));
    update(
        &mut s,
        Action::ShowOrders {
            name: "lost".into(),
            ids: vec![1, 2],
        },
    );
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(matches!(s.sections[s.section], Section::Orders { .. }));
    update(&mut s, Action::Key(Act::Back));
    assert!(!s.quit);
    assert_eq!(
        s.mode.keys(),
        KeyMode::Analysis,
        "back on the Analysis screen"
    );
    assert!(
        !s.sections
            .iter()
            .any(|x| matches!(x, Section::Orders { .. })),
        "the bar's orders are gone from the sections"
    );
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert_eq!(s.section, 1, "the section the agent came from");
    assert!(!s.quit);
}

#[test]
fn q_quits_at_once_when_nothing_is_unsent() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::Quit));
    assert!(s.quit);
}

#[test]
fn q_with_unsent_drafts_asks_and_no_keeps_the_dashboard() {
    let mut s = state(Lang::En);
    draft(&mut s, 1, "Hello");
    draft(&mut s, 2, "Good day");
    update(&mut s, Action::Key(Act::Quit));
    assert!(!s.quit);
    assert_eq!(s.mode.keys(), KeyMode::Confirm);
    assert_eq!(question(&s), "2 unsent drafts (kept): quit? y/n");
    update(&mut s, Action::Key(Act::Back));
    assert!(!s.quit);
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(s.mode.pending().is_none());
    assert_eq!(s.drafts.len(), 2, "drafts are kept");
    update(&mut s, Action::Key(Act::Quit));
    update(&mut s, Action::Key(Act::Confirm));
    assert!(s.quit);
    assert_eq!(s.drafts.len(), 2, "drafts are kept when quitting too");
}

#[test]
fn a_second_ctrl_c_in_the_quit_question_quits() {
    let mut s = state(Lang::En);
    draft(&mut s, 1, "Hello");
    update(&mut s, Action::Key(Act::Quit));
    assert!(!s.quit);
    update(&mut s, Action::Key(Act::Quit));
    assert!(s.quit);
}

#[test]
fn the_question_counts_drafts_in_russian_plurals() {
    for (n, want) in [
        (1, "1 неотправленный черновик (сохранён): выйти? y/n"),
        (3, "3 неотправленных черновика (сохранены): выйти? y/n"),
        (5, "5 неотправленных черновиков (сохранены): выйти? y/n"),
    ] {
        let mut s = state(Lang::Ru);
        for id in 0..n {
            draft(&mut s, id, "Добрый день");
        }
        update(&mut s, Action::Key(Act::Quit));
        assert_eq!(question(&s), want);
    }
}

#[test]
fn quitting_with_a_note_typed_says_it_would_be_lost_and_no_returns_to_the_note() {
    let mut s = state(Lang::En);
    s.mode = Mode::Input(Input {
        prompt: "Note".into(),
        text: "called the carrier".into(),
        purpose: InputFor::Note {
            order_id: 1,
            version: 1,
        },
        reopened: false,
    });
    update(&mut s, Action::Key(Act::Quit));
    assert_eq!(question(&s), "What you typed will be lost: quit? y/n");
    // Digits typed at the question do not reach the note under it.
    update(&mut s, crate::app::tui::testing::ch('7'));
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Input);
    assert_eq!(s.mode.input().unwrap().text, "called the carrier");
}

#[test]
fn a_draft_being_typed_counts_as_an_unsent_draft_not_as_lost_text() {
    let mut s = state(Lang::En);
    s.mode = Mode::Input(Input {
        prompt: "Draft".into(),
        text: "Dear buyer".into(),
        purpose: InputFor::Draft { order_id: 9 },
        reopened: false,
    });
    update(&mut s, Action::Key(Act::Quit));
    assert_eq!(question(&s), "1 unsent draft (kept): quit? y/n");
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn the_keymap_quits_on_q_and_ctrl_c_and_goes_back_on_esc() {
    let k = Keymap::defaults();
    let ctrl_c = key(KeyCode::Char('c'), KeyModifiers::CONTROL);
    let esc = key(KeyCode::Esc, KeyModifiers::NONE);
    let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
    for mode in [KeyMode::Normal, KeyMode::Analysis] {
        assert_eq!(k.action(mode, &q), Some(Action::Key(Act::Quit)), "{mode:?}");
        assert_eq!(
            k.action(mode, &ctrl_c),
            Some(Action::Key(Act::Quit)),
            "{mode:?}"
        );
        assert_eq!(
            k.action(mode, &esc),
            Some(Action::Key(Act::Back)),
            "{mode:?}"
        );
    }
    // Inside a text, Ctrl-C cancels that text as Esc does; q types.
    for mode in [KeyMode::Input, KeyMode::Filter] {
        assert_eq!(
            k.action(mode, &ctrl_c),
            Some(Action::Key(Act::Back)),
            "{mode:?}"
        );
        assert_eq!(
            k.action(mode, &esc),
            Some(Action::Key(Act::Back)),
            "{mode:?}"
        );
    }
    assert_eq!(
        k.action(KeyMode::Input, &q),
        Some(crate::app::tui::testing::ch('q'))
    );
}

#[test]
fn ctrl_c_in_the_draft_editor_keeps_the_draft() {
    let k = Keymap::defaults();
    let mut s = state(Lang::En);
    s.mode = Mode::Input(Input {
        prompt: "Draft".into(),
        text: "Dear buyer".into(),
        purpose: InputFor::Draft { order_id: 9 },
        reopened: false,
    });
    let a = k
        .action(
            KeyMode::Input,
            &key(KeyCode::Char('c'), KeyModifiers::CONTROL),
        )
        .unwrap();
    update(&mut s, a);
    assert!(!s.quit);
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert_eq!(s.drafts[&9].text, "Dear buyer");
}
