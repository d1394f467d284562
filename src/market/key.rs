//! The Api-Key secret. It owns the one rule about the key: it leaves the process only
//! in the `Api-Key` header, never in logs, errors, `Debug` output or panics.

use std::fmt;

/// A Market Api-Key (`ACMA:…`). `Debug` prints `ApiKey(***)`; there is deliberately no
/// `Display` and no `Serialize`, so the key cannot slip into a message or a file by a
/// careless `{}` or `to_string()`.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key as the cabinet shows it. Surrounding whitespace (from a pasted line or
    /// an env file) is removed, since the Market rejects it with 401 anyway.
    pub fn new(key: impl Into<String>) -> Self {
        let key = key.into();
        let trimmed = key.trim();
        if trimmed.len() == key.len() {
            Self(key)
        } else {
            Self(trimmed.to_owned())
        }
    }

    /// True when no key was given; the Market would answer 401 to every call.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The secret itself: only the client reads it, to set the header and to scrub
    /// anything the Market echoes back.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl ApiKey {
    /// `text` with every copy of the key replaced by `***`. A server or a library may
    /// echo the key changed: lower- or upper-cased, or URL-encoded (`ACMA%3A…`, as in
    /// a query string), wholly or in part; each key character therefore matches itself
    /// in any ASCII case or its `%XX` escape in any case.
    pub(crate) fn scrub(&self, text: &str) -> String {
        let key = self.0.as_bytes();
        if key.is_empty() {
            return text.to_owned();
        }
        let hay = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        // Start of the text not yet copied to `out`; always on a char boundary, since
        // a match starts and ends on ASCII bytes (keys are ASCII: they travel in a header).
        let mut copied = 0;
        let mut i = 0;
        while i < hay.len() {
            match match_key_at(hay, i, key) {
                Some(end) => {
                    out.push_str(&text[copied..i]);
                    out.push_str("***");
                    copied = end;
                    i = end;
                }
                None => i += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }
}

/// Where a copy of `key` that starts at `at` ends, if one does.
fn match_key_at(hay: &[u8], at: usize, key: &[u8]) -> Option<usize> {
    let mut i = at;
    for &k in key {
        let b = *hay.get(i)?;
        if b.eq_ignore_ascii_case(&k) {
            i += 1;
        } else if b == b'%'
            && hay
                .get(i + 1..i + 3)
                .and_then(escape_value)
                .is_some_and(|v| v.eq_ignore_ascii_case(&k))
        {
            i += 3;
        } else {
            return None;
        }
    }
    Some(i)
}

/// The byte a `%XX` escape's two hex digits stand for.
fn escape_value(hex: &[u8]) -> Option<u8> {
    let digit = |c: u8| (c as char).to_digit(16);
    Some((digit(hex[0])? * 16 + digit(hex[1])?) as u8)
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

#[cfg(test)]
mod tests;
