//! The answers of the simulated Market's API methods: a request (path ids, query,
//! body) becomes a call on the `World`, and its result the Market's JSON with the
//! documented wrapper. The query is read by `params`, the JSON of the body here; the
//! Market's rules on the content (sizes of lists, transitions, dates) are the world's.
//! Handlers are synchronous and hold the world lock only for the call and the
//! serialization of its answer.

use std::sync::{Mutex, MutexGuard};

use chrono::NaiveDate;
use serde::de::DeserializeOwned;

use super::params::{Query, decode_token, encode_token};
use super::reply::Reply;
use super::routes::Api;
use super::world::World;
use crate::market::enums::{ChatContextType, RefundStatus, ReturnShipmentStatus, ReturnType};
use crate::market::wire::campaign::CampaignsPage;
use crate::market::wire::chat::{
    ChatHistory, ChatsFilter, ChatsPage, CreateChatRequest, CreatedChat, HistoryRequest,
    SendMessageRequest,
};
use crate::market::wire::common::{Pager, Paging};
use crate::market::wire::legacy::OrderEnvelope;
use crate::market::wire::order::{OrdersFilter, OrdersPage};
use crate::market::wire::returns::{PagedReturns, ReturnsFilter};
use crate::market::wire::service::{DeliveryService, DeliveryServices, DeliveryServicesResponse};
use crate::market::wire::write::{
    BatchStatusRequest, BatchStatusResult, CancellationAnswer, DeliveryDateRequest,
    StatusChangeRequest, StorageLimitRequest, TrackRequest, TransferRequest,
};

/// The body as `T`; 400 `JSON: …` when it is not.
fn body_as<T: DeserializeOwned>(body: &[u8]) -> Result<T, Reply> {
    serde_json::from_slice(body).map_err(|e| Reply::bad_request(format!("JSON: {e}")))
}

/// Like `body_as`, but an empty body means "no filters".
fn optional_body<T: DeserializeOwned + Default>(body: &[u8]) -> Result<T, Reply> {
    if body.iter().all(u8::is_ascii_whitespace) {
        Ok(T::default())
    } else {
        body_as(body)
    }
}

/// The world, even after a panic in an earlier request: a simulator keeps serving.
pub(crate) fn lock(world: &Mutex<World>) -> MutexGuard<'_, World> {
    world
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A page of `all` from the offset in the token; the token of the next page if any.
fn page_of<T: Clone>(
    all: &[T],
    kind: &str,
    q: &Query,
    limit: usize,
) -> Result<(Vec<T>, Paging), Reply> {
    let from = match q.page_token() {
        Some(t) => decode_token(kind, t)? as usize,
        None => 0,
    };
    let to = (from + limit).min(all.len());
    let page = all.get(from..to).map(<[T]>::to_vec).unwrap_or_default();
    let next = (to < all.len()).then(|| encode_token(kind, to as i64));
    Ok((
        page,
        Paging {
            next_page_token: next,
            prev_page_token: None,
        },
    ))
}

/// Answers one API request.
pub(crate) fn handle(api: Api, q: &Query, body: &[u8], world: &Mutex<World>) -> Reply {
    match handle_inner(api, q, body, world) {
        Ok(r) | Err(r) => r,
    }
}

fn handle_inner(api: Api, q: &Query, body: &[u8], world: &Mutex<World>) -> Result<Reply, Reply> {
    Ok(match api {
        Api::Campaigns => campaigns(q, world)?,
        Api::BusinessOrders { business } => business_orders(business, q, body, world)?,
        Api::Buyer { campaign, order } => {
            let buyer = lock(world).buyer(campaign, order).map_err(Reply::refusal)?;
            Reply::envelope(buyer)
        }
        Api::ChatNew { business } => create_chat(business, body, world)?,
        Api::Chats { business } => chats(business, q, body, world)?,
        Api::ChatMessage { business } => {
            let chat_id = chat_id(q)?;
            let req: SendMessageRequest = body_as(body)?;
            lock(world)
                .send_message(business, chat_id, &req.message)
                .map_err(Reply::refusal)?;
            Reply::ok()
        }
        Api::ChatHistory { business } => chat_history(business, q, body, world)?,
        Api::Status { campaign, order } => {
            let req: StatusChangeRequest = body_as(body)?;
            let order = lock(world)
                .set_status(campaign, order, &req.order)
                .map_err(Reply::refusal)?;
            Reply::json(200, &OrderEnvelope { order })
        }
        Api::StatusBatch { campaign } => {
            let req: BatchStatusRequest = body_as(body)?;
            let orders = lock(world)
                .set_statuses(campaign, &req.orders)
                .map_err(Reply::refusal)?;
            Reply::envelope(BatchStatusResult { orders })
        }
        Api::DeliveryDate { campaign, order } => {
            let req: DeliveryDateRequest = body_as(body)?;
            lock(world)
                .set_delivery_date(campaign, order, &req)
                .map_err(Reply::refusal)?;
            Reply::ok()
        }
        Api::Track { campaign, order } => {
            let req: TrackRequest = body_as(body)?;
            lock(world)
                .set_track(campaign, order, &req)
                .map_err(Reply::refusal)?;
            Reply::ok()
        }
        Api::StorageLimit { campaign, order } => {
            let req: StorageLimitRequest = body_as(body)?;
            lock(world)
                .set_storage_limit(campaign, order, req.new_date)
                .map_err(Reply::refusal)?;
            Reply::ok()
        }
        Api::CancellationAccept { campaign, order } => {
            let req: CancellationAnswer = body_as(body)?;
            lock(world)
                .answer_cancellation(campaign, order, &req)
                .map_err(Reply::refusal)?;
            Reply::ok()
        }
        Api::Transfer { campaign, shipment } => {
            let req: TransferRequest = body_as(body)?;
            lock(world)
                .transfer_orders(campaign, shipment, &req.order_ids)
                .map_err(Reply::refusal)?;
            Reply::ok()
        }
        Api::Returns { campaign } => returns(campaign, q, world)?,
        Api::DeliveryServices => delivery_services(world),
    })
}

/// The campaigns, paged by `page`/`limit` like the Market.
fn campaigns(q: &Query, world: &Mutex<World>) -> Result<Reply, Reply> {
    // `limit` has no default here: without it every campaign comes at once.
    let w = lock(world);
    let all = w.campaigns();
    let limit = q.limit(all.len().max(1), 100)?;
    let (campaigns, paging) = page_of(all, "campaigns", q, limit)?;
    let total = all.len() as i64;
    let page = CampaignsPage {
        pager: Some(Pager {
            total: Some(total),
            from: Some(1),
            to: Some(campaigns.len() as i64),
            current_page: Some(1),
            pages_count: Some((total + limit as i64 - 1) / limit as i64),
            page_size: Some(limit as i64),
        }),
        campaigns,
        paging: Some(paging),
    };
    Ok(Reply::json(200, &page))
}

/// A page of a business's orders by the filter in the body.
fn business_orders(
    business: i64,
    q: &Query,
    body: &[u8],
    world: &Mutex<World>,
) -> Result<Reply, Reply> {
    let filter: OrdersFilter = optional_body(body)?;
    let limit = q.limit_truncated(50, 50)?;
    let after = q
        .page_token()
        .map(|t| decode_token("orders", t))
        .transpose()?;
    let w = lock(world);
    let (orders, next) = w
        .orders_page(business, &filter, after, limit)
        .map_err(Reply::refusal)?;
    let page = OrdersPage {
        orders,
        paging: Some(Paging {
            next_page_token: next.map(|id| encode_token("orders", id)),
            prev_page_token: None,
        }),
    };
    Ok(Reply::json(200, &page))
}

/// Opens the chat of an order.
fn create_chat(business: i64, body: &[u8], world: &Mutex<World>) -> Result<Reply, Reply> {
    let req: CreateChatRequest = body_as(body)?;
    if req.context.kind != ChatContextType::ORDER {
        return Err(Reply::bad_request(format!(
            "Chat context type {} cannot be created here (the simulator has ORDER chats)",
            req.context.kind
        )));
    }
    let chat_id = lock(world)
        .create_chat(business, req.context.id)
        .map_err(Reply::refusal)?;
    Ok(Reply::envelope(CreatedChat { chat_id }))
}

/// A page of a business's chats by the filter in the body.
fn chats(business: i64, q: &Query, body: &[u8], world: &Mutex<World>) -> Result<Reply, Reply> {
    let filter: ChatsFilter = optional_body(body)?;
    chats_filter_known(&filter)?;
    let limit = q.limit(10, 20)?;
    // The token is the last chat id given: a chat that changes status between
    // two pages moves no other chat out of the next one.
    let after = q
        .page_token()
        .map(|t| decode_token("chats", t))
        .transpose()?;
    let all = lock(world)
        .chats(business, &filter)
        .map_err(Reply::refusal)?;
    let mut chats: Vec<_> = all
        .into_iter()
        .filter(|c| after.is_none_or(|a| c.chat_id > a))
        .take(limit + 1)
        .collect();
    let next = (chats.len() > limit).then(|| {
        chats.truncate(limit);
        chats.last().map_or(0, |c| c.chat_id)
    });
    Ok(Reply::envelope(ChatsPage {
        chats,
        paging: Some(Paging {
            next_page_token: next.map(|id| encode_token("chats", id)),
            prev_page_token: None,
        }),
    }))
}

/// A page of one chat's messages, with what the chat is about.
fn chat_history(
    business: i64,
    q: &Query,
    body: &[u8],
    world: &Mutex<World>,
) -> Result<Reply, Reply> {
    let chat_id = chat_id(q)?;
    let req: HistoryRequest = optional_body(body)?;
    let limit = q.limit(50, 100)?;
    let w = lock(world);
    let all = w
        .history(business, chat_id, req.message_id_from)
        .map_err(Reply::refusal)?;
    let context = w.chat(business, chat_id).ok().map(|c| c.context);
    drop(w);
    let (messages, paging) = page_of(&all, "history", q, limit)?;
    Ok(Reply::envelope(ChatHistory {
        context,
        messages,
        paging: Some(paging),
    }))
}

/// A page of a campaign's returns by the query's filter.
fn returns(campaign: i64, q: &Query, world: &Mutex<World>) -> Result<Reply, Reply> {
    let filter = returns_filter(q)?;
    let limit = q.limit_truncated(50, 100)?;
    let after = q
        .page_token()
        .map(|t| decode_token("returns", t))
        .transpose()?;
    let (returns, next) = lock(world)
        .returns_page(campaign, &filter, after, limit)
        .map_err(Reply::refusal)?;
    Ok(Reply::envelope(PagedReturns {
        paging: Some(Paging {
            next_page_token: next.map(|id| encode_token("returns", id)),
            prev_page_token: None,
        }),
        returns,
    }))
}

/// The carriers the Market knows.
fn delivery_services(world: &Mutex<World>) -> Reply {
    let w = lock(world);
    let delivery_service = w
        .delivery_services()
        .iter()
        .map(|(id, name)| DeliveryService {
            id: *id,
            name: name.clone(),
        })
        .collect();
    drop(w);
    // The one wrapped answer whose spec has no `status`.
    Reply::json(
        200,
        &DeliveryServicesResponse {
            result: DeliveryServices { delivery_service },
        },
    )
}

/// Refuses a chats filter naming a status, type or context type outside the spec's
/// enums, as the Market refuses a body it cannot read.
fn chats_filter_known(f: &ChatsFilter) -> Result<(), Reply> {
    let unknown = f
        .statuses
        .iter()
        .filter(|s| s.is_unknown())
        .map(super::super::market::enums::ChatStatus::as_str)
        .chain(
            f.types
                .iter()
                .filter(|t| t.is_unknown())
                .map(super::super::market::enums::ChatType::as_str),
        )
        .chain(
            f.context_types
                .iter()
                .chain(f.contexts.iter().map(|c| &c.kind))
                .filter(|t| t.is_unknown())
                .map(super::super::market::enums::ChatContextType::as_str),
        )
        .next();
    match unknown {
        Some(v) => Err(Reply::bad_request(format!("JSON: unknown value '{v}'"))),
        None => Ok(()),
    }
}

/// The filter of `GET …/returns` from its query; 400 for a value the spec does not
/// allow (an id that is not a number, a status or type not in its enum, a bad day).
fn returns_filter(q: &Query) -> Result<ReturnsFilter, Reply> {
    fn known<T>(
        name: &str,
        v: &str,
        parse: fn(&str) -> T,
        unknown: fn(&T) -> bool,
    ) -> Result<T, Reply> {
        let t = parse(v);
        if unknown(&t) {
            return Err(Reply::bad_request(format!("Invalid {name}: '{v}'")));
        }
        Ok(t)
    }
    let day = |names: [&str; 2]| -> Result<Option<NaiveDate>, Reply> {
        names
            .iter()
            .find_map(|n| q.get(n).map(|v| (n, v)))
            .map(|(n, v)| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                    Reply::bad_request(format!("Invalid {n}: '{v}', expected YYYY-MM-DD"))
                })
            })
            .transpose()
    };
    let filter = ReturnsFilter {
        order_ids: q
            .list("orderIds")
            .into_iter()
            .map(|v| {
                v.parse()
                    .map_err(|_| Reply::bad_request(format!("Invalid value '{v}' for orderIds")))
            })
            .collect::<Result<_, _>>()?,
        statuses: q
            .list("statuses")
            .into_iter()
            .map(|v| known("status", v, RefundStatus::parse, RefundStatus::is_unknown))
            .collect::<Result<_, _>>()?,
        shipment_statuses: q
            .list("shipmentStatuses")
            .into_iter()
            .map(|v| {
                known(
                    "shipment status",
                    v,
                    ReturnShipmentStatus::parse,
                    ReturnShipmentStatus::is_unknown,
                )
            })
            .collect::<Result<_, _>>()?,
        kind: q
            .get("type")
            .map(|v| known("type", v, ReturnType::parse, ReturnType::is_unknown))
            .transpose()?,
        // `from_date`/`to_date` are the spec's deprecated spellings.
        from_date: day(["fromDate", "from_date"])?,
        to_date: day(["toDate", "to_date"])?,
    };
    if let (Some(from), Some(to)) = (filter.from_date, filter.to_date)
        && from > to
    {
        return Err(Reply::bad_request(format!(
            "fromDate {from} is after toDate {to}"
        )));
    }
    Ok(filter)
}

/// The required `chatId` query parameter of the chat methods.
fn chat_id(q: &Query) -> Result<i64, Reply> {
    q.int("chatId")?
        .ok_or_else(|| Reply::bad_request("Missing parameter chatId"))
}
