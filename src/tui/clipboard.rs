//! Copying to the user's clipboard with OSC 52: the terminal itself sets its
//! clipboard, so a copy works over SSH with nothing installed on the server. Inside
//! tmux the sequence goes through tmux's passthrough.

use std::io::{self, Write};

/// The longest base64 payload sent: terminals drop (or choke on) much longer ones.
pub const MAX_ENCODED: usize = 100_000;

const ESC: char = '\x1b';
const BEL: char = '\x07';

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The length of the base64 form of `n` bytes, padding included.
fn encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// Standard base64 (RFC 4648, with padding), as OSC 52 expects.
fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(encoded_len(bytes.len()));
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // chunk.len() + 1 sextets carry data; the rest of the quartet is padding.
        for i in 0..4 {
            if i <= chunk.len() {
                let sextet = (n >> (18 - 6 * i)) & 0x3f;
                out.push(char::from(ALPHABET[sextet as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The OSC 52 sequence that puts `text` on the clipboard; wrapped for tmux's
/// passthrough (`ESC Ptmux; … ESC \`, inner ESCs doubled) when `tmux` is set.
/// BEL ends the inner sequence so that the only `ESC \` is tmux's own terminator.
pub fn osc52(text: &str, tmux: bool) -> String {
    let inner = format!("{ESC}]52;c;{}{BEL}", base64(text.as_bytes()));
    if tmux {
        let doubled = inner.replace(ESC, &format!("{ESC}{ESC}"));
        format!("{ESC}Ptmux;{doubled}{ESC}\\")
    } else {
        inner
    }
}

/// Writes the sequence for `text` to `out` and flushes it. A text whose base64 form
/// exceeds `MAX_ENCODED` bytes is refused and nothing is written.
pub fn copy_to(out: &mut impl Write, text: &str, tmux: bool) -> io::Result<()> {
    let encoded = encoded_len(text.len());
    if encoded > MAX_ENCODED {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "the text is too long to copy through the terminal ({} bytes, {encoded} encoded; \
                 the limit is {MAX_ENCODED} encoded); select a shorter part",
                text.len()
            ),
        ));
    }
    out.write_all(osc52(text, tmux).as_bytes())?;
    out.flush()
}

/// Puts `text` on the clipboard of the user's terminal via stdout, through tmux when
/// `$TMUX` is set.
pub fn copy(text: &str) -> io::Result<()> {
    let tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    copy_to(&mut io::stdout().lock(), text, tmux)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
            assert_eq!(encoded_len(plain.len()), encoded.len(), "{plain:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
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
}
