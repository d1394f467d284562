//! The span a report covers: whole Moscow days, both ends included, as the Market's
//! own dates are Moscow days. A period knows the equally long one just before it, for
//! "the week against the previous one".

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use crate::incident::Msg;
use crate::market::dates::moscow;

/// How many days a period covers when none is given.
pub const DEFAULT_DAYS: u64 = 7;

/// Whole Moscow days from `since` to `until`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    since: NaiveDate,
    until: NaiveDate,
}

/// Why a period cannot be built from what was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodError {
    /// `--since` is later than `--until`.
    Reversed { since: NaiveDate, until: NaiveDate },
}

impl PeriodError {
    /// The message for the user, in both languages.
    pub fn message(&self) -> Msg {
        match self {
            PeriodError::Reversed { since, until } => Msg::new(
                format!(
                    "--since {since} позже, чем --until {until}: начало периода должно быть не позже конца"
                ),
                format!(
                    "--since {since} is after --until {until}: the period must start on or before the day it ends"
                ),
            ),
        }
    }
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().en)
    }
}

impl std::error::Error for PeriodError {}

/// The Moscow calendar day of an instant.
pub use crate::base::time::moscow_day;

/// The Moscow day of a stored instant (Unix seconds).
pub fn moscow_day_of(secs: i64) -> NaiveDate {
    moscow_day(DateTime::from_timestamp(secs, 0).unwrap_or_default())
}

/// 00:00 Moscow time of a day, as Unix seconds.
pub fn day_start(d: NaiveDate) -> i64 {
    crate::base::time::moscow_midnight(d).timestamp()
}

/// Reads a `--since` / `--until` value: a Moscow day written `YYYY-MM-DD` or
/// `DD.MM.YYYY`.
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

impl Period {
    /// The days from `since` to `until`, both included.
    pub fn new(since: NaiveDate, until: NaiveDate) -> Result<Period, PeriodError> {
        if since > until {
            return Err(PeriodError::Reversed { since, until });
        }
        Ok(Period { since, until })
    }

    /// The `days` Moscow days ending with today (`now`'s day), today included.
    pub fn last_days(days: u64, now: DateTime<Utc>) -> Period {
        let until = moscow_day(now);
        let since = until
            .checked_sub_days(Days::new(days.max(1) - 1))
            .unwrap_or(until);
        Period { since, until }
    }

    /// The command line's defaults: `until` is today, `since` is six days before
    /// `until`; either may be given alone.
    pub fn from_args(
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        now: DateTime<Utc>,
    ) -> Result<Period, PeriodError> {
        let until = until.unwrap_or_else(|| moscow_day(now));
        let since = since.unwrap_or_else(|| {
            until
                .checked_sub_days(Days::new(DEFAULT_DAYS - 1))
                .unwrap_or(until)
        });
        Period::new(since, until)
    }

    /// The first day.
    pub fn since(&self) -> NaiveDate {
        self.since
    }

    /// The last day (included).
    pub fn until(&self) -> NaiveDate {
        self.until
    }

    /// How many days the period covers.
    pub fn days(&self) -> u64 {
        (self.until - self.since).num_days().unsigned_abs() + 1
    }

    /// Every day of the period, in order.
    pub fn each_day(&self) -> impl Iterator<Item = NaiveDate> {
        self.since.iter_days().take_while(|d| *d <= self.until)
    }

    /// The equally long period that ends the day before this one starts.
    pub fn previous(&self) -> Period {
        self.shifted(-1)
    }

    /// The period `n` lengths later (negative: earlier), for stepping through weeks.
    pub fn shifted(&self, n: i64) -> Period {
        let step = self.days() * n.unsigned_abs();
        let move_day = |d: NaiveDate| {
            if n < 0 {
                d.checked_sub_days(Days::new(step)).unwrap_or(d)
            } else {
                d.checked_add_days(Days::new(step)).unwrap_or(d)
            }
        };
        Period {
            since: move_day(self.since),
            until: move_day(self.until),
        }
    }

    /// 00:00 Moscow time of the first day, as Unix seconds.
    pub fn start(&self) -> i64 {
        day_start(self.since)
    }

    /// 00:00 Moscow time of the day after the last, as Unix seconds (excluded).
    pub fn end(&self) -> i64 {
        day_start(self.until) + 86_400
    }

    /// Whether a stored instant falls within the period.
    pub fn contains(&self, secs: i64) -> bool {
        (self.start()..self.end()).contains(&secs)
    }

    /// Whether a Moscow day falls within the period.
    pub fn contains_day(&self, d: NaiveDate) -> bool {
        (self.since..=self.until).contains(&d)
    }

    /// The period as the report's JSON states it.
    pub fn info(&self) -> PeriodInfo {
        let iso = |s: i64| {
            DateTime::from_timestamp(s, 0)
                .unwrap_or_default()
                .with_timezone(&moscow())
                .to_rfc3339()
        };
        PeriodInfo {
            since: self.since.to_string(),
            until: self.until.to_string(),
            days: self.days(),
            from: iso(self.start()),
            to: iso(self.end()),
        }
    }
}

/// A period in the report: its days and the instants they span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodInfo {
    /// The first day, `YYYY-MM-DD`.
    pub since: String,
    /// The last day, `YYYY-MM-DD`, included.
    pub until: String,
    pub days: u64,
    /// 00:00 Moscow time of `since`, RFC 3339.
    pub from: String,
    /// 00:00 Moscow time of the day after `until`, RFC 3339 (excluded).
    pub to: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_default_period_is_the_seven_moscow_days_ending_today() {
        // 22:30 UTC on the 25th is already the 26th in Moscow.
        let now: DateTime<Utc> = "2026-11-25T22:30:00Z".parse().unwrap();
        let p = Period::from_args(None, None, now).unwrap();
        assert_eq!(
            (p.since(), p.until(), p.days()),
            (d("2026-11-20"), d("2026-11-26"), 7)
        );
        assert_eq!(p, Period::last_days(7, now));
        let prev = p.previous();
        assert_eq!(
            (prev.since(), prev.until()),
            (d("2026-11-13"), d("2026-11-19"))
        );
        assert_eq!(prev.end(), p.start());
    }

    #[test]
    fn a_period_spans_moscow_midnight_to_midnight() {
        let p = Period::new(d("2026-11-20"), d("2026-11-20")).unwrap();
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap().timestamp();
        assert!(!p.contains(at("2026-11-19T20:59:59Z")));
        assert!(p.contains(at("2026-11-19T21:00:00Z")));
        assert!(p.contains(at("2026-11-20T20:59:59Z")));
        assert!(!p.contains(at("2026-11-20T21:00:00Z")));
        assert_eq!(p.info().from, "2026-11-20T00:00:00+03:00");
        assert_eq!(p.info().to, "2026-11-21T00:00:00+03:00");
    }

    #[test]
    fn only_since_or_only_until_fills_the_other_end() {
        let now: DateTime<Utc> = "2026-11-26T12:00:00Z".parse().unwrap();
        let p = Period::from_args(Some(d("2026-11-01")), None, now).unwrap();
        assert_eq!((p.since(), p.until()), (d("2026-11-01"), d("2026-11-26")));
        let p = Period::from_args(None, Some(d("2026-11-10")), now).unwrap();
        assert_eq!((p.since(), p.until()), (d("2026-11-04"), d("2026-11-10")));
    }

    #[test]
    fn since_after_until_is_refused_with_both_dates_named() {
        let e = Period::new(d("2026-11-21"), d("2026-11-20")).unwrap_err();
        let m = e.message();
        assert!(
            m.en.contains("2026-11-21") && m.en.contains("2026-11-20"),
            "{}",
            m.en
        );
        assert!(m.ru.contains("позже"), "{}", m.ru);
    }

    #[test]
    fn a_day_is_written_year_month_day_or_day_dot_month_dot_year() {
        assert_eq!(parse_day("2026-11-20"), Ok(d("2026-11-20")));
        assert_eq!(parse_day("20.11.2026"), Ok(d("2026-11-20")));
        for bad in ["20-11-2026", "2026-13-01", "31.02.2026", "yesterday", ""] {
            let e = parse_day(bad).unwrap_err();
            assert!(e.contains("YYYY-MM-DD"), "{e}");
        }
    }

    #[test]
    fn shifting_steps_whole_periods() {
        let p = Period::new(d("2026-11-20"), d("2026-11-26")).unwrap();
        assert_eq!(p.shifted(1).since(), d("2026-11-27"));
        assert_eq!(p.shifted(-2).until(), d("2026-11-12"));
        assert_eq!(p.each_day().count(), 7);
    }
}
