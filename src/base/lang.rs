//! The languages of the interface. The lowest layer that speaks to people needs it,
//! so it lives here rather than with the command line.

use serde::{Deserialize, Serialize};

/// A language of the interface: Russian (the default) or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    /// Every language, in the order the command line lists them.
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::En];

    /// The code used on the command line and in the config.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::ALL
            .into_iter()
            .find(|l| l.code() == s)
            .ok_or_else(|| format!("{s:?} is not a language of ym-triage: ru or en"))
    }
}
