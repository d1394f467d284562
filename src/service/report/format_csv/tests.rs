use super::*;

fn one_line(fields: &[&str]) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let cleaned: Vec<String> = fields.iter().map(|f| field(f)).collect();
    w.write_record(&cleaned).unwrap();
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

#[test]
fn fields_are_quoted_only_when_rfc_4180_needs_it() {
    assert_eq!(
        one_line(&["СДЭК", "Почта, отделение 5", "ООО \"Курьер\""]),
        "СДЭК,\"Почта, отделение 5\",\"ООО \"\"Курьер\"\"\"\r\n"
    );
}

#[test]
fn fields_are_cleaned_of_controls_line_breaks_and_bidi_before_quoting() {
    assert_eq!(one_line(&["две\nстроки"]), "две строки\r\n");
    assert_eq!(
        one_line(&["СДЭК\u{1b}]52;c;ZXZpbA==\u{7},\u{202E}x\u{200B}"]),
        "\"СДЭК\u{FFFD}]52;c;ZXZpbA==\u{FFFD},\u{FFFD}x\"\r\n"
    );
}
