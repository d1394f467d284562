//! The Market's two date dialects.
//!
//! v1 business endpoints and chats use ISO 8601 with an offset and `YYYY-MM-DD` dates,
//! which chrono's own serde handles. The legacy campaign endpoints (`OrderDTO`) use
//! `DD-MM-YYYY` dates and `DD-MM-YYYY HH:mm:ss` times in Moscow time with no offset;
//! the modules below read and write those, each tied to the field that uses it, so the
//! format is chosen per endpoint and never guessed.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

/// Moscow time, UTC+03:00 all year since 2014: the Market's legacy clock.
pub use crate::base::time::moscow;

const DMY: &str = "%d-%m-%Y";
const DMY_HMS: &str = "%d-%m-%Y %H:%M:%S";

/// Parses a legacy `DD-MM-YYYY` date.
pub fn parse_dmy(s: &str) -> Result<NaiveDate, chrono::ParseError> {
    NaiveDate::parse_from_str(s.trim(), DMY)
}

/// Parses a legacy `DD-MM-YYYY HH:mm:ss` Moscow time. A bare `DD-MM-YYYY` (the spec's
/// text for `expiryDate` says so) is read as midnight Moscow time.
pub fn parse_dmy_hms(s: &str) -> Result<DateTime<FixedOffset>, chrono::ParseError> {
    let s = s.trim();
    let naive = match NaiveDateTime::parse_from_str(s, DMY_HMS) {
        Ok(t) => t,
        Err(e) => match parse_dmy(s) {
            Ok(d) => d.and_hms_opt(0, 0, 0).expect("midnight exists"),
            Err(_) => return Err(e),
        },
    };
    Ok(moscow()
        .from_local_datetime(&naive)
        .single()
        .expect("a fixed offset maps every local time to one instant"))
}

/// Formats a date as legacy `DD-MM-YYYY`.
pub fn format_dmy(d: NaiveDate) -> String {
    d.format(DMY).to_string()
}

/// Formats an instant as legacy `DD-MM-YYYY HH:mm:ss` in Moscow time.
pub fn format_dmy_hms<Tz: TimeZone>(t: &DateTime<Tz>) -> String {
    t.with_timezone(&moscow()).format(DMY_HMS).to_string()
}

/// Serde for an optional legacy `DD-MM-YYYY` date.
pub mod dmy_opt {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(d) => s.serialize_str(&super::format_dmy(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => super::parse_dmy(&s)
                .map(Some)
                .map_err(|e| D::Error::custom(format!("date {s:?} is not DD-MM-YYYY: {e}"))),
        }
    }
}

/// Serde for a required legacy `DD-MM-YYYY` date.
pub mod dmy {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_dmy(*v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_dmy(&s)
            .map_err(|e| D::Error::custom(format!("date {s:?} is not DD-MM-YYYY: {e}")))
    }
}

/// Serde for a required legacy `DD-MM-YYYY HH:mm:ss` Moscow time.
pub mod dmy_hms {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_dmy_hms(v))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_dmy_hms(&s)
            .map_err(|e| D::Error::custom(format!("time {s:?} is not DD-MM-YYYY HH:mm:ss: {e}")))
    }
}

/// Serde for an optional legacy `DD-MM-YYYY HH:mm:ss` Moscow time.
pub mod dmy_hms_opt {
    use chrono::{DateTime, FixedOffset};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(
        v: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(t) => s.serialize_str(&super::format_dmy_hms(t)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => super::parse_dmy_hms(&s).map(Some).map_err(|e| {
                D::Error::custom(format!("time {s:?} is not DD-MM-YYYY HH:mm:ss: {e}"))
            }),
        }
    }
}

/// Serde for arrays the Market may send as `null`: `null` and absent both read as empty.
pub mod null_vec {
    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
    where
        D: Deserializer<'de>,
        T: Deserialize<'de>,
    {
        Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
    }
}

#[cfg(test)]
mod tests;
