//! What the real binary says when what it is given cannot be used: a damaged cache, a
//! cache in a folder this user may not write, empty environment variables, a malformed
//! Market address, a saved view with a filter it cannot mean. Each is named for what
//! it is, with what to do, and the exit code says usage (2) or runtime (1).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A private home, config folder and cache folder for the binary.
struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("data/cache.db")
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("config/ym-triage/config.toml")
    }

    fn write_config(&self, text: &str) {
        std::fs::create_dir_all(self.config().parent().unwrap()).unwrap();
        std::fs::write(self.config(), text).unwrap();
    }

    /// The binary with a clean environment; no Market is needed by these tests (the
    /// address is a closed port, so nothing is ever reached).
    fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ym-triage"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data-home"))
            .env("XDG_STATE_HOME", self.dir.path().join("state"))
            .env("USER", "agent1")
            .env("YM_TRIAGE_DB", self.db())
            .env("YM_API_URL", "http://127.0.0.1:9")
            .env("YM_API_KEY", "ACMA:cli-refusals:0001");
        c
    }

    /// A real cache: the simulated Market synced into it, then closed, so every page
    /// is in the main file.
    fn make_cache(&self) {
        let out = self.cmd().args(["--demo", "sync"]).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        // The cache keeps its write-ahead log between runs; empty it into the file.
        let c = rusqlite::Connection::open(self.db()).unwrap();
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
        drop(c);
        let wal = std::fs::metadata(format!("{}-wal", self.db().display()));
        assert!(
            wal.is_err() || wal.unwrap().len() == 0,
            "every page in the file"
        );
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The exit code and stderr of a run that must fail with `code`.
fn failed(out: &Output, code: i32) -> String {
    let err = text(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {err}",
        text(&out.stdout)
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Overwrites page `page` (1-based) of the SQLite file at `db` with a fixed pattern.
fn damage_page(db: &Path, page: u64, page_size: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start((page - 1) * page_size)).unwrap();
    f.write_all(&vec![0xA5; page_size as usize]).unwrap();
}

#[test]
fn a_cache_with_a_damaged_page_is_called_damaged_and_left_untouched() {
    let env = Env::new();
    env.make_cache();
    let (root, page_size): (i64, i64) = {
        let c = rusqlite::Connection::open(env.db()).unwrap();
        (
            c.query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'orders'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
            c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap(),
        )
    };
    damage_page(&env.db(), root as u64, page_size as u64);
    let before = std::fs::read(env.db()).unwrap();

    let err = failed(&env.cmd().arg("status").output().unwrap(), 1);
    assert!(
        err.contains("the cache is damaged") && err.contains("move it aside"),
        "{err}"
    );
    assert!(!err.contains("not a ym-triage cache"), "{err}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before, "left untouched");

    // A sync reaches the damaged page when it writes the orders it fetched.
    let err = failed(&env.cmd().args(["--demo", "sync"]).output().unwrap(), 1);
    assert!(err.contains("sync failed: the cache is damaged"), "{err}");
}

#[test]
fn a_cache_whose_first_page_is_damaged_is_not_called_another_programs() {
    let env = Env::new();
    env.make_cache();
    // The header after SQLite's magic string: page size, versions, payload fractions.
    {
        use std::io::{Seek, SeekFrom, Write};
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(env.db())
            .unwrap();
        f.seek(SeekFrom::Start(16)).unwrap();
        f.write_all(&[0xA5; 84]).unwrap();
    }
    let before = std::fs::read(env.db()).unwrap();
    let err = failed(&env.cmd().arg("status").output().unwrap(), 1);
    assert!(
        err.contains("a cache whose first page is damaged") && err.contains("move it aside"),
        "{err}"
    );
    assert!(!err.contains("not a ym-triage cache"), "{err}");
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn a_cache_in_a_folder_this_user_may_not_write_is_reported_as_such() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let env = Env::new();
    env.make_cache();
    let folder = env.db().parent().unwrap().to_owned();
    let mode = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
    // The file may be written; only its folder may not (SQLite creates -wal and -shm
    // there). Root may write anywhere, so as root the binary runs as `nobody`.
    let root = current_uid() == 0;
    if root {
        mode(env.dir.path(), 0o755).unwrap();
        for d in ["state", "config", "data-home"] {
            let p = env.dir.path().join(d);
            std::fs::create_dir_all(&p).unwrap();
            mode(&p, 0o777).unwrap();
        }
    }
    mode(&env.db(), 0o666).unwrap();
    mode(&folder, 0o555).unwrap();
    let before = std::fs::read(env.db()).unwrap();
    let run = |args: &[&str]| {
        let mut c = env.cmd();
        c.args(args);
        if root {
            c.uid(65534).gid(65534);
        }
        c.output().unwrap()
    };
    for args in [&["status"][..], &["sync"][..]] {
        let err = failed(&run(args), 1);
        assert!(
            err.contains(&format!(
                "this user may not write the folder {}",
                folder.display()
            )) && err.contains("-wal"),
            "{args:?}: {err}"
        );
    }
    let info = text(&run(&["info"]).stdout);
    assert!(info.contains("may not write the folder"), "{info}");
    mode(&folder, 0o755).unwrap();
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

/// This process's user id, from `/proc` (no unsafe code in the tests).
fn current_uid() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("Uid:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[test]
fn empty_environment_variables_count_as_unset() {
    let env = Env::new();
    let out = env
        .cmd()
        .env("YM_TRIAGE_DB", "")
        .env("YM_TRIAGE_CONFIG", "")
        .env("YM_API_URL", "")
        .arg("info")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let info = text(&out.stdout);
    let default_db = env.dir.path().join("data-home/ym-triage/cache.db");
    assert!(
        info.contains(&format!("cache:        {}", default_db.display())),
        "{info}"
    );
    assert!(info.contains("config file:  (none: defaults)"), "{info}");
    assert!(
        info.contains("api url:      https://api.partner.market.yandex.ru"),
        "{info}"
    );
}

#[test]
fn a_malformed_market_address_is_a_usage_error_naming_where_it_came_from() {
    let env = Env::new();
    for url in [
        "http://exa mple.ru",
        "http://",
        "https://host:99999",
        "ftp://x",
    ] {
        let err = failed(
            &env.cmd().args(["--api-url", url, "sync"]).output().unwrap(),
            2,
        );
        assert!(
            err.contains("key `--api-url`") && err.contains("is not a usable Market address"),
            "{url}: {err}"
        );
    }
    let err = failed(
        &env.cmd()
            .env("YM_API_URL", "https://api.example/?x=1")
            .arg("sync")
            .output()
            .unwrap(),
        2,
    );
    assert!(
        err.contains("key `YM_API_URL`") && err.contains("query"),
        "{err}"
    );
    env.write_config("api_url = \"http//api.partner.market.yandex.ru\"\n");
    let err = failed(
        &env.cmd()
            .env_remove("YM_API_URL")
            .arg("info")
            .output()
            .unwrap(),
        2,
    );
    assert!(
        err.contains(&env.config().display().to_string()) && err.contains("key `api_url`"),
        "{err}"
    );
}

#[test]
fn a_view_with_an_unknown_filter_field_or_value_is_a_config_error() {
    let env = Env::new();
    for (filter, said) in [
        ("modle:dbs", "`modle` is not a filter field"),
        ("model:dbs sev:p7", "`p7` is not a value of `sev`"),
    ] {
        env.write_config(&format!(
            "[[views]]\nname = \"Мои DBS\"\nfilter = \"model:dbs\"\n\n\
             [[views]]\nname = \"Опечатка\"\nfilter = \"{filter}\"\n"
        ));
        let err = failed(&env.cmd().arg("status").output().unwrap(), 2);
        assert!(
            err.contains(&env.config().display().to_string())
                && err.contains("key `views[1].filter`")
                && err.contains(said),
            "{filter}: {err}"
        );
    }
}

#[test]
fn without_a_cache_status_points_to_the_demos_and_demo_info_names_the_simulator() {
    let env = Env::new();
    // The dashboard's demo left its cache beside where the real one would be.
    let demo_db = env.db().with_file_name("demo.db");
    std::fs::create_dir_all(demo_db.parent().unwrap()).unwrap();
    drop(ym_triage::cache::Cache::open(&demo_db).unwrap());
    let err = failed(&env.cmd().arg("status").output().unwrap(), 1);
    assert!(err.contains("no cache there yet"), "{err}");
    assert!(err.contains("demo.db") && err.contains("--demo"), "{err}");

    let info = env.cmd().args(["--demo", "info"]).output().unwrap();
    let out = text(&info.stdout);
    assert!(out.contains("simulated Market"), "{out}");
    assert!(!out.contains("api.partner.market.yandex.ru"), "{out}");
}

#[test]
fn each_commands_help_lists_only_the_options_that_apply_to_it() {
    let env = Env::new();
    let help = |args: &[&str]| text(&env.cmd().args(args).output().unwrap().stdout);
    let status = help(&["status", "--help"]);
    assert!(
        status.contains("--by-agent") && status.contains("--json"),
        "{status}"
    );
    for other in ["--theme", "--read-only", "--api-url"] {
        assert!(
            !status.contains(other),
            "status --help lists {other}:\n{status}"
        );
    }
    let report = help(&["report", "--help"]);
    assert!(
        !report.contains("--theme") && !report.contains("--api-url"),
        "{report}"
    );
    let daemon = help(&["daemon", "--help"]);
    assert!(
        daemon.contains("--read-only") && daemon.contains("--api-url"),
        "{daemon}"
    );
    assert!(!daemon.contains("--theme"), "{daemon}");
    let dashboard = help(&["--help"]);
    assert!(
        dashboard.contains("--theme") && dashboard.contains("--read-only"),
        "{dashboard}"
    );
}
