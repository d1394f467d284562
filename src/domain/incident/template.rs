//! Message templates: Markdown files with `{{variable}}` and `{{variable|fallback}}`
//! placeholders and an optional front matter (`title:`, `audience: buyer|carrier`),
//! shipped in `assets/templates/{ru,en}/` and overridable file by file from a user's
//! directory of the same layout. Rendering never leaves a raw `{{…}}`: an empty value
//! takes the placeholder's fallback, or else a neutral default for that variable.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::lint::{Audience, LintOptions};
use super::steps::Step;
use super::template_vars::greeting;
pub use super::template_vars::{
    Vars, cancellation_text, date_reason_text, default_value, format_date,
};
use crate::base::lang::Lang;
use crate::domain::order::Order;
use crate::domain::risk::Rule;

/// Every variable a template may use. `greeting` is derived from `buyer_first_name`
/// when not set, so a template can open with "Здравствуйте, Анна!" or "Здравствуйте!".
pub const VARIABLES: &[&str] = &[
    "order_id",
    "buyer_first_name",
    "greeting",
    "items",
    "old_date",
    "new_date",
    "carrier",
    "track",
    "agent",
    "compensation",
    "delivery_date",
    "storage_date",
    "city",
    "value",
    "reason",
    "problem",
];

/// The templates shipped with the program, for the directory layout in `load` and for
/// [`builtin`] when the assets are not on disk (an installed binary).
pub const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "ru",
        "delay_apology",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/delay_apology.md"
        )),
    ),
    (
        "ru",
        "date_moved",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/date_moved.md"
        )),
    ),
    (
        "ru",
        "carrier_changed",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/carrier_changed.md"
        )),
    ),
    (
        "ru",
        "lost_parcel",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/lost_parcel.md"
        )),
    ),
    (
        "ru",
        "pickup_reminder",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/pickup_reminder.md"
        )),
    ),
    (
        "ru",
        "compensation_offer",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/compensation_offer.md"
        )),
    ),
    (
        "ru",
        "cancellation_answer",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/cancellation_answer.md"
        )),
    ),
    (
        "ru",
        "carrier_inquiry",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/ru/carrier_inquiry.md"
        )),
    ),
    (
        "en",
        "delay_apology",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/delay_apology.md"
        )),
    ),
    (
        "en",
        "date_moved",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/date_moved.md"
        )),
    ),
    (
        "en",
        "carrier_changed",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/carrier_changed.md"
        )),
    ),
    (
        "en",
        "lost_parcel",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/lost_parcel.md"
        )),
    ),
    (
        "en",
        "pickup_reminder",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/pickup_reminder.md"
        )),
    ),
    (
        "en",
        "compensation_offer",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/compensation_offer.md"
        )),
    ),
    (
        "en",
        "cancellation_answer",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/cancellation_answer.md"
        )),
    ),
    (
        "en",
        "carrier_inquiry",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/templates/en/carrier_inquiry.md"
        )),
    ),
];

/// One message template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// The file name without `.md`: what a user's file overrides by.
    pub name: String,
    pub lang: Lang,
    /// From the front matter, or the name.
    pub title: String,
    pub audience: Audience,
    pub body: String,
    /// Where it was read from; `None` for a built-in one.
    pub path: Option<PathBuf>,
    /// True when it comes from the user's directory.
    pub user: bool,
}

impl Template {
    /// Reads a template's text. Errors name the line and what is wrong.
    pub fn parse(name: &str, lang: Lang, text: &str) -> Result<Template, String> {
        let mut title = name.to_owned();
        let mut audience = Audience::Buyer;
        let mut body = text;
        if let Some(rest) = text
            .strip_prefix("---\n")
            .or_else(|| text.strip_prefix("---\r\n"))
        {
            let mut consumed = text.len() - rest.len();
            let mut closed = false;
            for (i, line) in rest.split_inclusive('\n').enumerate() {
                consumed += line.len();
                let line = line.trim();
                if line == "---" {
                    closed = true;
                    break;
                }
                if line.is_empty() {
                    continue;
                }
                let (key, value) = line.split_once(':').ok_or_else(|| {
                    format!("line {}: expected `key: value`, got {line:?}", i + 2)
                })?;
                match key.trim() {
                    "title" => title = value.trim().to_owned(),
                    "audience" => {
                        audience = Audience::parse(value).ok_or_else(|| {
                            format!(
                                "line {}: audience must be buyer or carrier, not {:?}",
                                i + 2,
                                value.trim()
                            )
                        })?;
                    }
                    other => {
                        return Err(format!(
                            "line {}: unknown key `{other}` (known: title, audience)",
                            i + 2
                        ));
                    }
                }
            }
            if !closed {
                return Err("the front matter opened with `---` is never closed".into());
            }
            body = &text[consumed..];
        }
        for p in placeholders(body)? {
            if !VARIABLES.contains(&p.name.as_str()) {
                return Err(format!(
                    "unknown variable {{{{{}}}}} (known: {})",
                    p.name,
                    VARIABLES.join(", ")
                ));
            }
        }
        Ok(Template {
            name: name.to_owned(),
            lang,
            title,
            audience,
            body: body.trim().to_owned(),
            path: None,
            user: false,
        })
    }

    /// The lint options for a message drafted from this template.
    pub fn lint_options(&self, order: Option<&Order>) -> LintOptions {
        LintOptions {
            audience: self.audience,
            known_numbers: order
                .map(|o| {
                    std::iter::once(o.order_id.to_string())
                        .chain(o.tracks.iter().cloned())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

struct Placeholder {
    range: std::ops::Range<usize>,
    name: String,
    fallback: Option<String>,
}

fn placeholders(body: &str) -> Result<Vec<Placeholder>, String> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = body[from..].find("{{").map(|i| i + from) {
        let close = body[open..]
            .find("}}")
            .map(|i| i + open)
            .ok_or_else(|| format!("`{{{{` at byte {open} is never closed"))?;
        let inner = &body[open + 2..close];
        let (name, fallback) = match inner.split_once('|') {
            Some((n, f)) => (n, Some(f.to_owned())),
            None => (inner, None),
        };
        out.push(Placeholder {
            range: open..close + 2,
            name: name.trim().to_owned(),
            fallback,
        });
        from = close + 2;
    }
    Ok(out)
}

/// Fills a template. An empty value takes the placeholder's fallback, or else the
/// variable's default; the result never contains a raw `{{…}}`.
pub fn render(template: &Template, vars: &Vars) -> String {
    let lang = template.lang;
    let Ok(found) = placeholders(&template.body) else {
        // Parsing checked this; a body edited since is shown as it is rather than lost.
        return template.body.clone();
    };
    let mut out = String::with_capacity(template.body.len() + 64);
    let mut last = 0;
    for p in found {
        out.push_str(&template.body[last..p.range.start]);
        let value = match (vars.get(&p.name), p.name.as_str()) {
            (Some(v), _) => v.to_owned(),
            (None, "greeting") => greeting(vars.get("buyer_first_name"), lang),
            (None, name) => p
                .fallback
                .unwrap_or_else(|| default_value(name, lang).to_owned()),
        };
        out.push_str(&value);
        last = p.range.end;
    }
    out.push_str(&template.body[last..]);
    out.trim_end().to_owned()
}

/// The template meant for an incident: compensation once the workflow is there, else
/// the one for the rule that opened it (a late delivery gets the delay apology, a
/// buyer's cancellation request the answer to it). The carrier inquiry of step 1 is
/// not a buyer's message: `a` on that step makes it directly.
pub fn suggested(rule: Option<Rule>, step: Option<Step>) -> &'static str {
    if step == Some(Step::Compensate) {
        return "compensation_offer";
    }
    match rule {
        Some(Rule::CancelRequestPending) => "cancellation_answer",
        Some(Rule::StorageExpiring) => "pickup_reminder",
        Some(Rule::Undelivered | Rule::LostClaimClock) => "lost_parcel",
        Some(Rule::DateChangeBudget) => "date_moved",
        Some(Rule::ReturnStuck) => "carrier_inquiry",
        _ => "delay_apology",
    }
}

/// The language to write to a buyer in: the script of their last message (Cyrillic:
/// Russian; Latin letters and no Cyrillic: English), Russian when they have not written
/// or wrote neither.
pub fn buyer_lang(last_message: Option<&str>) -> Lang {
    let Some(text) = last_message else {
        return Lang::Ru;
    };
    let cyrillic = text.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    let latin = text.chars().any(|c| c.is_ascii_alphabetic());
    if latin && !cyrillic {
        Lang::En
    } else {
        Lang::Ru
    }
}

fn lang_dir(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "ru",
        Lang::En => "en",
    }
}

/// The shipped templates of one language, compiled into the binary, by name.
pub fn builtin(lang: Lang) -> Vec<Template> {
    SHIPPED
        .iter()
        .filter(|(l, _, _)| *l == lang_dir(lang))
        // The shipped files are parsed by a test; one that would not parse is left out
        // rather than taking every other template down with it.
        .filter_map(|(_, name, text)| Template::parse(name, lang, text).ok())
        .map(|t| (t.name.clone(), t))
        .collect::<BTreeMap<_, _>>()
        .into_values()
        .collect()
}

/// Reads `<dir>/<lang>/*.md`. A missing directory is `Ok(None)`.
fn read_dir(dir: &Path, lang: Lang, user: bool) -> Result<Option<Vec<Template>>, String> {
    let dir = dir.join(lang_dir(lang));
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read templates in {}: {e}", dir.display())),
    };
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read templates in {}: {e}", dir.display()))?
            .path();
        let Some(name) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".md"))
            .map(str::to_owned)
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read template {}: {e}", path.display()))?;
        let mut t = Template::parse(&name, lang, &text)
            .map_err(|e| format!("template {}: {e}", path.display()))?;
        t.path = Some(path);
        t.user = user;
        out.push(t);
    }
    Ok(Some(out))
}

/// Loads the templates of one language: `<shipped_dir>/<lang>/*.md`, then
/// `<user_dir>/<lang>/*.md` on top, a user's file replacing the shipped one of the
/// same name. A missing user directory is no error; a broken template is, naming it.
pub fn load(
    lang: Lang,
    shipped_dir: &Path,
    user_dir: Option<&Path>,
) -> Result<Vec<Template>, String> {
    let shipped = read_dir(shipped_dir, lang, false)?.ok_or_else(|| {
        format!(
            "no templates in {}",
            shipped_dir.join(lang_dir(lang)).display()
        )
    })?;
    overlay(shipped, lang, user_dir)
}

/// The user's templates of `<user_dir>/<lang>/` over `base` (e.g. [`builtin`]).
pub fn overlay(
    base: Vec<Template>,
    lang: Lang,
    user_dir: Option<&Path>,
) -> Result<Vec<Template>, String> {
    let mut by_name: BTreeMap<String, Template> =
        base.into_iter().map(|t| (t.name.clone(), t)).collect();
    if let Some(dir) = user_dir {
        for t in read_dir(dir, lang, true)?.unwrap_or_default() {
            by_name.insert(t.name.clone(), t);
        }
    }
    Ok(by_name.into_values().collect())
}

#[cfg(test)]
mod tests;
