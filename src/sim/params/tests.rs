use super::*;

#[test]
fn tokens_round_trip_and_reject_garbage() {
    for n in [0, 1, 49, 123_456_789_012] {
        let t = encode_token("orders", n);
        assert!(
            t.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
        );
        assert_eq!(decode_token("orders", &t).unwrap(), n);
        assert!(decode_token("chats", &t).is_err());
    }
    assert!(decode_token("orders", "!!!").is_err());
    assert!(decode_token("orders", "bm9wZQ").is_err());
}

#[test]
fn query_is_percent_decoded() {
    let q = Query::parse(Some("chatId=12&page_token=a%2Db&x=1+2"));
    assert_eq!(q.get("page_token"), Some("a-b"));
    assert_eq!(q.get("x"), Some("1 2"));
    assert_eq!(q.int("chatId").unwrap(), Some(12));
}

#[test]
fn a_list_may_come_comma_separated_or_repeated() {
    let q = Query::parse(Some("s=A%2CB&s=C&s=&t=1"));
    assert_eq!(q.list("s"), vec!["A", "B", "C"]);
    assert!(q.list("u").is_empty());
}

#[test]
fn a_truncating_limit_is_cut_to_its_maximum_and_others_refused() {
    let q = Query::parse(Some("limit=500"));
    assert_eq!(q.limit_truncated(50, 100).ok(), Some(100));
    assert!(q.limit(50, 100).is_err());
    assert!(
        Query::parse(Some("limit=0"))
            .limit_truncated(50, 100)
            .is_err()
    );
    assert_eq!(Query::parse(None).limit_truncated(50, 100).ok(), Some(50));
}
