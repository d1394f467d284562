//! Keys → actions, per mode. The defaults live in `assets/keymap.toml`; a user's config
//! patches only the actions it names. Hints and the `?` screen are generated from this
//! table, so they cannot drift from what the keys do. A key bound twice in one mode, an
//! unknown action or an unreadable key is a config error.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::state::Mode;

const DEFAULTS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/keymap.toml"));

/// A key with its modifiers, as written in the keymap ("Ctrl-d", "G", "PageDown").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// Reads a key as the keymap spells it.
    pub fn parse(s: &str) -> Option<Key> {
        let (mut ctrl, mut alt) = (false, false);
        let mut rest = s;
        loop {
            if let Some(r) = rest.strip_prefix("Ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("Alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "Down" => KeyCode::Down,
            "Up" => KeyCode::Up,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageDown" => KeyCode::PageDown,
            "PageUp" => KeyCode::PageUp,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Space" => KeyCode::Char(' '),
            f if f.len() > 1 && f.starts_with('F') => KeyCode::F(f[1..].parse().ok()?),
            c => {
                let mut chars = c.chars();
                let ch = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                KeyCode::Char(if ctrl { ch.to_ascii_lowercase() } else { ch })
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// The key of a terminal event. Shift is part of the character ('G'), not a flag.
    pub fn from_event(e: &KeyEvent) -> Key {
        let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
        let code = match e.code {
            KeyCode::Char(c) if ctrl => KeyCode::Char(c.to_ascii_lowercase()),
            c => c,
        };
        Key {
            code,
            ctrl,
            alt: e.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::F(n) => write!(f, "F{n}"),
            _ => f.write_str("?"),
        }
    }
}

/// One action and its keys in one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub mode: Mode,
    /// The action's keymap name (`move_down`); descriptions are looked up by it.
    pub action: &'static str,
    pub keys: Vec<Key>,
}

/// The keymap in effect.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

/// A keymap that cannot be used: which mode and action, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeymapError(pub String);

impl fmt::Display for KeymapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const MODES: [(&str, Mode); 7] = [
    ("normal", Mode::Normal),
    ("filter", Mode::Filter),
    ("help", Mode::Help),
    ("confirm", Mode::Confirm),
    ("pick", Mode::Pick),
    ("input", Mode::Input),
    ("analysis", Mode::Analysis),
];

type Table = BTreeMap<String, BTreeMap<String, Vec<String>>>;

impl Keymap {
    /// The shipped defaults.
    pub fn defaults() -> Keymap {
        Keymap::with_overrides(&Table::new()).expect("the shipped keymap is valid (tested)")
    }

    /// The defaults patched by a user's `[keymap.<mode>]` tables.
    pub fn with_overrides(user: &Table) -> Result<Keymap, KeymapError> {
        let mut table: Table = toml::from_str(DEFAULTS)
            .map_err(|e| KeymapError(format!("the shipped keymap: {e}")))?;
        for (mode, actions) in user {
            if !MODES.iter().any(|(m, _)| m == mode) {
                return Err(KeymapError(format!(
                    "keymap.{mode}: no such mode (normal, filter, help, confirm, pick, input, analysis)"
                )));
            }
            let entry = table.entry(mode.clone()).or_default();
            for (action, keys) in actions {
                entry.insert(action.clone(), keys.clone());
            }
        }
        let mut bindings = Vec::new();
        for (mode_name, mode) in MODES {
            let mut seen: HashMap<Key, &str> = HashMap::new();
            for (action, keys) in table.get(mode_name).into_iter().flatten() {
                let name = Action::from_name(action)
                    .and_then(|a| a.name())
                    .ok_or_else(|| {
                        KeymapError(format!("keymap.{mode_name}.{action}: no such action"))
                    })?;
                let mut parsed = Vec::new();
                for k in keys {
                    let key = Key::parse(k).ok_or_else(|| {
                        KeymapError(format!("keymap.{mode_name}.{action}: {k:?} is not a key"))
                    })?;
                    if let Some(other) = seen.insert(key, name)
                        && other != name
                    {
                        return Err(KeymapError(format!(
                            "keymap.{mode_name}: {k:?} is bound to both {other} and {name}"
                        )));
                    }
                    parsed.push(key);
                }
                if !parsed.is_empty() {
                    bindings.push(Binding {
                        mode,
                        action: name,
                        keys: parsed,
                    });
                }
            }
        }
        // Help lists actions in the order the action table gives, not alphabetically.
        let rank = |name: &str| {
            Action::NAMES
                .iter()
                .position(|n| *n == name)
                .unwrap_or(usize::MAX)
        };
        bindings.sort_by_key(|b| (b.mode as u8, rank(b.action)));
        Ok(Keymap { bindings })
    }

    /// The action a key runs in a mode. In the filter, unbound printable keys type.
    pub fn action(&self, mode: Mode, key: &KeyEvent) -> Option<Action> {
        let k = Key::from_event(key);
        let bound = self
            .bindings
            .iter()
            .find(|b| b.mode == mode && b.keys.contains(&k))
            .and_then(|b| Action::from_name(b.action));
        if bound.is_some() {
            return bound;
        }
        // Unbound keys type text: into the filter, an input, or a bulk confirm's count.
        let plain = !k.ctrl && !k.alt;
        match (mode, key.code) {
            (Mode::Filter, KeyCode::Enter) => Some(Action::FilterAccept),
            (Mode::Filter, KeyCode::Backspace) => Some(Action::FilterBackspace),
            (Mode::Filter, KeyCode::Char(c)) if plain => Some(Action::FilterChar(c)),
            (Mode::Input, KeyCode::Enter) => Some(Action::InputAccept),
            (Mode::Input | Mode::Confirm, KeyCode::Backspace) => Some(Action::InputBackspace),
            (Mode::Input, KeyCode::Char(c)) if plain => Some(Action::InputChar(c)),
            (Mode::Confirm, KeyCode::Char(c)) if plain && c.is_ascii_digit() => {
                Some(Action::InputChar(c))
            }
            _ => None,
        }
    }

    /// The keymap without acting keys: what read-only mode shows in hints and help.
    pub fn read_only(mut self) -> Keymap {
        self.bindings
            .retain(|b| !Action::from_name(b.action).is_some_and(|a| a.is_acting()));
        self
    }

    /// Every binding of a mode, in the keymap's order.
    pub fn bindings(&self, mode: Mode) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.mode == mode)
    }

    /// The keys of an action in a mode, joined for display ("j/↓").
    pub fn keys_for(&self, mode: Mode, action: &str) -> Option<String> {
        self.bindings(mode).find(|b| b.action == action).map(|b| {
            b.keys
                .iter()
                .map(Key::to_string)
                .collect::<Vec<_>>()
                .join("/")
        })
    }
}

#[cfg(test)]
mod tests;
