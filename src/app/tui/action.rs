//! The one `Action` enum: every change of the dashboard's state is one of these, whether
//! it came from a key, a background task or the clock. `update` is its only reader.
//! What a key can do is an [`Act`]: the keymap's vocabulary, whose names (in
//! `assets/keymap.toml`, the config and the `:` command line) are derived from the
//! variants, so no list of names is kept by hand.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use strum::{EnumIter, EnumString, IntoStaticStr};

use super::state::{IncidentView, Snapshot};
use crate::cache::Event;

/// What a key does, by its keymap name (`move_down`, `act`, `help`…). The order of the
/// variants is the order `?` lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Act {
    // Moving in the list (and in the lists of the other screens).
    MoveDown,
    MoveUp,
    PageDown,
    PageUp,
    Top,
    Bottom,
    // Sections (At risk / Undelivered / Mine / All / views from the config).
    NextSection,
    PrevSection,
    /// Start typing the `/` filter (in help: its search).
    Filter,
    CycleSort,
    // The detail pane.
    ToggleDetail,
    NextTab,
    PrevTab,
    /// Re-fetch the selected order from the Market now.
    Refetch,
    /// Refresh the cache now.
    Refresh,
    /// `c`: claim the selected order (asks before taking it from another agent).
    Claim,
    /// `n`: mark the incident's current step done.
    StepDone,
    /// `C`: close the incident: pick a root cause first.
    CloseIncident,
    /// `a`: act on the tab shown — open its picker (on the other tabs, go to the tab
    /// of the incident's current step and open that).
    #[strum(serialize = "act")]
    ActOnTab,
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
    /// Copy the draft to the clipboard (OSC 52, through tmux too).
    CopyDraft,
    /// Copy the selected order's id (again: its track, when the detail shows one).
    CopyId,
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
    /// Open (or leave) the Team screen: the lead's view.
    Team,
    /// The log of every notice since the dashboard started.
    Notices,
    /// The `:` command line: actions by name, an order by id, `q`.
    Command,
    /// The template picker: write the message in the other language.
    SwitchLang,
    /// `y` in a confirm dialog, Enter in a picker.
    Confirm,
    Help,
    /// Esc: close what is open (help, filter, a dialog), or leave.
    Back,
    Quit,
}

impl Act {
    /// The keymap name (`move_down`).
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// Whether the act changes shared state (a claim, a write to the Market):
    /// read-only mode refuses exactly these, in one place.
    pub fn is_acting(self) -> bool {
        matches!(
            self,
            Act::Claim
                | Act::StepDone
                | Act::CloseIncident
                | Act::ActOnTab
                | Act::Mark
                | Act::ClearMarks
                | Act::Note
                | Act::SkipStep
                | Act::LogCall
                | Act::EditDraft
                | Act::InlineEdit
                | Act::SendDraft
                | Act::Undo
                | Act::Reopen
                | Act::Writes
        )
    }
}

/// Something that changes the state.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// What a bound key does.
    Key(Act),
    /// A key typed into the text on screen: the filter, an input, the command line,
    /// help's search, a bulk confirm's count. Enter in them is one of these too.
    Text(KeyEvent),
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    GoToSection(usize),
    // From background work and the clock.
    DataLoaded(Box<Snapshot>),
    TimelineLoaded(i64, Vec<Event>),
    IncidentLoaded(i64, Box<IncidentView>),
    /// The draft of an order came back from the external editor.
    DraftEdited(i64, String),
    /// This agent's drafts, read back at start from the cache and the journal.
    DraftsRestored(Vec<super::state::Draft>),
    /// The text input open at the last stop, read back at start from the journal.
    InputRestored(Box<super::dialog::KeptInput>),
    /// A signal ends the dashboard (SIGTERM, SIGHUP: the SSH link dropped): it quits
    /// without asking, storing its unsent drafts on the way out.
    Stop,
    /// The Analysis screen's report came in.
    ReportLoaded(Box<crate::service::report::Report>),
    /// The Team screen's figures came in.
    TeamLoaded(Box<crate::service::team::Team>),
    /// The orders behind a bar of the Analysis screen, to list as a section.
    ShowOrders {
        name: String,
        ids: Vec<i64>,
    },
    /// The service's answer to a command this dashboard sent.
    Replied(Box<Replied>),
    /// The clipboard's answer: what was copied (in words), or why it was not.
    Copied(Result<String, String>),
    SyncProgress(String),
    SyncFinished(Result<String, String>),
    Error(String),
    Tick(DateTime<Utc>),
    /// The terminal was resized to (columns, rows).
    Resize(u16, u16),
}

impl From<Act> for Action {
    fn from(a: Act) -> Action {
        Action::Key(a)
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
    /// Keep the text input open, and what it is for, in the agent's journal.
    KeepInput(Box<super::dialog::KeptInput>),
    /// The input was accepted or cancelled: the journal forgets it.
    ForgetInput,
    /// Copy a text to the clipboard; `what` says it on the notice line once done.
    Copy {
        text: String,
        what: String,
    },
    /// Compute the Analysis screen's report.
    LoadReport {
        period: crate::service::report::Period,
        by: crate::service::report::Dimension,
    },
    /// Read the Team screen's figures.
    LoadTeam,
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

#[cfg(test)]
mod tests;
