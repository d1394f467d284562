//! The one `Action` enum: every change of the dashboard's state is one of these, whether
//! it came from a key, a background task or the clock. `update` is its only reader.

use chrono::{DateTime, Utc};

use super::state::{IncidentView, Snapshot};
use crate::cache::Event;

/// Something that changes the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    // Moving in the list.
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    // Sections (At risk / Undelivered / Mine / All / views from the config).
    NextSection,
    PrevSection,
    GoToSection(usize),
    // The filter line.
    StartFilter,
    FilterChar(char),
    FilterBackspace,
    FilterAccept,
    FilterCancel,
    CycleSort,
    // The detail pane.
    NextTab,
    PrevTab,
    ToggleDetail,
    /// Re-fetch the selected order from the Market now.
    Refetch,
    /// Refresh the cache now.
    Refresh,
    ToggleHelp,
    /// `c`: claim the selected order (asks before taking it from another agent).
    Claim,
    /// `n`: mark the incident's current step done.
    StepDone,
    /// `C`: close the incident: pick a root cause first.
    CloseIncident,
    /// `y` in a confirm dialog.
    Confirm,
    /// Esc: close what is open (help, filter, a dialog), or leave.
    Back,
    Quit,
    // From background work and the clock.
    DataLoaded(Box<Snapshot>),
    TimelineLoaded(i64, Vec<Event>),
    IncidentLoaded(i64, Box<IncidentView>),
    SyncProgress(String),
    SyncFinished(Result<String, String>),
    Error(String),
    Tick(DateTime<Utc>),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
}

impl Action {
    /// The name a keymap uses for a key-driven action; `None` for the others.
    pub fn name(&self) -> Option<&'static str> {
        Some(match self {
            Action::MoveDown => "move_down",
            Action::MoveUp => "move_up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::NextSection => "next_section",
            Action::PrevSection => "prev_section",
            Action::StartFilter => "filter",
            Action::CycleSort => "cycle_sort",
            Action::NextTab => "next_tab",
            Action::PrevTab => "prev_tab",
            Action::ToggleDetail => "toggle_detail",
            Action::Refetch => "refetch",
            Action::Refresh => "refresh",
            Action::ToggleHelp => "help",
            Action::Claim => "claim",
            Action::StepDone => "step_done",
            Action::CloseIncident => "close_incident",
            Action::Confirm => "confirm",
            Action::Back => "back",
            Action::Quit => "quit",
            _ => return None,
        })
    }

    /// The names of the key-driven actions, in the order help lists them.
    pub const NAMES: [&'static str; 22] = [
        "move_down",
        "move_up",
        "page_down",
        "page_up",
        "top",
        "bottom",
        "next_section",
        "prev_section",
        "filter",
        "cycle_sort",
        "next_tab",
        "prev_tab",
        "toggle_detail",
        "refetch",
        "refresh",
        "claim",
        "step_done",
        "close_incident",
        "help",
        "confirm",
        "back",
        "quit",
    ];

    /// Whether the action changes shared state (a claim, a write to the Market):
    /// read-only mode refuses exactly these, in one place.
    pub fn is_acting(&self) -> bool {
        matches!(
            self,
            Action::Claim | Action::StepDone | Action::CloseIncident
        )
    }

    /// The key-driven action of this name.
    pub fn from_name(name: &str) -> Option<Action> {
        const ALL: [Action; 22] = [
            Action::MoveDown,
            Action::MoveUp,
            Action::PageDown,
            Action::PageUp,
            Action::Top,
            Action::Bottom,
            Action::NextSection,
            Action::PrevSection,
            Action::StartFilter,
            Action::CycleSort,
            Action::NextTab,
            Action::PrevTab,
            Action::ToggleDetail,
            Action::Refetch,
            Action::Refresh,
            Action::Claim,
            Action::StepDone,
            Action::CloseIncident,
            Action::ToggleHelp,
            Action::Confirm,
            Action::Back,
            Action::Quit,
        ];
        ALL.into_iter().find(|a| a.name() == Some(name))
    }
}

/// Work the event loop must start after an update: I/O, never done inside `update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    LoadTimeline(i64),
    /// Claim the order; `take_over` after the agent confirmed taking it from another.
    Claim {
        order_id: i64,
        take_over: bool,
    },
    /// Mark the current step of an incident done, if it is still at `version`.
    StepDone {
        order_id: i64,
        incident_id: i64,
        version: i64,
    },
    /// Close an incident with a root cause, if it is still at `version`.
    Close {
        order_id: i64,
        incident_id: i64,
        version: i64,
        cause: String,
    },
    RefetchOrder(i64),
    RefreshNow,
}
