//! Moscow time: the Market's clock (UTC+03:00 all year since 2014). Days the program
//! speaks of — deadlines, report periods, "today" — are Moscow days.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};

/// Moscow time, UTC+03:00.
pub fn moscow() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).expect("UTC+3 is a valid offset")
}

/// The Moscow day of an instant.
pub fn moscow_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&moscow()).date_naive()
}

/// The instant a Moscow day starts.
pub fn moscow_midnight(d: NaiveDate) -> DateTime<Utc> {
    moscow()
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .map(|t| t.to_utc())
        .unwrap_or_default()
}

/// Reads a Moscow day as people write it: `DD.MM.YYYY` or `YYYY-MM-DD` (the report's
/// `--since`/`--until` and every date the dashboard asks for).
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .map_err(|_| {
            format!(
                "{s:?} is not a date: write it as YYYY-MM-DD or DD.MM.YYYY (a Moscow day), \
                 e.g. 2026-11-20 or 20.11.2026"
            )
        })
}

#[cfg(test)]
mod tests;
