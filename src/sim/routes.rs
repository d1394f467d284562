//! The simulated Market's API routes: which versioned path is which method, what it
//! is limited against, and its documented hourly quota. The answers are in `handlers`.

use hyper::Method;

use super::quota::Entity;
use crate::market::wire::write::BatchStatusRequest;

/// One API method with the ids of its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Api {
    Campaigns,
    BusinessOrders { business: i64 },
    Buyer { campaign: i64, order: i64 },
    ChatNew { business: i64 },
    Chats { business: i64 },
    ChatMessage { business: i64 },
    ChatHistory { business: i64 },
    Status { campaign: i64, order: i64 },
    StatusBatch { campaign: i64 },
    DeliveryDate { campaign: i64, order: i64 },
    Track { campaign: i64, order: i64 },
    StorageLimit { campaign: i64, order: i64 },
    CancellationAccept { campaign: i64, order: i64 },
    Transfer { campaign: i64, shipment: i64 },
    DeliveryServices,
    Returns { campaign: i64 },
}

/// The fixed facts of a method.
#[derive(Debug, Clone)]
pub(crate) struct Meta {
    pub method: Method,
    /// The spec's path template, with the method: the key of `/_sim/stats`.
    pub template: &'static str,
    /// The resource named in the quota 420: the spec's operationId.
    pub resource: &'static str,
    /// The documented hourly quota (spec `x-resource-limit-config`, 2026-07).
    pub quota: u64,
    /// The method's own limit on requests in flight (the spec's `parallel-limit-value`);
    /// `None`: the Market's global limit per business or campaign applies.
    pub parallel: Option<u32>,
    /// True for methods that change something (recorded in `/_sim/writes`).
    pub write: bool,
}

/// Why a path did not resolve to a method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RouteError {
    NotFound,
    MethodNotAllowed { allowed: Method },
    BadId { name: &'static str, value: String },
}

fn id(name: &'static str, s: &str) -> Result<i64, RouteError> {
    s.parse::<i64>()
        .ok()
        .filter(|v| *v > 0)
        .ok_or_else(|| RouteError::BadId {
            name,
            value: s.to_owned(),
        })
}

/// Resolves a versioned path (a `.json` suffix on the resource is accepted).
pub(crate) fn resolve(method: &Method, path: &str) -> Result<Api, RouteError> {
    let path = path.strip_suffix(".json").unwrap_or(path);
    let segs: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let api = match segs.as_slice() {
        ["v2", "campaigns"] => Api::Campaigns,
        ["v1", "businesses", bid, "orders"] => Api::BusinessOrders {
            business: id(BUSINESS, bid)?,
        },
        ["v2", "businesses", bid, "chats", rest @ ..] => chat_route(bid, rest)?,
        ["v2", "campaigns", cid, rest @ ..] => campaign_route(cid, rest)?,
        ["v2", "delivery", "services"] => Api::DeliveryServices,
        _ => return Err(RouteError::NotFound),
    };
    let allowed = api.meta().method;
    if *method != allowed {
        return Err(RouteError::MethodNotAllowed { allowed });
    }
    Ok(api)
}

const BUSINESS: &str = "businessId";
const CAMPAIGN: &str = "campaignId";

/// `/v2/businesses/{businessId}/chats…`: the chats of a business.
fn chat_route(bid: &str, rest: &[&str]) -> Result<Api, RouteError> {
    let business = || id(BUSINESS, bid);
    Ok(match rest {
        [] => Api::Chats {
            business: business()?,
        },
        ["new"] => Api::ChatNew {
            business: business()?,
        },
        ["message"] => Api::ChatMessage {
            business: business()?,
        },
        ["history"] => Api::ChatHistory {
            business: business()?,
        },
        _ => return Err(RouteError::NotFound),
    })
}

/// `/v2/campaigns/{campaignId}/…`: a campaign's orders, shipments and returns.
fn campaign_route(cid: &str, rest: &[&str]) -> Result<Api, RouteError> {
    let campaign = || id(CAMPAIGN, cid);
    Ok(match rest {
        ["orders", "status-update"] => Api::StatusBatch {
            campaign: campaign()?,
        },
        ["orders", oid, rest @ ..] if !rest.is_empty() => order_route(cid, oid, rest)?,
        ["first-mile", "shipments", sid, "orders", "transfer"] => Api::Transfer {
            campaign: campaign()?,
            shipment: id("shipmentId", sid)?,
        },
        ["returns"] => Api::Returns {
            campaign: campaign()?,
        },
        _ => return Err(RouteError::NotFound),
    })
}

/// `/v2/campaigns/{campaignId}/orders/{orderId}/…`: one order's buyer and writes.
fn order_route(cid: &str, oid: &str, rest: &[&str]) -> Result<Api, RouteError> {
    let api: fn(i64, i64) -> Api = match rest {
        ["buyer"] => |campaign, order| Api::Buyer { campaign, order },
        ["status"] => |campaign, order| Api::Status { campaign, order },
        ["delivery", "date"] => |campaign, order| Api::DeliveryDate { campaign, order },
        ["delivery", "track"] => |campaign, order| Api::Track { campaign, order },
        ["delivery", "storage-limit"] => |campaign, order| Api::StorageLimit { campaign, order },
        ["cancellation", "accept"] => |campaign, order| Api::CancellationAccept { campaign, order },
        _ => return Err(RouteError::NotFound),
    };
    Ok(api(id(CAMPAIGN, cid)?, id("orderId", oid)?))
}

impl Api {
    /// The spec's table of operations, one line each: a table, not steps to split.
    #[allow(clippy::too_many_lines)]
    pub(crate) fn meta(&self) -> Meta {
        let m = |method, template, resource, quota, write| Meta {
            method,
            template,
            resource,
            quota,
            parallel: None,
            write,
        };
        use Method as M;
        match self {
            Api::Campaigns => m(M::GET, "GET /v2/campaigns", "getCampaigns", 1_000, false),
            Api::BusinessOrders { .. } => Meta {
                parallel: Some(6),
                ..m(
                    M::POST,
                    "POST /v1/businesses/{businessId}/orders",
                    "getBusinessOrders",
                    10_000,
                    false,
                )
            },
            Api::Buyer { .. } => m(
                M::GET,
                "GET /v2/campaigns/{campaignId}/orders/{orderId}/buyer",
                "getOrderBuyerInfo",
                3_000,
                false,
            ),
            Api::ChatNew { .. } => m(
                M::POST,
                "POST /v2/businesses/{businessId}/chats/new",
                "createChat",
                1_000,
                true,
            ),
            Api::Chats { .. } => m(
                M::POST,
                "POST /v2/businesses/{businessId}/chats",
                "getChats",
                5_000,
                false,
            ),
            Api::ChatMessage { .. } => m(
                M::POST,
                "POST /v2/businesses/{businessId}/chats/message",
                "sendMessageToChat",
                1_000,
                true,
            ),
            Api::ChatHistory { .. } => m(
                M::POST,
                "POST /v2/businesses/{businessId}/chats/history",
                "getChatHistory",
                10_000,
                false,
            ),
            Api::Status { .. } => m(
                M::PUT,
                "PUT /v2/campaigns/{campaignId}/orders/{orderId}/status",
                "updateOrderStatus",
                10_000,
                true,
            ),
            Api::StatusBatch { .. } => m(
                M::POST,
                "POST /v2/campaigns/{campaignId}/orders/status-update",
                "updateOrderStatuses",
                10_000,
                true,
            ),
            Api::DeliveryDate { .. } => m(
                M::PUT,
                "PUT /v2/campaigns/{campaignId}/orders/{orderId}/delivery/date",
                "setOrderDeliveryDate",
                10_000,
                true,
            ),
            Api::Track { .. } => m(
                M::POST,
                "POST /v2/campaigns/{campaignId}/orders/{orderId}/delivery/track",
                "setOrderDeliveryTrackCode",
                10_000,
                true,
            ),
            Api::StorageLimit { .. } => m(
                M::PUT,
                "PUT /v2/campaigns/{campaignId}/orders/{orderId}/delivery/storage-limit",
                "updateOrderStorageLimit",
                10_000,
                true,
            ),
            Api::CancellationAccept { .. } => m(
                M::PUT,
                "PUT /v2/campaigns/{campaignId}/orders/{orderId}/cancellation/accept",
                "acceptOrderCancellation",
                500,
                true,
            ),
            Api::Transfer { .. } => m(
                M::POST,
                "POST /v2/campaigns/{campaignId}/first-mile/shipments/{shipmentId}/orders/transfer",
                "transferOrdersFromShipment",
                200,
                true,
            ),
            Api::DeliveryServices => m(
                M::GET,
                "GET /v2/delivery/services",
                "getDeliveryServices",
                5_000,
                false,
            ),
            Api::Returns { .. } => m(
                M::GET,
                "GET /v2/campaigns/{campaignId}/returns",
                "getReturns",
                5_000,
                false,
            ),
        }
    }

    /// What limits count this request against: the business or campaign of the path,
    /// else the token's business.
    pub(crate) fn entity(&self, token_business: i64) -> Entity {
        match *self {
            Api::Campaigns | Api::DeliveryServices => Entity::Business(token_business),
            Api::BusinessOrders { business }
            | Api::ChatNew { business }
            | Api::Chats { business }
            | Api::ChatMessage { business }
            | Api::ChatHistory { business } => Entity::Business(business),
            Api::Buyer { campaign, .. }
            | Api::Status { campaign, .. }
            | Api::StatusBatch { campaign }
            | Api::DeliveryDate { campaign, .. }
            | Api::Track { campaign, .. }
            | Api::StorageLimit { campaign, .. }
            | Api::CancellationAccept { campaign, .. }
            | Api::Transfer { campaign, .. }
            | Api::Returns { campaign } => Entity::Campaign(campaign),
        }
    }

    /// Quota units the request takes: the batch status update counts orders, not requests.
    pub(crate) fn cost(&self, body: &[u8]) -> u64 {
        match self {
            Api::StatusBatch { .. } => serde_json::from_slice::<BatchStatusRequest>(body)
                .map_or(1, |r| r.orders.len().max(1) as u64),
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests;
