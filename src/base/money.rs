//! Money, exact: an amount is a whole number of kopecks (hundredths of the currency
//! unit), never a binary fraction, so sums, limits and shares of an order come out to
//! the kopeck and two equal amounts compare equal.
//!
//! Amounts arrive as JSON or TOML numbers in roubles (`1234.5`). Their parser hands us
//! an `f64`; the shortest decimal text of that `f64` is the text that was written (for
//! any amount below about 10¹³ roubles), so it is read back from that text, digit by
//! digit, instead of multiplying a binary fraction by 100: `1.005` is 101 kopecks, as
//! written, where `(1.005 * 100.0).round()` gives 100. Digits past the kopeck are
//! rounded half away from zero ([`Money::from_f64`]); the config, where a person typed
//! the amount, refuses them instead ([`exact`]).
//!
//! Out, an amount is again a number of roubles for JSON (`Serialize`), a plain decimal
//! for CSV ([`Money::decimal`]), and for people [`Money::show`]:
//!
//! | language | shown | groups | decimals |
//! |---|---|---|---|
//! | Russian | `1 234,50 ₽`, `2 500 ₽` | no-break space (U+00A0) | comma |
//! | English | `1,234.50 ₽`, `2,500 ₽` | comma | point |
//!
//! The sign follows the number after a no-break space in both languages (so amounts
//! line up in columns); `RUR` and `RUB` are `₽`, any other currency is its code. Whole
//! amounts have no decimals; otherwise there are always two. A negative amount starts
//! with a minus sign (U+2212).

use std::borrow::Cow;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::lang::Lang;
use super::text::clean;

/// An amount of money in kopecks. Arithmetic saturates instead of wrapping (no real
/// amount comes near the ±9·10¹⁶ roubles an `i64` of kopecks holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

/// Why a number is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("{0:?} is not an amount of money")]
    NotANumber(String),
    #[error("{0} is beyond any amount of money")]
    TooLarge(String),
    #[error("{0} has more than two decimals (kopecks)")]
    PastKopecks(String),
}

/// A share in percent, to hundredths of a percent (`7.5` is 750), exact for the same
/// reason as [`Money`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Percent(i64);

impl Money {
    /// Nothing.
    pub const ZERO: Money = Money(0);

    /// An amount of `kopecks`.
    pub const fn from_kopecks(kopecks: i64) -> Money {
        Money(kopecks)
    }

    /// An amount of whole roubles (or whole units of another currency).
    pub const fn from_rubles(rubles: i64) -> Money {
        Money(rubles.saturating_mul(100))
    }

    /// The amount in kopecks.
    pub const fn kopecks(self) -> i64 {
        self.0
    }

    /// A number of roubles as a JSON or TOML parser read it, to the nearest kopeck
    /// (half away from zero) by its decimal text.
    pub fn from_f64(x: f64) -> Result<Money, MoneyError> {
        if !x.is_finite() {
            return Err(MoneyError::NotANumber(x.to_string()));
        }
        // Most amounts have at most two decimals: then `x` is the double nearest to
        // that many kopecks divided by a hundred, whose decimal text is those kopecks
        // exactly (distinct kopecks below 2^53 are distinct doubles). Only the others
        // are read through their text.
        let kopecks = (x * 100.0).round();
        if kopecks.abs() < 9.0e15 && kopecks / 100.0 == x {
            #[allow(clippy::cast_possible_truncation)] // whole, and below 2^53
            return Ok(Money(kopecks as i64));
        }
        parse(&x.to_string(), false)
    }

    /// The amount in roubles as the nearest `f64`, for JSON: its shortest decimal
    /// text is the exact amount (`1234.5`), so a reader gets the kopecks back.
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// `percent` of the amount, to the nearest kopeck (half away from zero): 10 % of
    /// 2 499,99 ₽ is 250,00 ₽, 7,5 % of 0,10 ₽ is 0,01 ₽.
    pub fn percent(self, percent: Percent) -> Money {
        let num = i128::from(self.0) * i128::from(percent.0);
        let q = (num.abs() + 5_000) / 10_000;
        let q = if num < 0 { -q } else { q };
        Money(i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX }))
    }

    /// The amount to whole roubles (half away from zero).
    pub fn round_to_rubles(self) -> Money {
        let r = (self.0.unsigned_abs() + 50) / 100;
        let r = i64::try_from(r).unwrap_or(i64::MAX / 100);
        Money::from_rubles(if self.0 < 0 { -r } else { r })
    }

    /// A plain decimal number of roubles with two decimals and a point, no groups and
    /// no sign: `1234.50`, `-0.07`. For CSV, whose readers parse numbers.
    pub fn decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", a / 100, a % 100)
    }

    /// The amount as people read it in `lang` (the table at the top of this module):
    /// `1 234,50 ₽`, `1,234.50 ₽`, `2 500 ₽`, `99,99 USD`.
    pub fn show(self, currency: &str, lang: Lang) -> String {
        let (group, point) = match lang {
            Lang::Ru => ('\u{a0}', ','),
            Lang::En => (',', '.'),
        };
        let a = self.0.unsigned_abs();
        let digits = (a / 100).to_string();
        let mut out = String::with_capacity(digits.len() * 2 + 8);
        if self.0 < 0 {
            out.push('\u{2212}');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(group);
            }
            out.push(c);
        }
        if !a.is_multiple_of(100) {
            out.push(point);
            out.push_str(&format!("{:02}", a % 100));
        }
        out.push('\u{a0}');
        out.push_str(&sign(currency));
        out
    }

    /// [`Money::show`] to whole roubles, where a column has no room for kopecks
    /// (the dashboard's list).
    pub fn show_rubles(self, currency: &str, lang: Lang) -> String {
        self.round_to_rubles().show(currency, lang)
    }
}

/// The sign of a currency for people: `₽` for the rouble (the Market's `RUR`, or
/// `RUB`), else the code as the Market sent it, made safe to show.
pub fn sign(currency: &str) -> Cow<'_, str> {
    match currency {
        "RUR" | "RUB" => Cow::Borrowed("₽"),
        other => clean(other),
    }
}

impl Percent {
    /// A share of `hundredths` of a percent (`750` is 7.5 %).
    pub const fn from_hundredths(hundredths: i64) -> Percent {
        Percent(hundredths)
    }

    /// A whole number of percent.
    pub const fn whole(percent: i64) -> Percent {
        Percent(percent.saturating_mul(100))
    }

    /// Hundredths of a percent.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// The share as people write it: `10`, `7.5`, `7,25` (a comma in Russian).
    pub fn show(self, lang: Lang) -> String {
        let point = if lang == Lang::Ru { "," } else { "." };
        let (whole, frac) = (self.0 / 100, self.0.abs() % 100);
        match frac {
            0 => whole.to_string(),
            f if f % 10 == 0 => format!("{whole}{point}{}", f / 10),
            f => format!("{whole}{point}{f:02}"),
        }
    }
}

/// Reads `[-+]digits[.digits]` as hundredths; digits past the second decimal are
/// rounded half away from zero, or refused when `strict`.
fn hundredths(text: &str, strict: bool) -> Result<i64, MoneyError> {
    let bad = || MoneyError::NotANumber(text.to_owned());
    let (neg, body) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, frac) = body.split_once('.').unwrap_or((body, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() && frac.is_empty() || !all_digits(whole) || !all_digits(frac) {
        return Err(bad());
    }
    if body.ends_with('.') || body.starts_with('.') {
        return Err(bad());
    }
    let too_large = || MoneyError::TooLarge(text.to_owned());
    let mut n: i64 = 0;
    for b in whole
        .bytes()
        .chain(frac.bytes().chain("00".bytes()).take(2))
    {
        n = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(i64::from(b - b'0')))
            .ok_or_else(too_large)?;
    }
    let rest = frac.get(2..).unwrap_or("");
    if strict && rest.bytes().any(|b| b != b'0') {
        return Err(MoneyError::PastKopecks(text.to_owned()));
    }
    if rest.as_bytes().first().is_some_and(|&b| b >= b'5') {
        n = n.checked_add(1).ok_or_else(too_large)?;
    }
    Ok(if neg { -n } else { n })
}

fn parse(text: &str, strict: bool) -> Result<Money, MoneyError> {
    hundredths(text, strict).map(Money)
}

impl FromStr for Money {
    type Err = MoneyError;

    /// A decimal number of roubles, `1234.5` or `-0.07`, rounded to the kopeck.
    fn from_str(s: &str) -> Result<Money, MoneyError> {
        parse(s.trim(), false)
    }
}

impl fmt::Display for Money {
    /// The amount in roubles in Russian (`1 234,50 ₽`): see [`Money::show`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.show("RUR", Lang::Ru))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0.saturating_sub(rhs.0))
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(self.0.saturating_neg())
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl Serialize for Money {
    /// A number of roubles (`1234.5`), as the Market writes amounts.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.to_f64())
    }
}

impl<'de> Deserialize<'de> for Money {
    /// A number of roubles, rounded to the kopeck: what the Market and our own files
    /// hold. A person's config goes through [`exact`] instead.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        let x = f64::deserialize(d)?;
        Money::from_f64(x).map_err(serde::de::Error::custom)
    }
}

/// Reads an amount a person wrote (the config): a number of roubles with at most two
/// decimals; more is an error rather than a rounding nobody asked for.
pub fn exact<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
    exact_text(f64::deserialize(d)?)
        .map(Money)
        .map_err(serde::de::Error::custom)
}

/// [`exact`] for an optional amount.
pub fn exact_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Money>, D::Error> {
    Option::<f64>::deserialize(d)?
        .map(|x| exact_text(x).map(Money))
        .transpose()
        .map_err(serde::de::Error::custom)
}

fn exact_text(x: f64) -> Result<i64, MoneyError> {
    if !x.is_finite() {
        return Err(MoneyError::NotANumber(x.to_string()));
    }
    hundredths(&x.to_string(), true)
}

impl Serialize for Percent {
    /// A number of percent (`7.5`).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0 as f64 / 100.0)
    }
}

impl<'de> Deserialize<'de> for Percent {
    /// A number of percent a person wrote, to hundredths of a percent at most.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Percent, D::Error> {
        exact_text(f64::deserialize(d)?).map(Percent).map_err(|e| {
            serde::de::Error::custom(match e {
                MoneyError::PastKopecks(t) => {
                    format!("{t} has more than two decimals (hundredths of a percent)")
                }
                other => other.to_string(),
            })
        })
    }
}

#[cfg(test)]
mod tests;
