use strum::IntoEnumIterator;

use super::*;

#[test]
fn every_act_has_a_hint_and_a_description_in_both_languages() {
    for act in Act::iter() {
        for lang in [Lang::Ru, Lang::En] {
            assert!(!action_hint(lang, act).is_empty(), "{act:?} {lang:?}");
            assert!(!action_desc(lang, act).is_empty(), "{act:?} {lang:?}");
        }
    }
}

#[test]
fn help_descriptions_fit_two_columns_at_80() {
    for act in Act::iter() {
        for lang in [Lang::Ru, Lang::En] {
            let d = action_desc(lang, act);
            assert!(
                unicode_width::UnicodeWidthStr::width(d) <= 22,
                "{act:?} {lang:?}: {d}"
            );
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
