use chrono::Utc;

use super::*;
#[allow(unused_imports)]
use crate::app::tui::action::Act;
use crate::app::tui::action::Action;
#[allow(unused_imports)]
use crate::app::tui::state::KeyMode;
use crate::app::tui::update::update;
use crate::base::lang::Lang;
use crate::service::report::{Body, CauseRow, Report, SCHEMA};

fn now() -> chrono::DateTime<Utc> {
    "2026-11-26T12:00:00Z".parse().unwrap()
}

fn state() -> AppState {
    AppState::new(Lang::En, "anna".into(), vec![], now())
}

/// A report of the state's period with two causes.
fn report(state: &AppState) -> Box<Report> {
    let cause = |id: &str, count| CauseRow {
        cause: id.into(),
        owner: "carrier".into(),
        count,
        share: 0.5,
        cumulative_share: 1.0,
    };
    Box::new(Report {
        schema: SCHEMA,
        generated_at: String::new(),
        period: state.analysis.period.info(),
        previous_period: state.analysis.period.previous().info(),
        by: state.analysis.by,
        headline: vec![],
        body: Body {
            causes: vec![cause("carrier_delay", 3), cause("lost", 3)],
            ..Body::default()
        },
    })
}

#[test]
fn opening_asks_for_the_report_once() {
    let mut s = state();
    let effects = update(&mut s, Action::Key(Act::Analysis));
    assert_eq!(s.mode.keys(), KeyMode::Analysis);
    assert!(matches!(&effects[..], [Effect::LoadReport { .. }]));
    let r = report(&s);
    update(&mut s, Action::ReportLoaded(r));
    assert!(s.analysis.report.is_some());
    update(&mut s, Action::Key(Act::Back));
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(
        update(&mut s, Action::Key(Act::Analysis)).is_empty(),
        "kept"
    );
}

#[test]
fn the_period_steps_back_and_grows_and_asks_again() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Analysis));
    let week = s.analysis.period;
    let effects = update(&mut s, Action::Key(Act::PeriodBack));
    assert_eq!(s.analysis.period, week.previous());
    assert!(
        matches!(&effects[..], [Effect::LoadReport { period, .. }] if *period == week.previous())
    );
    update(&mut s, Action::Key(Act::PeriodForward));
    assert_eq!(s.analysis.period, week);
    update(&mut s, Action::Key(Act::PeriodLonger));
    assert_eq!(s.analysis.period.days(), 14);
    assert_eq!(s.analysis.period.until(), week.until());
    update(&mut s, Action::Key(Act::PeriodShorter));
    update(&mut s, Action::Key(Act::PeriodShorter));
    assert_eq!(s.analysis.period.days(), 7, "7 days is the shortest");
}

#[test]
fn a_report_for_another_period_is_not_shown() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Analysis));
    let old = report(&s);
    update(&mut s, Action::Key(Act::PeriodBack));
    update(&mut s, Action::ReportLoaded(old));
    assert!(s.analysis.report.is_none());
}

#[test]
fn enter_on_a_cause_asks_for_its_orders_and_they_become_a_section() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Analysis));
    let r = report(&s);
    update(&mut s, Action::ReportLoaded(r));
    update(&mut s, Action::Key(Act::MoveDown));
    update(&mut s, Action::Key(Act::MoveDown));
    assert_eq!(s.analysis.cursor, 1, "stops at the last bar");
    let effects = update(&mut s, Action::Key(Act::Confirm));
    let [Effect::GroupOrders { by, key, name, .. }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!((*by, key.as_str()), (Dimension::Cause, "lost"));
    update(
        &mut s,
        Action::ShowOrders {
            name: name.clone(),
            ids: vec![1, 2],
        },
    );
    assert_eq!(s.mode.keys(), KeyMode::Normal);
    assert!(matches!(&s.sections[s.section], Section::Orders { ids, .. } if ids.len() == 2));
    // A second bar replaces the first one's section.
    update(
        &mut s,
        Action::ShowOrders {
            name: "x".into(),
            ids: vec![3],
        },
    );
    let orders = s
        .sections
        .iter()
        .filter(|x| matches!(x, Section::Orders { .. }))
        .count();
    assert_eq!(orders, 1);
}

#[test]
fn grouping_cycles_through_every_dimension() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Analysis));
    let mut seen = vec![s.analysis.by];
    for _ in 0..4 {
        update(&mut s, Action::Key(Act::CycleBy));
        seen.push(s.analysis.by);
    }
    seen.sort_by_key(|d| format!("{d:?}"));
    seen.dedup();
    assert_eq!(seen.len(), 5);
    update(&mut s, Action::Key(Act::CycleBy));
    assert_eq!(s.analysis.by, Dimension::Cause);
}
