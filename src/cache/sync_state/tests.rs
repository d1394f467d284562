use super::*;

fn run(at: i64, ok: bool, failure: Option<&str>) -> SyncRun {
    let t = DateTime::from_timestamp(1_790_000_000 + at, 0).unwrap();
    SyncRun {
        started_at: t,
        finished_at: t,
        ok,
        message: if ok {
            String::new()
        } else {
            format!("failed at {at}")
        },
        failure: failure.map(str::to_owned),
        ..SyncRun::default()
    }
}

#[test]
fn a_failing_sync_is_reported_from_its_first_failure_until_a_success() {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open(&dir.path().join("c.db")).unwrap();
    assert_eq!(
        c.sync_failing().unwrap(),
        None,
        "never synced: nothing failing"
    );
    c.record_run(&run(0, true, None)).unwrap();
    assert_eq!(c.sync_failing().unwrap(), None);
    c.record_run(&run(60, false, Some("unreachable"))).unwrap();
    c.record_run(&run(120, false, Some("timeout"))).unwrap();
    let f = c.sync_failing().unwrap().unwrap();
    assert_eq!(
        f.since,
        run(60, false, None).started_at,
        "from the first failure"
    );
    assert_eq!(
        (f.kind.as_str(), f.runs),
        ("timeout", 2),
        "worded as the latest"
    );
    assert_eq!(f.message, "failed at 120");
    c.record_run(&run(180, true, None)).unwrap();
    assert_eq!(c.sync_failing().unwrap(), None, "a success ends it");
}
