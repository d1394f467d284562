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
mod tests {
    use super::ru_plural;

    #[test]
    fn russian_plurals_follow_the_last_two_digits() {
        let f = |n| ru_plural(n, "черновик", "черновика", "черновиков");
        assert_eq!(f(1), "черновик");
        assert_eq!(f(2), "черновика");
        assert_eq!(f(5), "черновиков");
        assert_eq!(f(11), "черновиков");
        assert_eq!(f(12), "черновиков");
        assert_eq!(f(21), "черновик");
        assert_eq!(f(24), "черновика");
    }
}
