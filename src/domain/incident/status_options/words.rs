//! The Status tab's menu entries, one table per language; the menu makes each entry's
//! name in both (`Msg::each`), since the reader's language is not known there.

use crate::base::lang::Lang;

/// The status changes' names in one language; `labelled` puts the Market's value
/// (`{code}`) after a name (`{name}`), `asks_real_date` adds to a check's `{effect}`.
#[derive(Debug)]
pub(super) struct StatusWords {
    pub ready_to_ship: &'static str,
    pub delivery: &'static str,
    pub pickup: &'static str,
    pub delivered: &'static str,
    pub cancel_shop_failed: &'static str,
    pub cancel_unreachable: &'static str,
    pub cancel_changed_mind: &'static str,
    pub cancel_refused_delivery: &'static str,
    pub cancel_refused_product: &'static str,
    pub cancel_refused_quality: &'static str,
    pub cancel_replacing: &'static str,
    pub cancel: &'static str,
    pub change: &'static str,
    pub labelled: &'static str,
    pub asks_real_date: &'static str,
    pub market_sets: &'static str,
}

static RU: StatusWords = StatusWords {
    ready_to_ship: "Готов к отгрузке",
    delivery: "Передан в доставку",
    pickup: "Доставлен в пункт выдачи",
    delivered: "Доставлен покупателю",
    cancel_shop_failed: "Отменить: магазин не может выполнить заказ",
    cancel_unreachable: "Отменить: не удалось связаться с покупателем",
    cancel_changed_mind: "Отменить: покупатель передумал",
    cancel_refused_delivery: "Отменить: покупателя не устроили условия доставки",
    cancel_refused_product: "Отменить: товар не подошёл покупателю",
    cancel_refused_quality: "Отменить: покупателя не устроило качество",
    cancel_replacing: "Отменить: покупатель заменяет заказ",
    cancel: "Отменить",
    change: "Сменить статус",
    labelled: "{name} ({code})",
    asks_real_date: "{effect}; спросит фактический день доставки",
    market_sets: "Статусы ставит Маркет",
};

static EN: StatusWords = StatusWords {
    ready_to_ship: "Ready to ship",
    delivery: "Handed to the carrier",
    pickup: "At the pickup point",
    delivered: "Delivered to the buyer",
    cancel_shop_failed: "Cancel: the shop cannot fulfil the order",
    cancel_unreachable: "Cancel: the buyer is unreachable",
    cancel_changed_mind: "Cancel: the buyer changed their mind",
    cancel_refused_delivery: "Cancel: the buyer refused the delivery terms",
    cancel_refused_product: "Cancel: the product did not suit the buyer",
    cancel_refused_quality: "Cancel: the buyer refused the quality",
    cancel_replacing: "Cancel: the buyer is replacing the order",
    cancel: "Cancel",
    change: "Change the status",
    labelled: "{name} ({code})",
    asks_real_date: "{effect}; asks the day it really happened",
    market_sets: "The Market sets the statuses",
};

/// The Status tab's words in a language.
pub(super) fn words(lang: Lang) -> &'static StatusWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
