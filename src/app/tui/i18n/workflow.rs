//! The words of closing, reopening, undoing and leaving, of the writes' picker and of
//! the refusals that guard acts on marked or claimed orders, one table per language.

use crate::base::lang::Lang;

/// Those words in one language. `{kind}` is a write's kind in words, `{order_id}`
/// an order, `{n}` a count, `{holder}` the agent working the order.
#[derive(Debug)]
pub struct Workflow {
    pub no_open_incident: &'static str,
    pub choose_cause: &'static str,
    pub esc_closes: &'static str,
    pub typed_lost: &'static str,
    pub nothing_to_undo: &'static str,
    pub no_closed_incident: &'static str,
    pub ask_reopen_why: &'static str,
    pub no_writes: &'static str,
    pub writes_title: &'static str,
    pub being_sent: &'static str,
    pub cancel_title: &'static str,
    pub requeue_title: &'static str,
    pub dismiss_title: &'static str,
    pub cancel_effect: &'static str,
    pub requeue_effect: &'static str,
    pub dismiss_effect: &'static str,
    /// `{n}`: attempts already made.
    pub attempts_warning: &'static str,
    pub cursor_unmarked: &'static str,
    pub one_order_only: &'static str,
    pub held_by: &'static str,
    /// The acts an undo offer names.
    pub undo_step_done: &'static str,
    pub undo_step_skipped: &'static str,
    pub undo_note: &'static str,
    pub undo_compensation: &'static str,
    pub undo_close: &'static str,
    pub undo_reroute: &'static str,
    /// `{what}`: what would be lost by quitting.
    pub quit_anyway: &'static str,
    /// `{who}` claimed order `{id}` just before this agent.
    pub took_first: &'static str,
    /// `{who}` has worked order `{id}` for a while.
    pub held_take_over: &'static str,
}

static RU: Workflow = Workflow {
    no_open_incident: "у заказа нет открытого инцидента",
    choose_cause: "Выберите причину (j/k), затем Enter",
    esc_closes: "Esc закрывает окна; выход — q",
    typed_lost: "набранный текст пропадёт",
    nothing_to_undo: "Отменять нечего: действие отменяют в первые секунды",
    no_closed_incident: "У заказа нет закрытого инцидента",
    ask_reopen_why: "Почему инцидент открывается снова (обязательно)",
    no_writes: "Нет записей в очереди или отклонённых",
    writes_title: "Записи в Маркет",
    being_sent: "Отправляется прямо сейчас: отменить нельзя",
    cancel_title: "Отменить: {kind}",
    requeue_title: "Отправить снова: {kind}",
    dismiss_title: "Закрыть отказ: {kind}",
    cancel_effect: "Заказ {order_id}: запись не будет отправлена в Маркет. Это не отменить.",
    requeue_effect: "Заказ {order_id}: запись снова отправится в Маркет; он может снова отказать.",
    dismiss_effect: "Заказ {order_id}: отказ Маркета снимается с инцидента и счётчика; запись не отправится.",
    attempts_warning: "! Было попыток: {n}; одна из них могла дойти до Маркета.",
    cursor_unmarked: "Отмечено {n}, а курсор на неотмеченном заказе: отметьте его (Space) или перейдите на отмеченный",
    one_order_only: "Отмечено заказов: {n}; это действие — для одного заказа. M снимает отметки",
    held_by: "{order_id}: заказ ведёт {holder}; сначала заберите его (c)",
    undo_step_done: "шаг выполнен",
    undo_step_skipped: "шаг пропущен",
    undo_note: "заметка",
    undo_compensation: "компенсация",
    undo_close: "закрытие",
    undo_reroute: "перенаправление",
    quit_anyway: "{what}: выйти? y/n",
    took_first: "{who} взял(а) {id} на мгновение раньше вас",
    held_take_over: "{id} уже ведёт {who}; c ещё раз — забрать",
};

static EN: Workflow = Workflow {
    no_open_incident: "the order has no open incident",
    choose_cause: "Choose a root cause (j/k), then Enter",
    esc_closes: "Esc closes what is open; q quits",
    typed_lost: "what you typed will be lost",
    nothing_to_undo: "Nothing to undo: an act is undone within seconds of it",
    no_closed_incident: "The order has no closed incident",
    ask_reopen_why: "Why is the incident reopened (required)",
    no_writes: "No write is waiting or refused",
    writes_title: "Writes to the Market",
    being_sent: "Being sent right now: it cannot be cancelled",
    cancel_title: "Cancel: {kind}",
    requeue_title: "Send again: {kind}",
    dismiss_title: "Dismiss: {kind}",
    cancel_effect: "Order {order_id}: the write will not be sent to the Market. This cannot be taken back.",
    requeue_effect: "Order {order_id}: the write goes to the Market again; it may refuse again.",
    dismiss_effect: "Order {order_id}: the Market's refusal leaves the incident and the count; the write is not sent.",
    attempts_warning: "! {n} attempt(s) so far: one of them may have reached the Market.",
    cursor_unmarked: "{n} marked, and the cursor is on an unmarked order: mark it (Space) or move to a marked one",
    one_order_only: "{n} orders marked; this acts on one order. M clears the marks",
    held_by: "{order_id}: {holder} works this order; take it over first (c)",
    undo_step_done: "step done",
    undo_step_skipped: "step skipped",
    undo_note: "note",
    undo_compensation: "compensation",
    undo_close: "close",
    undo_reroute: "reroute",
    quit_anyway: "{what}: quit? y/n",
    took_first: "{who} took {id} a moment before you",
    held_take_over: "{who} already works {id}; c again takes it over",
};

/// Those words in a language.
pub fn workflow(lang: Lang) -> &'static Workflow {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
