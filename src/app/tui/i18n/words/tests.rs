use super::*;
use crate::app::tui::i18n::acting;
use crate::base::lang::Lang;
use crate::base::words::fill;

#[test]
fn counted_phrases_agree_with_their_number() {
    let ru = |n| STEPS_NOT_DONE.count(n, Lang::Ru);
    assert_eq!(ru(1), "1 шаг не выполнен");
    assert_eq!(ru(3), "3 шага не выполнены");
    assert_eq!(ru(5), "5 шагов не выполнены");
    assert_eq!(ru(11), "11 шагов не выполнены");
    assert_eq!(ru(21), "21 шаг не выполнен");
    assert_eq!(STEPS_NOT_DONE.count(1, Lang::En), "1 step not done");
    assert_eq!(UNSENT_DRAFTS.count(2, Lang::En), "2 unsent drafts (kept)");
    assert_eq!(
        UNSENT_DRAFTS.count(24, Lang::Ru),
        "24 неотправленных черновика (сохранены)"
    );
}

#[test]
fn a_close_question_fills_the_counted_steps_in() {
    let ask = |lang| {
        let steps = STEPS_NOT_DONE.count(2, lang);
        fill(acting(lang).close_anyway, &[("steps", &steps)])
    };
    assert_eq!(
        ask(Lang::Ru),
        "2 шага не выполнены — всё равно закрыть? y/n"
    );
    assert_eq!(ask(Lang::En), "2 steps not done — close anyway? y/n");
}
