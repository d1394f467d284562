use super::*;

#[test]
fn the_filter_goes_on_the_query_comma_separated_in_the_specs_names() {
    let f = ReturnsFilter {
        order_ids: vec![1, 2],
        statuses: vec![RefundStatus::REFUNDED, RefundStatus::FAILED],
        shipment_statuses: vec![ReturnShipmentStatus::READY_FOR_PICKUP],
        kind: Some(ReturnType::UNREDEEMED),
        from_date: NaiveDate::from_ymd_opt(2026, 7, 1),
        to_date: NaiveDate::from_ymd_opt(2026, 7, 15),
    };
    assert_eq!(
        f.query(),
        vec![
            ("orderIds", "1,2".to_owned()),
            ("statuses", "REFUNDED,FAILED".to_owned()),
            ("shipmentStatuses", "READY_FOR_PICKUP".to_owned()),
            ("type", "UNREDEEMED".to_owned()),
            ("fromDate", "2026-07-01".to_owned()),
            ("toDate", "2026-07-15".to_owned()),
        ]
    );
    assert!(ReturnsFilter::default().query().is_empty());
}
