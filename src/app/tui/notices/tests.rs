use chrono::Duration;

use super::*;
use crate::app::tui::action::Action;
use crate::app::tui::state::NOTICE_SECONDS;
use crate::app::tui::testing::{ID, state};
use crate::app::tui::update::update;

fn load(s: &mut AppState, f: impl FnOnce(&mut Snapshot)) {
    let mut snap = Snapshot {
        rows: s.rows.clone(),
        complete: true,
        now: s.now,
        ..Snapshot::default()
    };
    f(&mut snap);
    update(s, Action::DataLoaded(Box::new(snap)));
}

#[test]
fn a_notice_leaves_the_footer_after_a_few_seconds_and_stays_in_the_log() {
    let mut s = state();
    s.say("claimed");
    assert_eq!(s.notice_now().map(|n| n.text.as_str()), Some("claimed"));
    let later = s.now + Duration::seconds(NOTICE_SECONDS);
    update(&mut s, Action::Tick(later));
    assert!(s.notice_now().is_none(), "gone from the line");
    assert_eq!(s.notices.last().unwrap().text, "claimed", "kept in the log");
}

#[test]
fn the_log_opens_on_bang_over_the_list_and_esc_comes_back() {
    let mut s = state();
    s.say("copied");
    update(&mut s, Action::Key(Act::Notices));
    assert!(matches!(s.mode, Mode::Notices(_)));
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn another_agent_taking_over_an_order_i_hold_is_a_notice_naming_them() {
    let mut s = state();
    s.rows[0].claimed_by = Some("anna".into());
    load(&mut s, |snap| {
        let r = snap
            .rows
            .iter_mut()
            .find(|r| r.order.order_id == ID)
            .unwrap();
        r.claimed_by = Some("boris".into());
    });
    let n = s.notices.last().expect("a notice");
    assert!(n.error, "a warning");
    assert_eq!(n.text, format!("boris took over {ID} from you"));
}

#[test]
fn the_buyer_writing_on_an_order_i_hold_is_a_notice_the_first_load_only_remembers() {
    let mut s = state();
    s.rows[0].claimed_by = Some("anna".into());
    let t0 = s.now - Duration::hours(1);
    load(&mut s, |snap| snap.buyer_wrote = Some([(ID, t0)].into()));
    assert!(s.notices.is_empty(), "what was there before is not news");
    load(&mut s, |snap| {
        snap.buyer_wrote = Some([(ID, t0 + Duration::minutes(30))].into());
    });
    assert_eq!(
        s.notices.last().map(|n| n.text.clone()),
        Some(format!("✉ the buyer wrote on {ID}"))
    );
}

#[test]
fn the_sync_starting_to_fail_and_working_again_are_notices() {
    let mut s = state();
    load(&mut s, |snap| {
        snap.failing = Some(crate::cache::SyncFailure {
            since: snap.now,
            kind: "other".into(),
            message: "HTTP 500\u{1b}[2J".into(),
            runs: 1,
        });
    });
    let n = s.notices.last().expect("a notice").clone();
    assert!(n.error && n.text.starts_with("sync failing since"), "{n:?}");
    assert!(!n.text.contains('\u{1b}'), "{n:?}");
}

#[test]
fn the_old_messages_of_an_order_just_claimed_are_not_news() {
    let mut s = state();
    let t0 = s.now - Duration::hours(1);
    load(&mut s, |snap| snap.buyer_wrote = Some([].into()));
    load(&mut s, |snap| {
        snap.rows[0].claimed_by = Some("anna".into());
        snap.buyer_wrote = Some([(ID, t0)].into());
    });
    assert!(s.notices.is_empty(), "{:?}", s.notices);
}
