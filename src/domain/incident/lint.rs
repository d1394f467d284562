//! The message lint that runs before anything is sent to a buyer: the Market's length
//! limit, off-platform contact (phones, e-mail, links, messengers), asking the buyer to
//! cancel the order themselves, payment outside the Market, bank card numbers and
//! unfilled `{{…}}` placeholders. Pure: text in, findings out.
//!
//! Matching is done on a normalised copy (lower case, `ё`→`е`, no-break spaces as
//! spaces) whose characters map back to byte offsets of the original, so every
//! finding points at the exact text the agent wrote.
//!
//! False positives are weighed against what the shop sends most: order ids (11
//! digits), track codes, dates and prices. So a phone must look like a Russian number
//! (`+7`/`8`/`7` and 10 more digits, or 10 digits with a Russian area code), a bare
//! number right after "заказ", "№", "#", "order", "трек", "track" is never a phone, and
//! the caller can pass the order's own id and tracks as `known_numbers`. Short local
//! numbers ("345-67-89") are not flagged: they are indistinguishable from prices and
//! codes. Payment words are flagged only in forms that ask for or promise a transfer
//! ("переведите", "на карту сбербанка", "по СБП"), not in a refund's "деньги вернутся на
//! карту, которой вы платили", which is how the Market itself refunds.

mod messages;
mod numbers;
mod words;

use std::ops::Range;

use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;
use numbers::{digits_of, numbers};
use words::{ALLOWED_HOST_SUFFIX, ASK_TO_CANCEL, MESSENGERS, PAYMENT, TLDS};

/// The Market's limit on one chat message, in characters.
pub const MAX_CHARS: usize = 4096;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingKind {
    Empty,
    TooLong,
    Phone,
    Email,
    Link,
    Messenger,
    AskToCancel,
    OffPlatformPayment,
    CardNumber,
    Placeholder,
}

/// Who a message goes to. Off-platform contact rules protect the buyer; a message to
/// our own carrier is expected to carry phones and e-mails, and does not go through
/// the Market's chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    #[default]
    Buyer,
    Carrier,
}

impl Audience {
    /// The word `parse` reads, as stored with a draft.
    pub fn id(self) -> &'static str {
        match self {
            Audience::Buyer => "buyer",
            Audience::Carrier => "carrier",
        }
    }

    /// Reads a template's `audience:` line.
    pub fn parse(s: &str) -> Option<Audience> {
        match s.trim() {
            "buyer" => Some(Audience::Buyer),
            "carrier" => Some(Audience::Carrier),
            _ => None,
        }
    }
}

/// One problem in a message.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub kind: FindingKind,
    /// A blocking finding stops the send; the agent must edit the text.
    pub blocking: bool,
    /// Byte range in the linted text.
    pub span: Range<usize>,
    /// The offending text, cleaned and shortened for display.
    pub excerpt: String,
    pub message_ru: String,
    pub message_en: String,
}

impl Finding {
    /// The message in one language.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.message_ru,
            Lang::En => &self.message_en,
        }
    }
}

/// What the lint should know besides the text.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub audience: Audience,
    /// Numbers that are ours to mention (the order id, its tracks): never a phone.
    pub known_numbers: Vec<String>,
}

/// Lints a message to a buyer.
pub fn lint(text: &str) -> Vec<Finding> {
    lint_with(text, &LintOptions::default())
}

/// True when any finding stops the send.
pub fn is_blocked(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.blocking)
}

/// Lints a message with options; findings come in text order.
pub fn lint_with(text: &str, opts: &LintOptions) -> Vec<Finding> {
    let n = Norm::new(text);
    let mut out = Vec::new();
    let buyer = opts.audience == Audience::Buyer;
    if text.trim().is_empty() {
        out.push(n.finding(FindingKind::Empty, true, 0..0, String::new()));
    }
    let count = n.chars.len();
    if count > MAX_CHARS {
        // A carrier gets e-mail, where length is no rule: said, not blocked.
        out.push(n.finding(
            FindingKind::TooLong,
            buyer,
            MAX_CHARS..count,
            count.to_string(),
        ));
    }
    placeholders(&n, &mut out);
    if buyer {
        let known: Vec<String> = opts.known_numbers.iter().map(|k| digits_of(k)).collect();
        numbers(&n, &known, &mut out);
        emails(&n, &mut out);
        links(&n, &mut out);
        for (kind, patterns) in [
            (FindingKind::Messenger, MESSENGERS),
            (FindingKind::AskToCancel, ASK_TO_CANCEL),
            (FindingKind::OffPlatformPayment, PAYMENT),
        ] {
            for p in patterns {
                for r in n.find(p) {
                    let what = n.original(r.clone());
                    out.push(n.finding(kind, true, r, what));
                }
            }
        }
    }
    out.sort_by_key(|f| (f.span.start, f.span.end));
    out.dedup_by(|a, b| a.kind == b.kind && a.span.start < b.span.end && b.span.start < a.span.end);
    out
}

/// The text lower-cased for matching, each char with its byte offset in the original.
pub(super) struct Norm<'a> {
    text: &'a str,
    pub(super) chars: Vec<char>,
    /// Byte offset of each char, plus the text's length at the end.
    offs: Vec<usize>,
}

impl<'a> Norm<'a> {
    fn new(text: &'a str) -> Self {
        let mut chars = Vec::with_capacity(text.len());
        let mut offs = Vec::with_capacity(text.len() + 1);
        for (i, c) in text.char_indices() {
            let c = match c {
                'ё' | 'Ё' => 'е',
                '\u{a0}' | '\u{202f}' | '\u{2007}' => ' ',
                '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' => '-',
                c => c.to_lowercase().next().unwrap_or(c),
            };
            chars.push(c);
            offs.push(i);
        }
        offs.push(text.len());
        Norm { text, chars, offs }
    }

    fn bytes(&self, r: Range<usize>) -> Range<usize> {
        self.offs[r.start]..self.offs[r.end]
    }

    pub(super) fn original(&self, r: Range<usize>) -> String {
        let b = self.bytes(r);
        let s: String = clean(&self.text[b]).chars().take(60).collect();
        s
    }

    pub(super) fn word(&self, i: usize) -> bool {
        self.chars.get(i).is_some_and(|c| c.is_alphanumeric())
    }

    pub(super) fn finding(
        &self,
        kind: FindingKind,
        blocking: bool,
        r: Range<usize>,
        what: String,
    ) -> Finding {
        let (ru, en) = (
            message(kind, &what, Lang::Ru),
            message(kind, &what, Lang::En),
        );
        Finding {
            kind,
            blocking,
            span: self.bytes(r),
            excerpt: if kind == FindingKind::TooLong {
                String::new()
            } else {
                what
            },
            message_ru: ru,
            message_en: en,
        }
    }

    /// Every match of a pattern, in char indices. A space in the pattern matches any
    /// run of whitespace; a trailing `*` lets the last word continue.
    fn find(&self, pattern: &str) -> Vec<Range<usize>> {
        let (pat, open_end) = match pattern.strip_suffix('*') {
            Some(p) => (p, true),
            None => (pattern, false),
        };
        let pat: Vec<char> = pat.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.chars.len() {
            if (i == 0 || !self.word(i - 1))
                && let Some(end) = self.match_at(i, &pat)
                && (open_end || !self.word(end))
            {
                let end = if open_end {
                    (end..self.chars.len())
                        .find(|&j| !self.word(j))
                        .unwrap_or(self.chars.len())
                } else {
                    end
                };
                out.push(i..end);
                i = end;
                continue;
            }
            i += 1;
        }
        out
    }

    fn match_at(&self, start: usize, pat: &[char]) -> Option<usize> {
        let mut j = start;
        for &p in pat {
            if p == ' ' {
                let from = j;
                while self.chars.get(j).is_some_and(|c| c.is_whitespace()) {
                    j += 1;
                }
                if j == from {
                    return None;
                }
            } else if self.chars.get(j) == Some(&p) {
                j += 1;
            } else {
                return None;
            }
        }
        Some(j)
    }
}

fn message(kind: FindingKind, what: &str, lang: Lang) -> String {
    use FindingKind::*;
    let w = messages::words(lang);
    let text = match kind {
        Empty => w.empty,
        TooLong => w.too_long,
        Phone => w.phone,
        Email => w.email,
        Link => w.link,
        Messenger => w.messenger,
        AskToCancel => w.ask_to_cancel,
        OffPlatformPayment => w.off_platform_payment,
        CardNumber => w.card_number,
        Placeholder => w.placeholder,
    };
    fill(
        text,
        &[("what", &what), ("max", &MAX_CHARS), ("off", &w.off_chat)],
    )
}

fn placeholders(n: &Norm, out: &mut Vec<Finding>) {
    let c = &n.chars;
    let mut i = 0;
    while i + 1 < c.len() {
        if c[i] == '{' && c[i + 1] == '{' {
            let end = (i + 2..c.len().saturating_sub(1))
                .find(|&j| c[j] == '}' && c[j + 1] == '}')
                .map_or(c.len(), |j| j + 2);
            out.push(n.finding(FindingKind::Placeholder, true, i..end, n.original(i..end)));
            i = end;
        } else {
            i += 1;
        }
    }
}

fn emails(n: &Norm, out: &mut Vec<Finding>) {
    let c = &n.chars;
    let local = |x: char| x.is_alphanumeric() || matches!(x, '.' | '_' | '%' | '+' | '-');
    let host = |x: char| x.is_alphanumeric() || matches!(x, '.' | '-');
    for at in (0..c.len()).filter(|&i| c[i] == '@') {
        let mut s = at;
        while s > 0 && local(c[s - 1]) {
            s -= 1;
        }
        let mut e = at + 1;
        while e < c.len() && host(c[e]) {
            e += 1;
        }
        while e > at + 1 && matches!(c[e - 1], '.' | '-') {
            e -= 1;
        }
        let domain: String = c[at + 1..e].iter().collect();
        let tld_ok = domain.rsplit_once('.').is_some_and(|(h, t)| {
            !h.is_empty() && t.chars().count() >= 2 && t.chars().all(char::is_alphabetic)
        });
        if s < at && tld_ok {
            out.push(n.finding(FindingKind::Email, true, s..e, n.original(s..e)));
        }
    }
}

fn links(n: &Norm, out: &mut Vec<Finding>) {
    let c = &n.chars;
    let until_space = |from: usize| {
        let mut e = (from..c.len())
            .find(|&j| c[j].is_whitespace())
            .unwrap_or(c.len());
        while e > from
            && matches!(
                c[e - 1],
                '.' | ',' | ')' | '!' | '?' | ';' | ':' | '»' | '"'
            )
        {
            e -= 1;
        }
        e
    };
    let mut spans: Vec<Range<usize>> = Vec::new();
    for p in ["http://", "https://", "www."] {
        let pat: Vec<char> = p.chars().collect();
        for i in 0..c.len() {
            if c[i..].starts_with(&pat) && !spans.iter().any(|s| s.contains(&i)) {
                spans.push(i..until_space(i));
            }
        }
    }
    let host_char = |x: char| x.is_alphanumeric() || x == '-';
    for dot in 1..c.len() {
        if c[dot] != '.' || !host_char(c[dot - 1]) || spans.iter().any(|s| s.contains(&dot)) {
            continue;
        }
        let mut e = dot + 1;
        while e < c.len() && host_char(c[e]) {
            e += 1;
        }
        let tld: String = c[dot + 1..e].iter().collect();
        if !TLDS.contains(&tld.as_str()) || (e < c.len() && c[e] == '.' && n.word(e + 1)) {
            continue;
        }
        let mut s = dot;
        while s > 0 && (host_char(c[s - 1]) || c[s - 1] == '.') {
            s -= 1;
        }
        if s > 0 && c[s - 1] == '@' {
            continue;
        }
        spans.push(s..until_space(s));
    }
    for r in spans {
        let host: String = c[r.clone()].iter().collect();
        let host = host
            .trim_start_matches("https://")
            .trim_start_matches("http://")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_owned();
        if host == ALLOWED_HOST_SUFFIX || host.ends_with(&format!(".{ALLOWED_HOST_SUFFIX}")) {
            continue;
        }
        out.push(n.finding(FindingKind::Link, true, r.clone(), n.original(r)));
    }
}

#[cfg(test)]
mod tests;
