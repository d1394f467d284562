use super::*;

#[test]
fn a_silent_daemon_is_refused_wholly_in_the_readers_language() {
    let remote = Remote::new(PathBuf::from("/run/ym-triage/daemon.sock"));
    let refusal = remote.unreachable(Some(7), |l| words(l).daemon_no_answer.into());
    let ru = refusal.message(Lang::Ru);
    assert!(ru.contains("нет ответа за 30 с"), "{ru}");
    assert!(!ru.contains("no answer"), "{ru}");
    let en = refusal.message(Lang::En);
    assert!(en.contains("no answer in 30 s"), "{en}");
    assert!(en.contains("/run/ym-triage/daemon.sock"), "{en}");
}
