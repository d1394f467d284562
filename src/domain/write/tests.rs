use super::*;
use crate::market::enums::{OrderStatus, OrderSubstatus};

#[test]
fn kinds_round_trip_through_their_columns() {
    let kinds = [
        WriteKind::Status(StatusChange {
            status: OrderStatus::PROCESSING,
            substatus: Some(OrderSubstatus::READY_TO_SHIP),
            delivery: None,
        }),
        WriteKind::storage_limit(NaiveDate::from_ymd_opt(2026, 7, 20).unwrap()),
        WriteKind::Transfer {
            shipment_id: 7,
            order_ids: vec![1, 2],
        },
        WriteKind::ChatMessage {
            text: "Здравствуйте!".into(),
        },
    ];
    for k in kinds {
        let back = WriteKind::from_parts(k.name(), &k.payload()).unwrap();
        assert_eq!(back, k);
    }
    assert_eq!(
        WriteKind::ChatMessage { text: "hi".into() }.payload(),
        r#"{"text":"hi"}"#
    );
    assert!(WriteKind::from_parts("status", "null").is_err());
    assert!(WriteKind::from_parts("teleport", "{}").is_err());
}

#[test]
fn keys_name_agent_order_and_action_and_nonces_differ() {
    assert_eq!(key_for("anna", 42, "chat", "n1"), "anna:42:chat:n1");
    assert_ne!(new_nonce(), new_nonce());
}
