use super::*;
use crate::base::plural::DAYS;

#[test]
fn msg_gives_the_asked_language() {
    let m = Msg::new("да", "yes");
    assert_eq!(m.get(Lang::Ru), "да");
    assert_eq!(m.get(Lang::En), "yes");
}

#[test]
fn fill_puts_each_named_value_in_its_place() {
    let got = fill("{n} of {max} moves left", &[("n", &2), ("max", &3)]);
    assert_eq!(got, "2 of 3 moves left");
    let twice = fill("{x}+{x}", &[("x", &"a")]);
    assert_eq!(twice, "a+a");
}

#[test]
fn fill_keeps_unknown_names_and_stray_braces() {
    assert_eq!(fill("{n} {other} {", &[("n", &1)]), "1 {other} {");
    assert_eq!(fill("} {} {n", &[("n", &1)]), "} {} {n");
    assert_eq!(fill("no placeholders", &[]), "no placeholders");
}

#[test]
fn fill_never_reads_a_value_as_a_template() {
    let typed = "{day}";
    let got = fill("{text} on {day}", &[("text", &typed), ("day", &"5.12")]);
    assert_eq!(got, "{day} on 5.12");
}

#[test]
fn a_counted_word_fills_a_template_in_each_language() {
    let m = Msg::each(|lang| {
        let t = match lang {
            Lang::Ru => "ещё {days}",
            Lang::En => "{days} more",
        };
        fill(t, &[("days", &DAYS.count(3, lang))])
    });
    assert_eq!(m.get(Lang::Ru), "ещё 3 дня");
    assert_eq!(m.get(Lang::En), "3 days more");
    let m = Msg::each(|lang| fill("{d}", &[("d", &DAYS.count(21, lang))]));
    assert_eq!((m.ru.as_str(), m.en.as_str()), ("21 день", "21 days"));
}

#[test]
fn join_separates_each_language_with_semicolons() {
    let m = Msg::join(&[Msg::new("а", "a"), Msg::new("б", "b")]);
    assert_eq!((m.ru.as_str(), m.en.as_str()), ("а; б", "a; b"));
    assert_eq!(Msg::join(&[]), Msg::new("", ""));
}
