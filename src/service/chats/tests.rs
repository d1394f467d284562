use super::*;
use crate::market::enums::ChatType;
use crate::market::wire::chat::ChatContext;

fn chat(chat_id: i64, kind: ChatContextType, order_id: Option<i64>, created: &str) -> Chat {
    let at = DateTime::parse_from_rfc3339(created).unwrap();
    Chat {
        chat_id,
        context: ChatContext {
            kind,
            customer: None,
            campaign_id: None,
            order_id,
            return_id: None,
        },
        kind: ChatType::CHAT,
        status: ChatStatus::NEW,
        created_at: at,
        updated_at: at,
    }
}

#[test]
fn only_a_chat_about_the_order_itself_is_taken() {
    let chats = [
        chat(
            1,
            ChatContextType::ORDER,
            Some(7),
            "2026-07-01T10:00:00+03:00",
        ),
        chat(
            2,
            ChatContextType::RETURN,
            Some(5),
            "2026-07-02T10:00:00+03:00",
        ),
    ];
    assert_eq!(pick_chat(&chats, 5), None);
    assert_eq!(pick_chat(&chats, 7), Some(1));
}

#[test]
fn the_newest_of_several_chats_of_an_order_is_taken() {
    let chats = [
        chat(
            9,
            ChatContextType::ORDER,
            Some(5),
            "2026-07-01T10:00:00+03:00",
        ),
        chat(
            4,
            ChatContextType::ORDER,
            Some(5),
            "2026-07-03T10:00:00+03:00",
        ),
    ];
    assert_eq!(pick_chat(&chats, 5), Some(4));
}
