//! The terminal: raw mode and the alternate screen on the way in, and restored on every
//! way out — normal exit, `q`, Ctrl-C, SIGTERM, SIGHUP and panic (the panic goes to the
//! log file; the terminal is usable after). Frames are drawn inside synchronized
//! updates so nothing tears over SSH. Mouse capture stays off.

use std::io::{self, Stdout, Write};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{
    cursor, event, execute,
    terminal::{self, BeginSynchronizedUpdate, EndSynchronizedUpdate},
};

/// The dashboard's terminal.
pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Restores the terminal when dropped.
pub struct Guard {
    /// Never dropped: ratatui's `Terminal` prints to stderr when it cannot show the
    /// cursor on drop, and with the SSH link gone that print panics. `restore` does
    /// the same work without printing.
    terminal: std::mem::ManuallyDrop<Term>,
}

/// Leaves raw mode and the alternate screen; safe to call twice.
pub fn restore() {
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        EndSynchronizedUpdate,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}

impl Guard {
    /// Enters raw mode and the alternate screen, and installs a panic hook that
    /// restores the terminal first, then logs the panic and tells the user where.
    pub fn enter() -> io::Result<Guard> {
        // Replaces the default hook: its message would land on the alternate screen.
        std::panic::set_hook(Box::new(|info| {
            restore();
            let backtrace = std::backtrace::Backtrace::force_capture();
            tracing::error!(panic = %info, %backtrace, "panic");
            let _ = writeln!(
                io::stderr(),
                "ym-triage stopped on an internal error: {}\nDetails are in the log file.",
                crate::base::text::clean_lines(&info.to_string())
            );
        }));
        terminal::enable_raw_mode()?;
        // Pasted text comes as one event, into the text being typed, not as keys.
        execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            event::EnableBracketedPaste,
            cursor::Hide
        )?;
        let terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        Ok(Guard {
            terminal: std::mem::ManuallyDrop::new(terminal),
        })
    }

    /// Draws one whole frame inside a synchronized update.
    pub fn draw(&mut self, f: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        execute!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(f)?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        self.terminal.backend_mut().flush()
    }
}

impl Guard {
    /// Leaves the full screen while `f` runs (an external editor), then comes back
    /// and redraws everything on the next frame.
    pub fn suspend<T>(&mut self, f: impl FnOnce() -> T) -> io::Result<T> {
        restore();
        let out = f();
        terminal::enable_raw_mode()?;
        execute!(
            io::stdout(),
            terminal::EnterAlternateScreen,
            event::EnableBracketedPaste,
            terminal::Clear(terminal::ClearType::All),
            cursor::Hide
        )?;
        // A new terminal has an empty back buffer, so the next frame is drawn whole.
        // (`Terminal::clear` would ask the terminal where the cursor is, and that answer
        // can be lost right after another program had the keyboard.) The old one is
        // never dropped, as in `Guard`.
        let fresh = Terminal::new(CrosstermBackend::new(io::stdout()))?;
        std::mem::forget(std::mem::replace(&mut *self.terminal, fresh));
        Ok(out)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}
