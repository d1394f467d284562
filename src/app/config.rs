//! File + environment + flags → one validated `Config`. A config error names the
//! file, the line and the key, and how to fix it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::cli::GlobalArgs;
use crate::app::tui::keymap::Keymap;
use crate::app::tui::state::Section;
use crate::app::tui::theme::ThemeName;
use crate::base::lang::Lang;
use crate::domain::incident::IncidentConfig;
use crate::domain::risk::Thresholds;
use crate::market::ApiKey;
use crate::service::sync::SyncSettings;

/// The real Market's API.
pub const DEFAULT_API_URL: &str = "https://api.partner.market.yandex.ru";
/// Where a shared server keeps the config every agent uses.
pub const SYSTEM_CONFIG: &str = "/etc/ym-triage/config.toml";

/// Everything a command needs to know, validated.
#[derive(Debug)]
pub struct Config {
    /// The config file in effect, if any.
    pub file: Option<PathBuf>,
    pub db: PathBuf,
    pub api_url: String,
    /// Where the key came from, never the key itself.
    pub api_key_source: Option<String>,
    pub api_key: Option<ApiKey>,
    pub log_dir: PathBuf,
    /// The user's own log folder, for when `log_dir` is the daemon's and not theirs
    /// to write.
    pub own_log_dir: PathBuf,
    pub lang: Lang,
    pub demo: bool,
    /// `--fresh`: the demo starts over.
    pub fresh: bool,
    pub read_only: bool,
    /// Users who may only read (config `read_only_users`); the daemon refuses their
    /// commands whatever their screens allow.
    pub read_only_users: Vec<String>,
    pub sync: SyncSettings,
    pub risk: Thresholds,
    /// Date-move budget, compensation catalogue and carriers of the workflow.
    pub incident: IncidentConfig,
    /// The theme asked for by flag or file (`NO_COLOR` is applied by the dashboard).
    pub theme: Option<ThemeName>,
    pub keymap: Keymap,
    /// Saved views: extra list sections.
    pub views: Vec<Section>,
    /// The user's message templates (`<dir>/ru/*.md`, `<dir>/en/*.md`): `templates/`
    /// beside the config file in effect, else in the user's config folder.
    pub templates_dir: PathBuf,
    /// `[agents]`: Unix user → display name, for signing messages.
    pub agents: BTreeMap<String, String>,
    /// The team's signature, for agents without a display name.
    pub signature: Option<String>,
}

/// A saved view in the config: `[[views]] name = "…" filter = "…" sort = "due"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViewConfig {
    name: String,
    #[serde(default)]
    filter: String,
    #[serde(default)]
    sort: Option<String>,
}

/// A config that cannot be used: where, which key, what is wrong.
#[derive(Debug)]
pub struct ConfigError {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("config error")?;
        if let Some(file) = &self.file {
            write!(f, " in {}", file.display())?;
            if let Some(line) = self.line {
                write!(f, ", line {line}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ", key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    fn plain(file: Option<&Path>, key: Option<&str>, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.map(Path::to_path_buf),
            line: None,
            key: key.map(str::to_owned),
            message: message.into(),
        }
    }
}

/// The file's shape. Unknown keys are errors, so a typo is caught, not ignored.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    db: Option<PathBuf>,
    /// Unix users whose dashboard is read-only whatever their flags (observers,
    /// trainees): the config's role of "may read, may not act".
    #[serde(default)]
    read_only_users: Vec<String>,
    api_url: Option<String>,
    api_key_file: Option<PathBuf>,
    log_dir: Option<PathBuf>,
    lang: Option<Lang>,
    #[serde(default)]
    sync: SyncSettings,
    #[serde(default)]
    risk: Thresholds,
    #[serde(default)]
    incident: IncidentConfig,
    theme: Option<ThemeName>,
    #[serde(default)]
    keymap: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    #[serde(default)]
    views: Vec<ViewConfig>,
    /// `[agents]`: Unix user → the name they sign messages with.
    #[serde(default)]
    agents: BTreeMap<String, String>,
    /// The team's signature, for agents without a name in `[agents]`.
    signature: Option<String>,
}

/// Where things live by default, from the XDG base directories.
struct Dirs {
    config: PathBuf,
    data: PathBuf,
    state: PathBuf,
}

fn dirs() -> Dirs {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| ".".into());
    let xdg = |var: &str, fallback: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home.join(fallback))
    };
    Dirs {
        config: xdg("XDG_CONFIG_HOME", ".config").join("ym-triage"),
        data: xdg("XDG_DATA_HOME", ".local/share").join("ym-triage"),
        state: xdg("XDG_STATE_HOME", ".local/state").join("ym-triage"),
    }
}

/// An environment variable that is set to something: an empty (or blank) value counts
/// as unset, as a shell's `VAR=` usually means "not this one".
fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Reads the config file (flag, `YM_TRIAGE_CONFIG`, the user's, then the system's),
    /// the environment and the flags, flags winning. Empty environment variables count
    /// as unset.
    pub fn load(args: &GlobalArgs) -> Result<Config, ConfigError> {
        let dirs = dirs();
        let file = resolve::config_file(args, &dirs)?;
        let parsed = match &file {
            Some(path) => parse_file(path)?,
            None => FileConfig::default(),
        };
        resolve::check_sections(&parsed, file.as_deref())?;
        let keymap = resolve::keymap(&parsed.keymap, file.as_deref())?;
        let views = resolve::views(&parsed.views, file.as_deref())?;
        let (api_key, api_key_source) =
            resolve::api_key(parsed.api_key_file.as_deref(), file.as_deref())?;
        let api_url = resolve::api_url(args, parsed.api_url, file.as_deref())?;
        let default_db = if args.demo { "demo.db" } else { "cache.db" };
        Ok(Config {
            db: args
                .db
                .clone()
                .or_else(|| env_value("YM_TRIAGE_DB").map(PathBuf::from))
                .or(parsed.db)
                .unwrap_or_else(|| dirs.data.join(default_db)),
            api_url,
            api_key,
            api_key_source,
            own_log_dir: dirs.state.clone(),
            log_dir: parsed.log_dir.unwrap_or(dirs.state),
            lang: args.lang.or(parsed.lang).unwrap_or(Lang::Ru),
            demo: args.demo,
            fresh: args.fresh,
            read_only: args.read_only
                || parsed
                    .read_only_users
                    .contains(&crate::base::whoami::user()),
            read_only_users: parsed.read_only_users,
            sync: parsed.sync,
            risk: parsed.risk,
            incident: parsed.incident,
            theme: args.theme.or(parsed.theme),
            keymap,
            views,
            agents: parsed.agents,
            signature: parsed.signature.filter(|s| !s.trim().is_empty()),
            templates_dir: file
                .as_deref()
                .and_then(Path::parent)
                .map_or_else(|| dirs.config.join("templates"), |d| d.join("templates")),
            file,
        })
    }
}

impl Config {
    /// How `user`'s messages are signed: their name from `[agents]`, else the team's
    /// `signature`; never the Unix login (`None`: the template's neutral words).
    pub fn signature_for(&self, user: &str) -> Option<String> {
        self.agents
            .get(user)
            .filter(|n| !n.trim().is_empty())
            .cloned()
            .or_else(|| self.signature.clone())
    }

    /// What the service needs of the config to carry out commands.
    pub fn service_context(&self) -> crate::service::Context {
        crate::service::Context {
            risk: self.risk.clone(),
            incident: self.incident.clone(),
            read_only_users: self.read_only_users.clone(),
        }
    }
}

/// Whether a config file is there: `Ok(false)` only when nothing is at the path. A file
/// (or a folder on its way) this user may not read is an error that says so, not a
/// missing file: an agent outside the daemon's group must not silently get defaults.
fn present(path: &Path) -> Result<bool, ConfigError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => match std::fs::File::open(path) {
            Ok(_) => Ok(true),
            Err(e) => Err(ConfigError::plain(
                Some(path),
                None,
                format!("cannot read the file: {e}"),
            )),
        },
        Ok(_) => Err(ConfigError::plain(Some(path), None, "not a file")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(ConfigError::plain(
            Some(path),
            None,
            format!("cannot read the file: {e}"),
        )),
    }
}

fn parse_file(path: &Path) -> Result<FileConfig, ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError::plain(Some(path), None, format!("cannot read the file: {e}")))?;
    toml::from_str::<FileConfig>(&text).map_err(|e| {
        let start = e.span().map_or(0, |s| s.start.min(text.len()));
        // An unknown key is reported at its table's header: find the key's own line.
        let offset = quoted_name(e.message())
            .and_then(|name| find_key_line(&text, start, &name))
            .unwrap_or(start);
        let line = e.span().map(|_| {
            text[..offset].lines().count().max(1) + usize::from(text[..offset].ends_with('\n'))
        });
        let key = key_at(&text, offset).or_else(|| quoted_name(e.message()));
        ConfigError {
            file: Some(path.to_path_buf()),
            line,
            key,
            message: e.message().to_owned(),
        }
    })
}

/// The offset of the first line at or after `from` that defines `name = …`.
fn find_key_line(text: &str, from: usize, name: &str) -> Option<usize> {
    let mut offset = text[..from].rfind('\n').map_or(0, |i| i + 1);
    for line in text[offset..].split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(name)
            .is_some_and(|r| r.trim_start().starts_with('='))
        {
            return Some(offset + (line.len() - t.len()));
        }
        offset += line.len();
    }
    None
}

/// The dotted key of the line that holds `offset`, with its `[table]` prefix.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let before = &text[..offset.min(text.len())];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next()?;
    let name = line.split('=').next()?.trim();
    if name.is_empty() || name.starts_with('[') {
        return None;
    }
    let table = before
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim().to_owned());
    Some(match table {
        Some(t) => format!("{t}.{name}"),
        None => name.to_owned(),
    })
}

/// The first `` `name` `` in a message ("unknown field `x`").
fn quoted_name(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_owned())
}

/// Reads the key from a file that only its owner may read, as ssh treats a private key.
/// A key file this user may not read is no key here (`None`): on a shared server the
/// agents share the config with the service account that holds the key, and their
/// dashboards follow the cache while the daemon sends.
fn read_key_file(path: &Path) -> Result<Option<ApiKey>, String> {
    use std::os::unix::fs::PermissionsExt;
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "{} is readable by group or others (mode {mode:o}); run `chmod 600 {}`",
            path.display(),
            path.display()
        ));
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => return Ok(None),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let key = text.trim();
    if key.is_empty() {
        return Err(format!("{} is empty", path.display()));
    }
    Ok(Some(ApiKey::new(key)))
}

mod resolve;
#[cfg(test)]
mod tests;
