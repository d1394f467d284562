use super::check_view_filter;

#[test]
fn a_view_filter_of_known_fields_and_values_or_free_text_passes() {
    for f in [
        "",
        "model:dbs sev:p1",
        "status:DELIVERY sub:user_not rule:stale",
        "city:москва carrier:сдэк claim:none",
        "казань 10:00 trk-555",
    ] {
        assert_eq!(check_view_filter(f), Ok(()), "{f}");
    }
}

#[test]
fn a_view_filter_naming_an_unknown_field_or_value_says_which_term() {
    for (f, said) in [
        ("modle:dbs", "`modle` is not a filter field"),
        ("sev:p9", "`p9` is not a value of `sev`"),
        ("model:ozon", "`ozon` is not a value of `model`"),
        (
            "status:teleported",
            "`teleported` is not a value of `status`",
        ),
        ("rule:nosuchrule", "`nosuchrule` is not a value of `rule`"),
        ("city:", "`city:` needs a value"),
    ] {
        let e = check_view_filter(&format!("казань {f}")).unwrap_err();
        assert!(e.contains(said) && e.contains(f), "{f}: {e}");
    }
}

#[test]
fn claim_filters_find_mine_anyones_nobodys_and_a_named_agents() {
    use super::Filter;
    use crate::app::tui::testing::state;
    let mut s = state();
    s.rows[0].claimed_by = Some("anna".into());
    s.rows[1].claimed_by = Some("boris".into());
    let count = |f: &str| {
        s.rows
            .iter()
            .filter(|r| Filter::parse(f, "anna").matches(r))
            .count()
    };
    assert_eq!(count("claim:me"), 1);
    assert_eq!(count("claim:any"), 2);
    assert_eq!(count("claim:none"), s.rows.len() - 2);
    assert_eq!(count("claim:bor"), 1);
    assert!(Filter::parse("claim:me", "anna").error.is_none());
    assert!(
        Filter::parse("foo:1", "anna").error.is_some(),
        "an unknown field is an error"
    );
}

#[test]
fn the_list_order_from_the_rows_facts_is_the_triage_order_and_the_sections_theirs() {
    use super::{Section, SortKey, compare, in_section, row};
    use crate::base::money::Money;
    use crate::domain::incident::fixtures::{order, t};
    use crate::domain::order::History;
    use crate::domain::risk::{Thresholds, assess, triage_cmp};
    use crate::market::enums::{OrderStatus, OrderSubstatus, ProgramType};
    // Orders in every state the rules tell apart, assessed at a few moments.
    let statuses = [
        (OrderStatus::PROCESSING, OrderSubstatus::STARTED),
        (OrderStatus::DELIVERY, OrderSubstatus::STARTED),
        (OrderStatus::PICKUP, OrderSubstatus::STARTED),
        (
            OrderStatus::CANCELLED,
            OrderSubstatus::DELIVERY_SERVICE_UNDELIVERED,
        ),
        (OrderStatus::DELIVERED, OrderSubstatus::STARTED),
    ];
    let mut rows = Vec::new();
    for (i, (status, sub)) in statuses.iter().enumerate() {
        for (k, model) in [ProgramType::FBS, ProgramType::DBS].into_iter().enumerate() {
            for day in 0..4_i64 {
                let mut o = order(model.clone());
                o.order_id = 1_000 + (i * 100 + k * 10) as i64 + day;
                o.status = status.clone();
                o.substatus = sub.clone();
                o.value = Money::from_rubles([500, 2_000][(day % 2) as usize]);
                let at = t("2026-11-30T08:00:00+03:00") + chrono::Duration::days(day);
                let a = assess(&o, &History::default(), at, &Thresholds::default());
                rows.push(row(o, a, None));
            }
        }
    }
    assert!(rows.iter().any(|r| r.assessment.is_at_risk()));
    assert!(rows.iter().any(|r| !r.assessment.is_at_risk()));
    for a in &rows {
        for b in &rows {
            assert_eq!(
                compare(SortKey::Urgency, a, b),
                triage_cmp((&a.assessment, &a.order), (&b.assessment, &b.order)),
                "{} vs {}",
                a.order.order_id,
                b.order.order_id
            );
        }
        assert_eq!(
            in_section(&Section::AtRisk, a, "me"),
            a.assessment.is_at_risk()
        );
    }
    assert!(
        rows.iter()
            .any(|r| in_section(&Section::Undelivered, r, "me"))
    );
}
