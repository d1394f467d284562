//! The dashboard's counted phrases, each with its forms in both languages and counted
//! by the program's one rule (`crate::base::plural`).

use crate::base::plural::Noun;

/// Drafts not sent when the dashboard is left: "3 неотправленных черновика
/// (сохранены)", "3 unsent drafts (kept)".
pub const UNSENT_DRAFTS: Noun = Noun {
    ru: [
        "неотправленный черновик (сохранён)",
        "неотправленных черновика (сохранены)",
        "неотправленных черновиков (сохранены)",
    ],
    en: ["unsent draft (kept)", "unsent drafts (kept)"],
};

/// Steps of an incident not done when it is closed: "2 шага не выполнены", "2 steps
/// not done".
pub const STEPS_NOT_DONE: Noun = Noun {
    ru: ["шаг не выполнен", "шага не выполнены", "шагов не выполнены"],
    en: ["step not done", "steps not done"],
};

#[cfg(test)]
mod tests;
