//! Hostile text in every field that comes from outside — the Market's names, cities,
//! tracks, chat and error messages, the buyer, another agent's name in a claim, the
//! lease, the audit trail and the notes — drawn on every screen, tab and dialog:
//! neither a cell of the screen nor a byte a real terminal is sent carries a control
//! character, a bidi control or a zero-width character from it.

use crate::app::tui::action::Act;

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::Write;
use std::rc::Rc;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{TerminalOptions, Viewport};

use super::analysis::analysis;
use super::fixtures::{acting_state, draft_with_phone, events};
use super::render;
use crate::app::tui::action::Action;
use crate::app::tui::keymap::Keymap;
use crate::app::tui::state::{AppState, DetailTab, Section};
use crate::app::tui::theme::{Theme, ThemeName};
use crate::app::tui::ui::{UiContext, draw};
use crate::app::tui::update::update;
use crate::base::lang::Lang;
use crate::base::text::tests::{HOSTILE, raw_controls};
use crate::cache::{Lease, OutboxFailure, OutboxSummary};
use crate::market::enums::OrderSubstatus;

const DBS: i64 = 48_291_736_450;
const FBS: i64 = 48_291_736_451;

/// `evil` put before every outside string of the state, where no truncation hides it.
fn poison(s: &mut AppState, evil: &str) {
    let p = |x: &str| format!("{evil}{x}");
    for r in &mut s.rows {
        let o = &mut r.order;
        o.carrier = p(&o.carrier).into();
        o.city = Some(p(o.city.as_deref().unwrap_or("")).into());
        o.region = Some(p(o.region.as_deref().unwrap_or("")).into());
        o.buyer_name = Some(p(o.buyer_name.as_deref().unwrap_or("")));
        o.tracks = o.tracks.iter().map(|t| p(t)).chain([p("")]).collect();
        o.substatus = OrderSubstatus::parse(&p(o.substatus.as_str()));
        r.claimed_by = Some(p("agent2"));
    }
    if let Some((id, _)) = &s.timeline {
        s.timeline = Some((*id, poisoned_events(*id, evil)));
    }
    if let Some((_, v)) = &mut s.incident {
        if let Some(i) = &mut v.incident {
            i.notes = p(&i.notes);
            i.last_error = Some(p("HTTP 400"));
            i.opened_by = p("agent2");
            i.carrier_answer = Some(p("answer"));
            i.lesson = Some(p("lesson"));
            i.compensation = vec![crate::domain::incident::compensation::Given {
                kind: p("partial_refund"),
                amount: crate::base::money::Money::from_rubles(500),
                at: chrono::DateTime::parse_from_rfc3339("2026-11-26T09:40:00Z")
                    .unwrap()
                    .into(),
                by: p("agent2"),
                confirmed_by: Some(p("lead")),
            }];
        }
        for a in &mut v.audit {
            a.agent = p(&a.agent);
            a.action = p(&a.action);
            a.before = Some(p("before"));
            a.after = Some(p("after"));
        }
        for m in &mut v.chat {
            m.sender = p(&m.sender);
            m.text = format!("{}\n{}", p(&m.text), p("second line"));
        }
        for w in &mut v.writes {
            w.last_error = Some(p("refused"));
            w.created_by = p(&w.created_by);
        }
        if let Some(b) = &mut v.buyer {
            b.name = Some(p("Анна"));
            b.phone = Some(p("+7 495 000-00-00"));
        }
        if let Some((o, _)) = &mut v.order {
            o.carrier = p(&o.carrier).into();
            o.city = Some(p("Тверь").into());
            o.buyer_name = Some(p("Мария"));
        }
        for c in &mut v.ctx.carriers {
            c.name = p(&c.name);
            c.phone = Some(p("+7 800"));
            c.email = Some(p("dispatch@courier.example"));
            c.note = Some(p("note"));
        }
    }
    for d in s.drafts.values_mut() {
        d.text = format!("{}\n{}", p(&d.text), p("P.S."));
    }
    s.sections.push(Section::Orders {
        name: p("СДЭК"),
        ids: HashSet::from([DBS]),
        from: crate::app::tui::state::Screen::Analysis,
    });
    s.counts.push(1);
    if let Some(l) = &mut s.footer.last_sync {
        l.holder = p(&l.holder);
        l.host = p(&l.host);
        l.message = p("message");
    }
}

fn poisoned_events(order_id: i64, evil: &str) -> Vec<crate::cache::Event> {
    let mut ev = events(order_id);
    for e in &mut ev {
        e.kind = format!("{evil}{}", e.kind);
        e.old = Some(format!("{evil}{}", e.old.as_deref().unwrap_or("")));
        e.new = Some(format!("{evil}{}", e.new.as_deref().unwrap_or("")));
    }
    ev
}

/// The footer's ways of showing outside text: another agent's lease, the progress,
/// an error, a refused write, a notice.
fn footer(s: &mut AppState, which: usize, evil: &str) {
    let p = |x: &str| format!("{evil}{x}");
    match which {
        0 => {
            s.footer.syncing = Some(Lease {
                holder: p("agent2"),
                pid: 4242,
                host: p("triage-02"),
                acquired_at: s.now,
                expires_at: s.now + chrono::Duration::minutes(5),
                progress: p("1200 orders"),
            });
        }
        1 => s.footer.progress = Some(p("page 3")),
        2 => s.warn(p("the Market answered HTTP 500")),
        3 => {
            s.footer.outbox = Some(OutboxSummary {
                failed: 1,
                last_failure: Some(OutboxFailure {
                    id: 41,
                    order_id: Some(DBS),
                    kind: p("delivery_date"),
                    error: p("DELIVERY_DATE_NOT_ALLOWED"),
                    at: s.now,
                }),
                retry_error: Some(p("HTTP 503")),
                ..OutboxSummary::default()
            });
        }
        _ => s.say(p("copied")),
    }
}

/// What an agent opens on each tab: nothing, the detail, the acting key's dialog or
/// picker and the steps into it.
const TAB_PATHS: &[&[Action]] = &[
    &[],
    &[Action::Key(Act::ToggleDetail)],
    &[Action::Key(Act::ActOnTab)],
    &[Action::Key(Act::ActOnTab), Action::Key(Act::MoveDown)],
    &[
        Action::Key(Act::ActOnTab),
        Action::Key(Act::MoveDown),
        Action::Key(Act::Confirm),
    ],
];

/// What an agent opens from any tab: the other keys' dialogs, the editor, the help.
const OTHER_PATHS: &[&[Action]] = &[
    &[Action::Key(Act::SendDraft)],
    &[Action::Key(Act::Note)],
    &[Action::Key(Act::CloseIncident), Action::Key(Act::MoveDown)],
    &[Action::Key(Act::Claim)],
    &[Action::Key(Act::InlineEdit)],
    &[Action::Key(Act::Help)],
];

/// One tab of one order with its timeline, a draft and everything from outside
/// poisoned with `evil`.
fn base(tab: DetailTab, id: i64, evil: &str) -> AppState {
    let mut s = acting_state(Lang::Ru, id, tab);
    s.drafts.insert(id, draft_with_phone(Lang::Ru, id));
    update(&mut s, Action::TimelineLoaded(id, events(id)));
    poison(&mut s, evil);
    s
}

/// Every screen, poisoned with `evil`.
fn screens(evil: &str) -> Vec<AppState> {
    let mut out = Vec::new();
    let walked = |tab, id, path: &[Action]| {
        let mut s = base(tab, id, evil);
        for a in path {
            update(&mut s, a.clone());
        }
        s
    };
    for tab in DetailTab::ALL {
        for id in [DBS, FBS] {
            out.extend(TAB_PATHS.iter().map(|path| walked(tab, id, path)));
        }
    }
    out.extend(
        OTHER_PATHS
            .iter()
            .map(|path| walked(DetailTab::Contact, DBS, path)),
    );
    for which in 0..5 {
        let mut s = base(DetailTab::Order, DBS, evil);
        footer(&mut s, which, evil);
        out.push(s);
    }
    let mut filter = base(DetailTab::Order, DBS, evil);
    update(&mut filter, Action::Key(Act::Filter));
    for c in evil.chars().chain("сдэк".chars()) {
        update(&mut filter, crate::app::tui::testing::ch(c));
    }
    out.push(filter);
    let mut tabs = base(DetailTab::Order, DBS, evil);
    let last = tabs.sections.len() - 1;
    update(&mut tabs, Action::GoToSection(last));
    out.push(tabs);
    let mut a = analysis(Lang::En, true);
    if let Some(r) = &mut a.analysis.report {
        for c in &mut r.body.carriers {
            c.carrier = format!("{evil}{}", c.carrier);
        }
        for c in &mut r.body.causes {
            c.cause = format!("{evil}{}", c.cause);
        }
    }
    out.push(a);
    out
}

/// The bytes a real terminal would be sent for one frame of `s`.
fn terminal_bytes(s: &AppState, w: u16, h: u16) -> Vec<u8> {
    let keymap = Keymap::defaults();
    let theme = Theme::new(ThemeName::Default);
    let ctx = UiContext {
        keymap: &keymap,
        theme: &theme,
    };
    let bytes = Shared::default();
    let backend = CrosstermBackend::new(bytes.clone());
    let viewport = Viewport::Fixed(Rect::new(0, 0, w, h));
    let mut term = Terminal::with_options(backend, TerminalOptions { viewport })
        .expect("a terminal over a byte buffer");
    term.draw(|f| draw(f, s, &ctx)).expect("a frame");
    drop(term);
    bytes.0.take()
}

/// A byte buffer the backend writes to and the test reads after.
#[derive(Default, Clone)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The text of `bytes` with the backend's own control sequences taken out: CSI
/// sequences (cursor moves, colours, attributes) are what crossterm writes for a frame;
/// any other escape, or a control character outside one, did not come from the backend.
fn without_backend_sequences(bytes: &[u8]) -> Result<String, String> {
    let text = String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        if chars.next() != Some('[') {
            return Err(format!("an escape that is not a CSI, after {out:?}"));
        }
        loop {
            match chars.next() {
                Some('0'..='9' | ';' | ':' | '?') => {}
                Some('\u{40}'..='\u{7e}') => break,
                other => return Err(format!("a broken CSI ({other:?}), after {out:?}")),
            }
        }
    }
    Ok(out)
}

/// Each screen is checked twice: its cells on a test backend at 80×24, and the bytes
/// a real terminal is sent at 120×40.
#[test]
fn no_hostile_character_reaches_a_cell_or_the_terminal_on_any_screen() {
    for evil in HOSTILE {
        for s in screens(evil) {
            let term = render(&s, 80, 24);
            for cell in &term.backend().buffer().content {
                let raw = raw_controls(cell.symbol());
                assert!(
                    raw.is_empty(),
                    "{raw:?} from {evil:?} at 80×24, tab {:?}, mode {:?}:\n{}",
                    s.detail_tab,
                    s.mode,
                    term.backend()
                );
            }
            let bytes = terminal_bytes(&s, 120, 40);
            let text = without_backend_sequences(&bytes)
                .unwrap_or_else(|e| panic!("{evil:?}, tab {:?}: {e}", s.detail_tab));
            let raw = raw_controls(&text);
            assert!(
                raw.is_empty(),
                "{raw:?} from {evil:?} at 120×40, tab {:?}, mode {:?}",
                s.detail_tab,
                s.mode
            );
        }
    }
}
