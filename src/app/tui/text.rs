//! A text being typed — a draft, a note, a reason, the filter, the command line, help's
//! search — as `ratatui-textarea` edits it: the cursor moves (arrows, Home/End, Ctrl-A/E,
//! Alt-B/F), Backspace/Delete, Ctrl-U and Ctrl-K cut to the start and the end of the
//! line, Ctrl-W cuts the word before the cursor, Ctrl-Z undoes; drafts take several
//! lines. Pasted text comes in whole, made safe to show (`base::text`); a one-line
//! text turns pasted line breaks into spaces.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

use crate::base::text::{clean, clean_lines};

/// An editable text and whether it may hold several lines.
#[derive(Debug, Clone)]
pub struct TextInput {
    area: TextArea<'static>,
    multiline: bool,
}

impl PartialEq for TextInput {
    fn eq(&self, other: &Self) -> bool {
        self.multiline == other.multiline
            && self.area.lines() == other.area.lines()
            && self.area.cursor() == other.area.cursor()
    }
}

impl Default for TextInput {
    fn default() -> Self {
        TextInput::line("")
    }
}

impl TextInput {
    /// One line, with `text` in it and the cursor at its end.
    pub fn line(text: &str) -> TextInput {
        TextInput::new(&clean(text), false)
    }

    /// Several lines (a draft), with `text` in it and the cursor at its end.
    pub fn lines(text: &str) -> TextInput {
        TextInput::new(&clean_lines(text), true)
    }

    fn new(text: &str, multiline: bool) -> TextInput {
        let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        let mut area = TextArea::new(lines);
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        area.set_cursor_line_style(Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        TextInput { area, multiline }
    }

    /// The text, its lines joined with `\n`.
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.area.is_empty()
    }

    pub fn multiline(&self) -> bool {
        self.multiline
    }

    /// The editor widget, for drawing (styled by the caller).
    pub fn area(&self) -> &TextArea<'static> {
        &self.area
    }

    /// The widget to draw with the cursor in `cursor` style.
    pub fn styled(&self, cursor: Style) -> TextArea<'static> {
        let mut area = self.area.clone();
        area.set_cursor_style(cursor);
        area
    }

    /// Replaces the whole text, the cursor at its end.
    pub fn set(&mut self, text: &str) {
        *self = if self.multiline {
            TextInput::lines(text)
        } else {
            TextInput::line(text)
        };
    }

    /// Applies an editing key; true when the text changed. Enter breaks the line of a
    /// multi-line text; in a one-line text the caller decides what Enter does.
    pub fn key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let a = &mut self.area;
        let moved = |a: &mut TextArea<'static>, m: CursorMove| {
            a.move_cursor(m);
            false
        };
        match key.code {
            KeyCode::Char(c) if ctrl => match c.to_ascii_lowercase() {
                'a' => moved(a, CursorMove::Head),
                'e' => moved(a, CursorMove::End),
                'b' => moved(a, CursorMove::Back),
                'f' => moved(a, CursorMove::Forward),
                'u' => a.delete_line_by_head(),
                'k' => a.delete_line_by_end(),
                'w' => a.delete_word(),
                'h' => a.delete_char(),
                'd' => a.delete_next_char(),
                'z' => a.undo(),
                _ => false,
            },
            KeyCode::Char(c) if alt => match c {
                'b' => moved(a, CursorMove::WordBack),
                'f' => moved(a, CursorMove::WordForward),
                'd' => a.delete_next_word(),
                _ => false,
            },
            KeyCode::Char(c) => {
                a.insert_char(c);
                true
            }
            KeyCode::Backspace if alt || ctrl => a.delete_word(),
            KeyCode::Backspace => a.delete_char(),
            KeyCode::Delete => a.delete_next_char(),
            KeyCode::Left if ctrl || alt => moved(a, CursorMove::WordBack),
            KeyCode::Right if ctrl || alt => moved(a, CursorMove::WordForward),
            KeyCode::Left => moved(a, CursorMove::Back),
            KeyCode::Right => moved(a, CursorMove::Forward),
            KeyCode::Up => moved(a, CursorMove::Up),
            KeyCode::Down => moved(a, CursorMove::Down),
            KeyCode::Home => moved(a, CursorMove::Head),
            KeyCode::End => moved(a, CursorMove::End),
            KeyCode::Enter if self.multiline => {
                a.insert_newline();
                true
            }
            _ => false,
        }
    }

    /// Inserts pasted text at the cursor, made safe to show; true when it changed.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = if self.multiline {
            clean_lines(&text.replace("\r\n", "\n")).into_owned()
        } else {
            clean(text).into_owned()
        };
        self.area.insert_str(text)
    }
}

#[cfg(test)]
mod tests;
