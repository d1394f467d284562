use super::*;

#[test]
fn api_error_lists_the_first_error_and_counts_the_rest() {
    let e = MarketError::Api {
        endpoint: "PUT /v2/campaigns/1/orders/2/status".into(),
        http_status: 400,
        code: "STATUS_NOT_ALLOWED".into(),
        message: "Status not allowed".into(),
        errors: vec![
            ApiErrorDto {
                code: "STATUS_NOT_ALLOWED".into(),
                message: Some("Status not allowed".into()),
            },
            ApiErrorDto {
                code: "X".into(),
                message: None,
            },
        ],
    };
    assert_eq!(
        e.to_string(),
        "the Market answered PUT /v2/campaigns/1/orders/2/status with HTTP 400 \
             STATUS_NOT_ALLOWED: Status not allowed (and 1 more error)"
    );
    assert!(!e.is_retryable());
}

#[test]
fn snippet_is_short_and_printable() {
    let s = snippet(b"<html>\r\n\t<b>502</b>\x07 Bad   Gateway\n</html>", 200);
    assert_eq!(s, "<html> <b>502</b> Bad Gateway </html>");
    let long = "x".repeat(500);
    assert_eq!(snippet(long.as_bytes(), 200).chars().count(), 201);
    assert_eq!(snippet(b"\n\n", 200), "(empty body)");
}
