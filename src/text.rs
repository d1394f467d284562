//! Text from outside (the Market's names, addresses, chat) is untrusted: control
//! characters are neutralised here before anything reaches a terminal, so no escape
//! sequence from the API is ever interpreted.

use std::borrow::Cow;

/// Replaces every control character (C0, DEL, C1; ESC included) with a visible `�`,
/// and tabs and newlines with a space.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\t' | '\n' | '\r' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// "in 3h 20m", "2d 4h ago": a deadline relative to now, coarse enough to read at a glance.
pub fn relative(secs: i64) -> String {
    let (past, s) = (secs <= 0, secs.unsigned_abs());
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let body = if d > 0 {
        format!("{d}d {h}h")
    } else if h > 0 {
        format!("{h}h {m:02}m")
    } else {
        format!("{m}m")
    };
    if past {
        format!("{body} ago")
    } else {
        format!("in {body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_pass_through() {
        let evil = "Иван\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m";
        let out = clean(evil);
        assert!(!out.chars().any(char::is_control), "{out:?}");
        assert!(out.starts_with("Иван"));
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(clean("Москва, ул. Ленина"), Cow::Borrowed(_)));
    }

    #[test]
    fn relative_times_read_naturally() {
        assert_eq!(relative(3 * 3600 + 20 * 60), "in 3h 20m");
        assert_eq!(relative(-(2 * 86_400 + 4 * 3600)), "2d 4h ago");
        assert_eq!(relative(59), "in 0m");
        assert_eq!(relative(0), "0m ago");
    }
}
