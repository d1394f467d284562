use super::*;

fn now() -> DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

#[test]
fn a_draft_is_each_agents_own_and_goes_when_sent_unless_edited_since() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open(&dir.path().join("c.db")).unwrap();
    c.save_draft(1, "anna", Some("delay_apology"), "buyer", "Hello", now())
        .unwrap();
    c.save_draft(1, "boris", None, "buyer", "Boris's", now())
        .unwrap();
    c.save_draft(
        1,
        "anna",
        Some("delay_apology"),
        "buyer",
        "Hello again",
        now(),
    )
    .unwrap();
    let d = c.draft(1, "anna").unwrap().unwrap();
    assert_eq!(d.text, "Hello again");
    assert_eq!(d.template.as_deref(), Some("delay_apology"));
    assert_eq!(c.drafts_of("anna").unwrap().len(), 1);
    assert!(
        !c.drop_sent_draft(1, "anna", "Hello").unwrap(),
        "edited since"
    );
    assert!(c.drop_sent_draft(1, "anna", "Hello again\n").unwrap());
    assert_eq!(c.draft(1, "anna").unwrap(), None);
    assert_eq!(c.draft(1, "boris").unwrap().unwrap().text, "Boris's");
    c.save_draft(1, "boris", None, "buyer", "  ", now())
        .unwrap();
    assert_eq!(c.draft(1, "boris").unwrap(), None, "emptied: removed");
}
