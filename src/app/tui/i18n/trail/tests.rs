use chrono::TimeZone;

use super::*;

fn entry(action: &str, before: Option<&str>, after: Option<&str>) -> AuditEntry {
    AuditEntry {
        at: Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0).unwrap(),
        agent: "anna".into(),
        order_id: Some(1),
        incident_id: Some(1),
        action: action.into(),
        before: before.map(str::to_owned),
        after: after.map(str::to_owned),
    }
}

#[test]
fn a_take_over_is_said_in_words_naming_the_agent_it_was_taken_from() {
    let e = entry("take_over", Some("boris"), Some("anna"));
    assert_eq!(audit_text(Lang::En, &e), "took over from boris");
    assert_eq!(audit_text(Lang::Ru, &e), "забрал(а) у boris");
}

#[test]
fn a_close_says_the_cause_and_whose_fault_never_the_stored_ids() {
    let e = entry(
        "close",
        Some("step=7 closed=false cause=-"),
        Some("step=7 closed=true cause=carrier_delay"),
    );
    let en = audit_text(Lang::En, &e);
    assert!(
        !en.contains("carrier_delay") && !en.contains("step="),
        "{en}"
    );
    assert!(en.starts_with("closed: "), "{en}");
    let ru = audit_text(Lang::Ru, &e);
    assert!(
        !ru.contains("carrier_delay") && !ru.contains("closed"),
        "{ru}"
    );
}

#[test]
fn an_unknown_verb_is_shown_cleaned_of_control_characters() {
    let e = entry("weird\u{1b}[2J", None, None);
    let shown = audit_text(Lang::En, &e);
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
}
