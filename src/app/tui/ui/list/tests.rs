use super::*;

const M: Measured = Measured {
    id: 11,
    model: 3,
    due: 13,
};

#[test]
fn eighty_columns_keep_the_essentials_at_full_width() {
    let cols = layout(80, M, false);
    let names: Vec<Col> = cols.iter().map(|c| c.0).collect();
    assert_eq!(
        names,
        [
            Col::Changed,
            Col::Severity,
            Col::Order,
            Col::Model,
            Col::Status,
            Col::Rule,
            Col::Due
        ]
    );
    let used: u16 = cols.iter().map(|c| c.1).sum::<u16>() + GAP * (cols.len() as u16 - 1);
    assert!(used <= 80);
    let rule = cols.iter().find(|c| c.0 == Col::Rule).map(|c| c.1);
    assert_eq!(rule, Some(22), "every rule id whole");
}

#[test]
fn the_narrowest_list_keeps_the_time_to_breach() {
    let names: Vec<Col> = layout(60, M, false).iter().map(|c| c.0).collect();
    assert_eq!(
        names,
        [Col::Changed, Col::Severity, Col::Order, Col::Rule, Col::Due]
    );
}

#[test]
fn wide_screens_get_every_column() {
    assert_eq!(layout(200, M, true).len(), DISPLAY.len());
}

#[test]
fn scrolling_moves_the_offset_minimally() {
    assert_eq!(scroll(0, 5, 10, 100), 0);
    assert_eq!(scroll(0, 10, 10, 100), 1);
    assert_eq!(scroll(20, 5, 10, 100), 5);
    assert_eq!(scroll(95, 3, 10, 12), 2);
    assert_eq!(scroll(0, 0, 0, 0), 0);
}
