//! What is open on the dashboard: one `Mode` per screen, dialog or text being typed,
//! each carrying what it needs; the question a confirm dialog asks (`Pending`); the
//! keymap table that answers the keys in each (`KeyMode`).

use chrono::{DateTime, Utc};
use strum::{EnumIter, EnumString, IntoStaticStr};

use super::super::text::TextInput;
use super::{Draft, QuitQuestion};

/// A question waiting for `y` or Esc.
#[derive(Debug, Clone, PartialEq)]
pub enum Pending {
    /// Take the order over from the agent who holds it.
    TakeOver { order_id: i64, from: String },
    /// Steps are not done: close anyway? (`tui::closing`)
    CloseAnyway {
        order_id: i64,
        incident_id: i64,
        version: i64,
        question: String,
    },
    /// Close the incident with the root cause under the cursor (`RootCause::ALL`);
    /// none until the agent moves to one.
    Close {
        order_id: i64,
        incident_id: i64,
        version: i64,
        cursor: Option<usize>,
    },
    /// Queue a write to the Market (to one order or to each marked one).
    Write(super::super::dialog::WriteConfirm),
    /// Record compensation on the incident.
    Compensation(super::super::dialog::CompensationConfirm),
    /// Record a reroute done outside the API (an escalation, a claim).
    Manual(super::super::dialog::ManualConfirm),
    /// Leave although work would be lost or is still unsent (`tui::leave`).
    Quit(QuitQuestion),
    /// Withdraw, requeue or dismiss an outbox row.
    Outbox(super::super::dialog::OutboxConfirm),
    /// Put a template's message in place of a draft the agent edited.
    ReplaceDraft { draft: Draft, question: String },
}

/// Which table of the keymap answers the keys (`[normal]`, `[filter]`… in
/// `assets/keymap.toml`): a screen, a dialog or a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumString, IntoStaticStr, EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum KeyMode {
    Normal,
    /// A line of text being typed: the list's filter, help's search.
    Filter,
    Help,
    Confirm,
    Pick,
    Input,
    Analysis,
    /// The `:` command line.
    Command,
    /// The log of notices.
    Notices,
    Team,
}

impl KeyMode {
    /// The table's name in the keymap.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// What is open, with what it needs: one variant per screen, dialog or text being
/// typed, so that no combination of flags can mean two things at once.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Mode {
    /// The list and the detail.
    #[default]
    Normal,
    /// Typing into the `/` filter; `AppState::filter` follows what is typed.
    Filter(TextInput),
    /// The `?` overlay.
    Help(HelpView),
    /// A question waiting for `y` or Esc.
    Confirm(Pending),
    /// The Analysis screen (step 7) in place of the list; its period and report stay
    /// in `AppState::analysis` between openings.
    Analysis,
    /// Choosing from a list.
    Pick(super::super::dialog::Picker),
    /// Typing a text (a note, a reason, a date, the draft).
    Input(super::super::dialog::Input),
    /// The `:` command line.
    Command(CommandLine),
    /// Every notice since the start, newest first.
    Notices(NoticesView),
    /// The lead's view of the team.
    Team(TeamView),
}

impl Mode {
    /// The keymap table that answers keys now.
    pub fn keys(&self) -> KeyMode {
        match self {
            Mode::Normal => KeyMode::Normal,
            Mode::Filter(_) => KeyMode::Filter,
            Mode::Help(h) if h.typing => KeyMode::Filter,
            Mode::Help(_) => KeyMode::Help,
            Mode::Confirm(_) => KeyMode::Confirm,
            Mode::Analysis => KeyMode::Analysis,
            Mode::Pick(_) => KeyMode::Pick,
            Mode::Input(_) => KeyMode::Input,
            Mode::Command(_) => KeyMode::Command,
            Mode::Notices(_) => KeyMode::Notices,
            Mode::Team(_) => KeyMode::Team,
        }
    }

    /// The question asked, in a confirm dialog.
    pub fn pending(&self) -> Option<&Pending> {
        match self {
            Mode::Confirm(p) => Some(p),
            _ => None,
        }
    }

    /// The text input shown, if one is.
    pub fn input(&self) -> Option<&super::super::dialog::Input> {
        match self {
            Mode::Input(i) => Some(i),
            _ => None,
        }
    }
}

/// The `?` overlay: how far it is scrolled and what it is searched for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HelpView {
    pub scroll: usize,
    /// Only the lines with this text are listed (empty: every line).
    pub search: TextInput,
    /// The search line takes the keys.
    pub typing: bool,
    /// The screen it was opened over, back when it closes.
    pub back: Box<Mode>,
}

/// The log of notices: how far it is scrolled, and the screen it was opened over.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NoticesView {
    pub scroll: usize,
    pub back: Box<Mode>,
}

/// The `:` command line: what is typed and which of its matches is chosen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CommandLine {
    pub text: TextInput,
    pub cursor: usize,
    /// The screen it was opened over: an action chosen runs there.
    pub back: Box<Mode>,
}

/// The Team screen: its figures once read, and the row under the cursor.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TeamView {
    pub team: Option<Box<crate::service::team::Team>>,
    pub cursor: usize,
    /// When the figures were last asked for: they are read again every few seconds.
    pub asked: Option<DateTime<Utc>>,
}
