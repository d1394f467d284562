use std::collections::BTreeMap;

use chrono::Duration;

use super::*;
use crate::app::tui::action::Action;
use crate::app::tui::testing::{ID, state};
use crate::app::tui::update::update;
use crate::service::team::{AgentLoad, Team};

fn team() -> Team {
    Team {
        agents: vec![AgentLoad {
            agent: "boris".into(),
            held: BTreeMap::from([("P1", 1)]),
            idle_seconds_max: 600,
            notes_today: 2,
            writes_today: 1,
        }],
        ..Team::default()
    }
}

#[test]
fn capital_t_opens_the_team_screen_and_asks_for_its_figures() {
    let mut s = state();
    let effects = update(&mut s, Action::Key(Act::Team));
    assert!(matches!(s.mode, Mode::Team(_)));
    assert_eq!(effects, vec![Effect::LoadTeam]);
}

#[test]
fn the_figures_are_read_again_every_few_seconds_while_shown() {
    let mut s = state();
    update(&mut s, Action::Key(Act::Team));
    let t0 = s.now;
    let soon = update(&mut s, Action::Tick(t0 + Duration::seconds(1)));
    assert!(!soon.contains(&Effect::LoadTeam));
    let later = update(
        &mut s,
        Action::Tick(t0 + Duration::seconds(REFRESH_SECONDS)),
    );
    assert!(later.contains(&Effect::LoadTeam));
}

#[test]
fn enter_on_an_agent_lists_the_orders_they_hold() {
    let mut s = state();
    s.rows[0].claimed_by = Some("boris".into());
    update(&mut s, Action::Key(Act::Team));
    update(&mut s, Action::TeamLoaded(Box::new(team())));
    update(&mut s, Action::Key(Act::Confirm));
    assert_eq!(s.mode, Mode::Normal);
    let ids: Vec<i64> = s.visible_rows().map(|r| r.order.order_id).collect();
    assert_eq!(ids, vec![ID]);
}
