use super::*;
use crate::domain::incident::fixtures::t;

fn rub(r: i64) -> Money {
    Money::from_rubles(r)
}

fn kop(k: i64) -> Money {
    Money::from_kopecks(k)
}

fn kind(amount: Option<Money>, percent: Option<i64>) -> CompensationKind {
    CompensationKind {
        id: "k".into(),
        name_ru: "к".into(),
        name_en: "k".into(),
        amount,
        percent: percent.map(Percent::whole),
        per_agent_limit: rub(1000),
    }
}

#[test]
fn a_fixed_amount_is_worth_itself_and_a_percent_a_share_of_the_order() {
    assert_eq!(evaluate(&kind(Some(rub(300)), None), rub(2500)), rub(300));
    assert_eq!(evaluate(&kind(None, Some(10)), kop(249_999)), rub(250));
    assert_eq!(evaluate(&kind(None, Some(10)), rub(-5)), Money::ZERO);
}

#[test]
fn a_share_is_exact_to_the_kopeck_and_rounds_half_away_from_zero() {
    // 10 % of 1 234,55 ₽ is 123,455 ₽: 123,46 ₽, never 123,45 ₽ from a binary 123.4549….
    assert_eq!(evaluate(&kind(None, Some(10)), kop(123_455)), kop(12_346));
    let mut k = kind(None, None);
    k.percent = Some(Percent::from_hundredths(750));
    assert_eq!(
        evaluate(&k, kop(333)),
        kop(25),
        "7.5 % of 3,33 ₽ is 24,975 kopecks"
    );
}

#[test]
fn with_both_the_smaller_applies_so_a_percent_is_capped() {
    let k = kind(Some(rub(1000)), Some(10));
    assert_eq!(evaluate(&k, rub(5000)), rub(500));
    assert_eq!(evaluate(&k, rub(50_000)), rub(1000));
}

#[test]
fn a_lead_confirms_only_above_the_agents_daily_limit() {
    let k = kind(Some(rub(300)), None);
    assert!(
        !needs_lead(&k, rub(300), rub(700)),
        "exactly at the limit is the agent's call"
    );
    assert!(needs_lead(&k, rub(300), kop(70_001)));
    assert!(needs_lead(&k, kop(100_001), Money::ZERO));
    // Ten gifts of 0,10 ₽ after 999 ₽ are exactly the limit: no drift puts it over.
    let dimes: Money = std::iter::repeat_n(kop(10), 9).sum();
    assert!(!needs_lead(&k, kop(10), rub(999) + dimes));
}

#[test]
fn the_days_total_counts_one_agent_one_kind_one_moscow_day() {
    let g = |by: &str, kind: &str, at: &str, amount: i64| Given {
        kind: kind.into(),
        amount: rub(amount),
        at: t(at),
        by: by.into(),
        confirmed_by: None,
    };
    let entries = [
        g("anna", "k", "2026-11-26T00:30:00+03:00", 100),
        g("anna", "k", "2026-11-26T23:59:00+03:00", 200),
        // 23:30 Moscow on the 25th is still the day before, though UTC says the same.
        g("anna", "k", "2026-11-25T23:30:00+03:00", 400),
        g("boris", "k", "2026-11-26T12:00:00+03:00", 800),
        g("anna", "other", "2026-11-26T12:00:00+03:00", 1600),
    ];
    assert_eq!(
        given_today(&entries, "anna", "k", t("2026-11-26T15:00:00+03:00")),
        rub(300)
    );
}

#[test]
fn given_entries_round_trip_as_json() {
    let g = Given {
        kind: "discount_next".into(),
        amount: kop(30_050),
        at: t("2026-11-26T15:00:00+03:00"),
        by: "anna".into(),
        confirmed_by: Some("lead".into()),
    };
    let json = serde_json::to_string(&vec![g.clone()]).unwrap();
    assert_eq!(serde_json::from_str::<Vec<Given>>(&json).unwrap(), vec![g]);
    let plain: Given =
        serde_json::from_str(r#"{"kind":"k","amount":1.5,"at":"2026-11-26T12:00:00Z","by":"a"}"#)
            .unwrap();
    assert_eq!(plain.confirmed_by, None);
    assert_eq!(plain.amount, kop(150), "stored amounts are roubles");
}

#[test]
fn the_default_catalogue_is_valid_and_offers_the_three_kinds() {
    let c = default_catalogue();
    assert!(validate_catalogue(&c).is_ok());
    let ids: Vec<_> = c.iter().map(|k| k.id.as_str()).collect();
    assert_eq!(ids, ["discount_next", "partial_refund", "free_delivery"]);
    assert_eq!(c[1].name().en, "Partial refund");
}

#[test]
fn a_bad_catalogue_says_which_entry_is_wrong() {
    let mut dup = default_catalogue();
    dup.push(dup[0].clone());
    assert!(validate_catalogue(&dup).unwrap_err().contains("twice"));
    assert!(
        validate_catalogue(&[kind(None, None)])
            .unwrap_err()
            .contains("amount, percent")
    );
    assert!(
        validate_catalogue(&[kind(None, Some(120))])
            .unwrap_err()
            .contains("0..=100")
    );
    assert!(validate_catalogue(&[kind(Some(rub(-1)), None)]).is_err());
    let unknown = toml::from_str::<CompensationKind>(
        "id='x'\nname_ru='x'\nname_en='x'\nper_agent_limit=1.0\nlimit=2.0",
    );
    assert!(unknown.is_err());
}

#[test]
fn the_catalogue_reads_amounts_and_limits_exactly_from_the_config() {
    let k: CompensationKind = toml::from_str(
        "id='x'\nname_ru='x'\nname_en='x'\namount=0.29\npercent=7.5\nper_agent_limit=1500.10",
    )
    .unwrap();
    assert_eq!(k.amount, Some(kop(29)));
    assert_eq!(k.percent, Some(Percent::from_hundredths(750)));
    assert_eq!(k.per_agent_limit, kop(150_010));
    let e = toml::from_str::<CompensationKind>(
        "id='x'\nname_ru='x'\nname_en='x'\namount=0.295\nper_agent_limit=1",
    )
    .unwrap_err();
    assert!(e.to_string().contains("two decimals"), "{e}");
}

#[test]
fn carriers_need_a_market_id_and_a_name() {
    let c = |id: i64, name: &str| CarrierContact {
        id,
        name: name.into(),
        ..CarrierContact::default()
    };
    assert!(validate_carriers(&[c(51, "СДЭК"), c(52, "Boxberry")]).is_ok());
    assert!(validate_carriers(&[c(0, "x")]).is_err());
    assert!(validate_carriers(&[c(51, " ")]).is_err());
    assert!(
        validate_carriers(&[c(51, "a"), c(51, "b")])
            .unwrap_err()
            .contains("twice")
    );
}
