//! What the steps' rules say to an agent, one table per language; the rules make each
//! message in both (`Msg::each`), since the reader's language is not known here.

use super::RootCause;
use crate::base::lang::Lang;

/// The steps' refusals and notes in one language. `{step}` is a step's title,
/// `{status}` an order's status.
#[derive(Debug)]
pub struct StepWords {
    pub not_skippable: &'static str,
    pub nothing_to_reroute: &'static str,
    pub nothing_to_update: &'static str,
    pub say_why_skipped: &'static str,
    pub fby_no_reroute: &'static str,
    pub fby_no_writes: &'static str,
    pub bad_data_owner: &'static str,
    pub lost_owner: &'static str,
    pub choose_cause: &'static str,
    /// The steps' titles for the checklist, in `Step::ALL` order.
    pub step_titles: [&'static str; 7],
    /// Whose fault an incident was, as a closed incident says it.
    pub faults: OwnerWords,
    /// The fault owners' names for screens and reports.
    pub owners: OwnerWords,
    /// The root causes' names for the closing dialog, in `RootCause::ALL` order.
    pub causes: [&'static str; RootCause::ALL.len()],
}

/// One text per fault owner.
#[derive(Debug)]
pub struct OwnerWords {
    pub seller: &'static str,
    pub carrier: &'static str,
    pub buyer: &'static str,
    pub market: &'static str,
    pub none: &'static str,
}

static RU: StepWords = StepWords {
    not_skippable: "Шаг «{step}» пропустить нельзя",
    nothing_to_reroute: "Заказ в статусе {status}: доставлять больше нечего",
    nothing_to_update: "Заказ уже в статусе {status}: менять в Маркете нечего",
    say_why_skipped: "Укажите, почему шаг пропущен",
    fby_no_reroute: "FBY: Маркет сам доставляет заказ, изменить доставку через API нельзя; обращение — через кабинет",
    fby_no_writes: "FBY: все статусы ставит Маркет, записи через API недоступны",
    bad_data_owner: "Считается виной продавца; если данные неверно указал покупатель, напишите это в выводе",
    lost_owner: "Считается виной службы доставки; если потерял Маркет (FBS/FBY), напишите это в выводе",
    choose_cause: "Чтобы закрыть инцидент, выберите причину",
    step_titles: [
        "Проверить заказ и связаться со службой доставки",
        "Честно сообщить покупателю",
        "Предложить другой вариант доставки",
        "Предложить компенсацию",
        "Обновить статус в Маркете",
        "Соблюсти правила площадки",
        "Разобрать причину",
    ],
    faults: OwnerWords {
        seller: "вина продавца",
        carrier: "вина службы доставки",
        buyer: "вина покупателя",
        market: "вина Маркета",
        none: "ничьей вины нет",
    },
    owners: OwnerWords {
        seller: "продавец",
        carrier: "служба доставки",
        buyer: "покупатель",
        market: "Маркет",
        none: "никто",
    },
    causes: [
        "Нет товара / ошибка остатков",
        "Сборка или упаковка",
        "Ошибка маркировки",
        "Опоздали с передачей",
        "Нереальный срок доставки",
        "Статус передан поздно",
        "Неверные данные (вес, размеры, контакты)",
        "Задержка у службы доставки",
        "Потерян",
        "Повреждён",
        "Отправлен не туда",
        "Курьер не приехал / не найден",
        "Покупатель недоступен",
        "Адрес / переезд",
        "Покупатель перенёс дату",
        "Отказ / не забрал",
        "Маркет или техническая ошибка",
        "Внешние обстоятельства",
    ],
};

static EN: StepWords = StepWords {
    not_skippable: "The step \"{step}\" cannot be skipped",
    nothing_to_reroute: "The order is {status}: there is no delivery left to reroute",
    nothing_to_update: "The order is already {status}: nothing to update in the Market",
    say_why_skipped: "Say why the step is skipped",
    fby_no_reroute: "FBY: the Market delivers the order, no reroute is possible through the API; escalate via the cabinet",
    fby_no_writes: "FBY: the Market sets every status, no writes are possible through the API",
    bad_data_owner: "Counted as the seller's; if the buyer gave the wrong data, say so in the lesson",
    lost_owner: "Counted as the carrier's; if the Market lost it (FBS/FBY), say so in the lesson",
    choose_cause: "Choose a root cause to close the incident",
    step_titles: [
        "Verify the order and contact the carrier",
        "Notify the buyer honestly",
        "Offer alternative delivery",
        "Offer compensation",
        "Update the status in the Market",
        "Follow the platform rules",
        "Analyse the cause",
    ],
    faults: OwnerWords {
        seller: "seller's fault",
        carrier: "carrier's fault",
        buyer: "buyer's fault",
        market: "the Market's fault",
        none: "nobody's fault",
    },
    owners: OwnerWords {
        seller: "seller",
        carrier: "carrier",
        buyer: "buyer",
        market: "Market",
        none: "none",
    },
    causes: [
        "Stock wrong or out",
        "Picking or packing",
        "Label or marking error",
        "Missed handover",
        "Unrealistic delivery terms",
        "Status sent late",
        "Wrong weight, size or contact data",
        "Carrier transit delay",
        "Lost in the network",
        "Damaged",
        "Misrouted",
        "Courier no-show or not found",
        "Buyer unreachable",
        "Address problem",
        "Buyer asked another date",
        "Refused or not collected",
        "Marketplace or technical",
        "External / force majeure",
    ],
};

/// The steps' words in a language.
pub fn words(lang: Lang) -> &'static StepWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
