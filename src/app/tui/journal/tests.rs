//! The journal keeps what the cache does not have, and nothing twice.

use std::os::unix::fs::PermissionsExt;

use chrono::Duration;

use super::*;
use crate::domain::incident::fixtures::afternoon;

fn entry(text: &str, at: DateTime<Utc>) -> Entry {
    Entry {
        template: None,
        audience: Audience::Buyer,
        text: text.into(),
        edited_at: at,
    }
}

fn cache() -> (tempfile::TempDir, Cache) {
    let dir = tempfile::tempdir().unwrap();
    let c = Cache::open(&dir.path().join("cache.db")).unwrap();
    (dir, c)
}

#[test]
fn a_draft_typed_after_the_cache_stored_it_comes_back_unsaved() {
    let (_d, c) = cache();
    let t0 = afternoon();
    c.save_draft(1, "anna", None, "buyer", "Hello", t0).unwrap();
    let journal = BTreeMap::from([(1, entry("Hello, Maria", t0 + Duration::seconds(5)))]);
    let (drafts, kept) = restore(journal, Some(&c), "anna");
    assert_eq!(drafts.len(), 1);
    let d = &drafts[0];
    assert_eq!(d.text, "Hello, Maria");
    assert!(d.unsaved(), "the service is asked to store it");
    assert_eq!(d.saved.as_ref().map(|(_, t)| t.as_str()), Some("Hello"));
    assert!(kept.contains_key(&1), "kept until the cache has it");
}

#[test]
fn what_the_cache_has_already_or_newer_or_was_sent_is_not_restored_twice() {
    let (_d, mut c) = cache();
    let t0 = afternoon();
    c.save_draft(1, "anna", None, "buyer", "Same", t0).unwrap();
    c.save_draft(2, "anna", None, "buyer", "Newer in the cache", t0)
        .unwrap();
    // Order 3's message went out (queued) after the journal took it.
    c.enqueue(
        &crate::domain::write::OutboxWrite {
            key: "k".into(),
            kind: crate::domain::write::WriteKind::ChatMessage {
                text: "Sent already".into(),
            },
            order_id: Some(3),
            campaign_id: 21,
            business_id: 7,
            incident_id: None,
            created_by: "anna".into(),
        },
        t0,
    )
    .unwrap();
    let journal = BTreeMap::from([
        (1, entry("Same", t0 + Duration::seconds(9))),
        (2, entry("Older here", t0 - Duration::seconds(60))),
        (3, entry("Sent already", t0 - Duration::seconds(5))),
    ]);
    let (drafts, kept) = restore(journal, Some(&c), "anna");
    let texts: Vec<(i64, &str, bool)> = drafts
        .iter()
        .map(|d| (d.order_id, d.text.as_str(), d.unsaved()))
        .collect();
    assert_eq!(
        texts,
        vec![(1, "Same", false), (2, "Newer in the cache", false)]
    );
    assert!(kept.is_empty(), "{kept:?}");
}

#[test]
fn the_journal_is_one_file_per_cache_only_its_owner_may_read() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::new(dir.path(), &dir.path().join("cache.db"));
    let other = Journal::new(dir.path(), &dir.path().join("demo.db"));
    assert_ne!(j.path(), other.path());
    let entries = BTreeMap::from([(7, entry("Привет", afternoon()))]);
    j.write_drafts(&entries).unwrap();
    assert_eq!(j.read::<BTreeMap<i64, Entry>>(), entries);
    let mode = std::fs::metadata(j.path()).unwrap().permissions().mode();
    assert_eq!(mode & 0o077, 0, "{mode:o}");
    let folder = std::fs::metadata(j.path().parent().unwrap())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(folder & 0o077, 0, "{folder:o}");
    j.write_drafts(&BTreeMap::new()).unwrap();
    assert!(!j.path().exists(), "nothing left: no file");
}

#[test]
fn a_damaged_journal_is_moved_aside_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::new(dir.path(), &dir.path().join("cache.db"));
    std::fs::create_dir_all(j.path().parent().unwrap()).unwrap();
    std::fs::write(j.path(), "{not json").unwrap();
    assert!(j.read::<BTreeMap<i64, Entry>>().is_empty());
    assert!(j.path().with_extension("damaged").exists());
}

#[test]
fn the_input_open_is_kept_beside_the_drafts_its_owner_only_and_forgotten_whole() {
    let dir = tempfile::tempdir().unwrap();
    let j = Journal::new(dir.path(), &dir.path().join("cache.db"));
    let input = j.input();
    assert_eq!(input.path().parent(), j.path().parent(), "the same folder");
    assert_ne!(input.path(), j.path());
    let other = Journal::new(dir.path(), &dir.path().join("demo.db")).input();
    assert_ne!(input.path(), other.path(), "one per cache");
    let kept = KeptInput {
        purpose: crate::app::tui::dialog::InputFor::StepOutcome {
            order_id: 7,
            version: 2,
        },
        prompt: "Step done".into(),
        text: "Перевозчик нашёл посылку".into(),
        step: Some(crate::domain::incident::steps::Step::Verify),
        at: afternoon(),
    };
    input.write(Some(&kept)).unwrap();
    assert_eq!(input.read::<Option<KeptInput>>(), Some(kept));
    let mode = std::fs::metadata(input.path())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o077, 0, "{mode:o}");
    // The drafts' journal is another file: writing one leaves the other.
    j.write_drafts(&BTreeMap::from([(7, entry("Привет", afternoon()))]))
        .unwrap();
    assert!(input.path().exists());
    input.write::<KeptInput>(None).unwrap();
    assert!(!input.path().exists() && j.path().exists());
    assert_eq!(input.read::<Option<KeptInput>>(), None);
}

#[test]
fn a_burst_of_ops_writes_the_input_once_as_it_ended() {
    let kept = |text: &str| {
        Box::new(KeptInput {
            purpose: crate::app::tui::dialog::InputFor::Call { order_id: 1 },
            prompt: String::new(),
            text: text.into(),
            step: None,
            at: afternoon(),
        })
    };
    let mut entries = BTreeMap::new();
    let ops = vec![Op::KeepInput(kept("4")), Op::KeepInput(kept("40"))];
    let (drafts, typed) = fold(ops.into_iter(), &mut entries);
    assert!(!drafts);
    assert_eq!(typed.flatten().map(|k| k.text), Some("40".to_owned()));
    let (_, typed) = fold(
        vec![Op::KeepInput(kept("4")), Op::ForgetInput].into_iter(),
        &mut entries,
    );
    assert_eq!(typed, Some(None));
}
