//! Keys → actions, per mode. The defaults live in `assets/keymap.toml`; a user's config
//! patches only the actions it names. Hints and the `?` screen are generated from this
//! table, so they cannot drift from what the keys do. A key bound twice in one mode, an
//! unknown action or an unreadable key is a config error.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use strum::IntoEnumIterator;

use super::action::{Act, Action};
use super::state::KeyMode;

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

/// One act and its keys in one mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub mode: KeyMode,
    pub act: Act,
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

type Table = BTreeMap<String, BTreeMap<String, Vec<String>>>;

/// The names of the modes, for an error that lists them.
fn mode_names() -> String {
    KeyMode::iter()
        .map(KeyMode::name)
        .collect::<Vec<_>>()
        .join(", ")
}

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
            if mode.parse::<KeyMode>().is_err() {
                return Err(KeymapError(format!(
                    "keymap.{mode}: no such mode ({})",
                    mode_names()
                )));
            }
            let entry = table.entry(mode.clone()).or_default();
            for (action, keys) in actions {
                entry.insert(action.clone(), keys.clone());
            }
        }
        let mut bindings = Vec::new();
        for mode in KeyMode::iter() {
            let mut seen: HashMap<Key, Act> = HashMap::new();
            for (action, keys) in table.get(mode.name()).into_iter().flatten() {
                bindings.extend(binding(mode, action, keys, &mut seen)?);
            }
        }
        // Help lists acts in the order `Act` declares them, not alphabetically.
        bindings.sort_by_key(|b| (b.mode as u8, b.act as u8));
        Ok(Keymap { bindings })
    }

    /// The action a key runs in a mode. In a line of text, keys the mode does not bind
    /// are typed (and edit it: arrows, Ctrl-U…); a bulk confirm takes its count.
    pub fn action(&self, mode: KeyMode, key: &KeyEvent) -> Option<Action> {
        let k = Key::from_event(key);
        let bound = self
            .bindings
            .iter()
            .find(|b| b.mode == mode && b.keys.contains(&k))
            .map(|b| Action::Key(b.act));
        if bound.is_some() {
            return bound;
        }
        match (mode, key.code) {
            (KeyMode::Filter | KeyMode::Input | KeyMode::Command, _) => Some(Action::Text(*key)),
            (KeyMode::Confirm, KeyCode::Backspace) => Some(Action::Text(*key)),
            (KeyMode::Confirm, KeyCode::Char(c)) if !k.ctrl && !k.alt && c.is_ascii_digit() => {
                Some(Action::Text(*key))
            }
            _ => None,
        }
    }

    /// The keymap without acting keys: what read-only mode shows in hints and help.
    pub fn read_only(mut self) -> Keymap {
        self.bindings.retain(|b| !b.act.is_acting());
        self
    }

    /// Every binding of a mode, in the keymap's order.
    pub fn bindings(&self, mode: KeyMode) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.mode == mode)
    }

    /// The binding of an act in a mode.
    pub fn binding(&self, mode: KeyMode, act: Act) -> Option<&Binding> {
        self.bindings(mode).find(|b| b.act == act)
    }

    /// The keys of an act in a mode, joined for display ("j/↓").
    pub fn keys_for(&self, mode: KeyMode, act: Act) -> Option<String> {
        self.binding(mode, act).map(|b| {
            b.keys
                .iter()
                .map(Key::to_string)
                .collect::<Vec<_>>()
                .join("/")
        })
    }

    /// The first key of an act in a mode, as hints spell it ("a", "Space").
    pub fn first_key(&self, mode: KeyMode, act: Act) -> Option<String> {
        self.binding(mode, act)
            .and_then(|b| b.keys.first())
            .map(ToString::to_string)
    }
}

/// One entry of a mode's table read: the act and its keys, each key bound once.
fn binding(
    mode: KeyMode,
    action: &str,
    keys: &[String],
    seen: &mut HashMap<Key, Act>,
) -> Result<Option<Binding>, KeymapError> {
    let mode_name = mode.name();
    let act: Act = action
        .parse()
        .map_err(|_| KeymapError(format!("keymap.{mode_name}.{action}: no such action")))?;
    let mut parsed = Vec::new();
    for k in keys {
        let key = Key::parse(k).ok_or_else(|| {
            KeymapError(format!("keymap.{mode_name}.{action}: {k:?} is not a key"))
        })?;
        if let Some(other) = seen.insert(key, act)
            && other != act
        {
            return Err(KeymapError(format!(
                "keymap.{mode_name}: {k:?} is bound to both {} and {}",
                other.name(),
                act.name()
            )));
        }
        parsed.push(key);
    }
    Ok((!parsed.is_empty()).then_some(Binding {
        mode,
        act,
        keys: parsed,
    }))
}

#[cfg(test)]
mod tests;
