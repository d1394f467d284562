//! The simulated chats with buyers: one chat per order, messages with ascending ids,
//! buyers who sometimes answer the shop a few simulated minutes later, and buyers who
//! write of their own accord as the simulated clock reaches the time drawn for them.

use std::collections::{BTreeMap, HashMap};

use crate::market::enums::{ChatContextType, ChatSender, ChatStatus, ChatType};
use crate::market::wire::chat::{ChatContext, ChatCustomer};
use crate::market::wire::{Chat, ChatMessage, ChatsFilter};

use super::lifecycle::wire_time;
use crate::sim::names::BUYER_REPLIES;
use crate::sim::rng::Rng;

const FIRST_CHAT_ID: i64 = 3_876_401;
const FIRST_MESSAGE_ID: i64 = 912_004_317;

struct Message {
    id: i64,
    at: i64,
    sender: ChatSender,
    text: String,
}

struct ChatRec {
    id: i64,
    order_id: i64,
    campaign_id: i64,
    customer: String,
    created: i64,
    updated: i64,
    status: ChatStatus,
    /// Test orders get a chat, but their buyer never answers.
    fake: bool,
    messages: Vec<Message>,
}

/// Where a buyer's message waiting for its time goes.
enum To {
    /// A chat that exists, by index.
    Chat(usize),
    /// The chat of an order, opened when the message comes if there is none yet.
    Order {
        order_id: i64,
        campaign_id: i64,
        customer: String,
    },
}

/// All chats of the business.
pub(super) struct Chats {
    /// Ascending by id: ids are handed out in order.
    list: Vec<ChatRec>,
    by_order: HashMap<i64, usize>,
    next_chat: i64,
    next_message: i64,
    /// Buyer messages not yet written: (due, sequence) → (where, text).
    pending: BTreeMap<(i64, u64), (To, &'static str)>,
    sequence: u64,
}

impl Chats {
    pub fn new() -> Chats {
        Chats {
            list: Vec::new(),
            by_order: HashMap::new(),
            next_chat: FIRST_CHAT_ID,
            next_message: FIRST_MESSAGE_ID,
            pending: BTreeMap::new(),
            sequence: 0,
        }
    }

    /// The chat of an order, made (empty, NEW) if there is none yet.
    pub fn open(
        &mut self,
        order_id: i64,
        campaign_id: i64,
        customer: String,
        fake: bool,
        at: i64,
    ) -> i64 {
        if let Some(&i) = self.by_order.get(&order_id) {
            return self.list[i].id;
        }
        let id = self.next_chat;
        self.next_chat += 1;
        self.by_order.insert(order_id, self.list.len());
        self.list.push(ChatRec {
            id,
            order_id,
            campaign_id,
            customer,
            created: at,
            updated: at,
            status: ChatStatus::NEW,
            fake,
            messages: Vec::new(),
        });
        id
    }

    fn index(&self, chat_id: i64) -> Option<usize> {
        self.list.binary_search_by_key(&chat_id, |c| c.id).ok()
    }

    pub fn exists(&self, chat_id: i64) -> bool {
        self.index(chat_id).is_some()
    }

    /// Adds a message now; the chat waits for the other side.
    pub fn post(&mut self, chat_id: i64, at: i64, sender: ChatSender, text: String) -> Option<i64> {
        let i = self.index(chat_id)?;
        Some(self.post_at(i, at, sender, text))
    }

    fn post_at(&mut self, i: usize, at: i64, sender: ChatSender, text: String) -> i64 {
        let id = self.next_message;
        self.next_message += 1;
        let chat = &mut self.list[i];
        chat.status = match sender {
            ChatSender::CUSTOMER => ChatStatus::WAITING_FOR_PARTNER,
            _ => ChatStatus::WAITING_FOR_CUSTOMER,
        };
        chat.updated = chat.updated.max(at);
        chat.messages.push(Message {
            id,
            at,
            sender,
            text,
        });
        id
    }

    /// After the shop writes, the buyer answers some messages a few minutes later.
    /// Whether and when is fixed by the chat and message ids, so runs repeat.
    pub fn maybe_schedule_reply(&mut self, chat_id: i64, message_id: i64, now: i64) {
        let Some(i) = self.index(chat_id) else {
            return;
        };
        if self.list[i].fake {
            return;
        }
        let mut r = Rng::new(chat_id as u64).fork(message_id as u64);
        if !r.chance(0.6) {
            return;
        }
        let due = now + r.range(3, 25) * 60;
        let text = *r.pick(BUYER_REPLIES);
        self.sequence += 1;
        self.pending
            .insert((due, self.sequence), (To::Chat(i), text));
    }

    /// The buyer of an order will write `text` at `due`, opening the chat if need be.
    pub fn expect_from_buyer(
        &mut self,
        order_id: i64,
        campaign_id: i64,
        customer: String,
        due: i64,
        text: &'static str,
    ) {
        self.sequence += 1;
        let to = To::Order {
            order_id,
            campaign_id,
            customer,
        };
        self.pending.insert((due, self.sequence), (to, text));
    }

    /// Writes the buyer answers that are due by `now`, oldest first.
    pub fn deliver_due(&mut self, now: i64) {
        while let Some(entry) = self.pending.first_entry() {
            if entry.key().0 > now {
                break;
            }
            let ((due, _), (to, text)) = entry.remove_entry();
            let i = match to {
                To::Chat(i) => i,
                To::Order {
                    order_id,
                    campaign_id,
                    customer,
                } => {
                    let id = self.open(order_id, campaign_id, customer, false, due);
                    match self.index(id) {
                        Some(i) => i,
                        None => continue,
                    }
                }
            };
            self.post_at(i, due, ChatSender::CUSTOMER, text.to_owned());
        }
    }

    fn wire(c: &ChatRec) -> Chat {
        Chat {
            chat_id: c.id,
            context: ChatContext {
                kind: ChatContextType::ORDER,
                customer: Some(ChatCustomer {
                    name: Some(c.customer.clone()),
                    public_id: Some(format!("{:x}", c.id.wrapping_mul(2_654_435_761))),
                }),
                campaign_id: Some(c.campaign_id),
                order_id: Some(c.order_id),
                return_id: None,
            },
            kind: ChatType::CHAT,
            status: c.status.clone(),
            created_at: wire_time(c.created),
            updated_at: wire_time(c.updated),
        }
    }

    pub fn get(&self, chat_id: i64) -> Option<Chat> {
        self.index(chat_id).map(|i| Chats::wire(&self.list[i]))
    }

    /// Every chat matching the filter, ascending by id.
    pub fn find(&self, f: &ChatsFilter) -> Vec<Chat> {
        self.list
            .iter()
            .filter(|c| {
                (f.order_ids.is_empty() || f.order_ids.contains(&c.order_id))
                    && (f.contexts.is_empty()
                        || f.contexts
                            .iter()
                            .any(|x| x.kind == ChatContextType::ORDER && x.id == c.order_id))
                    && (f.context_types.is_empty()
                        || f.context_types.contains(&ChatContextType::ORDER))
                    && (f.types.is_empty() || f.types.contains(&ChatType::CHAT))
                    && (f.statuses.is_empty() || f.statuses.contains(&c.status))
            })
            .map(Chats::wire)
            .collect()
    }

    /// Messages from `from` (inclusive) on, oldest first.
    pub fn history(&self, chat_id: i64, from: Option<i64>) -> Option<Vec<ChatMessage>> {
        let c = &self.list[self.index(chat_id)?];
        Some(
            c.messages
                .iter()
                .filter(|m| from.is_none_or(|f| m.id >= f))
                .map(|m| ChatMessage {
                    message_id: m.id,
                    created_at: wire_time(m.at),
                    sender: m.sender.clone(),
                    message: Some(m.text.clone()),
                    payload: Vec::new(),
                })
                .collect(),
        )
    }

    /// Seeds a generated chat with its messages (already in time order).
    pub fn seed(
        &mut self,
        order_id: i64,
        campaign_id: i64,
        customer: String,
        messages: &[(i64, ChatSender, &str)],
    ) {
        let Some(&(first, ..)) = messages.first() else {
            return;
        };
        let id = self.open(order_id, campaign_id, customer, false, first - 60);
        if let Some(i) = self.index(id) {
            for (at, sender, text) in messages {
                self.post_at(i, *at, sender.clone(), (*text).to_owned());
            }
        }
    }
}
