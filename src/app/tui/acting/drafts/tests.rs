//! A draft is kept at every key, stored a moment after the typing stops, when the
//! editor closes and when the dashboard quits; it is dropped only once sent.

use chrono::Duration;

use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::action::{Action, Replied};
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::testing::{ID, state};
use crate::app::tui::update::update;

fn saves(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Command(Command::SaveDraft { text, .. }) => Some(text.clone()),
            _ => None,
        })
        .collect()
}

fn kept(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::KeepDraft(d) => Some(d.text.clone()),
            _ => None,
        })
        .collect()
}

fn tick(s: &mut AppState, secs: i64) -> Vec<Effect> {
    let now = s.now + Duration::seconds(secs);
    update(s, Action::Tick(now))
}

fn saved_reply(text: &str, at: chrono::DateTime<chrono::Utc>) -> Action {
    Action::Replied(Box::new(Replied {
        cmd: Command::SaveDraft {
            order_id: ID,
            template: None,
            audience: Audience::Buyer,
            text: text.into(),
        },
        reply: Ok(crate::service::Outcome {
            order_id: Some(ID),
            done: crate::service::Done::DraftSaved { saved_at: at },
            notice: Msg::new("", ""),
        }),
    }))
}

#[test]
fn every_key_typed_goes_to_the_journal_and_the_cache_gets_it_once_typing_stops() {
    let mut s = state();
    update(&mut s, Action::Key(Act::InlineEdit));
    let mut journal = Vec::new();
    for c in "Hi".chars() {
        journal.extend(kept(&update(&mut s, crate::app::tui::testing::ch(c))));
    }
    journal.extend(kept(&update(&mut s, crate::app::tui::testing::enter())));
    assert_eq!(journal, vec!["H", "Hi", "Hi\n"], "each key, at once");
    assert!(saves(&tick(&mut s, 1)).is_empty(), "still typing");
    assert_eq!(saves(&tick(&mut s, 2)), vec!["Hi\n"]);
    assert!(
        saves(&tick(&mut s, 3)).is_empty(),
        "asked once while the answer is awaited"
    );
    assert_eq!(
        s.mode.keys(),
        KeyMode::Input,
        "the editor stays open meanwhile"
    );
}

#[test]
fn the_cache_answer_marks_the_draft_saved_and_the_journal_forgets_it() {
    let mut s = state();
    let effects = set_draft(&mut s, ID, "Hello".into());
    assert_eq!(
        saves(&effects),
        vec!["Hello"],
        "an edit that ends is stored now"
    );
    assert!(s.drafts[&ID].unsaved());
    let at = s.now;
    let effects = update(&mut s, saved_reply("Hello", at));
    assert!(effects.contains(&Effect::ForgetDraft(ID)), "{effects:?}");
    assert!(!s.drafts[&ID].unsaved());
    assert_eq!(s.drafts[&ID].saved, Some((at, "Hello".into())));
}

#[test]
fn an_answer_for_an_older_text_leaves_the_newer_edit_unsaved() {
    let mut s = state();
    set_draft(&mut s, ID, "Hello".into());
    edited(&mut s, ID, "Hello, Maria".into());
    let at = s.now;
    let effects = update(&mut s, saved_reply("Hello", at));
    assert!(!effects.contains(&Effect::ForgetDraft(ID)));
    assert!(s.drafts[&ID].unsaved());
    assert_eq!(saves(&tick(&mut s, 3)), vec!["Hello, Maria"]);
}

#[test]
fn a_refused_store_is_tried_again_and_the_text_stays() {
    let mut s = state();
    set_draft(&mut s, ID, "Hello".into());
    let refusal = Action::Replied(Box::new(Replied {
        cmd: Command::SaveDraft {
            order_id: ID,
            template: None,
            audience: Audience::Buyer,
            text: "Hello".into(),
        },
        reply: Err(crate::service::Refusal::unavailable(
            Some(ID),
            Msg::new("демон не отвечает", "the daemon does not answer"),
        )),
    }));
    update(&mut s, refusal);
    assert_eq!(s.drafts[&ID].text, "Hello");
    assert!(s.error().as_deref().unwrap().contains("daemon"));
    assert_eq!(saves(&tick(&mut s, 3)), vec!["Hello"], "asked again");
}

#[test]
fn quitting_stores_every_unsent_draft_and_a_signal_quits_without_asking() {
    let mut s = state();
    edited(&mut s, ID, "Typed just now".into());
    update(&mut s, Action::Key(Act::Quit));
    assert!(!s.quit, "asked first: the draft is unsent");
    let effects = update(&mut s, Action::Key(Act::Confirm));
    assert!(s.quit);
    assert_eq!(saves(&effects), vec!["Typed just now"]);

    let mut s = state();
    update(&mut s, Action::Key(Act::InlineEdit));
    for c in "Mid-sent".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    let effects = update(&mut s, Action::Stop);
    assert!(
        s.quit,
        "a hangup quits without a question nobody could answer"
    );
    assert_eq!(saves(&effects), vec!["Mid-sent"]);
}

#[test]
fn a_detail_load_drops_a_stored_draft_the_cache_no_longer_has_but_never_an_edit() {
    let mut s = state();
    set_draft(&mut s, ID, "Hello".into());
    let at = s.now;
    update(&mut s, saved_reply("Hello", at));
    let view = s.incident.as_ref().unwrap().1.clone();
    // Sent meanwhile: the service removed it from the cache.
    let effects = update(&mut s, Action::IncidentLoaded(ID, Box::new(view.clone())));
    assert!(!s.drafts.contains_key(&ID));
    assert!(effects.contains(&Effect::ForgetDraft(ID)));
    // An edit not stored yet survives a load that does not know it.
    edited(&mut s, ID, "New".into());
    update(&mut s, Action::IncidentLoaded(ID, Box::new(view)));
    assert_eq!(s.drafts[&ID].text, "New");
}

#[test]
fn drafts_read_back_at_start_never_overwrite_an_edit_made_since() {
    let mut s = state();
    edited(&mut s, ID, "Typed after start".into());
    let old = Draft::new(ID, None, Audience::Buyer, "From the cache".into());
    let other = Draft::new(ID + 1, None, Audience::Buyer, "Another order".into());
    update(&mut s, Action::DraftsRestored(vec![old, other]));
    assert_eq!(s.drafts[&ID].text, "Typed after start");
    assert_eq!(s.drafts[&(ID + 1)].text, "Another order");
}
