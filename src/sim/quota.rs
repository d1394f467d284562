//! The simulated Market's rate limits: hourly quotas per method and entity, the limits
//! on requests in flight (the global one per business or campaign, and a method's own
//! where the spec gives one), and the `X-RateLimit-Resource-*` headers that report
//! them. Counts are kept on the wall clock: a quota is about how fast a client really
//! calls, whatever the simulated clock says.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};

/// What a limit is counted against: the business or campaign of the path. Methods
/// without either in the path count against the business of the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Entity {
    Business(i64),
    Campaign(i64),
}

impl fmt::Display for Entity {
    /// As the Market's 420 message names it: `businessId 123`, `campaignId 456`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Entity::Business(id) => write!(f, "businessId {id}"),
            Entity::Campaign(id) => write!(f, "campaignId {id}"),
        }
    }
}

/// The Market's global limit on requests in flight per business or campaign (docs,
/// "limits"); a method with its own `parallel-limit-value` in the spec has that instead.
pub(crate) const GLOBAL_PARALLEL: u32 = 4;

/// Requests in flight that share one parallel limit: those of an entity that the global
/// limit counts, or those of one method that has its own limit, for that entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Pool {
    pub entity: Entity,
    /// The method (its resource name) when it has its own limit.
    pub method: Option<&'static str>,
}

impl fmt::Display for Pool {
    /// `businessId 123`, or `businessId 123 (getBusinessOrders)` for a method's own pool.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.method {
            Some(m) => write!(f, "{} ({m})", self.entity),
            None => write!(f, "{}", self.entity),
        }
    }
}

/// The state of one quota, for the response headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RateInfo {
    pub limit: u64,
    pub remaining: u64,
    /// When the current window ends (or an injected block lifts).
    pub until: DateTime<Utc>,
}

impl RateInfo {
    /// `X-RateLimit-Resource-Until`: an RFC 822 date, `Thu, 10 Jul 2018 00:42:42 GMT`.
    pub(crate) fn until_header(&self) -> String {
        self.until.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }
}

#[derive(Debug)]
struct Window {
    start: DateTime<Utc>,
    used: u64,
    /// Set by an injected quota 420: refused until then whatever the count says.
    blocked_until: Option<DateTime<Utc>>,
}

#[derive(Debug, Default)]
struct State {
    in_flight: HashMap<Pool, u32>,
    max_in_flight: HashMap<Pool, u32>,
    windows: HashMap<(&'static str, Entity), Window>,
}

/// All limits of one server.
#[derive(Debug)]
pub(crate) struct Limits {
    /// `parallel=N` of the fault spec: replaces every parallel limit.
    parallel_override: Option<u32>,
    window: TimeDelta,
    quota_override: Option<u64>,
    state: Mutex<State>,
}

/// A request counted as in flight until this is dropped; dropping also covers a
/// request whose connection went away mid-way.
#[derive(Debug)]
pub(crate) struct InFlight {
    limits: Arc<Limits>,
    pool: Pool,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut st = self.limits.lock();
        if let Some(n) = st.in_flight.get_mut(&self.pool) {
            *n = n.saturating_sub(1);
        }
    }
}

impl Limits {
    pub(crate) fn new(
        parallel_override: Option<u32>,
        window: Duration,
        quota_override: Option<u64>,
    ) -> Limits {
        Limits {
            parallel_override,
            window: TimeDelta::from_std(window).unwrap_or(TimeDelta::hours(1)),
            quota_override,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // Counters stay meaningful after a panic elsewhere; keep serving.
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The global parallel limit in force (requests in flight per entity).
    pub(crate) fn parallel(&self) -> u32 {
        self.parallel_override.unwrap_or(GLOBAL_PARALLEL)
    }

    /// The parallel limit of a method: the override of the fault spec, else the
    /// method's own documented one, else the global one.
    pub(crate) fn parallel_of(&self, own: Option<u32>) -> u32 {
        self.parallel_override.or(own).unwrap_or(GLOBAL_PARALLEL)
    }

    /// `hour`, `minute` or `N seconds`: the period named in the quota 420 message.
    pub(crate) fn period_name(&self) -> String {
        match self.window.num_seconds() {
            3600 => "hour".into(),
            60 => "minute".into(),
            s => format!("{s} seconds"),
        }
    }

    /// The quota of a method: the override of the fault spec, or the documented one.
    pub(crate) fn quota_of(&self, documented: u64) -> u64 {
        self.quota_override.unwrap_or(documented)
    }

    /// Counts a request in flight in `pool`; `None` when `limit` are already in flight
    /// (the refused request is not counted).
    pub(crate) fn enter(self: &Arc<Self>, pool: Pool, limit: u32) -> Option<InFlight> {
        let mut st = self.lock();
        let n = st.in_flight.entry(pool).or_insert(0);
        if *n >= limit {
            return None;
        }
        *n += 1;
        let now_in = *n;
        let max = st.max_in_flight.entry(pool).or_insert(0);
        *max = (*max).max(now_in);
        drop(st);
        Some(InFlight {
            limits: Arc::clone(self),
            pool,
        })
    }

    /// The most requests seen in flight at once, per pool (`businessId 1` → 3,
    /// `businessId 1 (getBusinessOrders)` → 6).
    pub(crate) fn max_in_flight(&self) -> BTreeMap<String, u32> {
        self.lock()
            .max_in_flight
            .iter()
            .map(|(e, n)| (e.to_string(), *n))
            .collect()
    }

    fn window_start(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        // Windows are aligned to the epoch, so a one-hour window ends on the hour.
        let len = self.window.num_milliseconds().max(1);
        let ms = now.timestamp_millis();
        let start = ms - ms.rem_euclid(len);
        DateTime::from_timestamp_millis(start).unwrap_or(now)
    }

    fn current<'a>(
        &self,
        st: &'a mut State,
        resource: &'static str,
        entity: Entity,
        now: DateTime<Utc>,
    ) -> &'a mut Window {
        let start = self.window_start(now);
        let w = st.windows.entry((resource, entity)).or_insert(Window {
            start,
            used: 0,
            blocked_until: None,
        });
        if w.start != start {
            w.start = start;
            w.used = 0;
        }
        if w.blocked_until.is_some_and(|t| t <= now) {
            w.blocked_until = None;
        }
        w
    }

    fn info(&self, w: &Window, limit: u64) -> RateInfo {
        match w.blocked_until {
            Some(until) => RateInfo {
                limit,
                remaining: 0,
                until,
            },
            None => RateInfo {
                limit,
                remaining: limit.saturating_sub(w.used),
                until: w.start + self.window,
            },
        }
    }

    /// Takes `cost` units of the quota. `Err` (nothing taken) when they are not left.
    pub(crate) fn consume(
        &self,
        resource: &'static str,
        limit: u64,
        entity: Entity,
        cost: u64,
        now: DateTime<Utc>,
    ) -> Result<RateInfo, RateInfo> {
        let mut st = self.lock();
        let w = self.current(&mut st, resource, entity, now);
        if w.blocked_until.is_some() || w.used + cost > limit {
            let mut info = self.info(w, limit);
            info.remaining = 0;
            return Err(info);
        }
        w.used += cost;
        Ok(self.info(w, limit))
    }

    /// The quota's state without taking anything (for answers refused before counting).
    pub(crate) fn peek(
        &self,
        resource: &'static str,
        limit: u64,
        entity: Entity,
        now: DateTime<Utc>,
    ) -> RateInfo {
        let mut st = self.lock();
        let w = self.current(&mut st, resource, entity, now);
        self.info(w, limit)
    }

    /// An injected quota 420: refuses the method until `until`.
    pub(crate) fn block(
        &self,
        resource: &'static str,
        limit: u64,
        entity: Entity,
        now: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> RateInfo {
        let mut st = self.lock();
        let w = self.current(&mut st, resource, entity, now);
        w.blocked_until = Some(w.blocked_until.map_or(until, |t| t.max(until)));
        self.info(w, limit)
    }
}

#[cfg(test)]
mod tests;
