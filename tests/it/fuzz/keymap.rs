//! The keymap loader: a user's `[keymap.<mode>]` tables over the shipped keymap, with
//! modes, actions and keys from the keymap's own vocabulary and from anywhere. The
//! result is a keymap or an error naming what is wrong; a keymap then answers any key.

use std::collections::BTreeMap;

use proptest::prelude::*;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use strum::IntoEnumIterator;
use ym_triage::app::tui::action::Act;
use ym_triage::app::tui::keymap::{Key, Keymap};
use ym_triage::app::tui::state::KeyMode;

use super::nasty_string;

fn key_name() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        prop::sample::select(vec![
            "Down",
            "Up",
            "PageDown",
            "Enter",
            "Esc",
            "Tab",
            "BackTab",
            "Backspace",
            "Space",
            "F1",
            "F12",
            "F0",
            "F256",
            "F99999999999",
            "Fx",
            "F",
            "j",
            "G",
            "/",
            "я",
            "👍",
        ])
        .prop_map(str::to_owned),
        nasty_string(),
    ];
    (base, 0usize..3, any::<bool>()).prop_map(|(b, ctrl, alt)| {
        format!(
            "{}{}{b}",
            "Ctrl-".repeat(ctrl),
            if alt { "Alt-" } else { "" }
        )
    })
}

/// The tables of modes, actions and keys a user's config gives.
type UserKeymap = BTreeMap<String, BTreeMap<String, Vec<String>>>;

fn user_table() -> impl Strategy<Value = UserKeymap> {
    let mode = prop_oneof![
        8 => prop::sample::select(KeyMode::iter().map(KeyMode::name).collect::<Vec<_>>()).prop_map(str::to_owned),
        1 => nasty_string(),
    ];
    let action = prop_oneof![
        8 => prop::sample::select(Act::iter().map(Act::name).collect::<Vec<_>>()).prop_map(str::to_owned),
        1 => nasty_string(),
    ];
    let keys = prop::collection::vec(key_name(), 0..4);
    let actions = prop::collection::btree_map(action, keys, 0..5);
    prop::collection::btree_map(mode, actions, 0..3)
}

fn key_event() -> impl Strategy<Value = KeyEvent> {
    let code = prop_oneof![
        any::<char>().prop_map(KeyCode::Char),
        any::<u8>().prop_map(KeyCode::F),
        Just(KeyCode::Down),
        Just(KeyCode::Enter),
        Just(KeyCode::BackTab),
    ];
    (code, any::<u8>()).prop_map(|(c, m)| KeyEvent::new(c, KeyModifiers::from_bits_truncate(m)))
}

proptest! {
    #[test]
    fn any_key_name_is_read_or_refused(s in key_name()) {
        let _ = Key::parse(&s);
    }

    #[test]
    fn a_users_keymap_loads_or_is_refused_and_then_answers_any_key(
        user in user_table(), keys in prop::collection::vec(key_event(), 0..8)
    ) {
        if let Ok(map) = Keymap::with_overrides(&user) {
            for k in &keys {
                for mode in KeyMode::iter() {
                    let _ = map.action(mode, k);
                }
            }
            let _ = map.clone().read_only();
        }
    }
}
