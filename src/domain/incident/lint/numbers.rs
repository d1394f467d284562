//! Phone and bank card numbers in a message: runs of digits with the separators people
//! put in them, weighed against what a shop writes most (order ids, track codes,
//! dates, prices). See `lint` for the choices.

use super::{Finding, FindingKind, Norm};

pub(super) fn digits_of(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn is_sep(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')')
}

/// Phones and card numbers: runs of digits with the separators people put in them.
pub(super) fn numbers(n: &Norm, known: &[String], out: &mut Vec<Finding>) {
    let c = &n.chars;
    let mut i = 0;
    while i < c.len() {
        let starts = (c[i] == '+' || c[i] == '(' || c[i].is_ascii_digit())
            && (i == 0 || !(n.word(i - 1) || c[i - 1] == '+'));
        if !starts {
            i += 1;
            continue;
        }
        match longest_number(n, i, known) {
            Some((end, kind)) => {
                out.push(n.finding(kind, true, i..end, n.original(i..end)));
                i = end;
            }
            None => {
                // Go on from the next digit group, so "2 шт. 8 912 …" still finds the phone.
                i += 1;
                while i < c.len() && (c[i].is_ascii_digit() || c[i] == '+') {
                    i += 1;
                }
            }
        }
    }
}

/// The longest prefix of the run at `start` that reads as a phone or a card number.
fn longest_number(n: &Norm, start: usize, known: &[String]) -> Option<(usize, FindingKind)> {
    let c = &n.chars;
    let plus = c[start] == '+';
    let mut digits = String::new();
    let mut separated = false;
    let mut best = None;
    let mut j = start + usize::from(plus);
    while j < c.len() && (c[j].is_ascii_digit() || is_sep(c[j])) {
        // Two separators in a row end a number, brackets aside ("+7 (912)"): numbers a
        // double space or " - " apart are separate numbers.
        if is_sep(c[j]) && j > start && is_sep(c[j - 1]) && !(c[j] == '(' || c[j - 1] == ')') {
            break;
        }
        if c[j].is_ascii_digit() {
            digits.push(c[j]);
            let end = j + 1;
            // Digits glued to letters or more digits are part of a code, not a number.
            let boundary = end == c.len() || !c[end].is_alphanumeric();
            if boundary && !known.contains(&digits) {
                if is_card(&digits) && !after_order_word(n, start) {
                    best = Some((end, FindingKind::CardNumber));
                } else if is_phone(&digits, plus, separated) && !after_order_word(n, start) {
                    best = Some((end, FindingKind::Phone));
                }
            }
        } else {
            separated = true;
        }
        j += 1;
    }
    best
}

/// A Russian phone: `+7`/`7`/`8` and ten digits, or ten digits with an area code.
/// Bare ten-digit runs count only for mobiles (9xx): other bare ten-digit numbers are
/// too often a track code.
fn is_phone(d: &str, plus: bool, separated: bool) -> bool {
    let b = d.as_bytes();
    let area = |x: u8| matches!(x, b'3' | b'4' | b'8' | b'9');
    match b.len() {
        11 if plus => true,
        12 | 13 if plus => b[0] != b'7',
        11 => matches!(b[0], b'7' | b'8') && area(b[1]),
        10 if !plus => area(b[0]) && (separated || b[0] == b'9'),
        _ => false,
    }
}

/// 16–19 digits that pass the Luhn check, as every bank card does.
fn is_card(d: &str) -> bool {
    if !(16..=19).contains(&d.len()) {
        return false;
    }
    let sum: u32 = d
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let v = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = v * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                v
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Whether one of the two words before `start` says the number is an order or a track
/// ("заказ №", "трек-номер", "tracking number"). Another number in between ends the
/// look-back, so "заказ 48356963868, 89123456789" still flags the second one.
fn after_order_word(n: &Norm, start: usize) -> bool {
    const STEMS: &[&str] = &[
        "заказ",
        "№",
        "#",
        "order",
        "трек",
        "track",
        "отправлени",
        "накладн",
        "посылк",
    ];
    let before: String = n.chars[start.saturating_sub(30)..start].iter().collect();
    before
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '-' | '№' | '#')))
        .filter(|w| !w.is_empty())
        .rev()
        .take(2)
        .take_while(|w| !w.chars().all(|c| c.is_ascii_digit()))
        .any(|w| STEMS.iter().any(|s| w.starts_with(s)))
}
