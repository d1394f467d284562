//! Why the incident actor refuses an act, one table per language; the refusal goes
//! back as a `Msg` in both (`Msg::each`), for whichever screen asked.

use crate::base::lang::Lang;

/// The actor's refusals in one language. `{limit}` is an agent's daily limit and
/// `{given}` what was given today, both as money.
#[derive(Debug)]
pub(super) struct ActWords {
    pub all_steps_settled: &'static str,
    pub empty_note: &'static str,
    pub above_limit: &'static str,
    pub amount_not_positive: &'static str,
    pub request_lacks_data: &'static str,
    /// `{id}`: the order another agent (`{holder}`) works.
    pub held_by: &'static str,
    pub no_incident: &'static str,
    pub no_order: &'static str,
    pub conflict: &'static str,
    /// `{id}`: the order, `{why}`: the reasons.
    pub refused: &'static str,
}

static RU: ActWords = ActWords {
    all_steps_settled: "Все шаги уже пройдены",
    empty_note: "Пустая заметка",
    above_limit: "Выше лимита агента ({limit} в день, уже дано {given}): нужно подтверждение руководителя",
    amount_not_positive: "Сумма должна быть больше нуля",
    request_lacks_data: "Не хватает данных для запроса (причины или отгрузки)",
    held_by: "{id}: заказ ведёт {holder}; сначала заберите его (c)",
    no_incident: "{id}: нет открытого инцидента",
    no_order: "{id}: заказа нет в кэше",
    conflict: "{id}: инцидент изменил другой агент; перезагружено, ничего не затёрто",
    refused: "{id}: {why}",
};

static EN: ActWords = ActWords {
    all_steps_settled: "Every step is already settled",
    empty_note: "The note is empty",
    above_limit: "Above the agent's limit ({limit} a day, {given} given already): a lead must confirm",
    amount_not_positive: "The amount must be above zero",
    request_lacks_data: "The request lacks data (a reason or the shipment)",
    held_by: "{id}: {holder} works this order; take it over first",
    no_incident: "{id}: the order has no open incident",
    no_order: "{id}: no such order in the cache",
    conflict: "{id}: changed by another agent meanwhile; reloaded, nothing overwritten",
    refused: "{id}: {why}",
};

/// The actor's refusals in a language.
pub(super) fn words(lang: Lang) -> &'static ActWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
