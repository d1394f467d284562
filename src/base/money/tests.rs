use super::*;

fn rub(x: f64) -> i64 {
    Money::from_f64(x).unwrap().kopecks()
}

#[test]
fn an_amount_is_read_as_its_decimal_text_not_as_a_binary_fraction() {
    assert_eq!(rub(1234.5), 123_450);
    assert_eq!(rub(0.07), 7);
    assert_eq!(rub(19.99), 1999);
    // 1.005 is 1.00499999999999989… in binary: times 100 and rounded it would be 100.
    assert_eq!(rub(1.005), 101);
    assert_eq!(rub(2.675), 268);
    // A sum done in f64 before us: its text is 0.30000000000000004, 30 kopecks.
    assert_eq!(rub(0.1 + 0.2), 30);
    assert_eq!(rub(1e-7), 0);
}

#[test]
fn digits_past_the_kopeck_round_half_away_from_zero() {
    assert_eq!("0.125".parse::<Money>().unwrap().kopecks(), 13);
    assert_eq!("0.1249".parse::<Money>().unwrap().kopecks(), 12);
    assert_eq!("-0.125".parse::<Money>().unwrap().kopecks(), -13);
    assert_eq!("-0.124".parse::<Money>().unwrap().kopecks(), -12);
    assert_eq!(rub(-1234.5), -123_450);
    assert_eq!(rub(-0.0), 0);
}

#[test]
fn large_amounts_stay_exact_and_absurd_ones_are_refused() {
    assert_eq!(rub(12_345_678_901.23), 1_234_567_890_123);
    let m = Money::from_kopecks(1_234_567_890_123);
    assert_eq!(
        Money::from_f64(m.to_f64()),
        Ok(m),
        "the JSON number reads back"
    );
    assert!(matches!(
        Money::from_f64(1e21),
        Err(MoneyError::TooLarge(_))
    ));
    assert!(Money::from_f64(f64::NAN).is_err());
    assert!(Money::from_f64(f64::INFINITY).is_err());
    for bad in ["", "-", "1.", ".5", "1,5", "1e3", "12a"] {
        assert!(bad.parse::<Money>().is_err(), "{bad:?}");
    }
}

#[test]
fn every_kopeck_amount_survives_a_json_round_trip() {
    for k in (-200_000..200_000)
        .step_by(7)
        .chain([i64::from(i32::MAX), 999_999_999_999])
    {
        let m = Money::from_kopecks(k);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m, "{json}");
    }
    assert_eq!(
        serde_json::to_string(&Money::from_kopecks(123_450)).unwrap(),
        "1234.5"
    );
    assert_eq!(
        serde_json::to_string(&Money::from_rubles(1000)).unwrap(),
        "1000.0"
    );
}

#[test]
fn sums_and_differences_are_exact_where_f64_drifts() {
    let dime = Money::from_f64(0.1).unwrap();
    let ten: Money = std::iter::repeat_n(dime, 10).sum();
    assert_eq!(ten, Money::from_rubles(1));
    assert_ne!(
        (0..10).map(|_| 0.1).sum::<f64>(),
        1.0,
        "what f64 would have said"
    );
    let mut m = Money::from_rubles(5);
    m += Money::from_kopecks(50);
    assert_eq!(m - Money::from_kopecks(51), Money::from_kopecks(499));
    assert_eq!(-m, Money::from_kopecks(-550));
    assert_eq!(
        Money::from_kopecks(i64::MAX) + dime,
        Money::from_kopecks(i64::MAX)
    );
}

#[test]
fn a_percent_of_an_amount_rounds_half_away_from_zero_to_the_kopeck() {
    let ten = Percent::whole(10);
    assert_eq!(
        Money::from_kopecks(249_999).percent(ten),
        Money::from_rubles(250)
    );
    assert_eq!(
        Money::from_kopecks(5).percent(ten),
        Money::from_kopecks(1),
        "0.5 kopeck up"
    );
    assert_eq!(Money::from_kopecks(4).percent(ten), Money::ZERO);
    assert_eq!(
        Money::from_kopecks(-5).percent(ten),
        Money::from_kopecks(-1)
    );
    let seven_and_a_half = Percent::from_hundredths(750);
    assert_eq!(
        Money::from_kopecks(10).percent(seven_and_a_half),
        Money::from_kopecks(1)
    );
    assert_eq!(
        Money::from_kopecks(i64::MAX).percent(Percent::whole(100)),
        Money::from_kopecks(i64::MAX)
    );
    assert_eq!(
        Money::from_kopecks(i64::MAX).percent(Percent::whole(200)),
        Money::from_kopecks(i64::MAX),
        "saturates"
    );
}

#[test]
fn russian_shows_no_break_spaces_a_comma_and_the_rouble_sign() {
    let ru = |k: i64| Money::from_kopecks(k).show("RUR", Lang::Ru);
    assert_eq!(ru(123_450), "1\u{a0}234,50\u{a0}₽");
    assert_eq!(
        ru(250_000),
        "2\u{a0}500\u{a0}₽",
        "whole roubles have no ,00"
    );
    assert_eq!(ru(12_345_678_900), "123\u{a0}456\u{a0}789\u{a0}₽");
    assert_eq!(ru(99_900), "999\u{a0}₽");
    assert_eq!(ru(7), "0,07\u{a0}₽");
    assert_eq!(ru(0), "0\u{a0}₽");
    assert_eq!(ru(-123_450), "\u{2212}1\u{a0}234,50\u{a0}₽");
    assert_eq!(Money::from_kopecks(5).show("RUB", Lang::Ru), "0,05\u{a0}₽");
}

#[test]
fn english_shows_comma_groups_a_point_and_the_same_sign_after() {
    let en = |k: i64| Money::from_kopecks(k).show("RUR", Lang::En);
    assert_eq!(en(123_456_750), "1,234,567.50\u{a0}₽");
    assert_eq!(en(250_000), "2,500\u{a0}₽");
    assert_eq!(
        Money::from_kopecks(9_999).show("USD", Lang::En),
        "99.99\u{a0}USD"
    );
}

#[test]
fn a_currency_from_outside_is_shown_safe() {
    let shown = Money::from_rubles(1).show("X\u{1b}[2J", Lang::En);
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}

#[test]
fn a_narrow_column_shows_whole_roubles_rounded_half_away_from_zero() {
    let r = |k: i64| Money::from_kopecks(k).show_rubles("RUR", Lang::Ru);
    assert_eq!(r(123_450), "1\u{a0}235\u{a0}₽");
    assert_eq!(r(123_449), "1\u{a0}234\u{a0}₽");
    assert_eq!(r(-150), "\u{2212}2\u{a0}₽");
}

#[test]
fn csv_gets_a_plain_decimal_a_spreadsheet_parses() {
    assert_eq!(Money::from_kopecks(123_450).decimal(), "1234.50");
    assert_eq!(Money::from_kopecks(-7).decimal(), "-0.07");
    assert_eq!(Money::ZERO.decimal(), "0.00");
}

#[derive(Debug, serde::Deserialize)]
struct Typed {
    #[serde(deserialize_with = "exact")]
    amount: Money,
    #[serde(default, deserialize_with = "exact_opt")]
    cap: Option<Money>,
    percent: Option<Percent>,
}

#[test]
fn a_typed_amount_or_percent_is_exact_and_refuses_digits_past_hundredths() {
    let t: Typed = toml::from_str("amount = 1.05\ncap = 300\npercent = 7.5").unwrap();
    assert_eq!(t.amount, Money::from_kopecks(105));
    assert_eq!(t.cap, Some(Money::from_rubles(300)));
    assert_eq!(t.percent, Some(Percent::from_hundredths(750)));
    let e = toml::from_str::<Typed>("amount = 1.005")
        .unwrap_err()
        .to_string();
    assert!(e.contains("more than two decimals"), "{e}");
    let e = toml::from_str::<Typed>("amount = 1\npercent = 33.333")
        .unwrap_err()
        .to_string();
    assert!(e.contains("hundredths of a percent"), "{e}");
    let none: Typed = toml::from_str("amount = 0").unwrap();
    assert_eq!((none.cap, none.percent), (None, None));
}

#[test]
fn a_percent_reads_as_people_write_it() {
    assert_eq!(Percent::whole(10).show(Lang::En), "10");
    assert_eq!(Percent::from_hundredths(750).show(Lang::En), "7.5");
    assert_eq!(Percent::from_hundredths(725).show(Lang::Ru), "7,25");
    assert_eq!(Percent::from_hundredths(705).show(Lang::En), "7.05");
}

#[test]
fn an_amount_read_from_a_double_is_what_its_decimal_text_says_on_every_path() {
    let mut z = 7_u64;
    for _ in 0..200_000 {
        z = crate::base::splitmix::mix(z);
        let kopecks = (z % 2_000_000_000) as i64 - 1_000_000_000;
        // Two decimals or fewer, and amounts with more (a third decimal, a fraction).
        for x in [
            kopecks as f64 / 100.0,
            kopecks as f64 / 1000.0,
            kopecks as f64 / 100.0 + 0.005,
            (z >> 11) as f64 / (1u64 << 20) as f64,
        ] {
            assert_eq!(
                Money::from_f64(x).unwrap(),
                parse(&x.to_string(), false).unwrap(),
                "{x}"
            );
        }
    }
}
