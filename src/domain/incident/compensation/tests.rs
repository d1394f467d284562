use super::*;
use crate::domain::incident::fixtures::t;

fn kind(amount: Option<f64>, percent: Option<f64>) -> CompensationKind {
    CompensationKind {
        id: "k".into(),
        name_ru: "к".into(),
        name_en: "k".into(),
        amount,
        percent,
        per_agent_limit: 1000.0,
    }
}

#[test]
fn a_fixed_amount_is_worth_itself_and_a_percent_a_share_of_the_order() {
    assert_eq!(evaluate(&kind(Some(300.0), None), 2500.0), 300.0);
    assert_eq!(evaluate(&kind(None, Some(10.0)), 2499.99), 250.0);
    assert_eq!(evaluate(&kind(None, Some(10.0)), -5.0), 0.0);
}

#[test]
fn with_both_the_smaller_applies_so_a_percent_is_capped() {
    let k = kind(Some(1000.0), Some(10.0));
    assert_eq!(evaluate(&k, 5000.0), 500.0);
    assert_eq!(evaluate(&k, 50_000.0), 1000.0);
}

#[test]
fn a_lead_confirms_only_above_the_agents_daily_limit() {
    let k = kind(Some(300.0), None);
    assert!(
        !needs_lead(&k, 300.0, 700.0),
        "exactly at the limit is the agent's call"
    );
    assert!(needs_lead(&k, 300.0, 700.01));
    assert!(needs_lead(&k, 1000.01, 0.0));
}

#[test]
fn the_days_total_counts_one_agent_one_kind_one_moscow_day() {
    let g = |by: &str, kind: &str, at: &str, amount: f64| Given {
        kind: kind.into(),
        amount,
        at: t(at),
        by: by.into(),
        confirmed_by: None,
    };
    let entries = [
        g("anna", "k", "2026-11-26T00:30:00+03:00", 100.0),
        g("anna", "k", "2026-11-26T23:59:00+03:00", 200.0),
        // 23:30 Moscow on the 25th is still the day before, though UTC says the same.
        g("anna", "k", "2026-11-25T23:30:00+03:00", 400.0),
        g("boris", "k", "2026-11-26T12:00:00+03:00", 800.0),
        g("anna", "other", "2026-11-26T12:00:00+03:00", 1600.0),
    ];
    assert_eq!(
        given_today(&entries, "anna", "k", t("2026-11-26T15:00:00+03:00")),
        300.0
    );
}

#[test]
fn given_entries_round_trip_as_json() {
    let g = Given {
        kind: "discount_next".into(),
        amount: 300.0,
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
        validate_catalogue(&[kind(None, Some(120.0))])
            .unwrap_err()
            .contains("0..=100")
    );
    assert!(validate_catalogue(&[kind(Some(-1.0), None)]).is_err());
    let unknown = toml::from_str::<CompensationKind>(
        "id='x'\nname_ru='x'\nname_en='x'\nper_agent_limit=1.0\nlimit=2.0",
    );
    assert!(unknown.is_err());
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
