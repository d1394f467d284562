use super::*;

#[test]
fn a_refusal_carries_the_markets_message_and_code() {
    let e = MarketError::Api {
        endpoint: "PUT /x".into(),
        http_status: 400,
        code: "STATUS_NOT_ALLOWED".into(),
        message: "Status DELIVERED is not allowed".into(),
        errors: Vec::new(),
    };
    assert_eq!(
        market_message(&e),
        "Status DELIVERED is not allowed (HTTP 400 STATUS_NOT_ALLOWED)"
    );
    assert!(matches!(unsent(&e), Outcome::Failed { .. }));
}
