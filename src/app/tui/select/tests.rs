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
