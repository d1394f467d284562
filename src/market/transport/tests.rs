use super::*;

#[test]
fn reads_rate_limit_headers_with_an_rfc_822_until() {
    let mut h = HeaderMap::new();
    h.insert(LIMIT, HeaderValue::from_static("10000"));
    h.insert(REMAINING, HeaderValue::from_static(" 42 "));
    h.insert(
        UNTIL,
        HeaderValue::from_static("Thu, 10 Jul 2018 00:42:42 GMT"),
    );
    let (l, r, u) = rate_headers(&h);
    assert_eq!((l, r), (Some(10000), Some(42)));
    assert_eq!(
        u.map(|t| t.to_rfc3339()).as_deref(),
        Some("2018-07-10T00:42:42+00:00")
    );
}
