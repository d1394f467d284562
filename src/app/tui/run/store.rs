//! The dashboard's store thread: the one reader of the cache for the screen. It
//! answers requests (a reload, an order's detail, the report, the team's figures, a
//! report group's orders) and reloads when another process commits, seen cheaply
//! through `PRAGMA data_version`; the first load comes in steps, the top of the at-risk
//! list first. It only reads: what changes the cache is a command.

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::mpsc;

use super::super::action::Action;
use super::super::data;
use super::super::state::IncidentView;
use crate::cache::Cache;
use crate::domain::incident::IncidentConfig;
use crate::domain::risk::Thresholds;
use crate::service::act;
use crate::service::report::{self, Dimension, Period};

/// Requests to the store thread, which reads the cache for the screen.
pub(super) enum StoreRequest {
    Reload,
    /// The detail of one order: timeline, incident, chat, writes.
    Detail(i64),
    /// The Analysis screen's report for this period and grouping.
    Report(Period, Dimension),
    /// The Team screen's figures.
    Team,
    /// The orders behind one group of the report, as a list section.
    Group {
        period: Period,
        by: Dimension,
        key: String,
        name: String,
    },
}

/// What the store thread needs for the detail's checks.
pub(super) struct StoreContext {
    pub(super) risk: Thresholds,
    pub(super) cfg: IncidentConfig,
    /// The agent: the loads watch the chats of the orders they hold.
    pub(super) me: String,
}

/// What the store thread remembers between requests.
struct Store {
    ctx: StoreContext,
    tx: mpsc::UnboundedSender<Action>,
    /// The Analysis screen's report: computed once the screen asks for it, then kept
    /// fresh each minute (not before: it reads every order).
    report_for: Option<(Period, Dimension)>,
    report_at: Option<std::time::Instant>,
    seen_version: i64,
    last_load: std::time::Instant,
    detail: Option<i64>,
    loader: data::Loader,
}

/// What one batch of requests asked for besides what was answered at once.
#[derive(Default)]
struct Asked {
    reload: bool,
    detail: Option<i64>,
}

/// The store thread: answers requests, and reloads when another process (the syncing
/// service, the daemon, another agent) commits — seen cheaply through
/// `PRAGMA data_version`. It only reads: what changes the cache is a command.
pub(super) fn store_thread(
    db: PathBuf,
    ctx: StoreContext,
    rx: std_mpsc::Receiver<StoreRequest>,
    tx: mpsc::UnboundedSender<Action>,
) {
    let mut store = Store {
        loader: data::Loader::for_agent(&ctx.me),
        ctx,
        tx,
        report_for: None,
        report_at: None,
        seen_version: -1,
        last_load: std::time::Instant::now() - Duration::from_secs(60),
        detail: None,
    };
    let mut cache: Option<Cache> = None;
    loop {
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(r) => Some(r),
            Err(std_mpsc::RecvTimeoutError::Timeout) => None,
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if cache.is_none() {
            match Cache::open_existing(&db) {
                Ok(c) => cache = Some(c.with_claim_idle(store.ctx.cfg.claim_idle_minutes)),
                Err(e) => {
                    let _ = store.tx.send(Action::Error(e.to_string()));
                    std::thread::sleep(Duration::from_secs(2));
                    continue;
                }
            }
        }
        let Some(c) = cache.as_mut() else { continue };
        let mut asked = Asked::default();
        for req in first.into_iter().chain(rx.try_iter()) {
            store.request(c, req, &mut asked);
        }
        if let Some(id) = asked.detail {
            store.detail = Some(id);
            send_detail(c, &store.ctx, id, &store.tx);
        }
        store.report_if_due(c);
        store.reload_if_due(c, &asked);
    }
}

impl Store {
    /// One request: answered now, or noted in `asked` (of many detail requests only
    /// the latest matters).
    fn request(&mut self, c: &Cache, req: StoreRequest, asked: &mut Asked) {
        match req {
            StoreRequest::Reload => asked.reload = true,
            StoreRequest::Detail(id) => asked.detail = Some(id),
            StoreRequest::Report(period, by) => {
                self.report_for = Some((period, by));
                self.report_at = None;
            }
            StoreRequest::Team => {
                let action = match crate::service::team::Team::read(c, Utc::now()) {
                    Ok(t) => Action::TeamLoaded(Box::new(t)),
                    Err(e) => Action::Error(e.to_string()),
                };
                let _ = self.tx.send(action);
            }
            StoreRequest::Group {
                period,
                by,
                key,
                name,
            } => {
                let action = match report::load(c, &period) {
                    Ok(data) => Action::ShowOrders {
                        name,
                        ids: report::orders_in_group(&data, &period, by, &key),
                    },
                    Err(e) => Action::Error(e.to_string()),
                };
                let _ = self.tx.send(action);
            }
        }
    }

    /// The report: when asked for, and again a minute after the last one.
    fn report_if_due(&mut self, c: &Cache) {
        let Some((period, by)) = self.report_for else {
            return;
        };
        if self
            .report_at
            .is_some_and(|t| t.elapsed() < Duration::from_secs(60))
        {
            return;
        }
        self.report_at = Some(std::time::Instant::now());
        let action = match report::build(c, &period, by, Utc::now()) {
            Ok(r) => Action::ReportLoaded(Box::new(r)),
            Err(e) => Action::Error(e.to_string()),
        };
        let _ = self.tx.send(action);
    }

    /// Another process committed, or a while passed (claims lapse with time): reads
    /// what changed, but not more than once a second.
    fn reload_if_due(&mut self, c: &Cache, asked: &Asked) {
        let version = c.data_version().unwrap_or(self.seen_version);
        let elapsed = self.last_load.elapsed();
        let due = elapsed >= Duration::from_secs(1)
            && (version != self.seen_version || elapsed >= Duration::from_secs(5));
        if !(asked.reload || due) {
            return;
        }
        let committed = version != self.seen_version;
        self.seen_version = version;
        self.last_load = std::time::Instant::now();
        let now = Utc::now();
        let loaded = if self.loader.has_all() {
            self.loader.changes(c, now)
        } else {
            // The very first load comes in steps: the top of the at-risk list, for the
            // first frame; every order at risk; every order.
            if let Ok(quick) = self.loader.first(c, now, data::FIRST_ROWS) {
                let _ = self.tx.send(Action::DataLoaded(Box::new(quick)));
            }
            if let Ok(quick) = self.loader.at_risk(c, now) {
                let _ = self.tx.send(Action::DataLoaded(Box::new(quick)));
            }
            self.loader.all(c, now)
        };
        let action = match loaded {
            Ok(snapshot) => Action::DataLoaded(Box::new(snapshot)),
            Err(e) => Action::Error(e.to_string()),
        };
        let _ = self.tx.send(action);
        // The detail follows the cache too, whoever changed it.
        if (committed || asked.reload)
            && let Some(id) = self.detail.filter(|_| asked.detail.is_none())
        {
            send_detail(c, &self.ctx, id, &self.tx);
        }
    }
}

/// The timeline and the incident of one order, for the detail pane.
fn send_detail(c: &Cache, ctx: &StoreContext, id: i64, tx: &mpsc::UnboundedSender<Action>) {
    match c.events(id) {
        Ok(events) => {
            let _ = tx.send(Action::TimelineLoaded(id, events));
        }
        Err(e) => {
            let _ = tx.send(Action::Error(e.to_string()));
        }
    }
    let order = c.load_order(id).ok().flatten();
    let audit = c.audit_for(id).unwrap_or_default();
    let chat = c.chat_messages(id).unwrap_or_default();
    let writes = c.outbox_for_order(id).unwrap_or_default();
    // The checks' evidence from what was just read, not read again.
    let evidence = act::Evidence {
        audit: &audit,
        chat: &chat,
        writes: &writes,
    };
    let check_ctx = order
        .as_ref()
        .map(|(o, _)| act::context_from(o, &evidence, &ctx.cfg, &ctx.risk))
        .unwrap_or_default();
    let view = IncidentView {
        incident: c.incident(id).ok().flatten(),
        order,
        ctx: check_ctx,
        given_today: act::given_today_by(c, &crate::base::whoami::user(), Utc::now())
            .unwrap_or_default(),
        audit,
        chat,
        writes,
        buyer: c.buyer(id).ok().flatten().filter(|b| b.error.is_none()),
        draft: c.draft(id, &crate::base::whoami::user()).ok().flatten(),
    };
    let _ = tx.send(Action::IncidentLoaded(id, Box::new(view)));
}
