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

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_key() {
        let k = ApiKey::new(" ACMA:secret:1 ");
        assert_eq!(format!("{k:?}"), "ApiKey(***)");
        assert_eq!(k.expose(), "ACMA:secret:1");
        assert!(!k.is_empty());
    }
}
