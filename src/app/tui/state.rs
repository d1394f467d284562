//! The dashboard's state: plain data, no I/O. `update` changes it; `ui` only reads it.
//! What is open — the screen, the dialog, the text being typed — is `state/mode.rs`.

use std::cell::Cell;

use chrono::{DateTime, Utc};

use crate::base::lang::Lang;
use crate::base::shared::Shared;
use crate::cache::{Event, Lease, SyncRun};
use crate::domain::order::Order;
use crate::domain::risk::Assessment;

mod mode;

pub use mode::{CommandLine, HelpView, KeyMode, Mode, NoticesView, Pending, TeamView};

/// One order, prepared once per data load for drawing, filtering and sorting.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub order: Order,
    pub assessment: Assessment,
    pub claimed_by: Option<String>,
    /// Lower-case text the filter searches.
    pub haystack: Haystack,
    /// What every pass over the list reads, worked out when the row is made.
    pub facts: Facts,
    /// Changed by the last refresh (new, or status/dates/rules moved).
    pub changed: bool,
}

/// What the list reads of a row on every pass — its place in the triage order and
/// the sections it belongs to by its content — worked out once when the row is made
/// (`select::row`), so a pass over 100,000 rows does not walk each one's rules.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Facts {
    /// The severity's rank (P1 first), an order no rule matches after every P4.
    pub rank: u8,
    /// The nearest deadline of a matched rule.
    pub due: Option<DateTime<Utc>>,
    pub at_risk: bool,
    pub undelivered: bool,
}

/// The lower-case text the free-text filter searches, in two parts: what many orders
/// have alike — model, status, substatus, carrier, currency, city, region — held once
/// for all of them (a few thousand distinct texts among 300,000 orders), and the
/// order's own: id, tracks, buyer, rule ids. A term has no space, so it is found in
/// one part or the other.
#[derive(Debug, Clone, PartialEq)]
pub struct Haystack {
    pub shared: Shared,
    pub own: Box<str>,
}

impl Default for Haystack {
    fn default() -> Haystack {
        Haystack {
            shared: Shared::from(""),
            own: Box::default(),
        }
    }
}

/// What a data load brings: every cached order, assessed at `now`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot {
    pub rows: Vec<Row>,
    /// False for the quick first load of only the orders a rule can match; the full
    /// load follows.
    pub complete: bool,
    /// Only the orders that changed since the last load: merged into the rows held.
    pub delta: bool,
    pub now: DateTime<Utc>,
    pub last_sync: Option<SyncRun>,
    pub lease: Option<Lease>,
    pub outbox: Option<crate::cache::OutboxSummary>,
    /// Syncs failing since the last success, as the syncing process recorded them.
    pub failing: Option<crate::cache::SyncFailure>,
    /// When the buyer last wrote, for each order this agent holds (`None`: not read
    /// this time).
    pub buyer_wrote: Option<std::collections::HashMap<i64, DateTime<Utc>>>,
}

/// A list section: a tab above the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Section {
    /// The orders behind a bar of the Analysis screen, or a row of the Team screen
    /// (Enter on it); Esc goes back to that screen.
    Orders {
        name: String,
        ids: std::collections::HashSet<i64>,
        from: Screen,
    },
    AtRisk,
    Undelivered,
    Mine,
    All,
    /// A view from the config: a name, a filter and a sort.
    View {
        name: String,
        filter: String,
        sort: SortKey,
    },
}

/// A screen that lists orders in place of the list's sections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Analysis,
    Team,
}

/// How the list is ordered; `s` cycles through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// Severity, then time to breach, then value (the triage order).
    #[default]
    Urgency,
    /// Earliest deadline first.
    Due,
    /// Largest order first.
    Value,
    /// Most recently updated by the Market first.
    Updated,
    /// By order id.
    OrderId,
}

impl SortKey {
    pub const ALL: [SortKey; 5] = [
        SortKey::Urgency,
        SortKey::Due,
        SortKey::Value,
        SortKey::Updated,
        SortKey::OrderId,
    ];

    /// The next key in the cycle.
    pub fn next(self) -> SortKey {
        let i = SortKey::ALL.iter().position(|k| *k == self).unwrap_or(0);
        SortKey::ALL[(i + 1) % SortKey::ALL.len()]
    }

    /// The id used in config (`sort = "due"`).
    pub fn id(self) -> &'static str {
        match self {
            SortKey::Urgency => "urgency",
            SortKey::Due => "due",
            SortKey::Value => "value",
            SortKey::Updated => "updated",
            SortKey::OrderId => "order_id",
        }
    }

    /// The key with this config id.
    pub fn from_id(id: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// The tabs of the detail pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DetailTab {
    /// The order: items, value, buyer, address, carrier, tracks, dates, the rules matched.
    #[default]
    Order,
    /// Every event the cache holds for the order, newest first.
    Timeline,
    /// The incident: the seven steps as a checklist, notes, and the audit trail.
    Incident,
    /// The buyer's chat, the draft and its lint.
    Contact,
    /// The alternatives for this order's model and state, allowed or greyed with why.
    Reroute,
    /// The compensation catalogue and what was given.
    Compensation,
    /// The status changes allowed for this model and state.
    Status,
}

impl DetailTab {
    /// Every tab, in the order `]` walks them.
    pub const ALL: [DetailTab; 7] = [
        DetailTab::Order,
        DetailTab::Timeline,
        DetailTab::Incident,
        DetailTab::Contact,
        DetailTab::Reroute,
        DetailTab::Compensation,
        DetailTab::Status,
    ];

    /// The tab `step` places further along (negative: back), wrapping around.
    pub fn step(self, step: isize) -> DetailTab {
        let n = DetailTab::ALL.len() as isize;
        let i = DetailTab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        DetailTab::ALL[(i + step).rem_euclid(n) as usize]
    }
}

/// The selected order's incident, audit trail and what the acting tabs need, as
/// loaded together from the cache.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IncidentView {
    pub incident: Option<crate::cache::Incident>,
    pub audit: Vec<crate::cache::AuditEntry>,
    /// The order and its history as the cache holds them now, for the rule checks.
    pub order: Option<(Order, crate::domain::order::History)>,
    /// What the checks need besides the order: config and the evidence recorded.
    pub ctx: crate::domain::incident::checks::CheckContext,
    /// The order's chat with the buyer, oldest first.
    pub chat: Vec<crate::cache::StoredChatMessage>,
    /// The order's writes in the outbox, newest first.
    pub writes: Vec<crate::cache::OutboxRow>,
    /// The DBS buyer, as the service fetched them for an open incident.
    pub buyer: Option<crate::cache::StoredBuyer>,
    /// This agent's draft for the order, as the cache stores it.
    pub draft: Option<crate::cache::StoredDraft>,
    /// What this agent gave today of each compensation kind (id, amount), for the
    /// per-agent limit.
    pub given_today: Vec<(String, crate::base::money::Money)>,
}

impl IncidentView {
    /// The buyer's last message in the order's chat: the language a reply is written in.
    pub fn last_buyer_text(&self) -> Option<&str> {
        self.chat
            .iter()
            .rev()
            .find(|m| m.sender == "CUSTOMER")
            .map(|m| m.text.as_str())
    }
}

/// Which chart of the Analysis screen the cursor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Chart {
    /// The Pareto of root causes.
    #[default]
    Causes,
    /// The carrier scorecard.
    Carriers,
}

/// The Analysis screen: the period and grouping asked for, and the report once
/// computed (off the event loop).
#[derive(Debug, Clone, PartialEq)]
pub struct AnalysisView {
    pub period: crate::service::report::Period,
    pub by: crate::service::report::Dimension,
    /// The report of `period` and `by`, when it has come in.
    pub report: Option<Box<crate::service::report::Report>>,
    pub chart: Chart,
    /// The bar under the cursor in `chart`.
    pub cursor: usize,
    /// The list section shown when the Analysis or the Team screen opened: Esc from
    /// the orders of a bar (or a team row) comes back here through the screen.
    pub from_section: usize,
}

/// The message being written to the buyer (or the carrier) of one order. It is the
/// agent's own, kept in the cache as it is edited (`tui::acting::drafts`) and in the
/// agent's journal until the cache has it (`tui::journal`).
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub order_id: i64,
    /// The template it was made from.
    pub template: Option<String>,
    pub audience: crate::domain::incident::lint::Audience,
    pub text: String,
    /// When the cache last stored the draft, with the text it stored.
    pub saved: Option<(DateTime<Utc>, String)>,
    /// When it was last edited here; the cache is asked to store it a moment later.
    pub edited_at: Option<DateTime<Utc>>,
    /// The text a store was asked for and not answered yet.
    pub saving: Option<String>,
}

impl Draft {
    /// A draft not stored anywhere yet.
    pub fn new(
        order_id: i64,
        template: Option<String>,
        audience: crate::domain::incident::lint::Audience,
        text: String,
    ) -> Draft {
        Draft {
            order_id,
            template,
            audience,
            text,
            saved: None,
            edited_at: None,
            saving: None,
        }
    }

    /// Whether the text differs from what the cache stored.
    pub fn unsaved(&self) -> bool {
        self.saved.as_ref().map(|(_, t)| t.as_str()) != Some(self.text.as_str())
    }
}

/// What happened, said on the footer line for a few seconds and kept in the log (`!`).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub at: DateTime<Utc>,
    pub text: String,
    /// A refusal or a failure, not a success.
    pub error: bool,
    /// How many times in a row the same text came (a failure repeating).
    pub repeats: usize,
    /// Only for the log: routine news (a sync round's summary) never takes the line
    /// from the answer to the agent's own key.
    pub quiet: bool,
}

/// Seconds a notice stays on the footer line; a refusal stays longer, to be read.
pub const NOTICE_SECONDS: i64 = 6;
pub const ERROR_SECONDS: i64 = 12;
/// The most notices the log keeps.
pub const NOTICES_KEPT: usize = 500;

impl Notice {
    /// Whether it is still on the footer line at `now`.
    pub fn showing(&self, now: DateTime<Utc>) -> bool {
        let secs = if self.error {
            ERROR_SECONDS
        } else {
            NOTICE_SECONDS
        };
        (now - self.at).num_seconds() < secs
    }
}

/// The footer's facts about the data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Footer {
    pub last_sync: Option<SyncRun>,
    /// Another process (or this one) holding the sync lease, with its progress.
    pub syncing: Option<Lease>,
    /// This process's own sync progress line, while it syncs.
    pub progress: Option<String>,
    /// Writes waiting in the outbox, and the last one the Market refused.
    pub outbox: Option<crate::cache::OutboxSummary>,
    /// Syncs failing since the last success, whoever syncs: said from the first.
    pub failing: Option<crate::cache::SyncFailure>,
}

/// Everything the dashboard shows.
#[derive(Debug)]
pub struct AppState {
    /// Every cached order, in urgency order.
    pub rows: Vec<Row>,
    /// False while only the quick first load (orders a rule can match) is in.
    pub complete: bool,
    /// Indices into `rows` of the current section, filter and sort: the list shown.
    pub visible: Vec<usize>,
    /// `rows` ordered by a sort other than urgency, kept until the next data load so a
    /// keystroke never sorts 100,000 rows. (`rows` themselves are in urgency order.)
    pub sorted: Option<(SortKey, Vec<usize>)>,
    /// The filter text of the last recompute and the rows (any section) it matched.
    pub matched: Option<(String, Vec<usize>)>,
    pub sections: Vec<Section>,
    pub section: usize,
    /// Rows per section with the current filter, for the tab titles.
    pub counts: Vec<usize>,
    pub filter: String,
    pub sort: SortKey,
    pub mode: Mode,
    /// The selected order, kept across refreshes by id.
    pub selected: Option<i64>,
    /// The agent has pressed a key since the start, so the selected order is theirs.
    /// Until then the selection stays on the top of the list as rows arrive and the
    /// list re-sorts.
    pub chosen: bool,
    /// The selected position in `visible`.
    pub cursor: usize,
    /// The first visible row of the list; the renderer keeps the cursor in view.
    pub list_offset: Cell<usize>,
    /// Rows the list showed at the last draw, for page moves.
    pub page: Cell<usize>,
    /// How far the overlay shown (help, the log) may scroll, as the last draw found.
    pub overlay_max: Cell<usize>,
    pub detail_tab: DetailTab,
    /// On narrow screens the detail replaces the list while this is on.
    pub detail_open: bool,
    /// The timeline of the selected order, once loaded.
    pub timeline: Option<(i64, Vec<Event>)>,
    /// The incident of the selected order, once loaded.
    pub incident: Option<(i64, IncidentView)>,
    /// The tab `a` was last pressed on (it may have gone on to another tab): the
    /// confirm dialogs name it, so nobody records compensation unaware.
    pub act_from: DetailTab,
    /// The last text typed that went to the service, until it answers: a refusal puts
    /// it back in its input, so nothing typed is lost.
    pub typed: Option<super::dialog::Typed>,
    /// An input closed with Esc while it held text: opening the same input on the same
    /// order brings the text back, so a stray Esc loses nothing.
    pub closed_input: Option<super::dialog::Typed>,
    /// Every notice since the start, oldest first; the last one is on the footer line
    /// for a few seconds.
    pub notices: Vec<Notice>,
    /// What was copied last with `Y` and when: the same key again copies the track.
    pub copied: Option<(i64, DateTime<Utc>)>,
    /// When the buyer last wrote on each order this agent holds, as the last load
    /// read it: a later message is a notice.
    pub buyer_wrote: Option<std::collections::HashMap<i64, DateTime<Utc>>>,
    /// The agent's last act that may be taken back, while it may (`tui::revert`).
    pub undo: Option<UndoOffer>,
    /// Orders marked for one action on all of them.
    pub marked: std::collections::BTreeSet<i64>,
    /// The message being written, kept per order until sent.
    pub drafts: std::collections::HashMap<i64, Draft>,
    /// The text input as the journal was last told of it (`tui::kept_input`).
    pub input_kept: Option<super::dialog::KeptInput>,
    /// The input the journal kept at the last stop, until it is reopened or given up.
    pub restoring: Option<super::dialog::Restoring>,
    /// The `[incident]` config: date budget, compensation catalogue, carriers.
    pub incident_cfg: crate::domain::incident::IncidentConfig,
    /// The message templates of both languages (shipped, with the user's over them):
    /// a message is written in the buyer's language, whatever the screen's.
    pub templates: Vec<crate::domain::incident::template::Template>,
    /// How messages are signed: this agent's name from the config's `[agents]`, or
    /// the team's `signature`; never the Unix login (`None`: the template's own
    /// neutral words).
    pub signature: Option<String>,
    /// The Analysis screen's period, grouping and report.
    pub analysis: AnalysisView,
    pub footer: Footer,
    /// The clock used for ages and deadlines; injected so tests are stable.
    pub now: DateTime<Utc>,
    pub lang: Lang,
    pub demo: bool,
    pub read_only: bool,
    /// The Unix user of this agent, for "Mine".
    pub me: String,
    /// Data older than this many seconds is "stale".
    pub stale_after: i64,
    pub quit: bool,
}

impl AppState {
    /// An empty dashboard, waiting for its first data load.
    pub fn new(lang: Lang, me: String, views: Vec<Section>, now: DateTime<Utc>) -> AppState {
        let mut sections = vec![
            Section::AtRisk,
            Section::Undelivered,
            Section::Mine,
            Section::All,
        ];
        sections.extend(views);
        let n = sections.len();
        AppState {
            rows: Vec::new(),
            complete: false,
            visible: Vec::new(),
            sorted: None,
            matched: None,
            sections,
            section: 0,
            counts: vec![0; n],
            filter: String::new(),
            sort: SortKey::Urgency,
            mode: Mode::Normal,
            selected: None,
            chosen: false,
            cursor: 0,
            list_offset: Cell::new(0),
            page: Cell::new(20),
            overlay_max: Cell::new(0),
            detail_tab: DetailTab::Order,
            detail_open: false,
            timeline: None,
            incident: None,
            act_from: DetailTab::Order,
            typed: None,
            closed_input: None,
            notices: Vec::new(),
            copied: None,
            buyer_wrote: None,
            undo: None,
            marked: Default::default(),
            drafts: Default::default(),
            input_kept: None,
            restoring: None,
            incident_cfg: Default::default(),
            templates: [Lang::Ru, Lang::En]
                .into_iter()
                .flat_map(crate::domain::incident::template::builtin)
                .collect(),
            signature: None,
            analysis: AnalysisView {
                period: crate::service::report::Period::last_days(7, now),
                by: crate::service::report::Dimension::Cause,
                report: None,
                chart: Chart::Causes,
                cursor: 0,
                from_section: 0,
            },
            footer: Footer::default(),
            now,
            lang,
            demo: false,
            read_only: false,
            me,
            stale_after: 600,
            quit: false,
        }
    }

    /// The selected row, if the list has one.
    pub fn selected_row(&self) -> Option<&Row> {
        self.visible.get(self.cursor).map(|&i| &self.rows[i])
    }

    /// The rows of the list, in order.
    pub fn visible_rows(&self) -> impl Iterator<Item = &Row> {
        self.visible.iter().map(|&i| &self.rows[i])
    }

    /// The timeline events of the selected order, if loaded.
    pub fn selected_timeline(&self) -> Option<&[Event]> {
        let id = self.selected?;
        self.timeline
            .as_ref()
            .filter(|(t, _)| *t == id)
            .map(|(_, e)| e.as_slice())
    }

    /// The loaded detail of the selected order, if it is loaded.
    pub fn selected_view(&self) -> Option<&IncidentView> {
        let id = self.selected?;
        self.incident
            .as_ref()
            .filter(|(i, _)| *i == id)
            .map(|(_, v)| v)
    }

    /// Seconds since the last successful sync, if any.
    pub fn data_age(&self) -> Option<i64> {
        self.footer
            .last_sync
            .as_ref()
            .map(|r| (self.now - r.finished_at).num_seconds())
    }

    /// True when the data is older than `stale_after`.
    pub fn is_stale(&self) -> bool {
        self.data_age().is_none_or(|a| a > self.stale_after)
    }

    /// Opens an input with `text`, or with what was typed in the same one on the same
    /// order before Esc closed it (`closed_input`).
    pub fn open_input(&mut self, prompt: String, text: &str, purpose: super::dialog::InputFor) {
        let kept = self.closed_input.take_if(|k| k.purpose.same_as(&purpose));
        let text = kept.as_ref().map_or(text, |k| k.text.as_str());
        self.mode = Mode::Input(super::dialog::Input::new(prompt, text, purpose));
    }

    /// Says what just happened: on the footer line for a few seconds, and in the log.
    pub fn say(&mut self, text: impl Into<String>) {
        self.notice(text.into(), false);
    }

    /// Says what was refused or failed, and why.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.notice(text.into(), true);
    }

    /// Keeps routine news in the log only, off the footer line.
    pub fn log_only(&mut self, text: impl Into<String>) {
        self.notice(text.into(), false);
        if let Some(last) = self.notices.last_mut() {
            last.quiet = true;
        }
    }

    fn notice(&mut self, text: String, error: bool) {
        // Notices carry the Market's and other agents' words: made safe to show here.
        let text = crate::base::text::clean(&text).into_owned();
        let now = self.now;
        // The same text again (a failure repeating every round) is counted, not logged
        // again; it stays on the line from its latest time.
        if let Some(last) = self.notices.last_mut()
            && last.text == text
            && last.error == error
        {
            last.at = now;
            last.repeats += 1;
            return;
        }
        self.notices.push(Notice {
            at: now,
            text,
            error,
            repeats: 1,
            quiet: false,
        });
        if self.notices.len() > NOTICES_KEPT {
            let extra = self.notices.len() - NOTICES_KEPT;
            self.notices.drain(..extra);
        }
    }

    /// The notice on the footer line now, if one is still showing.
    pub fn notice_now(&self) -> Option<&Notice> {
        self.notices
            .iter()
            .rev()
            .find(|n| !n.quiet)
            .filter(|n| n.showing(self.now))
    }
}

/// The question before quitting, made in the UI language when it is asked.
#[derive(Debug, Clone, PartialEq)]
pub struct QuitQuestion {
    pub text: String,
    /// Where `n`/Esc returns: the input or screen the agent was in, with what was
    /// typed in it.
    pub back_to: Box<Mode>,
}

/// An act the agent may still take back.
#[derive(Debug, Clone, PartialEq)]
pub struct UndoOffer {
    pub order_id: i64,
    /// What the act was, in the UI language ("close", "note").
    pub what: String,
    pub at: DateTime<Utc>,
}

impl UndoOffer {
    /// Seconds left to take it back at `now`.
    pub fn left(&self, now: DateTime<Utc>) -> i64 {
        crate::service::revert::UNDO_SECONDS - (now - self.at).num_seconds()
    }
}
