//! Chats with buyers (`/v2/businesses/{businessId}/chats…`) and the DBS buyer.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::common::Paging;
use crate::market::dates::null_vec;
use crate::market::enums::{BuyerType, ChatContextType, ChatSender, ChatStatus, ChatType};

/// `ChatContextDTO` as sent in requests: what the chat is about.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ChatContextRef {
    #[serde(rename = "type")]
    pub kind: ChatContextType,
    pub id: i64,
}

impl ChatContextRef {
    /// The context of an order's chat.
    pub fn order(order_id: i64) -> Self {
        Self {
            kind: ChatContextType::ORDER,
            id: order_id,
        }
    }
}

/// `CreateChatRequest`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateChatRequest {
    pub context: ChatContextRef,
}

/// `CreateChatResultDTO`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedChat {
    pub chat_id: i64,
}

/// `GetChatsRequest`: every filter optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatsFilter {
    /// Deprecated in favour of `contexts`, still honoured by the Market.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order_ids: Vec<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contexts: Vec<ChatContextRef>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context_types: Vec<ChatContextType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub types: Vec<ChatType>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statuses: Vec<ChatStatus>,
}

/// `ChatCustomerDTO`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChatCustomer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_id: Option<String>,
}

/// `ChatFullContextDTO`: the context as the Market reports it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChatContext {
    #[serde(rename = "type")]
    pub kind: ChatContextType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<ChatCustomer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_id: Option<i64>,
}

/// `GetChatInfoDTO`: one chat in the list.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Chat {
    pub chat_id: i64,
    pub context: ChatContext,
    #[serde(rename = "type")]
    pub kind: ChatType,
    pub status: ChatStatus,
    pub created_at: DateTime<FixedOffset>,
    pub updated_at: DateTime<FixedOffset>,
}

/// `GetChatsInfoDTO`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatsPage {
    #[serde(default, deserialize_with = "null_vec::deserialize")]
    pub chats: Vec<Chat>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// `SendMessageToChatRequest`: 1..4096 characters.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendMessageRequest {
    pub message: String,
}

/// `GetChatHistoryRequest`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_id_from: Option<i64>,
}

/// `ChatMessagePayloadDTO`: an attached file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ChatAttachment {
    pub name: String,
    pub url: String,
    pub size: i64,
}

/// `ChatMessageDTO`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ChatMessage {
    pub message_id: i64,
    pub created_at: DateTime<FixedOffset>,
    pub sender: ChatSender,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(
        default,
        deserialize_with = "null_vec::deserialize",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub payload: Vec<ChatAttachment>,
}

/// `ChatMessagesResultDTO`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChatHistory {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<ChatContext>,
    #[serde(default, deserialize_with = "null_vec::deserialize")]
    pub messages: Vec<ChatMessage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paging: Option<Paging>,
}

/// `OrderBuyerInfoDTO`: the DBS buyer; `phone` is a proxy number.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Buyer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub middle_name: Option<String>,
    #[serde(rename = "type")]
    pub kind: BuyerType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trusted: Option<bool>,
}
