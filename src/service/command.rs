//! What an agent asks the service to do, and what comes back. Plain serialisable data:
//! a dashboard that may not write the cache sends these to the daemon over its socket
//! (`service::socket`), one that may applies them itself (`service::apply`); either
//! way the same code decides.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::act::{ActError, ConfirmedWrite};
use crate::base::lang::Lang;
use crate::base::money::Money;
use crate::base::words::Msg;
use crate::cache::{ClaimOutcome, OutboxAct};
use crate::domain::incident::IncidentConfig;
use crate::domain::incident::checks::WriteAction;
use crate::domain::incident::lint::Audience;
use crate::domain::incident::steps::RootCause;
use crate::domain::risk::Thresholds;

/// One thing an agent asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    /// Claim the order; `take_over` takes it from another agent (asked first).
    Claim { order_id: i64, take_over: bool },
    /// Mark the incident's current step done, with what came of it.
    StepDone {
        order_id: i64,
        version: i64,
        outcome: Option<String>,
    },
    /// Skip the incident's current step, saying why.
    SkipStep {
        order_id: i64,
        version: i64,
        reason: String,
    },
    /// Add a note to the incident.
    Note {
        order_id: i64,
        version: i64,
        text: String,
    },
    /// Close the incident with its root cause and what to learn from it.
    Close {
        order_id: i64,
        version: i64,
        cause: RootCause,
        lesson: Option<String>,
    },
    /// Record compensation of a kind from the catalogue; above the agent's daily limit
    /// `lead` names who confirmed it.
    Compensate {
        order_id: i64,
        version: i64,
        kind: String,
        amount: Money,
        lead: Option<String>,
    },
    /// A call to the buyer, for the "buyer unreachable" protocol.
    LogCall {
        order_id: i64,
        connected_secs: u32,
        number_unavailable: bool,
    },
    /// A reroute done outside the API (an escalation, a claim): the reroute step's
    /// outcome.
    Reroute {
        order_id: i64,
        version: i64,
        outcome: String,
    },
    /// Queue confirmed writes to the Market, each checked again now.
    Write { writes: Vec<ConfirmedWrite> },
    /// Take back the agent's last act on the order's incident that only touched the
    /// cache (a step, a skip, a note, compensation, a close), made seconds ago.
    Undo { order_id: i64 },
    /// Withdraw a write still queued, send a refused one again, or let it be.
    Outbox {
        order_id: i64,
        row_id: i64,
        act: OutboxAct,
    },
    /// Reopen the order's closed incident, saying why.
    Reopen {
        order_id: i64,
        version: i64,
        reason: String,
    },
    /// Store the agent's draft of a message for the order (an empty text removes
    /// it). The agent's own: it needs no claim and is not audited.
    SaveDraft {
        order_id: i64,
        template: Option<String>,
        audience: Audience,
        text: String,
    },
    /// Check one write for several orders, each against its own rules and claim,
    /// before the agent confirms it; nothing changes.
    Check {
        order_ids: Vec<i64>,
        action: WriteAction,
    },
    /// Fetch the order from the Market now.
    Refetch { order_id: i64 },
    /// Fetch the order's chat history from the Market now.
    RefreshChat { order_id: i64 },
    /// Refresh the cache from the Market now.
    SyncNow,
}

impl Command {
    /// The order the command is about, if one.
    pub fn order_id(&self) -> Option<i64> {
        match self {
            Command::Claim { order_id, .. }
            | Command::StepDone { order_id, .. }
            | Command::SkipStep { order_id, .. }
            | Command::Note { order_id, .. }
            | Command::Close { order_id, .. }
            | Command::Compensate { order_id, .. }
            | Command::LogCall { order_id, .. }
            | Command::Reroute { order_id, .. }
            | Command::SaveDraft { order_id, .. }
            | Command::Undo { order_id }
            | Command::Outbox { order_id, .. }
            | Command::Reopen { order_id, .. }
            | Command::Refetch { order_id }
            | Command::RefreshChat { order_id } => Some(*order_id),
            Command::Write { writes } => writes.first().map(|w| w.order_id),
            Command::Check { order_ids, .. } => order_ids.first().copied(),
            Command::SyncNow => None,
        }
    }

    /// Whether the command needs the Market (the process holding the key) rather
    /// than the cache alone.
    pub fn needs_market(&self) -> bool {
        matches!(
            self,
            Command::Refetch { .. } | Command::RefreshChat { .. } | Command::SyncNow
        )
    }
}

/// What a claim did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "claim", rename_all = "snake_case")]
pub enum Claimed {
    Claimed,
    AlreadyYours,
    TookOver {
        from: String,
    },
    /// Another agent holds it; taking over needs `take_over`.
    HeldBy {
        agent: String,
        since: DateTime<Utc>,
    },
}

impl From<ClaimOutcome> for Claimed {
    fn from(o: ClaimOutcome) -> Claimed {
        match o {
            ClaimOutcome::Claimed => Claimed::Claimed,
            ClaimOutcome::AlreadyYours => Claimed::AlreadyYours,
            ClaimOutcome::TookOver { from } => Claimed::TookOver { from },
            ClaimOutcome::HeldBy(c) => Claimed::HeldBy {
                agent: c.agent,
                since: c.since,
            },
        }
    }
}

/// What a command did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "done", rename_all = "snake_case")]
pub enum Done {
    Claim {
        claimed: Claimed,
    },
    /// The incident changed.
    Changed,
    /// Writes went into the outbox; the refused ones say why.
    Queued {
        queued: usize,
        refused: Vec<Msg>,
    },
    /// The Market was asked; the cache follows.
    Requested,
    /// What the rules say of a write for each order asked about.
    Checked {
        verdicts: Vec<OrderVerdict>,
    },
    /// The draft is stored as of `saved_at`.
    DraftSaved {
        saved_at: DateTime<Utc>,
    },
    /// The act named (`note`, `close`, …) was taken back.
    Undone {
        action: String,
    },
}

/// The answer to a command: what it did, for which order, in words for the agent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub order_id: Option<i64>,
    pub done: Done,
    pub notice: Msg,
}

/// Why a command was not carried out. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub order_id: Option<i64>,
    pub kind: RefusalKind,
    pub why: Msg,
}

/// The kind of a refusal, for the screen to react to (reload on a conflict, offer to
/// take over from the holder).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
pub enum RefusalKind {
    /// Another agent holds the order.
    HeldBy { holder: String },
    /// The incident changed since the agent saw it.
    Conflict,
    /// The rules, the lint, the workflow or the agent's rights refuse it.
    Refused,
    /// The service could not do it now (no key, no daemon, the cache failed).
    Unavailable,
}

impl Refusal {
    /// A refusal of the rules or the workflow.
    pub fn refused(order_id: Option<i64>, why: Msg) -> Refusal {
        Refusal {
            order_id,
            kind: RefusalKind::Refused,
            why,
        }
    }

    /// The service cannot do it now.
    pub fn unavailable(order_id: Option<i64>, why: Msg) -> Refusal {
        Refusal {
            order_id,
            kind: RefusalKind::Unavailable,
            why,
        }
    }

    /// The refusal in the agent's language.
    pub fn message(&self, lang: Lang) -> &str {
        self.why.get(lang)
    }
}

impl From<ActError> for Refusal {
    fn from(e: ActError) -> Refusal {
        let why = Msg::each(|l| e.message(l));
        let (order_id, kind) = match &e {
            ActError::HeldBy { order_id, holder } => (
                Some(*order_id),
                RefusalKind::HeldBy {
                    holder: holder.clone(),
                },
            ),
            ActError::Conflict(id) => (Some(*id), RefusalKind::Conflict),
            ActError::NoIncident(id) | ActError::NoOrder(id) => (Some(*id), RefusalKind::Refused),
            ActError::Refused { order_id, .. } => (Some(*order_id), RefusalKind::Refused),
            ActError::Cache(_) => (None, RefusalKind::Unavailable),
        };
        Refusal {
            order_id,
            kind,
            why,
        }
    }
}

/// The answer to a command.
pub type Reply = Result<Outcome, Refusal>;

/// What `apply` needs besides the cache: the rules' thresholds, the `[incident]`
/// config, and who may only read.
#[derive(Debug, Clone, Default)]
pub struct Context {
    pub risk: Thresholds,
    pub incident: IncidentConfig,
    /// Users whose commands are refused (config `read_only_users`).
    pub read_only_users: Vec<String>,
}

/// What the rules say of the write for one order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderVerdict {
    pub order_id: i64,
    /// Why the write may not go to this order; empty when it may.
    pub blocking: Vec<Msg>,
    pub warnings: Vec<Msg>,
}
