//! Why a reopen, a cancel of a queued write or an undo is refused, one table per
//! language; the refusal goes back as a `Msg` in both, for whichever screen asked.

use crate::base::lang::Lang;

/// The refusals of reopening and undoing in one language.
#[derive(Debug)]
pub struct RevertWords {
    pub say_why_reopened: &'static str,
    pub open_already: &'static str,
    pub not_waiting: &'static str,
    pub not_refused: &'static str,
    pub nothing_to_undo: &'static str,
    pub too_late: &'static str,
    pub changed_since: &'static str,
    pub reopened_since: &'static str,
}

static RU: RevertWords = RevertWords {
    say_why_reopened: "Укажите, почему инцидент открывается снова",
    open_already: "Инцидент и так открыт",
    not_waiting: "Запись уже не в очереди (отправляется или отправлена): отменить нельзя",
    not_refused: "Запись уже не отклонена (её отправили снова или закрыли)",
    nothing_to_undo: "Отменять нечего",
    too_late: "Поздно: действие отменяют в первые секунды",
    changed_since: "Инцидент уже изменился после этого действия; ничего не отменено",
    reopened_since: "У заказа уже открыт новый инцидент; закрытие не отменить",
};

static EN: RevertWords = RevertWords {
    say_why_reopened: "Say why the incident is reopened",
    open_already: "The incident is open already",
    not_waiting: "The write is no longer waiting (being sent, or sent): it cannot be cancelled",
    not_refused: "The write is no longer a refused one (sent again, or dismissed)",
    nothing_to_undo: "Nothing to undo",
    too_late: "Too late: an act is undone within seconds",
    changed_since: "The incident changed after that act; nothing was undone",
    reopened_since: "A new incident is open for the order; the close cannot be undone",
};

/// The refusals in a language.
pub fn words(lang: Lang) -> &'static RevertWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
