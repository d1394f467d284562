//! The cleaner and the JSON writer: cleaning is idempotent, leaves no control, bidi
//! or invisible character, and changes ordinary text not at all; the JSON writer's
//! output reads back as the value it was given and carries nothing raw either.

use proptest::prelude::*;
use ym_triage::base::text::{clean, clean_lines, json};

/// Characters no cleaned text may carry: controls (a line feed only in multi-line
/// text), bidi controls and zero-width characters other than an emoji's joiner.
fn forbidden(c: char, multi_line: bool) -> bool {
    (c.is_control() && !(multi_line && c == '\n'))
        || matches!(c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'
            | '\u{061C}' | '\u{200B}' | '\u{200C}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Text mixing ordinary characters with every kind the cleaner acts on.
fn mixed() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        any::<char>().prop_map(String::from),
        "[а-яА-Я a-z0-9.,]{1,5}",
        prop::sample::select(vec![
            "\u{1b}",
            "\u{9b}",
            "\u{7f}",
            "\0",
            "\r",
            "\n",
            "\r\n",
            "\t",
            "\u{85}",
            "\u{2028}",
            "\u{202E}",
            "\u{2067}",
            "\u{2069}",
            "\u{200E}",
            "\u{200B}",
            "\u{200D}",
            "\u{FEFF}",
            "\u{E0041}",
            "\u{1F3F4}",
            "👍",
            "🏽",
            "\u{FE0F}",
            "\u{301}",
        ])
        .prop_map(str::to_owned),
    ];
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

/// Text a person writes: Cyrillic, Latin, digits, punctuation, emoji, combining marks.
fn ordinary() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        prop::char::range('а', 'я'),
        prop::char::range('А', 'Я'),
        prop::char::range(' ', '~'),
        prop::char::range('\u{1F600}', '\u{1F64F}'),
        prop::char::range('\u{300}', '\u{36F}'),
        Just('ё'),
        Just('№'),
        Just('«'),
        Just('»'),
        Just('—'),
    ];
    prop::collection::vec(c, 0..40).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn cleaning_is_idempotent(s in mixed()) {
        let once = clean(&s).into_owned();
        prop_assert_eq!(clean(&once), once.as_str());
        let once = clean_lines(&s).into_owned();
        prop_assert_eq!(clean_lines(&once), once.as_str());
    }

    #[test]
    fn cleaned_text_has_no_control_bidi_or_invisible_character(s in mixed()) {
        let out = clean(&s);
        prop_assert!(!out.chars().any(|c| forbidden(c, false)), "{:?} → {:?}", s, out);
        let out = clean_lines(&s);
        prop_assert!(!out.chars().any(|c| forbidden(c, true)), "{:?} → {:?}", s, out);
    }

    #[test]
    fn a_joiner_survives_only_between_pictographs(s in mixed()) {
        let out: Vec<char> = clean(&s).chars().collect();
        for (i, c) in out.iter().enumerate() {
            if *c == '\u{200D}' {
                prop_assert!(i > 0 && i + 1 < out.len(), "{:?}", out);
            }
        }
    }

    #[test]
    fn ordinary_text_is_unchanged(s in ordinary()) {
        prop_assert_eq!(clean(&s), s.as_str());
        prop_assert_eq!(clean_lines(&s), s.as_str());
    }

    #[test]
    fn json_output_reads_back_the_same_and_carries_nothing_raw(
        k in mixed(), v in mixed(), n in any::<i64>()
    ) {
        let value = serde_json::json!({ k.clone(): [v.clone(), n], "k": k });
        for text in [json::to_string(&value).unwrap(), json::to_string_pretty(&value).unwrap()] {
            prop_assert!(!text.chars().any(|c| forbidden(c, true)), "{:?}", text);
            prop_assert!(!text.contains('\u{200D}'), "{:?}", text);
            let back: serde_json::Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(&back, &value);
        }
    }
}
