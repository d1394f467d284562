//! `MarketClient`: the typed endpoints of the Market Partner API that this tool uses,
//! each with its versioned path, query, body and response wrapper as the spec has
//! them. The reads and their paging loops live here, the writes in `client/writes.rs`,
//! the reading of an orders page in `client/orders_page.rs`; HTTP, retries and pacing
//! in `transport.rs`.

use std::sync::Arc;

use bytes::Bytes;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use super::config::ClientConfig;
use super::error::MarketError;
use super::pace::PaceKey;
use super::paging::PageTrail;
use super::transport::{Call, Resend, Transport};
use super::wire::chat::{ChatContextRef, ChatsFilter};
use super::wire::chat::{CreateChatRequest, CreatedChat, HistoryRequest, SendMessageRequest};
use super::wire::returns::PagedReturns;
use super::wire::{
    Ack, BusinessOrder, Buyer, Campaign, CampaignsPage, Chat, ChatHistory, ChatMessage, ChatsPage,
    Envelope, OrdersFilter, Return, ReturnsFilter,
};

mod orders_page;
mod writes;

use orders_page::orders_answer;
pub use orders_page::{OrdersPageRead, parse_order};

pub use super::error::RateLimitKind;
pub use super::pace::RateLimitState;

/// The production API.
pub const DEFAULT_BASE_URL: &str = "https://api.partner.market.yandex.ru";

/// Page sizes: the largest each endpoint accepts, to spend the fewest requests.
const CAMPAIGNS_LIMIT: u32 = 100;
const ORDERS_LIMIT: u32 = 50;
const CHATS_LIMIT: u32 = 20;
const HISTORY_LIMIT: u32 = 100;
const RETURNS_LIMIT: u32 = 100;
/// `status-update` takes at most 30 orders per request.
const BATCH_STATUS_MAX: usize = 30;

/// One page of a campaign's non-purchases and returns.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnsPage {
    /// Up to 100, in the Market's order.
    pub returns: Vec<Return>,
    /// The token of the next page; `None` on the last page.
    pub next_page_token: Option<String>,
}

/// The client of the Market Partner API. Cheap to clone: clones share one connection
/// pool, one set of in-flight limits and one quota book.
#[derive(Clone)]
pub struct MarketClient {
    t: Arc<Transport>,
}

impl std::fmt::Debug for MarketClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MarketClient")
            .field("base_url", &self.t.base_url())
            .field("api_key", &self.t.config().api_key)
            .field("requests_sent", &self.t.requests_sent())
            .finish_non_exhaustive()
    }
}

/// A JSON body. Serializing the wire types cannot fail (plain structs, string keys);
/// should it ever, the Market gets an empty object and answers 400 with its reason.
fn body<T: Serialize>(value: &T) -> Option<Bytes> {
    Some(Bytes::from(
        serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec()),
    ))
}

fn page_query(limit: u32, token: Option<&str>) -> Vec<(&'static str, String)> {
    let mut q = Vec::with_capacity(3);
    if let Some(t) = token {
        q.push(("page_token", t.to_owned()));
    }
    q.push(("limit", limit.to_string()));
    q
}

/// The next page token, treating an empty one as the end; a token equal to the one
/// just used would loop forever, so it is an error.
fn next_token(
    endpoint: &str,
    current: Option<&str>,
    next: Option<String>,
) -> Result<Option<String>, MarketError> {
    match next.filter(|t| !t.is_empty()) {
        Some(t) if Some(t.as_str()) == current => Err(MarketError::Broken {
            endpoint: endpoint.to_owned(),
            detail: "the next page token repeats the current one".into(),
        }),
        other => Ok(other),
    }
}

fn bare<T: DeserializeOwned>(b: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(b)
}

fn enveloped<T: DeserializeOwned>(b: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice::<Envelope<T>>(b).map(|e| e.result)
}

fn ack(b: &[u8]) -> Result<(), serde_json::Error> {
    serde_json::from_slice::<Ack>(b).map(|_| ())
}

impl MarketClient {
    /// Builds the client: one connection pool, the fixed headers, the TLS provider.
    /// Fails only on a configuration that could never work (bad URL, unusable key).
    pub fn new(config: ClientConfig) -> Result<Self, MarketError> {
        Ok(Self {
            t: Arc::new(Transport::new(config)?),
        })
    }

    /// HTTP requests actually made so far by this client and its clones, retries
    /// included.
    pub fn requests_sent(&self) -> u64 {
        self.t.requests_sent()
    }

    /// The rate-limit headers of the latest answer that carried them (or the state a
    /// quota 420 left), for the status bar.
    pub fn rate_limit(&self) -> Option<RateLimitState> {
        self.t.pacer.latest()
    }

    /// Tells the client which business a campaign belongs to, so `/campaigns/{id}/…`
    /// calls share that business's in-flight limit. `campaigns()` does this itself;
    /// use this when the campaigns come from a cache instead.
    pub fn remember_campaign(&self, campaign_id: i64, business_id: i64) {
        self.t.pacer.remember_campaign(campaign_id, business_id);
    }

    fn business_call(
        &self,
        method: Method,
        resource: &'static str,
        path: String,
        business_id: i64,
    ) -> Call {
        Call::new(method, resource, path, PaceKey::Business(business_id))
    }

    fn campaign_call(
        &self,
        method: Method,
        resource: &'static str,
        path: String,
        campaign_id: i64,
    ) -> Call {
        let key = self.t.pacer.campaign_key(campaign_id);
        Call::new(method, resource, path, key)
    }

    /// `GET /v2/campaigns`, every page: the shops this key sees, with their business.
    pub async fn campaigns(&self) -> Result<Vec<Campaign>, MarketError> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        let mut trail = PageTrail::new("GET /v2/campaigns");
        loop {
            let mut call = Call::new(
                Method::GET,
                "GET /v2/campaigns",
                "/v2/campaigns".into(),
                PaceKey::Cabinet,
            );
            call.query = page_query(CAMPAIGNS_LIMIT, token.as_deref());
            let page: CampaignsPage = self.t.execute(&call, bare).await?;
            for c in &page.campaigns {
                self.remember_campaign(c.id, c.business.id);
            }
            all.extend(page.campaigns);
            token = trail.next(page.paging.and_then(|p| p.next_page_token))?;
            if token.is_none() {
                return Ok(all);
            }
        }
    }

    /// `POST /v1/businesses/{businessId}/orders`: one page of orders, raw. `limit` is
    /// clamped to 1..=50. An answer without its `orders` list is `MarketError::Broken`.
    /// A loop over the pages keeps a `PageTrail`: this call sees one token only.
    pub async fn orders_page(
        &self,
        business_id: i64,
        filter: &OrdersFilter,
        page_token: Option<&str>,
        limit: u32,
    ) -> Result<OrdersPageRead, MarketError> {
        let mut call = self.business_call(
            Method::POST,
            "POST /v1/businesses/{businessId}/orders",
            format!("/v1/businesses/{business_id}/orders"),
            business_id,
        );
        call.query = page_query(limit.clamp(1, ORDERS_LIMIT), page_token);
        call.body = body(filter);
        let (orders, next) = self.t.execute(&call, orders_answer).await?;
        let endpoint = format!("POST {}", call.path);
        let Some(orders) = orders else {
            return Err(MarketError::Broken {
                endpoint,
                detail: "the page has no `orders` list".into(),
            });
        };
        Ok(OrdersPageRead {
            orders,
            next_page_token: next_token(&endpoint, page_token, next)?,
        })
    }

    /// Every order matching `filter`, all pages. Strict: the first order that does not
    /// parse fails the call (use `orders_page` to skip such orders).
    pub async fn orders(
        &self,
        business_id: i64,
        filter: &OrdersFilter,
    ) -> Result<Vec<BusinessOrder>, MarketError> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        let mut trail = PageTrail::new(format!("POST /v1/businesses/{business_id}/orders"));
        loop {
            let page = self
                .orders_page(business_id, filter, token.as_deref(), ORDERS_LIMIT)
                .await?;
            for order in page.orders {
                all.push(order?);
            }
            token = trail.next(page.next_page_token)?;
            if token.is_none() {
                return Ok(all);
            }
        }
    }

    /// `GET /v2/campaigns/{campaignId}/orders/{orderId}/buyer`: the DBS buyer, with a
    /// proxy phone number.
    pub async fn buyer(&self, campaign_id: i64, order_id: i64) -> Result<Buyer, MarketError> {
        let call = self.campaign_call(
            Method::GET,
            "GET /v2/campaigns/{campaignId}/orders/{orderId}/buyer",
            format!("/v2/campaigns/{campaign_id}/orders/{order_id}/buyer"),
            campaign_id,
        );
        self.t.execute(&call, enveloped::<Buyer>).await
    }

    /// `POST /v2/businesses/{businessId}/chats/new` for an order: the chat id (the
    /// existing chat's, if there is one, so repeating is harmless).
    pub async fn create_chat(&self, business_id: i64, order_id: i64) -> Result<i64, MarketError> {
        let mut call = self.business_call(
            Method::POST,
            "POST /v2/businesses/{businessId}/chats/new",
            format!("/v2/businesses/{business_id}/chats/new"),
            business_id,
        );
        call.body = body(&CreateChatRequest {
            context: ChatContextRef::order(order_id),
        });
        let created: CreatedChat = self.t.execute(&call, enveloped).await?;
        Ok(created.chat_id)
    }

    /// `POST /v2/businesses/{businessId}/chats`, every page.
    pub async fn chats(
        &self,
        business_id: i64,
        filter: &ChatsFilter,
    ) -> Result<Vec<Chat>, MarketError> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        let mut trail = PageTrail::new(format!("POST /v2/businesses/{business_id}/chats"));
        let filter = body(filter);
        loop {
            let mut call = self.business_call(
                Method::POST,
                "POST /v2/businesses/{businessId}/chats",
                format!("/v2/businesses/{business_id}/chats"),
                business_id,
            );
            call.query = page_query(CHATS_LIMIT, token.as_deref());
            call.body = filter.clone();
            let page: ChatsPage = self.t.execute(&call, enveloped).await?;
            all.extend(page.chats);
            token = trail.next(page.paging.and_then(|p| p.next_page_token))?;
            if token.is_none() {
                return Ok(all);
            }
        }
    }

    /// `POST /v2/businesses/{businessId}/chats/message?chatId=`: sends `text` to the
    /// buyer.
    ///
    /// Not idempotent: once the request has reached the Market the message may have
    /// been delivered even if the answer was lost, and resending would post it twice.
    /// So this retries only when the connection was never made or on a 420 (the Market
    /// rejects those before processing). After a 5xx, a timeout or a broken connection
    /// it returns the error at once; check `chat_history` before sending again. A 2xx
    /// whose body is unreadable counts as sent.
    pub async fn send_message(
        &self,
        business_id: i64,
        chat_id: i64,
        text: &str,
    ) -> Result<(), MarketError> {
        let mut call = self.business_call(
            Method::POST,
            "POST /v2/businesses/{businessId}/chats/message",
            format!("/v2/businesses/{business_id}/chats/message"),
            business_id,
        );
        call.query = vec![("chatId", chat_id.to_string())];
        call.body = body(&SendMessageRequest {
            message: text.to_owned(),
        });
        call.resend = Resend::OnlyIfUnsent;
        // Any 2xx means the message went out; the body is not worth failing over.
        self.t.execute(&call, |_| Ok(())).await
    }

    /// `POST /v2/businesses/{businessId}/chats/history?chatId=`, every page: the
    /// messages from `message_id_from` on (all of them when `None`).
    pub async fn chat_history(
        &self,
        business_id: i64,
        chat_id: i64,
        message_id_from: Option<i64>,
    ) -> Result<Vec<ChatMessage>, MarketError> {
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        let mut trail = PageTrail::new(format!("POST /v2/businesses/{business_id}/chats/history"));
        let request = body(&HistoryRequest { message_id_from });
        loop {
            let mut call = self.business_call(
                Method::POST,
                "POST /v2/businesses/{businessId}/chats/history",
                format!("/v2/businesses/{business_id}/chats/history"),
                business_id,
            );
            call.query = page_query(HISTORY_LIMIT, token.as_deref());
            call.query.push(("chatId", chat_id.to_string()));
            call.body = request.clone();
            let page: ChatHistory = self.t.execute(&call, enveloped).await?;
            all.extend(page.messages);
            token = trail.next(page.paging.and_then(|p| p.next_page_token))?;
            if token.is_none() {
                return Ok(all);
            }
        }
    }

    /// `GET /v2/campaigns/{campaignId}/returns`: one page of the campaign's
    /// non-purchases and returns matching `filter`, from `page_token` (the first page
    /// when `None`). The largest page the Market gives, to spend the fewest requests.
    pub async fn returns(
        &self,
        campaign_id: i64,
        filter: &ReturnsFilter,
        page_token: Option<&str>,
    ) -> Result<ReturnsPage, MarketError> {
        let mut call = self.campaign_call(
            Method::GET,
            "GET /v2/campaigns/{campaignId}/returns",
            format!("/v2/campaigns/{campaign_id}/returns"),
            campaign_id,
        );
        call.query = page_query(RETURNS_LIMIT, page_token);
        call.query.extend(filter.query());
        let page: PagedReturns = self.t.execute(&call, enveloped).await?;
        let next = page.paging.and_then(|p| p.next_page_token);
        let endpoint = format!("GET {}", call.path);
        Ok(ReturnsPage {
            returns: page.returns,
            next_page_token: next_token(&endpoint, page_token, next)?,
        })
    }
}
