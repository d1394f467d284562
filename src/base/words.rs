//! The program's one way to say things in both languages. Each area keeps its words in
//! a table: a struct of texts with one `const RU` and one `const EN` of it, chosen by
//! the area's `words(lang)`. A text with a variable part names it (`{n}`, `{day}`) and
//! [`fill`] puts the values in; a counted word comes from [`super::plural`]. A text
//! made before anyone knows who will read it (the rules, the service) is a [`Msg`]:
//! the same table text made in both languages, read with [`Msg::get`].

use std::fmt::Display;

use super::lang::Lang;

/// A text in Russian (the default) and English, for a reader whose language is not
/// known where the text is made.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Msg {
    pub ru: String,
    pub en: String,
}

impl Msg {
    /// A text in both languages.
    pub fn new(ru: impl Into<String>, en: impl Into<String>) -> Msg {
        Msg {
            ru: ru.into(),
            en: en.into(),
        }
    }

    /// A text made once per language, usually from that language's table:
    /// `Msg::each(|l| words(l).loading)`, `Msg::each(|l| fill(words(l).left, &[("n", &n)]))`.
    pub fn each<S: Into<String>>(make: impl Fn(Lang) -> S) -> Msg {
        Msg::new(make(Lang::Ru), make(Lang::En))
    }

    /// Several texts as one, separated by "; " in each language.
    pub fn join(msgs: &[Msg]) -> Msg {
        Msg::each(|lang| {
            msgs.iter()
                .map(|m| m.get(lang))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    /// The text in one language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }
}

/// The template with each `{name}` replaced by its value from `args`, in one pass: a
/// value is never read again for placeholders, and a name not in `args` (or a brace
/// with no name after it) stays as written.
pub fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let key = &after[..close];
            args.iter()
                .find(|(name, _)| *name == key)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((v, close)) => {
                out.push_str(&v.to_string());
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
