//! The event loop: terminal events, the clock and background work come in as actions;
//! `update` applies them; a frame is drawn only when something changed. All I/O runs
//! off the loop: reading the cache on the store thread, commands and the Market on
//! tokio tasks through this process's service.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use ratatui::crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use tokio::sync::{mpsc, watch};

use super::action::{Action, Effect};
use super::data;
use super::keymap::Keymap;
use super::state::{AppState, IncidentView, Section};
use super::terminal::Guard;
use super::theme::{Theme, ThemeName};
use super::ui::{self, UiContext};
use super::update::update;
use crate::base::lang::Lang;
use crate::cache::Cache;
use crate::domain::incident::IncidentConfig;
use crate::domain::risk::Thresholds;
use crate::service::act::{self, ConfirmedWrite};
use crate::service::report::{self, Dimension, Period};
use crate::service::sync::Holder;
use crate::service::{Command, Event, Service};

/// What the dashboard needs to run.
pub struct Options {
    pub db: PathBuf,
    /// This process's service: with the key it syncs and sends; without, it carries
    /// out the agent's commands on the cache.
    pub service: Arc<Service>,
    /// The refresh interval, for when the data counts as stale.
    pub interval_seconds: i64,
    pub risk: Thresholds,
    pub lang: Lang,
    pub theme: Option<ThemeName>,
    pub keymap: Keymap,
    pub views: Vec<Section>,
    pub demo: bool,
    pub read_only: bool,
    /// The `[incident]` config: date budget, compensation catalogue, carriers.
    pub incident: IncidentConfig,
    /// The message templates of the UI language.
    pub templates: Vec<crate::domain::incident::template::Template>,
    /// The agent's own state folder: the drafts journal lives there.
    pub state_dir: PathBuf,
}

/// Requests to the store thread, which reads the cache for the screen.
enum StoreRequest {
    Reload,
    /// The detail of one order: timeline, incident, chat, writes.
    Detail(i64),
    /// The Analysis screen's report for this period and grouping.
    Report(Period, Dimension),
    /// The orders behind one group of the report, as a list section.
    Group {
        period: Period,
        by: Dimension,
        key: String,
        name: String,
    },
}

/// What the store thread needs for the detail's checks.
struct StoreContext {
    risk: Thresholds,
    cfg: IncidentConfig,
}

/// The store thread: answers requests, and reloads when another process (the syncing
/// service, the daemon, another agent) commits — seen cheaply through
/// `PRAGMA data_version`. It only reads: what changes the cache is a command.
fn store_thread(
    db: PathBuf,
    ctx: StoreContext,
    rx: std_mpsc::Receiver<StoreRequest>,
    tx: mpsc::UnboundedSender<Action>,
) {
    // The Analysis screen's report: computed here once the screen asks for it, then
    // kept fresh each minute (not before: it reads every order).
    let mut report_for: Option<(Period, Dimension)> = None;
    let mut report_at: Option<std::time::Instant> = None;
    let mut cache: Option<Cache> = None;
    let mut seen_version = -1;
    let mut last_load = std::time::Instant::now() - Duration::from_secs(60);
    let mut detail: Option<i64> = None;
    let mut loader = data::Loader::new();
    loop {
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(r) => Some(r),
            Err(std_mpsc::RecvTimeoutError::Timeout) => None,
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if cache.is_none() {
            match Cache::open_existing(&db) {
                Ok(c) => cache = Some(c.with_claim_idle(ctx.cfg.claim_idle_minutes)),
                Err(e) => {
                    let _ = tx.send(Action::Error(e.to_string()));
                    std::thread::sleep(Duration::from_secs(2));
                    continue;
                }
            }
        }
        let Some(c) = cache.as_mut() else { continue };
        // Coalesce: of many detail requests only the latest matters.
        let mut reload = false;
        let mut wanted = None;
        for req in first.into_iter().chain(rx.try_iter()) {
            match req {
                StoreRequest::Reload => reload = true,
                StoreRequest::Detail(id) => wanted = Some(id),
                StoreRequest::Report(period, by) => {
                    report_for = Some((period, by));
                    report_at = None;
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
                    let _ = tx.send(action);
                }
            }
        }
        if let Some(id) = wanted {
            detail = Some(id);
            send_detail(c, &ctx, id, &tx);
        }
        // The report: when asked for, and again a minute after the last one.
        if let Some((period, by)) = report_for
            && report_at.is_none_or(|t| t.elapsed() >= Duration::from_secs(60))
        {
            report_at = Some(std::time::Instant::now());
            match report::build(c, &period, by, Utc::now()) {
                Ok(r) => {
                    let _ = tx.send(Action::ReportLoaded(Box::new(r)));
                }
                Err(e) => {
                    let _ = tx.send(Action::Error(e.to_string()));
                }
            }
        }
        let version = c.data_version().unwrap_or(seen_version);
        // Another process committed, or a while passed (claims lapse with time):
        // read what changed, but not more than once a second.
        let due = last_load.elapsed() >= Duration::from_secs(1)
            && (version != seen_version || last_load.elapsed() >= Duration::from_secs(5));
        if reload || due {
            let committed = version != seen_version;
            seen_version = version;
            last_load = std::time::Instant::now();
            let now = Utc::now();
            let loaded = if loader.has_all() {
                loader.changes(c, now)
            } else {
                // The very first load comes in two steps: the orders at risk first, fast.
                if let Ok(quick) = loader.at_risk(c, now) {
                    let _ = tx.send(Action::DataLoaded(Box::new(quick)));
                }
                loader.all(c, now)
            };
            match loaded {
                Ok(snapshot) => {
                    let _ = tx.send(Action::DataLoaded(Box::new(snapshot)));
                }
                Err(e) => {
                    let _ = tx.send(Action::Error(e.to_string()));
                }
            }
            // The detail follows the cache too, whoever changed it.
            if (committed || reload)
                && let Some(id) = detail.filter(|_| wanted.is_none())
            {
                send_detail(c, &ctx, id, &tx);
            }
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

/// Sends due outbox writes every half second, then reads what they changed back from
/// the Market; failures show on the footer line.
async fn send_loop(
    service: Arc<Service>,
    client: crate::market::MarketClient,
    tx: mpsc::UnboundedSender<Action>,
) {
    let holder = Holder::current();
    let id = format!("{}@{}:{}", holder.user, holder.host, holder.pid);
    let worker = match crate::service::outbox::Worker::open(service.db(), &id) {
        Ok(w) => w,
        Err(e) => {
            let _ = tx.send(Action::Error(e.to_string()));
            return;
        }
    };
    loop {
        let started = Utc::now();
        match worker.drain(&client, Utc::now, 50).await {
            Ok(report) => {
                if let Some(f) = report.failed.first() {
                    let _ = tx.send(Action::Error(format!(
                        "{} {}: {}",
                        f.kind,
                        f.order_id.unwrap_or(0),
                        f.message
                    )));
                }
                if report.sent > 0 {
                    service.follow_sent(started).await;
                }
            }
            Err(e) => {
                let _ = tx.send(Action::Error(e.to_string()));
            }
        }
        if tx.is_closed() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// What the service's rounds tell the footer.
fn round_action(e: Event, lang: Lang) -> Action {
    match e {
        Event::Progress(p) => Action::SyncProgress(format!("{} / {}", p.orders, p.pages)),
        Event::Round(Ok(report)) => Action::SyncFinished(Ok(match lang {
            Lang::Ru => format!(
                "обновлено: {} новых, {} изменилось",
                report.sync.stats.new, report.sync.stats.changed
            ),
            Lang::En => format!(
                "refreshed: {} new, {} changed",
                report.sync.stats.new, report.sync.stats.changed
            ),
        })),
        Event::LeaseHeld(l) => Action::SyncFinished(Ok(match lang {
            Lang::Ru => format!("синхронизирует {}", l.holder),
            Lang::En => format!("{} is syncing", l.holder),
        })),
        Event::Round(Err(e)) => Action::SyncFinished(Err(e)),
    }
}

fn copied(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "черновик скопирован в буфер обмена (OSC 52)",
        Lang::En => "draft copied to the clipboard (OSC 52)",
    }
}

/// Why `v` cannot re-fetch: this process has no Market to ask.
fn no_market(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "нет ключа API: заказ обновит процесс с ключом (ym-triage daemon)",
        Lang::En => {
            "no API key here: the process holding the key (ym-triage daemon) refreshes orders"
        }
    }
}

/// Runs the dashboard until the user leaves or a signal asks it to.
pub async fn run(opts: Options) -> anyhow::Result<()> {
    // Read-only hides the acting keys from hints and help; `update` refuses them too.
    let keymap = if opts.read_only {
        opts.keymap.clone().read_only()
    } else {
        opts.keymap.clone()
    };
    let theme = Theme::from_env(opts.theme);
    let me = crate::base::whoami::user();
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let (store_tx, store_rx) = std_mpsc::channel::<StoreRequest>();
    {
        let (db, tx) = (opts.db.clone(), tx.clone());
        let ctx = StoreContext {
            risk: opts.risk.clone(),
            cfg: opts.incident.clone(),
        };
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || store_thread(db, ctx, store_rx, tx))?;
    }
    let _ = store_tx.send(StoreRequest::Reload);
    // The drafts journal reads the agent's drafts back, then keeps every change.
    let journal = super::journal::spawn(
        super::journal::Journal::new(&opts.state_dir, &opts.db),
        opts.db.clone(),
        me.clone(),
        tx.clone(),
    )?;
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel::<Command>();
    let commands = {
        let store = store_tx.clone();
        // After a command, the list and the order's detail are read again.
        let reread = move |order_id: Option<i64>| {
            let _ = store.send(StoreRequest::Reload);
            if let Some(id) = order_id {
                let _ = store.send(StoreRequest::Detail(id));
            }
        };
        tokio::spawn(super::command_loop::run(
            Arc::clone(&opts.service),
            me.clone(),
            cmd_rx,
            tx.clone(),
            reread,
        ))
    };
    let (stop_tx, stop_rx) = watch::channel(false);
    // The process that holds the key is the service: it syncs and sends the outbox's
    // writes (read-only sends none).
    if let Some(client) = opts.service.client() {
        if !opts.read_only {
            tokio::spawn(send_loop(
                Arc::clone(&opts.service),
                client.clone(),
                tx.clone(),
            ));
        }
        let (service, tx, lang) = (Arc::clone(&opts.service), tx.clone(), opts.lang);
        tokio::spawn(async move {
            let on_event = move |e| {
                let _ = tx.send(round_action(e, lang));
            };
            service.run_rounds(stop_rx, Arc::new(on_event)).await;
        });
    }

    let mut state = AppState::new(opts.lang, me.clone(), opts.views.clone(), Utc::now());
    state.demo = opts.demo;
    state.incident_cfg = opts.incident.clone();
    if !opts.templates.is_empty() {
        state.templates = opts.templates.clone();
    }
    state.read_only = opts.read_only;
    state.stale_after = (opts.interval_seconds * 3).max(300);

    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    let mut guard = Guard::enter()?;
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut dirty = true;
    let mut first_list_frame = true;
    let mut editing: Option<(i64, String)> = None;
    while !state.quit {
        // The external editor gets the terminal, and the keys: the event reader is
        // dropped while it runs, then the screen comes back whole.
        if let Some((id, text)) = editing.take() {
            drop(events);
            let edited = guard.suspend(|| crate::app::tui::editor::edit(&text))?;
            events = EventStream::new();
            dirty = true;
            match edited {
                // Through the queue, so its effects (the journal, the store) happen.
                Ok(new) => {
                    let _ = tx.send(Action::DraftEdited(id, new));
                }
                Err(e) => {
                    tracing::warn!(error = %e, "the external editor failed");
                    state.footer.error = Some(e.to_string());
                }
            }
        }
        if dirty {
            let ctx = UiContext {
                keymap: &keymap,
                theme: &theme,
            };
            guard.draw(|f| ui::draw(f, &state, &ctx))?;
            dirty = false;
            if first_list_frame && !state.rows.is_empty() {
                first_list_frame = false;
                tracing::info!(
                    ms = crate::app::logging::since_start().as_millis() as u64,
                    orders = state.rows.len(),
                    "first frame with orders drawn"
                );
            }
        }
        let action = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(TermEvent::Key(k))) if k.kind != KeyEventKind::Release => keymap.action(state.mode, &k),
                Some(Ok(TermEvent::Resize(w, h))) => Some(Action::Resize(w, h)),
                Some(Ok(_)) => None,
                // The terminal is gone: nobody can answer a question.
                Some(Err(_)) | None => Some(Action::Stop),
            },
            a = rx.recv() => a,
            _ = tick.tick() => Some(Action::Tick(Utc::now())),
            _ = term.recv() => Some(Action::Stop),
            _ = hup.recv() => Some(Action::Stop),
        };
        let mut pending: Vec<Action> = action.into_iter().collect();
        // Apply everything already waiting before drawing: one frame for a burst.
        while let Ok(a) = rx.try_recv() {
            pending.push(a);
        }
        for action in pending {
            dirty = true;
            for effect in update(&mut state, action) {
                match effect {
                    Effect::LoadTimeline(id) => {
                        let _ = store_tx.send(StoreRequest::Detail(id));
                    }
                    Effect::Command(cmd) => {
                        let _ = cmd_tx.send(cmd);
                    }
                    Effect::Write(writes) => {
                        // One nonce per confirmation: queued twice, it is one write.
                        let writes = writes
                            .into_iter()
                            .map(|(order_id, action)| ConfirmedWrite {
                                order_id,
                                action,
                                nonce: crate::domain::write::new_nonce(),
                            })
                            .collect();
                        let _ = cmd_tx.send(Command::Write { writes });
                    }
                    Effect::LoadChat(order_id) => {
                        if opts.service.reaches_market() {
                            let _ = cmd_tx.send(Command::RefreshChat { order_id });
                        }
                    }
                    Effect::Editor(id, text) => editing = Some((id, text)),
                    Effect::KeepDraft(d) => {
                        let _ = journal.send(super::journal::Op::Keep(d));
                    }
                    Effect::ForgetDraft(id) => {
                        let _ = journal.send(super::journal::Op::Forget(id));
                    }
                    Effect::LoadReport { period, by } => {
                        let _ = store_tx.send(StoreRequest::Report(period, by));
                    }
                    Effect::GroupOrders {
                        period,
                        by,
                        key,
                        name,
                    } => {
                        let _ = store_tx.send(StoreRequest::Group {
                            period,
                            by,
                            key,
                            name,
                        });
                    }
                    Effect::Copy(text) => {
                        state.footer.notice = Some(match crate::app::tui::clipboard::copy(&text) {
                            Ok(()) => copied(state.lang).to_owned(),
                            Err(e) => e.to_string(),
                        });
                    }
                    Effect::RefreshNow => {
                        if opts.service.reaches_market() {
                            let _ = cmd_tx.send(Command::SyncNow);
                        } else {
                            let _ = store_tx.send(StoreRequest::Reload);
                        }
                    }
                    Effect::RefetchOrder(order_id) => {
                        if opts.service.reaches_market() {
                            let _ = cmd_tx.send(Command::Refetch { order_id });
                        } else {
                            state.footer.error = Some(no_market(state.lang).to_owned());
                        }
                    }
                }
            }
        }
    }
    let _ = stop_tx.send(true);
    drop(guard);
    // What was asked just before quitting (a draft saved, a step marked done) is
    // carried out before the process ends: the queue closes and the loop drains it.
    drop(cmd_tx);
    let _ = tokio::time::timeout(Duration::from_secs(3), commands).await;
    Ok(())
}
