//! The dashboard's dialogs as plain data: a picker (a list to choose from), a text
//! input (and the same as the agent's journal keeps it across a crash), and the
//! confirm dialog of a write. `update` opens and answers them; `ui`
//! draws them. Every label is made in the UI language when the dialog opens, so
//! drawing needs nothing but this.

use super::text::TextInput;
use crate::base::lang::Lang;
use crate::domain::incident::checks::WriteAction;
use crate::market::enums::{CancellationRejectReason, DeliveryDateReason};

/// One line of a picker.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub label: String,
    /// The effect, ETA or amount, shown beside the label.
    pub note: Option<String>,
    /// False for what the rules forbid: shown greyed, with `why_not`.
    pub available: bool,
    pub why_not: Option<String>,
}

impl Choice {
    /// An available choice.
    pub fn new(label: impl Into<String>, note: Option<String>) -> Choice {
        Choice {
            label: label.into(),
            note,
            available: true,
            why_not: None,
        }
    }
}

/// What a picker chooses for; the chosen index means something only to it.
#[derive(Debug, Clone, PartialEq)]
pub enum PickFor {
    /// The Reroute tab's options (`reroute::options`), in order.
    Reroute { order_id: i64 },
    /// The Status tab's changes (`status_options::options`), in order.
    Status { order_id: i64 },
    /// The compensation catalogue of the config, in order.
    Compensation { order_id: i64, version: i64 },
    /// The message templates of one language, in order (`Act::SwitchLang` shows the
    /// other language's).
    Template { order_id: i64, lang: Lang },
    /// A reason for a DBS date move (`DATE_REASONS`).
    DateReason { order_id: i64 },
    /// A reason to reject a buyer's cancellation request (`REJECT_REASONS`).
    RejectReason { order_id: i64 },
    /// The order's outbox rows and what may be done with each, one per choice
    /// (`None` for a row shown greyed: being sent).
    Writes {
        order_id: i64,
        acts: Vec<Option<(i64, crate::cache::OutboxAct)>>,
    },
}

/// A list to choose one from.
#[derive(Debug, Clone, PartialEq)]
pub struct Picker {
    pub title: String,
    pub choices: Vec<Choice>,
    pub cursor: usize,
    pub purpose: PickFor,
}

/// What a text input is for. Kept with the text in the agent's journal while the
/// input is open (`tui::kept_input`), so it is named as written there.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "for", rename_all = "snake_case")]
pub enum InputFor {
    /// What came of the current step (optional), before it is marked done.
    StepOutcome { order_id: i64, version: i64 },
    /// The lesson of a closed incident (optional), after its root cause.
    Lesson {
        order_id: i64,
        version: i64,
        cause: String,
    },
    /// A note on the incident.
    Note { order_id: i64, version: i64 },
    /// Why the current step is skipped.
    Skip { order_id: i64, version: i64 },
    /// The draft message, edited in place (several lines).
    Draft { order_id: i64 },
    /// The new delivery date of a DBS date move.
    MoveDate {
        order_id: i64,
        reason: DeliveryDateReason,
    },
    /// The day a DBS order was really delivered (or reached the pickup point).
    RealDate {
        order_id: i64,
        status: crate::market::enums::OrderStatus,
        substatus: Option<crate::market::enums::OrderSubstatus>,
    },
    /// The new pickup storage limit.
    StorageDate { order_id: i64 },
    /// The track code at the carrier the order is handed to.
    Track { order_id: i64, carrier_id: i64 },
    /// A call to the buyer: seconds connected, 0 for no answer, `-` for "number
    /// unavailable".
    Call { order_id: i64 },
    /// Why a closed incident is opened again (required).
    Reopen { order_id: i64, version: i64 },
    /// The lead who confirms compensation above the agent's limit.
    Lead {
        order_id: i64,
        version: i64,
        kind: String,
        amount: crate::base::money::Money,
    },
}

impl InputFor {
    /// The same input on the same order (whatever incident version it was opened on).
    pub fn same_as(&self, other: &InputFor) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
            && self.order_id() == other.order_id()
    }

    /// Several lines (Enter breaks a line, Esc ends) or one (Enter accepts).
    pub fn multiline(&self) -> bool {
        matches!(self, InputFor::Draft { .. })
    }
}

/// A text being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    pub prompt: String,
    pub text: TextInput,
    pub purpose: InputFor,
    /// Put back after the service refused it because the incident changed: Enter
    /// again acts on the incident as the screen shows it now.
    pub reopened: bool,
}

impl Input {
    /// An input for `purpose` with `text` in it, the cursor at its end.
    pub fn new(prompt: String, text: &str, purpose: InputFor) -> Input {
        let text = if purpose.multiline() {
            TextInput::lines(text)
        } else {
            TextInput::line(text)
        };
        Input {
            prompt,
            text,
            purpose,
            reopened: false,
        }
    }
}

/// A text that went to the service, kept until it answers: a refusal puts it back.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub prompt: String,
    pub text: String,
    pub purpose: InputFor,
}

impl InputFor {
    /// The order the text is about.
    pub fn order_id(&self) -> i64 {
        match self {
            InputFor::StepOutcome { order_id, .. }
            | InputFor::Lesson { order_id, .. }
            | InputFor::Note { order_id, .. }
            | InputFor::Skip { order_id, .. }
            | InputFor::Draft { order_id }
            | InputFor::MoveDate { order_id, .. }
            | InputFor::RealDate { order_id, .. }
            | InputFor::StorageDate { order_id }
            | InputFor::Track { order_id, .. }
            | InputFor::Call { order_id }
            | InputFor::Reopen { order_id, .. }
            | InputFor::Lead { order_id, .. } => *order_id,
        }
    }

    /// The incident version the text acts on, for the inputs that change an incident.
    pub fn version_mut(&mut self) -> Option<&mut i64> {
        match self {
            InputFor::StepOutcome { version, .. }
            | InputFor::Lesson { version, .. }
            | InputFor::Note { version, .. }
            | InputFor::Skip { version, .. }
            | InputFor::Reopen { version, .. }
            | InputFor::Lead { version, .. } => Some(version),
            _ => None,
        }
    }
}

/// An input as the agent's journal keeps it while it is open (`tui::kept_input`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KeptInput {
    pub purpose: InputFor,
    pub prompt: String,
    pub text: String,
    /// The incident's current step while it was typed: an outcome or a skip reason
    /// is that step's, and is not reopened once another step is current.
    #[serde(default)]
    pub step: Option<crate::domain::incident::steps::Step>,
    pub at: chrono::DateTime<chrono::Utc>,
}

impl KeptInput {
    /// The same input with the same text (whenever typed).
    pub fn same(&self, other: &KeptInput) -> bool {
        self.purpose == other.purpose && self.prompt == other.prompt && self.text == other.text
    }
}

/// An input read back at start, waiting for its order and detail to reopen it.
#[derive(Debug, Clone, PartialEq)]
pub struct Restoring {
    pub kept: KeptInput,
    /// Its order was selected for it: the agent moving off it gives it up.
    pub selected: bool,
}

/// A write (or the same write to several marked orders) waiting for `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct WriteConfirm {
    pub title: String,
    pub writes: Vec<(i64, WriteAction)>,
    /// What happens when confirmed ("sends to the Market").
    pub effect: String,
    pub warnings: Vec<String>,
    /// Reasons the rules refuse it: `y` is refused while any is here.
    pub blocking: Vec<String>,
    /// For several orders: what the agent typed, to match the count.
    pub typed: String,
    /// For several orders, false until the service has checked each against its own
    /// rules (`Command::Check`); one order is checked when the dialog opens.
    pub checked: bool,
    /// Orders the write will not go to, with why: taken out of `writes` by the check.
    pub refused: Vec<(i64, String)>,
}

impl WriteConfirm {
    /// Bulk writes ask the agent to type how many orders they touch.
    pub fn needs_count(&self) -> bool {
        self.writes.len() + self.refused.len() > 1
    }

    /// Whether `y` may send it now.
    pub fn ready(&self) -> bool {
        self.blocking.is_empty()
            && self.checked
            && !self.writes.is_empty()
            && (!self.needs_count() || self.typed.trim() == self.writes.len().to_string())
    }
}

/// A manual step of the reroute (an escalation or claim made outside the API),
/// recorded on the incident when confirmed.
#[derive(Debug, Clone, PartialEq)]
pub struct ManualConfirm {
    pub order_id: i64,
    pub version: i64,
    pub title: String,
    pub effect: String,
}

/// An outbox row withdrawn, sent again or let be, waiting for `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxConfirm {
    pub order_id: i64,
    pub row_id: i64,
    pub act: crate::cache::OutboxAct,
    pub title: String,
    /// What happens, and what cannot be known (an earlier attempt that may have
    /// reached the Market).
    pub effect: Vec<String>,
}

/// Compensation waiting for `y`.
#[derive(Debug, Clone, PartialEq)]
pub struct CompensationConfirm {
    pub order_id: i64,
    pub version: i64,
    pub kind: String,
    pub title: String,
    /// The order, and the tab the agent acted from ("a on the Incident tab went to
    /// Compensation"), said first in the dialog.
    pub origin: String,
    pub amount: crate::base::money::Money,
    /// The lead who confirmed, when above the agent's limit.
    pub lead: Option<String>,
    pub warnings: Vec<String>,
}

/// The reasons a DBS date move may give, in the order the picker shows them.
pub const DATE_REASONS: [DeliveryDateReason; 2] = [
    DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES,
    DeliveryDateReason::USER_MOVED_DELIVERY_DATES,
];

/// The reasons a refusal of a buyer's cancellation request may give.
pub const REJECT_REASONS: [CancellationRejectReason; 2] = [
    CancellationRejectReason::ORDER_IN_DELIVERY,
    CancellationRejectReason::ORDER_DELIVERED,
];

/// Reads a date as agents type it, in either of the forms every input takes:
/// `05.12.2026` or `2026-12-05`.
pub fn parse_date(s: &str) -> Option<chrono::NaiveDate> {
    crate::base::time::parse_day(s).ok()
}

#[cfg(test)]
mod tests;
