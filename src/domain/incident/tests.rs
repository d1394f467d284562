use super::*;

#[test]
fn an_absent_incident_section_gives_the_product_defaults() {
    let c: IncidentConfig = toml::from_str("").unwrap();
    assert_eq!(c, IncidentConfig::default());
    assert_eq!(c.date_budget.max_moves, 3);
    assert_eq!(c.compensation.len(), 3);
    assert!(c.validate().is_ok());
}

#[test]
fn a_typo_in_the_incident_section_is_an_error() {
    let e = toml::from_str::<IncidentConfig>("carrier = []").unwrap_err();
    assert!(e.to_string().contains("carrier"), "{e}");
}

#[test]
fn a_full_incident_section_reads() {
    let c: IncidentConfig = toml::from_str(
        r#"
            [date_budget]
            max_moves = 2
            [[compensation]]
            id = "gift"
            name_ru = "Подарок"
            name_en = "Gift"
            amount = 200.0
            per_agent_limit = 1000.0
            [[carriers]]
            id = 51
            name = "СДЭК"
            phone = "+7 800 250-04-05"
            "#,
    )
    .unwrap();
    assert_eq!(c.date_budget.max_moves, 2);
    assert_eq!(c.compensation[0].id, "gift");
    assert_eq!(c.carriers[0].id, 51);
    assert!(c.validate().is_ok());
}
