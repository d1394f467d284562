use chrono::NaiveDate;

use super::super::parse_items;
use super::*;

#[test]
fn dates_are_stored_as_chrono_writes_them() {
    let mut d = NaiveDate::from_ymd_opt(1999, 12, 25).unwrap();
    for _ in 0..12_000 {
        assert_eq!(date_str(Some(d)), Some(d.to_string()));
        d = d.succ_opt().unwrap();
    }
    assert_eq!(date_str(None), None);
    let far = NaiveDate::from_ymd_opt(12_345, 1, 2).unwrap();
    assert_eq!(date_str(Some(far)), Some(far.to_string()));
}

#[test]
fn order_lines_are_stored_one_a_line_and_read_back() {
    let mut texts = None;
    let items = vec![
        ItemLine {
            name: "Чайник\tстальной\n2 л".into(),
            count: 2,
        },
        ItemLine {
            name: "Фильтр".into(),
            count: 1,
        },
    ];
    let stored = items_str(&items);
    assert_eq!(stored, "2\tЧайник стальной 2 л\n1\tФильтр");
    let back = parse_items(&stored, &mut texts);
    assert_eq!(back.len(), 2);
    assert_eq!(&*back[0].name, "Чайник стальной 2 л");
    assert_eq!(back[1].count, 1);
}
