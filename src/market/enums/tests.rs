use super::*;

#[test]
fn unknown_status_is_kept_as_it_came_and_written_back_unchanged() {
    let s: OrderStatus = serde_json::from_str("\"TELEPORTED\"").unwrap();
    assert_eq!(s, OrderStatus::Other("TELEPORTED".into()));
    assert!(s.is_unknown());
    assert_eq!(serde_json::to_string(&s).unwrap(), "\"TELEPORTED\"");
}

#[test]
fn known_substatus_round_trips_with_the_api_spelling() {
    let s: OrderSubstatus = serde_json::from_str("\"DELIVERY_SERVICE_UNDELIVERED\"").unwrap();
    assert_eq!(s, OrderSubstatus::DELIVERY_SERVICE_UNDELIVERED);
    assert_eq!(s.to_string(), "DELIVERY_SERVICE_UNDELIVERED");
    assert_eq!(OrderSubstatus::KNOWN.len(), 125);
}
