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

use super::action::{Action, Effect};
use super::data;
use super::keymap::Keymap;
use super::state::{AppState, IncidentView, Section};
use super::terminal::Guard;
use super::theme::Theme;
use super::ui::{self, UiContext};
use super::update::update;
use crate::cache::{Cache, ClaimOutcome, Incoming};
use crate::cli::{Lang, ThemeName};
use crate::incident::steps::{self, RootCause};
use crate::market::MarketClient;
use crate::market::client::parse_order;
use crate::market::wire::order::OrdersFilter;
use crate::order::Order;
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
}

/// Requests to the store thread, which owns the dashboard's cache connection.
enum StoreRequest {
    Reload,
    Timeline(i64),
    Claim {
        order_id: i64,
        take_over: bool,
    },
    Incident(Effect),
    /// A freshly fetched order to store, then reload.
    Store(Vec<Incoming>),
}

/// The store thread: answers requests, and reloads when another process (a sync, the
/// daemon, another agent) commits — seen cheaply through `PRAGMA data_version`.
fn store_thread(
    db: PathBuf,
    risk: Thresholds,
    rx: std_mpsc::Receiver<StoreRequest>,
    tx: mpsc::UnboundedSender<Action>,
) {
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
                Ok(c) => cache = Some(c),
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
                    let idle = chrono::Duration::minutes(crate::cache::CLAIM_IDLE_MINUTES);
                    let _ = tx.send(match c.claim(order_id, &me, take_over, idle, Utc::now()) {
                        Ok(outcome) => Action::SyncFinished(Ok(claim_notice(&outcome, order_id))),
                        Err(e) => Action::Error(e.to_string()),
                    });
                    reload = true;
                    timeline = timeline.or(Some(order_id));
                }
                StoreRequest::Incident(effect) => {
                    if let Some(order_id) = change_incident(c, &effect, &tx) {
                        reload = true;
                        timeline = timeline.or(Some(order_id));
                    }
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
            send_detail(c, id, &tx);
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
                send_detail(c, id, &tx);
            }
        }
    }
}

/// The timeline and the incident of one order, for the detail pane.
fn send_detail(c: &Cache, id: i64, tx: &mpsc::UnboundedSender<Action>) {
    match c.events(id) {
        Ok(events) => {
            let _ = tx.send(Action::TimelineLoaded(id, events));
        }
        Err(e) => {
            let _ = tx.send(Action::Error(e.to_string()));
        }
    }
    let view = IncidentView {
        incident: c.incident(id).ok().flatten(),
        audit: c.audit_for(id).unwrap_or_default(),
    };
    let _ = tx.send(Action::IncidentLoaded(id, Box::new(view)));
}

/// Applies a step or a close to an incident, if nobody changed it meanwhile. Returns the
/// order whose detail should be reloaded.
fn change_incident(
    c: &mut Cache,
    effect: &Effect,
    tx: &mpsc::UnboundedSender<Action>,
) -> Option<i64> {
    let me = crate::whoami::user();
    let now = Utc::now();
    let result = match effect.clone() {
        Effect::StepDone {
            order_id,
            incident_id,
            version,
        } => {
            let r = c.update_incident(incident_id, version, &me, "step_done", now, |i| {
                let mut states = steps::states_from_json(&i.steps).unwrap_or_default();
                if let Some(step) = steps::current(&states) {
                    steps::complete(&mut states, step, None, &me, now);
                }
                i.steps = steps::states_to_json(&states);
                i.step = steps::current(&states).map_or(7, |s| i64::from(s.number()));
            });
            (order_id, r)
        }
        Effect::Close {
            order_id,
            incident_id,
            version,
            cause,
        } => {
            let cause = RootCause::from_id(&cause);
            if let Err(why) = steps::can_close(cause) {
                let _ = tx.send(Action::Error(why.get(Lang::En).to_owned()));
                return None;
            }
            let r = c.update_incident(incident_id, version, &me, "close", now, |i| {
                i.closed_at = Some(now);
                i.closed_by = Some(me.clone());
                i.root_cause = cause.map(|c| c.id().to_owned());
                i.fault_owner = cause.map(|c| c.owner().id().to_owned());
            });
            (order_id, r)
        }
        _ => return None,
    };
    match result {
        (id, Ok(Ok(_))) => Some(id),
        (id, Ok(Err(_conflict))) => {
            let _ = tx.send(Action::Error(format!(
                "{id}: changed by another agent; reloaded"
            )));
            Some(id)
        }
        (_, Err(e)) => {
            let _ = tx.send(Action::Error(e.to_string()));
            None
        }
    }
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
        let (db, risk, tx) = (opts.db.clone(), opts.risk.clone(), tx.clone());
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || store_thread(db, risk, store_rx, tx))?;
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
    state.read_only = opts.read_only;
    state.stale_after = (opts.sync.interval_seconds * 3).max(300);

    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
    let mut guard = Guard::enter()?;
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut dirty = true;
    let mut first_list_frame = true;
    while !state.quit {
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
                    e @ (Effect::StepDone { .. } | Effect::Close { .. }) => {
                        let _ = store_tx.send(StoreRequest::Incident(e));
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
