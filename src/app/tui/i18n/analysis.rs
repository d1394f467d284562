//! The words of the Analysis screen (step 7) around the report's own tables, one
//! table per language.

use crate::base::lang::Lang;

/// The Analysis screen's words in one language: its title, the charts' titles and
/// what a chart says when it has nothing to draw.
#[derive(Debug)]
pub struct AnalysisWords {
    pub title: &'static str,
    pub by_prefix: &'static str,
    pub enter_hint: &'static str,
    pub computing: &'static str,
    pub pareto_title: &'static str,
    pub no_closed: &'static str,
    pub lost_short: &'static str,
    pub scorecard_title: &'static str,
    pub no_orders: &'static str,
    pub per_day_title: &'static str,
    pub closed: &'static str,
    pub day: &'static str,
}

static RU: AnalysisWords = AnalysisWords {
    title: "Анализ",
    by_prefix: "по:",
    enter_hint: "Enter — заказы столбца",
    computing: "Считаю отчёт…",
    pareto_title: "Причины, Парето",
    no_closed: "нет закрытых инцидентов",
    lost_short: "потер.",
    scorecard_title: "Службы: заказов, опоздания, потери",
    no_orders: "нет заказов за период",
    per_day_title: "Инциденты по дням",
    closed: "закрыто",
    day: "день",
};

static EN: AnalysisWords = AnalysisWords {
    title: "Analysis",
    by_prefix: "by:",
    enter_hint: "Enter lists a bar's orders",
    computing: "Computing the report…",
    pareto_title: "Causes, Pareto",
    no_closed: "no incident closed",
    lost_short: "lost",
    scorecard_title: "Carriers: orders, late, lost",
    no_orders: "no orders in the period",
    per_day_title: "Incidents per day",
    closed: "closed",
    day: "day",
};

/// The Analysis screen's words in a language.
pub fn analysis(lang: Lang) -> &'static AnalysisWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
