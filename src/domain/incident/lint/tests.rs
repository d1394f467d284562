//! Each lint check at its boundary, and the everyday texts it must leave alone.

use super::*;

fn kinds(text: &str) -> Vec<FindingKind> {
    lint(text).into_iter().map(|f| f.kind).collect()
}

fn flags(text: &str, kind: FindingKind) -> bool {
    kinds(text).contains(&kind)
}

#[test]
fn a_polite_honest_message_passes() {
    let text = "Здравствуйте, Анна! Заказ №48356963868 задерживается: служба доставки \
                не успевает привезти его 05.12.2026. Новая дата — 08.12.2026. Сумма 2 500 ₽ \
                вернётся на карту, которой вы платили, если вы решите отказаться. Трек-номер \
                1234567890. Напишите нам в этом чате. Яндекс.Маркет, market.yandex.ru/my/orders";
    assert_eq!(lint(text), vec![]);
}

#[test]
fn length_is_blocked_above_4096_characters_not_at_it() {
    let at_limit = "ж".repeat(MAX_CHARS);
    assert_eq!(lint(&at_limit), vec![]);
    let over = "ж".repeat(MAX_CHARS + 1);
    let f = lint(&over);
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].kind, FindingKind::TooLong);
    assert!(f[0].blocking);
    // Characters, not bytes: the span starts at the 4097th character.
    assert_eq!(f[0].span, MAX_CHARS * 2..(MAX_CHARS + 1) * 2);
    assert!(f[0].message_en.contains("4097"), "{}", f[0].message_en);
}

#[test]
fn an_empty_message_is_blocked() {
    assert_eq!(kinds("  \n "), [FindingKind::Empty]);
}

#[test]
fn russian_phone_numbers_in_their_usual_spellings_are_blocked() {
    for phone in [
        "+7 (912) 345-67-89",
        "+79123456789",
        "8 912 345 67 89",
        "8-912-345-67-89",
        "89123456789",
        "8 (495) 123-45-67",
        "(912) 345-67-89",
        "912 345-67-89",
        "9123456789",
        "+375 29 123-45-67",
    ] {
        let text = format!("Позвоните мне: {phone}, спасибо");
        let f = lint(&text);
        assert_eq!(f.len(), 1, "{phone}: {f:?}");
        assert_eq!(f[0].kind, FindingKind::Phone, "{phone}");
        assert_eq!(&text[f[0].span.clone()], phone, "{phone}");
    }
}

#[test]
fn order_ids_are_not_phones_even_when_they_look_like_one() {
    // Order ids are 11 digits; one starting "89…" reads as a mobile when bare.
    assert!(!flags("Заказ №48356963868 в пути", FindingKind::Phone));
    assert!(!flags("Ваш заказ 89123456789 в пути", FindingKind::Phone));
    assert!(!flags(
        "Order #89123456789 is on its way",
        FindingKind::Phone
    ));
    assert!(!flags("Трек-номер 9123456789", FindingKind::Phone));
    assert!(!flags("Tracking number 9123456789", FindingKind::Phone));
    // A number between the word and the phone ends the excuse.
    assert!(flags("Заказ 48356963868, 89123456789", FindingKind::Phone));
    // Without the context word, the same digits are a phone…
    assert!(flags("Звоните 89123456789", FindingKind::Phone));
    // …unless the caller says it is this order's id.
    let opts = LintOptions {
        known_numbers: vec!["89123456789".into()],
        ..LintOptions::default()
    };
    assert_eq!(lint_with("Звоните 89123456789", &opts), vec![]);
}

#[test]
fn ten_digit_numbers_without_an_area_code_or_separators_are_left_alone() {
    // A bare 10-digit code starting 1–2, 5–7 is a track, not a phone.
    assert!(!flags("Код 1234567890", FindingKind::Phone));
    assert!(!flags("Код 5551234567", FindingKind::Phone));
    // Nine or twelve digits are not Russian phones.
    assert!(!flags("Код 912345678", FindingKind::Phone));
    assert!(!flags("Код 891234567890", FindingKind::Phone));
    // Dates, times and prices never are.
    assert_eq!(kinds("05.12.2026 в 14:00, 12 345 ₽, 2026-12-05"), vec![]);
}

#[test]
fn a_phone_after_other_numbers_is_still_found() {
    assert!(flags("Итого 2 шт. 8 912 345 67 89", FindingKind::Phone));
}

#[test]
fn digits_glued_to_letters_are_codes_not_phones() {
    assert!(!flags("Трек CDEK89123456789", FindingKind::Phone));
    assert!(!flags("Код 89123456789A", FindingKind::Phone));
}

#[test]
fn e_mail_addresses_are_blocked() {
    let f = lint("Пишите на ivan.petrov+shop@mail.ru.");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::Email);
    assert_eq!(f[0].excerpt, "ivan.petrov+shop@mail.ru");
    assert!(flags("почта@магазин.рф", FindingKind::Email));
    assert!(!flags("цена @ 100", FindingKind::Email));
    assert!(!flags("user@localhost", FindingKind::Email));
}

#[test]
fn links_bare_domains_and_www_are_blocked_but_the_markets_own_site_is_not() {
    for link in [
        "https://shop.example/track",
        "http://x.ru",
        "www.shop.com",
        "example.ru",
        "t.me/shop",
        "vk.com/shop",
        "clck.ru/abc",
    ] {
        let text = format!("Смотрите {link} там всё");
        assert!(flags(&text, FindingKind::Link), "{link}: {:?}", lint(&text));
    }
    assert!(!flags(
        "https://market.yandex.ru/my/orders",
        FindingKind::Link
    ));
    assert!(!flags(
        "Яндекс.Маркет, т.е. г.Москва, ул.Ленина, 1.5 кг",
        FindingKind::Link
    ));
    assert!(!flags("It was late.To be honest", FindingKind::Link));
}

#[test]
fn messenger_names_are_blocked_as_off_platform_contact() {
    for m in [
        "WhatsApp",
        "вотсап",
        "Ватсап",
        "Telegram",
        "телеграмме",
        "в телеге",
        "Viber",
        "ВКонтакте",
        "VK",
        "напишите в вк",
    ] {
        assert!(
            flags(&format!("Напишите нам в {m}"), FindingKind::Messenger),
            "{m}"
        );
    }
    // Whole words only: "вкусно" is not VK, "телеграф" is not Telegram's slang.
    assert!(!flags(
        "Очень вкусно, отправим телеграфом",
        FindingKind::Messenger
    ));
}

#[test]
fn asking_the_buyer_to_cancel_is_blocked_but_answering_their_request_is_not() {
    for ask in [
        "Пожалуйста, отмените заказ в приложении",
        "Вы можете отменить его в личном кабинете",
        "Оформите отмену, и мы вернём деньги",
        "Отменить заказ самостоятельно можно в приложении",
        "Нажмите «Отменить» в заказе",
        "Please cancel the order in the app",
        "You can cancel it yourself",
    ] {
        assert!(flags(ask, FindingKind::AskToCancel), "{ask}");
    }
    for fine in [
        "Мы получили ваш запрос на отмену заказа и приняли его",
        "Мы отменим заказ и вернём деньги через Маркет",
        "We received your cancellation request and accepted it",
    ] {
        assert!(
            !flags(fine, FindingKind::AskToCancel),
            "{fine}: {:?}",
            lint(fine)
        );
    }
}

#[test]
fn payment_outside_the_market_is_blocked_but_a_market_refund_is_not() {
    for pay in [
        "Переведите 500 ₽ за доставку",
        "Оплатите по СБП",
        "Отдайте наличными курьеру",
        "Мы переведём вам компенсацию",
        "Пришлите номер карты",
        "Переведём на карту Сбербанка",
        "Please pay the courier",
        "Send the money via SBP",
    ] {
        assert!(flags(pay, FindingKind::OffPlatformPayment), "{pay}");
    }
    for fine in [
        "Деньги вернутся на карту, которой вы оплатили заказ",
        "Маркет вернёт деньги тем же способом",
        "The refund goes back to your card through the Market",
    ] {
        assert!(
            !flags(fine, FindingKind::OffPlatformPayment),
            "{fine}: {:?}",
            lint(fine)
        );
    }
}

#[test]
fn bank_card_numbers_are_blocked_when_they_pass_the_luhn_check() {
    assert!(flags("Карта 4111 1111 1111 1111", FindingKind::CardNumber));
    assert!(flags("Карта 4111111111111111", FindingKind::CardNumber));
    assert!(!flags("Код 4111111111111112", FindingKind::CardNumber));
}

#[test]
fn unfilled_placeholders_are_blocked() {
    let f = lint("Здравствуйте, {{buyer_first_name}}! Заказ {{ order_id");
    let p: Vec<_> = f
        .iter()
        .filter(|f| f.kind == FindingKind::Placeholder)
        .collect();
    assert_eq!(p.len(), 2, "{f:?}");
    assert_eq!(p[0].excerpt, "{{buyer_first_name}}");
    assert!(p.iter().all(|f| f.blocking));
    assert!(!flags(
        "Фигурные {скобки} не переменная",
        FindingKind::Placeholder
    ));
}

#[test]
fn a_message_to_the_carrier_may_carry_contacts_but_not_placeholders() {
    let opts = LintOptions {
        audience: Audience::Carrier,
        ..LintOptions::default()
    };
    let text = "Ответьте на shop@example.ru или +7 912 345-67-89, {{track}}";
    let f = lint_with(text, &opts);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].kind, FindingKind::Placeholder);
    let long = lint_with(&"ж".repeat(MAX_CHARS + 1), &opts);
    assert_eq!(long.len(), 1);
    assert!(!long[0].blocking, "a long e-mail to a carrier is allowed");
}

#[test]
fn spans_point_at_the_original_text_after_case_folding() {
    let text = "ЁЖИК: пишите в ТЕЛЕГРАМ";
    let f = lint(text);
    assert_eq!(f.len(), 1);
    assert_eq!(&text[f[0].span.clone()], "ТЕЛЕГРАМ");
    assert!(is_blocked(&f));
    assert!(
        f[0].message(crate::base::lang::Lang::Ru)
            .contains("чате Маркета")
    );
}
