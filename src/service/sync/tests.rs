use super::*;

#[test]
fn a_network_failure_is_unreachable_not_a_refusal() {
    let e = SyncError::Market(MarketError::Transport {
        endpoint: "GET /v2/campaigns".into(),
        detail: "tcp connect error: Connection refused (os error 111)".into(),
        connect: true,
    });
    assert_eq!(e.failure_kind(), "unreachable");
    assert!(e.to_string().starts_with("could not reach the Market"));
    let refused = SyncError::Market(MarketError::Api {
        endpoint: "GET /v2/campaigns".into(),
        http_status: 400,
        code: "BAD_REQUEST".into(),
        message: "no".into(),
        errors: vec![],
    });
    assert_eq!(refused.failure_kind(), "refused");
    let key = SyncError::Market(MarketError::Api {
        endpoint: "GET /v2/campaigns".into(),
        http_status: 401,
        code: "UNAUTHORIZED".into(),
        message: "no".into(),
        errors: vec![],
    });
    assert_eq!(key.failure_kind(), "auth");
}
