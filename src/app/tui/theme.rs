//! The dashboard's semantic styles, per theme. Widgets ask for "p1" or "selected",
//! never for a colour. Colour only ever adds to a marker or a word that is already on
//! screen: the mono theme sets no foreground or background at all (crossterm then
//! sends bare resets that would also clear bold), only bold, reverse, underline, dim.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::risk::Severity;

/// The dashboard's colour themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    /// Colours for a dark terminal.
    #[default]
    Default,
    /// Colours for a light terminal.
    Light,
    /// No colour at all: bold, reverse and underline only.
    Mono,
}

impl std::str::FromStr for ThemeName {
    type Err = String;

    fn from_str(s: &str) -> Result<ThemeName, String> {
        match s {
            "default" => Ok(ThemeName::Default),
            "light" => Ok(ThemeName::Light),
            "mono" => Ok(ThemeName::Mono),
            _ => Err(format!("{s:?} is not a theme: default, light or mono")),
        }
    }
}

/// Semantic styles of one theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub p1: Style,
    pub p2: Style,
    pub p3: Style,
    pub p4: Style,
    /// The selected row of the list.
    pub selected: Style,
    /// The marker of a row changed by the last refresh.
    pub changed: Style,
    /// Column titles and pane headings.
    pub header: Style,
    pub tab_active: Style,
    pub tab_inactive: Style,
    pub footer: Style,
    /// Keys in hints and in help.
    pub key: Style,
    pub error: Style,
    pub notice: Style,
    /// DEMO / READ-ONLY.
    pub badge: Style,
    /// Secondary text: labels, separators, "—".
    pub dim: Style,
    pub border: Style,
    /// "stale" in the footer.
    pub stale: Style,
}

const BOLD: Modifier = Modifier::BOLD;
const REV: Modifier = Modifier::REVERSED;
const UNDER: Modifier = Modifier::UNDERLINED;
const DIM: Modifier = Modifier::DIM;

fn m(modifier: Modifier) -> Style {
    Style::new().add_modifier(modifier)
}

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

impl Theme {
    /// The styles of a theme.
    pub fn new(name: ThemeName) -> Theme {
        match name {
            ThemeName::Mono => Theme {
                name,
                p1: m(BOLD | UNDER),
                p2: m(BOLD),
                p3: Style::new(),
                p4: m(DIM),
                selected: m(REV),
                changed: m(BOLD),
                header: m(BOLD | UNDER),
                tab_active: m(REV | BOLD),
                tab_inactive: Style::new(),
                footer: Style::new(),
                key: m(BOLD),
                error: m(BOLD | REV),
                notice: Style::new(),
                badge: m(REV | BOLD),
                dim: m(DIM),
                border: m(DIM),
                stale: m(BOLD | UNDER),
            },
            ThemeName::Default => Theme {
                name,
                p1: fg(Color::LightRed).add_modifier(BOLD),
                p2: fg(Color::LightYellow),
                p3: fg(Color::LightCyan),
                p4: fg(Color::DarkGray),
                selected: m(REV),
                changed: fg(Color::LightMagenta).add_modifier(BOLD),
                header: fg(Color::Gray).add_modifier(BOLD | UNDER),
                tab_active: m(REV | BOLD),
                tab_inactive: fg(Color::Gray),
                footer: Style::new(),
                key: fg(Color::LightCyan).add_modifier(BOLD),
                error: fg(Color::LightRed).add_modifier(BOLD),
                notice: fg(Color::LightGreen),
                badge: fg(Color::LightYellow).add_modifier(REV | BOLD),
                dim: fg(Color::DarkGray),
                border: fg(Color::DarkGray),
                stale: fg(Color::LightRed).add_modifier(BOLD),
            },
            ThemeName::Light => Theme {
                name,
                p1: fg(Color::Red).add_modifier(BOLD),
                p2: fg(Color::Yellow).add_modifier(BOLD),
                p3: fg(Color::Blue),
                p4: fg(Color::Gray),
                selected: m(REV),
                changed: fg(Color::Magenta).add_modifier(BOLD),
                header: fg(Color::Black).add_modifier(BOLD | UNDER),
                tab_active: m(REV | BOLD),
                tab_inactive: fg(Color::DarkGray),
                footer: Style::new(),
                key: fg(Color::Blue).add_modifier(BOLD),
                error: fg(Color::Red).add_modifier(BOLD),
                notice: fg(Color::Green),
                badge: fg(Color::Magenta).add_modifier(REV | BOLD),
                dim: fg(Color::DarkGray),
                border: fg(Color::Gray),
                stale: fg(Color::Red).add_modifier(BOLD),
            },
        }
    }

    /// The theme in effect: an explicit choice (flag or config) wins; without one, a
    /// non-empty `NO_COLOR` selects mono (as no-color.org asks); else the default.
    pub fn from_env(explicit: Option<ThemeName>) -> Theme {
        let no_color = std::env::var_os("NO_COLOR");
        Theme::new(Theme::choose(
            explicit,
            no_color.as_ref().and_then(|v| v.to_str()),
        ))
    }

    /// The rule of `from_env`, on values instead of the environment.
    pub fn choose(explicit: Option<ThemeName>, no_color: Option<&str>) -> ThemeName {
        match (explicit, no_color) {
            (Some(name), _) => name,
            (None, Some(v)) if !v.is_empty() => ThemeName::Mono,
            (None, _) => ThemeName::Default,
        }
    }

    /// The style of a severity; "not at risk" is dim.
    pub fn severity(&self, s: Option<Severity>) -> Style {
        match s {
            Some(Severity::P1) => self.p1,
            Some(Severity::P2) => self.p2,
            Some(Severity::P3) => self.p3,
            Some(Severity::P4) => self.p4,
            None => self.dim,
        }
    }
}

#[cfg(test)]
mod tests;
