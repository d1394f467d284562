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
