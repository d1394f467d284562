use super::*;

#[test]
fn key_at_names_the_table_and_the_key() {
    let text = "db = \"x\"\n[risk]\nstale_days = \"three\"\n";
    let offset = text.find("\"three\"").unwrap();
    assert_eq!(key_at(text, offset).as_deref(), Some("risk.stale_days"));
}

#[test]
fn unknown_key_is_an_error_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "db = \"/tmp/x.db\"\n\n[sync]\nlookbak_days = 3\n").unwrap();
    let err = parse_file(&path).unwrap_err();
    assert_eq!(err.line, Some(4));
    assert_eq!(err.key.as_deref(), Some("sync.lookbak_days"));
    assert!(err.to_string().contains("config.toml, line 4"), "{err}");
}

#[test]
fn key_file_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key");
    std::fs::write(&path, "ACMA:secret\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = read_key_file(&path).unwrap_err();
    assert!(err.contains("chmod 600"), "{err}");
    assert!(!err.contains("secret"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert!(read_key_file(&path).is_ok());
}
