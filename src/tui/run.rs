//! The event loop: terminal events, the clock and background work come in as actions;
//! `update` applies them; a frame is drawn only when something changed. All I/O runs
//! off the loop: SQLite on the store thread, the Market on tokio tasks.

use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use ratatui::crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use tokio::sync::mpsc;

use super::action::IncidentAct;
use super::action::{Action, Effect};
use super::data;
use super::keymap::Keymap;
use super::state::{AppState, IncidentView, Section};
use super::terminal::Guard;
use super::theme::Theme;
use super::ui::{self, UiContext};
use super::update::update;
use crate::act::{self, ActError, Actor, Closing, ConfirmedWrite};
use crate::cache::{Cache, ClaimOutcome, Incoming};
use crate::cli::{Lang, ThemeName};
use crate::incident::IncidentConfig;
use crate::incident::checks::Call;
use crate::incident::steps::{RootCause, Step};
use crate::market::MarketClient;
use crate::market::client::parse_order;
use crate::market::wire::order::OrdersFilter;
use crate::order::Order;
use crate::report::{self, Dimension, Period};
use crate::risk::Thresholds;
use crate::sync::{self, Holder, SyncError, SyncSettings};

/// What the dashboard needs to run.
pub struct Options {
    pub db: PathBuf,
    /// The Market to refresh from; `None` follows the cache only.
    pub client: Option<MarketClient>,
    pub sync: SyncSettings,
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
    pub templates: Vec<crate::incident::template::Template>,
}

/// Requests to the store thread, which owns the dashboard's cache connection.
enum StoreRequest {
    Reload,
    Timeline(i64),
    Claim {
        order_id: i64,
        take_over: bool,
    },
    Act {
        order_id: i64,
        version: i64,
        act: IncidentAct,
    },
    Write(Vec<ConfirmedWrite>),
    /// The Analysis screen's report for this period and grouping.
    Report(Period, Dimension),
    /// The orders behind one group of the report, as a list section.
    Group {
        period: Period,
        by: Dimension,
        key: String,
        name: String,
    },
    /// A freshly fetched order to store, then reload.
    Store(Vec<Incoming>),
}

/// What the store thread needs to check and act: the rules' thresholds, the
/// `[incident]` config and the UI language for its messages.
struct StoreContext {
    risk: Thresholds,
    cfg: IncidentConfig,
    lang: Lang,
}

/// The store thread: answers requests, and reloads when another process (a sync, the
/// daemon, another agent) commits — seen cheaply through `PRAGMA data_version`.
fn store_thread(
    db: PathBuf,
    ctx: StoreContext,
    rx: std_mpsc::Receiver<StoreRequest>,
    tx: mpsc::UnboundedSender<Action>,
) {
    let risk = ctx.risk.clone();
    // The Analysis screen's report: computed here once the screen asks for it, then
    // kept fresh each minute (not before: reading it maps the cache into memory).
    let mut report_for: Option<(Period, Dimension)> = None;
    let mut report_at: Option<std::time::Instant> = None;
    let mut cache: Option<Cache> = None;
    let mut seen_version = -1;
    let mut last_load = std::time::Instant::now() - Duration::from_secs(60);
    loop {
        let first = match rx.recv_timeout(Duration::from_millis(500)) {
            Ok(r) => Some(r),
            Err(std_mpsc::RecvTimeoutError::Timeout) => None,
            Err(std_mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if cache.is_none() {
            match Cache::open(&db) {
                Ok(c) => cache = Some(c.with_claim_idle(ctx.cfg.claim_idle_minutes)),
                Err(e) => {
                    let _ = tx.send(Action::Error(e.to_string()));
                    std::thread::sleep(Duration::from_secs(2));
                    continue;
                }
            }
        }
        let Some(c) = cache.as_mut() else { continue };
        // Coalesce: of many timeline requests only the latest matters.
        let mut reload = false;
        let mut timeline = None;
        let mut store = Vec::new();
        for req in first.into_iter().chain(rx.try_iter()) {
            match req {
                StoreRequest::Reload => reload = true,
                StoreRequest::Timeline(id) => timeline = Some(id),
                StoreRequest::Claim {
                    order_id,
                    take_over,
                } => {
                    let me = crate::whoami::user();
                    let claimed = Actor::new(c, &me, Utc::now()).claim(order_id, take_over);
                    let _ = tx.send(match claimed {
                        Ok(outcome) => Action::SyncFinished(Ok(claim_notice(&outcome, order_id))),
                        Err(e) => Action::Error(e.message(ctx.lang)),
                    });
                    reload = true;
                    timeline = timeline.or(Some(order_id));
                }
                StoreRequest::Act {
                    order_id,
                    version,
                    act,
                } => {
                    let id = apply_act(c, &ctx, order_id, version, act, &tx);
                    reload = true;
                    timeline = timeline.or(Some(id));
                }
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
                StoreRequest::Write(writes) => {
                    apply_writes(c, &ctx, &writes, &tx);
                    reload = true;
                    timeline = timeline.or(writes.first().map(|w| w.order_id));
                }
                StoreRequest::Store(orders) => store.extend(orders),
            }
        }
        if !store.is_empty() {
            match c.upsert_orders(&store, Utc::now()) {
                Ok(_) => reload = true,
                Err(e) => {
                    let _ = tx.send(Action::Error(e.to_string()));
                }
            }
        }
        if let Some(id) = timeline {
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
        // Another process committed: reload, but not more than once a second.
        let changed = version != seen_version && last_load.elapsed() >= Duration::from_secs(1);
        if reload || changed {
            // The very first load comes in two steps: the orders at risk first, fast.
            if seen_version == -1
                && let Ok(quick) = data::load_watched(c, Utc::now(), &risk)
            {
                let _ = tx.send(Action::DataLoaded(Box::new(quick)));
            }
            seen_version = version;
            last_load = std::time::Instant::now();
            match data::load(c, Utc::now(), &risk) {
                Ok(snapshot) => {
                    // An incident opens when an order first matches a rule.
                    let matched: Vec<(i64, &str)> = snapshot
                        .rows
                        .iter()
                        .filter_map(|r| Some((r.order.order_id, r.assessment.worst()?.rule.id())))
                        .collect();
                    if let Err(e) = c.open_incidents(&matched, Utc::now()) {
                        tracing::warn!(error = %e, "could not open incidents");
                    }
                    let _ = tx.send(Action::DataLoaded(Box::new(snapshot)));
                }
                Err(e) => {
                    let _ = tx.send(Action::Error(e.to_string()));
                }
            }
            if let Some(id) = timeline {
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
        given_today: act::given_today_by(c, &crate::whoami::user(), Utc::now()).unwrap_or_default(),
        audit,
        chat,
        writes,
    };
    let _ = tx.send(Action::IncidentLoaded(id, Box::new(view)));
}

/// Carries out one act on an incident; returns the order whose detail to reload.
fn apply_act(
    c: &mut Cache,
    ctx: &StoreContext,
    order_id: i64,
    version: i64,
    act: IncidentAct,
    tx: &mpsc::UnboundedSender<Action>,
) -> i64 {
    let me = crate::whoami::user();
    let mut actor = Actor::new(c, &me, Utc::now());
    let done = match act {
        IncidentAct::StepDone => actor.step_done(order_id, version, None).map(|_| ()),
        IncidentAct::StepDoneWith(outcome) => actor
            .step_done(order_id, version, Some(outcome))
            .map(|_| ()),
        IncidentAct::Close { cause, lesson } => actor
            .close(
                order_id,
                version,
                Closing {
                    cause: RootCause::from_id(&cause),
                    detected_before_buyer: None,
                    lesson,
                },
            )
            .map(|_| ()),
        IncidentAct::Skip(reason) => actor.skip_step(order_id, version, &reason).map(|_| ()),
        IncidentAct::Note(text) => actor.note(order_id, version, &text).map(|_| ()),
        IncidentAct::Compensate { kind, amount, lead } => {
            match ctx.cfg.compensation.iter().find(|k| k.id == kind) {
                Some(k) => actor
                    .compensate(order_id, version, k, amount, lead.as_deref())
                    .map(|_| ()),
                None => Ok(()),
            }
        }
        IncidentAct::Call {
            connected_secs,
            number_unavailable,
        } => actor.log_call(
            order_id,
            &Call {
                at: Utc::now(),
                connected_secs,
                number_unavailable,
            },
        ),
        IncidentAct::Manual(outcome) => actor
            .complete(order_id, version, Some(Step::Reroute), Some(outcome))
            .map(|_| ()),
    };
    if let Err(e) = done {
        let _ = tx.send(Action::Error(e.message(ctx.lang)));
    }
    order_id
}

/// Queues confirmed writes, each checked again against the cache's data now.
fn apply_writes(
    c: &mut Cache,
    ctx: &StoreContext,
    writes: &[ConfirmedWrite],
    tx: &mpsc::UnboundedSender<Action>,
) {
    let me = crate::whoami::user();
    let (mut queued, mut refused) = (0, Vec::new());
    for w in writes {
        let check_ctx = match c.load_order(w.order_id) {
            Ok(Some((order, _))) => act::check_context(c, &order, &ctx.cfg, &ctx.risk),
            Ok(None) => {
                refused.push(ActError::NoOrder(w.order_id).message(ctx.lang));
                continue;
            }
            Err(e) => Err(e),
        };
        let result = check_ctx
            .map_err(ActError::from)
            .and_then(|cc| Actor::new(c, &me, Utc::now()).write(w, &cc));
        match result {
            Ok(_) => queued += 1,
            Err(e) => refused.push(e.message(ctx.lang)),
        }
    }
    let line = match ctx.lang {
        Lang::Ru => format!("в очереди на отправку: {queued}"),
        Lang::En => format!("queued to send: {queued}"),
    };
    let _ = tx.send(if refused.is_empty() {
        Action::SyncFinished(Ok(line))
    } else {
        Action::Error(format!("{line}; {}", refused.join("; ")))
    });
}

/// What a claim did, in a line for the footer.
fn claim_notice(outcome: &ClaimOutcome, order_id: i64) -> String {
    match outcome {
        ClaimOutcome::Claimed | ClaimOutcome::AlreadyYours => format!("✓ {order_id}"),
        ClaimOutcome::TookOver { from } => format!("✓ {order_id} ← {from}"),
        ClaimOutcome::HeldBy(c) => format!("{order_id}: {}", c.agent),
    }
}

/// Sends due outbox writes every half second; failures show on the footer line.
async fn send_loop(client: MarketClient, db: PathBuf, tx: mpsc::UnboundedSender<Action>) {
    let holder = Holder::current();
    let id = format!("{}@{}:{}", holder.user, holder.host, holder.pid);
    let worker = match crate::outbox::Worker::open(&db, &id) {
        Ok(w) => w,
        Err(e) => {
            let _ = tx.send(Action::Error(e.to_string()));
            return;
        }
    };
    loop {
        match worker.drain(&client, Utc::now, 50).await {
            Ok(report) if !report.failed.is_empty() => {
                let f = &report.failed[0];
                let _ = tx.send(Action::Error(format!(
                    "{} {}: {}",
                    f.kind,
                    f.order_id.unwrap_or(0),
                    f.message
                )));
            }
            Ok(_) => {}
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

/// Refreshes the cache on an interval while this process holds the key. When another
/// process holds the sync lease, this one follows the cache instead.
async fn sync_loop(
    client: MarketClient,
    db: PathBuf,
    settings: SyncSettings,
    lang: Lang,
    tx: mpsc::UnboundedSender<Action>,
    mut now_rx: mpsc::UnboundedReceiver<()>,
) {
    let holder = Holder::current();
    loop {
        let progress_tx = tx.clone();
        let on_progress = move |p: sync::Progress| {
            let _ = progress_tx.send(Action::SyncProgress(format!("{} / {}", p.orders, p.pages)));
        };
        let result = sync::run(&client, db.clone(), &settings, &holder, on_progress).await;
        let outcome = match result {
            Ok(report) => Ok(match lang {
                Lang::Ru => format!(
                    "обновлено: {} новых, {} изменилось",
                    report.stats.new, report.stats.changed
                ),
                Lang::En => format!(
                    "refreshed: {} new, {} changed",
                    report.stats.new, report.stats.changed
                ),
            }),
            Err(SyncError::LeaseHeld(l)) => Ok(match lang {
                Lang::Ru => format!("синхронизирует {}", l.holder),
                Lang::En => format!("{} is syncing", l.holder),
            }),
            Err(e) => Err(e.to_string()),
        };
        if tx.send(Action::SyncFinished(outcome)).is_err() {
            return;
        }
        let wait = Duration::from_secs(settings.interval_seconds.max(5) as u64);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            got = now_rx.recv() => if got.is_none() { return },
        }
    }
}

/// Fetches one order from the Market now and hands it to the store.
async fn refetch(
    client: MarketClient,
    order: Order,
    store: std_mpsc::Sender<StoreRequest>,
    tx: mpsc::UnboundedSender<Action>,
) {
    let filter = OrdersFilter {
        order_ids: vec![order.order_id],
        ..OrdersFilter::default()
    };
    let result = client
        .orders_page(order.business_id, &filter, None, 1)
        .await;
    let action = match result {
        Ok(page) => match page
            .orders
            .first()
            .map(|raw| (parse_order(raw), raw.get().to_owned()))
        {
            Some((Ok(o), raw)) => {
                let fresh = Order::from_wire(&o, order.business_id, order.model.clone());
                let _ = store.send(StoreRequest::Store(vec![Incoming { order: fresh, raw }]));
                Action::SyncFinished(Ok(format!("↻ {}", order.order_id)))
            }
            Some((Err(e), _)) => Action::Error(e.to_string()),
            None => Action::Error(format!(
                "{}: the Market returned no such order",
                order.order_id
            )),
        },
        Err(e) => Action::Error(e.to_string()),
    };
    let _ = tx.send(action);
}

/// Fetches an order's chat history into the cache, then reloads the detail.
async fn load_chat(
    client: MarketClient,
    db: PathBuf,
    business_id: i64,
    order_id: i64,
    store: std_mpsc::Sender<StoreRequest>,
    tx: mpsc::UnboundedSender<Action>,
) {
    match crate::chat::refresh_history(&client, &db, business_id, order_id, Utc::now()).await {
        Ok(_) => {
            let _ = store.send(StoreRequest::Timeline(order_id));
        }
        Err(e) => {
            let _ = tx.send(Action::Error(e.to_string()));
        }
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
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let (store_tx, store_rx) = std_mpsc::channel::<StoreRequest>();
    {
        let (db, tx) = (opts.db.clone(), tx.clone());
        let ctx = StoreContext {
            risk: opts.risk.clone(),
            cfg: opts.incident.clone(),
            lang: opts.lang,
        };
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || store_thread(db, ctx, store_rx, tx))?;
    }
    let _ = store_tx.send(StoreRequest::Reload);
    let (sync_now_tx, sync_now_rx) = mpsc::unbounded_channel::<()>();
    // The process that holds the key sends the outbox's writes (read-only sends none).
    if let (Some(client), false) = (opts.client.clone(), opts.read_only) {
        tokio::spawn(send_loop(client, opts.db.clone(), tx.clone()));
    }
    if let Some(client) = opts.client.clone() {
        tokio::spawn(sync_loop(
            client,
            opts.db.clone(),
            opts.sync.clone(),
            opts.lang,
            tx.clone(),
            sync_now_rx,
        ));
    }

    let mut state = AppState::new(
        opts.lang,
        crate::whoami::user(),
        opts.views.clone(),
        Utc::now(),
    );
    state.demo = opts.demo;
    state.incident_cfg = opts.incident.clone();
    if !opts.templates.is_empty() {
        state.templates = opts.templates.clone();
    }
    state.read_only = opts.read_only;
    state.stale_after = (opts.sync.interval_seconds * 3).max(300);

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
            let edited = guard.suspend(|| crate::tui::editor::edit(&text))?;
            events = EventStream::new();
            dirty = true;
            match edited {
                Ok(new) => {
                    update(&mut state, Action::DraftEdited(id, new));
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
                    ms = crate::logging::since_start().as_millis() as u64,
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
                Some(Err(_)) | None => Some(Action::Quit),
            },
            a = rx.recv() => a,
            _ = tick.tick() => Some(Action::Tick(Utc::now())),
            _ = term.recv() => Some(Action::Quit),
            _ = hup.recv() => Some(Action::Quit),
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
                        let _ = store_tx.send(StoreRequest::Timeline(id));
                    }
                    Effect::Claim {
                        order_id,
                        take_over,
                    } => {
                        let _ = store_tx.send(StoreRequest::Claim {
                            order_id,
                            take_over,
                        });
                    }
                    Effect::Act {
                        order_id,
                        version,
                        act,
                    } => {
                        let _ = store_tx.send(StoreRequest::Act {
                            order_id,
                            version,
                            act,
                        });
                    }
                    Effect::Write(writes) => {
                        // One nonce per confirmation: queued twice, it is one write.
                        let writes = writes
                            .into_iter()
                            .map(|(order_id, action)| ConfirmedWrite {
                                order_id,
                                action,
                                nonce: crate::outbox::new_nonce(),
                            })
                            .collect();
                        let _ = store_tx.send(StoreRequest::Write(writes));
                    }
                    Effect::LoadChat(id) => {
                        if let (Some(client), Some(row)) = (&opts.client, state.selected_row()) {
                            tokio::spawn(load_chat(
                                client.clone(),
                                opts.db.clone(),
                                row.order.business_id,
                                id,
                                store_tx.clone(),
                                tx.clone(),
                            ));
                        }
                    }
                    Effect::Editor(id, text) => editing = Some((id, text)),
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
                        state.footer.notice = Some(match crate::tui::clipboard::copy(&text) {
                            Ok(()) => copied(state.lang).to_owned(),
                            Err(e) => e.to_string(),
                        });
                    }
                    Effect::RefreshNow => {
                        if opts.client.is_some() {
                            let _ = sync_now_tx.send(());
                        } else {
                            let _ = store_tx.send(StoreRequest::Reload);
                        }
                    }
                    Effect::RefetchOrder(id) => match (&opts.client, state.selected_row()) {
                        (Some(client), Some(row)) if row.order.order_id == id => {
                            tokio::spawn(refetch(
                                client.clone(),
                                row.order.clone(),
                                store_tx.clone(),
                                tx.clone(),
                            ));
                        }
                        _ => state.footer.error = Some(no_market(state.lang).to_owned()),
                    },
                }
            }
        }
    }
    drop(guard);
    Ok(())
}
