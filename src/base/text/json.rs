//! The one JSON writer of every command's output (`status --json`, `show --json`,
//! `report --format json`). serde_json escapes C0 controls but writes C1 controls
//! (U+009B is a CSI on many terminals), DEL, bidi controls and invisible characters
//! raw; here each of them is written as a `\uXXXX` escape instead. A parser reads the
//! same value, and a person who prints the JSON on a terminal sees no escape sequence
//! act.

use serde::Serialize;

/// `v` as compact JSON, safe to print.
pub fn to_string<T: Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    serde_json::to_string(v).map(escape_neutralised)
}

/// `v` as indented JSON, safe to print.
pub fn to_string_pretty<T: Serialize + ?Sized>(v: &T) -> serde_json::Result<String> {
    serde_json::to_string_pretty(v).map(escape_neutralised)
}

/// Escapes every character the cleaner neutralises (`super::is_neutralised`). In
/// serde_json's output everything outside a string literal is ASCII other than DEL
/// (brackets, numbers, literals, spaces and line breaks of the layout), and the C0
/// controls inside strings are escaped already, so each character found here is inside
/// a string and its escape means the same character to a parser.
fn escape_neutralised(json: String) -> String {
    if !json
        .chars()
        .any(|c| c >= '\u{7f}' && super::is_neutralised(c))
    {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c >= '\u{7f}' && super::is_neutralised(c) {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
