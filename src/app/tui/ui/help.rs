//! The `?` overlay: every binding of the list, generated from the keymap in effect
//! with the descriptions of `i18n` — nothing is listed by hand — in two columns when
//! one would not fit the height; then one line per other mode (the filter line, with
//! its syntax, the picker, the text input and the confirm dialog) with its keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::{UiContext, centered, truncate, width};
use crate::app::tui::i18n::{self, strings};
use crate::app::tui::keymap::Binding;
use crate::app::tui::state::{AppState, Mode};
use crate::app::tui::theme::Theme;
use crate::base::lang::Lang;

/// One binding as shown: its keys and what it does.
struct Item {
    keys: String,
    desc: &'static str,
}

fn item(state: &AppState, b: &Binding) -> Item {
    Item {
        keys: b
            .keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" "),
        desc: i18n::action_desc(state.lang, b.action).unwrap_or(b.action),
    }
}

/// The bindings of a mode, in the order of `i18n::action_names`.
fn items(state: &AppState, ctx: &UiContext, mode: Mode) -> Vec<Item> {
    let mut bindings: Vec<&Binding> = ctx.keymap.bindings(mode).collect();
    bindings.sort_by_key(|b| i18n::action_rank(b.action));
    bindings.into_iter().map(|b| item(state, b)).collect()
}

/// Lays items out in `columns` columns, row-major, each `key_w` + `desc_w` wide.
fn item_lines(
    items: &[Item],
    columns: usize,
    key_w: usize,
    desc_w: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let rows = items.len().div_ceil(columns.max(1));
    (0..rows)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                let Some(it) = items.get(c * rows + r) else {
                    continue;
                };
                if c > 0 {
                    spans.push(Span::raw("    "));
                }
                let keys = truncate(&it.keys, key_w).into_owned();
                let pad = " ".repeat(key_w + 2 - width(&keys));
                spans.push(Span::styled(keys, theme.key));
                spans.push(Span::raw(pad));
                let desc = truncate(it.desc, desc_w).into_owned();
                let pad = if c + 1 < columns {
                    " ".repeat(desc_w - width(&desc))
                } else {
                    String::new()
                };
                spans.push(Span::raw(desc + &pad));
            }
            Line::from(spans)
        })
        .collect()
}

/// The word of a key in a dialog's mode, where it differs from the action's own
/// (Enter in a picker chooses, Esc in a dialog cancels).
fn mode_word(lang: Lang, mode: Mode, action: &str) -> &'static str {
    let a = i18n::acting(lang);
    match (mode, action) {
        (Mode::Pick, "confirm") => a.pick_choose,
        (Mode::Pick | Mode::Input | Mode::Confirm, "back") => a.cancel,
        _ => i18n::action_hint(lang, action).unwrap_or(""),
    }
}

/// A mode listed under the list: its name, the keys built into it (such as Enter,
/// which the keymap does not bind) and a note.
struct ModeSpec {
    name: &'static str,
    mode: Mode,
    implicit: Vec<(&'static str, &'static str)>,
    note: Option<&'static str>,
}

/// One line per mode besides the list: its name, then each key and its word, as many
/// as fit in `w` (the built-in keys first), then its note when that fits too.
fn mode_line(
    state: &AppState,
    ctx: &UiContext,
    spec: &ModeSpec,
    key_w: usize,
    w: usize,
) -> Line<'static> {
    let (theme, mode, implicit, note) = (ctx.theme, spec.mode, &spec.implicit, spec.note);
    let name = spec.name;
    let name = truncate(name, key_w).into_owned();
    let pad = " ".repeat(key_w + 2 - width(&name));
    let mut spans = vec![Span::styled(format!("{name}{pad}"), theme.header)];
    let mut used = key_w + 2;
    // What answers the dialog first, moves after; quit is listed with the list's keys.
    let mut bindings: Vec<_> = ctx
        .keymap
        .bindings(mode)
        .filter(|b| b.action != "quit")
        .collect();
    bindings.sort_by_key(|b| match b.action {
        "confirm" => 0,
        "back" => 1,
        _ => 2,
    });
    let bound = bindings.into_iter().map(|b| {
        let keys = b
            .keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("/");
        (keys, mode_word(state.lang, mode, b.action))
    });
    let all = implicit
        .iter()
        .map(|&(k, word)| (k.to_owned(), word))
        .chain(bound);
    for (i, (keys, word)) in all.enumerate() {
        let sep = if i == 0 { 0 } else { 2 };
        let need = sep + width(&keys) + 1 + width(word);
        if used + need > w {
            break;
        }
        used += need;
        if sep > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::raw(format!(" {word}")));
    }
    if let Some(note) = note.filter(|n| used + 1 + width(n) <= w) {
        spans.push(Span::styled(format!(" {note}"), theme.dim));
    }
    Line::from(spans)
}

/// Draws the overlay centred over `area`.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let s = strings(state.lang);
    let a = i18n::acting(state.lang);
    let normal = items(state, ctx, Mode::Normal);
    let close_keys = ctx
        .keymap
        .bindings(Mode::Help)
        .filter(|b| b.action == "help" || b.action == "back")
        .flat_map(|b| b.keys.iter().map(ToString::to_string))
        .collect::<Vec<_>>()
        .join(" ");

    let key_w = normal
        .iter()
        .map(|i| width(&i.keys))
        .max()
        .unwrap_or(0)
        .min(16);
    let desc_w = normal.iter().map(|i| width(i.desc)).max().unwrap_or(0);
    let max_inner_w = usize::from(area.width.saturating_sub(4));
    let max_inner_h = usize::from(area.height.saturating_sub(2));
    // The heading, a blank line, four modes, the syntax and one more blank line.
    let extra = 8;
    // Two columns when one is too tall: descriptions then share what the width leaves.
    let two = normal.len() + extra > max_inner_h;
    let (columns, desc_w) = if two {
        (
            2,
            desc_w.min((max_inner_w.saturating_sub(4) / 2).saturating_sub(key_w + 2)),
        )
    } else {
        (1, desc_w.min(max_inner_w.saturating_sub(key_w + 2)))
    };
    let two_col_w = 2 * (key_w + 2 + desc_w) + 4;
    let inner_w =
        if two { two_col_w } else { key_w + 2 + desc_w }.max(width(s.help_syntax).min(max_inner_w));

    let mut lines = vec![Line::from(Span::styled(s.help_list, theme.header))];
    lines.extend(item_lines(&normal, columns, key_w, desc_w, theme));
    lines.push(Line::default());
    let modes = [
        ModeSpec {
            name: s.help_filter,
            mode: Mode::Filter,
            implicit: vec![("Enter", s.filter_accept)],
            note: None,
        },
        ModeSpec {
            name: a.help_pick,
            mode: Mode::Pick,
            implicit: vec![],
            note: None,
        },
        ModeSpec {
            name: a.help_input,
            mode: Mode::Input,
            implicit: vec![("Enter", a.input_accept)],
            note: Some(a.help_draft),
        },
        ModeSpec {
            name: a.help_confirm,
            mode: Mode::Confirm,
            implicit: vec![],
            note: None,
        },
    ];
    for spec in &modes {
        lines.push(mode_line(state, ctx, spec, key_w, inner_w));
        if spec.mode == Mode::Filter {
            let syntax = truncate(s.help_syntax, inner_w).into_owned();
            lines.push(Line::from(Span::styled(syntax, theme.dim)));
        }
    }
    // Blank lines are the first to go when the screen is short.
    if lines.len() > max_inner_h {
        lines.retain(|l| l.width() > 0);
    }

    let height = (lines.len() + 2) as u16;
    let rect = centered(area, inner_w as u16 + 4, height);
    let close = Line::from(vec![
        Span::styled(format!(" {close_keys}"), theme.key),
        Span::styled(format!(" — {} ", s.help_close), theme.dim),
    ]);
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", s.help_title), theme.header))
        .title_bottom(close);
    let inner = block.inner(rect);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines), inner);
}
