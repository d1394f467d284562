//! Russian plurals: one form for 1 (21, 31…), one for 2–4 (22–24…), one for the rest
//! (5–20, 25–30…). English needs only the number and one or many.

/// The form of a Russian noun for `n`: `one` (1 заказ), `few` (2 заказа), `many`
/// (5 заказов).
pub fn ru_plural<'a>(n: usize, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

#[cfg(test)]
mod tests;
