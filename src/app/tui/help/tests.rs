use super::*;
use crate::app::tui::action::Action;
use crate::app::tui::testing::{state, type_text};
use crate::app::tui::update::update;

#[test]
fn help_scrolls_within_what_the_last_draw_allowed() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Help));
    s.overlay_max.set(3);
    for _ in 0..5 {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    let Mode::Help(h) = &s.mode else {
        panic!("help is open")
    };
    assert_eq!(h.scroll, 3);
}

#[test]
fn slash_in_help_types_a_search_and_esc_clears_it_then_closes() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Help));
    update(&mut s, Action::Key(Act::Filter));
    type_text(&mut s, "claim");
    let Mode::Help(h) = &s.mode else {
        panic!("help is open")
    };
    assert_eq!(h.search.text(), "claim");
    update(&mut s, Action::Key(Act::Back));
    assert!(matches!(&s.mode, Mode::Help(h) if h.search.is_empty()));
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode, Mode::Normal);
}
