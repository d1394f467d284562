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
    // Typing into a text input (or the count of a bulk confirm).
    InputChar(char),
    InputBackspace,
    /// Enter in an input: accept a line, or break a line of a draft.
    InputAccept,
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
    /// `a`: act on the tab shown — open its picker (on the other tabs, go to the tab
    /// of the incident's current step and open that).
    Act,
    /// Mark or unmark the selected order for one action on all marked.
    Mark,
    /// Unmark every marked order.
    ClearMarks,
    /// Add a note to the incident.
    Note,
    /// Skip the incident's current step, with a reason.
    SkipStep,
    /// Log a call to the buyer (evidence for "buyer unreachable").
    LogCall,
    /// Edit the draft in $VISUAL / $EDITOR.
    EditDraft,
    /// Edit the draft in place.
    InlineEdit,
    /// Copy the draft to the clipboard over the terminal (OSC 52).
    CopyDraft,
    /// Send the draft to the buyer's chat (after the lint and a confirm).
    SendDraft,
    /// Take back the last act that only touched the cache, within seconds of it.
    Undo,
    /// Reopen the selected order's closed incident, saying why.
    Reopen,
    /// The order's writes in the outbox: withdraw one still queued, send a refused
    /// one again or let it be.
    Writes,
    /// Open (or leave) the Analysis screen.
    Analysis,
    /// The Analysis screen: the period before / after, longer / shorter, the grouping.
    PeriodBack,
    PeriodForward,
    PeriodLonger,
    PeriodShorter,
    CycleBy,
    /// `y` in a confirm dialog.
    Confirm,
    /// Esc: close what is open (help, filter, a dialog), or leave.
    Back,
    Quit,
    // From background work and the clock.
    DataLoaded(Box<Snapshot>),
    TimelineLoaded(i64, Vec<Event>),
    IncidentLoaded(i64, Box<IncidentView>),
    /// The draft of an order came back from the external editor.
    DraftEdited(i64, String),
    /// This agent's drafts, read back at start from the cache and the journal.
    DraftsRestored(Vec<super::state::Draft>),
    /// A signal ends the dashboard (SIGTERM, SIGHUP: the SSH link dropped): it quits
    /// without asking, storing its unsent drafts on the way out.
    Stop,
    /// The Analysis screen's report came in.
    ReportLoaded(Box<crate::service::report::Report>),
    /// The orders behind a bar of the Analysis screen, to list as a section.
    ShowOrders {
        name: String,
        ids: Vec<i64>,
    },
    /// The service's answer to a command this dashboard sent.
    Replied(Box<Replied>),
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
            Action::Act => "act",
            Action::Mark => "mark",
            Action::ClearMarks => "clear_marks",
            Action::Note => "note",
            Action::SkipStep => "skip_step",
            Action::LogCall => "log_call",
            Action::EditDraft => "edit_draft",
            Action::InlineEdit => "inline_edit",
            Action::CopyDraft => "copy_draft",
            Action::SendDraft => "send_draft",
            Action::Undo => "undo",
            Action::Reopen => "reopen",
            Action::Writes => "writes",
            Action::Analysis => "analysis",
            Action::PeriodBack => "period_back",
            Action::PeriodForward => "period_forward",
            Action::PeriodLonger => "period_longer",
            Action::PeriodShorter => "period_shorter",
            Action::CycleBy => "cycle_by",
            Action::Confirm => "confirm",
            Action::Back => "back",
            Action::Quit => "quit",
            _ => return None,
        })
    }

    /// The names of the key-driven actions, in the order help lists them.
    pub const NAMES: [&'static str; 41] = [
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
        "act",
        "mark",
        "clear_marks",
        "note",
        "skip_step",
        "log_call",
        "edit_draft",
        "inline_edit",
        "copy_draft",
        "send_draft",
        "undo",
        "reopen",
        "writes",
        "analysis",
        "period_back",
        "period_forward",
        "period_longer",
        "period_shorter",
        "cycle_by",
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
            Action::Claim
                | Action::StepDone
                | Action::CloseIncident
                | Action::Act
                | Action::Mark
                | Action::ClearMarks
                | Action::Note
                | Action::SkipStep
                | Action::LogCall
                | Action::EditDraft
                | Action::InlineEdit
                | Action::SendDraft
                | Action::Undo
                | Action::Reopen
                | Action::Writes
        )
    }

    /// The key-driven action of this name.
    pub fn from_name(name: &str) -> Option<Action> {
        const ALL: [Action; 41] = [
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
            Action::Act,
            Action::Mark,
            Action::ClearMarks,
            Action::Note,
            Action::SkipStep,
            Action::LogCall,
            Action::EditDraft,
            Action::InlineEdit,
            Action::CopyDraft,
            Action::SendDraft,
            Action::Undo,
            Action::Reopen,
            Action::Writes,
            Action::Analysis,
            Action::PeriodBack,
            Action::PeriodForward,
            Action::PeriodLonger,
            Action::PeriodShorter,
            Action::CycleBy,
            Action::ToggleHelp,
            Action::Confirm,
            Action::Back,
            Action::Quit,
        ];
        ALL.into_iter().find(|a| a.name() == Some(name))
    }
}

/// A command and what the service answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Replied {
    pub cmd: crate::service::Command,
    pub reply: crate::service::Reply,
}

/// Work the event loop must start after an update: I/O, never done inside `update`.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadTimeline(i64),
    /// Ask the service for something: a claim, a change to an incident, a re-fetch.
    Command(crate::service::Command),
    /// Queue confirmed writes to the Market (one per order); the event loop makes the
    /// confirmation's nonce.
    Write(Vec<(i64, crate::domain::incident::checks::WriteAction)>),
    /// Fetch the order's chat history from the Market now (the Contact tab opened).
    LoadChat(i64),
    /// Edit an order's draft in the external editor.
    Editor(i64, String),
    /// Keep an order's draft in the agent's journal (every change, at once).
    KeepDraft(super::state::Draft),
    /// The cache has the order's draft, or it was sent: the journal forgets it.
    ForgetDraft(i64),
    /// Copy a text to the clipboard (OSC 52).
    Copy(String),
    /// Compute the Analysis screen's report.
    LoadReport {
        period: crate::service::report::Period,
        by: crate::service::report::Dimension,
    },
    /// Find the orders behind one group of the report (`key` under `by`), to list
    /// them as a section called `name`.
    GroupOrders {
        period: crate::service::report::Period,
        by: crate::service::report::Dimension,
        key: String,
        name: String,
    },
    RefetchOrder(i64),
    RefreshNow,
}
