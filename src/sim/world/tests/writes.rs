//! The shop's writes: status, delivery date, track, storage, cancellation answers,
//! shipment transfer and the DBS buyer, each against the Market's rules.

use super::*;

#[test]
fn fbs_order_is_marked_ready_to_ship_and_the_write_stamps_update_date() {
    let mut w = world(3000, 1);
    w.advance(Duration::seconds(7));
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fbs && o.substatus == S::STARTED
    });
    let legacy = w
        .set_status(
            c,
            id,
            &status(OrderStatus::PROCESSING, Some(S::READY_TO_SHIP)),
        )
        .expect("accepted");
    assert_eq!(
        (legacy.status, legacy.substatus),
        (OrderStatus::PROCESSING, S::READY_TO_SHIP)
    );
    // The legacy `shipments[].id` is the order's parcel, not the day's FBS shipment.
    let shipment = w.order(id).and_then(|o| o.delivery.shipment.as_ref()?.id);
    let parcel = legacy.delivery.shipments.first().and_then(|s| s.id);
    assert!(shipment.is_some() && parcel.is_some() && parcel != shipment);
    assert!(legacy.tax_system.is_some());
    let o = w.order(id).expect("order");
    assert_eq!(
        o.update_date.map(|u| u.timestamp()),
        Some(w.now().timestamp())
    );
    assert!(
        legacy.buyer.is_some_and(|b| b.first_name.is_none()),
        "no buyer names outside DBS"
    );
    // Back to STARTED is not a thing the shop can do.
    let r = w.set_status(
        c,
        id,
        &status(OrderStatus::DELIVERY, Some(S::DELIVERY_SERVICE_RECEIVED)),
    );
    assert_eq!(code(r), "STATUS_NOT_ALLOWED");
    let cancelled = w
        .set_status(c, id, &status(OrderStatus::CANCELLED, Some(S::SHOP_FAILED)))
        .expect("accepted");
    assert_eq!(cancelled.status, OrderStatus::CANCELLED);
    let r = w.set_status(
        c,
        id,
        &status(OrderStatus::PROCESSING, Some(S::READY_TO_SHIP)),
    );
    assert_eq!(code(r), "ORDER_IN_TERMINAL_STATE");
}

#[test]
fn fbs_cancel_with_a_buyer_reason_is_refused_with_substatus_not_allowed() {
    let mut w = world(3000, 1);
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fbs && o.substatus == S::STARTED
    });
    let r = w.set_status(
        c,
        id,
        &status(OrderStatus::CANCELLED, Some(S::USER_CHANGED_MIND)),
    );
    assert_eq!(code(r), "SUBSTATUS_NOT_ALLOWED");
}

#[test]
fn forbidden_dbs_transition_is_refused_with_status_not_allowed() {
    let mut w = world(3000, 1);
    let (c, id) = find(&w, |o, m| {
        dbs(m)
            && o.status == OrderStatus::PROCESSING
            && o.delivery.estimated.is_none()
            && o.delivery.kind == DeliveryType::DELIVERY
    });
    let r = w.set_status(
        c,
        id,
        &status(OrderStatus::DELIVERED, Some(S::DELIVERY_SERVICE_DELIVERED)),
    );
    assert_eq!(code(r), "STATUS_NOT_ALLOWED");
    let r = w.set_status(c, id, &status(OrderStatus::PICKUP, None));
    assert_eq!(
        code(r),
        "STATUS_NOT_ALLOWED",
        "a courier order has no pickup step"
    );
    let ok = w.set_status(
        c,
        id,
        &status(OrderStatus::DELIVERY, Some(S::DELIVERY_SERVICE_RECEIVED)),
    );
    assert_eq!(ok.expect("handover accepted").status, OrderStatus::DELIVERY);
    let r = w.set_status(
        c,
        id,
        &status(OrderStatus::PROCESSING, Some(S::READY_TO_SHIP)),
    );
    assert_eq!(code(r), "STATUS_NOT_ALLOWED");
    let legacy = w
        .set_status(c, id, &status(OrderStatus::DELIVERED, None))
        .expect("delivered");
    assert_eq!(legacy.substatus, S::DELIVERY_SERVICE_DELIVERED);
    assert!(
        legacy.buyer.is_some_and(|b| b.first_name.is_some()),
        "DBS sees the buyer's name"
    );
}

#[test]
fn dbs_pickup_order_goes_through_the_pickup_point() {
    let mut w = world(3000, 1);
    let (c, id) = find(&w, |o, m| {
        dbs(m)
            && o.status == OrderStatus::DELIVERY
            && o.delivery.kind == DeliveryType::PICKUP
            && o.cancel_requested != Some(true)
    });
    let delivered = status(OrderStatus::DELIVERED, None);
    assert_eq!(code(w.set_status(c, id, &delivered)), "STATUS_NOT_ALLOWED");
    let o = w
        .set_status(c, id, &status(OrderStatus::PICKUP, None))
        .expect("at the pickup point");
    assert_eq!(o.substatus, S::PICKUP_SERVICE_RECEIVED);
    assert!(o.delivery.outlet_storage_limit_date.is_some());
    w.set_status(c, id, &delivered).expect("collected");
}

#[test]
fn fbs_order_cannot_be_cancelled_by_the_shop_once_shipped() {
    let mut w = world(3000, 1);
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fbs && o.status == OrderStatus::DELIVERY
    });
    let r = w.set_status(c, id, &status(OrderStatus::CANCELLED, Some(S::SHOP_FAILED)));
    assert_eq!(code(r), "STATUS_NOT_ALLOWED");
}

#[test]
fn fby_writes_are_refused_with_campaign_type_not_supported() {
    let mut w = world(2000, 1);
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fby && o.status == OrderStatus::PROCESSING
    });
    let r = w.set_status(c, id, &status(OrderStatus::CANCELLED, Some(S::SHOP_FAILED)));
    assert_eq!(code(r), "CAMPAIGN_TYPE_NOT_SUPPORTED");
    assert_eq!(code(w.buyer(c, id)), "CAMPAIGN_TYPE_NOT_SUPPORTED");
    let tomorrow = msk_date(now().timestamp()) + Duration::days(1);
    assert_eq!(
        code(w.set_delivery_date(c, id, &date_req(tomorrow))),
        "CAMPAIGN_TYPE_NOT_SUPPORTED"
    );
}

#[test]
fn an_order_of_another_campaign_is_not_found() {
    let mut w = world(2000, 1);
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fbs && o.substatus == S::STARTED
    });
    let other = w
        .campaigns()
        .iter()
        .find(|x| x.id != c && x.placement_type.as_str() == "FBS")
        .map(|x| x.id)
        .expect("express campaign");
    let r = w
        .set_status(
            other,
            id,
            &status(OrderStatus::PROCESSING, Some(S::READY_TO_SHIP)),
        )
        .expect_err("refused");
    assert_eq!((r.http_status, r.code.as_str()), (404, "NOT_FOUND"));
    assert_eq!(
        code(w.set_status(c, 1, &status(OrderStatus::PROCESSING, None))),
        "NOT_FOUND"
    );
}

#[test]
fn user_unreachable_is_allowed_only_after_the_call_protocol() {
    let mut w = world(5000, 1);
    let unreachable = status(OrderStatus::CANCELLED, Some(S::USER_UNREACHABLE));
    let (c, id) = find(&w, |o, m| {
        dbs(m) && o.status == OrderStatus::PROCESSING && !m.calls_done
    });
    assert_eq!(
        code(w.set_status(c, id, &unreachable)),
        "USER_UNREACHABLE_NOT_ALLOWED"
    );
    let (c, id) = find(&w, |o, m| {
        dbs(m) && o.status == OrderStatus::PROCESSING && m.calls_done
    });
    assert!(w.call_protocol_complete(id));
    assert_eq!(
        w.set_status(c, id, &unreachable)
            .expect("accepted")
            .substatus,
        S::USER_UNREACHABLE
    );
}

#[test]
fn real_delivery_date_in_the_future_is_refused() {
    let mut w = world(3000, 1);
    let (c, id) = find(&w, |o, m| {
        dbs(m)
            && o.status == OrderStatus::DELIVERY
            && o.delivery.kind == DeliveryType::DELIVERY
            && o.cancel_requested != Some(true)
    });
    let mut change = status(OrderStatus::DELIVERED, Some(S::DELIVERY_SERVICE_DELIVERED));
    let today = msk_date(now().timestamp());
    change.delivery = Some(StatusChangeDelivery {
        dates: StatusChangeDates {
            real_delivery_date: today + Duration::days(1),
        },
    });
    assert_eq!(code(w.set_status(c, id, &change)), "BAD_REQUEST");
    change.delivery = Some(StatusChangeDelivery {
        dates: StatusChangeDates {
            real_delivery_date: today - Duration::days(1),
        },
    });
    let o = w.set_status(c, id, &change).expect("yesterday is fine");
    assert_eq!(
        o.delivery.dates.real_delivery_date,
        Some(today - Duration::days(1))
    );
}

#[test]
fn batch_status_reports_each_order_and_refuses_a_bad_batch() {
    let mut w = world(3000, 1);
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fbs && o.substatus == S::STARTED
    });
    let items = vec![
        BatchStatusItem {
            id,
            status: OrderStatus::PROCESSING,
            substatus: Some(S::READY_TO_SHIP),
        },
        BatchStatusItem {
            id: 1,
            status: OrderStatus::PROCESSING,
            substatus: Some(S::READY_TO_SHIP),
        },
    ];
    let out = w.set_statuses(c, &items).expect("batch accepted");
    assert_eq!(out[0].update_status, Some(UpdateStatus::OK));
    assert_eq!(out[1].update_status, Some(UpdateStatus::ERROR));
    assert!(
        out[1]
            .error_details
            .as_deref()
            .is_some_and(|d| d.contains("not found"))
    );
    let too_many: Vec<_> = (0..31).map(|_| items[0].clone()).collect();
    assert_eq!(code(w.set_statuses(c, &too_many)), "BAD_REQUEST");
    assert_eq!(code(w.set_statuses(c, &[])), "BAD_REQUEST");
}

#[test]
fn delivery_date_moves_follow_the_rules_and_are_counted() {
    let mut w = world(3000, 1);
    let today = msk_date(now().timestamp());
    let (c, id) = find(&w, |o, m| {
        dbs(m)
            && o.status == OrderStatus::PROCESSING
            && o.delivery.estimated.is_none()
            && o.delivery.dates.to_date.is_some_and(|d| d >= today)
    });
    let current = w
        .order(id)
        .and_then(|o| o.delivery.dates.to_date)
        .expect("toDate");
    assert_eq!(
        code(w.set_delivery_date(c, id, &date_req(current))),
        "SAME_DELIVERY_DATES"
    );
    assert_eq!(
        code(w.set_delivery_date(c, id, &date_req(today - Duration::days(1)))),
        "BAD_REQUEST"
    );
    for k in 1..=3 {
        w.set_delivery_date(c, id, &date_req(current + Duration::days(k)))
            .expect("move accepted");
    }
    assert_eq!(w.delivery_date_moves(id), Some(3));
    assert_eq!(
        w.order(id).and_then(|o| o.delivery.dates.to_date),
        Some(current + Duration::days(3))
    );
    assert_eq!(
        code(w.set_delivery_date(c, id, &date_req(current + Duration::days(4)))),
        "EDIT_COUNT_EXCEEDED"
    );
    let (c, id) = find(&w, |o, m| dbs(m) && o.status == OrderStatus::PICKUP);
    assert_eq!(
        code(w.set_delivery_date(c, id, &date_req(today + Duration::days(3)))),
        "INVALID_ORDER_STATUS"
    );
}

#[test]
fn track_replaces_the_old_one_sets_the_carrier_and_is_unique() {
    let mut w = world(3000, 1);
    let (c, id) = find(&w, |o, m| {
        dbs(m) && o.status == OrderStatus::DELIVERY && !o.delivery.tracks.is_empty()
    });
    let (c2, other) = find(&w, |o, m| {
        dbs(m) && o.status == OrderStatus::DELIVERY && o.order_id != id
    });
    let req = TrackRequest {
        track_code: "1234567890".into(),
        delivery_service_id: 51,
    };
    w.set_track(c, id, &req).expect("accepted");
    let o = w.order(id).expect("order");
    assert_eq!(o.delivery.tracks.len(), 1);
    assert_eq!(
        o.delivery.tracks[0].track_code.as_deref(),
        Some("1234567890")
    );
    assert_eq!(
        (
            o.delivery.delivery_service_id,
            o.delivery.service_name.as_str()
        ),
        (51, "СДЭК")
    );
    assert_eq!(
        code(w.set_track(c2, other, &req)),
        "TRACK_CODE_ALREADY_USED"
    );
    let unknown = TrackRequest {
        track_code: "X1".into(),
        delivery_service_id: 424_242,
    };
    assert_eq!(code(w.set_track(c2, other, &unknown)), "BAD_REQUEST");
}

#[test]
fn storage_extension_is_allowed_once() {
    let mut w = world(5000, 1);
    let (c, id) = find(&w, |o, m| {
        dbs(m) && o.status == OrderStatus::PICKUP && o.cancel_requested != Some(true)
    });
    let limit = w
        .order(id)
        .and_then(|o| o.delivery.pickup.as_ref()?.outlet_storage_limit_date)
        .expect("limit");
    assert_eq!(code(w.set_storage_limit(c, id, limit)), "BAD_REQUEST");
    assert_eq!(
        code(w.set_storage_limit(c, id, limit + Duration::days(31))),
        "DAYS_COUNT_EXCEEDED"
    );
    w.set_storage_limit(c, id, limit + Duration::days(30))
        .expect("accepted");
    let now_limit = w
        .order(id)
        .and_then(|o| o.delivery.pickup.as_ref()?.outlet_storage_limit_date);
    assert_eq!(now_limit, Some(limit + Duration::days(30)));
    assert_eq!(
        code(w.set_storage_limit(c, id, limit + Duration::days(31))),
        "EDIT_COUNT_EXCEEDED"
    );
}

/// Makes the buyer of a DBS order in delivery ask to cancel, as the lifecycle does.
fn request_cancel(w: &mut World) -> (i64, i64) {
    let (c, id) = find(w, |o, m| {
        dbs(m) && o.status == OrderStatus::DELIVERY && o.cancel_requested != Some(true)
    });
    let i = idx(w, id);
    let at = w.now().timestamp();
    lifecycle::apply(
        &mut w.orders[i],
        &mut w.metas[i],
        &Step::RequestCancel,
        at,
        &mut w.tracks,
    );
    w.replan(i, at);
    (c, id)
}

#[test]
fn accepted_cancellation_cancels_and_refusal_needs_a_reason() {
    let mut w = world(3000, 1);
    let (c, id) = request_cancel(&mut w);
    let refuse = CancellationAnswer {
        accepted: false,
        reason: None,
    };
    assert_eq!(code(w.answer_cancellation(c, id, &refuse)), "BAD_REQUEST");
    let r = w.set_status(c, id, &status(OrderStatus::CANCELLED, Some(S::SHOP_FAILED)));
    assert_eq!(code(r), "CANCELLATION_REQUESTED");
    w.answer_cancellation(
        c,
        id,
        &CancellationAnswer {
            accepted: true,
            reason: None,
        },
    )
    .expect("accepted");
    let o = w.order(id).expect("order");
    assert_eq!(
        (o.status.clone(), o.substatus.clone()),
        (OrderStatus::CANCELLED, S::USER_CHANGED_MIND)
    );

    let (c, id) = request_cancel(&mut w);
    let refuse = CancellationAnswer {
        accepted: false,
        reason: Some(CancellationRejectReason::ORDER_IN_DELIVERY),
    };
    w.answer_cancellation(c, id, &refuse)
        .expect("refusal accepted");
    assert_eq!(w.order(id).and_then(|o| o.cancel_requested), Some(false));
    assert_eq!(
        code(w.answer_cancellation(c, id, &refuse)),
        "ACTION_FORBIDDEN"
    );
}

#[test]
fn an_unanswered_cancellation_request_expires_after_48_hours() {
    let mut w = world(3000, 1);
    let (c, id) = request_cancel(&mut w);
    let i = idx(&w, id);
    // Pretend the request came 49 hours ago but the clock has not processed it yet.
    w.metas[i].cancel_requested_at = Some(w.now().timestamp() - 49 * 3600);
    let answer = CancellationAnswer {
        accepted: true,
        reason: None,
    };
    assert_eq!(
        code(w.answer_cancellation(c, id, &answer)),
        "ACTION_FORBIDDEN"
    );
    // And time running on cancels it.
    w.replan(i, w.now().timestamp());
    w.advance(Duration::minutes(5));
    assert_eq!(
        w.order(id).map(|o| o.status.clone()),
        Some(OrderStatus::CANCELLED)
    );
}

#[test]
fn shipment_transfer_moves_fbs_orders_to_the_next_day() {
    let mut w = world(5000, 1);
    let now_s = w.now().timestamp();
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fbs
            && o.status == OrderStatus::PROCESSING
            && o.substatus != S::SHIPPED
            && m.ship_at.is_some_and(|t| t > now_s + 3600)
    });
    let s = w
        .order(id)
        .and_then(|o| o.delivery.shipment.clone())
        .expect("shipment");
    let sid = s.id.expect("shipment id");
    assert_eq!(code(w.transfer_orders(c, sid, &[])), "BAD_REQUEST");
    assert_eq!(code(w.transfer_orders(c, 77, &[id])), "NOT_FOUND");
    w.transfer_orders(c, sid, &[id]).expect("accepted");
    let moved = w
        .order(id)
        .and_then(|o| o.delivery.shipment.clone())
        .expect("shipment");
    assert_eq!(moved.shipment_date, s.shipment_date + Duration::days(1));
    assert_ne!(moved.id, s.id);
    // A shipment about to form keeps its orders.
    let (c, id) = find(&w, |o, m| {
        m.model == Model::Fbs
            && o.status == OrderStatus::PROCESSING
            && o.substatus != S::SHIPPED
            && m.ship_at.is_some_and(|t| t > now_s + 3600)
    });
    let sid = w
        .order(id)
        .and_then(|o| o.delivery.shipment.as_ref()?.id)
        .expect("shipment id");
    let forms = w.metas[idx(&w, id)].ship_at.expect("ship time");
    w.advance_to(DateTime::from_timestamp(forms - 600, 0).expect("time"));
    if w.order(id)
        .is_some_and(|o| o.status == OrderStatus::PROCESSING && o.substatus != S::SHIPPED)
    {
        assert_eq!(code(w.transfer_orders(c, sid, &[id])), "ACTION_FORBIDDEN");
    }
    let express = w
        .campaigns()
        .iter()
        .find(|x| x.domain.contains("Экспресс"))
        .map(|x| x.id)
        .expect("express");
    assert_eq!(
        code(w.transfer_orders(express, sid, &[id])),
        "CAMPAIGN_TYPE_NOT_SUPPORTED"
    );
}

#[test]
fn buyer_is_shown_for_active_dbs_orders_only() {
    let w = world(3000, 1);
    let (c, id) = find(&w, |o, m| dbs(m) && o.status == OrderStatus::DELIVERY);
    let buyer = w.buyer(c, id).expect("buyer");
    assert!(
        buyer
            .phone
            .as_deref()
            .is_some_and(|p| p.starts_with("+79") && p.len() == 12)
    );
    assert!(buyer.first_name.is_some() && buyer.last_name.is_some() && buyer.trusted.is_some());
    let (c, id) = find(&w, |o, m| dbs(m) && o.status == OrderStatus::DELIVERED);
    assert_eq!(code(w.buyer(c, id)), "ORDER_IN_TERMINAL_STATE");
}

#[test]
fn lost_orders_have_lost_units_and_fates_play_out() {
    let w = world(20_000, 1);
    let lost = w
        .orders()
        .iter()
        .filter(|o| lifecycle::is_lost(&o.substatus))
        .count();
    assert!(lost > 0);
    for o in w
        .orders()
        .iter()
        .filter(|o| o.status == OrderStatus::CANCELLED && lifecycle::is_lost(&o.substatus))
    {
        assert!(
            o.items
                .iter()
                .all(|i| i.item_statuses.iter().any(|s| s.status == ItemStatus::LOST))
        );
    }
    assert!(w.metas.iter().any(|m| m.fate == Fate::Normal));
    let dbs_tracked = w
        .orders()
        .iter()
        .filter(|o| o.program_type == Some(ProgramType::DBS) && o.status == OrderStatus::DELIVERY);
    let (with, without) = dbs_tracked.fold((0, 0), |(a, b), o| {
        if o.delivery.tracks.is_empty() {
            (a, b + 1)
        } else {
            (a + 1, b)
        }
    });
    assert!(
        with > without && without > 0,
        "{with} with tracks, {without} without"
    );
}
