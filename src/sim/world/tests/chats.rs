//! Chats with buyers: one chat per order, messages in order, buyers who answer.

use super::*;

#[test]
fn chat_is_created_once_and_the_buyer_answers_later() {
    let mut w = world(3000, 1);
    let b = w.business_id();
    let (_, id) = find(&w, |o, _| o.status == OrderStatus::DELIVERY);
    let chat = w.create_chat(b, id).expect("chat");
    assert_eq!(w.create_chat(b, id), Ok(chat));
    let listed = w
        .chats(
            b,
            &ChatsFilter {
                contexts: vec![crate::market::wire::chat::ChatContextRef::order(id)],
                ..ChatsFilter::default()
            },
        )
        .expect("chats");
    assert_eq!(listed.len(), 1);
    let i = idx(&w, id);
    let name = format!("{} {}", w.metas[i].buyer.first(), w.metas[i].buyer.last());
    assert_eq!(
        listed[0]
            .context
            .customer
            .as_ref()
            .and_then(|c| c.name.clone()),
        Some(name)
    );
    assert_eq!(code(w.send_message(b, chat, "")), "BAD_REQUEST");
    assert_eq!(
        code(w.send_message(b, chat, &"я".repeat(4097))),
        "BAD_REQUEST"
    );
    w.send_message(b, chat, &"я".repeat(4096))
        .expect("4096 characters are fine");
    let mut answered = false;
    for k in 0..10 {
        w.send_message(b, chat, &format!("Сообщение {k}"))
            .expect("sent");
        w.advance(Duration::minutes(30));
        let h = w.history(b, chat, None).expect("history");
        answered |= h.iter().any(|m| m.sender == ChatSender::CUSTOMER);
        assert!(
            h.windows(2)
                .all(|p| p[0].message_id < p[1].message_id && p[0].created_at <= p[1].created_at)
        );
    }
    assert!(answered, "some buyer answers within 10 messages");
    let h = w.history(b, chat, None).expect("history");
    let from = h[h.len() - 2].message_id;
    assert_eq!(w.history(b, chat, Some(from)).expect("history").len(), 2);
    assert_eq!(code(w.history(b, 1, None)), "NOT_FOUND");
}

#[test]
fn some_generated_chats_wait_for_the_shop() {
    let w = world(5000, 1);
    let waiting = w
        .chats(
            w.business_id(),
            &ChatsFilter {
                statuses: vec![crate::market::enums::ChatStatus::WAITING_FOR_PARTNER],
                ..ChatsFilter::default()
            },
        )
        .expect("chats");
    let stale = waiting
        .iter()
        .filter(|c| w.now().timestamp() - c.updated_at.timestamp() > 2 * 3600)
        .count();
    assert!(stale > 0, "buyers waiting more than 2 h");
}

#[test]
fn buyers_write_of_their_own_accord_as_time_goes_on() {
    let waiting_on_shop = |w: &World| -> Vec<(i64, i64)> {
        w.chats(
            w.business_id(),
            &ChatsFilter {
                statuses: vec![crate::market::enums::ChatStatus::WAITING_FOR_PARTNER],
                ..ChatsFilter::default()
            },
        )
        .expect("chats")
        .iter()
        .map(|c| (c.chat_id, c.updated_at.timestamp()))
        .collect()
    };
    let mut w = world(3000, 4);
    let before = waiting_on_shop(&w);
    w.advance(Duration::days(3));
    let after = waiting_on_shop(&w);
    let fresh: Vec<&(i64, i64)> = after
        .iter()
        .filter(|(_, updated)| *updated > now().timestamp())
        .collect();
    assert!(
        fresh.len() >= 5,
        "buyers wrote in three days: {} chats",
        fresh.len()
    );
    for (chat, updated) in &fresh {
        let h = w.history(w.business_id(), *chat, None).expect("history");
        let last = h.last().expect("a message");
        assert_eq!(last.sender, ChatSender::CUSTOMER, "the buyer wrote last");
        assert_eq!(
            last.created_at.timestamp(),
            *updated,
            "updatedAt follows it"
        );
    }
    assert!(after.len() > before.len() / 2);
    // The same seed writes the same messages at the same times.
    let mut again = world(3000, 4);
    again.advance(Duration::days(3));
    assert_eq!(waiting_on_shop(&again), after);
}
