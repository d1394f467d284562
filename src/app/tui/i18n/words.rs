//! Russian plurals for the dashboard's words, by the program's one rule
//! (`crate::base::plural`).

/// The form of a Russian noun for `n`: `one` (1 заказ), `few` (2 заказа), `many`
/// (5 заказов).
pub fn ru_plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    crate::base::plural::ru(i64::try_from(n).unwrap_or(i64::MAX), one, few, many)
}

#[cfg(test)]
mod tests;
