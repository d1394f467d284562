//! The `?` overlay: every binding of every mode — the list, the filter line (with its
//! syntax), the picker, the text input (with its editing keys), the confirm dialog,
//! the command line, the Analysis and Team screens, the log and help itself —
//! generated from the keymap in effect with the descriptions of `i18n`, nothing
//! listed by hand. Two columns when the box is wide enough; it scrolls when it does
//! not fit (`j`/`k`, PgUp/PgDn), and `/` keeps only the lines with the text typed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{UiContext, centered, pad, truncate, width};
use crate::app::tui::action::Act;
use crate::app::tui::i18n::{self, strings};
use crate::app::tui::state::{AppState, HelpView, KeyMode, Mode};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;

/// One binding as shown: its keys and what it does.
struct Item {
    keys: String,
    desc: String,
}

/// A mode's heading and its items.
struct Section {
    name: &'static str,
    items: Vec<Item>,
    /// A line under the items (the filter's syntax).
    note: Option<&'static str>,
}

/// The widest the key column gets; longer key lists are cut.
const KEY_WIDTH: usize = 16;
/// Two columns from this inner width.
const TWO_COLUMNS: usize = 70;

/// The word of a key in a mode, where it differs from the act's own (Enter in a
/// picker chooses, Esc in a dialog cancels and in an input closes it, `/` in help searches).
fn mode_word(lang: Lang, mode: KeyMode, act: Act) -> &'static str {
    let a = i18n::acting(lang);
    match (mode, act) {
        (KeyMode::Pick, Act::Confirm) => a.pick_choose,
        (KeyMode::Input, Act::Back) => a.input_close_kept,
        (KeyMode::Pick | KeyMode::Confirm | KeyMode::Command, Act::Back) => a.cancel,
        (KeyMode::Help, Act::Filter) => strings(lang).help_search,
        (KeyMode::Normal, _) => i18n::action_desc(lang, act),
        _ => i18n::action_hint(lang, act),
    }
}

/// The bindings of a mode, after the keys built into it (Enter in a line of text).
fn items(state: &AppState, ctx: &UiContext, mode: KeyMode, implicit: &[(&str, &str)]) -> Vec<Item> {
    let built_in = implicit.iter().map(|(k, d)| Item {
        keys: (*k).to_owned(),
        desc: (*d).to_owned(),
    });
    let bound = ctx
        .keymap
        .bindings(mode)
        .filter(|b| mode == KeyMode::Normal || b.act != Act::Quit)
        .map(|b| Item {
            keys: b
                .keys
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" "),
            desc: mode_word(state.lang, mode, b.act).to_owned(),
        });
    built_in.chain(bound).collect()
}

/// A section's heading, mode, keys built into the mode, and note.
type Spec<'a> = (
    &'static str,
    KeyMode,
    Vec<(&'a str, &'a str)>,
    Option<&'static str>,
);

/// Every mode's section, the list first.
fn sections(state: &AppState, ctx: &UiContext) -> Vec<Section> {
    let (s, a) = (strings(state.lang), i18n::acting(state.lang));
    let editing = [
        (s.help_edit_keys, s.help_edit_move),
        (s.help_cut_keys, s.help_edit_cut),
    ];
    let mut input = vec![("Enter", a.input_accept)];
    input.extend(editing);
    let mut filter = vec![("Enter", s.filter_accept)];
    filter.extend(editing);
    let spec: [Spec; 10] = [
        (s.help_list, KeyMode::Normal, vec![], None),
        (s.help_filter, KeyMode::Filter, filter, Some(s.help_syntax)),
        (a.help_input, KeyMode::Input, input, Some(a.help_draft)),
        (a.help_pick, KeyMode::Pick, vec![], None),
        (a.help_confirm, KeyMode::Confirm, vec![], None),
        (
            s.help_command,
            KeyMode::Command,
            vec![("Enter", s.command_run)],
            Some(s.help_command_note),
        ),
        (s.help_analysis, KeyMode::Analysis, vec![], None),
        (s.help_team, KeyMode::Team, vec![], None),
        (s.help_notices, KeyMode::Notices, vec![], None),
        (s.help_title, KeyMode::Help, vec![], None),
    ];
    spec.into_iter()
        .map(|(name, mode, implicit, note)| Section {
            name,
            items: items(state, ctx, mode, &implicit),
            note,
        })
        .collect()
}

/// Keeps only the items with `query` in their keys or words (and the sections that
/// keep any); an empty query keeps all.
fn search(sections: Vec<Section>, query: &str) -> Vec<Section> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return sections;
    }
    sections
        .into_iter()
        .filter_map(|mut sec| {
            let heading = sec.name.to_lowercase().contains(&q);
            if !heading {
                sec.items.retain(|i| {
                    i.desc.to_lowercase().contains(&q) || i.keys.to_lowercase().contains(&q)
                });
            }
            sec.note = sec
                .note
                .filter(|n| heading || n.to_lowercase().contains(&q));
            (!sec.items.is_empty() || sec.note.is_some()).then_some(sec)
        })
        .collect()
}

/// The lines of the sections in `columns` columns of `cell` width each.
fn lines(sections: &[Section], columns: usize, cell: usize, theme: &Theme) -> Vec<Line<'static>> {
    let key_w = KEY_WIDTH.min(cell / 2);
    let desc_w = cell.saturating_sub(key_w + 2);
    let mut out = Vec::new();
    for (n, sec) in sections.iter().enumerate() {
        if n > 0 {
            out.push(Line::default());
        }
        out.push(Line::from(Span::styled(sec.name, theme.header)));
        let rows = sec.items.len().div_ceil(columns.max(1));
        for r in 0..rows {
            let mut spans = Vec::new();
            for c in 0..columns {
                let Some(it) = sec.items.get(c * rows + r) else {
                    continue;
                };
                if c > 0 {
                    spans.push(Span::raw("  "));
                }
                spans.push(Span::styled(pad(&it.keys, key_w), theme.key));
                spans.push(Span::raw("  "));
                spans.push(Span::raw(pad(&it.desc, desc_w)));
            }
            out.push(Line::from(spans));
        }
        if let Some(note) = sec.note {
            let w = columns * cell + (columns - 1) * 2;
            for l in super::wrap_words(note, w) {
                out.push(Line::from(Span::styled(l, theme.dim)));
            }
        }
    }
    out
}

/// Draws the overlay centred over `area`.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let Mode::Help(view) = &state.mode else {
        return;
    };
    let theme = ctx.theme;
    let s = strings(state.lang);
    let inner_w = usize::from(area.width.saturating_sub(4)).min(100);
    let columns = if inner_w >= TWO_COLUMNS { 2 } else { 1 };
    let cell = (inner_w - (columns - 1) * 2) / columns;
    let found = search(sections(state, ctx), &view.search.text());
    let mut body = lines(&found, columns, cell, theme);
    if body.is_empty() {
        body.push(Line::from(Span::styled(s.help_nothing, theme.dim)));
    }
    let searching = view.typing || !view.search.is_empty();
    let room = usize::from(area.height.saturating_sub(2)) - usize::from(searching);
    let shown = body.len().min(room);
    let max = body.len() - shown;
    state.overlay_max.set(max);
    let scroll = view.scroll.min(max);
    let mut text: Vec<Line<'static>> = Vec::new();
    if searching {
        text.push(search_line(view, theme, inner_w));
    }
    text.extend(body.into_iter().skip(scroll).take(shown));
    let rect = centered(area, inner_w as u16 + 4, (text.len() + 2) as u16);
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", s.help_title), theme.header))
        .title_bottom(bottom_line(state, ctx, scroll, shown, max));
    let inner = block.inner(rect);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(text), inner);
}

/// `/ text▏` over the lines, while help is searched.
fn search_line(view: &HelpView, theme: &Theme, w: usize) -> Line<'static> {
    let text = super::tail(&view.search.text(), w.saturating_sub(3)).into_owned();
    let mut spans = vec![Span::styled("/ ", theme.key), Span::raw(text)];
    if view.typing {
        spans.push(Span::styled("▏", theme.key));
    }
    Line::from(spans)
}

/// The keys that close, search and scroll, and where the view is when it scrolls.
fn bottom_line(
    state: &AppState,
    ctx: &UiContext,
    scroll: usize,
    shown: usize,
    max: usize,
) -> Line<'static> {
    let s = strings(state.lang);
    let keys = |act| ctx.keymap.first_key(KeyMode::Help, act).unwrap_or_default();
    let mut spans = vec![
        Span::styled(format!(" {}", keys(Act::Back)), ctx.theme.key),
        Span::styled(format!(" {} ", s.help_close), ctx.theme.dim),
        Span::styled(keys(Act::Filter), ctx.theme.key),
        Span::styled(format!(" {} ", s.help_search), ctx.theme.dim),
    ];
    if max > 0 {
        let pos = format!("j/k {}–{}/{} ", scroll + 1, scroll + shown, shown + max);
        spans.push(Span::styled(truncate(&pos, 20).into_owned(), ctx.theme.dim));
    }
    let _ = width;
    Line::from(spans)
}
