use super::*;

#[test]
fn russian_forms_follow_the_last_two_digits() {
    let f = |n| DAYS.form(n, Lang::Ru);
    let got: Vec<_> = [
        0, 1, 2, 4, 5, 8, 11, 12, 14, 19, 21, 22, 25, 101, 111, 112, 1001,
    ]
    .into_iter()
    .map(f)
    .collect();
    assert_eq!(
        got,
        [
            "дней", "день", "дня", "дня", "дней", "дней", "дней", "дней", "дней", "дней", "день",
            "дня", "дней", "день", "дней", "дней", "день"
        ]
    );
    assert_eq!(f(-1), "день");
    assert_eq!(f(-3), "дня");
}

#[test]
fn english_forms_are_one_and_the_rest() {
    assert_eq!(DAYS.count(1, Lang::En), "1 day");
    assert_eq!(DAYS.count(-1, Lang::En), "-1 day");
    assert_eq!(DAYS.count(0, Lang::En), "0 days");
    assert_eq!(DAYS.count(8, Lang::En), "8 days");
    assert_eq!(ORDERS.count(21, Lang::En), "21 orders");
}

#[test]
fn a_count_reads_as_a_whole_phrase() {
    assert_eq!(
        format!("перенос на {}", DAYS.count(8, Lang::Ru)),
        "перенос на 8 дней"
    );
    assert_eq!(MOVES.count(3, Lang::Ru), "3 переноса");
    assert_eq!(ORDERS.count(21, Lang::Ru), "21 заказ");
}

#[test]
fn the_english_article_follows_how_the_number_is_said() {
    let a = |n| format!("{} {n}-day move", en_article(n));
    assert_eq!(a(8), "an 8-day move");
    assert_eq!(a(3), "a 3-day move");
    assert_eq!(a(11), "an 11-day move");
    assert_eq!(a(18), "an 18-day move");
    assert_eq!(a(80), "an 80-day move");
    assert_eq!(a(110), "a 110-day move", "a hundred and ten");
    assert_eq!(a(180), "a 180-day move");
    assert_eq!(a(11_000), "an 11000-day move", "eleven thousand");
    assert_eq!(a(1), "a 1-day move");
}
