use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn shipped_keymap_loads_and_maps_the_usual_keys() {
    let k = Keymap::defaults();
    assert_eq!(
        k.action(KeyMode::Normal, &key(KeyCode::Char('j'))),
        Some(Action::Key(Act::MoveDown))
    );
    assert_eq!(
        k.action(KeyMode::Normal, &key(KeyCode::Char('/'))),
        Some(Action::Key(Act::Filter))
    );
    assert_eq!(
        k.action(KeyMode::Normal, &key(KeyCode::Char('?'))),
        Some(Action::Key(Act::Help))
    );
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(
        k.action(KeyMode::Normal, &ctrl_c),
        Some(Action::Key(Act::Quit))
    );
    assert_eq!(
        k.action(KeyMode::Filter, &ctrl_c),
        Some(Action::Key(Act::Back))
    );
}

#[test]
fn in_a_line_of_text_letters_and_editing_keys_type_instead_of_running_actions() {
    let k = Keymap::defaults();
    for mode in [KeyMode::Filter, KeyMode::Input, KeyMode::Command] {
        for e in [
            key(KeyCode::Char('q')),
            key(KeyCode::Left),
            key(KeyCode::Home),
            KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL),
        ] {
            assert_eq!(k.action(mode, &e), Some(Action::Text(e)), "{mode:?} {e:?}");
        }
        assert_eq!(
            k.action(mode, &key(KeyCode::Esc)),
            Some(Action::Key(Act::Back))
        );
    }
}

#[test]
fn user_override_patches_only_what_it_names() {
    let user: Table = toml::from_str("[normal]\nmove_down = [\"J\"]\n").unwrap();
    let k = Keymap::with_overrides(&user).unwrap();
    assert_eq!(
        k.action(KeyMode::Normal, &key(KeyCode::Char('J'))),
        Some(Action::Key(Act::MoveDown))
    );
    assert_eq!(k.action(KeyMode::Normal, &key(KeyCode::Char('j'))), None);
    assert_eq!(
        k.action(KeyMode::Normal, &key(KeyCode::Char('k'))),
        Some(Action::Key(Act::MoveUp))
    );
}

#[test]
fn a_key_bound_to_two_actions_is_an_error_naming_both() {
    let user: Table = toml::from_str("[normal]\nrefresh = [\"j\"]\n").unwrap();
    let e = Keymap::with_overrides(&user).unwrap_err().0;
    assert!(
        e.contains("\"j\"") && e.contains("move_down") && e.contains("refresh"),
        "{e}"
    );
}

#[test]
fn unknown_actions_keys_and_modes_are_errors() {
    for bad in [
        "[normal]\nfly = [\"f\"]\n",
        "[normal]\nquit = [\"Hyper-x\"]\n",
        "[insert]\nquit = [\"q\"]\n",
    ] {
        let user: Table = toml::from_str(bad).unwrap();
        assert!(Keymap::with_overrides(&user).is_err(), "{bad}");
    }
    let user: Table = toml::from_str("[insert]\nquit = [\"q\"]\n").unwrap();
    let e = Keymap::with_overrides(&user).unwrap_err().0;
    assert!(e.contains("normal") && e.contains("team"), "{e}");
}

#[test]
fn keys_for_joins_the_keys_for_hints() {
    assert_eq!(
        Keymap::defaults()
            .keys_for(KeyMode::Normal, Act::MoveDown)
            .as_deref(),
        Some("j/↓")
    );
}

#[test]
fn every_mode_of_the_shipped_keymap_has_a_way_back() {
    let k = Keymap::defaults();
    for mode in KeyMode::iter().filter(|m| *m != KeyMode::Normal) {
        assert!(k.binding(mode, Act::Back).is_some(), "{mode:?}");
    }
}
