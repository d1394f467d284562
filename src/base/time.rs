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

#[cfg(test)]
mod tests;
