//! The breakdown as CSV for a spreadsheet: a header row of stable column names, one
//! row per group, RFC 4180 quoting and CRLF line ends, UTF-8 with a byte-order mark so
//! spreadsheet programs read Cyrillic as Cyrillic. Every row repeats the period and
//! the dimension, so weekly files can be stacked into one sheet.

use super::incidents::GroupRow;
use super::labels;
use super::stats::Rate;
use super::{Dimension, Report};
use crate::base::lang::Lang;
use crate::base::text::clean;

/// The columns, in order. Shares are fractions (0..1), durations hours, money a plain
/// number of roubles (the orders' currency) with two decimals and a point, which every
/// spreadsheet reads as a number; the unit is in the column's name, as the hours' are.
/// An empty cell means "does not apply" or "nothing to measure".
pub const COLUMNS: [&str; 24] = [
    "since",
    "until",
    "by",
    "key",
    "label",
    "owner",
    "model",
    "opened",
    "closed",
    "closed_share",
    "seller_fault",
    "compensation_rub",
    "detect_median_hours",
    "resolve_median_hours",
    "resolve_p90_hours",
    "late_shipment_late",
    "late_shipment_orders",
    "late_shipment_share",
    "late_delivery_late",
    "late_delivery_orders",
    "late_delivery_share",
    "seller_cancellations",
    "seller_cancellations_orders",
    "seller_cancellations_share",
];

/// One field, cleaned for display (a key is a carrier's, region's or agent's name from
/// outside, and a spreadsheet's CSV is also read with `cat`); the writer quotes it.
fn field(s: &str) -> String {
    clean(s).into_owned()
}

fn fraction(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{x:.4}"))
}

fn hours(secs: Option<i64>) -> String {
    secs.map_or_else(String::new, |s| format!("{:.2}", s as f64 / 3600.0))
}

fn rate(r: Option<Rate>) -> [String; 3] {
    match r {
        Some(r) => [
            r.numerator.to_string(),
            r.denominator.to_string(),
            fraction(r.share),
        ],
        None => Default::default(),
    }
}

fn by_id(by: Dimension) -> &'static str {
    match by {
        Dimension::Cause => "cause",
        Dimension::Carrier => "carrier",
        Dimension::Region => "region",
        Dimension::Campaign => "campaign",
        Dimension::Agent => "agent",
    }
}

fn row(r: &Report, g: &GroupRow, lang: Lang) -> Vec<String> {
    let mut v = vec![
        r.period.since.clone(),
        r.period.until.clone(),
        by_id(r.by).to_owned(),
        g.key.clone(),
        labels::group(r.by, &g.key, g.model.as_deref(), lang),
        g.owner.clone().unwrap_or_default(),
        g.model.clone().unwrap_or_default(),
        g.opened.to_string(),
        g.closed.to_string(),
        fraction(g.closed_share),
        g.seller_fault.to_string(),
        g.compensation.decimal(),
        hours(g.detect.median_seconds),
        hours(g.resolve.median_seconds),
        hours(g.resolve.p90_seconds),
    ];
    v.extend(rate(g.late_shipment));
    v.extend(rate(g.late_delivery));
    v.extend(rate(g.seller_cancellations));
    v
}

/// The header and one row per group of the breakdown.
pub fn render(r: &Report, lang: Lang) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut rows: Vec<Vec<String>> = vec![COLUMNS.iter().map(|c| (*c).to_owned()).collect()];
    rows.extend(
        r.body
            .breakdown
            .iter()
            .map(|g| row(r, g, lang).iter().map(|f| field(f)).collect()),
    );
    for fields in rows {
        // Writing into memory cannot fail but for a bug; the row is then left out.
        if let Err(e) = w.write_record(&fields) {
            tracing::warn!(error = %e, "report: a CSV row could not be written");
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests;
