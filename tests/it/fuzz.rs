//! Fuzzing on the stable toolchain: properties run by proptest over generated and
//! mutated input, for everything that reads text from outside — the Market's answers
//! (`wire`), the config file (`config`), the keymap (`keymap`), the list filter and
//! the order it matches (`filter`), and the text cleaner and JSON writer (`text`).
//! Each target must end in a value or an error, never a panic.
//!
//! `cargo test --test fuzz` runs each target for `PROPTEST_CASES` cases (256 by
//! default, a few seconds for all of them, as CI runs it); a longer run sets it higher,
//! e.g. `PROPTEST_CASES=20000 cargo test --release --test fuzz`. A panic found is
//! fixed with a regression test named after the behaviour, beside the code it fixes.

mod config;
mod filter;
mod keymap;
mod text;
mod wire;

/// Strings that reach parsers' corners: empty, huge, non-ASCII, control and bidi
/// characters, numbers at the edges of their types, and what the formats treat
/// specially.
pub fn nasty_string() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    prop_oneof![
        any::<String>(),
        "[ -~]{0,12}",
        "[а-яА-ЯёЁ0-9 ]{0,12}",
        Just(String::new()),
        Just("9223372036854775807".to_owned()),
        Just("-9223372036854775808".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("1e309".to_owned()),
        Just("NaN".to_owned()),
        Just("2026-02-30".to_owned()),
        Just("25:61".to_owned()),
        Just("\u{1b}[2J\u{9b}\u{202E}\u{200B}".to_owned()),
        Just("x".repeat(10_000)),
    ]
}
