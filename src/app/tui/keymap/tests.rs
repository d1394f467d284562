use super::*;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

#[test]
fn shipped_keymap_loads_and_maps_the_usual_keys() {
    let k = Keymap::defaults();
    assert_eq!(
        k.action(Mode::Normal, &key(KeyCode::Char('j'))),
        Some(Action::MoveDown)
    );
    assert_eq!(
        k.action(Mode::Normal, &key(KeyCode::Char('/'))),
        Some(Action::StartFilter)
    );
    assert_eq!(
        k.action(Mode::Normal, &key(KeyCode::Char('?'))),
        Some(Action::ToggleHelp)
    );
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(k.action(Mode::Normal, &ctrl_c), Some(Action::Quit));
    assert_eq!(k.action(Mode::Filter, &ctrl_c), Some(Action::Back));
}

#[test]
fn in_the_filter_letters_type_instead_of_running_actions() {
    let k = Keymap::defaults();
    assert_eq!(
        k.action(Mode::Filter, &key(KeyCode::Char('q'))),
        Some(Action::FilterChar('q'))
    );
    assert_eq!(
        k.action(Mode::Filter, &key(KeyCode::Esc)),
        Some(Action::Back)
    );
}

#[test]
fn user_override_patches_only_what_it_names() {
    let user: Table = toml::from_str("[normal]\nmove_down = [\"J\"]\n").unwrap();
    let k = Keymap::with_overrides(&user).unwrap();
    assert_eq!(
        k.action(Mode::Normal, &key(KeyCode::Char('J'))),
        Some(Action::MoveDown)
    );
    assert_eq!(k.action(Mode::Normal, &key(KeyCode::Char('j'))), None);
    assert_eq!(
        k.action(Mode::Normal, &key(KeyCode::Char('k'))),
        Some(Action::MoveUp)
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
}

#[test]
fn keys_for_joins_the_keys_for_hints() {
    assert_eq!(
        Keymap::defaults()
            .keys_for(Mode::Normal, "move_down")
            .as_deref(),
        Some("j/↓")
    );
}
