//! The incident's history in words: each audit entry as a phrase in the screen's
//! language ("took over from boris", "closed: carrier delay · carrier's fault",
//! "step 2 done"), never the stored verb (`take_over`) or the stored snapshot of the
//! incident (`step=7 closed=false …`) or a write's JSON; and the notes with their
//! times in Moscow time.

use chrono::{NaiveDateTime, TimeZone, Utc};

use super::{msk_datetime, rule_why, write_kind};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::cache::AuditEntry;
use crate::domain::incident::checks::Call;
use crate::domain::incident::steps::{RootCause, Step};
use crate::domain::risk::Rule;

/// A value of the stored snapshot of an incident (`step=2 closed=false cause=- …`).
fn field<'a>(summary: Option<&'a str>, name: &str) -> Option<&'a str> {
    summary?
        .split_whitespace()
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .filter(|v| *v != "-")
}

/// The step a change started from, as its stored snapshot says.
fn step_of(e: &AuditEntry) -> Option<Step> {
    field(e.before.as_deref(), "step")
        .and_then(|n| n.parse().ok())
        .and_then(Step::from_number)
}

/// "closed: carrier delay · carrier's fault".
pub fn closed(lang: Lang, cause: RootCause) -> String {
    let head = words(lang).closed;
    format!(
        "{head}: {} · {}",
        cause.label().get(lang).to_lowercase(),
        cause.owner().fault().get(lang)
    )
}

/// What an agent (or the syncing process, or the outbox) did, in words.
pub fn audit_text(lang: Lang, e: &AuditEntry) -> String {
    let w = words(lang);
    let after = e.after.as_deref();
    let action = e.action.as_str();
    if let Some((verb, kind)) = action.split_once(':') {
        return prefixed(lang, verb, kind, e);
    }
    match action {
        "claim" => w.claim.to_owned(),
        "take_over" => {
            let from = clean(e.before.as_deref().unwrap_or("—")).into_owned();
            fill(w.took_over_from, &[("from", &from)])
        }
        "release" => w.release.to_owned(),
        "open" => match after.and_then(Rule::from_id) {
            Some(rule) => format!("{}: {}", w.opened, rule_why(lang, rule)),
            None => w.opened.to_owned(),
        },
        "step_done" | "step_skipped" => step_text(lang, action, step_of(e)),
        "note" => w.note.to_owned(),
        "close" => match field(after, "cause").and_then(RootCause::from_id) {
            Some(cause) => closed(lang, cause),
            None => w.closed.to_owned(),
        },
        "compensation" => w.compensation.to_owned(),
        "reroute" => w.reroute.to_owned(),
        "reopen" => w.reopened.to_owned(),
        "call" => call_text(lang, after),
        other => clean(other).into_owned(),
    }
}

fn step_text(lang: Lang, action: &str, step: Option<Step>) -> String {
    let w = words(lang);
    let done = action == "step_done";
    match (step, done) {
        (Some(s), true) => format!("{} {}: {}", w.step, s.number(), w.done),
        (Some(s), false) => format!("{} {}: {}", w.step, s.number(), w.skipped),
        (None, true) => w.step_done.to_owned(),
        (None, false) => w.step_skipped.to_owned(),
    }
}

/// A call to the buyer, from its stored record.
fn call_text(lang: Lang, after: Option<&str>) -> String {
    let w = words(lang);
    let call = after.and_then(|a| serde_json::from_str::<Call>(a).ok());
    let how = match call {
        Some(c) if c.number_unavailable => w.number_unavailable.to_owned(),
        Some(c) if c.connected_secs == 0 => w.no_answer.to_owned(),
        Some(c) => fill(w.connected, &[("n", &c.connected_secs)]),
        None => return w.call.to_owned(),
    };
    format!("{}: {how}", w.call)
}

/// `write:…`, `sent:…`, `failed:…`, `cancel:…`, `requeue:…`, `dismiss:…`, `undo:…`.
fn prefixed(lang: Lang, verb: &str, kind: &str, e: &AuditEntry) -> String {
    let what = write_kind(lang, kind).map_or_else(|| clean(kind).into_owned(), str::to_owned);
    let w = words(lang);
    let said = match verb {
        "write" => w.write,
        "sent" => w.sent,
        "failed" => w.failed,
        "cancel" => w.cancel,
        "requeue" => w.requeue,
        "dismiss" => w.dismiss,
        "undo" => {
            let undone = audit_text(
                lang,
                &AuditEntry {
                    action: kind.to_owned(),
                    ..e.clone()
                },
            );
            return format!("{}: {undone}", w.undone);
        }
        other => return format!("{}: {what}", clean(other)),
    };
    let head = format!("{said}: {what}");
    match (verb, e.after.as_deref()) {
        ("failed", Some(why)) => format!("{head} — {}", clean(why)),
        _ => head,
    }
}

/// A note line as the service stamps it (`2026-11-25 09:02 anna: text`, UTC), with
/// its time in Moscow time (`25.11 12:02 anna: text`); a line without the stamp as
/// it is.
pub fn note_line(lang: Lang, line: &str) -> String {
    let stamp = line.get(..16).and_then(|s| {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
            .ok()
            .map(|t| Utc.from_utc_datetime(&t))
    });
    let Some(at) = stamp else {
        return clean(line).into_owned();
    };
    let rest = line[16..].trim_start();
    // The service stamps a reopen in English; the screen says it in its language.
    let rest = rest.replacen(": reopened: ", words(lang).reopened_stamp, 1);
    format!("{} {}", msk_datetime(at), clean(&rest))
}

#[cfg(test)]
mod tests;
mod words;
use words::words;
