//! The incident's history in words: each audit entry as a phrase in the screen's
//! language ("took over from boris", "closed: carrier delay · carrier's fault",
//! "step 2 done"), never the stored verb (`take_over`) or the stored snapshot of the
//! incident (`step=7 closed=false …`) or a write's JSON; and the notes with their
//! times in Moscow time.

use chrono::{NaiveDateTime, TimeZone, Utc};

use super::{msk_datetime, rule_why, write_kind};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::cache::AuditEntry;
use crate::domain::incident::checks::Call;
use crate::domain::incident::steps::{RootCause, Step};
use crate::domain::risk::Rule;

fn t(lang: Lang, ru: &str, en: &str) -> String {
    match lang {
        Lang::Ru => ru.to_owned(),
        Lang::En => en.to_owned(),
    }
}

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
    let head = t(lang, "закрыт", "closed");
    format!(
        "{head}: {} · {}",
        cause.label().get(lang).to_lowercase(),
        cause.owner().fault().get(lang)
    )
}

/// What an agent (or the syncing process, or the outbox) did, in words.
pub fn audit_text(lang: Lang, e: &AuditEntry) -> String {
    let after = e.after.as_deref();
    let action = e.action.as_str();
    if let Some((verb, kind)) = action.split_once(':') {
        return prefixed(lang, verb, kind, e);
    }
    match action {
        "claim" => t(lang, "взял(а) заказ", "took the order"),
        "take_over" => {
            let from = clean(e.before.as_deref().unwrap_or("—")).into_owned();
            t(
                lang,
                &format!("забрал(а) у {from}"),
                &format!("took over from {from}"),
            )
        }
        "release" => t(lang, "отпустил(а) заказ", "let the order go"),
        "open" => match after.and_then(Rule::from_id) {
            Some(rule) => format!(
                "{}: {}",
                t(lang, "инцидент открыт", "incident opened"),
                rule_why(lang, rule)
            ),
            None => t(lang, "инцидент открыт", "incident opened"),
        },
        "step_done" | "step_skipped" => step_text(lang, action, step_of(e)),
        "note" => t(lang, "заметка", "note"),
        "close" => match field(after, "cause").and_then(RootCause::from_id) {
            Some(cause) => closed(lang, cause),
            None => t(lang, "закрыт", "closed"),
        },
        "compensation" => t(lang, "компенсация записана", "compensation recorded"),
        "reroute" => t(lang, "перенаправление записано", "reroute recorded"),
        "reopen" => t(lang, "открыт снова", "reopened"),
        "call" => call_text(lang, after),
        other => clean(other).into_owned(),
    }
}

fn step_text(lang: Lang, action: &str, step: Option<Step>) -> String {
    let done = action == "step_done";
    match (step, done) {
        (Some(s), true) => format!(
            "{} {}: {}",
            t(lang, "шаг", "step"),
            s.number(),
            t(lang, "выполнен", "done")
        ),
        (Some(s), false) => format!(
            "{} {}: {}",
            t(lang, "шаг", "step"),
            s.number(),
            t(lang, "пропущен", "skipped")
        ),
        (None, true) => t(lang, "шаг выполнен", "step done"),
        (None, false) => t(lang, "шаг пропущен", "step skipped"),
    }
}

/// A call to the buyer, from its stored record.
fn call_text(lang: Lang, after: Option<&str>) -> String {
    let call = after.and_then(|a| serde_json::from_str::<Call>(a).ok());
    let how = match call {
        Some(c) if c.number_unavailable => t(lang, "номер недоступен", "number unavailable"),
        Some(c) if c.connected_secs == 0 => t(lang, "не ответил", "no answer"),
        Some(c) => t(
            lang,
            &format!("разговор {} с", c.connected_secs),
            &format!("connected {} s", c.connected_secs),
        ),
        None => return t(lang, "звонок покупателю", "call to the buyer"),
    };
    format!(
        "{}: {how}",
        t(lang, "звонок покупателю", "call to the buyer")
    )
}

/// `write:…`, `sent:…`, `failed:…`, `cancel:…`, `requeue:…`, `dismiss:…`, `undo:…`.
fn prefixed(lang: Lang, verb: &str, kind: &str, e: &AuditEntry) -> String {
    let what = write_kind(lang, kind).map_or_else(|| clean(kind).into_owned(), str::to_owned);
    let (ru, en) = match verb {
        "write" => ("запрос в Маркет", "write to the Market"),
        "sent" => ("Маркет принял", "the Market accepted"),
        "failed" => ("Маркет отклонил", "the Market refused"),
        "cancel" => ("запрос отменён", "write cancelled"),
        "requeue" => ("запрос отправлен снова", "write sent again"),
        "dismiss" => ("отказ закрыт", "refusal dismissed"),
        "undo" => {
            let undone = audit_text(
                lang,
                &AuditEntry {
                    action: kind.to_owned(),
                    ..e.clone()
                },
            );
            return format!("{}: {undone}", t(lang, "отменено", "undone"));
        }
        other => return format!("{}: {what}", clean(other)),
    };
    let head = format!("{}: {what}", t(lang, ru, en));
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
    let rest = match lang {
        Lang::Ru => rest.replacen(": reopened: ", ": открыт снова: ", 1),
        Lang::En => rest.to_owned(),
    };
    format!("{} {}", msk_datetime(at), clean(&rest))
}

#[cfg(test)]
mod tests;
