use super::*;
use crate::app::tui::action::Action;
use crate::app::tui::testing::{ID, state, type_text};
use crate::app::tui::update::update;

#[test]
fn fuzzy_needs_every_letter_in_order() {
    assert!(fuzzy("anl", "analysis").is_some());
    assert!(fuzzy("lna", "analysis").is_none());
    assert!(fuzzy("an", "analysis") > fuzzy("an", "the team screen and analysis"));
}

#[test]
fn colon_typing_a_word_offers_the_matching_action_and_enter_runs_it() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Command));
    type_text(&mut s, "analy");
    assert_eq!(matches(&s).first(), Some(&Target::Act(Act::Analysis)));
    let effects = update(&mut s, crate::app::tui::testing::enter());
    assert_eq!(s.mode, Mode::Analysis);
    assert!(!effects.is_empty(), "the report is asked for");
}

#[test]
fn colon_q_quits() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Command));
    type_text(&mut s, "q");
    assert_eq!(matches(&s).first(), Some(&Target::Act(Act::Quit)));
    update(&mut s, crate::app::tui::testing::enter());
    assert!(s.quit);
}

#[test]
fn colon_and_an_order_id_jumps_to_that_order() {
    let mut s = state();
    let other = ID + 2;
    update(&mut s, Action::Key(Act::Command));
    type_text(&mut s, &other.to_string());
    assert_eq!(matches(&s).first(), Some(&Target::Order(other)));
    update(&mut s, crate::app::tui::testing::enter());
    assert_eq!(s.selected, Some(other));
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn esc_leaves_the_command_line_without_running_anything() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Command));
    type_text(&mut s, "q");
    update(&mut s, Action::Key(Act::Back));
    assert!(!s.quit);
    assert_eq!(s.mode, Mode::Normal);
}
