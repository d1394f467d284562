//! The span a report covers: whole Moscow days, both ends included, as the Market's
//! own dates are Moscow days. A period knows the equally long one just before it, for
//! "the week against the previous one".

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;

use super::words::words;
use crate::base::words::{Msg, fill};
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
            PeriodError::Reversed { since, until } => Msg::each(|l| {
                fill(
                    words(l).reversed_period,
                    &[("since", since), ("until", until)],
                )
            }),
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
/// `DD.MM.YYYY` (the one day parser, shared with the dashboard's inputs).
pub use crate::base::time::parse_day;

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
mod tests;
