//! How the text formats (table, Markdown, the CSV's label column) name groups and
//! measures and write numbers, from the report's table of words. JSON carries ids only.

use super::Dimension;
use super::headline::{is_duration, is_share};
use super::stats::Rate;
use super::words::words;
use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::base::text::clean;
use crate::domain::incident::steps::{FaultOwner, RootCause};

/// Text from outside (carrier, region, agent names), safe for a terminal; an empty one
/// reads "—".
pub fn name(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_owned()
    } else {
        clean(s).into_owned()
    }
}

/// A root cause's name; an incident not closed yet has none.
pub fn cause(id: &str, lang: Lang) -> String {
    if id.is_empty() {
        return words(lang).not_closed_yet.to_owned();
    }
    RootCause::from_id(id).map_or_else(|| name(id), |c| c.label().get(lang).to_owned())
}

/// A fault owner's name.
pub fn owner(id: &str, lang: Lang) -> String {
    FaultOwner::from_id(id).map_or_else(|| name(id), |o| o.label().get(lang).to_owned())
}

/// A group's name in the breakdown.
pub fn group(by: Dimension, key: &str, model: Option<&str>, lang: Lang) -> String {
    match by {
        Dimension::Cause => cause(key, lang),
        Dimension::Campaign => match model {
            Some(m) => format!("{} ({})", name(key), name(m)),
            None => name(key),
        },
        Dimension::Agent if key.is_empty() => words(lang).nobody.to_owned(),
        _ => name(key),
    }
}

/// What the breakdown's first column holds.
pub fn dimension(by: Dimension, lang: Lang) -> &'static str {
    let w = words(lang);
    match by {
        Dimension::Cause => w.cause,
        Dimension::Carrier => w.carrier,
        Dimension::Region => w.region,
        Dimension::Campaign => w.campaign,
        Dimension::Agent => w.agent,
    }
}

/// A headline measure's name.
pub fn headline(id: &str, lang: Lang) -> &'static str {
    let w = words(lang);
    match id {
        "incidents_opened" => w.incidents_opened,
        "incidents_closed" => w.incidents_closed,
        "seller_fault_share" => w.seller_fault_share,
        "late_shipment_rate" => w.late_shipment_rate,
        "late_delivery_rate" => w.late_delivery_rate,
        "seller_cancellation_rate" => w.seller_cancellation_rate,
        "detect_median_seconds" => w.detect_median,
        "first_contact_median_seconds" => w.first_contact_median,
        "resolve_median_seconds" => w.resolve_median,
        "detected_before_buyer_share" => w.detected_before_buyer,
        "reopened_share" => w.reopened,
        "compensation" => w.compensation_given,
        "date_moves" => w.delivery_date_moves,
        _ => "?",
    }
}

/// A decimal number as the language writes it (a comma in Russian).
pub fn decimal(x: f64, places: usize, lang: Lang) -> String {
    format!("{x:.places$}").replace('.', words(lang).decimal_point)
}

/// A share (0..1) as a percentage.
pub fn share(x: Option<f64>, lang: Lang) -> String {
    x.map_or_else(
        || "—".to_owned(),
        |x| format!("{} %", decimal(x * 100.0, 1, lang)),
    )
}

/// A rate as "numerator/denominator (share)".
pub fn rate(r: &Rate, lang: Lang) -> String {
    if r.denominator == 0 {
        return "—".to_owned();
    }
    format!(
        "{}/{} ({})",
        r.numerator,
        r.denominator,
        share(r.share, lang)
    )
}

/// A duration to two units at most: "45 s", "12 min", "3 h 20 min", "2 d 4 h".
pub fn duration(secs: Option<i64>, lang: Lang) -> String {
    let Some(secs) = secs else {
        return "—".to_owned();
    };
    let sign = if secs < 0 { "−" } else { "" };
    let s = secs.unsigned_abs();
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let [ud, uh, um, us] = words(lang).duration_units;
    let body = if d > 0 && h > 0 {
        format!("{d} {ud} {h} {uh}")
    } else if d > 0 {
        format!("{d} {ud}")
    } else if h > 0 && m > 0 {
        format!("{h} {uh} {m} {um}")
    } else if h > 0 {
        format!("{h} {uh}")
    } else if m > 0 {
        format!("{m} {um}")
    } else {
        format!("{s} {us}")
    };
    format!("{sign}{body}")
}

/// An amount of money as the language shows it, with the rouble sign: the report's
/// amounts are in the orders' currency, and the Market's shops trade in roubles.
pub fn money(x: Money, lang: Lang) -> String {
    x.show("RUR", lang)
}

/// A headline amount, which the headline keeps as a number of roubles.
fn rubles(x: f64, lang: Lang) -> String {
    money(Money::from_f64(x).unwrap_or_default(), lang)
}

/// One headline value.
pub fn value(id: &str, v: Option<f64>, lang: Lang) -> String {
    match v {
        None => "—".to_owned(),
        Some(x) if is_share(id) => share(Some(x), lang),
        Some(x) if is_duration(id) => duration(Some(x.round() as i64), lang),
        Some(x) if id == "compensation" => rubles(x, lang),
        Some(x) => format!("{x:.0}"),
    }
}

/// One headline change, signed: shares in percentage points.
pub fn change(id: &str, v: Option<f64>, lang: Lang) -> String {
    let Some(x) = v else {
        return "—".to_owned();
    };
    let sign = if x > 0.0 {
        "+"
    } else if x < 0.0 {
        "−"
    } else {
        ""
    };
    let a = x.abs();
    let body = if is_share(id) {
        format!("{} {}", decimal(a * 100.0, 1, lang), words(lang).pp)
    } else if is_duration(id) {
        duration(Some(a.round() as i64), lang)
    } else if id == "compensation" {
        rubles(a, lang)
    } else {
        format!("{a:.0}")
    };
    format!("{sign}{body}")
}
