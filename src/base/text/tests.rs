use std::borrow::Cow;

use super::*;

/// Text an attacker can put where outside text enters (a carrier's or buyer's name, a
/// chat message, an error message, another agent's name): escape sequences, C1
/// controls, bidi overrides and isolates, invisible characters, and the C0 controls
/// that move the cursor. The screen tests run it through every screen.
pub(crate) const HOSTILE: &[&str] = &[
    "\u{1b}]0;pwned\u{7}",
    "\u{1b}[2J\u{1b}[H",
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "\u{1b}P+q544e\u{1b}\\",
    "\u{9b}31m",
    "\u{9d}0;title\u{9c}",
    "\u{202E}gnp.exe",
    "\u{202D}LRO\u{202C}",
    "\u{2067}RLI\u{2069}\u{2066}LRI",
    "\u{200B}\u{200C}\u{200D}\u{2060}zw",
    "\u{FEFF}BOM",
    "NUL\u{0}",
    "CR\roverwrite",
    "BS\u{8}\u{8}\u{7f}",
];

/// The characters of `s` no output may carry raw: C0 (other than a line feed), DEL,
/// C1, bidi controls and zero-width characters. Written from the standards, not from
/// the cleaner's table, so the two check each other.
pub(crate) fn raw_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c,
                    '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
                    | '\u{200E}' | '\u{200F}' | '\u{061C}'
                    | '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
        })
        .collect()
}

#[test]
fn the_hostile_corpus_comes_out_without_a_raw_control() {
    for evil in HOSTILE {
        assert_eq!(raw_controls(&clean(evil)), Vec::<char>::new(), "{evil:?}");
        assert_eq!(
            raw_controls(&clean_lines(evil)),
            Vec::<char>::new(),
            "{evil:?}"
        );
        assert!(!raw_controls(evil).is_empty(), "{evil:?} is hostile");
    }
}

#[test]
fn escape_sequences_never_pass_through() {
    let evil = "Иван\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m";
    let out = clean(evil);
    assert!(!out.chars().any(char::is_control), "{out:?}");
    assert!(out.starts_with("Иван"));
}

#[test]
fn c1_csi_del_and_nul_become_a_visible_mark() {
    assert_eq!(clean("a\u{9b}2Jb"), "a\u{FFFD}2Jb");
    assert_eq!(
        clean("a\u{7f}b\u{0}c\u{8}d"),
        "a\u{FFFD}b\u{FFFD}c\u{FFFD}d"
    );
}

#[test]
fn plain_text_is_borrowed_unchanged() {
    assert!(matches!(clean("Москва, ул. Ленина"), Cow::Borrowed(_)));
    assert!(matches!(clean("plain ascii 123"), Cow::Borrowed(_)));
    assert!(matches!(clean_lines("две\nстроки"), Cow::Borrowed(_)));
}

#[test]
fn line_breaks_and_tabs_in_a_one_line_field_become_spaces() {
    assert_eq!(
        clean("a\nb\r\nc\td\u{85}e\u{2028}f\u{2029}g"),
        "a b  c d e f g"
    );
}

#[test]
fn a_multi_line_field_keeps_its_lines_and_cleans_each() {
    assert_eq!(
        clean_lines("Добрый день\r\nзаказ\u{1b}[2J\tв пути\nok\rEVIL"),
        "Добрый день\nзаказ\u{FFFD}[2J в пути\nok\nEVIL"
    );
    assert_eq!(clean_lines("a\u{2028}b"), "a\nb");
}

#[test]
fn bidi_overrides_and_isolates_become_a_mark_and_bidi_marks_go() {
    assert_eq!(clean("файл\u{202E}fdp.exe"), "файл\u{FFFD}fdp.exe");
    assert_eq!(
        clean("\u{2067}agent\u{2069} \u{202D}x\u{202C}"),
        "\u{FFFD}agent\u{FFFD} \u{FFFD}x\u{FFFD}"
    );
    assert_eq!(clean("a\u{200E}b\u{200F}c\u{61C}d"), "abcd");
}

#[test]
fn zero_width_and_invisible_characters_are_removed_from_inside_words() {
    assert_eq!(
        clean("С\u{200B}Д\u{200C}Э\u{200D}К\u{2060}\u{FEFF}\u{AD}"),
        "СДЭК"
    );
    assert_eq!(clean("\u{FEFF}Почта\u{E0001}\u{E0041}"), "Почта");
}

#[test]
fn emoji_built_with_joiners_skin_tones_and_tags_stay_whole() {
    for emoji in [
        "👨\u{200D}👩\u{200D}👧",
        "👩🏽\u{200D}💻",
        "🏳\u{FE0F}\u{200D}🌈",
        "❤\u{FE0F}\u{200D}🔥",
        "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
        "🇷🇺",
        "👍🏻",
    ] {
        assert_eq!(clean(emoji), emoji, "{emoji:?}");
    }
}

#[test]
fn cyrillic_with_combining_marks_is_unchanged() {
    let decomposed = "Йошкар-Ола: и\u{306} е\u{308} ударе\u{301}ние";
    assert_eq!(clean(decomposed), decomposed);
}

#[test]
fn cleaning_twice_changes_nothing_more() {
    let evil = "x\u{1b}[2J\u{200D}👍\u{2067}y\r\nz\u{FEFF}";
    assert_eq!(clean(&clean(evil)), clean(evil));
    assert_eq!(clean_lines(&clean_lines(evil)), clean_lines(evil));
}

#[test]
fn relative_times_read_naturally() {
    assert_eq!(relative(3 * 3600 + 20 * 60), "in 3h 20m");
    assert_eq!(relative(-(2 * 86_400 + 4 * 3600)), "2d 4h ago");
    assert_eq!(relative(59), "in 0m");
    assert_eq!(relative(0), "0m ago");
}
