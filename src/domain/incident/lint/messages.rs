//! What the lint tells an agent about a finding, one table per language; a finding
//! carries its message in both, since the reader's language is not known there.

use crate::base::lang::Lang;

/// The findings' messages in one language. `{what}` is the offending text, `{max}`
/// the longest message the Market takes, `{off}` the `off_chat` reminder.
#[derive(Debug)]
pub(super) struct LintWords {
    pub off_chat: &'static str,
    pub empty: &'static str,
    pub too_long: &'static str,
    pub phone: &'static str,
    pub email: &'static str,
    pub link: &'static str,
    pub messenger: &'static str,
    pub ask_to_cancel: &'static str,
    pub off_platform_payment: &'static str,
    pub card_number: &'static str,
    pub placeholder: &'static str,
}

static RU: LintWords = LintWords {
    off_chat: "общаться с покупателем можно только в чате Маркета",
    empty: "Сообщение пустое",
    too_long: "Сообщение длиннее {max} символов ({what}): Маркет его не примет",
    phone: "Номер телефона «{what}»: {off}",
    email: "Адрес e-mail «{what}»: {off}",
    link: "Ссылка «{what}» уводит покупателя с Маркета",
    messenger: "Мессенджер «{what}»: {off}",
    ask_to_cancel: "«{what}»: нельзя просить покупателя отменить заказ самому — так уходят от отмены по вине продавца",
    off_platform_payment: "«{what}»: оплата и возвраты — только через Маркет",
    card_number: "«{what}» похоже на номер банковской карты",
    placeholder: "Не заполнена переменная {what}",
};

static EN: LintWords = LintWords {
    off_chat: "talk to the buyer only in the Market chat",
    empty: "The message is empty",
    too_long: "The message is longer than {max} characters ({what}): the Market will not accept it",
    phone: "A phone number \"{what}\": {off}",
    email: "An e-mail address \"{what}\": {off}",
    link: "The link \"{what}\" takes the buyer off the Market",
    messenger: "A messenger \"{what}\": {off}",
    ask_to_cancel: "\"{what}\": never ask the buyer to cancel the order themselves; it dodges a seller-fault cancellation",
    off_platform_payment: "\"{what}\": payments and refunds go only through the Market",
    card_number: "\"{what}\" looks like a bank card number",
    placeholder: "The placeholder {what} is not filled in",
};

/// The lint's messages in a language.
pub(super) fn words(lang: Lang) -> &'static LintWords {
    match lang {
        Lang::Ru => &RU,
        Lang::En => &EN,
    }
}
