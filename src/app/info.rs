//! `ym-triage info`: the paths and the config in effect, who holds the sync lease, the
//! cache's counts and the outbox's state — and a warning for every file of the shared
//! set-up that others may read, or that the agents could write behind the daemon.

use std::path::{Path, PathBuf};

use chrono::Utc;

use crate::app::commands::Exit;
use crate::app::config::Config;
use crate::base::text::clean;
use crate::cache::Cache;

/// `ym-triage info`.
pub fn run(cfg: &Config) -> anyhow::Result<Exit> {
    print_setup(cfg);
    match Cache::open_existing(&cfg.db) {
        Ok(cache) => print_cache(&cache)?,
        Err(e) => println!("cache state:  {}", clean(&e.to_string())),
    }
    let socket = crate::service::socket::path_for(&cfg.db);
    println!(
        "daemon:       {}",
        if socket.exists() {
            format!("serves this cache on {}", shown(&socket))
        } else {
            "none serves this cache (no socket)".to_owned()
        }
    );
    for w in exposure(cfg) {
        println!("warning:      {}", clean(&w));
    }
    Ok(0)
}

/// What the config says: the paths, the Market, whether this user may act, the key.
fn print_setup(cfg: &Config) {
    let file = cfg
        .file
        .as_ref()
        .map_or("(none: defaults)".into(), |f| shown(f));
    println!("config file:  {file}");
    println!("cache:        {}", shown(&cfg.db));
    println!("log folder:   {}", shown(&cfg.log_dir));
    if cfg.demo {
        println!(
            "api url:      the built-in simulated Market, on a loopback port while a command runs"
        );
    } else {
        println!("api url:      {}", clean(&cfg.api_url));
    }
    println!(
        "acting:       {}",
        if cfg.read_only {
            "read-only (--read-only, or read_only_users in the config)"
        } else {
            "allowed"
        }
    );
    println!(
        "api key:      {}",
        match (&cfg.api_key, cfg.api_key_source.as_deref()) {
            (Some(_), Some(s)) => format!("set, from {}", clean(s)),
            (None, Some(s)) => format!("not here: {}; the daemon sends and syncs", clean(s)),
            _ if cfg.demo => "none needed: --demo works against the simulated Market".into(),
            _ => "none (the dashboard runs on the simulated Market)".into(),
        }
    );
}

/// What the cache holds: the sync lease and the last sync, the counts, the outbox.
fn print_cache(cache: &Cache) -> anyhow::Result<()> {
    let now = Utc::now();
    match cache.lease()? {
        Some(l) if l.expires_at > now => println!(
            "sync lease:   {} (pid {} on {}) since {}, {}",
            clean(&l.holder),
            l.pid,
            clean(&l.host),
            l.acquired_at,
            clean(&l.progress)
        ),
        _ => println!("sync lease:   free"),
    }
    match cache.last_sync()? {
        Some(r) => println!(
            "last sync:    {} by {}@{}",
            r.finished_at,
            clean(&r.holder),
            clean(&r.host)
        ),
        None => println!("last sync:    never"),
    }
    println!("orders:       {}", cache.order_count()?);
    println!("events:       {}", cache.event_count()?);
    println!("campaigns:    {}", cache.campaigns()?.len());
    let o = cache.outbox_summary(now - chrono::Duration::hours(24))?;
    println!(
        "outbox:       {} queued, {} sending, {} retrying, {} failed in 24 h",
        o.queued, o.sending, o.retrying, o.failed
    );
    if let Some(f) = &o.last_failure {
        println!(
            "last refusal: {} {} at {}: {}",
            clean(&f.kind),
            f.order_id.unwrap_or(0),
            f.at,
            clean(&f.error)
        );
    }
    Ok(())
}

/// The files of a set-up whose modes matter: (what, path, part of the cache).
fn guarded_paths(cfg: &Config) -> Vec<(&'static str, PathBuf, bool)> {
    let suffixed = |s: &str| {
        let mut p = cfg.db.as_os_str().to_owned();
        p.push(s);
        PathBuf::from(p)
    };
    let mut out = vec![
        ("the cache", cfg.db.clone(), true),
        ("the cache's write-ahead log", suffixed("-wal"), true),
        ("the cache's log index", suffixed("-shm"), true),
        (
            "the daemon's socket",
            crate::service::socket::path_for(&cfg.db),
            false,
        ),
        ("the log folder", cfg.log_dir.clone(), false),
        ("the log", cfg.log_dir.join("ym-triage.log"), false),
    ];
    if let Some(dir) = cfg.db.parent().filter(|d| !d.as_os_str().is_empty()) {
        out.insert(0, ("the cache's folder", dir.to_owned(), false));
    }
    out
}

/// A warning for each guarded file that others may read, or — with a daemon serving
/// the cache — that the agents' group could write.
pub fn exposure(cfg: &Config) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let served = crate::service::socket::path_for(&cfg.db).exists();
    let mut warnings = Vec::new();
    for (what, path, cache_file) in guarded_paths(cfg) {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o007 != 0 {
            warnings.push(format!(
                "{what} {} has mode {mode:o}: others may read it; run `chmod o-rwx {}`",
                path.display(),
                path.display()
            ));
        }
        if served && cache_file && mode & 0o020 != 0 {
            warnings.push(format!(
                "{what} {} has mode {mode:o}: the agents' group may write it behind the daemon; run `chmod g-w {}`",
                path.display(),
                path.display()
            ));
        }
    }
    warnings
}

fn shown(p: &Path) -> String {
    clean(&p.display().to_string()).into_owned()
}
