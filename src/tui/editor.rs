//! Editing a text in the user's own editor ($VISUAL, else $EDITOR, else `vi`)
//! through a private temporary file. The caller gives up the terminal before and
//! takes it back after; this module only runs the editor and reads the result.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The editor run when neither $VISUAL nor $EDITOR names one.
pub const FALLBACK_EDITOR: &str = "vi";

/// Why a text could not be edited. The caller keeps the text it had.
#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error("no editor to run: the editor command is empty; set $VISUAL or $EDITOR")]
    NoCommand,
    #[error("the editor `{editor}` was not found; set $VISUAL or $EDITOR to an installed editor")]
    NotFound { editor: String },
    #[error("could not start the editor `{editor}`: {source}")]
    Start {
        editor: String,
        #[source]
        source: io::Error,
    },
    #[error("the editor `{editor}` {status}; the text was left as it was")]
    Failed { editor: String, status: ExitStatus },
    #[error("the temporary file {path}: {source}; the text was left as it was")]
    TempFile {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("the edited text in {path} is not UTF-8; the text was left as it was")]
    NotUtf8 { path: PathBuf },
}

/// The editor command the user chose: $VISUAL, then $EDITOR (blank ones skipped),
/// then `vi`.
pub fn editor_command() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|c| !c.trim().is_empty())
        .unwrap_or_else(|| FALLBACK_EDITOR.to_owned())
}

/// Lets the user edit `initial` in their editor and returns the text as saved.
pub fn edit(initial: &str) -> Result<String, EditorError> {
    edit_with(&editor_command(), initial)
}

/// Lets the user edit `initial` with the editor command `cmd` (words split on
/// whitespace, the file's path appended) and returns the text as saved. The editor
/// inherits the terminal. A trailing newline the editor added to a text that had none
/// is dropped, so a one-line message stays one line.
pub fn edit_with(cmd: &str, initial: &str) -> Result<String, EditorError> {
    let mut words = cmd.split_whitespace();
    let program = words.next().ok_or(EditorError::NoCommand)?;
    let args: Vec<&str> = words.collect();

    let (temp, mut file) = TempFile::create()?;
    let write = file
        .write_all(initial.as_bytes())
        .and_then(|()| file.flush());
    drop(file);
    write.map_err(|source| temp.error(source))?;

    let status = Command::new(program)
        .args(&args)
        .arg(temp.path())
        .status()
        .map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => EditorError::NotFound {
                editor: program.to_owned(),
            },
            _ => EditorError::Start {
                editor: program.to_owned(),
                source,
            },
        })?;
    if !status.success() {
        return Err(EditorError::Failed {
            editor: program.to_owned(),
            status,
        });
    }

    // Read by path: many editors save by writing a new file over the old one.
    let bytes = std::fs::read(temp.path()).map_err(|source| temp.error(source))?;
    let mut text = String::from_utf8(bytes).map_err(|_| EditorError::NotUtf8 {
        path: temp.path().to_owned(),
    })?;
    if !initial.ends_with('\n') {
        if text.ends_with("\r\n") {
            text.truncate(text.len() - 2);
        } else if text.ends_with('\n') {
            text.truncate(text.len() - 1);
        }
    }
    Ok(text)
}

/// A file only the user can read, in $TMPDIR, removed when dropped (on every path
/// out of `edit_with`, errors included).
struct TempFile {
    path: PathBuf,
}

impl TempFile {
    fn create() -> Result<(TempFile, File), EditorError> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let mut last = None;
        // A clash with a leftover file is possible but unlikely twice in a row.
        for _ in 0..8 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(
                "ym-triage-{}-{nanos:08x}-{n}.txt",
                std::process::id()
            ));
            match OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)
            {
                Ok(file) => return Ok((TempFile { path }, file)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some((path, e)),
                Err(source) => return Err(EditorError::TempFile { path, source }),
            }
        }
        let (path, source) = last.unwrap_or_else(|| {
            (
                dir,
                io::Error::new(io::ErrorKind::AlreadyExists, "no free name"),
            )
        });
        Err(EditorError::TempFile { path, source })
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn error(&self, source: io::Error) -> EditorError {
        EditorError::TempFile {
            path: self.path.clone(),
            source,
        }
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        // The editor may have removed it already; nothing else to do then.
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A shell script standing in for the user's editor; run as `sh <script> …`.
    struct Script {
        dir: tempfile::TempDir,
    }

    impl Script {
        fn new(body: &str) -> Script {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join("editor.sh"), body).unwrap();
            Script { dir }
        }

        fn cmd(&self) -> String {
            format!("sh {}", self.dir.path().join("editor.sh").display())
        }

        /// A side file the script may write to report what it saw.
        fn side(&self) -> PathBuf {
            self.dir.path().join("side")
        }
    }

    #[test]
    fn the_saved_text_comes_back() {
        let s = Script::new("printf 'Привезём завтра.\\n' >> \"$1\"\n");
        let text = edit_with(&s.cmd(), "Здравствуйте!\n").unwrap();
        assert_eq!(text, "Здравствуйте!\nПривезём завтра.\n");
    }

    #[test]
    fn the_file_comes_after_the_commands_own_arguments() {
        let s = Script::new("printf '%s' \"$1\" > \"$2\"\n");
        let text = edit_with(&format!("{} --wait", s.cmd()), "old").unwrap();
        assert_eq!(text, "--wait");
    }

    #[test]
    fn a_newline_the_editor_added_to_a_one_line_text_is_dropped() {
        let s = Script::new("printf 'Заказ в пути\\n' > \"$1\"\n");
        assert_eq!(edit_with(&s.cmd(), "Заказ").unwrap(), "Заказ в пути");
    }

    #[test]
    fn the_file_is_private_while_editing_and_removed_after() {
        let s = side_reporting_script("");
        edit_with(&s.cmd(), "секрет").unwrap();
        let seen = std::fs::read_to_string(s.side()).unwrap();
        let mut lines = seen.lines();
        assert_eq!(lines.next(), Some("600"));
        let path = lines.next().unwrap();
        assert!(!Path::new(path).exists(), "{path} was left behind");
    }

    /// A script that records the mode and path of the file it was given, then runs
    /// `tail`.
    fn side_reporting_script(tail: &str) -> Script {
        let s = Script::new("");
        let body = format!(
            "stat -c '%a' \"$1\" > '{side}'\nprintf '%s\\n' \"$1\" >> '{side}'\n{tail}",
            side = s.side().display()
        );
        std::fs::write(s.dir.path().join("editor.sh"), body).unwrap();
        s
    }

    #[test]
    fn a_failing_editor_is_an_error_naming_it_and_the_file_is_removed() {
        let s = side_reporting_script("exit 3\n");
        let err = edit_with(&s.cmd(), "текст").unwrap_err();
        assert!(matches!(err, EditorError::Failed { ref editor, .. } if editor == "sh"));
        assert!(err.to_string().contains("`sh`"), "{err}");
        let seen = std::fs::read_to_string(s.side()).unwrap();
        let path = seen.lines().nth(1).unwrap();
        assert!(!Path::new(path).exists(), "{path} was left behind");

        let err = edit_with("false", "текст").unwrap_err();
        assert!(err.to_string().contains("`false`"), "{err}");
    }

    #[test]
    fn a_missing_editor_is_an_error_naming_it() {
        let err = edit_with("ym-triage-no-such-editor --wait", "текст").unwrap_err();
        assert!(
            matches!(err, EditorError::NotFound { ref editor } if editor == "ym-triage-no-such-editor"),
            "{err:?}"
        );
        assert!(err.to_string().contains("set $VISUAL or $EDITOR"), "{err}");
    }

    #[test]
    fn a_blank_command_is_refused() {
        assert!(matches!(
            edit_with("  ", "текст"),
            Err(EditorError::NoCommand)
        ));
    }
}
