//! The lead's view of the team, from the cache: per agent the orders held by severity,
//! the longest-idle claim, the notes and writes of today; the orders at risk nobody
//! holds, and the buyers waiting longest. `status --by-agent` prints it, `status --json`
//! carries its counts, and the dashboard's Team screen draws it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cache::{AtRisk, Cache, CacheError, Claim};
use crate::domain::risk::{Rule, Severity};

/// One agent's load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgentLoad {
    pub agent: String,
    /// Orders the agent holds, by the severity of their stored risk (`P4` also counts
    /// the held orders no rule matches).
    pub held: BTreeMap<&'static str, usize>,
    /// How long the agent's least recently touched claim has been idle.
    pub idle_seconds_max: i64,
    /// Notes added today (Moscow day).
    #[serde(skip)]
    pub notes_today: usize,
    /// Writes to the Market confirmed today.
    #[serde(skip)]
    pub writes_today: usize,
}

/// The orders at risk that nobody holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Unclaimed {
    #[serde(rename = "P1")]
    pub p1: usize,
    #[serde(rename = "P2")]
    pub p2: usize,
    /// How long the oldest unclaimed P1 has waited since its incident opened.
    pub oldest_p1_seconds: Option<i64>,
}

/// A buyer waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub order_id: i64,
    /// When an answer was due (`buyer_waiting_hours` after their last message).
    pub answer_due: DateTime<Utc>,
    /// Who holds the order.
    pub claimed_by: Option<String>,
}

/// The whole view.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Team {
    pub agents: Vec<AgentLoad>,
    pub unclaimed: Unclaimed,
    /// The buyers waiting longest, the longest first.
    pub waiting: Vec<Waiting>,
}

/// How many waiting buyers the view lists.
const WAITING_SHOWN: usize = 10;

impl Team {
    /// Reads the team's state at `now`.
    pub fn read(cache: &Cache, now: DateTime<Utc>) -> Result<Team, CacheError> {
        Team::read_with(cache, now, &cache.at_risk()?)
    }

    /// Reads the team's state at `now`, given the at-risk rows already read.
    pub fn read_with(
        cache: &Cache,
        now: DateTime<Utc>,
        at_risk: &[AtRisk],
    ) -> Result<Team, CacheError> {
        let at_risk: HashMap<i64, &AtRisk> = at_risk.iter().map(|r| (r.order_id, r)).collect();
        let idle = cache.claim_idle();
        let claims: Vec<_> = cache
            .live_claims()?
            .into_iter()
            .filter(|c| now - c.touched_at < idle)
            .collect();
        use crate::service::report::period::{day_start, moscow_day};
        let today = DateTime::from_timestamp(day_start(moscow_day(now)), 0).unwrap_or(now);
        let acts = cache.acts_since(today)?;
        let opened = cache.open_incident_times()?;
        Ok(Team {
            agents: agents(&claims, &at_risk, acts, now),
            unclaimed: unclaimed(&claims, &at_risk, &opened, now),
            waiting: waiting(&claims, &at_risk),
        })
    }
}

/// Each agent holding a live claim: the held orders by severity, the longest idle
/// claim, and today's notes and writes.
fn agents(
    claims: &[Claim],
    at_risk: &HashMap<i64, &AtRisk>,
    acts: Vec<(String, String)>,
    now: DateTime<Utc>,
) -> Vec<AgentLoad> {
    let mut agents: BTreeMap<String, AgentLoad> = BTreeMap::new();
    for c in claims {
        let a = agents.entry(c.agent.clone()).or_insert_with(|| AgentLoad {
            agent: c.agent.clone(),
            held: Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
            idle_seconds_max: 0,
            notes_today: 0,
            writes_today: 0,
        });
        let sev = at_risk
            .get(&c.order_id)
            .and_then(|r| r.assessment.severity())
            .unwrap_or(Severity::P4);
        *a.held.entry(sev.as_str()).or_default() += 1;
        a.idle_seconds_max = a.idle_seconds_max.max((now - c.touched_at).num_seconds());
    }
    for (agent, action) in acts {
        let Some(a) = agents.get_mut(&agent) else {
            continue;
        };
        if action == "note" {
            a.notes_today += 1;
        } else if action.starts_with("write:") {
            a.writes_today += 1;
        }
    }
    agents.into_values().collect()
}

/// The orders at risk that nobody holds, and how long the oldest P1 incident is open.
fn unclaimed(
    claims: &[Claim],
    at_risk: &HashMap<i64, &AtRisk>,
    opened: &HashMap<i64, DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Unclaimed {
    let held: std::collections::HashSet<i64> = claims.iter().map(|c| c.order_id).collect();
    let mut unclaimed = Unclaimed::default();
    let mut oldest_p1: Option<i64> = None;
    for r in at_risk.values().filter(|r| !held.contains(&r.order_id)) {
        match r.assessment.severity() {
            Some(Severity::P1) => {
                unclaimed.p1 += 1;
                if let Some(at) = opened.get(&r.order_id) {
                    let age = (now - *at).num_seconds();
                    oldest_p1 = Some(oldest_p1.map_or(age, |o| o.max(age)));
                }
            }
            Some(Severity::P2) => unclaimed.p2 += 1,
            _ => {}
        }
    }
    unclaimed.oldest_p1_seconds = oldest_p1;
    unclaimed
}

/// The buyers waiting longest for an answer, with who holds their order.
fn waiting(claims: &[Claim], at_risk: &HashMap<i64, &AtRisk>) -> Vec<Waiting> {
    let holders: HashMap<i64, &str> = claims
        .iter()
        .map(|c| (c.order_id, c.agent.as_str()))
        .collect();
    let mut waiting: Vec<Waiting> = at_risk
        .values()
        .filter_map(|r| {
            let m = r
                .assessment
                .matches
                .iter()
                .find(|m| m.rule == Rule::BuyerWaiting)?;
            Some(Waiting {
                order_id: r.order_id,
                answer_due: m.due?,
                claimed_by: holders.get(&r.order_id).map(|s| (*s).to_owned()),
            })
        })
        .collect();
    waiting.sort_by_key(|w| (w.answer_due, w.order_id));
    waiting.truncate(WAITING_SHOWN);
    waiting
}
