use chrono::Duration;

use super::*;
use crate::app::tui::action::{Act, Action};
use crate::app::tui::testing::{ID, state};
use crate::app::tui::update::update;

fn copied(effects: &[Effect]) -> Option<&str> {
    match effects {
        [Effect::Copy { text, .. }] => Some(text),
        _ => None,
    }
}

#[test]
fn shift_y_copies_the_order_id_then_again_its_track() {
    let mut s = state();
    s.rows[0].order.tracks = vec!["TRK-1".into()];
    let first = update(&mut s, Action::Key(Act::CopyId));
    assert_eq!(copied(&first), Some(ID.to_string().as_str()));
    let again = update(&mut s, Action::Key(Act::CopyId));
    assert_eq!(copied(&again), Some("TRK-1"));
}

#[test]
fn shift_y_after_the_notice_is_gone_copies_the_id_again() {
    let mut s = state();
    s.rows[0].order.tracks = vec!["TRK-1".into()];
    update(&mut s, Action::Key(Act::CopyId));
    s.now += Duration::seconds(NOTICE_SECONDS + 1);
    let later = update(&mut s, Action::Key(Act::CopyId));
    assert_eq!(copied(&later), Some(ID.to_string().as_str()));
}

#[test]
fn without_a_track_shift_y_copies_the_id_each_time() {
    let mut s = state();
    s.rows[0].order.tracks.clear();
    update(&mut s, Action::Key(Act::CopyId));
    let again = update(&mut s, Action::Key(Act::CopyId));
    assert_eq!(copied(&again), Some(ID.to_string().as_str()));
}
