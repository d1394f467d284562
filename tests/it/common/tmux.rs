//! Driving the real binary in a tmux pane as a person would: keys in with
//! `send-keys`, the screen out with `capture-pane`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs tmux on the test's own socket and returns what it printed.
pub fn tmux(socket: &Path, args: &[&str]) -> String {
    let out = Command::new("tmux")
        .arg("-S")
        .arg(socket)
        .args(args)
        .output()
        .expect("tmux must be installed to run this test (apt-get install tmux)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The pane's text now.
pub fn screen(socket: &Path) -> String {
    tmux(socket, &["capture-pane", "-p", "-t", "t"])
}

/// Sends keys as tmux names them ("Enter", "Escape", "]").
pub fn keys(socket: &Path, keys: &[&str]) {
    for k in keys {
        tmux(socket, &["send-keys", "-t", "t", k]);
        std::thread::sleep(Duration::from_millis(60));
    }
}

/// Types text literally.
pub fn type_text(socket: &Path, text: &str) {
    tmux(socket, &["send-keys", "-t", "t", "-l", text]);
}

/// Waits until the screen satisfies `ok`, or fails showing what was on it.
pub fn wait_for(socket: &Path, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let s = screen(socket);
        if ok(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}; screen:\n{s}"
        );
        std::thread::sleep(Duration::from_millis(150));
    }
}

/// A tmux server of one test, killed when dropped.
pub struct Session {
    pub socket: PathBuf,
}

impl Session {
    /// Starts a detached session `t` of `cols`×`rows` running `script` in `sh`, with
    /// `env` set in the pane.
    pub fn start(
        dir: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, String)],
        script: &str,
    ) -> Session {
        // A socket of its own: a server killed a moment ago may still hold the last
        // one, and a new session on it fails.
        static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = dir.join(format!("tmux-{n}.sock"));
        let (x, y) = (cols.to_string(), rows.to_string());
        let mut cmd = Command::new("tmux");
        cmd.arg("-S").arg(&socket).args([
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &x,
            "-y",
            &y,
        ]);
        for (k, v) in env {
            cmd.args(["-e", &format!("{k}={v}")]);
        }
        let status = cmd
            .arg(script)
            .status()
            .expect("tmux must be installed to run this test (apt-get install tmux)");
        assert!(status.success());
        Session { socket }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        tmux(&self.socket, &["kill-server"]);
    }
}
