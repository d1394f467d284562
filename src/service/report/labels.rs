//! The words and number formats of the text formats (table, Markdown, the CSV's label
//! column), in Russian and English. JSON carries ids only.

use super::Dimension;
use super::headline::{is_duration, is_share};
use super::stats::Rate;
use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::base::text::clean;
use crate::domain::incident::steps::{FaultOwner, RootCause};

/// One text in the report's language.
pub fn tr(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

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
        return tr(lang, "(ещё не закрыт)", "(not closed yet)").to_owned();
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
        Dimension::Agent if key.is_empty() => tr(lang, "(никто)", "(nobody)").to_owned(),
        _ => name(key),
    }
}

/// What the breakdown's first column holds.
pub fn dimension(by: Dimension, lang: Lang) -> &'static str {
    match by {
        Dimension::Cause => tr(lang, "причина", "cause"),
        Dimension::Carrier => tr(lang, "служба доставки", "carrier"),
        Dimension::Region => tr(lang, "регион", "region"),
        Dimension::Campaign => tr(lang, "кампания", "campaign"),
        Dimension::Agent => tr(lang, "агент", "agent"),
    }
}

/// A headline measure's name.
pub fn headline(id: &str, lang: Lang) -> &'static str {
    match id {
        "incidents_opened" => tr(lang, "инцидентов открыто", "incidents opened"),
        "incidents_closed" => tr(lang, "инцидентов закрыто", "incidents closed"),
        "seller_fault_share" => tr(lang, "доля вины продавца", "seller's fault share"),
        "late_shipment_rate" => tr(
            lang,
            "опоздания с отгрузкой (FBS, Экспресс)",
            "late shipment (FBS, Express)",
        ),
        "late_delivery_rate" => tr(lang, "опоздания с доставкой (DBS)", "late delivery (DBS)"),
        "seller_cancellation_rate" => tr(
            lang,
            "отмены по вине продавца",
            "seller-fault cancellations",
        ),
        "detect_median_seconds" => tr(
            lang,
            "до взятия в работу, медиана",
            "time to detect, median",
        ),
        "first_contact_median_seconds" => tr(
            lang,
            "до первого сообщения, медиана",
            "time to first contact, median",
        ),
        "resolve_median_seconds" => tr(lang, "до закрытия, медиана", "time to resolve, median"),
        "detected_before_buyer_share" => tr(
            lang,
            "замечено раньше покупателя",
            "detected before the buyer wrote",
        ),
        "reopened_share" => tr(lang, "открыто повторно", "reopened"),
        "compensation" => tr(lang, "компенсации", "compensation given"),
        "date_moves" => tr(lang, "переносы даты доставки", "delivery date moves"),
        _ => "?",
    }
}

/// A decimal number as the language writes it (a comma in Russian).
pub fn decimal(x: f64, places: usize, lang: Lang) -> String {
    let s = format!("{x:.places$}");
    match lang {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
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
    let [ud, uh, um, us] = match lang {
        Lang::Ru => ["д", "ч", "мин", "с"],
        Lang::En => ["d", "h", "min", "s"],
    };
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
        format!(
            "{} {}",
            decimal(a * 100.0, 1, lang),
            tr(lang, "п. п.", "pp")
        )
    } else if is_duration(id) {
        duration(Some(a.round() as i64), lang)
    } else if id == "compensation" {
        rubles(a, lang)
    } else {
        format!("{a:.0}")
    };
    format!("{sign}{body}")
}
