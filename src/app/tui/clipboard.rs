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
mod tests;
