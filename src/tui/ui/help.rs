//! The `?` overlay: every binding of the list and of the filter line, generated from
//! the keymap in effect with the descriptions of `i18n` — nothing is listed by hand —
//! plus the filter syntax. Two columns when one would not fit the height.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{UiContext, centered, truncate, width};
use crate::tui::i18n::{self, strings};
use crate::tui::keymap::Binding;
use crate::tui::state::{AppState, Mode};
use crate::tui::theme::Theme;

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

/// Draws the overlay centred over `area`.
pub(super) fn draw(frame: &mut Frame, area: Rect, state: &AppState, ctx: &UiContext) {
    let theme = ctx.theme;
    let s = strings(state.lang);
    let normal = items(state, ctx, Mode::Normal);
    let mut filter = vec![Item {
        keys: "Enter".into(),
        desc: s.filter_accept,
    }];
    filter.extend(items(state, ctx, Mode::Filter));
    let close_keys = ctx
        .keymap
        .bindings(Mode::Help)
        .filter(|b| b.action == "help" || b.action == "back")
        .flat_map(|b| b.keys.iter().map(ToString::to_string))
        .collect::<Vec<_>>()
        .join(" ");

    let all = normal.iter().chain(&filter);
    let key_w = all
        .clone()
        .map(|i| width(&i.keys))
        .max()
        .unwrap_or(0)
        .min(16);
    let desc_w = all.map(|i| width(i.desc)).max().unwrap_or(0);
    let max_inner_w = usize::from(area.width.saturating_sub(4));
    let max_inner_h = usize::from(area.height.saturating_sub(2));
    // Headings, blank lines, the syntax and the close line.
    let extra = 7;
    // Two columns when one is too tall: descriptions then share what the width leaves.
    let two = normal.len() + filter.len() + extra > max_inner_h;
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
    lines.push(Line::from(Span::styled(s.help_filter, theme.header)));
    lines.extend(item_lines(&filter, columns, key_w, desc_w, theme));
    lines.push(Line::from(Span::styled(s.help_syntax, theme.dim)));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::styled(close_keys, theme.key),
        Span::raw(format!(" — {}", s.help_close)),
    ]));

    let syntax_lines = width(s.help_syntax).div_ceil(inner_w.max(1));
    let height = (lines.len() + syntax_lines.saturating_sub(1) + 2) as u16;
    let rect = centered(area, inner_w as u16 + 4, height);
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(format!(" {} ", s.help_title), theme.header));
    let inner = block.inner(rect);
    let inner = Rect {
        x: inner.x.saturating_add(1),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
