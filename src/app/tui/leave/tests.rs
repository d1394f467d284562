//! Esc goes back and never out; `q` and Ctrl-C quit, asking first when a draft is
//! unsent or typed text would be lost.

use chrono::{DateTime, Utc};

use super::*;
use crate::app::tui::action::Action;
use crate::app::tui::dialog::Input;
use crate::app::tui::keymap::Keymap;
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
    match &s.pending {
        Some(Pending::Quit(q)) => &q.text,
        other => panic!("no quit question: {other:?}"),
    }
}

#[test]
fn esc_on_the_bare_list_leaves_the_dashboard_running_and_says_how_to_quit() {
    let mut s = state(Lang::En);
    for _ in 0..3 {
        update(&mut s, Action::Back);
    }
    assert!(!s.quit);
    assert_eq!(s.mode, Mode::Normal);
    assert!(s.footer.notice.as_deref().unwrap().contains("q quits"));
}

#[test]
fn esc_closes_the_full_screen_detail_before_anything_else() {
    let mut s = state(Lang::En);
    s.detail_open = true;
    update(&mut s, Action::Back);
    assert!(!s.detail_open);
    assert!(!s.quit);
}

#[test]
fn esc_from_the_orders_of_an_analysis_bar_goes_back_to_the_analysis_screen() {
    let mut s = state(Lang::En);
    update(&mut s, Action::GoToSection(1));
    update(&mut s, Action::Analysis);
    update(
        &mut s,
        Action::ShowOrders {
            name: "lost".into(),
            ids: vec![1, 2],
        },
    );
    assert_eq!(s.mode, Mode::Normal);
    assert!(matches!(s.sections[s.section], Section::Orders { .. }));
    update(&mut s, Action::Back);
    assert!(!s.quit);
    assert_eq!(s.mode, Mode::Analysis, "back on the Analysis screen");
    assert!(
        !s.sections
            .iter()
            .any(|x| matches!(x, Section::Orders { .. })),
        "the bar's orders are gone from the sections"
    );
    update(&mut s, Action::Back);
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.section, 1, "the section the agent came from");
    assert!(!s.quit);
}

#[test]
fn q_quits_at_once_when_nothing_is_unsent() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Quit);
    assert!(s.quit);
}

#[test]
fn q_with_unsent_drafts_asks_and_no_keeps_the_dashboard() {
    let mut s = state(Lang::En);
    draft(&mut s, 1, "Hello");
    draft(&mut s, 2, "Good day");
    update(&mut s, Action::Quit);
    assert!(!s.quit);
    assert_eq!(s.mode, Mode::Confirm);
    assert_eq!(question(&s), "2 unsent drafts (kept): quit? y/n");
    update(&mut s, Action::Back);
    assert!(!s.quit);
    assert_eq!(s.mode, Mode::Normal);
    assert!(s.pending.is_none());
    assert_eq!(s.drafts.len(), 2, "drafts are kept");
    update(&mut s, Action::Quit);
    update(&mut s, Action::Confirm);
    assert!(s.quit);
    assert_eq!(s.drafts.len(), 2, "drafts are kept when quitting too");
}

#[test]
fn a_second_ctrl_c_in_the_quit_question_quits() {
    let mut s = state(Lang::En);
    draft(&mut s, 1, "Hello");
    update(&mut s, Action::Quit);
    assert!(!s.quit);
    update(&mut s, Action::Quit);
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
        update(&mut s, Action::Quit);
        assert_eq!(question(&s), want);
    }
}

#[test]
fn quitting_with_a_note_typed_says_it_would_be_lost_and_no_returns_to_the_note() {
    let mut s = state(Lang::En);
    s.input = Some(Input {
        prompt: "Note".into(),
        text: "called the carrier".into(),
        purpose: InputFor::Note {
            order_id: 1,
            version: 1,
        },
        reopened: false,
    });
    s.mode = Mode::Input;
    update(&mut s, Action::Quit);
    assert_eq!(question(&s), "What you typed will be lost: quit? y/n");
    // Digits typed at the question do not reach the note under it.
    update(&mut s, Action::InputChar('7'));
    update(&mut s, Action::Back);
    assert_eq!(s.mode, Mode::Input);
    assert_eq!(s.input.as_ref().unwrap().text, "called the carrier");
}

#[test]
fn a_draft_being_typed_counts_as_an_unsent_draft_not_as_lost_text() {
    let mut s = state(Lang::En);
    s.input = Some(Input {
        prompt: "Draft".into(),
        text: "Dear buyer".into(),
        purpose: InputFor::Draft { order_id: 9 },
        reopened: false,
    });
    s.mode = Mode::Input;
    update(&mut s, Action::Quit);
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
    for mode in [Mode::Normal, Mode::Analysis] {
        assert_eq!(k.action(mode, &q), Some(Action::Quit), "{mode:?}");
        assert_eq!(k.action(mode, &ctrl_c), Some(Action::Quit), "{mode:?}");
        assert_eq!(k.action(mode, &esc), Some(Action::Back), "{mode:?}");
    }
    // Inside a text, Ctrl-C cancels that text as Esc does; q types.
    for mode in [Mode::Input, Mode::Filter] {
        assert_eq!(k.action(mode, &ctrl_c), Some(Action::Back), "{mode:?}");
        assert_eq!(k.action(mode, &esc), Some(Action::Back), "{mode:?}");
    }
    assert_eq!(k.action(Mode::Input, &q), Some(Action::InputChar('q')));
}

#[test]
fn ctrl_c_in_the_draft_editor_keeps_the_draft() {
    let k = Keymap::defaults();
    let mut s = state(Lang::En);
    s.input = Some(Input {
        prompt: "Draft".into(),
        text: "Dear buyer".into(),
        purpose: InputFor::Draft { order_id: 9 },
        reopened: false,
    });
    s.mode = Mode::Input;
    let a = k
        .action(Mode::Input, &key(KeyCode::Char('c'), KeyModifiers::CONTROL))
        .unwrap();
    update(&mut s, a);
    assert!(!s.quit);
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.drafts[&9].text, "Dear buyer");
}
