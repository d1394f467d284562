//! "The week against the previous one": each headline measure for the period and for
//! the equally long period before it, with the change.

use serde::Serialize;

use super::Body;
use crate::domain::incident::steps::FaultOwner;

/// One headline measure in both periods.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Headline {
    /// The measure's stable id (see [`IDS`]).
    pub id: &'static str,
    pub current: Option<f64>,
    pub previous: Option<f64>,
    /// `current − previous`, to six decimals (shares: in fractions, so 0.05 is five
    /// points).
    pub change: Option<f64>,
}

/// The headline measures, in the order the report shows them.
pub const IDS: [&str; 13] = [
    "incidents_opened",
    "incidents_closed",
    "seller_fault_share",
    "late_shipment_rate",
    "late_delivery_rate",
    "seller_cancellation_rate",
    "detect_median_seconds",
    "first_contact_median_seconds",
    "resolve_median_seconds",
    "detected_before_buyer_share",
    "reopened_share",
    "compensation",
    "date_moves",
];

/// Whether the measure is a share (0..1) rather than a count, duration or amount.
pub fn is_share(id: &str) -> bool {
    id.ends_with("_share") || id.ends_with("_rate")
}

/// Whether the measure is a duration in seconds.
pub fn is_duration(id: &str) -> bool {
    id.ends_with("_seconds")
}

/// The value of one headline measure in a period's body.
fn value(b: &Body, id: &str) -> Option<f64> {
    let secs = |s: Option<i64>| s.map(|s| s as f64);
    match id {
        "incidents_opened" => Some(b.incidents.opened as f64),
        "incidents_closed" => Some(b.incidents.closed as f64),
        "seller_fault_share" => {
            let closed: u64 = b.owners.iter().map(|o| o.count).sum();
            let seller: u64 = b
                .owners
                .iter()
                .filter(|o| o.owner == FaultOwner::Seller.id())
                .map(|o| o.count)
                .sum();
            (closed > 0).then(|| seller as f64 / closed as f64)
        }
        "late_shipment_rate" => b.rates.late_shipment.total.share,
        "late_delivery_rate" => b.rates.late_delivery.total.share,
        "seller_cancellation_rate" => b.rates.seller_cancellations.total.share,
        "detect_median_seconds" => secs(b.flow.detect.median_seconds),
        "first_contact_median_seconds" => secs(b.flow.first_contact.median_seconds),
        "resolve_median_seconds" => secs(b.flow.resolve.median_seconds),
        "detected_before_buyer_share" => b.flow.detected_before_buyer.share,
        "reopened_share" => b.flow.reopened.share,
        "compensation" => Some(b.cost.compensation.to_f64()),
        "date_moves" => Some(b.cost.date_moves.moves as f64),
        _ => None,
    }
}

/// Every headline measure for `current` against `previous`.
pub fn compare(current: &Body, previous: &Body) -> Vec<Headline> {
    IDS.iter()
        .map(|&id| {
            let (c, p) = (value(current, id), value(previous, id));
            Headline {
                id,
                current: c,
                previous: p,
                // Rounded so 0.3 − 0.1 reads 0.2, not 0.19999999999999998.
                change: c.zip(p).map(|(c, p)| ((c - p) * 1e6).round() / 1e6),
            }
        })
        .collect()
}
