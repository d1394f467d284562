//! What a template's variables say to a buyer when the order does not say it, one
//! table per language: greetings, item counts, the neutral defaults, the date form,
//! and the reasons told for a moved date or a cancellation answer.

use crate::base::lang::Lang;

/// Those words in one language.
#[derive(Debug)]
pub(super) struct TemplateWords {
    /// An item's `{name}` with its count `{n}`, when more than one.
    pub items_counted: &'static str,
    /// The greeting with the buyer's first `{name}`.
    pub greeting_named: &'static str,
    /// The greeting without a name.
    pub greeting: &'static str,
    /// A day as the buyer reads it.
    pub date_format: &'static str,
    /// The neutral word a variable becomes when it has no value and no fallback.
    pub default_order_id: &'static str,
    pub default_buyer_first_name: &'static str,
    pub default_items: &'static str,
    pub default_old_date: &'static str,
    pub default_new_date: &'static str,
    pub default_storage_date: &'static str,
    pub default_carrier: &'static str,
    pub default_track: &'static str,
    pub default_agent: &'static str,
    pub default_compensation: &'static str,
    pub default_city: &'static str,
    pub default_value: &'static str,
    pub default_reason: &'static str,
    pub default_problem: &'static str,
    /// Why the date moved, said to the buyer.
    pub date_reason_buyer: &'static str,
    pub date_reason_seller: &'static str,
    /// The answer to the buyer's cancellation request.
    pub cancel_accepted: &'static str,
    pub cancel_refused_delivered: &'static str,
    pub cancel_refused_in_delivery: &'static str,
}

static RU: TemplateWords = TemplateWords {
    items_counted: "{name} ({n} шт.)",
    greeting_named: "Здравствуйте, {name}!",
    greeting: "Здравствуйте!",
    date_format: "%d.%m.%Y",
    default_order_id: "(номер заказа указан в чате)",
    default_buyer_first_name: "покупатель",
    default_items: "товары заказа",
    default_old_date: "прежняя дата",
    default_new_date: "дату уточним и сообщим в этом чате",
    default_storage_date: "окончания срока хранения",
    default_carrier: "служба доставки",
    default_track: "пока не присвоен",
    default_agent: "служба поддержки магазина",
    default_compensation: "компенсация",
    default_city: "ваш город",
    default_value: "сумма заказа",
    default_reason: "изменились условия доставки",
    default_problem: "отправление не доставлено в срок",
    date_reason_buyer: "вы попросили доставить заказ в другой день",
    date_reason_seller: "мы не успеваем доставить заказ в первоначальный срок",
    cancel_accepted: "Мы приняли ваш запрос: заказ будет отменён, а деньги вернутся через Маркет тем же способом, которым вы платили.",
    cancel_refused_delivered: "К сожалению, принять его мы не можем: заказ уже доставлен. Если товар вам не подошёл, напишите нам здесь — поможем оформить возврат через Маркет.",
    cancel_refused_in_delivery: "К сожалению, принять его мы не можем: заказ уже передан в доставку. Если товар вам не подойдёт, напишите нам здесь — поможем оформить возврат через Маркет.",
};

static EN: TemplateWords = TemplateWords {
    items_counted: "{name} ({n})",
    greeting_named: "Hello {name},",
    greeting: "Hello,",
    date_format: "%-d %b %Y",
    default_order_id: "(the order number is shown in this chat)",
    default_buyer_first_name: "customer",
    default_items: "the items of your order",
    default_old_date: "the original date",
    default_new_date: "we will confirm the date in this chat",
    default_storage_date: "the end of the storage period",
    default_carrier: "the delivery service",
    default_track: "not assigned yet",
    default_agent: "the shop's support team",
    default_compensation: "a compensation",
    default_city: "your city",
    default_value: "the order amount",
    default_reason: "the delivery plan changed",
    default_problem: "the parcel was not delivered on time",
    date_reason_buyer: "you asked for delivery on another day",
    date_reason_seller: "we cannot deliver the order by the original date",
    cancel_accepted: "We have accepted it: the order will be cancelled and the money will come back through the Market the way you paid.",
    cancel_refused_delivered: "Unfortunately we cannot accept it: the order has already been delivered. If the item does not suit you, write to us here and we will help you return it through the Market.",
    cancel_refused_in_delivery: "Unfortunately we cannot accept it: the order is already out for delivery. If the item does not suit you, write to us here and we will help you return it through the Market.",
};

/// The template variables' words in a language.
pub(super) fn words(lang: Lang) -> &'static TemplateWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
