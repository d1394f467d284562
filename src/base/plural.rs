//! Counted words in both languages, one rule each. Russian has three forms: one for
//! 1, 21, 31… (but not 11), one for 2–4, 22–24… (but not 12–14) and one for the rest
//! (0, 5–20, 25–30…): "1 день", "3 дня", "8 дней", "11 дней", "21 день". English has
//! one for 1 and one for the rest ("1 day", "8 days"), and an article that follows how
//! the number is said: "an 8-day move", "an 11-day move", "a 3-day move".
//!
//! A word is written once with its forms ([`Noun`]) and counted where it is used:
//! `DAYS.count(8, lang)` is "8 дней" or "8 days".

use super::lang::Lang;

/// The Russian form of a noun after `n` (the sign does not matter).
pub fn ru<'a>(n: i64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    let n = n.unsigned_abs();
    match (n % 10, n % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

/// The English form of a noun after `n`: `one` for 1 and −1, `other` otherwise.
pub fn en<'a>(n: i64, one: &'a str, other: &'a str) -> &'a str {
    if n.unsigned_abs() == 1 { one } else { other }
}

/// The English indefinite article before a number written in digits, as the number
/// is said: "an" before eight, eleven and eighteen (and their thousands, millions…),
/// "a" before every other.
pub fn en_article(n: i64) -> &'static str {
    let digits = n.unsigned_abs().to_string();
    let lead_two = digits.get(..2).unwrap_or("");
    let eleven_or_eighteen = digits.len() % 3 == 2 && (lead_two == "11" || lead_two == "18");
    if n >= 0 && (digits.starts_with('8') || eleven_or_eighteen) {
        "an"
    } else {
        "a"
    }
}

/// A noun with its forms in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Noun {
    /// For 1, for 2–4, for 5–20 ("день", "дня", "дней").
    pub ru: [&'static str; 3],
    /// For 1 and for the rest ("day", "days").
    pub en: [&'static str; 2],
}

impl Noun {
    /// The word's form after `n` in `lang` (any integer; one beyond `i64` counts as
    /// `i64::MAX`).
    pub fn form(&self, n: impl TryInto<i64>, lang: Lang) -> &'static str {
        let n = n.try_into().unwrap_or(i64::MAX);
        match lang {
            Lang::Ru => ru(n, self.ru[0], self.ru[1], self.ru[2]),
            Lang::En => en(n, self.en[0], self.en[1]),
        }
    }

    /// The number and the word: "8 дней", "1 day".
    pub fn count(&self, n: impl TryInto<i64>, lang: Lang) -> String {
        let n = n.try_into().unwrap_or(i64::MAX);
        format!("{n} {}", self.form(n, lang))
    }
}

/// Days: "1 день", "8 дней"; "1 day", "8 days".
pub const DAYS: Noun = Noun {
    ru: ["день", "дня", "дней"],
    en: ["day", "days"],
};

/// Orders: "1 заказ", "3 заказа"; "1 order", "3 orders".
pub const ORDERS: Noun = Noun {
    ru: ["заказ", "заказа", "заказов"],
    en: ["order", "orders"],
};

/// Characters of a text: "1 знак", "5 знаков"; "1 character", "5 characters".
pub const CHARACTERS: Noun = Noun {
    ru: ["знак", "знака", "знаков"],
    en: ["character", "characters"],
};

/// Delivery-date moves: "1 перенос", "3 переноса"; "1 move", "3 moves".
pub const MOVES: Noun = Noun {
    ru: ["перенос", "переноса", "переносов"],
    en: ["move", "moves"],
};

#[cfg(test)]
mod tests;
