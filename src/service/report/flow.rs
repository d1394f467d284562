//! How fast the team reacts: from a rule's first match to the first claim, to the
//! first message to the buyer, and to the close; how often the team saw the trouble
//! before the buyer wrote; how often an order's trouble came back.

use std::collections::HashMap;

use serde::Serialize;

use super::period::Period;
use super::rows::{IncidentRow, TrailEntry, TrailKind};
use super::stats::{Durations, Rate};

/// An incident with the moments its order's trail adds to it.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub incident: &'a IncidentRow,
    /// The first claim of the order while the incident was open: when, and who.
    pub first_claim: Option<(i64, &'a str)>,
    /// The first message to the buyer while the incident was open.
    pub first_contact: Option<i64>,
}

impl Facts<'_> {
    /// Who the incident belongs to: the agent who closed it, else the first who
    /// claimed it; `""` when nobody has yet.
    pub fn agent(&self) -> &str {
        self.incident
            .closed_by
            .as_deref()
            .or(self.first_claim.map(|(_, a)| a))
            .unwrap_or_default()
    }
}

/// Joins each incident with its order's trail.
pub fn facts<'a>(incidents: &'a [IncidentRow], trail: &'a [TrailEntry]) -> Vec<Facts<'a>> {
    let mut by_order: HashMap<i64, Vec<&TrailEntry>> = HashMap::new();
    for e in trail {
        by_order.entry(e.order_id).or_default().push(e);
    }
    for entries in by_order.values_mut() {
        entries.sort_by_key(|e| e.at);
    }
    incidents
        .iter()
        .map(|i| {
            let during =
                |e: &&&TrailEntry| e.at >= i.opened_at && i.closed_at.is_none_or(|c| e.at <= c);
            let entries = by_order
                .get(&i.order_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            Facts {
                incident: i,
                first_claim: entries
                    .iter()
                    .filter(during)
                    .find(|e| e.kind == TrailKind::Claim)
                    .map(|e| (e.at, e.agent.as_str())),
                first_contact: entries
                    .iter()
                    .filter(during)
                    .find(|e| e.kind == TrailKind::ChatMessage)
                    .map(|e| e.at),
            }
        })
        .collect()
}

/// The flow measures of a period.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Flow {
    /// Incidents a rule opened in the period: from opening to the first claim.
    pub detect: Durations,
    /// Of those, how many nobody has claimed.
    pub unclaimed: u64,
    /// Incidents opened in the period: from opening to the first message to the buyer.
    pub first_contact: Durations,
    /// Of those, how many have no message to the buyer.
    pub not_contacted: u64,
    /// Incidents closed in the period: from opening to closing.
    pub resolve: Durations,
    /// Incidents closed in the period and marked "detected before the buyer wrote",
    /// out of those closed with that question answered.
    pub detected_before_buyer: Rate,
    /// Incidents opened in the period for an order whose earlier incident was closed,
    /// out of all opened in the period.
    pub reopened: Rate,
}

/// The flow measures of `period`.
pub fn flow(facts: &[Facts<'_>], period: &Period) -> Flow {
    let mut f = Flow::default();
    let (mut detect, mut contact, mut resolve) = (Vec::new(), Vec::new(), Vec::new());
    for x in facts {
        let i = x.incident;
        if period.contains(i.opened_at) {
            f.reopened.add(i.reopened);
            if i.by_rule {
                match x.first_claim {
                    Some((at, _)) => detect.push(at - i.opened_at),
                    None => f.unclaimed += 1,
                }
            }
            match x.first_contact {
                Some(at) => contact.push(at - i.opened_at),
                None => f.not_contacted += 1,
            }
        }
        if let Some(closed) = i.closed_at.filter(|c| period.contains(*c)) {
            resolve.push(closed - i.opened_at);
            if let Some(before) = i.detected_before_buyer {
                f.detected_before_buyer.add(before);
            }
        }
    }
    f.detect = Durations::of(detect);
    f.first_contact = Durations::of(contact);
    f.resolve = Durations::of(resolve);
    f
}
