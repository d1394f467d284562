//! What the pure tests of the dashboard share: a dashboard on the All section showing
//! three DBS orders in PROCESSING, the first selected with its detail and an open
//! incident loaded.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::app::tui::action::Action;
use crate::app::tui::dialog::{Input, Picker};
use crate::app::tui::select;
use crate::app::tui::state::{AppState, DetailTab, IncidentView, Mode, Row, Snapshot};
use crate::app::tui::text::TextInput;
use crate::app::tui::update::update;
use crate::base::lang::Lang;
use crate::cache::Incident;
use crate::domain::incident::fixtures::{afternoon, dbs};
use crate::domain::order::History;
use crate::domain::risk::{Thresholds, assess};
use crate::market::enums::{OrderStatus as S, OrderSubstatus as Sub};

/// The first order's id.
pub const ID: i64 = 48_356_963_868;

pub fn row(order: crate::domain::order::Order) -> Row {
    let assessment = assess(
        &order,
        &History::default(),
        afternoon(),
        &Thresholds::default(),
    );
    select::row(order, assessment, None)
}

/// A dashboard on the All section showing three DBS orders in PROCESSING (the first
/// selected), with the selected one's detail loaded and an open incident.
pub fn state() -> AppState {
    let mut s = AppState::new(Lang::En, "anna".into(), vec![], afternoon());
    let orders: Vec<Row> = (0..3)
        .map(|i| {
            let mut o = dbs(S::PROCESSING, Sub::STARTED);
            o.order_id = ID + i;
            row(o)
        })
        .collect();
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            rows: orders,
            complete: true,
            now: afternoon(),
            ..Snapshot::default()
        })),
    );
    update(&mut s, Action::GoToSection(3));
    let id = s.selected.expect("a selected order");
    let order = s.selected_row().unwrap().order.clone();
    let view = IncidentView {
        incident: Some(Incident {
            id: 1,
            order_id: id,
            version: 3,
            ..Incident::default()
        }),
        order: Some((order, History::default())),
        ..IncidentView::default()
    };
    update(&mut s, Action::IncidentLoaded(id, Box::new(view)));
    s
}

pub fn on_tab(s: &mut AppState, tab: DetailTab) {
    s.detail_tab = tab;
}

/// A key typed into the text that is open.
pub fn ch(c: char) -> Action {
    Action::Text(KeyEvent::from(KeyCode::Char(c)))
}

/// Enter in the text that is open.
pub fn enter() -> Action {
    Action::Text(KeyEvent::from(KeyCode::Enter))
}

/// Backspace in the text that is open.
pub fn backspace() -> Action {
    Action::Text(KeyEvent::from(KeyCode::Backspace))
}

/// Types `text` key by key into what is open.
pub fn type_text(s: &mut AppState, text: &str) {
    for c in text.chars() {
        update(s, ch(c));
    }
}

impl AppState {
    /// The latest notice, if it says something was refused or failed.
    pub fn error(&self) -> Option<String> {
        self.notices
            .last()
            .filter(|n| n.error)
            .map(|n| n.text.clone())
    }

    /// The latest notice.
    pub fn last_notice(&self) -> Option<String> {
        self.notices.last().map(|n| n.text.clone())
    }
}

impl Mode {
    /// The picker open, if one is.
    pub fn picker(&self) -> Option<&Picker> {
        match self {
            Mode::Pick(p) => Some(p),
            _ => None,
        }
    }

    pub fn picker_mut(&mut self) -> Option<&mut Picker> {
        match self {
            Mode::Pick(p) => Some(p),
            _ => None,
        }
    }

    pub fn input_mut(&mut self) -> Option<&mut Input> {
        match self {
            Mode::Input(i) => Some(i),
            _ => None,
        }
    }
}

impl From<&str> for TextInput {
    fn from(text: &str) -> TextInput {
        TextInput::line(text)
    }
}

impl PartialEq<&str> for TextInput {
    fn eq(&self, other: &&str) -> bool {
        self.text() == *other
    }
}
