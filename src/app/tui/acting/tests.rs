use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::action::Action;
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::testing::{ID, on_tab, state};
use crate::app::tui::update::update;
use crate::domain::incident::fixtures::afternoon;
use crate::service::Command;

#[test]
fn a_date_move_asks_the_reason_then_the_date_then_confirms_with_the_check() {
    let mut s = state();
    on_tab(&mut s, DetailTab::Reroute);
    update(&mut s, Action::Key(Act::ActOnTab));
    assert_eq!(s.mode.keys(), KeyMode::Pick);
    let p = s.mode.picker().unwrap();
    let at = p
        .choices
        .iter()
        .position(|c| c.label == RerouteKind::MoveDate.title().en)
        .expect("the date move is offered");
    assert!(p.choices[at].available, "{:?}", p.choices[at]);
    for _ in 0..at {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    update(&mut s, Action::Key(Act::Confirm));
    assert!(matches!(
        s.mode.picker().map(|p| &p.purpose),
        Some(PickFor::DateReason { .. })
    ));
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode.keys(), KeyMode::Input);
    let typed = s.mode.input().unwrap().text.text();
    assert!(parse_date(&typed).is_some(), "a suggested date: {typed:?}");
    update(&mut s, crate::app::tui::testing::enter());
    assert_eq!(s.mode.keys(), KeyMode::Confirm);
    let Some(Pending::Write(w)) = s.mode.pending() else {
        panic!("a write confirm: {:?}", s.mode.pending())
    };
    assert_eq!(w.writes.len(), 1);
    assert!(matches!(
        w.writes[0].1,
        WriteAction::MoveDeliveryDate {
            reason: Some(_),
            ..
        }
    ));
    assert!(!w.effect.is_empty());
    let effects = update(&mut s, Action::Key(Act::Confirm));
    assert!(matches!(&effects[..], [Effect::Write(w)] if w.len() == 1));
}

#[test]
fn a_date_not_understood_keeps_the_input_open_with_what_was_typed() {
    let mut s = state();
    let order_id = s.selected.unwrap();
    s.mode = Mode::Input(Input {
        prompt: String::new(),
        text: "31.02.2026".into(),
        purpose: InputFor::MoveDate {
            order_id,
            reason: DATE_REASONS[0].clone(),
        },
        reopened: false,
    });
    assert!(update(&mut s, crate::app::tui::testing::enter()).is_empty());
    assert_eq!(s.mode.keys(), KeyMode::Input);
    assert_eq!(s.mode.input().unwrap().text, "31.02.2026");
    assert!(s.error().is_some());
}

#[test]
fn a_blocked_message_cannot_be_confirmed_and_says_why() {
    let mut s = state();
    let id = s.selected.unwrap();
    set_draft(&mut s, id, "Позвоните мне: +7 912 345-67-89".into());
    update(&mut s, Action::Key(Act::SendDraft));
    let Some(Pending::Write(w)) = s.mode.pending() else {
        panic!("a write confirm")
    };
    assert!(!w.blocking.is_empty());
    assert!(update(&mut s, Action::Key(Act::Confirm)).is_empty());
    assert_eq!(
        s.mode.keys(),
        KeyMode::Confirm,
        "the dialog stays, saying why"
    );
    assert!(s.error().is_some());
    update(&mut s, Action::Key(Act::Back));
    assert!(s.drafts.contains_key(&id), "the draft is kept");
}

#[test]
fn a_status_for_several_marked_orders_needs_their_count_typed() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Mark));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::Mark));
    update(&mut s, Action::Key(Act::MoveUp));
    // The detail of the selected order is loaded again after the moves.
    let mut fresh = state();
    fresh.marked = s.marked.clone();
    let mut s = fresh;
    on_tab(&mut s, DetailTab::Status);
    update(&mut s, Action::Key(Act::ActOnTab));
    let at = s
        .mode
        .picker()
        .unwrap()
        .choices
        .iter()
        .position(|c| c.available)
        .expect("an allowed change");
    for _ in 0..at {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    let effects = update(&mut s, Action::Key(Act::Confirm));
    let Some(Pending::Write(w)) = s.mode.pending() else {
        panic!("a write confirm")
    };
    assert_eq!(w.writes.len(), 2);
    let ids: Vec<i64> = w.writes.iter().map(|(id, _)| *id).collect();
    assert!(
        matches!(&effects[..], [Effect::Command(Command::Check { order_ids, .. })] if *order_ids == ids),
        "each order is checked by the service: {effects:?}"
    );
    update(&mut s, crate::app::tui::testing::ch('2'));
    assert!(
        update(&mut s, Action::Key(Act::Confirm)).is_empty(),
        "not checked yet"
    );
    update(&mut s, crate::app::tui::testing::backspace());
    update(&mut s, checked(&ids, &[]));
    assert!(
        update(&mut s, Action::Key(Act::Confirm)).is_empty(),
        "not typed yet"
    );
    update(&mut s, crate::app::tui::testing::ch('3'));
    assert!(
        update(&mut s, Action::Key(Act::Confirm)).is_empty(),
        "wrong count"
    );
    update(&mut s, crate::app::tui::testing::backspace());
    update(&mut s, crate::app::tui::testing::ch('2'));
    let effects = update(&mut s, Action::Key(Act::Confirm));
    assert!(matches!(&effects[..], [Effect::Write(w)] if w.len() == 2));
    assert!(s.marked.is_empty());
}

#[test]
fn a_template_makes_a_draft_with_the_order_filled_in() {
    let mut s = state();
    on_tab(&mut s, DetailTab::Contact);
    update(&mut s, Action::Key(Act::ActOnTab));
    let at = s
        .templates
        .iter()
        .position(|t| t.name == "delay_apology")
        .unwrap();
    for _ in 0..at {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    update(&mut s, Action::Key(Act::Confirm));
    let id = s.selected.unwrap();
    let d = &s.drafts[&id];
    assert!(d.text.contains(&id.to_string()), "{}", d.text);
    assert!(!d.text.contains("{{"), "{}", d.text);
}

#[test]
fn esc_in_the_draft_editor_keeps_what_was_typed() {
    let mut s = state();
    let id = s.selected.unwrap();
    update(&mut s, Action::Key(Act::InlineEdit));
    for c in "Добрый день".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    update(&mut s, crate::app::tui::testing::enter());
    update(&mut s, crate::app::tui::testing::ch('!'));
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert_eq!(s.drafts[&id].text, "Добрый день\n!");
}

#[test]
fn a_stray_esc_in_a_note_keeps_what_was_typed_for_the_next_note_on_that_order() {
    use crate::app::tui::testing::ch;
    let mut s = state();
    on_tab(&mut s, DetailTab::Incident);
    update(&mut s, Action::Key(Act::Note));
    assert_eq!(s.mode.keys(), KeyMode::Input);
    for c in "called the carrier".chars() {
        update(&mut s, ch(c));
    }
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    let said = &s.notices.last().expect("a notice").text;
    assert!(said.contains("called the carrier"), "{said}");
    // The same input again: the text is back, and it is given back once.
    update(&mut s, Action::Key(Act::Note));
    assert_eq!(s.mode.input().unwrap().text.text(), "called the carrier");
    update(&mut s, Action::Key(Act::Back));
    update(&mut s, Action::Key(Act::Note));
    assert_eq!(s.mode.input().unwrap().text.text(), "called the carrier");
    // Emptied and closed: nothing is kept.
    for _ in 0.."called the carrier".len() {
        update(
            &mut s,
            Action::Text(ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::Backspace,
            )),
        );
    }
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.closed_input, None);
}

#[test]
fn compensation_above_the_agents_limit_asks_which_lead_confirmed() {
    let mut s = state();
    s.incident_cfg.compensation[0].per_agent_limit = crate::base::money::Money::from_rubles(1);
    on_tab(&mut s, DetailTab::Compensation);
    update(&mut s, Action::Key(Act::ActOnTab));
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode.keys(), KeyMode::Input);
    for c in "anna".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    update(&mut s, crate::app::tui::testing::enter());
    assert_eq!(s.mode.keys(), KeyMode::Input, "not the agent's own name");
    s.mode.input_mut().unwrap().text = "olga".into();
    update(&mut s, crate::app::tui::testing::enter());
    let effects = update(&mut s, Action::Key(Act::Confirm));
    assert!(
        matches!(
            &effects[..],
            [Effect::Command(Command::Compensate { lead: Some(l), .. }), ..] if l == "olga"
        ),
        "{effects:?}"
    );
    // It is offered to the buyer through a draft, kept and stored at once.
    assert!(effects.iter().any(|e| matches!(e, Effect::KeepDraft(_))));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Command(Command::SaveDraft { .. })))
    );
    let draft = &s.drafts[&s.selected.unwrap()];
    assert_eq!(draft.template.as_deref(), Some("compensation_offer"));
    assert!(draft.text.contains("300"), "{}", draft.text);
}

#[test]
fn a_greyed_option_stays_in_the_picker_and_says_why() {
    let mut s = state();
    on_tab(&mut s, DetailTab::Reroute);
    update(&mut s, Action::Key(Act::ActOnTab));
    let p = s.mode.picker_mut().unwrap();
    let Some(at) = p.choices.iter().position(|c| !c.available) else {
        return;
    };
    p.cursor = at;
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode.keys(), KeyMode::Pick);
    assert!(s.error().is_some());
}

#[test]
fn read_only_refuses_every_acting_key() {
    let mut s = state();
    s.read_only = true;
    for a in [
        Action::Key(Act::ActOnTab),
        Action::Key(Act::Mark),
        Action::Key(Act::Note),
        Action::Key(Act::SkipStep),
        Action::Key(Act::SendDraft),
        Action::Key(Act::InlineEdit),
    ] {
        assert!(update(&mut s, a.clone()).is_empty(), "{a:?}");
        assert_eq!(s.mode.keys(), KeyMode::Normal, "{a:?}");
    }
}

#[test]
fn a_draft_is_dropped_once_the_outbox_holds_its_text() {
    let mut s = state();
    let id = s.selected.unwrap();
    set_draft(&mut s, id, "Здравствуйте!".into());
    let mut view = s.selected_view().unwrap().clone();
    view.writes.push(crate::cache::OutboxRow {
        id: 1,
        key: "k".into(),
        created_at: afternoon(),
        created_by: "anna".into(),
        incident_id: None,
        order_id: Some(id),
        campaign_id: None,
        business_id: None,
        kind: "chat_message".into(),
        payload: r#"{"text":"Здравствуйте!"}"#.into(),
        state: crate::cache::OutboxState::Queued,
        attempts: 0,
        next_at: afternoon(),
        last_error: None,
        answer: None,
        finished_at: None,
        worker: None,
    });
    update(&mut s, Action::IncidentLoaded(id, Box::new(view)));
    assert!(!s.drafts.contains_key(&id));
}

#[test]
fn compensation_chosen_through_a_on_another_tab_names_the_order_amount_and_tab() {
    let mut s = state();
    // The incident's current step is Compensate: `a` on the Incident tab goes there.
    let (_, view) = s.incident.as_mut().unwrap();
    let inc = view.incident.as_mut().unwrap();
    let mut states = crate::domain::incident::steps::StepStates::new();
    for step in [Step::Verify, Step::Notify, Step::Reroute] {
        crate::domain::incident::steps::complete(&mut states, step, None, "anna", s.now);
    }
    inc.steps = states;
    on_tab(&mut s, DetailTab::Incident);
    update(&mut s, Action::Key(Act::ActOnTab));
    assert_eq!(s.detail_tab, DetailTab::Compensation);
    update(&mut s, Action::Key(Act::Confirm));
    let Some(Pending::Compensation(c)) = s.mode.pending() else {
        panic!("a compensation confirm: {:?}", s.mode.pending())
    };
    assert_eq!(
        c.origin,
        format!("Order {ID} · a on the Incident tab went to Compensation")
    );
    assert!(c.amount > crate::base::money::Money::ZERO);
}

/// The service's answer to a bulk check: `refused` may not get the write.
fn checked(ids: &[i64], refused: &[i64]) -> Action {
    use crate::service::command::OrderVerdict;
    use crate::service::{Done, Outcome};
    let verdicts = ids
        .iter()
        .map(|&order_id| OrderVerdict {
            order_id,
            blocking: if refused.contains(&order_id) {
                vec![Msg::new("перенос уже 3 раза", "3 of 3 date moves used")]
            } else {
                vec![]
            },
            warnings: vec![],
        })
        .collect();
    Action::Replied(Box::new(crate::app::tui::action::Replied {
        cmd: Command::Check {
            order_ids: ids.to_vec(),
            action: WriteAction::TransferToNextShipment,
        },
        reply: Ok(Outcome {
            order_id: ids.first().copied(),
            done: Done::Checked { verdicts },
            notice: Msg::new("", ""),
        }),
    }))
}

/// The three orders of the fixture marked, the first selected, its detail loaded.
fn three_marked() -> AppState {
    let mut s = state();
    let ids: Vec<i64> = s.visible_rows().map(|r| r.order.order_id).collect();
    s.marked = ids.into_iter().collect();
    s
}

#[test]
fn a_date_move_with_three_orders_marked_goes_to_each_the_rules_allow_after_the_count() {
    let mut s = three_marked();
    on_tab(&mut s, DetailTab::Reroute);
    update(&mut s, Action::Key(Act::ActOnTab));
    let at = s
        .mode
        .picker()
        .unwrap()
        .choices
        .iter()
        .position(|c| c.available)
        .expect("the date move offered for the marked orders");
    for _ in 0..at {
        update(&mut s, Action::Key(Act::MoveDown));
    }
    update(&mut s, Action::Key(Act::Confirm));
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode.keys(), KeyMode::Input, "the new date");
    let effects = update(&mut s, crate::app::tui::testing::enter());
    let Some(Pending::Write(w)) = s.mode.pending() else {
        panic!("a write confirm: {:?} {:?}", s.mode.pending(), s.error())
    };
    assert_eq!(w.writes.len(), 3, "the confirm describes all three");
    assert!(
        w.writes
            .iter()
            .all(|(_, a)| matches!(a, WriteAction::MoveDeliveryDate { .. }))
    );
    let ids: Vec<i64> = w.writes.iter().map(|(id, _)| *id).collect();
    assert!(matches!(
        &effects[..],
        [Effect::Command(Command::Check { .. })]
    ));
    // The third has used its budget: it leaves the dialog, named, and the count is 2.
    update(&mut s, checked(&ids, &[ids[2]]));
    let Some(Pending::Write(w)) = s.mode.pending() else {
        panic!("the confirm stays")
    };
    assert_eq!(w.writes.len(), 2);
    assert_eq!(w.refused.len(), 1);
    assert_eq!(w.refused[0].0, ids[2]);
    update(&mut s, crate::app::tui::testing::ch('3'));
    assert!(
        update(&mut s, Action::Key(Act::Confirm)).is_empty(),
        "3 is not the count"
    );
    update(&mut s, crate::app::tui::testing::backspace());
    update(&mut s, crate::app::tui::testing::ch('2'));
    let effects = update(&mut s, Action::Key(Act::Confirm));
    let [Effect::Write(writes)] = &effects[..] else {
        panic!("one write effect: {effects:?}")
    };
    let sent: Vec<i64> = writes.iter().map(|(id, _)| *id).collect();
    assert_eq!(sent, ids[..2].to_vec(), "a write for each allowed order");
}

#[test]
fn acts_on_one_order_are_not_offered_while_orders_are_marked() {
    let mut s = three_marked();
    for action in [
        Action::Key(Act::StepDone),
        Action::Key(Act::CloseIncident),
        Action::Key(Act::Note),
        Action::Key(Act::SkipStep),
        Action::Key(Act::LogCall),
        Action::Key(Act::Claim),
    ] {
        s.notices.clear();
        assert!(update(&mut s, action.clone()).is_empty(), "{action:?}");
        assert_eq!(s.mode.keys(), KeyMode::Normal, "{action:?}");
        let e = s.error().unwrap_or_default();
        assert!(e.contains("3 orders marked"), "{action:?}: {e}");
    }
    on_tab(&mut s, DetailTab::Compensation);
    update(&mut s, Action::Key(Act::ActOnTab));
    assert!(s.mode.picker().is_none(), "compensation is one incident's");
    // On the Reroute tab the options for one order only are greyed with why.
    on_tab(&mut s, DetailTab::Reroute);
    update(&mut s, Action::Key(Act::ActOnTab));
    let p = s.mode.picker().expect("the reroute picker");
    let greyed: Vec<&str> = p
        .choices
        .iter()
        .filter(|c| {
            c.why_not
                .as_deref()
                .is_some_and(|w| w.contains("3 orders marked"))
        })
        .map(|c| c.label.as_str())
        .collect();
    assert!(!greyed.is_empty(), "{:?}", p.choices);
    update(&mut s, Action::Key(Act::Back));
    update(&mut s, Action::Key(Act::ClearMarks));
    assert!(s.marked.is_empty());
    update(&mut s, Action::Key(Act::Note));
    assert_eq!(
        s.mode.keys(),
        KeyMode::Input,
        "with no marks the note opens"
    );
}

/// The template the picker's cursor is on, and the picker's language.
fn template_under_cursor(s: &AppState) -> (String, Lang) {
    let p = s.mode.picker().expect("the template picker");
    let PickFor::Template { lang, .. } = p.purpose else {
        panic!("not the template picker: {:?}", p.purpose)
    };
    (p.choices[p.cursor].label.clone(), lang)
}

fn title_of(s: &AppState, name: &str, lang: Lang) -> String {
    s.templates
        .iter()
        .find(|t| t.name == name && t.lang == lang)
        .map(|t| t.title.clone())
        .expect("a shipped template")
}

fn with_rule(s: &mut AppState, rule: &str) {
    let (_, view) = s.incident.as_mut().unwrap();
    view.incident.as_mut().unwrap().first_rule = Some(rule.into());
}

#[test]
fn the_template_picker_starts_on_the_template_for_the_incidents_rule() {
    let mut s = state();
    with_rule(&mut s, "delivery_overdue");
    on_tab(&mut s, DetailTab::Contact);
    update(&mut s, Action::Key(Act::ActOnTab));
    let (label, lang) = template_under_cursor(&s);
    assert_eq!(label, title_of(&s, "delay_apology", lang));
    let mut s = state();
    with_rule(&mut s, "cancel_request_pending");
    on_tab(&mut s, DetailTab::Contact);
    update(&mut s, Action::Key(Act::ActOnTab));
    let (label, lang) = template_under_cursor(&s);
    assert_eq!(label, title_of(&s, "cancellation_answer", lang));
}

#[test]
fn the_message_language_follows_the_buyer_and_tab_switches_it() {
    let mut s = state();
    on_tab(&mut s, DetailTab::Contact);
    update(&mut s, Action::Key(Act::ActOnTab));
    assert_eq!(template_under_cursor(&s).1, Lang::Ru, "no message: Russian");
    update(&mut s, Action::Key(Act::Back));
    let (_, view) = s.incident.as_mut().unwrap();
    view.chat.push(crate::cache::StoredChatMessage {
        chat_id: 1,
        message_id: 1,
        created_at: s.now,
        sender: "CUSTOMER".into(),
        text: "Where is my parcel?".into(),
    });
    update(&mut s, Action::Key(Act::ActOnTab));
    assert_eq!(
        template_under_cursor(&s).1,
        Lang::En,
        "the buyer wrote in English"
    );
    update(&mut s, Action::Key(Act::SwitchLang));
    assert_eq!(
        template_under_cursor(&s).1,
        Lang::Ru,
        "the agent switched it"
    );
}

#[test]
fn choosing_another_template_over_an_edited_draft_asks_first() {
    let mut s = state();
    let id = s.selected.unwrap();
    on_tab(&mut s, DetailTab::Contact);
    update(&mut s, Action::Key(Act::InlineEdit));
    crate::app::tui::testing::type_text(&mut s, "my own words");
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.drafts[&id].text, "my own words");
    update(&mut s, Action::Key(Act::ActOnTab));
    update(&mut s, Action::Key(Act::Confirm));
    assert!(
        matches!(s.mode.pending(), Some(Pending::ReplaceDraft { .. })),
        "{:?}",
        s.mode
    );
    assert_eq!(s.drafts[&id].text, "my own words", "kept until y");
}

#[test]
fn the_signature_is_the_agents_display_name_never_the_login() {
    let mut s = state();
    s.signature = Some("Анна Смирнова".into());
    let id = s.selected.unwrap();
    on_tab(&mut s, DetailTab::Contact);
    update(&mut s, Action::Key(Act::ActOnTab));
    update(&mut s, Action::Key(Act::Confirm));
    let text = &s.drafts[&id].text;
    assert!(text.contains("Анна Смирнова"), "{text}");
    assert!(!text.contains(&s.me), "{text}");
}

#[test]
fn a_on_step_one_opens_the_carrier_inquiry_with_the_carriers_contacts() {
    let mut s = state();
    let id = s.selected.unwrap();
    on_tab(&mut s, DetailTab::Order);
    update(&mut s, Action::Key(Act::ActOnTab));
    assert_eq!(s.detail_tab, DetailTab::Contact);
    assert!(s.mode.picker().is_none(), "not the Reroute picker");
    assert_eq!(s.drafts[&id].template.as_deref(), Some("carrier_inquiry"));
    assert!(
        s.last_notice()
            .is_some_and(|n| n.contains("carrier_inquiry") || n.contains("drafted"))
    );
}
