use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::TextInput;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn typed(t: &mut TextInput, s: &str) {
    for c in s.chars() {
        t.key(key(KeyCode::Char(c)));
    }
}

#[test]
fn left_moves_the_cursor_so_a_letter_goes_where_it_points() {
    let mut t = TextInput::line("root");
    typed(&mut t, "XX");
    for _ in 0..3 {
        t.key(key(KeyCode::Left));
    }
    typed(&mut t, "Y");
    assert_eq!(t.text(), "rooYtXX");
}

#[test]
fn home_and_end_and_ctrl_a_e_go_to_the_ends_of_the_line() {
    let mut t = TextInput::line("middle");
    t.key(key(KeyCode::Home));
    typed(&mut t, "[");
    t.key(key(KeyCode::End));
    typed(&mut t, "]");
    t.key(ctrl('a'));
    typed(&mut t, "<");
    t.key(ctrl('e'));
    typed(&mut t, ">");
    assert_eq!(t.text(), "<[middle]>");
}

#[test]
fn ctrl_u_cuts_to_the_start_and_ctrl_w_the_word_before() {
    let mut t = TextInput::line("carrier said friday");
    t.key(ctrl('w'));
    assert_eq!(t.text(), "carrier said ");
    t.key(ctrl('u'));
    assert_eq!(t.text(), "");
    assert!(t.is_empty());
}

#[test]
fn enter_breaks_a_line_of_a_draft_and_not_of_a_line() {
    let mut d = TextInput::lines("Hello");
    assert!(d.key(key(KeyCode::Enter)));
    typed(&mut d, "World");
    assert_eq!(d.text(), "Hello\nWorld");
    let mut l = TextInput::line("Hello");
    assert!(!l.key(key(KeyCode::Enter)));
    assert_eq!(l.text(), "Hello");
}

#[test]
fn a_draft_is_edited_across_its_lines() {
    let mut d = TextInput::lines("one\ntwo");
    d.key(key(KeyCode::Up));
    d.key(key(KeyCode::End));
    typed(&mut d, "!");
    assert_eq!(d.text(), "one!\ntwo");
}

#[test]
fn paste_comes_in_whole_and_safe() {
    let mut d = TextInput::lines("");
    d.paste("Line one\r\nline \u{1b}[31mtwo");
    assert_eq!(d.text().lines().count(), 2);
    assert!(!d.text().contains('\u{1b}'));
    let mut l = TextInput::line("");
    l.paste("a\nb");
    assert_eq!(l.text(), "a b");
}
