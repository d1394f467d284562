//! `ym-triage status`: the cache's freshness, counts by severity and rule, and the most
//! urgent orders — as text for people and as one JSON object for scripts.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::base::plural::ORDERS;
use crate::base::text::{clean, relative};
use crate::cache::{AtRisk, Cache, CacheError, Dues, Lease, SyncRun};
use crate::domain::risk::{self, Severity};

/// The column titles of the text listing, aligned with its rows.
const HEADER: &str = "   ORDER        MODEL   STATUS                                 RULE                   DUE            CLAIMED";

/// The whole answer of `status --json`. Field names are a stable interface.
#[derive(Debug, Serialize)]
pub struct Status {
    pub generated_at: String,
    pub cache: String,
    pub last_sync: Option<LastSync>,
    pub syncing: Option<Syncing>,
    pub orders_cached: usize,
    pub at_risk: usize,
    pub by_severity: BTreeMap<&'static str, usize>,
    pub by_rule: BTreeMap<&'static str, usize>,
    /// Incidents not closed yet.
    pub incidents_open: usize,
    /// Per agent holding orders: `{agent, held: {P1..P4}, idle_seconds_max}`.
    pub by_agent: Vec<crate::service::team::AgentLoad>,
    /// The orders at risk nobody holds: `{P1, P2, oldest_p1_seconds}`.
    pub unclaimed: crate::service::team::Unclaimed,
    pub orders: Vec<UrgentOrder>,
    /// The team's view, for `--by-agent` (not in the JSON: its counts are above).
    #[serde(skip)]
    pub team: crate::service::team::Team,
}

/// The last successful sync.
#[derive(Debug, Serialize)]
pub struct LastSync {
    pub at: String,
    pub by: String,
    pub host: String,
    pub age_seconds: i64,
    pub orders_seen: i64,
    pub events: i64,
}

/// A sync in progress (the lease), if any.
#[derive(Debug, Serialize)]
pub struct Syncing {
    pub holder: String,
    pub pid: i64,
    pub host: String,
    pub since: String,
    pub progress: String,
}

/// One urgent order.
#[derive(Debug, Serialize)]
pub struct UrgentOrder {
    pub order_id: i64,
    pub campaign_id: i64,
    pub model: String,
    pub status: String,
    pub substatus: String,
    pub severity: &'static str,
    pub rules: Vec<&'static str>,
    pub due: Option<String>,
    pub due_in_seconds: Option<i64>,
    pub claimed_by: Option<String>,
    pub carrier: String,
    pub city: Option<String>,
    /// A number of roubles (the order's currency).
    pub value: Money,
    /// The order's latest incident, or `null`.
    pub incident: Option<IncidentSummary>,
}

/// An incident as `status` and `show` give it.
#[derive(Debug, Serialize)]
pub struct IncidentSummary {
    pub opened_at: String,
    pub step: i64,
    pub claimed_by: Option<String>,
    pub closed_at: Option<String>,
}

impl IncidentSummary {
    /// The summary of a stored incident; `claimed_by` is who holds the order now.
    pub fn of(i: &crate::cache::Incident, claimed_by: Option<String>) -> IncidentSummary {
        IncidentSummary {
            opened_at: iso(i.opened_at),
            step: i64::from(i.step.number()),
            claimed_by: claimed_by.filter(|_| i.closed_at.is_none()),
            closed_at: i.closed_at.map(iso),
        }
    }
}

pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// What someone can act on first: orders nobody holds before held ones; deadlines of
/// today and ahead before deadlines long past (a month-old undelivered order is still
/// listed, after today's); then severity, the nearest deadline — and then the larger
/// order (`by_value`), then the id.
fn act_first(
    a: &AtRisk,
    b: &AtRisk,
    claims: &HashMap<i64, String>,
    now: DateTime<Utc>,
) -> std::cmp::Ordering {
    let held = |x: &AtRisk| claims.contains_key(&x.order_id);
    let long_past = |x: &AtRisk| {
        x.assessment
            .due()
            .is_some_and(|d| d < now - chrono::Duration::days(1))
    };
    let sev = |x: &AtRisk| x.assessment.severity();
    held(a)
        .cmp(&held(b))
        .then_with(|| long_past(a).cmp(&long_past(b)))
        .then_with(|| sev(a).cmp(&sev(b)))
        .then_with(|| risk::cmp_due(a.assessment.due(), b.assessment.due()))
}

/// The first `limit` orders at risk in the order [`act_first`] gives, the larger order
/// first among equals. The stored risk is read from the top of its index, class by
/// class — nobody's with today's deadlines, nobody's long past, then the held ones —
/// and only as far as the list can reach; values are read for those rows alone.
fn most_urgent(
    cache: &Cache,
    claims: &HashMap<i64, String>,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<AtRisk>, CacheError> {
    let cut = now - chrono::Duration::days(1);
    let free = |id: i64| !claims.contains_key(&id);
    let mut at_risk = cache.first_at_risk(Dues::From(cut), limit, free)?;
    if at_risk.len() < limit {
        let more = limit - at_risk.len();
        at_risk.extend(cache.first_at_risk(Dues::Before(cut), more, free)?);
    }
    if at_risk.len() < limit {
        let held: Vec<i64> = claims.keys().copied().collect();
        at_risk.extend(cache.at_risk_of(&held)?);
    }
    at_risk.sort_by(|a, b| act_first(a, b, claims, now));
    let mut end = limit.min(at_risk.len());
    if let Some(last) = end.checked_sub(1) {
        while end < at_risk.len() && act_first(&at_risk[last], &at_risk[end], claims, now).is_eq() {
            end += 1;
        }
    }
    at_risk.truncate(end);
    let ids: Vec<i64> = at_risk.iter().map(|r| r.order_id).collect();
    let values = cache.values_of(&ids)?;
    let value = |r: &AtRisk| values.get(&r.order_id).copied().unwrap_or_default();
    at_risk.sort_by(|a, b| {
        act_first(a, b, claims, now)
            .then_with(|| value(b).cmp(&value(a)))
            .then_with(|| a.order_id.cmp(&b.order_id))
    });
    at_risk.truncate(limit);
    Ok(at_risk)
}

impl Status {
    /// Reads the stored risk of the cache as of `now`: the counts kept with it and
    /// only the orders listed, never every order at risk.
    pub fn build(cache: &Cache, now: DateTime<Utc>, limit: usize) -> Result<Status, CacheError> {
        let tally = cache.risk_tally()?;
        let claims: HashMap<i64, String> = cache.claimants(now)?;
        let team = crate::service::team::Team::read_with(cache, now, &tally)?;
        let mut orders = Vec::new();
        for r in &most_urgent(cache, &claims, now, limit)? {
            let Some((o, _)) = cache.load_order(r.order_id)? else {
                continue;
            };
            let a = &r.assessment;
            orders.push(UrgentOrder {
                order_id: o.order_id,
                campaign_id: o.campaign_id,
                model: o.model.to_string(),
                status: o.status.to_string(),
                substatus: o.substatus.to_string(),
                severity: a.severity().map_or("P4", Severity::as_str),
                rules: a.matches.iter().map(|m| m.rule.id()).collect(),
                due: a.due().map(iso),
                due_in_seconds: a.due().map(|d| (d - now).num_seconds()),
                claimed_by: claims.get(&o.order_id).cloned(),
                carrier: o.carrier.to_string(),
                city: o.city.as_deref().map(str::to_owned),
                value: o.value,
                incident: cache
                    .incident(o.order_id)?
                    .map(|i| IncidentSummary::of(&i, claims.get(&o.order_id).cloned())),
            });
        }
        Ok(Status {
            generated_at: iso(now),
            cache: cache.path().display().to_string(),
            last_sync: cache.last_sync()?.map(|r: SyncRun| LastSync {
                at: iso(r.finished_at),
                age_seconds: (now - r.finished_at).num_seconds(),
                by: r.holder,
                host: r.host,
                orders_seen: r.orders_seen,
                events: r.events,
            }),
            syncing: cache
                .lease()?
                .filter(|l| l.expires_at > now)
                .map(|l: Lease| Syncing {
                    holder: l.holder,
                    pid: l.pid,
                    host: l.host,
                    since: iso(l.acquired_at),
                    progress: l.progress,
                }),
            orders_cached: cache.order_count()? as usize,
            at_risk: tally.at_risk,
            by_severity: tally.by_severity,
            by_rule: tally.by_rule,
            incidents_open: cache.open_incident_count()? as usize,
            by_agent: team.agents.clone(),
            unclaimed: team.unclaimed.clone(),
            orders,
            team,
        })
    }

    /// The lead's view as text: per agent the orders held by severity, the longest
    /// idle claim, today's notes and writes; what nobody holds; the buyers waiting
    /// longest.
    pub fn by_agent_text(&self, now: DateTime<Utc>) -> String {
        let mut s = String::new();
        let t = &self.team;
        let _ = writeln!(
            s,
            "{:<20} {:>3} {:>3} {:>3} {:>3}  {:<10} {:>5} {:>6}",
            "AGENT", "P1", "P2", "P3", "P4", "IDLE", "NOTES", "WRITES"
        );
        for a in &t.agents {
            let n = |k: &str| a.held.get(k).copied().unwrap_or(0);
            let _ = writeln!(
                s,
                "{:<20} {:>3} {:>3} {:>3} {:>3}  {:<10} {:>5} {:>6}",
                clean(&a.agent).chars().take(20).collect::<String>(),
                n("P1"),
                n("P2"),
                n("P3"),
                n("P4"),
                relative(-a.idle_seconds_max).trim_end_matches(" ago"),
                a.notes_today,
                a.writes_today
            );
        }
        if t.agents.is_empty() {
            let _ = writeln!(s, "(nobody holds an order)");
        }
        let u = &t.unclaimed;
        let _ = write!(s, "\nunclaimed: P1 {}, P2 {}", u.p1, u.p2);
        if let Some(age) = u.oldest_p1_seconds {
            let _ = write!(
                s,
                " · the oldest unclaimed P1 waits for {}",
                relative(-age).trim_end_matches(" ago")
            );
        }
        let _ = writeln!(s);
        if !t.waiting.is_empty() {
            let _ = writeln!(s, "buyers waiting longest:");
            for w in &t.waiting {
                let _ = writeln!(
                    s,
                    "  {}  answer due {}  {}",
                    w.order_id,
                    relative((w.answer_due - now).num_seconds()),
                    w.claimed_by
                        .as_deref()
                        .map_or(Cow::Borrowed("unclaimed"), clean)
                );
            }
        }
        s
    }

    /// The text a person reads. Every string from outside (the Market's, another
    /// agent's or host's name) is cleaned (`crate::base::text`).
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let fresh = match &self.last_sync {
            Some(l) => format!(
                "synced {} ({}) by {}@{}",
                l.at,
                relative(-l.age_seconds),
                clean(&l.by),
                clean(&l.host)
            ),
            None => "never synced".into(),
        };
        let _ = writeln!(
            s,
            "cache {} · {} · {fresh}",
            clean(&self.cache),
            ORDERS.count(self.orders_cached, Lang::En)
        );
        if let Some(sy) = &self.syncing {
            let _ = writeln!(
                s,
                "syncing now: {} (pid {} on {}) {}",
                clean(&sy.holder),
                sy.pid,
                clean(&sy.host),
                clean(&sy.progress)
            );
        }
        let sev: Vec<String> = self
            .by_severity
            .iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        let _ = writeln!(s, "at risk: {} · {}", self.at_risk, sev.join("  "));
        let rules: Vec<String> = self
            .by_rule
            .iter()
            .filter(|(_, v)| **v > 0)
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        if !rules.is_empty() {
            let _ = writeln!(s, "by rule: {}", rules.join(", "));
        }
        if self.orders.is_empty() {
            let _ = writeln!(s, "no order is at risk");
            return s;
        }
        let _ = writeln!(s, "\n{HEADER}");
        for o in &self.orders {
            let status = format!("{}/{}", clean(&o.status), clean(&o.substatus));
            let due = o.due_in_seconds.map_or_else(|| "—".into(), relative);
            let _ = writeln!(
                s,
                "{:<2} {:<12} {:<7} {:<38} {:<22} {:<14} {}",
                o.severity,
                o.order_id,
                clean(&o.model),
                status,
                o.rules.first().copied().unwrap_or(""),
                due,
                o.claimed_by.as_deref().map_or(Cow::Borrowed("—"), clean),
            );
        }
        s
    }
}

#[cfg(test)]
mod tests;
