//! The shop's writes to the simulated Market: each checks the Market's rules
//! (`rules`), then changes the order, stamps `updateDate` with the world's clock and
//! replans what the order does next on its own.

use chrono::Duration;

use crate::market::enums::{BuyerType, OrderStatus, OrderSubstatus};
use crate::market::wire::Track;
use crate::market::wire::chat::Buyer;
use crate::market::wire::legacy::LegacyOrder;
use crate::market::wire::order::Shipment;
use crate::market::wire::write::{
    CancellationAnswer, DeliveryDateRequest, StatusChange, TrackRequest,
};

use super::generate::shipment_id;
use super::lifecycle::{self, Fate, Model, day_start};
use super::rules::{self, bad, not_found};
use super::{Refusal, World, buyer_public_id, legacy};

/// Most orders one shipment transfer may move.
const MAX_TRANSFER: usize = 500;

impl World {
    fn dbs_order(&self, campaign_id: i64, order_id: i64) -> Result<usize, Refusal> {
        let model = self.model_of(campaign_id)?;
        rules::require_model(model, &[Model::Dbs], campaign_id)?;
        self.index_of(campaign_id, order_id)
    }

    pub(super) fn dbs_buyer(&self, campaign_id: i64, order_id: i64) -> Result<Buyer, Refusal> {
        let i = self.dbs_order(campaign_id, order_id)?;
        rules::buyer_visible(&self.orders[i])?;
        let m = &self.metas[i];
        Ok(Buyer {
            id: Some(buyer_public_id(order_id)),
            last_name: Some(m.buyer.last()),
            first_name: Some(m.buyer.first().to_owned()),
            middle_name: Some(m.buyer.middle().to_owned()),
            kind: self.orders[i]
                .buyer_type
                .clone()
                .unwrap_or(BuyerType::PERSON),
            phone: Some(format!("+7{}", m.phone)),
            trusted: Some(m.trusted),
        })
    }

    pub(super) fn write_status(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        change: &StatusChange,
    ) -> Result<LegacyOrder, Refusal> {
        let model = self.model_of(campaign_id)?;
        rules::require_model(
            model,
            &[Model::Fbs, Model::Express, Model::Dbs],
            campaign_id,
        )?;
        let i = self.index_of(campaign_id, order_id)?;
        let real = change.delivery.as_ref().map(|d| d.dates.real_delivery_date);
        let target = rules::status_change(
            model,
            &self.orders[i],
            &change.status,
            change.substatus.as_ref(),
            real,
            self.metas[i].calls_done,
            self.today(),
        )?;
        if let Some((status, substatus)) = target {
            let now = self.now_s();
            let (o, m) = (&mut self.orders[i], &mut self.metas[i]);
            lifecycle::set_status(o, m, (&status, &substatus), now, None, &mut Vec::new());
            if let Some(d) = real {
                o.delivery.dates.real_delivery_date = Some(d);
            }
            self.stamp(i);
        }
        Ok(legacy::legacy(&self.orders[i], &self.metas[i]))
    }

    pub(super) fn write_delivery_date(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        req: &DeliveryDateRequest,
    ) -> Result<(), Refusal> {
        let i = self.dbs_order(campaign_id, order_id)?;
        let new = req.dates.to_date;
        rules::delivery_date(&self.orders[i], self.metas[i].date_moves, new, self.today())?;
        let (o, m) = (&mut self.orders[i], &mut self.metas[i]);
        o.delivery.dates.to_date = Some(new);
        if o.delivery.dates.from_date > new {
            o.delivery.dates.from_date = new;
        }
        // A date the shop sets is a confirmed one.
        if o.delivery.estimated == Some(true) {
            o.delivery.estimated = Some(false);
        }
        m.date_moves += 1;
        // The shop arranged a date it can keep: a delay that was coming is resolved.
        if matches!(
            m.fate,
            Fate::HandsOverLate | Fate::CarrierLate | Fate::Stuck
        ) {
            m.fate = Fate::Normal;
        }
        self.stamp(i);
        Ok(())
    }

    pub(super) fn write_track(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        req: &TrackRequest,
    ) -> Result<(), Refusal> {
        let i = self.dbs_order(campaign_id, order_id)?;
        let service = self
            .services
            .iter()
            .find(|s| s.0 == req.delivery_service_id)
            .map(|s| s.1.clone());
        let used_by = self.tracks.get(&req.track_code).copied();
        rules::track(
            &self.orders[i],
            &req.track_code,
            req.delivery_service_id,
            service.is_some(),
            used_by,
        )?;
        let o = &mut self.orders[i];
        // The new track replaces the old ones (market-api.md §9.8 leaves it open).
        for old in o.delivery.tracks.drain(..) {
            if let Some(code) = old.track_code {
                self.tracks.remove(&code);
            }
        }
        o.delivery.tracks.push(Track {
            track_code: Some(req.track_code.clone()),
            delivery_service_id: req.delivery_service_id,
        });
        o.delivery.delivery_service_id = req.delivery_service_id;
        if let Some(name) = service {
            o.delivery.service_name = name;
        }
        self.tracks.insert(req.track_code.clone(), order_id);
        self.stamp(i);
        Ok(())
    }

    pub(super) fn write_storage_limit(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        new_date: chrono::NaiveDate,
    ) -> Result<(), Refusal> {
        let i = self.dbs_order(campaign_id, order_id)?;
        rules::storage_limit(&self.orders[i], self.metas[i].storage_extended, new_date)?;
        let (o, m) = (&mut self.orders[i], &mut self.metas[i]);
        if let Some(p) = o.delivery.pickup.as_mut() {
            p.outlet_storage_limit_date = Some(new_date);
        }
        m.storage_extended = true;
        // With more time, half of the buyers who would not have come do come.
        if m.fate == Fate::NotCollected && m.rng.chance(0.5) {
            m.fate = Fate::Normal;
        }
        self.stamp(i);
        Ok(())
    }

    pub(super) fn write_cancellation_answer(
        &mut self,
        campaign_id: i64,
        order_id: i64,
        answer: &CancellationAnswer,
    ) -> Result<(), Refusal> {
        let i = self.dbs_order(campaign_id, order_id)?;
        let now = self.now_s();
        rules::cancellation_answer(
            &self.orders[i],
            self.metas[i].cancel_requested_at,
            now,
            answer,
        )?;
        let (o, m) = (&mut self.orders[i], &mut self.metas[i]);
        if answer.accepted {
            let target = (&OrderStatus::CANCELLED, &OrderSubstatus::USER_CHANGED_MIND);
            lifecycle::set_status(o, m, target, now, None, &mut Vec::new());
        } else {
            o.cancel_requested = Some(false);
        }
        m.cancel_requested_at = None;
        self.stamp(i);
        Ok(())
    }

    pub(super) fn write_transfer(
        &mut self,
        campaign_id: i64,
        shipment: i64,
        order_ids: &[i64],
    ) -> Result<(), Refusal> {
        let model = self.model_of(campaign_id)?;
        rules::require_model(model, &[Model::Fbs], campaign_id)?;
        if order_ids.is_empty() || order_ids.len() > MAX_TRANSFER {
            return Err(bad(
                "BAD_REQUEST",
                format!(
                    "orderIds: size must be between 1 and {MAX_TRANSFER}, got {}",
                    order_ids.len()
                ),
            ));
        }
        let known = self.orders.iter().any(|o| {
            o.campaign_id == campaign_id
                && o.delivery.shipment.as_ref().and_then(|s| s.id) == Some(shipment)
        });
        if !known {
            return Err(not_found(format!(
                "Shipment {shipment} not found in campaign {campaign_id}"
            )));
        }
        let now = self.now_s();
        let mut idx = Vec::with_capacity(order_ids.len());
        for &id in order_ids {
            let i = self.index_of(campaign_id, id)?;
            let o = &self.orders[i];
            let forms_at = self.metas[i].ship_at.unwrap_or_else(|| {
                o.delivery
                    .shipment
                    .as_ref()
                    .map_or(0, |s| day_start(s.shipment_date) + 11 * 3600)
            });
            rules::transfer(o, shipment, forms_at, now)?;
            idx.push(i);
        }
        idx.sort_unstable();
        idx.dedup();
        for i in idx {
            let (o, m) = (&mut self.orders[i], &mut self.metas[i]);
            let Some(s) = o.delivery.shipment.as_ref() else {
                continue;
            };
            let next = s.shipment_date + Duration::days(1);
            o.delivery.shipment = Some(Shipment {
                id: Some(shipment_id(campaign_id, next)),
                shipment_date: next,
                shipment_time: s.shipment_time.clone(),
            });
            m.ship_at = m.ship_at.map(|t| t + 86_400);
            let dates = &mut o.delivery.dates;
            dates.from_date += Duration::days(1);
            dates.to_date = dates.to_date.map(|d| d + Duration::days(1));
            self.stamp(i);
        }
        Ok(())
    }
}
