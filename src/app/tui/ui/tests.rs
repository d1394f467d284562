//! Snapshots of every screen at 80×24 and 120×40 in both languages, the too-small
//! screen, and the properties a user relies on: no escape sequence from the Market
//! reaches the terminal, the mono theme sets no colour, and no size panics. The tabs
//! that act and their dialogs are in `acting`.

use crate::app::tui::action::Act;

mod acting;
mod analysis;
mod fixtures;
mod hostile;
mod screens;

use chrono::Duration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::{UiContext, draw};
use crate::app::tui::action::Action;
use crate::app::tui::keymap::Keymap;
use crate::app::tui::select::haystack;
use crate::app::tui::state::{AppState, Row, Snapshot};
use crate::app::tui::theme::Theme;
use crate::app::tui::theme::ThemeName;
use crate::app::tui::update::update;
use crate::base::lang::Lang;
use crate::cache::Lease;
use crate::domain::incident::steps::{self, Step};
use fixtures::{EVIL_CITY, events, now, rows, state};

pub(super) fn render_with(
    state: &AppState,
    w: u16,
    h: u16,
    theme: ThemeName,
) -> Terminal<TestBackend> {
    let keymap = Keymap::defaults();
    let theme = Theme::new(theme);
    let ctx = UiContext {
        keymap: &keymap,
        theme: &theme,
    };
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    terminal.draw(|f| draw(f, state, &ctx)).expect("a frame");
    terminal
}

pub(super) fn render(state: &AppState, w: u16, h: u16) -> Terminal<TestBackend> {
    render_with(state, w, h, ThemeName::Default)
}

#[test]
fn list_and_detail_side_by_side_at_120x40_ru() {
    insta::assert_snapshot!(
        "list_and_detail_120x40_ru",
        render(&state(Lang::Ru), 120, 40).backend()
    );
}

#[test]
fn list_and_detail_side_by_side_at_120x40_en() {
    insta::assert_snapshot!(
        "list_and_detail_120x40_en",
        render(&state(Lang::En), 120, 40).backend()
    );
}

#[test]
fn list_above_detail_at_80x24_ru() {
    insta::assert_snapshot!("list_80x24_ru", render(&state(Lang::Ru), 80, 24).backend());
}

#[test]
fn list_above_detail_at_80x24_en() {
    insta::assert_snapshot!("list_80x24_en", render(&state(Lang::En), 80, 24).backend());
}

#[test]
fn detail_open_takes_the_body_at_80x24_ru() {
    let mut s = state(Lang::Ru);
    update(&mut s, Action::Key(Act::ToggleDetail));
    insta::assert_snapshot!("detail_open_80x24_ru", render(&s, 80, 24).backend());
}

#[test]
fn detail_open_takes_the_body_at_80x24_en() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::ToggleDetail));
    insta::assert_snapshot!("detail_open_80x24_en", render(&s, 80, 24).backend());
}

fn timeline_state(lang: Lang) -> AppState {
    let mut s = state(lang);
    let id = s.selected.expect("a selected order");
    update(&mut s, Action::TimelineLoaded(id, events(id)));
    update(&mut s, Action::Key(Act::NextTab));
    s
}

#[test]
fn timeline_tab_newest_first_at_120x40_ru() {
    insta::assert_snapshot!(
        "timeline_120x40_ru",
        render(&timeline_state(Lang::Ru), 120, 40).backend()
    );
}

#[test]
fn timeline_tab_when_detail_open_at_80x24_en() {
    let mut s = timeline_state(Lang::En);
    update(&mut s, Action::Key(Act::ToggleDetail));
    insta::assert_snapshot!(
        "timeline_detail_open_80x24_en",
        render(&s, 80, 24).backend()
    );
}

#[test]
fn timeline_not_loaded_says_loading() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::NextTab));
    let out = render(&s, 120, 40).backend().to_string();
    assert!(out.contains("loading…"), "{out}");
}

#[test]
fn help_overlay_at_80x24_ru() {
    let mut s = state(Lang::Ru);
    update(&mut s, Action::Key(Act::Help));
    insta::assert_snapshot!("help_80x24_ru", render(&s, 80, 24).backend());
}

#[test]
fn help_overlay_at_120x40_en() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::Help));
    insta::assert_snapshot!("help_120x40_en", render(&s, 120, 40).backend());
}

#[test]
fn help_lists_every_binding_of_the_keymap() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Key(Act::Help));
    let out = render(&s, 120, 40).backend().to_string();
    for b in Keymap::defaults().bindings(crate::app::tui::state::KeyMode::Normal) {
        let desc = crate::app::tui::i18n::action_desc(Lang::En, b.act);
        assert!(out.contains(desc), "{} missing:\n{out}", b.act.name());
    }
}

fn filtered(lang: Lang, text: &str) -> AppState {
    let mut s = state(lang);
    update(&mut s, Action::Key(Act::Filter));
    for c in text.chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    s
}

#[test]
fn filter_typing_dbs_at_80x24_ru() {
    insta::assert_snapshot!(
        "filter_dbs_80x24_ru",
        render(&filtered(Lang::Ru, "dbs"), 80, 24).backend()
    );
}

#[test]
fn filter_typing_dbs_at_80x24_en() {
    insta::assert_snapshot!(
        "filter_dbs_80x24_en",
        render(&filtered(Lang::En, "dbs"), 80, 24).backend()
    );
}

#[test]
fn filter_with_no_match_shows_an_empty_list_80x24_ru() {
    let mut s = filtered(Lang::Ru, "город:марс");
    update(&mut s, crate::app::tui::testing::enter());
    insta::assert_snapshot!("empty_result_80x24_ru", render(&s, 80, 24).backend());
}

#[test]
fn filter_with_no_match_shows_an_empty_list_120x40_en() {
    let mut s = filtered(Lang::En, "zzz");
    update(&mut s, crate::app::tui::testing::enter());
    insta::assert_snapshot!("empty_result_120x40_en", render(&s, 120, 40).backend());
}

#[test]
fn too_small_at_59x14_ru() {
    insta::assert_snapshot!(
        "too_small_59x14_ru",
        render(&state(Lang::Ru), 59, 14).backend()
    );
}

#[test]
fn too_small_at_59x14_en() {
    insta::assert_snapshot!(
        "too_small_59x14_en",
        render(&state(Lang::En), 59, 14).backend()
    );
}

fn troubled(lang: Lang) -> AppState {
    let mut s = state(lang);
    s.demo = true;
    s.read_only = true;
    update(
        &mut s,
        Action::Error(
            "Market API: 503 Service Unavailable after 5 retries; next try in 30 s".into(),
        ),
    );
    s
}

#[test]
fn demo_read_only_and_error_footer_at_80x24_ru() {
    insta::assert_snapshot!(
        "demo_read_only_error_80x24_ru",
        render(&troubled(Lang::Ru), 80, 24).backend()
    );
}

#[test]
fn demo_read_only_and_error_footer_at_120x40_en() {
    insta::assert_snapshot!(
        "demo_read_only_error_120x40_en",
        render(&troubled(Lang::En), 120, 40).backend()
    );
}

#[test]
fn stale_data_and_another_agent_syncing_at_80x24_en() {
    let mut s = state(Lang::En);
    update(&mut s, Action::Tick(now() + Duration::minutes(30)));
    s.footer.syncing = Some(Lease {
        holder: "agent2".into(),
        pid: 4242,
        host: "triage-01".into(),
        acquired_at: now(),
        expires_at: now() + Duration::minutes(40),
        progress: "page 12".into(),
    });
    insta::assert_snapshot!("stale_syncing_80x24_en", render(&s, 80, 24).backend());
}

#[test]
fn undelivered_section_at_120x40_ru() {
    let mut s = state(Lang::Ru);
    update(&mut s, Action::Key(Act::NextSection));
    insta::assert_snapshot!("undelivered_120x40_ru", render(&s, 120, 40).backend());
}

/// Every screen a test can reach, for the properties below.
fn every_screen() -> Vec<AppState> {
    let mut all_section = state(Lang::Ru);
    update(&mut all_section, Action::GoToSection(3));
    // Put the malicious order under the cursor so its detail is drawn too.
    while all_section
        .selected_row()
        .is_some_and(|r| r.order.order_id != 48_291_736_455)
    {
        update(&mut all_section, Action::Key(Act::MoveDown));
    }
    let mut evil_timeline = AppState::new(Lang::En, "agent1".into(), vec![], now());
    update(
        &mut evil_timeline,
        Action::DataLoaded(Box::new(Snapshot {
            delta: false,
            complete: true,
            outbox: None,
            rows: rows(),
            now: now(),
            last_sync: None,
            lease: None,
            failing: None,
            buyer_wrote: None,
        })),
    );
    let id = evil_timeline.selected.expect("a selected order");
    update(&mut evil_timeline, Action::TimelineLoaded(id, events(id)));
    update(&mut evil_timeline, Action::Key(Act::NextTab));
    let mut help = state(Lang::En);
    update(&mut help, Action::Key(Act::Help));
    let mut open = state(Lang::Ru);
    update(&mut open, Action::Key(Act::ToggleDetail));
    let mut all = vec![
        state(Lang::Ru),
        all_section,
        evil_timeline,
        help,
        open,
        filtered(Lang::En, "dbs"),
        troubled(Lang::Ru),
    ];
    all.extend(acting::screens());
    all
}

#[test]
fn no_control_character_from_the_market_reaches_the_screen() {
    for s in every_screen() {
        for (w, h) in [(80, 24), (120, 40), (300, 100)] {
            let term = render(&s, w, h);
            let buf = term.backend().buffer();
            for cell in &buf.content {
                assert!(
                    !cell.symbol().chars().any(char::is_control),
                    "control character {:?} at {w}×{h}",
                    cell.symbol()
                );
            }
        }
    }
    // The malicious city is on screen, neutralised.
    let s = &every_screen()[1];
    let out = render(s, 120, 40).backend().to_string();
    let shown = crate::base::text::clean(EVIL_CITY);
    assert_eq!(shown, "Тверь\u{FFFD}]52;c;ZXZpbA==\u{FFFD}\u{FFFD}[2J");
    assert!(out.contains(&*shown), "{out}");
}

#[test]
fn mono_theme_sets_no_colour_on_any_cell() {
    for s in every_screen() {
        for (w, h) in [(80, 24), (120, 40), (59, 14)] {
            let term = render_with(&s, w, h, ThemeName::Mono);
            for cell in &term.backend().buffer().content {
                assert_eq!(
                    (cell.fg, cell.bg),
                    (Color::Reset, Color::Reset),
                    "{:?}",
                    cell.symbol()
                );
            }
        }
    }
}

#[test]
fn severity_is_written_not_only_coloured() {
    let out = render_with(&state(Lang::En), 80, 24, ThemeName::Mono)
        .backend()
        .to_string();
    assert!(out.contains("▲ P1") && out.contains("● P2"), "{out}");
}

#[test]
fn rendering_never_panics_at_any_size() {
    let sizes = [
        (1, 1),
        (2, 1),
        (1, 2),
        (20, 5),
        (59, 14),
        (60, 15),
        (61, 16),
        (79, 23),
        (119, 30),
        (300, 100),
    ];
    for s in every_screen() {
        for (w, h) in sizes {
            render(&s, w, h);
        }
    }
}

#[test]
fn the_cursor_stays_in_view_and_the_page_is_recorded() {
    let base = rows();
    let many: Vec<Row> = (0..5_000)
        .map(|i| {
            let mut r = base[1].clone();
            r.order.order_id = 40_000_000_000 + i;
            r.haystack = haystack(&r);
            r
        })
        .collect();
    let mut s = AppState::new(Lang::En, "agent1".into(), vec![], now());
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            delta: false,
            complete: true,
            outbox: None,
            rows: many,
            now: now(),
            last_sync: None,
            lease: None,
            failing: None,
            buyer_wrote: None,
        })),
    );
    render(&s, 80, 24);
    let page = s.page.get();
    assert_eq!(page, 11, "list rows at 80×24");
    update(&mut s, Action::Key(Act::Bottom));
    render(&s, 80, 24);
    assert_eq!(s.list_offset.get(), 5_000 - page);
    update(&mut s, Action::Key(Act::PageUp));
    render(&s, 80, 24);
    assert_eq!(
        s.list_offset.get(),
        5_000 - page - 1,
        "moves the offset minimally"
    );
    let out = render(&s, 80, 24).backend().to_string();
    assert!(out.contains(&s.selected.expect("selected").to_string()));
}

#[test]
fn list_at_the_minimum_size_60x15_en() {
    insta::assert_snapshot!(
        "minimum_60x15_en",
        render(&state(Lang::En), 60, 15).backend()
    );
}

#[test]
fn all_columns_on_a_wide_screen_200x30_ru() {
    let mut s = state(Lang::Ru);
    update(&mut s, Action::GoToSection(3));
    insta::assert_snapshot!("all_section_200x30_ru", render(&s, 200, 30).backend());
}

fn incident_state(lang: Lang) -> AppState {
    let mut s = state(lang);
    let id = s.selected.expect("a selected order");
    let incident = crate::cache::Incident {
        id: 17,
        order_id: id,
        opened_at: fixtures::t("2026-11-25T08:00:00Z"),
        opened_by: "rule:delivery_overdue".into(),
        first_rule: Some("delivery_overdue".into()),
        step: Step::Notify,
        steps: steps::states_from_json(r#"{"verify":{"done":true}}"#).unwrap(),
        notes: "Служба подтвердила задержку на сортировке".into(),
        last_error: Some(
            "the Market answered PUT …/status with HTTP 400 STATUS_NOT_ALLOWED".into(),
        ),
        version: 3,
        ..crate::cache::Incident::default()
    };
    let audit = vec![
        crate::cache::AuditEntry {
            at: fixtures::t("2026-11-25T09:10:00Z"),
            agent: "agent1".into(),
            order_id: Some(id),
            incident_id: Some(17),
            action: "claim".into(),
            before: None,
            after: Some("agent1".into()),
        },
        crate::cache::AuditEntry {
            at: fixtures::t("2026-11-25T08:00:00Z"),
            agent: "ym-triage".into(),
            order_id: Some(id),
            incident_id: Some(17),
            action: "open".into(),
            before: None,
            after: Some("delivery_overdue".into()),
        },
    ];
    let view = crate::app::tui::state::IncidentView {
        incident: Some(incident),
        audit,
        ..crate::app::tui::state::IncidentView::default()
    };
    update(&mut s, Action::IncidentLoaded(id, Box::new(view)));
    s.detail_tab = crate::app::tui::state::DetailTab::Incident;
    s
}

#[test]
fn incident_tab_shows_the_steps_checklist_and_the_audit_trail_at_120x40_ru() {
    insta::assert_snapshot!(
        "incident_120x40_ru",
        render(&incident_state(Lang::Ru), 120, 40).backend()
    );
}

#[test]
fn incident_tab_when_detail_open_at_80x24_en() {
    let mut s = incident_state(Lang::En);
    update(&mut s, Action::Key(Act::ToggleDetail));
    insta::assert_snapshot!(
        "incident_detail_open_80x24_en",
        render(&s, 80, 24).backend()
    );
}

#[test]
fn taking_over_asks_in_a_dialog_at_80x24_ru() {
    let mut s = state(Lang::Ru);
    let id = s.selected.expect("a selected order");
    if let Some(i) = s.rows.iter().position(|r| r.order.order_id == id) {
        s.rows[i].claimed_by = Some("agent2".into());
    }
    update(&mut s, Action::Key(Act::Claim));
    insta::assert_snapshot!("take_over_dialog_80x24_ru", render(&s, 80, 24).backend());
}

#[test]
fn the_footer_counts_waiting_and_refused_writes() {
    let mut s = state(Lang::En);
    s.footer.outbox = Some(crate::cache::OutboxSummary {
        queued: 3,
        failed: 1,
        ..crate::cache::OutboxSummary::default()
    });
    let term = render(&s, 120, 40);
    let text: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(ratatui::buffer::Cell::symbol)
        .collect();
    assert!(
        text.contains("✉ 3") && text.contains("✉✗ 1"),
        "footer shows the outbox"
    );
    // With room to spare, the last refusal is read out after the hints.
    if let Some(o) = s.footer.outbox.as_mut() {
        o.last_failure = Some(crate::cache::OutboxFailure {
            id: 41,
            order_id: Some(48_291_736_450),
            kind: "delivery_date".into(),
            error: "HTTP 400: DELIVERY_DATE_NOT_ALLOWED".into(),
            at: now(),
        });
    }
    let out = render(&s, 220, 30).backend().to_string();
    assert!(
        out.contains("✉✗ 48291736450 delivery date: HTTP 400: DELIVERY_DATE_NOT_ALLOWED"),
        "{out}"
    );
}

#[test]
fn closing_asks_for_the_root_cause_at_80x24_en() {
    let mut s = incident_state(Lang::En);
    update(&mut s, Action::Key(Act::CloseIncident));
    update(&mut s, Action::Key(Act::Confirm));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::MoveDown));
    insta::assert_snapshot!("close_dialog_80x24_en", render(&s, 80, 24).backend());
}

#[test]
fn closing_with_steps_left_asks_first_at_80x24_ru() {
    let mut s = incident_state(Lang::Ru);
    update(&mut s, Action::Key(Act::CloseIncident));
    let out = render(&s, 80, 24);
    insta::assert_snapshot!("close_steps_left_80x24_ru", out.backend());
}

#[test]
fn the_root_cause_list_starts_with_none_chosen_at_120x40_en() {
    let mut s = incident_state(Lang::En);
    update(&mut s, Action::Key(Act::CloseIncident));
    update(&mut s, Action::Key(Act::Confirm));
    let shown = |s: &AppState| format!("{}", render(s, 120, 40).backend());
    let chosen = |out: &str| out.lines().filter(|l| l.contains("│▸ ")).count();
    let out = shown(&s);
    assert_eq!(chosen(&out), 0, "nothing chosen:\n{out}");
    insta::assert_snapshot!("close_dialog_none_chosen_120x40_en", out);
    update(&mut s, Action::Key(Act::MoveDown));
    assert_eq!(
        chosen(&shown(&s)),
        1,
        "the first move chooses the first cause"
    );
}

#[test]
fn the_order_tab_says_since_when_the_claimant_holds_it() {
    use crate::app::tui::state::IncidentView;
    use crate::cache::AuditEntry;
    let mut s = state(Lang::En);
    let id = s.selected.expect("a selected order");
    let i = s.visible[s.cursor];
    s.rows[i].claimed_by = Some("boris".into());
    let at = now() - chrono::Duration::hours(2);
    let view = IncidentView {
        audit: vec![AuditEntry {
            at,
            agent: "boris".into(),
            order_id: Some(id),
            incident_id: None,
            action: "claim".into(),
            before: None,
            after: Some("boris".into()),
        }],
        ..IncidentView::default()
    };
    s.incident = Some((id, view));
    let screen = format!("{:?}", render(&s, 120, 40).backend());
    let since = crate::app::tui::i18n::msk_datetime(at);
    assert!(screen.contains(&format!("boris · {since}")), "{screen}");
}

fn failing(lang: Lang) -> AppState {
    let mut s = state(lang);
    s.footer.failing = Some(crate::cache::SyncFailure {
        since: now() - chrono::Duration::minutes(2),
        kind: "unreachable".into(),
        message: "could not reach the Market for GET /v2/campaigns".into(),
        runs: 2,
    });
    s
}

#[test]
fn a_failing_sync_is_said_from_its_first_failure_at_120x40_en() {
    let s = failing(Lang::En);
    let out = format!("{}", render(&s, 120, 40).backend());
    assert!(
        out.contains("sync failing since 13:58 MSK: Market not reachable"),
        "{out}"
    );
    assert!(
        !out.contains("refused"),
        "a network failure is no refusal:\n{out}"
    );
    insta::assert_snapshot!("footer_sync_failing_120x40_en", out);
}

#[test]
fn a_failing_sync_is_said_from_its_first_failure_at_80x24_ru() {
    let s = failing(Lang::Ru);
    let out = format!("{}", render(&s, 80, 24).backend());
    assert!(out.contains("синхронизация не проходит с 13:58"), "{out}");
    insta::assert_snapshot!("footer_sync_failing_80x24_ru", out);
}

#[test]
fn the_undo_offer_leads_the_footer_with_its_seconds_at_80x24_en() {
    let mut s = state(Lang::En);
    s.undo = Some(crate::app::tui::state::UndoOffer {
        order_id: 48_291_736_450,
        what: "close".into(),
        at: now() - chrono::Duration::seconds(2),
    });
    let out = format!("{}", render(&s, 80, 24).backend());
    assert!(out.contains("u undo: close 48291736450 · 8 s"), "{out}");
    insta::assert_snapshot!("footer_undo_80x24_en", out);
}

#[test]
fn the_quit_question_names_the_unsent_drafts_at_120x40_ru() {
    let mut s = state(Lang::Ru);
    let id = s.selected.unwrap();
    s.drafts.insert(
        id,
        crate::app::tui::state::Draft::new(
            id,
            None,
            crate::domain::incident::lint::Audience::Buyer,
            "Добрый день!".into(),
        ),
    );
    update(&mut s, Action::Key(Act::Quit));
    let out = format!("{}", render(&s, 120, 40).backend());
    assert!(
        out.contains("1 неотправленный черновик (сохранён): выйти? y/n"),
        "{out}"
    );
    insta::assert_snapshot!("quit_question_120x40_ru", out);
}

#[test]
fn wrapping_keeps_an_amount_and_a_hyphenated_word_whole_and_cuts_a_word_too_long() {
    use super::{width, wrap_words};
    let amount = "лимит агента 4\u{a0}500\u{a0}₽ в день";
    let lines = wrap_words(amount, 16);
    assert!(
        lines.iter().any(|l| l.contains("4\u{a0}500\u{a0}₽")),
        "the amount on one line: {lines:?}"
    );
    let lines = wrap_words("unknown: re-fetch the order", 12);
    assert!(lines.iter().any(|l| l.contains("re-fetch")), "{lines:?}");
    let lines = wrap_words("a verylongwordthatdoesnotfit b", 8);
    assert!(lines.iter().all(|l| width(l) <= 8), "{lines:?}");
    assert!(lines.iter().any(|l| l.ends_with('…')), "{lines:?}");
    assert_eq!(wrap_words("   ", 10), Vec::<String>::new());
}
