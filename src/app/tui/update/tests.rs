//! `update` without a terminal: navigation, filter, sort, sections, and the selection
//! kept on the same order across a refresh that reorders the rows.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::select;
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::state::{Row, Section, Snapshot, SortKey};
use crate::base::lang::Lang;
use crate::domain::incident::steps::RootCause;
use crate::domain::order::{History, Order};
use crate::domain::risk::{Thresholds, assess};
use crate::market::enums::{
    DeliveryPartnerType, DeliveryType, OrderStatus, OrderSubstatus, ProgramType,
};
use crate::service::Command;

fn now() -> DateTime<Utc> {
    "2026-11-26T11:00:00Z".parse().unwrap()
}

fn order(id: i64, status: OrderStatus, sub: OrderSubstatus, due_days: i64, city: &str) -> Order {
    let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    Order {
        order_id: id,
        campaign_id: 21,
        business_id: 7,
        model: ProgramType::DBS,
        status,
        substatus: sub,
        created_at: now() - Duration::days(5),
        updated_at: Some(now() - Duration::hours(1)),
        ship_date: None,
        ship_time: None,
        due_from: Some(today + Duration::days(due_days)),
        due_to: Some(today + Duration::days(due_days)),
        real_delivery_date: None,
        delivery_type: DeliveryType::DELIVERY,
        partner: DeliveryPartnerType::SHOP,
        carrier_id: 51,
        carrier: "СДЭК".into(),
        tracks: vec![format!("TRK{id}")],
        region: Some("Московская область".into()),
        city: Some(city.into()),
        value: crate::base::money::Money::from_rubles(1000 + id),
        currency: "RUR".into(),
        buyer_name: None,
        cancel_requested: false,
        estimated: false,
        storage_limit: None,
        expiry: None,
        items_lost: false,
        items: Vec::new(),
    }
}

fn row(o: Order, claimed: Option<&str>) -> Row {
    let assessment = assess(&o, &History::default(), now(), &Thresholds::default());
    select::row(o, assessment, claimed.map(str::to_owned))
}

/// Orders 1..=6: 1–3 overdue (at risk), 4 undelivered, 5–6 fine; 2 claimed by me.
fn rows() -> Vec<Row> {
    use OrderStatus as S;
    use OrderSubstatus as Sub;
    vec![
        row(
            order(1, S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED, -3, "Казань"),
            None,
        ),
        row(
            order(2, S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED, -1, "Москва"),
            Some("agent1"),
        ),
        row(order(3, S::PROCESSING, Sub::STARTED, -2, "Тверь"), None),
        row(
            order(
                4,
                S::CANCELLED,
                Sub::DELIVERY_SERVICE_UNDELIVERED,
                -4,
                "Омск",
            ),
            None,
        ),
        row(
            order(5, S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED, 3, "Москва"),
            None,
        ),
        row(order(6, S::PROCESSING, Sub::STARTED, 4, "Сочи"), None),
    ]
}

fn loaded(rows: Vec<Row>) -> AppState {
    let mut s = AppState::new(Lang::En, "agent1".into(), vec![], now());
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            delta: false,
            complete: true,
            outbox: None,
            rows,
            now: now(),
            last_sync: Some(synced()),
            lease: None,
            failing: None,
            buyer_wrote: None,
        })),
    );
    s
}

/// A sync that ended now.
fn synced() -> crate::cache::SyncRun {
    crate::cache::SyncRun {
        started_at: now(),
        finished_at: now(),
        ok: true,
        ..Default::default()
    }
}

fn ids(s: &AppState) -> Vec<i64> {
    s.visible_rows().map(|r| r.order.order_id).collect()
}

#[test]
fn at_risk_section_lists_every_matched_order_undelivered_too_worst_first_and_counts_every_section()
{
    let s = loaded(rows());
    // "At risk" is every order a rule matches, as `status` counts it; the undelivered
    // one (4) is also in its own section.
    assert_eq!(ids(&s), vec![1, 3, 2, 4]);
    assert_eq!(s.counts, vec![4, 1, 1, 6]);
    assert_eq!(s.selected, Some(1));
}

#[test]
fn moving_stops_at_the_ends_and_loads_the_timeline_of_the_new_selection() {
    let mut s = loaded(rows());
    assert_eq!(
        update(&mut s, Action::Key(Act::MoveDown)),
        vec![Effect::LoadTimeline(3)]
    );
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::MoveDown));
    assert!(
        update(&mut s, Action::Key(Act::MoveDown)).is_empty(),
        "already at the bottom"
    );
    assert_eq!(s.selected, Some(4));
    update(&mut s, Action::Key(Act::Top));
    assert_eq!(s.selected, Some(1));
    update(&mut s, Action::Key(Act::MoveUp));
    assert_eq!(s.cursor, 0);
    update(&mut s, Action::Key(Act::Bottom));
    assert_eq!(s.selected, Some(4));
}

#[test]
fn filter_narrows_as_you_type_and_escape_restores_the_list() {
    let mut s = loaded(rows());
    update(&mut s, Action::GoToSection(3));
    update(&mut s, Action::Key(Act::Filter));
    for c in "сочи".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    assert_eq!(ids(&s), vec![6]);
    update(&mut s, crate::app::tui::testing::backspace());
    assert_eq!(s.filter, "соч");
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.filter, "");
    assert_eq!(ids(&s).len(), 6);
}

#[test]
fn field_terms_filter_by_rule_and_track() {
    let mut s = loaded(rows());
    update(&mut s, Action::GoToSection(3));
    update(&mut s, Action::Key(Act::Filter));
    for c in "rule:delivery_overdue trk1".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    assert_eq!(ids(&s), vec![1]);
}

#[test]
fn sort_cycles_and_value_sort_puts_the_largest_first() {
    let mut s = loaded(rows());
    update(&mut s, Action::GoToSection(3));
    update(&mut s, Action::Key(Act::CycleSort));
    assert_eq!(s.sort, SortKey::Due);
    update(&mut s, Action::Key(Act::CycleSort));
    assert_eq!(s.sort, SortKey::Value);
    assert_eq!(ids(&s), vec![6, 5, 4, 3, 2, 1]);
}

#[test]
fn sections_switch_and_wrap_around() {
    let mut s = loaded(rows());
    update(&mut s, Action::Key(Act::NextSection));
    assert_eq!(ids(&s), vec![4]);
    update(&mut s, Action::Key(Act::NextSection));
    assert_eq!(ids(&s), vec![2], "Mine: claimed by agent1");
    update(&mut s, Action::Key(Act::PrevSection));
    update(&mut s, Action::Key(Act::PrevSection));
    update(&mut s, Action::Key(Act::PrevSection));
    assert_eq!(s.section, 3);
}

#[test]
fn a_view_from_the_config_is_a_section_with_its_filter() {
    let view = Section::View {
        name: "Moscow".into(),
        filter: "city:москва".into(),
        sort: SortKey::OrderId,
    };
    let mut s = AppState::new(Lang::Ru, "agent1".into(), vec![view], now());
    update(
        &mut s,
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
    update(&mut s, Action::GoToSection(4));
    assert_eq!(ids(&s), vec![2, 5]);
}

#[test]
fn selection_stays_on_the_same_order_across_a_refresh_that_reorders_rows() {
    let mut s = loaded(rows());
    update(&mut s, Action::Key(Act::MoveDown));
    assert_eq!(s.selected, Some(3));
    // The refresh makes order 2 the most overdue and order 3 newly due far ahead.
    let mut fresh = rows();
    fresh[1] = row(
        order(
            2,
            OrderStatus::DELIVERY,
            OrderSubstatus::DELIVERY_SERVICE_RECEIVED,
            -9,
            "Москва",
        ),
        Some("agent1"),
    );
    fresh.reverse();
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            delta: false,
            complete: true,
            outbox: None,
            rows: fresh,
            now: now(),
            last_sync: None,
            lease: None,
            failing: None,
            buyer_wrote: None,
        })),
    );
    assert_eq!(ids(&s), vec![2, 1, 3, 4]);
    assert_eq!(s.selected, Some(3));
    assert_eq!(s.cursor, 2);
    let changed: Vec<i64> = s
        .rows
        .iter()
        .filter(|r| r.changed)
        .map(|r| r.order.order_id)
        .collect();
    assert_eq!(
        changed,
        vec![2],
        "only the order whose dates moved is marked"
    );
}

#[test]
fn escape_closes_help_and_then_leaves_the_dashboard_running() {
    let mut s = loaded(rows());
    update(&mut s, Action::Key(Act::Help));
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    update(&mut s, Action::Key(Act::Back));
    assert!(!s.quit, "Esc on the bare list never quits");
    assert_eq!(s.mode.keys(), KeyMode::Normal);
}

#[test]
fn refetch_asks_for_the_selected_order() {
    let mut s = loaded(rows());
    assert_eq!(
        update(&mut s, Action::Key(Act::Refetch)),
        vec![Effect::RefetchOrder(1)]
    );
}

#[test]
fn escape_clears_a_remaining_filter_and_then_does_nothing() {
    let mut s = loaded(rows());
    update(&mut s, Action::Key(Act::Filter));
    update(&mut s, crate::app::tui::testing::ch('1'));
    update(&mut s, crate::app::tui::testing::enter());
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.filter, "");
    update(&mut s, Action::Key(Act::Back));
    assert!(!s.quit);
}

#[test]
fn claiming_a_free_order_asks_the_store_to_claim_it() {
    let mut s = loaded(rows());
    assert_eq!(
        update(&mut s, Action::Key(Act::Claim)),
        vec![Effect::Command(Command::Claim {
            order_id: 1,
            take_over: false
        })]
    );
}

#[test]
fn taking_over_another_agents_order_asks_first_and_esc_cancels() {
    let mut fresh = rows();
    fresh[0].claimed_by = Some("agent2".into());
    let mut s = loaded(fresh);
    assert!(
        update(&mut s, Action::Key(Act::Claim)).is_empty(),
        "nothing happens before the answer"
    );
    assert_eq!(s.mode.keys(), KeyMode::Confirm);
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(s.mode.pending().is_none());
    update(&mut s, Action::Key(Act::Claim));
    assert_eq!(
        update(&mut s, Action::Key(Act::Confirm)),
        vec![Effect::Command(Command::Claim {
            order_id: 1,
            take_over: true
        })]
    );
}

#[test]
fn read_only_refuses_acting_keys_in_one_place() {
    let mut s = loaded(rows());
    s.read_only = true;
    assert!(update(&mut s, Action::Key(Act::Claim)).is_empty());
    assert!(s.error().is_some());
    assert!(
        !update(&mut s, Action::Key(Act::MoveDown)).is_empty(),
        "reading still works"
    );
}

#[test]
fn detail_tabs_cycle_through_every_tab_and_wrap_around() {
    let mut s = loaded(rows());
    update(&mut s, Action::Key(Act::NextTab));
    update(&mut s, Action::Key(Act::NextTab));
    assert_eq!(s.detail_tab, DetailTab::Incident);
    for _ in 0..DetailTab::ALL.len() - 2 {
        update(&mut s, Action::Key(Act::NextTab));
    }
    assert_eq!(s.detail_tab, DetailTab::Order);
    update(&mut s, Action::Key(Act::PrevTab));
    assert_eq!(s.detail_tab, DetailTab::Status);
}

fn with_open_incident(s: &mut AppState) {
    let id = s.selected.unwrap();
    let incident = crate::cache::Incident {
        id: 9,
        order_id: id,
        version: 4,
        ..Default::default()
    };
    let view = crate::app::tui::state::IncidentView {
        incident: Some(incident),
        ..Default::default()
    };
    update(s, Action::IncidentLoaded(id, Box::new(view)));
}

#[test]
fn step_done_names_the_incident_and_the_version_it_saw() {
    let mut s = loaded(rows());
    assert!(
        update(&mut s, Action::Key(Act::StepDone)).is_empty(),
        "no incident loaded yet"
    );
    assert!(s.error().is_some());
    with_open_incident(&mut s);
    assert!(update(&mut s, Action::Key(Act::StepDone)).is_empty());
    assert_eq!(s.mode.keys(), KeyMode::Input, "asks what came of it");
    assert_eq!(
        update(&mut s, crate::app::tui::testing::enter()),
        vec![Effect::Command(Command::StepDone {
            order_id: 1,
            version: 4,
            outcome: None
        })]
    );
}

#[test]
fn closing_picks_a_root_cause_with_the_move_keys_then_enter() {
    let mut s = loaded(rows());
    with_open_incident(&mut s);
    assert!(update(&mut s, Action::Key(Act::CloseIncident)).is_empty());
    assert_eq!(s.mode.keys(), KeyMode::Confirm, "steps left: close anyway?");
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode.keys(), KeyMode::Confirm);
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::MoveUp));
    assert_eq!(
        s.selected,
        Some(1),
        "the list did not move under the dialog"
    );
    let cause = RootCause::ALL[1];
    assert!(update(&mut s, Action::Key(Act::Confirm)).is_empty());
    assert_eq!(s.mode.keys(), KeyMode::Input, "asks the lesson");
    for c in "check tracks daily".chars() {
        update(&mut s, crate::app::tui::testing::ch(c));
    }
    assert_eq!(
        update(&mut s, crate::app::tui::testing::enter()),
        vec![Effect::Command(Command::Close {
            order_id: 1,
            version: 4,
            cause,
            lesson: Some("check tracks daily".into())
        })]
    );
    assert_eq!(s.mode.keys(), KeyMode::Normal);
}

#[test]
fn a_delta_merges_into_the_list_keeps_the_selection_resorts_and_marks_only_what_it_brought() {
    use OrderStatus as S;
    use OrderSubstatus as Sub;
    let mut s = loaded(rows());
    update(&mut s, Action::Key(Act::MoveDown));
    assert_eq!(s.selected, Some(3));
    // Order 2 is now the most overdue; a new order 9 arrives.
    let changed = vec![
        row(
            order(2, S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED, -9, "Москва"),
            Some("agent1"),
        ),
        row(order(9, S::PROCESSING, Sub::STARTED, -1, "Уфа"), None),
    ];
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            delta: true,
            complete: true,
            outbox: None,
            rows: changed,
            now: now(),
            last_sync: None,
            lease: None,
            failing: None,
            buyer_wrote: None,
        })),
    );
    assert_eq!(
        s.rows.len(),
        rows().len() + 1,
        "replaced in place, one added"
    );
    assert_eq!(ids(&s)[0], 2, "re-sorted: the most overdue first");
    assert_eq!(s.selected, Some(3), "the selection stays on its order");
    let marked: Vec<i64> = s
        .rows
        .iter()
        .filter(|r| r.changed)
        .map(|r| r.order.order_id)
        .collect();
    assert_eq!(marked.len(), 2);
    assert!(marked.contains(&2) && marked.contains(&9));
    // A load that brings nothing leaves the list and its marks alone.
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            delta: true,
            complete: true,
            ..Snapshot::default()
        })),
    );
    assert_eq!(s.rows.iter().filter(|r| r.changed).count(), 2);
}

#[test]
fn rows_a_first_sync_brings_into_an_empty_cache_are_not_marked_changed_but_later_ones_are() {
    use OrderStatus as S;
    use OrderSubstatus as Sub;
    let delta = |rows: Vec<Row>, last_sync: Option<crate::cache::SyncRun>| {
        Action::DataLoaded(Box::new(Snapshot {
            delta: true,
            complete: true,
            rows,
            now: now(),
            last_sync,
            ..Snapshot::default()
        }))
    };
    // The dashboard opened an empty cache that no sync had filled yet.
    let mut s = AppState::new(Lang::En, "agent1".into(), vec![], now());
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            complete: true,
            now: now(),
            ..Snapshot::default()
        })),
    );
    // The first sync's pages arrive, the last of them as the sync ends.
    update(&mut s, delta(rows()[..2].to_vec(), None));
    update(&mut s, delta(rows()[2..].to_vec(), Some(synced())));
    assert_eq!(s.rows.len(), rows().len());
    assert_eq!(
        s.rows.iter().filter(|r| r.changed).count(),
        0,
        "the cache filling up is not a change"
    );
    // Once synced, an order that arrives is new.
    update(
        &mut s,
        delta(
            vec![row(order(9, S::PROCESSING, Sub::STARTED, -1, "Уфа"), None)],
            Some(synced()),
        ),
    );
    let marked: Vec<i64> = s
        .rows
        .iter()
        .filter(|r| r.changed)
        .map(|r| r.order.order_id)
        .collect();
    assert_eq!(marked, vec![9]);
}

#[test]
fn the_selection_follows_the_top_of_the_list_until_the_agent_presses_a_key_then_stays_on_its_order()
{
    use OrderStatus as S;
    use OrderSubstatus as Sub;
    let urgent = |id: i64, days: i64| {
        Action::DataLoaded(Box::new(Snapshot {
            delta: true,
            complete: true,
            rows: vec![row(
                order(
                    id,
                    S::DELIVERY,
                    Sub::DELIVERY_SERVICE_RECEIVED,
                    days,
                    "Москва",
                ),
                None,
            )],
            now: now(),
            last_sync: Some(synced()),
            ..Snapshot::default()
        }))
    };
    let mut s = loaded(rows());
    let top = ids(&s)[0];
    assert_eq!(s.selected, Some(top));
    // A more urgent order arrives before the agent has touched the list.
    update(&mut s, urgent(20, -9));
    assert_eq!(ids(&s)[0], 20);
    assert_eq!(
        (s.selected, s.cursor),
        (Some(20), 0),
        "the top, as it is now"
    );
    // Once the agent has moved, the selection stays on the order chosen.
    update(&mut s, Action::Key(Act::MoveDown));
    let chosen = s.selected;
    update(&mut s, urgent(21, -12));
    assert_eq!(ids(&s)[0], 21);
    assert_eq!(s.selected, chosen);
    assert_eq!(s.cursor, 2, "pushed down by the new top");
    // Any key counts, not only a move: an order acted on at the top stays selected.
    let mut s = loaded(rows());
    update(&mut s, Action::Key(Act::NextTab));
    update(&mut s, urgent(22, -12));
    assert_eq!(ids(&s)[0], 22);
    assert_eq!((s.selected, s.cursor), (Some(top), 1));
}
