use super::*;
use crate::app::tui::action::Action;
use crate::app::tui::keymap::Keymap;
use crate::app::tui::state::Mode;

#[test]
fn every_action_has_a_hint_and_a_description_in_both_languages() {
    let names: Vec<&str> = action_names().collect();
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "an action listed twice");
    for name in names {
        assert!(Action::from_name(name).is_some(), "{name} is not an action");
        for lang in [Lang::Ru, Lang::En] {
            assert!(
                action_hint(lang, name).is_some_and(|s| !s.is_empty()),
                "{name} {lang:?}"
            );
            assert!(
                action_desc(lang, name).is_some_and(|s| !s.is_empty()),
                "{name} {lang:?}"
            );
        }
    }
    let keymap = Keymap::defaults();
    for mode in [Mode::Normal, Mode::Filter, Mode::Help] {
        for b in keymap.bindings(mode) {
            assert!(
                action_rank(b.action) < usize::MAX,
                "{} has no text",
                b.action
            );
        }
    }
}

#[test]
fn help_descriptions_fit_two_columns_at_80() {
    for name in action_names() {
        for lang in [Lang::Ru, Lang::En] {
            let d = action_desc(lang, name).unwrap_or_default();
            assert!(d.chars().count() <= 22, "{name} {lang:?}: {d}");
        }
    }
}

#[test]
fn every_rule_explains_itself_in_both_languages() {
    for &rule in Rule::ALL {
        for lang in [Lang::Ru, Lang::En] {
            assert!(!rule_why(lang, rule).is_empty(), "{} {lang:?}", rule.id());
        }
    }
}

#[test]
fn every_event_kind_of_the_timeline_has_a_name() {
    for kind in [
        "created",
        "status",
        "substatus",
        "delivery_dates",
        "shipment_date",
        "tracks",
        "carrier",
        "cancel_requested",
        "storage_limit",
        "real_delivery_date",
        "return",
    ] {
        assert!(event_kind(Lang::Ru, kind).is_some() && event_kind(Lang::En, kind).is_some());
    }
    assert_eq!(event_kind(Lang::En, "teleported"), None);
}

#[test]
fn russian_deadlines_and_ages_read_naturally() {
    assert_eq!(relative(Lang::Ru, 3 * 3600 + 20 * 60), "через 3ч 20м");
    assert_eq!(relative(Lang::Ru, -(2 * 86_400 + 4 * 3600)), "2д 4ч назад");
    assert_eq!(relative(Lang::En, 59), "in 0m");
    assert_eq!(age(Lang::Ru, 40), "40 с назад");
    assert_eq!(age(Lang::En, 40), "40 s ago");
    assert_eq!(age(Lang::En, 7200), "2 h ago");
}
