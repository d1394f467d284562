//! Wire types: the Market's JSON exactly as it is spelled, nothing of our own.
//! Unknown fields are ignored, unknown enum values kept, `null` arrays read as empty.

pub mod campaign;
pub mod chat;
pub mod common;
pub mod legacy;
pub mod order;
pub mod returns;
pub mod service;
pub mod write;

pub use campaign::{Business, Campaign, CampaignsPage};
pub use chat::{Buyer, Chat, ChatHistory, ChatMessage, ChatsFilter, ChatsPage};
pub use common::{Ack, ApiErrorDto, ApiErrorResponse, Envelope, Paging, Region, Track};
pub use legacy::{LegacyOrder, OrderEnvelope};
pub use order::{BusinessOrder, OrdersFilter, OrdersPage};
pub use returns::{Return, ReturnsFilter};
