use super::*;

#[test]
fn the_encoded_length_counts_padding() {
    for (n, len) in [(0, 0), (1, 4), (2, 4), (3, 4), (4, 8), (6, 8)] {
        assert_eq!(encoded_len(n), len, "{n}");
        assert_eq!(STANDARD.encode(vec![0u8; n]).len(), len, "{n}");
    }
}

#[test]
fn plain_terminal_gets_a_bare_osc52_sequence() {
    assert_eq!(osc52("hi", false), "\x1b]52;c;aGk=\x07");
}

#[test]
fn inside_tmux_the_sequence_is_wrapped_with_escapes_doubled() {
    assert_eq!(osc52("hi", true), "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\");
}

#[test]
fn cyrillic_text_is_encoded_as_utf8() {
    assert_eq!(
        osc52("Привет, мир", false),
        "\x1b]52;c;0J/RgNC40LLQtdGCLCDQvNC40YA=\x07"
    );
}

#[test]
fn copy_writes_exactly_the_sequence() {
    let mut out = Vec::new();
    copy_to(&mut out, "Заказ 12345", false).unwrap();
    assert_eq!(out, osc52("Заказ 12345", false).into_bytes());
    let mut out = Vec::new();
    copy_to(&mut out, "Заказ 12345", true).unwrap();
    assert_eq!(out, osc52("Заказ 12345", true).into_bytes());
}

#[test]
fn text_up_to_the_cap_is_copied() {
    // 75,000 bytes encode to exactly 100,000.
    let text = "a".repeat(75_000);
    let mut out = Vec::new();
    copy_to(&mut out, &text, false).unwrap();
    assert_eq!(out.len(), "\x1b]52;c;\x07".len() + MAX_ENCODED);
}

#[test]
fn text_over_the_cap_is_refused_and_nothing_is_written() {
    let text = "a".repeat(75_001);
    let mut out = Vec::new();
    let err = copy_to(&mut out, &text, false).unwrap_err();
    assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
    assert!(err.to_string().contains("too long to copy"), "{err}");
    assert!(out.is_empty());
    // The cap counts bytes, not characters: Cyrillic takes two each.
    let cyrillic = "я".repeat(37_501);
    assert!(copy_to(&mut Vec::new(), &cyrillic, true).is_err());
}
