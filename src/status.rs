//! `ym-triage status`: the cache's freshness, counts by severity and rule, and the most
//! urgent orders — as text for people and as one JSON object for scripts.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::cache::{Cache, CacheError, Lease, SyncRun};
use crate::order::{History, Order};
use crate::risk::{self, Assessment, Severity, Thresholds};
use crate::text::{clean, relative};

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
    pub orders: Vec<UrgentOrder>,
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
    pub value: f64,
}

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The cached orders a rule can match, read without the rest: most of a big cache is
/// delivered orders. `status` and the dashboard's first frame read only these.
pub fn watched_orders(cache: &Cache) -> Result<Vec<(Order, History)>, CacheError> {
    let statuses: Vec<&str> = risk::WATCHED_STATUSES.iter().map(|s| s.as_str()).collect();
    let subs = risk::watched_substatuses();
    let subs: Vec<&str> = subs.iter().map(|s| s.as_str()).collect();
    cache.load_orders_watched(&statuses, &subs)
}

/// Records in each history whether the order's latest incident is closed: that ends
/// the `undelivered` rule for it.
pub fn mark_closed_incidents(
    cache: &Cache,
    orders: &mut [(Order, History)],
) -> Result<(), CacheError> {
    let closed = cache.closed_incident_set()?;
    for (o, h) in orders {
        h.incident_closed = closed.contains(&o.order_id);
    }
    Ok(())
}

/// Every cached order assessed, most urgent first.
pub fn triage(
    orders: Vec<(Order, History)>,
    now: DateTime<Utc>,
    t: &Thresholds,
) -> Vec<(Order, Assessment)> {
    let mut assessed: Vec<(Order, Assessment)> = orders
        .into_iter()
        .map(|(o, h)| {
            let a = risk::assess(&o, &h, now, t);
            (o, a)
        })
        .collect();
    assessed.sort_by(|a, b| risk::triage_cmp((&a.1, &a.0), (&b.1, &b.0)));
    assessed
}

impl Status {
    /// Reads the cache and assesses every order as of `now`.
    pub fn build(
        cache: &Cache,
        now: DateTime<Utc>,
        t: &Thresholds,
        limit: usize,
    ) -> Result<Status, CacheError> {
        let mut orders = watched_orders(cache)?;
        mark_closed_incidents(cache, &mut orders)?;
        let orders_cached = cache.order_count()? as usize;
        let claims: HashMap<i64, String> = cache.claimants(now)?;
        let assessed = triage(orders, now, t);
        let mut by_severity: BTreeMap<&'static str, usize> =
            Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect();
        let mut by_rule: BTreeMap<&'static str, usize> =
            risk::Rule::ALL.iter().map(|r| (r.id(), 0)).collect();
        let mut at_risk = 0;
        for (_, a) in &assessed {
            if let Some(sev) = a.severity() {
                at_risk += 1;
                *by_severity.entry(sev.as_str()).or_default() += 1;
                for m in &a.matches {
                    *by_rule.entry(m.rule.id()).or_default() += 1;
                }
            }
        }
        let orders = assessed
            .iter()
            .filter(|(_, a)| a.is_at_risk())
            .take(limit)
            .map(|(o, a)| UrgentOrder {
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
                carrier: o.carrier.clone(),
                city: o.city.clone(),
                value: o.value,
            })
            .collect();
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
            orders_cached,
            at_risk,
            by_severity,
            by_rule,
            orders,
        })
    }

    /// The text a person reads. API strings are cleaned of control characters.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let fresh = match &self.last_sync {
            Some(l) => format!(
                "synced {} ({}) by {}@{}",
                l.at,
                relative(-l.age_seconds),
                l.by,
                l.host
            ),
            None => "never synced".into(),
        };
        let _ = writeln!(
            s,
            "cache {} · {} orders · {fresh}",
            self.cache, self.orders_cached
        );
        if let Some(sy) = &self.syncing {
            let _ = writeln!(
                s,
                "syncing now: {} (pid {} on {}) {}",
                sy.holder, sy.pid, sy.host, sy.progress
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

use std::borrow::Cow;
