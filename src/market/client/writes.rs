//! The Market's writes this tool makes: an order's status (one or in batches of 30),
//! its delivery date, track, storage limit, the answer to a cancellation request, the
//! hand-over to another carrier; and the list of delivery services to choose from.

use bytes::Bytes;
use chrono::NaiveDate;
use reqwest::Method;

use super::{BATCH_STATUS_MAX, MarketClient, ack, bare, body, enveloped};
use crate::market::error::MarketError;
use crate::market::pace::PaceKey;
use crate::market::transport::Call;
use crate::market::wire::service::DeliveryServicesResponse;
use crate::market::wire::write::{
    BatchStatusItem, BatchStatusOutcome, BatchStatusRequest, BatchStatusResult, CancellationAnswer,
    DeliveryDateRequest, StatusChange, StatusChangeRequest, StorageLimitRequest, TrackRequest,
    TransferRequest,
};
use crate::market::wire::{LegacyOrder, OrderEnvelope};

impl MarketClient {
    /// `PUT /v2/campaigns/{campaignId}/orders/{orderId}/status`: the order as it is
    /// after the change (legacy `OrderDTO`, `DD-MM-YYYY` dates).
    pub async fn set_status(
        &self,
        campaign_id: i64,
        order_id: i64,
        change: &StatusChange,
    ) -> Result<LegacyOrder, MarketError> {
        let mut call = self.campaign_call(
            Method::PUT,
            "PUT /v2/campaigns/{campaignId}/orders/{orderId}/status",
            format!("/v2/campaigns/{campaign_id}/orders/{order_id}/status"),
            campaign_id,
        );
        call.body = body(&StatusChangeRequest {
            order: change.clone(),
        });
        let answer: OrderEnvelope = self.t.execute(&call, bare).await?;
        Ok(answer.order)
    }

    /// `POST /v2/campaigns/{campaignId}/orders/status-update`: the per-order outcomes,
    /// in order. More than 30 orders go in several requests; a failure of one order
    /// comes back as its outcome, not as an error.
    pub async fn set_statuses(
        &self,
        campaign_id: i64,
        items: &[BatchStatusItem],
    ) -> Result<Vec<BatchStatusOutcome>, MarketError> {
        let mut all = Vec::with_capacity(items.len());
        for chunk in items.chunks(BATCH_STATUS_MAX) {
            let mut call = self.campaign_call(
                Method::POST,
                "POST /v2/campaigns/{campaignId}/orders/status-update",
                format!("/v2/campaigns/{campaign_id}/orders/status-update"),
                campaign_id,
            );
            call.body = body(&BatchStatusRequest {
                orders: chunk.to_vec(),
            });
            let result: BatchStatusResult = self.t.execute(&call, enveloped).await?;
            all.extend(result.orders);
        }
        Ok(all)
    }

    /// `PUT /v2/campaigns/{campaignId}/orders/{orderId}/delivery/date` (DBS).
    pub async fn set_delivery_date(
        &self,
        campaign_id: i64,
        order_id: i64,
        request: &DeliveryDateRequest,
    ) -> Result<(), MarketError> {
        self.campaign_write(
            Method::PUT,
            "PUT /v2/campaigns/{campaignId}/orders/{orderId}/delivery/date",
            format!("/v2/campaigns/{campaign_id}/orders/{order_id}/delivery/date"),
            campaign_id,
            body(request),
        )
        .await
    }

    /// `POST /v2/campaigns/{campaignId}/orders/{orderId}/delivery/track` (DBS): the
    /// track code and carrier.
    pub async fn set_track(
        &self,
        campaign_id: i64,
        order_id: i64,
        request: &TrackRequest,
    ) -> Result<(), MarketError> {
        self.campaign_write(
            Method::POST,
            "POST /v2/campaigns/{campaignId}/orders/{orderId}/delivery/track",
            format!("/v2/campaigns/{campaign_id}/orders/{order_id}/delivery/track"),
            campaign_id,
            body(request),
        )
        .await
    }

    /// `PUT /v2/campaigns/{campaignId}/orders/{orderId}/delivery/storage-limit` (DBS):
    /// keep the order at the pickup point until `new_date`.
    pub async fn set_storage_limit(
        &self,
        campaign_id: i64,
        order_id: i64,
        new_date: NaiveDate,
    ) -> Result<(), MarketError> {
        self.campaign_write(
            Method::PUT,
            "PUT /v2/campaigns/{campaignId}/orders/{orderId}/delivery/storage-limit",
            format!("/v2/campaigns/{campaign_id}/orders/{order_id}/delivery/storage-limit"),
            campaign_id,
            body(&StorageLimitRequest { new_date }),
        )
        .await
    }

    /// `PUT /v2/campaigns/{campaignId}/orders/{orderId}/cancellation/accept` (DBS):
    /// the answer to a buyer's cancellation request.
    pub async fn answer_cancellation(
        &self,
        campaign_id: i64,
        order_id: i64,
        answer: &CancellationAnswer,
    ) -> Result<(), MarketError> {
        self.campaign_write(
            Method::PUT,
            "PUT /v2/campaigns/{campaignId}/orders/{orderId}/cancellation/accept",
            format!("/v2/campaigns/{campaign_id}/orders/{order_id}/cancellation/accept"),
            campaign_id,
            body(answer),
        )
        .await
    }

    /// `POST /v2/campaigns/{campaignId}/first-mile/shipments/{shipmentId}/orders/transfer`
    /// (FBS): move orders to the next shipment. All or none are moved.
    pub async fn transfer_orders(
        &self,
        campaign_id: i64,
        shipment_id: i64,
        order_ids: &[i64],
    ) -> Result<(), MarketError> {
        self.campaign_write(
            Method::POST,
            "POST /v2/campaigns/{campaignId}/first-mile/shipments/{shipmentId}/orders/transfer",
            format!(
                "/v2/campaigns/{campaign_id}/first-mile/shipments/{shipment_id}/orders/transfer"
            ),
            campaign_id,
            body(&TransferRequest {
                order_ids: order_ids.to_vec(),
            }),
        )
        .await
    }

    /// `GET /v2/delivery/services`: the carriers, as (id, name).
    pub async fn delivery_services(&self) -> Result<Vec<(i64, String)>, MarketError> {
        let call = Call::new(
            Method::GET,
            "GET /v2/delivery/services",
            "/v2/delivery/services".into(),
            PaceKey::Cabinet,
        );
        let list: DeliveryServicesResponse = self.t.execute(&call, bare).await?;
        Ok(list
            .result
            .delivery_service
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect())
    }

    /// A campaign-scoped write answered by `{"status":"OK"}`.
    async fn campaign_write(
        &self,
        method: Method,
        resource: &'static str,
        path: String,
        campaign_id: i64,
        request: Option<Bytes>,
    ) -> Result<(), MarketError> {
        let mut call = self.campaign_call(method, resource, path, campaign_id);
        call.body = request;
        self.t.execute(&call, ack).await
    }
}
