//! Editing a text in the user's own editor ($VISUAL, else $EDITOR, else `vi`)
//! through a private temporary file. The caller gives up the terminal before and
//! takes it back after; this module only runs the editor and reads the result.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};

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

/// A file only the user can read (created 0600 and exclusively by `tempfile`), in
/// $TMPDIR, removed when dropped — on every path out of `edit_with`, errors included.
struct TempFile {
    file: tempfile::NamedTempFile,
}

impl TempFile {
    fn create() -> Result<(TempFile, File), EditorError> {
        let dir = std::env::temp_dir();
        let file = tempfile::Builder::new()
            .prefix("ym-triage-")
            .suffix(".txt")
            .tempfile_in(&dir)
            .map_err(|source| EditorError::TempFile { path: dir, source })?;
        let handle = file.reopen().map_err(|source| EditorError::TempFile {
            path: file.path().to_owned(),
            source,
        })?;
        Ok((TempFile { file }, handle))
    }

    fn path(&self) -> &Path {
        self.file.path()
    }

    fn error(&self, source: io::Error) -> EditorError {
        EditorError::TempFile {
            path: self.path().to_owned(),
            source,
        }
    }
}

#[cfg(test)]
mod tests;
