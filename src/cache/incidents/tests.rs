use super::*;

fn cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open(&dir.path().join("c.db")).unwrap();
    (dir, c)
}

fn now() -> DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

#[test]
fn a_second_agent_sees_the_claim_and_takes_over_only_when_asked() {
    let (_d, mut c) = cache();
    let idle = Duration::minutes(30);
    assert_eq!(
        c.claim(1, "agent1", false, idle, now()).unwrap(),
        ClaimOutcome::Claimed
    );
    match c.claim(1, "agent2", false, idle, now()).unwrap() {
        ClaimOutcome::HeldBy(h) => assert_eq!(h.agent, "agent1"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        c.claim(1, "agent2", true, idle, now()).unwrap(),
        ClaimOutcome::TookOver {
            from: "agent1".into()
        }
    );
    let trail: Vec<String> = c
        .audit_for(1)
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(trail, vec!["take_over", "claim"]);
}

#[test]
fn an_idle_claim_expires() {
    let (_d, mut c) = cache();
    let idle = Duration::minutes(30);
    c.claim(1, "agent1", false, idle, now()).unwrap();
    let later = now() + Duration::minutes(31);
    assert_eq!(
        c.claim(1, "agent2", false, idle, later).unwrap(),
        ClaimOutcome::Claimed
    );
    assert_eq!(
        c.expire_claims(idle, later + Duration::minutes(31))
            .unwrap(),
        1
    );
    assert!(c.live_claims().unwrap().is_empty());
}

#[test]
fn two_agents_changing_one_incident_the_second_is_told_and_nothing_is_overwritten() {
    let (_d, mut c) = cache();
    let inc = c.open_incident_by_hand(5, "agent1", now()).unwrap();
    let a = c
        .update_incident(inc.id, inc.version, "agent1", "note", now(), |i| {
            i.notes = "called carrier".into();
        })
        .unwrap()
        .unwrap();
    let b = c
        .update_incident(inc.id, inc.version, "agent2", "note", now(), |i| {
            i.notes = "other".into();
        })
        .unwrap();
    assert_eq!(
        b,
        Err(Conflict {
            current_version: a.version
        })
    );
    assert_eq!(c.incident(5).unwrap().unwrap().notes, "called carrier");
    assert_eq!(
        c.audit_for(5).unwrap().len(),
        2,
        "open + note; the refused change left none"
    );
}
