use std::collections::HashSet;

use strum::IntoEnumIterator;

use super::Act;

#[test]
fn every_act_has_a_name_that_reads_back_as_itself() {
    let mut seen = HashSet::new();
    for act in Act::iter() {
        let name = act.name();
        assert!(seen.insert(name), "{name} is the name of two acts");
        assert_eq!(name.parse::<Act>(), Ok(act));
    }
}

#[test]
fn the_keymap_names_of_the_renamed_acts_stay_as_configs_spell_them() {
    assert_eq!(Act::ActOnTab.name(), "act");
    assert_eq!(Act::Filter.name(), "filter");
    assert_eq!(Act::Help.name(), "help");
    assert_eq!(Act::MoveDown.name(), "move_down");
}
