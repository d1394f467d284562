//! The event loop: terminal events, the clock and background work come in as actions;
//! `update` applies them; a frame is drawn only when something changed. All I/O runs
//! off the loop: reading the cache on the store thread, commands and the Market on
//! tokio tasks through this process's service. The store thread is `run/store.rs`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use chrono::Utc;
use futures::StreamExt;
use ratatui::crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use tokio::sync::{mpsc, watch};

use super::action::{Action, Effect};
use super::i18n;
use super::keymap::Keymap;
use super::state::{AppState, Section};
use super::terminal::Guard;
use super::theme::{Theme, ThemeName};
use super::ui::{self, UiContext};
use super::update::update;
use crate::base::lang::Lang;
use crate::base::words::fill;
use crate::domain::incident::IncidentConfig;
use crate::domain::risk::Thresholds;
use crate::service::act::ConfirmedWrite;
use crate::service::sync::Holder;
use crate::service::{Command, Event, Service};

mod store;

use store::{StoreContext, StoreRequest, store_thread};

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
    /// How messages are signed: the agent's name from the config's `[agents]`, or the
    /// team's signature; never the Unix login.
    pub signature: Option<String>,
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
        Event::Round(Ok(report)) => {
            let stats = &report.sync.stats;
            let text = i18n::strings(lang).refreshed;
            Action::SyncFinished(Ok(fill(
                text,
                &[("new", &stats.new), ("changed", &stats.changed)],
            )))
        }
        Event::LeaseHeld(l) => Action::SyncFinished(Ok(fill(
            i18n::strings(lang).lease_held,
            &[("holder", &l.holder)],
        ))),
        Event::Round(Err(e)) => Action::SyncFinished(Err(e)),
    }
}

/// The channels the event loop hands its effects to.
struct Outlets {
    store: std_mpsc::Sender<StoreRequest>,
    commands: mpsc::UnboundedSender<Command>,
    journal: std_mpsc::Sender<super::journal::Op>,
    actions: mpsc::UnboundedSender<Action>,
    /// This process reaches the Market (it holds the key).
    market: bool,
}

/// What runs beside the event loop and must end before the process does.
struct Background {
    commands: mpsc::UnboundedReceiver<Command>,
    /// The journal's thread: it writes what it was sent before it ends.
    journal: std::thread::JoinHandle<()>,
}

/// Starts the store thread, the drafts journal, the command queue and (with the key)
/// the sync rounds and the outbox sender.
fn start_background(
    opts: &Options,
    me: &str,
    tx: &mpsc::UnboundedSender<Action>,
    stop_rx: watch::Receiver<bool>,
) -> anyhow::Result<(Outlets, Background)> {
    let (store_tx, store_rx) = std_mpsc::channel::<StoreRequest>();
    {
        let (db, tx) = (opts.db.clone(), tx.clone());
        let ctx = StoreContext {
            risk: opts.risk.clone(),
            cfg: opts.incident.clone(),
            me: me.to_owned(),
        };
        std::thread::Builder::new()
            .name("store".into())
            .spawn(move || store_thread(db, ctx, store_rx, tx))?;
    }
    let _ = store_tx.send(StoreRequest::Reload);
    // The drafts journal reads the agent's drafts back, then keeps every change.
    let (journal, journal_thread) = super::journal::spawn(
        super::journal::Journal::new(&opts.state_dir, &opts.db),
        opts.db.clone(),
        me.to_owned(),
        tx.clone(),
    )?;
    let (cmd_tx, cmd_rx) = mpsc::unbounded_channel::<Command>();
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
    let outlets = Outlets {
        store: store_tx,
        commands: cmd_tx,
        journal,
        actions: tx.clone(),
        market: opts.service.reaches_market(),
    };
    let background = Background {
        commands: cmd_rx,
        journal: journal_thread,
    };
    Ok((outlets, background))
}

/// The dashboard's state before the first data load.
fn initial_state(opts: &Options, me: String) -> AppState {
    let mut state = AppState::new(opts.lang, me, opts.views.clone(), Utc::now());
    state.demo = opts.demo;
    state.incident_cfg = opts.incident.clone();
    if !opts.templates.is_empty() {
        state.templates = opts.templates.clone();
    }
    state.signature = opts.signature.clone();
    state.read_only = opts.read_only;
    state.stale_after = (opts.interval_seconds * 3).max(300);
    state
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
    let (tx, rx) = mpsc::unbounded_channel::<Action>();
    let (stop_tx, stop_rx) = watch::channel(false);
    let (outlets, background) = start_background(&opts, &me, &tx, stop_rx)?;
    let commands = {
        let store = outlets.store.clone();
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
            background.commands,
            tx.clone(),
            reread,
        ))
    };
    let state = initial_state(&opts, me);
    let ui = UiParts {
        keymap: &keymap,
        theme: &theme,
    };
    let looped = event_loop(state, &ui, &outlets, rx).await;
    let _ = stop_tx.send(true);
    // What was asked just before quitting (a draft saved, a step marked done) is
    // carried out before the process ends: the queue closes and the loop drains it.
    drop(outlets);
    let _ = tokio::time::timeout(Duration::from_secs(3), commands).await;
    // The journal writes the last keystrokes it was sent (a stop by a hangup comes
    // right after them) before the process ends and takes its thread away.
    let journal = tokio::task::spawn_blocking(move || background.journal.join());
    let _ = tokio::time::timeout(Duration::from_secs(3), journal).await;
    looped
}

/// What drawing needs, fixed for the run.
struct UiParts<'a> {
    keymap: &'a Keymap,
    theme: &'a Theme,
}

/// Events in, actions applied, a frame drawn when something changed, until quit.
async fn event_loop(
    mut state: AppState,
    ui: &UiParts<'_>,
    out: &Outlets,
    mut rx: mpsc::UnboundedReceiver<Action>,
) -> anyhow::Result<()> {
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
            editor_done(&mut state, &out.actions, id, edited);
        }
        if dirty {
            let ctx = UiContext {
                keymap: ui.keymap,
                theme: ui.theme,
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
            ev = events.next() => term_action(ui.keymap, &state, ev),
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
            let stopping = action == Action::Stop;
            let mut effects = update(&mut state, action);
            // The text input open goes to the journal as it changes, opens and closes.
            effects.extend(super::kept_input::track(&mut state, stopping));
            for effect in effects {
                if let Some(edit) = apply(&mut state, out, effect) {
                    editing = Some(edit);
                }
            }
        }
    }
    drop(guard);
    Ok(())
}

/// What a terminal event means: a key through the keymap of what is open, pasted
/// text, a new size; `Stop` when the terminal is gone (nobody can answer a question).
fn term_action(
    keymap: &Keymap,
    state: &AppState,
    ev: Option<std::io::Result<TermEvent>>,
) -> Option<Action> {
    match ev {
        Some(Ok(TermEvent::Key(k))) if k.kind != KeyEventKind::Release => {
            keymap.action(state.mode.keys(), &k)
        }
        Some(Ok(TermEvent::Paste(text))) => Some(Action::Paste(text)),
        Some(Ok(TermEvent::Resize(w, h))) => Some(Action::Resize(w, h)),
        Some(Ok(_)) => None,
        Some(Err(_)) | None => Some(Action::Stop),
    }
}

/// The external editor came back: its text goes through the queue, so its effects
/// (the journal, the store) happen; a failure is a notice.
fn editor_done(
    state: &mut AppState,
    tx: &mpsc::UnboundedSender<Action>,
    id: i64,
    edited: Result<String, crate::app::tui::editor::EditorError>,
) {
    match edited {
        Ok(new) => {
            let _ = tx.send(Action::DraftEdited(id, new));
        }
        Err(e) => {
            tracing::warn!(error = %e, "the external editor failed");
            state.warn(e.to_string());
        }
    }
}

/// Starts one effect's work; the external editor is returned, for the loop to run
/// with the terminal given up.
fn apply(state: &mut AppState, out: &Outlets, effect: Effect) -> Option<(i64, String)> {
    match effect {
        Effect::LoadTimeline(id) => {
            let _ = out.store.send(StoreRequest::Detail(id));
        }
        Effect::Command(cmd) => {
            let _ = out.commands.send(cmd);
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
            let _ = out.commands.send(Command::Write { writes });
        }
        Effect::LoadChat(order_id) if out.market => {
            let _ = out.commands.send(Command::RefreshChat { order_id });
        }
        Effect::LoadChat(_) => {}
        Effect::Editor(id, text) => return Some((id, text)),
        Effect::KeepDraft(d) => {
            let _ = out.journal.send(super::journal::Op::Keep(d));
        }
        Effect::ForgetDraft(id) => {
            let _ = out.journal.send(super::journal::Op::Forget(id));
        }
        Effect::KeepInput(k) => {
            let _ = out.journal.send(super::journal::Op::KeepInput(k));
        }
        Effect::ForgetInput => {
            let _ = out.journal.send(super::journal::Op::ForgetInput);
        }
        Effect::LoadReport { period, by } => {
            let _ = out.store.send(StoreRequest::Report(period, by));
        }
        Effect::LoadTeam => {
            let _ = out.store.send(StoreRequest::Team);
        }
        Effect::GroupOrders {
            period,
            by,
            key,
            name,
        } => {
            let _ = out.store.send(StoreRequest::Group {
                period,
                by,
                key,
                name,
            });
        }
        Effect::Copy { text, what } => copy(out, text, what),
        Effect::RefreshNow if out.market => {
            let _ = out.commands.send(Command::SyncNow);
        }
        Effect::RefreshNow => {
            let _ = out.store.send(StoreRequest::Reload);
        }
        Effect::RefetchOrder(order_id) if out.market => {
            let _ = out.commands.send(Command::Refetch { order_id });
        }
        Effect::RefetchOrder(_) => state.warn(i18n::strings(state.lang).no_market),
    }
    None
}

/// Copies; the answer comes back as a notice. Inside tmux `tmux` runs off the loop;
/// outside, the sequence is written here, between two frames, never into one.
fn copy(out: &Outlets, text: String, what: String) {
    let tx = out.actions.clone();
    let work = move || {
        let answer = crate::app::tui::clipboard::copy(&text)
            .map(|()| what)
            .map_err(|e| e.to_string());
        let _ = tx.send(Action::Copied(answer));
    };
    if std::env::var_os("TMUX").is_some_and(|v| !v.is_empty()) {
        tokio::task::spawn_blocking(work);
    } else {
        work();
    }
}
