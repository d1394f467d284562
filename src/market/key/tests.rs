use super::*;

#[test]
fn debug_hides_the_key() {
    let k = ApiKey::new(" ACMA:secret:1 ");
    assert_eq!(format!("{k:?}"), "ApiKey(***)");
    assert_eq!(k.expose(), "ACMA:secret:1");
    assert!(!k.is_empty());
}

#[test]
fn scrub_hides_the_key_as_sent_lowercased_uppercased_or_url_encoded() {
    let k = ApiKey::new("ACMA:Secret-Key:0042");
    let echoes = [
        "key ACMA:Secret-Key:0042 is invalid",
        "key acma:secret-key:0042 is invalid",
        "key ACMA:SECRET-KEY:0042 is invalid",
        "key ACMA%3ASecret-Key%3A0042 is invalid",
        "key acma%3asecret-key%3a0042 is invalid",
        "key %41CMA:Secret-Key:0042 is invalid",
    ];
    for text in echoes {
        assert_eq!(k.scrub(text), "key *** is invalid", "{text}");
    }
    assert_eq!(
        k.scrub("Ключ ACMA:Secret-Key:0042 и снова acma%3Asecret-key%3A0042."),
        "Ключ *** и снова ***."
    );
}

#[test]
fn scrub_leaves_text_without_the_key_alone() {
    let k = ApiKey::new("ACMA:Secret-Key:0042");
    for text in ["", "ACMA:Secret-Key:004", "%", "abc%4", "Заказ 42 %3A"] {
        assert_eq!(k.scrub(text), text);
    }
    assert_eq!(ApiKey::new("").scrub("anything"), "anything");
}
