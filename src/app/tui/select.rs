//! Which rows the list shows: section membership, the filter language and the sorts.
//! Pure functions over rows; `update` calls `recompute` after anything that moves them.
//!
//! The filter is space-separated terms that must all match. A bare term matches
//! anywhere (order id, buyer, city, region, track, carrier, status, rule); `key:value`
//! matches one field: `model:`, `status:`, `sub:`, `rule:`, `sev:`, `city:`, `carrier:`,
//! `claim:` (`claim:me`, `claim:any`, `claim:none`, `claim:NAME`). A term the filter
//! cannot read (a field that does not exist, a value the field cannot take) is left
//! out and said on the filter line, so a typo never looks like an empty list.

use std::cmp::Ordering;

use super::state::{AppState, Facts, Haystack, Row, Section, SortKey};
use crate::base::shared::Interner;
use crate::domain::order::Order;
use crate::domain::risk::{self, Assessment, Rule, Severity};
use crate::market::enums::{OrderStatus, OrderSubstatus, ProgramType};

/// A list row of `order`: its stored assessment, who holds it, its filter text and
/// what every pass over the list reads.
pub fn row(order: Order, assessment: Assessment, claimed_by: Option<String>) -> Row {
    row_sharing(order, assessment, claimed_by, &mut Interner::new())
}

/// A list row, the filter text many orders have alike taken from `texts`.
pub fn row_sharing(
    order: Order,
    assessment: Assessment,
    claimed_by: Option<String>,
    texts: &mut Interner,
) -> Row {
    let mut row = Row {
        facts: facts(&order, &assessment),
        order,
        assessment,
        claimed_by,
        haystack: Haystack::default(),
        changed: false,
    };
    row.haystack = haystack_sharing(&row, texts);
    row
}

/// What the list reads of a row on every pass, from its order and assessment.
fn facts(order: &Order, assessment: &Assessment) -> Facts {
    Facts {
        rank: risk::triage_rank(assessment),
        due: assessment.due(),
        at_risk: assessment.is_at_risk(),
        undelivered: undelivered(order, assessment),
    }
}

/// Builds the text the free-text filter searches.
pub fn haystack(row: &Row) -> Haystack {
    haystack_sharing(row, &mut Interner::new())
}

/// Builds the text the free-text filter searches, the part many orders have alike
/// taken from `texts`.
pub fn haystack_sharing(row: &Row, texts: &mut Interner) -> Haystack {
    let o = &row.order;
    let mut shared = format!(
        "{} {} {} {} {}",
        o.model, o.status, o.substatus, o.carrier, o.currency
    );
    for part in [o.city.as_deref(), o.region.as_deref()]
        .into_iter()
        .flatten()
    {
        shared.push(' ');
        shared.push_str(part);
    }
    let mut own = format!("{} {}", o.order_id, o.tracks.join(" "));
    if let Some(buyer) = o.buyer_name.as_deref() {
        own.push(' ');
        own.push_str(buyer);
    }
    for m in &row.assessment.matches {
        own.push(' ');
        own.push_str(m.rule.id());
    }
    Haystack {
        shared: texts.get(&shared.to_lowercase()),
        own: own.to_lowercase().into_boxed_str(),
    }
}

/// Undelivered: cancelled because delivery failed, or lost.
fn undelivered(order: &Order, assessment: &Assessment) -> bool {
    assessment
        .matches
        .iter()
        .any(|m| matches!(m.rule, Rule::Undelivered | Rule::LostClaimClock))
        || (order.status == crate::market::enums::OrderStatus::CANCELLED
            && risk::is_delivery_failure(&order.substatus))
}

/// One parsed filter term. Free text is searched with a prepared substring finder:
/// the filter runs over every cached order on each keystroke.
#[derive(Debug, Clone)]
enum Term {
    Any(Box<memchr::memmem::Finder<'static>>),
    Field(String, String),
    Claim(Claim),
}

/// What `claim:` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Claim {
    /// `claim:me`: held by this agent.
    Me(String),
    /// `claim:any`: held by someone.
    Any,
    /// `claim:none`: held by nobody.
    Nobody,
    /// `claim:NAME`: held by an agent whose name has this in it.
    Name(String),
}

/// The fields a `word:value` term may name.
pub const FIELDS: [&str; 8] = [
    "model", "status", "sub", "rule", "sev", "city", "carrier", "claim",
];

/// Why a filter term is not understood; the term is left out, and the filter line
/// says so instead of the list going empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterError {
    /// `foo:…` where `foo` is no field.
    UnknownField(String),
    /// `sev:` with nothing after it.
    NoValue(String),
    /// A value the field cannot take, with the values it can.
    BadValue {
        field: String,
        value: String,
        known: Vec<String>,
    },
}

/// A parsed filter: all terms must match.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    terms: Vec<Term>,
    /// The first term not understood, if any.
    pub error: Option<FilterError>,
}

impl Filter {
    /// Reads a filter line for the agent `me`; matching ignores case.
    pub fn parse(text: &str, me: &str) -> Filter {
        let mut filter = Filter::default();
        for raw in text.split_whitespace() {
            match term(&raw.to_lowercase(), me) {
                Ok(t) => filter.terms.push(t),
                Err(e) => {
                    filter.error.get_or_insert(e);
                }
            }
        }
        filter
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Whether the row passes every term.
    pub fn matches(&self, row: &Row) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Any(f) => {
                f.find(row.haystack.own.as_bytes()).is_some()
                    || f.find(row.haystack.shared.as_bytes()).is_some()
            }
            Term::Field(k, v) => field_matches(row, k, v),
            Term::Claim(c) => claim_matches(row, c),
        })
    }
}

/// One term: free text, or a field and a value the field can take. A term like
/// `10:00` (a `word:` of no letters) is free text.
fn term(t: &str, me: &str) -> Result<Term, FilterError> {
    let any = || {
        Term::Any(Box::new(
            memchr::memmem::Finder::new(t.as_bytes()).into_owned(),
        ))
    };
    let Some((key, value)) = t.split_once(':') else {
        return Ok(any());
    };
    if key.is_empty() || !key.chars().all(char::is_alphabetic) {
        return Ok(any());
    }
    if !FIELDS.contains(&key) {
        return Err(FilterError::UnknownField(key.to_owned()));
    }
    if value.is_empty() {
        return Err(FilterError::NoValue(key.to_owned()));
    }
    if key == "claim" {
        return Ok(Term::Claim(match value {
            "me" => Claim::Me(me.to_lowercase()),
            "any" => Claim::Any,
            "none" => Claim::Nobody,
            name => Claim::Name(name.to_owned()),
        }));
    }
    check_value(key, value)?;
    Ok(Term::Field(key.to_owned(), value.to_owned()))
}

/// The values a field takes, and whether a term must be a whole one; `None` for the
/// fields that take any text.
fn known_values(key: &str) -> Option<(Vec<&'static str>, bool)> {
    Some(match key {
        "model" => (
            ProgramType::KNOWN
                .iter()
                .map(crate::market::enums::ProgramType::as_str)
                .collect(),
            true,
        ),
        "status" => (
            OrderStatus::KNOWN
                .iter()
                .map(crate::market::enums::OrderStatus::as_str)
                .collect(),
            true,
        ),
        "sub" => (
            OrderSubstatus::KNOWN
                .iter()
                .map(crate::market::enums::OrderSubstatus::as_str)
                .collect(),
            false,
        ),
        "rule" => (Rule::ALL.iter().map(|r| r.id()).collect(), false),
        "sev" => (Severity::ALL.iter().map(|s| s.as_str()).collect(), true),
        _ => return None,
    })
}

fn check_value(key: &str, value: &str) -> Result<(), FilterError> {
    let Some((values, whole)) = known_values(key) else {
        return Ok(());
    };
    let lower: Vec<String> = values.iter().map(|v| v.to_lowercase()).collect();
    let ok = lower
        .iter()
        .any(|v| if whole { v == value } else { v.contains(value) });
    if ok {
        return Ok(());
    }
    Err(FilterError::BadValue {
        field: key.to_owned(),
        value: value.to_owned(),
        known: lower,
    })
}

/// Checks the filter of a saved view, where a typo would otherwise show an empty list
/// for good: a `word:value` term must name a field and a value that field can take.
pub fn check_view_filter(text: &str) -> Result<(), String> {
    for raw in text.split_whitespace() {
        let why = match Filter::parse(raw, "").error {
            None => continue,
            Some(FilterError::UnknownField(key)) => {
                format!("`{key}` is not a filter field ({})", FIELDS.join(", "))
            }
            Some(FilterError::NoValue(key)) => format!("`{key}:` needs a value"),
            Some(FilterError::BadValue { field, value, .. }) => {
                format!("`{value}` is not a value of `{field}` this build knows")
            }
        };
        return Err(format!("{raw}: {why}"));
    }
    Ok(())
}

fn field_matches(row: &Row, key: &str, v: &str) -> bool {
    let o = &row.order;
    let has = |s: &str| s.to_lowercase().contains(v);
    match key {
        "model" => o.model.as_str().eq_ignore_ascii_case(v),
        "status" => o.status.as_str().eq_ignore_ascii_case(v),
        "sub" => has(o.substatus.as_str()),
        "rule" => row
            .assessment
            .matches
            .iter()
            .any(|m| m.rule.id().contains(v)),
        "sev" => row
            .assessment
            .severity()
            .is_some_and(|s| s.as_str().eq_ignore_ascii_case(v)),
        "city" => o.city.as_deref().is_some_and(has),
        "carrier" => has(&o.carrier),
        _ => false,
    }
}

fn claim_matches(row: &Row, c: &Claim) -> bool {
    match (c, row.claimed_by.as_deref()) {
        (Claim::Nobody, who) => who.is_none(),
        (Claim::Any, who) => who.is_some(),
        (Claim::Me(me), Some(who)) => who.to_lowercase() == *me,
        (Claim::Name(name), Some(who)) => who.to_lowercase().contains(name.as_str()),
        (_, None) => false,
    }
}

/// Whether a row belongs to a section (before the filter).
pub fn in_section(section: &Section, row: &Row, me: &str) -> bool {
    match section {
        Section::AtRisk => row.facts.at_risk,
        Section::Undelivered => row.facts.undelivered,
        Section::Mine => row.claimed_by.as_deref() == Some(me),
        Section::All => true,
        Section::Orders { ids, .. } => ids.contains(&row.order.order_id),
        Section::View { filter, .. } => Filter::parse(filter, me).matches(row),
    }
}

/// Orders two rows by a sort key; ties fall back to the triage order, then the id.
pub fn compare(key: SortKey, a: &Row, b: &Row) -> Ordering {
    // `risk::triage_cmp`, from the facts worked out when the rows were made.
    let triage = || {
        a.facts
            .rank
            .cmp(&b.facts.rank)
            .then_with(|| risk::cmp_due(a.facts.due, b.facts.due))
            .then_with(|| b.order.value.cmp(&a.order.value))
            .then_with(|| a.order.order_id.cmp(&b.order.order_id))
    };
    match key {
        SortKey::Urgency => triage(),
        SortKey::Due => risk::cmp_due(a.facts.due, b.facts.due).then_with(triage),
        SortKey::Value => b.order.value.cmp(&a.order.value).then_with(triage),
        SortKey::Updated => b
            .order
            .updated_at
            .cmp(&a.order.updated_at)
            .then_with(triage),
        SortKey::OrderId => a.order.order_id.cmp(&b.order.order_id),
    }
}

/// Recomputes the visible list and the section counts, keeping the selected order
/// selected when it is still shown.
pub fn recompute(state: &mut AppState) {
    let filter = Filter::parse(&state.filter, &state.me);
    let sections: Vec<(Section, Filter)> = state
        .sections
        .iter()
        .map(|s| {
            let f = match s {
                Section::View { filter, .. } => Filter::parse(filter, &state.me),
                _ => Filter::default(),
            };
            (s.clone(), f)
        })
        .collect();
    let current = state.section.min(sections.len().saturating_sub(1));
    let sort = match sections.get(current) {
        Some((Section::View { sort, .. }, _)) if state.sort == SortKey::Urgency => *sort,
        _ => state.sort,
    };
    // Rows are kept in urgency order; any other order is computed once per data load.
    if sort != SortKey::Urgency && state.sorted.as_ref().is_none_or(|(k, _)| *k != sort) {
        let rows = &state.rows;
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| compare(sort, &rows[a], &rows[b]));
        state.sorted = Some((sort, order));
    }
    // Typing more of a plain-text filter only narrows it: search the rows the
    // previous text matched instead of all of them.
    let narrowing = match &state.matched {
        Some((text, _)) => !state.filter.contains(':') && state.filter.starts_with(text.as_str()),
        None => false,
    };
    let candidates: Vec<usize> = match (&state.matched, narrowing) {
        (Some((_, rows)), true) => rows.clone(),
        _ => (0..state.rows.len()).collect(),
    };
    let matched: Vec<usize> = if filter.is_empty() {
        candidates
    } else {
        candidates
            .into_iter()
            .filter(|&i| filter.matches(&state.rows[i]))
            .collect()
    };
    let order: Box<dyn Iterator<Item = usize>> = match &state.sorted {
        Some((k, order)) if *k == sort && sort != SortKey::Urgency => {
            let mut keep = vec![false; state.rows.len()];
            for &i in &matched {
                keep[i] = true;
            }
            Box::new(order.iter().copied().filter(move |&i| keep[i]))
        }
        _ => Box::new(matched.clone().into_iter()),
    };
    let mut counts = vec![0usize; sections.len()];
    let mut visible = Vec::new();
    for i in order {
        let row = &state.rows[i];
        for (n, (section, view_filter)) in sections.iter().enumerate() {
            let member = match section {
                Section::View { .. } => view_filter.matches(row),
                s => in_section(s, row, &state.me),
            };
            if member {
                counts[n] += 1;
                if n == current {
                    visible.push(i);
                }
            }
        }
    }
    state.counts = counts;
    state.visible = visible;
    state.matched = Some((state.filter.clone(), matched));
    reselect(state);
}

/// Shows `orders` (a `Section::Orders`: a report bar's, the team's) as a list section of
/// its own, in place of an earlier one, from its top, back on the list.
pub fn show_orders(state: &mut AppState, orders: Section) {
    state
        .sections
        .retain(|s| !matches!(s, Section::Orders { .. }));
    state.sections.push(orders);
    state.counts = vec![0; state.sections.len()];
    state.section = state.sections.len() - 1;
    state.cursor = 0;
    state.list_offset.set(0);
    state.mode = super::state::Mode::Normal;
    recompute(state);
    reselect(state);
}

/// Shows section `i`, the list from its top unless the selected order is there too.
pub fn switch_section(state: &mut AppState, i: usize) {
    state.section = i;
    state.cursor = 0;
    state.list_offset.set(0);
    recompute(state);
    if !state
        .visible
        .iter()
        .any(|&r| Some(state.rows[r].order.order_id) == state.selected)
    {
        state.selected = None;
        reselect(state);
    }
}

/// Selects the order `id` (`:48291…`): in the section shown when it lists it, else in
/// All, without the filter if the filter hides it. False when the cache has no such
/// order.
pub fn jump(state: &mut AppState, id: i64) -> bool {
    if !state.rows.iter().any(|r| r.order.order_id == id) {
        return false;
    }
    let shown = |s: &AppState| s.visible.iter().any(|&i| s.rows[i].order.order_id == id);
    if !shown(state) {
        if let Some(all) = state.sections.iter().position(|s| *s == Section::All) {
            switch_section(state, all);
        }
        if !shown(state) && !state.filter.is_empty() {
            state.filter.clear();
            recompute(state);
        }
    }
    state.selected = Some(id);
    state.chosen = true;
    reselect(state);
    true
}

/// Puts the cursor back on the selected order, or clamps it when that order is gone;
/// on the top of the list until the agent has chosen an order.
pub fn reselect(state: &mut AppState) {
    if !state.chosen {
        state.cursor = 0;
    } else if let Some(id) = state.selected
        && let Some(pos) = state
            .visible
            .iter()
            .position(|&i| state.rows[i].order.order_id == id)
    {
        state.cursor = pos;
        return;
    }
    state.cursor = state.cursor.min(state.visible.len().saturating_sub(1));
    state.selected = state.selected_row().map(|r| r.order.order_id);
}

/// The severity marker and word, never colour alone.
pub fn severity_label(s: Option<Severity>) -> &'static str {
    match s {
        Some(Severity::P1) => "▲ P1",
        Some(Severity::P2) => "● P2",
        Some(Severity::P3) => "◆ P3",
        Some(Severity::P4) => "· P4",
        None => "  —",
    }
}

#[cfg(test)]
mod tests;
