//! Each setting that comes from more than one place, resolved: the flag wins over the
//! environment, the environment over the file. An error names where the bad value came
//! from.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{
    ConfigError, DEFAULT_API_URL, Dirs, FileConfig, SYSTEM_CONFIG, ViewConfig, env_value, present,
    read_key_file,
};
use crate::app::cli::GlobalArgs;
use crate::app::tui::keymap::Keymap;
use crate::app::tui::state::{Section, SortKey};
use crate::market::ApiKey;

/// Which config file is in effect: the one named by `--config` or `YM_TRIAGE_CONFIG`
/// (an error if it is missing), else the user's, else the system's, else none.
pub(super) fn config_file(args: &GlobalArgs, dirs: &Dirs) -> Result<Option<PathBuf>, ConfigError> {
    let named = args
        .config
        .clone()
        .or_else(|| env_value("YM_TRIAGE_CONFIG").map(PathBuf::from));
    if let Some(p) = named {
        return if present(&p)? {
            Ok(Some(p))
        } else {
            Err(ConfigError::plain(
                Some(&p),
                None,
                "the file does not exist; check --config or YM_TRIAGE_CONFIG",
            ))
        };
    }
    for p in [
        dirs.config.join("config.toml"),
        PathBuf::from(SYSTEM_CONFIG),
    ] {
        if present(&p)? {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// Whether the file's `[risk]`, `[incident]` and `[sync]` tables hold usable values.
pub(super) fn check_sections(parsed: &FileConfig, file: Option<&Path>) -> Result<(), ConfigError> {
    parsed
        .risk
        .validate()
        .map_err(|(key, msg)| ConfigError::plain(file, Some(&format!("risk.{key}")), msg))?;
    parsed
        .incident
        .validate()
        .map_err(|(key, msg)| ConfigError::plain(file, Some(key), msg))?;
    parsed
        .sync
        .validate()
        .map_err(|(key, msg)| ConfigError::plain(file, Some(&format!("sync.{key}")), msg))
}

/// The default keymap with the file's `[keymap]` overrides applied.
pub(super) fn keymap(
    overrides: &BTreeMap<String, BTreeMap<String, Vec<String>>>,
    file: Option<&Path>,
) -> Result<Keymap, ConfigError> {
    Keymap::with_overrides(overrides).map_err(|e| {
        let key = e.0.split(':').next().map(str::to_owned);
        ConfigError {
            file: file.map(Path::to_path_buf),
            line: None,
            key,
            message: e.0.clone(),
        }
    })
}

/// The file's saved views as list sections, each checked: a name, a known sort, a
/// filter the list understands.
pub(super) fn views(
    views: &[ViewConfig],
    file: Option<&Path>,
) -> Result<Vec<Section>, ConfigError> {
    let mut sections = Vec::new();
    for (i, v) in views.iter().enumerate() {
        let sort = match &v.sort {
            None => SortKey::Urgency,
            Some(id) => SortKey::from_id(id).ok_or_else(|| {
                ConfigError::plain(
                    file,
                    Some(&format!("views[{i}].sort")),
                    format!("{id:?} is not a sort (urgency, due, value, updated, order_id)"),
                )
            })?,
        };
        if v.name.trim().is_empty() {
            return Err(ConfigError::plain(
                file,
                Some(&format!("views[{i}].name")),
                "a view needs a name",
            ));
        }
        crate::app::tui::select::check_view_filter(&v.filter)
            .map_err(|msg| ConfigError::plain(file, Some(&format!("views[{i}].filter")), msg))?;
        sections.push(Section::View {
            name: v.name.clone(),
            filter: v.filter.clone(),
            sort,
        });
    }
    Ok(sections)
}

/// The API key and where it came from (`YM_API_KEY`, else the file's `api_key_file`);
/// a key file this user may not read gives no key but still names its source.
pub(super) fn api_key(
    key_file: Option<&Path>,
    file: Option<&Path>,
) -> Result<(Option<ApiKey>, Option<String>), ConfigError> {
    if let Ok(k) = std::env::var("YM_API_KEY")
        && !k.trim().is_empty()
    {
        return Ok((Some(ApiKey::new(k.trim())), Some("YM_API_KEY".into())));
    }
    let Some(p) = key_file else {
        return Ok((None, None));
    };
    let key =
        read_key_file(p).map_err(|msg| ConfigError::plain(file, Some("api_key_file"), msg))?;
    let source = match key {
        Some(_) => p.display().to_string(),
        None => format!("{} (its owner's: not readable by this user)", p.display()),
    };
    Ok((key, Some(source)))
}

/// The Market's base URL from `--api-url`, `YM_API_URL`, the file's `api_url` or the
/// default, checked.
pub(super) fn api_url(
    args: &GlobalArgs,
    from_file: Option<String>,
    file: Option<&Path>,
) -> Result<String, ConfigError> {
    let (api_url, url_file, url_key) = match (&args.api_url, env_value("YM_API_URL")) {
        (Some(u), _) => (u.clone(), None, "--api-url"),
        (None, Some(u)) => (u, None, "YM_API_URL"),
        (None, None) => match from_file {
            Some(u) => (u, file, "api_url"),
            None => (DEFAULT_API_URL.to_owned(), None, "api_url"),
        },
    };
    check_api_url(&api_url, url_file, url_key)?;
    Ok(api_url)
}

/// Checks the Market's base URL: an absolute http(s) URL with a host, and no query or
/// fragment (the client appends the endpoints' paths to it). `key` names where it came
/// from: `--api-url`, `YM_API_URL` or the file's `api_url`.
fn check_api_url(url: &str, file: Option<&Path>, key: &str) -> Result<(), ConfigError> {
    let bad = |why: String| {
        ConfigError::plain(
            file,
            Some(key),
            format!(
                "{url:?} is not a usable Market address ({why}); expected e.g. {DEFAULT_API_URL}"
            ),
        )
    };
    let parsed = reqwest::Url::parse(url).map_err(|e| bad(e.to_string()))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(bad("it must start with http:// or https://".into()));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("it names no host".into()));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it must not carry a query or a fragment".into()));
    }
    Ok(())
}
