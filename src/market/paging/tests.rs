use super::*;

fn follow(tokens: &[Option<&str>]) -> Result<usize, MarketError> {
    let mut trail = PageTrail::new("POST /v1/businesses/1/orders");
    let mut pages = 1;
    for t in tokens {
        match trail.next(t.map(str::to_owned))? {
            Some(_) => pages += 1,
            None => return Ok(pages),
        }
    }
    Ok(pages)
}

#[test]
fn a_list_ends_without_a_token_or_with_an_empty_one() {
    assert_eq!(follow(&[Some("a"), Some("b"), None]).unwrap(), 3);
    assert_eq!(follow(&[Some("a"), Some("")]).unwrap(), 2);
}

#[test]
fn a_token_repeated_at_once_or_after_a_detour_is_a_broken_answer() {
    for tokens in [
        &[Some("a"), Some("a")][..],
        &[Some("a"), Some("b"), Some("a")][..],
        &[Some("a"), Some("b"), Some("c"), Some("b")][..],
    ] {
        let e = follow(tokens).unwrap_err();
        assert!(matches!(e, MarketError::Broken { .. }), "{e:?}");
        let text = e.to_string();
        assert!(
            text.contains("POST /v1/businesses/1/orders") && text.contains("circle"),
            "{text}"
        );
    }
}
