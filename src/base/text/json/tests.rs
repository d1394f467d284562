use super::*;

#[test]
fn c1_bidi_and_invisible_characters_are_escaped_and_read_back_the_same() {
    let value = serde_json::json!({
        "city\u{9b}": "Тверь\u{9b}2J\u{7f}\u{202E}\u{2067}x\u{200B}\u{FEFF}\u{E0041}",
        "chat": ["a\u{1b}]52;c;ZXZpbA==\u{7}"],
    });
    for text in [
        to_string(&value).unwrap(),
        to_string_pretty(&value).unwrap(),
    ] {
        assert!(
            !text
                .chars()
                .any(|c| c != '\n' && (c.is_control() || crate::base::text::is_neutralised(c))),
            "{text:?}"
        );
        assert!(
            text.contains(r"\u009b") && text.contains(r"\udb40\udc41"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}

#[test]
fn ordinary_text_is_written_as_serde_json_writes_it() {
    let value = serde_json::json!({"city": "Нижний Новгород", "emoji": "👍🏻"});
    assert_eq!(
        to_string(&value).unwrap(),
        serde_json::to_string(&value).unwrap()
    );
}
