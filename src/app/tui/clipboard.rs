//! Copying to the user's clipboard with OSC 52: the terminal itself sets its
//! clipboard, so a copy works over SSH with nothing installed on the server.
//!
//! Inside tmux an application's own OSC 52 is dropped under tmux's default settings
//! (`set-clipboard external`, `allow-passthrough off`), so there the text is handed
//! to tmux (`tmux load-buffer -w -`): tmux keeps it as a paste buffer and sends the
//! OSC 52 to the outer terminal itself, which those defaults allow. Only when that
//! fails (a tmux older than 3.2) is the sequence wrapped for tmux's passthrough.

use std::io::{self, Write};
use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The longest base64 payload sent: terminals drop (or choke on) much longer ones.
pub const MAX_ENCODED: usize = 100_000;

const ESC: char = '\x1b';
const BEL: char = '\x07';

/// The length of the base64 form of `n` bytes, padding included.
fn encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// The OSC 52 sequence that puts `text` on the clipboard; wrapped for tmux's
/// passthrough (`ESC Ptmux; … ESC \`, inner ESCs doubled) when `tmux` is set.
/// BEL ends the inner sequence so that the only `ESC \` is tmux's own terminator.
pub fn osc52(text: &str, tmux: bool) -> String {
    let inner = format!("{ESC}]52;c;{}{BEL}", STANDARD.encode(text.as_bytes()));
    if tmux {
        let doubled = inner.replace(ESC, &format!("{ESC}{ESC}"));
        format!("{ESC}Ptmux;{doubled}{ESC}\\")
    } else {
        inner
    }
}

/// Refuses a text whose base64 form exceeds `MAX_ENCODED` bytes.
fn check_size(text: &str) -> io::Result<()> {
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
    Ok(())
}

/// Writes the sequence for `text` to `out` and flushes it. A text over the size cap
/// is refused and nothing is written.
pub fn copy_to(out: &mut impl Write, text: &str, tmux: bool) -> io::Result<()> {
    check_size(text)?;
    out.write_all(osc52(text, tmux).as_bytes())?;
    out.flush()
}

/// Hands `text` to tmux: a paste buffer, and (`-w`) the outer terminal's clipboard.
fn tmux_load_buffer(text: &str) -> io::Result<()> {
    let mut child = Command::new("tmux")
        .args(["load-buffer", "-w", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(text.as_bytes())?;
    }
    let status = child.wait()?;
    if status.success() {
        Ok(())
    } else {
        Err(io::Error::other(format!("tmux load-buffer {status}")))
    }
}

/// Puts `text` on the clipboard of the user's terminal: through tmux when `$TMUX` is
/// set, else as OSC 52 on stdout.
pub fn copy(text: &str) -> io::Result<()> {
    check_size(text)?;
    let tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    if tmux && tmux_load_buffer(text).is_ok() {
        return Ok(());
    }
    copy_to(&mut io::stdout().lock(), text, tmux)
}

#[cfg(test)]
mod tests;
