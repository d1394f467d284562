//! The words of a text input kept across a crash (`tui::kept_input`): what it was
//! for, that it was reopened, or why it could not be, one table per language.

use crate::base::lang::Lang;

/// Those words in one language. `{what}` is what the input was for, `{why}` why it
/// could not be reopened, `{text}` what was typed, `{order_id}` the order.
#[derive(Debug)]
pub struct KeptWords {
    pub restored: &'static str,
    pub not_reopened: &'static str,
    /// What an input was for, with its order: `{purpose}`, `{order_id}`.
    pub what: &'static str,
    // Why an input was not reopened.
    pub order_gone: &'static str,
    pub step_moved: &'static str,
    pub not_closed: &'static str,
    pub another_input: &'static str,
    pub moved_on: &'static str,
    pub read_only: &'static str,
    // What an input is for.
    pub step_outcome: &'static str,
    pub lesson: &'static str,
    pub note: &'static str,
    pub skip: &'static str,
    pub draft: &'static str,
    pub move_date: &'static str,
    pub real_date: &'static str,
    pub storage_date: &'static str,
    pub track: &'static str,
    pub call: &'static str,
    pub reopen: &'static str,
    pub lead: &'static str,
}

static RU: KeptWords = KeptWords {
    restored: "Возвращено то, что вы набирали: {what}",
    not_reopened: "Не удалось вернуть то, что вы набирали ({what}): {why}. Текст: «{text}»",
    what: "{purpose}, заказ {order_id}",
    order_gone: "заказа больше нет в кэше",
    step_moved: "этот шаг уже не текущий",
    not_closed: "инцидент уже не закрыт",
    another_input: "уже открыт другой ввод",
    moved_on: "выбран другой заказ",
    read_only: "режим только для чтения (сохранено до запуска, где можно действовать)",
    step_outcome: "итог шага",
    lesson: "вывод на будущее",
    note: "заметка",
    skip: "причина пропуска шага",
    draft: "черновик",
    move_date: "новая дата доставки",
    real_date: "день доставки",
    storage_date: "срок хранения",
    track: "трек-номер",
    call: "звонок покупателю",
    reopen: "причина повторного открытия",
    lead: "руководитель, подтверждающий компенсацию",
};

static EN: KeptWords = KeptWords {
    restored: "Restored what you were typing: {what}",
    not_reopened: "Could not reopen what you were typing ({what}): {why}. The text: «{text}»",
    what: "{purpose}, order {order_id}",
    order_gone: "the order is no longer in the cache",
    step_moved: "that step is not the current one any more",
    not_closed: "the incident is not closed any more",
    another_input: "another input is open",
    moved_on: "another order was selected",
    read_only: "read-only mode (kept for a start that may act)",
    step_outcome: "step outcome",
    lesson: "lesson",
    note: "note",
    skip: "skip reason",
    draft: "draft",
    move_date: "new delivery date",
    real_date: "delivery day",
    storage_date: "storage limit",
    track: "track code",
    call: "call to the buyer",
    reopen: "reason to reopen",
    lead: "lead confirming compensation",
};

/// Those words in a language.
pub fn kept(lang: Lang) -> &'static KeptWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
