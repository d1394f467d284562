//! Snapshots of the tabs that act (Contact, Reroute, Compensation, Status), the
//! Incident tab with its writes, the marks, and every overlay of the acting keys, at
//! 80×24 and 120×40 in both languages; and what a user must see in them whatever the
//! snapshot says: the chat's escape sequences neutralised, the blocking lint finding
//! and the refused send, the greyed option with why, the count to type.

use crate::app::tui::action::Act;
use crate::app::tui::state::KeyMode;

use super::fixtures::{EVIL_CHAT, acting_state, draft_with_phone};
use super::render;
use crate::app::tui::action::Action;
use crate::app::tui::state::{AppState, DetailTab, Pending};
use crate::app::tui::update::update;
use crate::base::lang::Lang;

const DBS: i64 = 48_291_736_450;
const FBS: i64 = 48_291_736_451;

fn screen(s: &AppState, w: u16, h: u16) -> String {
    render(s, w, h).backend().to_string()
}

/// The DBS order on the Contact tab with the chat and a draft that carries a phone.
fn contact(lang: Lang) -> AppState {
    let mut s = acting_state(lang, DBS, DetailTab::Contact);
    s.drafts.insert(DBS, draft_with_phone(lang, DBS));
    s
}

/// On narrow screens the detail is opened to take the body.
fn opened(mut s: AppState) -> AppState {
    update(&mut s, Action::Key(Act::ToggleDetail));
    s
}

#[test]
fn contact_tab_chat_draft_and_lint_at_120x40_ru() {
    insta::assert_snapshot!(
        "contact_120x40_ru",
        render(&contact(Lang::Ru), 120, 40).backend()
    );
}

#[test]
fn contact_tab_when_detail_open_at_80x24_en() {
    insta::assert_snapshot!(
        "contact_detail_open_80x24_en",
        render(&opened(contact(Lang::En)), 80, 24).backend()
    );
}

#[test]
fn contact_tab_without_a_draft_says_how_to_start_at_80x24_ru() {
    let s = opened(acting_state(Lang::Ru, DBS, DetailTab::Contact));
    let out = screen(&s, 80, 24);
    assert!(out.contains("a — выбрать шаблон"), "{out}");
    insta::assert_snapshot!("contact_empty_80x24_ru", render(&s, 80, 24).backend());
}

#[test]
fn the_chat_is_oldest_first_with_sender_time_and_no_escape_sequence() {
    let out = screen(&contact(Lang::En), 120, 40);
    let first = out
        .find("Where")
        .or_else(|| out.find("Где"))
        .expect("first message");
    let shown = crate::base::text::clean(EVIL_CHAT);
    assert_eq!(
        shown,
        "Жду ответа\u{FFFD}[2J\u{FFFD}]52;c;ZXZpbA==\u{FFFD} уже третий день"
    );
    let start = shown.split(' ').next().unwrap_or_default();
    let last = out.find(start).expect("the third message, cleaned");
    assert!(first < last, "oldest first:\n{out}");
    assert!(
        out.contains("25.11 10:12  Buyer"),
        "Moscow time and sender:\n{out}"
    );
    assert!(out.contains("25.11 12:20  Shop"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\u{7}'), "{out}");
}

#[test]
fn a_blocking_finding_says_the_send_is_refused() {
    let out = screen(&contact(Lang::En), 120, 40);
    assert!(out.contains("✗ "), "{out}");
    assert!(out.contains("S is refused until fixed"), "{out}");
    assert!(
        out.contains("Доставка задерживается · to the buyer"),
        "the template in the buyer's language (they wrote in Russian), and the audience:\n{out}"
    );
}

#[test]
fn reroute_tab_dbs_at_120x40_en() {
    let s = acting_state(Lang::En, DBS, DetailTab::Reroute);
    let out = screen(&s, 120, 40);
    assert!(out.contains("1 of 3 date"), "the budget left:\n{out}");
    assert!(out.contains("✗ not now: No other carriers"), "{out}");
    insta::assert_snapshot!("reroute_dbs_120x40_en", render(&s, 120, 40).backend());
}

#[test]
fn reroute_tab_dbs_when_detail_open_at_80x24_ru() {
    let s = opened(acting_state(Lang::Ru, DBS, DetailTab::Reroute));
    insta::assert_snapshot!("reroute_dbs_80x24_ru", render(&s, 80, 24).backend());
}

#[test]
fn reroute_tab_fbs_when_detail_open_at_80x24_en() {
    let s = opened(acting_state(Lang::En, FBS, DetailTab::Reroute));
    insta::assert_snapshot!("reroute_fbs_80x24_en", render(&s, 80, 24).backend());
}

#[test]
fn compensation_tab_at_120x40_ru() {
    let s = acting_state(Lang::Ru, DBS, DetailTab::Compensation);
    insta::assert_snapshot!("compensation_120x40_ru", render(&s, 120, 40).backend());
}

#[test]
fn compensation_tab_when_detail_open_at_80x24_en() {
    let s = opened(acting_state(Lang::En, DBS, DetailTab::Compensation));
    let out = screen(&s, 80, 24);
    assert!(
        out.contains("confirmed by petrova"),
        "the entry given:\n{out}"
    );
    insta::assert_snapshot!("compensation_80x24_en", render(&s, 80, 24).backend());
}

#[test]
fn status_tab_dbs_with_the_calls_at_120x40_ru() {
    let s = acting_state(Lang::Ru, DBS, DetailTab::Status);
    let out = screen(&s, 120, 40);
    assert!(out.contains("L — записать звонок"), "{out}");
    assert!(
        out.contains("номер покупателя: +7 495 000-00-00 доб. 31337"),
        "the number to call: {out}"
    );
    insta::assert_snapshot!("status_dbs_120x40_ru", render(&s, 120, 40).backend());
}

#[test]
fn status_tab_fbs_when_detail_open_at_80x24_en() {
    let s = opened(acting_state(Lang::En, FBS, DetailTab::Status));
    insta::assert_snapshot!("status_fbs_80x24_en", render(&s, 80, 24).backend());
}

#[test]
fn incident_tab_shows_notes_the_refusal_and_the_writes_at_120x40_en() {
    let s = acting_state(Lang::En, DBS, DetailTab::Incident);
    let out = screen(&s, 120, 40);
    assert!(out.contains("Writes to the Market"), "{out}");
    assert!(out.contains("delivery date · refused"), "{out}");
    insta::assert_snapshot!("incident_writes_120x40_en", render(&s, 120, 40).backend());
}

/// Three orders marked, the FBS one selected.
fn marked(lang: Lang) -> AppState {
    let mut s = acting_state(lang, FBS, DetailTab::Status);
    for id in [48_291_736_451, 48_291_736_452, 48_291_736_458] {
        s.marked.insert(id);
    }
    s
}

#[test]
fn marked_rows_and_their_count_at_80x24_en() {
    let s = marked(Lang::En);
    let out = screen(&s, 80, 24);
    assert!(out.contains("3 marked"), "{out}");
    insta::assert_snapshot!("marked_80x24_en", render(&s, 80, 24).backend());
}

#[test]
fn compensation_picker_at_80x24_ru() {
    let mut s = acting_state(Lang::Ru, DBS, DetailTab::Compensation);
    update(&mut s, Action::Key(Act::ActOnTab));
    assert_eq!(s.mode.keys(), KeyMode::Pick);
    update(&mut s, Action::Key(Act::MoveDown));
    insta::assert_snapshot!("picker_compensation_80x24_ru", render(&s, 80, 24).backend());
}

#[test]
fn compensation_picker_at_120x40_en() {
    let mut s = acting_state(Lang::En, DBS, DetailTab::Compensation);
    update(&mut s, Action::Key(Act::ActOnTab));
    insta::assert_snapshot!(
        "picker_compensation_120x40_en",
        render(&s, 120, 40).backend()
    );
}

#[test]
fn reroute_picker_shows_why_a_greyed_choice_is_closed_at_80x24_en() {
    let mut s = acting_state(Lang::En, DBS, DetailTab::Reroute);
    update(&mut s, Action::Key(Act::ActOnTab));
    update(&mut s, Action::Key(Act::MoveDown));
    let out = screen(&s, 80, 24);
    assert!(out.contains("✗ No other carriers"), "{out}");
    insta::assert_snapshot!("picker_reroute_80x24_en", render(&s, 80, 24).backend());
}

fn draft_input(lang: Lang) -> AppState {
    let mut s = contact(lang);
    update(&mut s, Action::Key(Act::InlineEdit));
    assert_eq!(s.mode.keys(), KeyMode::Input);
    s
}

#[test]
fn draft_input_with_its_live_lint_at_80x24_ru() {
    insta::assert_snapshot!(
        "input_draft_80x24_ru",
        render(&draft_input(Lang::Ru), 80, 24).backend()
    );
}

#[test]
fn draft_input_with_its_live_lint_at_120x40_en() {
    insta::assert_snapshot!(
        "input_draft_120x40_en",
        render(&draft_input(Lang::En), 120, 40).backend()
    );
}

#[test]
fn a_one_line_input_at_80x24_en() {
    let mut s = acting_state(Lang::En, DBS, DetailTab::Incident);
    update(&mut s, Action::Key(Act::Note));
    for c in "carrier promised Friday".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    insta::assert_snapshot!("input_note_80x24_en", render(&s, 80, 24).backend());
}

/// The FBS order's seller cancellation, for the three marked orders.
fn bulk(lang: Lang, typed: &str) -> AppState {
    let mut s = marked(lang);
    update(&mut s, Action::Key(Act::ActOnTab));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::Confirm));
    assert!(
        matches!(s.mode.pending(), Some(Pending::Write(w)) if w.writes.len() == 3),
        "{:?} {:?}",
        s.mode.pending(),
        s.error()
    );
    // The service checks each order against its own rules, as it would.
    let Some(Pending::Write(w)) = s.mode.pending() else {
        unreachable!()
    };
    let verdicts = w
        .writes
        .iter()
        .map(|(id, action)| {
            let row = s.rows.iter().find(|r| r.order.order_id == *id).unwrap();
            let v = crate::domain::incident::checks::check(
                action,
                &row.order,
                &crate::domain::order::History::default(),
                &crate::domain::incident::checks::CheckContext::default(),
                s.now,
            );
            crate::service::command::OrderVerdict {
                order_id: *id,
                blocking: v.blocking,
                warnings: v.warnings,
            }
        })
        .collect();
    let cmd = crate::service::Command::Check {
        order_ids: w.writes.iter().map(|(id, _)| *id).collect(),
        action: w.writes[0].1.clone(),
    };
    update(
        &mut s,
        Action::Replied(Box::new(crate::app::tui::action::Replied {
            cmd,
            reply: Ok(crate::service::Outcome {
                order_id: None,
                done: crate::service::Done::Checked { verdicts },
                notice: crate::base::words::Msg::new("", ""),
            }),
        })),
    );
    for c in typed.chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    s
}

#[test]
fn bulk_write_confirm_with_the_count_typed_at_80x24_ru() {
    insta::assert_snapshot!(
        "write_confirm_bulk_80x24_ru",
        render(&bulk(Lang::Ru, "2"), 80, 24).backend()
    );
}

#[test]
fn bulk_write_confirm_half_typed_at_120x40_en() {
    let s = bulk(Lang::En, "1");
    let out = screen(&s, 120, 40);
    assert!(out.contains("Type 2 to confirm: 1"), "{out}");
    assert!(
        out.contains("✗ 48291736452: Only an order not yet shipped"),
        "the order the rules refuse is named with why:\n{out}"
    );
    insta::assert_snapshot!(
        "write_confirm_bulk_120x40_en",
        render(&s, 120, 40).backend()
    );
}

#[test]
fn sending_a_draft_with_a_phone_is_blocked_in_the_confirm_at_80x24_en() {
    let mut s = contact(Lang::En);
    update(&mut s, Action::Key(Act::SendDraft));
    let out = screen(&s, 80, 24);
    assert!(out.contains("y is refused"), "{out}");
    insta::assert_snapshot!(
        "write_confirm_blocked_80x24_en",
        render(&s, 80, 24).backend()
    );
}

#[test]
fn compensation_confirm_with_the_lead_at_80x24_ru() {
    let mut s = acting_state(Lang::Ru, DBS, DetailTab::Compensation);
    update(&mut s, Action::Key(Act::ActOnTab));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(
        s.mode.keys(),
        KeyMode::Input,
        "above the limit a lead is asked for"
    );
    for c in "petrova".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    update(&mut s, crate::app::tui::testing::enter());
    assert!(matches!(s.mode.pending(), Some(Pending::Compensation(_))));
    insta::assert_snapshot!(
        "compensation_confirm_80x24_ru",
        render(&s, 80, 24).backend()
    );
}

#[test]
fn manual_confirm_of_an_escalation_at_80x24_en() {
    let mut s = acting_state(Lang::En, FBS, DetailTab::Reroute);
    update(&mut s, Action::Key(Act::ActOnTab));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::Confirm));
    assert!(
        matches!(s.mode.pending(), Some(Pending::Manual(_))),
        "{:?}",
        s.mode.pending()
    );
    insta::assert_snapshot!("manual_confirm_80x24_en", render(&s, 80, 24).backend());
}

/// Every acting screen, for the properties every screen must have (no control
/// character, no colour in mono, no panic at any size).
pub(super) fn screens() -> Vec<AppState> {
    let mut out = Vec::new();
    for tab in [
        DetailTab::Contact,
        DetailTab::Reroute,
        DetailTab::Compensation,
        DetailTab::Status,
        DetailTab::Incident,
    ] {
        for id in [DBS, FBS] {
            let mut s = acting_state(Lang::Ru, id, tab);
            s.drafts.insert(id, draft_with_phone(Lang::Ru, id));
            out.push(s);
        }
    }
    let mut reroute = acting_state(Lang::En, DBS, DetailTab::Reroute);
    update(&mut reroute, Action::Key(Act::ActOnTab));
    update(&mut reroute, Action::Key(Act::MoveDown));
    out.push(reroute);
    out.push(draft_input(Lang::En));
    out.push(bulk(Lang::Ru, "3"));
    let mut send = contact(Lang::En);
    update(&mut send, Action::Key(Act::SendDraft));
    out.push(send);
    out.push(marked(Lang::En));
    let mut note = acting_state(Lang::En, DBS, DetailTab::Incident);
    update(&mut note, Action::Key(Act::Note));
    out.push(note);
    out
}

/// The screen as a read-only agent sees it: the keymap without the acting keys.
fn screen_read_only(s: &AppState, w: u16, h: u16) -> String {
    let keymap = crate::app::tui::keymap::Keymap::defaults().read_only();
    let theme = crate::app::tui::theme::Theme::new(crate::app::tui::theme::ThemeName::Default);
    let ctx = crate::app::tui::ui::UiContext {
        keymap: &keymap,
        theme: &theme,
    };
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("a test terminal");
    terminal
        .draw(|f| crate::app::tui::ui::draw(f, s, &ctx))
        .expect("a frame");
    terminal.backend().to_string()
}

#[test]
fn read_only_tabs_offer_no_acting_key() {
    let mut s = opened(contact(Lang::En));
    s.read_only = true;
    let out = screen_read_only(&s, 80, 24);
    assert!(
        out.contains("✗ A phone number"),
        "the lint still shows:\n{out}"
    );
    for gone in ["S is refused", "a template", "S send"] {
        assert!(!out.contains(gone), "{gone}:\n{out}");
    }
    for tab in [
        DetailTab::Reroute,
        DetailTab::Status,
        DetailTab::Compensation,
    ] {
        s.detail_tab = tab;
        let out = screen_read_only(&s, 80, 24);
        assert!(!out.contains("a — "), "{tab:?}:\n{out}");
        assert!(!out.contains("L logs a call"), "{tab:?}:\n{out}");
    }
}

#[test]
fn a_carrier_inquiry_says_it_is_copied_not_sent() {
    let mut s = opened(acting_state(Lang::En, DBS, DetailTab::Contact));
    s.drafts.insert(
        DBS,
        crate::app::tui::state::Draft::new(
            DBS,
            Some("carrier_inquiry".into()),
            crate::domain::incident::lint::Audience::Carrier,
            "Order 48291736450, track YM48291736450: where is it? Call +7 916 123-45-67".into(),
        ),
    );
    let out = screen(&s, 80, 24);
    assert!(out.contains("to the carrier"), "{out}");
    assert!(
        out.contains("not for the Market chat: y copies it"),
        "{out}"
    );
    assert!(out.contains("dispatch@courier.example"), "{out}");
    assert!(
        !out.contains("S is refused"),
        "a phone is fine for a carrier:\n{out}"
    );
}

#[test]
fn the_active_tab_is_named_at_every_width() {
    for (w, h) in [(60, 15), (80, 24), (120, 40), (200, 50)] {
        for tab in DetailTab::ALL {
            for lang in [Lang::Ru, Lang::En] {
                let s = acting_state(lang, DBS, tab);
                let out = screen(&s, w, h);
                let name = out
                    .split('▸')
                    .nth(2)
                    .and_then(|rest| rest.split(' ').next())
                    .unwrap_or_default()
                    .to_owned();
                assert!(
                    name.chars().count() > 1,
                    "{tab:?} {lang:?} at {w}×{h}: {name:?}\n{out}"
                );
            }
        }
    }
}

#[test]
fn the_picker_keeps_its_cursor_in_view_on_a_short_screen() {
    let mut s = acting_state(Lang::En, DBS, DetailTab::Status);
    update(&mut s, Action::Key(Act::ActOnTab));
    let n = s.mode.picker().map_or(0, |p| p.choices.len());
    assert!(n > 5, "the DBS status menu is long: {n}");
    for _ in 0..n {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    let out = screen(&s, 60, 15);
    assert!(
        out.contains("▸✗ Cancel: the buyer is replacing the"),
        "{out}"
    );
    assert!(out.contains("Enter choose"), "the hint stays:\n{out}");
}

#[test]
fn order_tab_shows_the_buyer_the_service_fetched_with_the_proxy_phone() {
    let s = acting_state(Lang::En, DBS, DetailTab::Order);
    let out = screen(&s, 160, 40);
    assert!(
        out.contains("Анна Петрова · +7 495 000-00-00 доб. 31337"),
        "{out}"
    );
}
