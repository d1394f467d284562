//! Step 7: incident analysis. Which causes, carriers, regions, campaigns and habits
//! make orders fail, how fast the team reacts, what it costs — for a period of Moscow
//! days and for the equally long period before it.
//!
//! The flow is the crate's: [`load`] reads a [`Dataset`] from the cache (the SQL lives
//! in `cache/report.rs`), [`compute`] turns it into a [`Report`] — plain functions over
//! plain rows and a `now` passed in — and [`render`] writes a report as a table, CSV,
//! JSON or Markdown. The dashboard's Analysis screen and `ym-triage report` share all
//! of it. The JSON shape is a stable interface (see the README).

pub mod cost;
pub mod flow;
mod format_csv;
mod format_md;
pub mod format_table;
pub mod headline;
pub mod incidents;
pub mod labels;
pub mod layout;
pub mod period;
pub mod rates;
pub use crate::cache::report_rows as rows;
pub mod scorecard;
pub mod stats;
pub mod words;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::base::lang::Lang;
use crate::cache::{Cache, CacheError};

pub use cost::Cost;
pub use flow::Flow;
pub use headline::Headline;
pub use incidents::{CauseRow, GroupRow, IncidentCounts, OwnerRow};
pub use period::{Period, PeriodError, PeriodInfo};
pub use rates::Rates;
pub use rows::Dataset;
pub use scorecard::CarrierScore;

/// The version of the JSON shape; bumped only when a field changes meaning or goes.
pub const SCHEMA: u32 = 1;

/// What the breakdown groups incidents by (`--by`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The root cause an incident was closed with.
    #[default]
    Cause,
    /// The order's delivery service.
    Carrier,
    /// The order's delivery region.
    Region,
    /// The order's campaign (and so its model).
    Campaign,
    /// The agent who closed the incident, else the first who claimed it.
    Agent,
}

/// How a report is written (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal.
    #[default]
    Table,
    /// The breakdown as CSV for a spreadsheet (RFC 4180, UTF-8).
    Csv,
    /// Everything, as one JSON object.
    Json,
    /// Markdown tables, for a weekly review's notes.
    Md,
}

/// The measures of one period.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Body {
    pub incidents: IncidentCounts,
    /// The Pareto of root causes over the incidents closed in the period.
    pub causes: Vec<CauseRow>,
    /// The Pareto of fault owners over the same incidents.
    pub owners: Vec<OwnerRow>,
    /// The incidents grouped by the report's dimension.
    pub breakdown: Vec<GroupRow>,
    pub rates: Rates,
    pub flow: Flow,
    pub cost: Cost,
    /// The carrier scorecard.
    pub carriers: Vec<CarrierScore>,
}

/// A whole report: the period's measures, and the headline ones against the period
/// before.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema: u32,
    /// When it was computed (UTC, RFC 3339).
    pub generated_at: String,
    pub period: PeriodInfo,
    /// The equally long period just before `period`.
    pub previous_period: PeriodInfo,
    pub by: Dimension,
    pub headline: Vec<Headline>,
    #[serde(flatten)]
    pub body: Body,
}

/// Reads from the cache what `period` and the period before it need.
pub fn load(cache: &Cache, period: &Period) -> Result<Dataset, CacheError> {
    let prev = period.previous();
    let (from, to) = (prev.start(), period.end());
    let mut incidents = cache.report_incidents(from, to)?;
    let orders = cache.report_orders(prev.since(), period.until(), from, to)?;
    let by_id: HashMap<i64, &rows::OrderRow> = orders.iter().map(|o| (o.order_id, o)).collect();
    for i in &mut incidents {
        if let Some(o) = by_id.get(&i.order_id) {
            i.campaign_id = o.campaign_id;
            i.model = o.model.clone();
            i.carrier = o.carrier.clone();
            i.region = o.region.clone();
        }
    }
    // From the oldest incident still open in the span, so its claims are seen too.
    let trail_from = incidents.iter().map(|i| i.opened_at).fold(from, i64::min);
    let from_t = DateTime::from_timestamp(from, 0).unwrap_or_default();
    let to_t = DateTime::from_timestamp(to, 0).unwrap_or_default();
    let unredeemed = cache
        .unredeemed_between(from_t, to_t)?
        .into_iter()
        .map(|(r, order_value, carrier)| rows::UnredeemedRow {
            order_id: r.order_id,
            created_at: r.created_at.map_or(from, |t| t.timestamp()),
            value: r.amount.or(order_value).unwrap_or_default(),
            carrier: carrier.unwrap_or_default(),
        })
        .collect();
    Ok(Dataset {
        trail: cache.report_trail(trail_from)?,
        date_changes: cache.report_date_changes(from, to)?,
        unredeemed,
        incidents,
        orders,
    })
}

/// The measures of one period. The previous period's serve only the headline, so
/// without `full` the breakdown, Pareto and scorecard are left empty.
fn body(
    data: &Dataset,
    facts: &[flow::Facts<'_>],
    period: &Period,
    by: Dimension,
    now: i64,
    full: bool,
) -> Body {
    let mut b = Body {
        incidents: incidents::counts(&data.incidents, period),
        owners: incidents::owners(&data.incidents, period),
        rates: rates::rates(&data.orders, period, now),
        flow: flow::flow(facts, period),
        cost: cost::cost(data, period),
        ..Body::default()
    };
    if full {
        b.causes = incidents::causes(&data.incidents, period);
        b.breakdown = incidents::breakdown(facts, &data.orders, period, by, now);
        b.carriers = scorecard::scorecard(&data.orders, period, now);
    }
    b
}

/// The report of `period` from rows [`load`] read for it, as of `now`.
pub fn compute(data: &Dataset, period: &Period, by: Dimension, now: DateTime<Utc>) -> Report {
    let secs = now.timestamp();
    let prev = period.previous();
    let facts = flow::facts(&data.incidents, &data.trail);
    let current = body(data, &facts, period, by, secs, true);
    let previous = body(data, &facts, &prev, by, secs, false);
    Report {
        schema: SCHEMA,
        generated_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
        period: period.info(),
        previous_period: prev.info(),
        by,
        headline: headline::compare(&current, &previous),
        body: current,
    }
}

/// Reads the cache and computes the report of `period`, as of `now`.
pub fn build(
    cache: &Cache,
    period: &Period,
    by: Dimension,
    now: DateTime<Utc>,
) -> Result<Report, CacheError> {
    Ok(compute(&load(cache, period)?, period, by, now))
}

/// The orders behind one bar, exactly those the bar counts: for a root cause, the
/// orders of the incidents closed in `period` with it (the Pareto counts those); for a
/// carrier, the orders of the scorecard (due in the period and carried by it); for the
/// other groupings, the orders of the incidents opened or closed in `period` in that
/// group. Latest first, each once.
pub fn orders_in_group(data: &Dataset, period: &Period, by: Dimension, key: &str) -> Vec<i64> {
    if by == Dimension::Carrier {
        let mut hits: Vec<(i64, i64)> = scorecard::scored(&data.orders, period)
            .filter(|o| &*o.carrier == key)
            .map(|o| (o.created_at, o.order_id))
            .collect();
        hits.sort_by(|a, b| b.cmp(a));
        return hits.into_iter().map(|(_, id)| id).collect();
    }
    let mut hits: Vec<(i64, i64)> = flow::facts(&data.incidents, &data.trail)
        .iter()
        .filter(|x| {
            let i = x.incident;
            let counted = match by {
                Dimension::Cause => i.closed_at.is_some_and(|t| period.contains(t)),
                _ => {
                    period.contains(i.opened_at) || i.closed_at.is_some_and(|t| period.contains(t))
                }
            };
            counted && incidents::group_of(x, by) == key
        })
        .map(|x| (x.incident.opened_at, x.incident.order_id))
        .collect();
    hits.sort_by(|a, b| b.cmp(a));
    let mut seen = std::collections::HashSet::new();
    hits.into_iter()
        .map(|(_, order)| order)
        .filter(|o| seen.insert(*o))
        .collect()
}

/// Writes the report in `format`; table, Markdown and the CSV's labels follow `lang`.
pub fn render(report: &Report, format: Format, lang: Lang) -> String {
    match format {
        Format::Json => {
            let mut s =
                crate::base::text::json::to_string_pretty(report).unwrap_or_else(|_| "{}".into());
            s.push('\n');
            s
        }
        Format::Csv => format_csv::render(report, lang),
        Format::Table => format_table::render(&layout::sections(report, lang)),
        Format::Md => format_md::render(&layout::sections(report, lang)),
    }
}
