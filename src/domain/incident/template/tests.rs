//! Templates: parsing, filling with and without data, user overrides, and every
//! shipped template in both languages passing the lint it will be sent through.

use std::fs;

use super::*;
use crate::base::money::Money;
use crate::domain::incident::fixtures::{d, dbs};
use crate::domain::incident::lint::{is_blocked, lint_with};
use crate::market::enums::{
    CancellationRejectReason, DeliveryDateReason, OrderStatus as S, OrderSubstatus as Sub,
};

const NAMES: [&str; 8] = [
    "cancellation_answer",
    "carrier_changed",
    "carrier_inquiry",
    "compensation_offer",
    "date_moved",
    "delay_apology",
    "lost_parcel",
    "pickup_reminder",
];

fn shipped_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates")
}

/// Everything an agent could fill in, for the "with data" renders.
fn full_vars(lang: Lang) -> Vars {
    let mut o = dbs(S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED);
    o.tracks = vec!["1234567890".into()];
    o.storage_limit = Some(d("2026-12-10"));
    Vars::from_order(&o, lang)
        .with("items", "Чайник, 2 шт.")
        .with("new_date", format_date(d("2026-12-08"), lang))
        .with("agent", "Мария")
        .with("compensation", "скидка 300 ₽ на следующий заказ")
        .with(
            "reason",
            date_reason_text(&DeliveryDateReason::PARTNER_MOVED_DELIVERY_DATES, lang),
        )
        .with("problem", "статус не меняется 4 дня")
}

#[test]
fn every_shipped_template_exists_in_both_languages_and_parses() {
    for lang in [Lang::Ru, Lang::En] {
        let all = load(lang, &shipped_dir(), None).unwrap();
        let names: Vec<_> = all.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, NAMES, "{lang:?}");
        assert_eq!(
            builtin(lang),
            all.iter()
                .map(|t| Template {
                    path: None,
                    ..t.clone()
                })
                .collect::<Vec<_>>()
        );
        for t in &all {
            assert_ne!(t.title, t.name, "{} has a title", t.name);
            let expected = if t.name == "carrier_inquiry" {
                Audience::Carrier
            } else {
                Audience::Buyer
            };
            assert_eq!(t.audience, expected, "{}", t.name);
        }
    }
}

#[test]
fn every_shipped_template_passes_the_lint_with_and_without_data() {
    let o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    for lang in [Lang::Ru, Lang::En] {
        for t in builtin(lang) {
            for (label, vars) in [("full", full_vars(lang)), ("empty", Vars::default())] {
                let text = render(&t, &vars);
                let findings = lint_with(&text, &t.lint_options(Some(&o)));
                assert!(
                    findings.is_empty(),
                    "{lang:?} {} ({label}): {findings:?}\n{text}",
                    t.name
                );
                assert!(!text.contains("{{") && !text.contains("}}"), "{text}");
            }
        }
    }
}

#[test]
fn a_template_fills_the_order_data_in_russian() {
    let ru = builtin(Lang::Ru);
    let t = ru.iter().find(|t| t.name == "date_moved").unwrap();
    let text = render(t, &full_vars(Lang::Ru));
    assert!(text.starts_with("Здравствуйте, Анна!"), "{text}");
    assert!(text.contains("заказа №48356963868"), "{text}");
    assert!(
        text.contains("вместо 05.12.2026 заказ будет доставлен 08.12.2026"),
        "{text}"
    );
    assert!(
        text.contains("Причина: мы не успеваем доставить заказ в первоначальный срок."),
        "{text}"
    );
    assert!(text.ends_with("С уважением, Мария"), "{text}");
}

#[test]
fn without_optional_data_the_fallbacks_read_naturally() {
    let ru = builtin(Lang::Ru);
    let t = ru.iter().find(|t| t.name == "date_moved").unwrap();
    let text = render(t, &Vars::default().with("order_id", "48356963868"));
    assert!(text.starts_with("Здравствуйте!\n"), "{text}");
    assert!(
        text.contains("вместо прежней даты заказ будет доставлен в новую дату"),
        "{text}"
    );
    assert!(
        text.ends_with("С уважением, служба поддержки магазина"),
        "{text}"
    );
    let en = builtin(Lang::En);
    let t = en.iter().find(|t| t.name == "carrier_changed").unwrap();
    let text = render(t, &Vars::default());
    assert!(text.starts_with("Hello,\n"), "{text}");
    assert!(
        text.contains("another delivery service: the delivery service."),
        "{text}"
    );
    assert!(text.contains("Tracking number: it will appear"), "{text}");
}

#[test]
fn the_cancellation_answer_says_accepted_or_refused() {
    let en = builtin(Lang::En);
    let t = en.iter().find(|t| t.name == "cancellation_answer").unwrap();
    let base = Vars::default().with("buyer_first_name", "Ann");
    let accepted = render(
        t,
        &base
            .clone()
            .with("reason", cancellation_text(true, None, Lang::En)),
    );
    assert!(accepted.contains("We have accepted it"), "{accepted}");
    let refused = cancellation_text(
        false,
        Some(&CancellationRejectReason::ORDER_IN_DELIVERY),
        Lang::En,
    );
    let text = render(t, &base.with("reason", refused));
    assert!(text.starts_with("Hello Ann,"), "{text}");
    assert!(text.contains("already out for delivery"), "{text}");
    assert!(lint_with(&text, &t.lint_options(None)).is_empty());
}

#[test]
fn an_empty_value_without_a_fallback_takes_the_variables_default() {
    let t = Template::parse("x", Lang::Ru, "Служба: {{carrier}}. Трек: {{track|—}}.").unwrap();
    assert_eq!(
        render(&t, &Vars::default().with("carrier", "  ")),
        "Служба: служба доставки. Трек: —."
    );
    for name in VARIABLES {
        if *name != "greeting" {
            assert!(!default_value(name, Lang::Ru).is_empty(), "{name}");
            assert!(!default_value(name, Lang::En).is_empty(), "{name}");
        }
    }
}

#[test]
fn values_from_outside_cannot_inject_placeholders_or_escapes() {
    let t = Template::parse("x", Lang::En, "{{greeting}} {{city}}").unwrap();
    let v = Vars::default()
        .with("buyer_first_name", "{{track}}\u{1b}[2J")
        .with("city", "{{agent}}");
    let text = render(&t, &v);
    assert!(!text.contains("{{") && !text.contains('\u{1b}'), "{text:?}");
}

#[test]
fn front_matter_and_variables_are_checked_with_the_line_named() {
    let e = Template::parse("x", Lang::Ru, "---\ntitle: T\ncolour: red\n---\nТекст").unwrap_err();
    assert!(e.contains("line 3") && e.contains("colour"), "{e}");
    let e = Template::parse("x", Lang::Ru, "---\naudience: everyone\n---\n").unwrap_err();
    assert!(e.contains("audience"), "{e}");
    assert!(Template::parse("x", Lang::Ru, "---\ntitle: T\nТекст").is_err());
    let e = Template::parse("x", Lang::Ru, "Привет, {{buyer_name}}").unwrap_err();
    assert!(
        e.contains("buyer_name") && e.contains("buyer_first_name"),
        "{e}"
    );
    assert!(Template::parse("x", Lang::Ru, "Привет, {{order_id").is_err());
    let plain = Template::parse("plain", Lang::Ru, "Просто текст\n").unwrap();
    assert_eq!(
        (plain.title.as_str(), plain.audience, plain.body.as_str()),
        ("plain", Audience::Buyer, "Просто текст")
    );
}

#[test]
fn a_users_template_overrides_the_shipped_one_of_the_same_name() {
    let user = tempfile::tempdir().unwrap();
    fs::create_dir_all(user.path().join("ru")).unwrap();
    fs::write(
        user.path().join("ru/delay_apology.md"),
        "---\ntitle: Моё\n---\n{{greeting}} Свой текст {{order_id}}",
    )
    .unwrap();
    fs::write(user.path().join("ru/thanks.md"), "Спасибо!").unwrap();
    fs::write(user.path().join("ru/notes.txt"), "not a template").unwrap();
    let all = load(Lang::Ru, &shipped_dir(), Some(user.path())).unwrap();
    assert_eq!(all.len(), NAMES.len() + 1);
    let mine = all.iter().find(|t| t.name == "delay_apology").unwrap();
    assert!(mine.user && mine.title == "Моё");
    assert!(all.iter().any(|t| t.name == "thanks" && t.user));
    assert!(
        all.iter()
            .filter(|t| t.name != "delay_apology" && t.name != "thanks")
            .all(|t| !t.user)
    );
    // No English folder in the user's dir: the shipped English set, untouched.
    assert_eq!(
        load(Lang::En, &shipped_dir(), Some(user.path()))
            .unwrap()
            .len(),
        NAMES.len()
    );
}

#[test]
fn a_broken_user_template_is_an_error_naming_the_file() {
    let user = tempfile::tempdir().unwrap();
    fs::create_dir_all(user.path().join("en")).unwrap();
    fs::write(user.path().join("en/bad.md"), "Hi {{nickname}}").unwrap();
    let e = load(Lang::En, &shipped_dir(), Some(user.path())).unwrap_err();
    assert!(e.contains("bad.md") && e.contains("nickname"), "{e}");
    let e = load(Lang::En, user.path().join("nowhere").as_path(), None).unwrap_err();
    assert!(e.contains("no templates"), "{e}");
}

#[test]
fn dates_and_money_read_as_buyers_expect() {
    assert_eq!(format_date(d("2026-12-05"), Lang::Ru), "05.12.2026");
    assert_eq!(format_date(d("2026-12-05"), Lang::En), "5 Dec 2026");
    let mut o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    o.value = Money::from_kopecks(123_456_750);
    let value = |lang| Vars::from_order(&o, lang).get("value").map(str::to_owned);
    assert_eq!(
        value(Lang::Ru).as_deref(),
        Some("1\u{a0}234\u{a0}567,50\u{a0}₽")
    );
    assert_eq!(value(Lang::En).as_deref(), Some("1,234,567.50\u{a0}₽"));
}

#[test]
fn the_lint_options_know_the_orders_own_numbers() {
    let mut o = dbs(S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED);
    o.tracks = vec!["89123456789".into()];
    let t = Template::parse("x", Lang::Ru, "Код {{track}}").unwrap();
    let text = render(&t, &Vars::from_order(&o, Lang::Ru));
    assert!(
        !is_blocked(&lint_with(&text, &t.lint_options(Some(&o)))),
        "{text}"
    );
}

#[test]
fn the_order_lines_fill_items_with_counts_in_the_buyers_words() {
    use crate::domain::order::ItemLine;
    let mut o = dbs(S::PROCESSING, Sub::STARTED);
    o.items = vec![
        ItemLine {
            name: "Чайник".into(),
            count: 2,
        },
        ItemLine {
            name: "Кружка".into(),
            count: 1,
        },
    ];
    assert_eq!(
        Vars::from_order(&o, Lang::Ru)
            .values
            .get("items")
            .map(String::as_str),
        Some("Чайник (2 шт.), Кружка")
    );
    assert_eq!(
        Vars::from_order(&o, Lang::En)
            .values
            .get("items")
            .map(String::as_str),
        Some("Чайник (2), Кружка")
    );
    o.items.clear();
    assert!(!Vars::from_order(&o, Lang::Ru).values.contains_key("items"));
}

#[test]
fn a_late_delivery_suggests_the_delay_apology_not_the_cancellation_answer() {
    use crate::domain::risk::Rule;
    assert_eq!(
        suggested(Some(Rule::DeliveryOverdue), Some(Step::Notify)),
        "delay_apology"
    );
    assert_eq!(
        suggested(Some(Rule::CancelRequestPending), Some(Step::Notify)),
        "cancellation_answer"
    );
    assert_eq!(
        suggested(Some(Rule::DeliveryOverdue), Some(Step::Compensate)),
        "compensation_offer"
    );
    // Every suggestion is a shipped template of both languages.
    for rule in Rule::ALL.iter().copied().map(Some).chain([None]) {
        for step in Step::ALL.iter().copied().map(Some).chain([None]) {
            let name = suggested(rule, step);
            for lang in [Lang::Ru, Lang::En] {
                assert!(builtin(lang).iter().any(|t| t.name == name), "{name}");
            }
        }
    }
}

#[test]
fn the_message_language_follows_the_script_of_the_buyers_last_message() {
    assert_eq!(buyer_lang(None), Lang::Ru);
    assert_eq!(buyer_lang(Some("Где мой заказ?")), Lang::Ru);
    assert_eq!(buyer_lang(Some("Where is my order?")), Lang::En);
    assert_eq!(buyer_lang(Some("Order 123 где?")), Lang::Ru);
    assert_eq!(buyer_lang(Some("123 ?!")), Lang::Ru);
}
