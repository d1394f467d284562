//! The lead's view of the team, from the cache: per agent the orders held by severity,
//! the longest-idle claim, the notes and writes of today; the orders at risk nobody
//! holds, and the buyers waiting longest. `status --by-agent` prints it, `status --json`
//! carries its counts, and the dashboard's Team screen draws it.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::cache::{Cache, CacheError, Claim, Tally};
use crate::domain::risk::Severity;
use crate::service::report::period::{day_start, moscow_day};

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
    /// Reads the team's state at `now`: the held orders' risk, the counts kept with
    /// the risk, the oldest unclaimed P1 and the first waiting buyers, so the view
    /// costs the claims and the lines it shows, not the orders at risk.
    pub fn read(cache: &Cache, now: DateTime<Utc>) -> Result<Team, CacheError> {
        Team::read_with(cache, now, &cache.risk_tally()?)
    }

    /// Reads the team's state at `now`, given the stored counts already read.
    pub fn read_with(cache: &Cache, now: DateTime<Utc>, tally: &Tally) -> Result<Team, CacheError> {
        let idle = cache.claim_idle();
        let claims: Vec<_> = cache
            .live_claims()?
            .into_iter()
            .filter(|c| now - c.touched_at < idle)
            .collect();
        let held: Vec<i64> = claims.iter().map(|c| c.order_id).collect();
        let held_risk: HashMap<i64, Severity> = cache
            .at_risk_of(&held)?
            .into_iter()
            .filter_map(|r| Some((r.order_id, r.assessment.severity()?)))
            .collect();
        let today = DateTime::from_timestamp(day_start(moscow_day(now)), 0).unwrap_or(now);
        let holders: HashMap<i64, &str> = claims
            .iter()
            .map(|c| (c.order_id, c.agent.as_str()))
            .collect();
        let oldest_p1 = cache.oldest_open_p1(|id| holders.contains_key(&id))?;
        let waiting = cache
            .waiting_longest(WAITING_SHOWN)?
            .into_iter()
            .map(|(order_id, answer_due)| Waiting {
                order_id,
                answer_due,
                claimed_by: holders.get(&order_id).map(|s| (*s).to_owned()),
            })
            .collect();
        Ok(Team {
            agents: agents(cache, &claims, &held_risk, today, now)?,
            unclaimed: unclaimed(tally, &held_risk, oldest_p1, now),
            waiting,
        })
    }
}

/// Each agent holding a live claim: the held orders by severity, the longest idle
/// claim, and today's notes and writes.
fn agents(
    cache: &Cache,
    claims: &[Claim],
    held_risk: &HashMap<i64, Severity>,
    today: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<AgentLoad>, CacheError> {
    let mut agents: BTreeMap<String, AgentLoad> = BTreeMap::new();
    for c in claims {
        let a = agents.entry(c.agent.clone()).or_insert_with(|| AgentLoad {
            agent: c.agent.clone(),
            held: Severity::ALL.iter().map(|s| (s.as_str(), 0)).collect(),
            idle_seconds_max: 0,
            notes_today: 0,
            writes_today: 0,
        });
        let sev = held_risk.get(&c.order_id).copied().unwrap_or(Severity::P4);
        *a.held.entry(sev.as_str()).or_default() += 1;
        a.idle_seconds_max = a.idle_seconds_max.max((now - c.touched_at).num_seconds());
    }
    for a in agents.values_mut() {
        (a.notes_today, a.writes_today) = cache.notes_and_writes_since(&a.agent, today)?;
    }
    Ok(agents.into_values().collect())
}

/// The orders at risk that nobody holds — the stored counts less the held ones — and
/// how long the oldest unclaimed P1 incident has been open.
fn unclaimed(
    tally: &Tally,
    held_risk: &HashMap<i64, Severity>,
    oldest_p1: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Unclaimed {
    let count = |s: Severity| {
        let held = held_risk.values().filter(|h| **h == s).count();
        tally
            .by_severity
            .get(s.as_str())
            .copied()
            .unwrap_or(0)
            .saturating_sub(held)
    };
    Unclaimed {
        p1: count(Severity::P1),
        p2: count(Severity::P2),
        oldest_p1_seconds: oldest_p1.map(|at| (now - at).num_seconds()),
    }
}
