use super::*;

#[test]
fn resolves_versioned_paths_and_rejects_others() {
    let put = Method::PUT;
    assert_eq!(
        resolve(&put, "/v2/campaigns/5/orders/7/status.json"),
        Ok(Api::Status {
            campaign: 5,
            order: 7
        })
    );
    assert_eq!(
        resolve(&Method::GET, "/v2/campaigns/5/orders/7/status"),
        Err(RouteError::MethodNotAllowed { allowed: put })
    );
    assert_eq!(
        resolve(&Method::PUT, "/campaigns/5/orders/7/status"),
        Err(RouteError::NotFound)
    );
    assert!(matches!(
        resolve(&Method::POST, "/v1/businesses/abc/orders"),
        Err(RouteError::BadId { .. })
    ));
}
