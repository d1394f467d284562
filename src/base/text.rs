//! Text from outside (the Market's names, addresses, chat and error messages, other
//! agents' names, stored refusals) is untrusted: it is neutralised here before anything
//! reaches a terminal, so no escape sequence is ever interpreted and no invisible
//! character reorders or disguises what an agent reads. Every output path — the
//! dashboard, the commands' text, CSV and JSON (`json`) — goes through this module.
//!
//! The rules, one table for every path:
//!
//! | what | becomes | why |
//! |---|---|---|
//! | C0 controls, DEL, C1 controls (ESC, CSI U+009B, OSC U+009D …) | `�` | they start terminal commands; the mark shows something was there |
//! | tab; LF, CR, NEL, U+2028, U+2029 | a space in a one-line field; a line break (`\n`) in a multi-line one | a line break inside a table cell or a status line breaks the layout; a lone CR would let text overwrite its own line |
//! | bidi embeddings, overrides, isolates (U+202A–U+202E, U+2066–U+2069) | `�` | they reorder what follows ("Trojan Source" spoofing); never paired reliably in what the Market sends, so none is kept |
//! | bidi marks (U+200E, U+200F, U+061C) | removed | invisible; a lone mark still moves neutral characters around it |
//! | zero-width and invisible format characters (U+200B, U+200C, U+2060–U+2064, U+206A–U+206F, U+FEFF, U+00AD, U+180E, U+FFF9–U+FFFB, format controls of scripts not used here, language tags) | removed | invisible: they make two equal-looking names differ and hide text inside words |
//! | zero-width joiner U+200D | kept between two pictographs, removed elsewhere | family, profession and flag emoji are built with it |
//! | tag characters U+E0020–U+E007F | kept after a black flag U+1F3F4 or another tag, removed elsewhere | the flags of England, Scotland and Wales are spelled with them |
//!
//! Everything else — Cyrillic, Latin, emoji, combining marks, variation selectors — is
//! left exactly as it is, and text with nothing to neutralise is borrowed, not copied.

use std::borrow::Cow;

pub mod json;

/// What the cleaner does with one character, before its neighbours are considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Keep,
    /// A line break (LF, CR, NEL, U+2028, U+2029).
    Break,
    Tab,
    /// Replaced with a visible `�`.
    Mark,
    Drop,
    /// U+200D: kept only between two pictographs.
    Joiner,
    /// U+E0020–U+E007F: kept only in a tag sequence after a black flag.
    Tag,
}

/// The replacement that shows where something was neutralised.
const MARK: char = '\u{FFFD}';
/// The black flag that a tag sequence (a subdivision flag) follows.
const BLACK_FLAG: char = '\u{1F3F4}';

fn class(c: char) -> Class {
    match c {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => Class::Break,
        '\t' => Class::Tab,
        c if c.is_control() => Class::Mark,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => Class::Mark,
        '\u{200D}' => Class::Joiner,
        '\u{E0020}'..='\u{E007F}' => Class::Tag,
        '\u{200B}'
        | '\u{200C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{00AD}'
        | '\u{180E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{206A}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}' => Class::Drop,
        _ => Class::Keep,
    }
}

/// True for a character that no output may carry raw: everything the cleaner replaces
/// or removes, the joiner and tags included (their context is the cleaner's to judge).
/// The JSON writer escapes exactly these.
pub fn is_neutralised(c: char) -> bool {
    class(c) != Class::Keep
}

/// Roughly Unicode's Extended_Pictographic: the characters emoji are made of, and
/// what a zero-width joiner may stand after (with a skin tone or a variation selector
/// in between) and before.
fn is_pictograph(c: char) -> bool {
    matches!(c,
        '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}'
        | '\u{2194}'..='\u{21AA}'
        | '\u{231A}'..='\u{23FF}'
        | '\u{24C2}'
        | '\u{25AA}'..='\u{25FE}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2934}'..='\u{2935}'
        | '\u{2B05}'..='\u{2B55}'
        | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'
        | '\u{1F000}'..='\u{1FAFF}')
}

/// What may stand between a pictograph and its joiner: emoji and text presentation
/// selectors (skin tones are pictographs already).
fn ends_pictograph(c: char) -> bool {
    is_pictograph(c) || matches!(c, '\u{FE0E}' | '\u{FE0F}')
}

/// Nothing to do for a string of printable ASCII; the common case costs one scan.
fn plain_ascii(s: &str) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b))
}

/// The shared walk: `multi_line` keeps line breaks as `\n` (a CR LF pair is one).
fn neutralise(s: &str, multi_line: bool) -> Cow<'_, str> {
    let kept_as_is = |c: char| !is_neutralised(c) || (multi_line && c == '\n');
    if plain_ascii(s) || s.chars().all(kept_as_is) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match class(c) {
            Class::Keep => out.push(c),
            Class::Break if multi_line => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            Class::Break | Class::Tab => out.push(' '),
            Class::Mark => out.push(MARK),
            Class::Drop => {}
            Class::Joiner => {
                let after = out.chars().next_back().is_some_and(ends_pictograph);
                let before = chars.peek().is_some_and(|&n| is_pictograph(n));
                if after && before {
                    out.push(c);
                }
            }
            Class::Tag => {
                if matches!(out.chars().next_back(), Some(p) if p == BLACK_FLAG || class(p) == Class::Tag)
                {
                    out.push(c);
                }
            }
        }
    }
    Cow::Owned(out)
}

/// A one-line field (a name, a city, a status, an error message) made safe to show:
/// line breaks and tabs become spaces, the rest as the module's table says.
pub fn clean(s: &str) -> Cow<'_, str> {
    neutralise(s, false)
}

/// A multi-line field (a chat message, a draft, the notes) made safe to show: line
/// breaks are kept (as `\n`), each line cleaned as `clean` cleans a one-line field.
pub fn clean_lines(s: &str) -> Cow<'_, str> {
    neutralise(s, true)
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
pub(crate) mod tests;
