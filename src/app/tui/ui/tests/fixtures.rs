//! The orders, timeline and clock the screen tests draw: twelve hand-built orders,
//! one per situation an agent meets, assessed by the real rules at a fixed `now`.

// Tests and their fixtures may run long: a scenario reads best in one piece.
#![allow(clippy::too_many_lines)]

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use crate::app::tui::action::Action;
use crate::app::tui::select;
use crate::app::tui::state::{AppState, Row, Snapshot};
use crate::app::tui::update::update;
use crate::base::lang::Lang;
use crate::cache::{Event, SyncRun};
use crate::domain::incident::steps::{self, Step};
use crate::domain::order::{History, Order};
use crate::domain::risk::{self, Thresholds};
use crate::market::enums::{
    DeliveryPartnerType, DeliveryType, OrderStatus as S, OrderSubstatus as Sub, ProgramType as P,
};

pub(super) const EVIL_CITY: &str = "Тверь\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J";

pub(super) fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .expect("a test instant")
        .to_utc()
}

pub(super) fn d(s: &str) -> NaiveDate {
    s.parse().expect("a test date")
}

/// Thursday 2026-11-26, 14:00 Moscow.
pub(super) fn now() -> DateTime<Utc> {
    t("2026-11-26T11:00:00Z")
}

/// A quiet order; each test row overrides what makes it interesting.
pub(super) fn order(id: i64, model: P, status: S, sub: Sub, city: &str) -> Order {
    let partner = if model == P::DBS {
        DeliveryPartnerType::SHOP
    } else {
        DeliveryPartnerType::YANDEX_MARKET
    };
    Order {
        order_id: id,
        campaign_id: 21_456_789,
        business_id: 7,
        model,
        status,
        substatus: sub,
        created_at: t("2026-11-22T09:15:00+03:00"),
        updated_at: Some(t("2026-11-25T18:40:00+03:00")),
        ship_date: Some(d("2026-11-28")),
        ship_time: Some(NaiveTime::from_hms_opt(12, 0, 0).expect("a time")),
        due_from: Some(d("2026-11-30")),
        due_to: Some(d("2026-12-02")),
        real_delivery_date: None,
        delivery_type: DeliveryType::DELIVERY,
        partner,
        carrier_id: 1003,
        carrier: "Маркет Доставка".into(),
        tracks: vec![format!("YM{id}")],
        region: Some("Московская область".into()),
        city: Some(city.into()),
        value: crate::base::money::Money::from_rubles(4_990),
        currency: "RUR".into(),
        buyer_name: Some("Иванова Мария".into()),
        cancel_requested: false,
        estimated: false,
        storage_limit: None,
        expiry: None,
        items_lost: false,
        items: Vec::new(),
    }
}

pub(super) fn row(order: Order, claimed_by: Option<&str>, changed: bool) -> Row {
    let assessment = risk::assess(&order, &History::default(), now(), &Thresholds::default());
    let mut row = select::row(order, assessment, claimed_by.map(Into::into));
    row.changed = changed;
    row
}

/// Twelve orders, one per situation an agent meets.
pub(super) fn rows() -> Vec<Row> {
    let mut dbs_overdue = order(
        48_291_736_450,
        P::DBS,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "Москва",
    );
    dbs_overdue.city = Some("Москва".into());
    dbs_overdue.region = Some("Москва".into());
    dbs_overdue.due_from = Some(d("2026-11-24"));
    dbs_overdue.due_to = Some(d("2026-11-24"));
    dbs_overdue.carrier = "Своя курьерская служба".into();
    dbs_overdue.value = crate::base::money::Money::from_rubles(12_500);

    let mut fbs_late = order(
        48_291_736_451,
        P::FBS,
        S::PROCESSING,
        Sub::READY_TO_SHIP,
        "Казань",
    );
    fbs_late.ship_date = Some(d("2026-11-26"));
    fbs_late.region = Some("Республика Татарстан".into());
    fbs_late.value = crate::base::money::Money::from_rubles(1_249_990);

    let mut dispute = order(
        48_291_736_452,
        P::FBS,
        S::DELIVERY,
        Sub::DELIVERY_USER_NOT_RECEIVED,
        "Санкт-Петербург",
    );
    dispute.region = Some("Санкт-Петербург".into());
    dispute.value = crate::base::money::Money::from_rubles(35_800);

    let mut undelivered = order(
        48_291_736_453,
        P::FBS,
        S::CANCELLED,
        Sub::DELIVERY_SERVICE_UNDELIVERED,
        "Новосибирск",
    );
    undelivered.region = Some("Новосибирская область".into());

    let mut claimed = order(
        48_291_736_454,
        P::DBS,
        S::PICKUP,
        Sub::PICKUP_SERVICE_RECEIVED,
        "Екатеринбург",
    );
    claimed.cancel_requested = true;
    claimed.updated_at = Some(t("2026-11-25T09:00:00+03:00"));
    claimed.delivery_type = DeliveryType::PICKUP;
    claimed.storage_limit = Some(d("2026-12-03"));

    let mut evil = order(
        48_291_736_455,
        P::DBS,
        S::PROCESSING,
        Sub::STARTED,
        EVIL_CITY,
    );
    evil.estimated = true;
    evil.buyer_name = Some("Пётр\u{1b}[31m Красный".into());
    evil.tracks = vec!["TRK\u{7}1".into()];

    let mut lost = order(
        48_291_736_456,
        P::FBS,
        S::CANCELLED,
        Sub::DELIVERY_SERVICE_LOST,
        "Омск",
    );
    lost.region = Some("Омская область".into());
    lost.items_lost = true;

    let mut storage = order(
        48_291_736_457,
        P::FBS,
        S::PICKUP,
        Sub::PICKUP_SERVICE_RECEIVED,
        "Ростов-на-Дону",
    );
    storage.storage_limit = Some(d("2026-11-27"));
    storage.delivery_type = DeliveryType::PICKUP;

    let mut soon = order(
        48_291_736_458,
        P::EXPRESS,
        S::PROCESSING,
        Sub::STARTED,
        "Самара",
    );
    soon.ship_date = Some(d("2026-11-26"));
    soon.ship_time = Some(NaiveTime::from_hms_opt(16, 30, 0).expect("a time"));
    soon.buyer_name = None;

    let mut quiet = order(
        48_291_736_459,
        P::FBS,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "Владивосток",
    );
    quiet.updated_at = Some(t("2026-11-20T12:00:00+03:00"));
    quiet.region = Some("Приморский край".into());

    let delivered = order(
        48_291_736_460,
        P::FBY,
        S::DELIVERED,
        Sub::DELIVERY_SERVICE_DELIVERED,
        "Уфа",
    );

    let mut no_track = order(
        48_291_736_461,
        P::DBS,
        S::DELIVERY,
        Sub::DELIVERY_SERVICE_RECEIVED,
        "Нижний Новгород",
    );
    no_track.tracks.clear();
    no_track.updated_at = Some(t("2026-11-26T08:00:00+03:00"));
    no_track.carrier = "Собственная служба доставки «Быстрее ветра»".into();

    vec![
        row(dbs_overdue, None, true),
        row(fbs_late, Some("agent2"), false),
        row(dispute, None, false),
        row(undelivered, None, false),
        row(claimed, Some("agent1"), true),
        row(evil, None, false),
        row(lost, None, false),
        row(storage, None, false),
        row(soon, None, false),
        row(quiet, Some("agent2"), false),
        row(delivered, None, false),
        row(no_track, None, false),
    ]
}

pub(super) fn last_sync() -> SyncRun {
    SyncRun {
        started_at: now() - Duration::seconds(52),
        finished_at: now() - Duration::seconds(40),
        holder: "agent1".into(),
        host: "triage-01".into(),
        ok: true,
        orders_seen: 12,
        new_orders: 0,
        changed: 2,
        events: 3,
        skipped: 0,
        requests: 4,
        message: String::new(),
        failure: None,
    }
}

pub(super) fn state(lang: Lang) -> AppState {
    let mut s = AppState::new(lang, "agent1".into(), vec![], now());
    update(
        &mut s,
        Action::DataLoaded(Box::new(Snapshot {
            delta: false,
            complete: true,
            outbox: None,
            rows: rows(),
            now: now(),
            last_sync: Some(last_sync()),
            lease: None,
            failing: None,
            buyer_wrote: None,
        })),
    );
    s
}

pub(super) fn events(order_id: i64) -> Vec<Event> {
    let ev =
        |id, seen: &str, market: Option<&str>, kind: &str, old: Option<&str>, new: Option<&str>| {
            Event {
                id,
                order_id,
                seen_at: t(seen),
                market_updated_at: market.map(t),
                kind: kind.into(),
                old: old.map(Into::into),
                new: new.map(Into::into),
            }
        };
    vec![
        ev(
            1,
            "2026-11-22T06:20:00Z",
            Some("2026-11-22T06:15:00Z"),
            "created",
            None,
            Some("PROCESSING"),
        ),
        ev(
            2,
            "2026-11-23T09:02:00Z",
            Some("2026-11-23T08:58:00Z"),
            "status",
            Some("PROCESSING"),
            Some("DELIVERY"),
        ),
        ev(
            3,
            "2026-11-23T09:02:00Z",
            Some("2026-11-23T08:58:00Z"),
            "tracks",
            Some(""),
            Some("YM48291736450"),
        ),
        ev(
            4,
            "2026-11-24T15:30:00Z",
            None,
            "delivery_dates",
            Some("2026-11-23"),
            Some("2026-11-24"),
        ),
        ev(
            5,
            "2026-11-25T10:00:00Z",
            Some("2026-11-25T09:59:00Z"),
            "teleported",
            Some("a\u{1b}[2J"),
            Some("b"),
        ),
    ]
}

/// A chat message from the buyer that tries to clear the screen and set the clipboard.
pub(super) const EVIL_CHAT: &str = "Жду ответа\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7} уже третий день";

/// The carriers of the config: only the one the orders already use, so handing over
/// to another carrier is greyed.
pub(super) fn carriers() -> Vec<crate::domain::incident::compensation::CarrierContact> {
    vec![crate::domain::incident::compensation::CarrierContact {
        id: 1003,
        name: "Своя курьерская служба".into(),
        phone: Some("+7 495 123-45-67".into()),
        email: Some("dispatch@courier.example".into()),
        note: None,
    }]
}

fn chat_message(id: i64, at: &str, sender: &str, text: &str) -> crate::cache::StoredChatMessage {
    crate::cache::StoredChatMessage {
        chat_id: 9_001,
        message_id: id,
        created_at: t(at),
        sender: sender.into(),
        text: text.into(),
    }
}

fn write(
    id: i64,
    order_id: i64,
    at: &str,
    kind: &str,
    state: crate::cache::OutboxState,
    attempts: i64,
    error: Option<&str>,
) -> crate::cache::OutboxRow {
    crate::cache::OutboxRow {
        id,
        key: format!("k{id}"),
        created_at: t(at),
        created_by: "agent1".into(),
        incident_id: Some(17),
        order_id: Some(order_id),
        campaign_id: Some(21_456_789),
        business_id: Some(7),
        kind: kind.into(),
        payload: "{}".into(),
        state,
        attempts,
        next_at: t(at),
        last_error: error.map(Into::into),
        answer: None,
        finished_at: None,
        worker: None,
    }
}

/// What the detail load brings for an order of `rows()`: its open incident on step 3
/// with notes, a refusal and one compensation given (above the agent's limit, so a
/// lead confirmed it); the chat of three messages (one with escape sequences); two
/// writes; two calls to the buyer; one date move already made.
pub(super) fn acting_view(order_id: i64) -> crate::app::tui::state::IncidentView {
    use crate::cache::OutboxState as O;
    use crate::domain::incident::checks::{Call, CheckContext};
    let order = rows()
        .into_iter()
        .find(|r| r.order.order_id == order_id)
        .map(|r| r.order)
        .expect("an order of the fixtures");
    let history = History {
        first_seen: Some(t("2026-11-22T06:20:00Z")),
        date_moves: 1,
        date_shift_days: 1,
        ..History::default()
    };
    let incident = crate::cache::Incident {
        id: 17,
        order_id,
        opened_at: t("2026-11-25T08:00:00Z"),
        opened_by: "rule:delivery_overdue".into(),
        first_rule: Some("delivery_overdue".into()),
        step: Step::Reroute,
        steps: steps::states_from_json(r#"{"verify":{"done":true},"notify":{"done":true}}"#)
            .unwrap(),
        notes: "2026-11-25 12:05 agent1: служба подтвердила задержку на сортировке\n\
                2026-11-26 10:30 agent1: покупатель ждёт ответа в чате\n"
            .into(),
        compensation: serde_json::from_str(r#"[{"kind":"partial_refund","amount":1000.0,"at":"2026-11-26T09:40:00Z","by":"agent1","confirmed_by":"petrova"}]"#)
            .unwrap(),
        last_error: Some(
            "the Market answered PUT …/delivery/date with HTTP 400: DELIVERY_DATE_NOT_ALLOWED"
                .into(),
        ),
        version: 4,
        ..crate::cache::Incident::default()
    };
    let audit = vec![crate::cache::AuditEntry {
        at: t("2026-11-25T09:10:00Z"),
        agent: "agent1".into(),
        order_id: Some(order_id),
        incident_id: Some(17),
        action: "claim".into(),
        before: None,
        after: Some("agent1".into()),
    }];
    let ctx = CheckContext {
        carriers: carriers(),
        calls: vec![
            Call {
                at: t("2026-11-26T07:05:00Z"),
                connected_secs: 0,
                number_unavailable: false,
            },
            Call {
                at: t("2026-11-26T08:10:00Z"),
                connected_secs: 12,
                number_unavailable: false,
            },
        ],
        ..CheckContext::default()
    };
    let buyer = (order.model == crate::market::enums::ProgramType::DBS).then(|| {
        crate::cache::StoredBuyer {
            order_id,
            fetched_at: t("2026-11-25T08:01:00Z"),
            name: Some("Анна Петрова".into()),
            phone: Some("+7 495 000-00-00 доб. 31337".into()),
            trusted: Some(false),
            ..crate::cache::StoredBuyer::default()
        }
    });
    crate::app::tui::state::IncidentView {
        buyer,
        draft: None,
        incident: Some(incident),
        audit,
        order: Some((order, history)),
        ctx,
        chat: vec![
            chat_message(
                1,
                "2026-11-25T07:12:00Z",
                "CUSTOMER",
                "Здравствуйте! Заказ обещали 24-го, а его всё нет. Где он?",
            ),
            chat_message(
                2,
                "2026-11-25T09:20:00Z",
                "PARTNER",
                "Добрый день! Проверяем у службы доставки и ответим сегодня.",
            ),
            chat_message(3, "2026-11-26T10:02:00Z", "CUSTOMER", EVIL_CHAT),
        ],
        writes: vec![
            write(
                42,
                order_id,
                "2026-11-26T09:55:00Z",
                "chat_message",
                O::Queued,
                1,
                Some("HTTP 503 from the Market; next try in 30 s"),
            ),
            write(
                41,
                order_id,
                "2026-11-26T09:30:00Z",
                "delivery_date",
                O::Failed,
                1,
                Some("HTTP 400: DELIVERY_DATE_NOT_ALLOWED"),
            ),
        ],
        given_today: vec![(
            "partial_refund".into(),
            crate::base::money::Money::from_rubles(4_500),
        )],
    }
}

/// A draft for the DBS order from the delay template, with a phone number in it:
/// the lint blocks the send.
pub(super) fn draft_with_phone(lang: Lang, order_id: i64) -> crate::app::tui::state::Draft {
    let text = match lang {
        Lang::Ru => {
            "Здравствуйте, Мария!\n\nВаш заказ № 48291736450 задерживается: служба доставки \
             не успела передать его вовремя. Новая дата доставки — 27.11.\n\nЕсли удобнее \
             голосом, позвоните мне: +7 916 123-45-67.\n\nС уважением, agent1"
        }
        Lang::En => {
            "Hello Maria,\n\nyour order No. 48291736450 is running late: the carrier did \
             not hand it over in time. New delivery date: 27.11.\n\nIf you prefer to talk, \
             call me at +7 916 123-45-67.\n\nKind regards, agent1"
        }
    };
    let mut d = crate::app::tui::state::Draft::new(
        order_id,
        Some("delay_apology".into()),
        crate::domain::incident::lint::Audience::Buyer,
        text.into(),
    );
    // As the cache stored it a minute ago.
    d.saved = Some((now() - chrono::Duration::minutes(1), d.text.clone()));
    d
}

/// The dashboard with `order_id` selected in the All section, its detail loaded,
/// the config's carriers in, and the detail tab `tab` shown.
pub(super) fn acting_state(
    lang: Lang,
    order_id: i64,
    tab: crate::app::tui::state::DetailTab,
) -> AppState {
    let mut s = state(lang);
    s.incident_cfg.carriers = carriers();
    // The agent acts on an order they hold: one held by another agent is refused
    // before any dialog opens.
    for r in s.rows.iter_mut().filter(|r| r.order.order_id == order_id) {
        r.claimed_by = Some(s.me.clone());
    }
    update(&mut s, Action::GoToSection(3));
    while s.selected != Some(order_id) {
        let before = s.cursor;
        update(&mut s, Action::Key(crate::app::tui::action::Act::MoveDown));
        assert_ne!(before, s.cursor, "order {order_id} is in the All section");
    }
    update(
        &mut s,
        Action::IncidentLoaded(order_id, Box::new(acting_view(order_id))),
    );
    s.detail_tab = tab;
    s
}
