//! Returns and non-purchases, kept in the cache by the syncing process: each round
//! reads, per campaign, the returns updated since the last round (a day of overlap; the
//! whole lookback the first time), every page, and stores those of orders the cache
//! holds. A parcel lost on its way back, or waiting at a pickup point near its last day,
//! is then at risk (`return_stuck`), and the report counts what unredeemed parcels cost.

use chrono::{DateTime, Days, NaiveDate, Utc};

use super::store::{Store, StoreGone};
use crate::base::money::Money;
use crate::cache::{CacheError, StoredReturn};
use crate::market::dates::moscow;
use crate::market::paging::PageTrail;
use crate::market::wire::{Return, ReturnsFilter};
use crate::market::{MarketClient, MarketError};

/// Why the returns could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReturnsError {
    #[error("the returns of campaign {campaign_id}: {source}")]
    Market {
        campaign_id: i64,
        #[source]
        source: MarketError,
    },
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Store(#[from] StoreGone),
}

/// What one round of returns did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnsRound {
    /// Returns the Market listed.
    pub listed: usize,
    /// Orders whose returns changed: their risk is assessed again.
    pub orders: Vec<i64>,
}

/// Where a campaign's returns were read up to (a Moscow day).
fn cursor_key(campaign_id: i64) -> String {
    format!("returns_through:{campaign_id}")
}

/// Reads the campaigns' returns changed since the last round into the cache.
pub async fn sync_returns(
    client: &MarketClient,
    store: &Store,
    campaigns: &[i64],
    lookback_days: i64,
    now: DateTime<Utc>,
) -> Result<ReturnsRound, ReturnsError> {
    let today = now.with_timezone(&moscow()).date_naive();
    let mut round = ReturnsRound::default();
    for &campaign_id in campaigns {
        let key = cursor_key(campaign_id);
        let cursor = {
            let key = key.clone();
            store.run(move |c| c.service_state(&key)).await??
        };
        let from = cursor
            .and_then(|d| d.parse::<NaiveDate>().ok())
            .map(|d| d - Days::new(1))
            .unwrap_or(today - Days::new(lookback_days.max(1) as u64));
        let filter = ReturnsFilter {
            from_date: Some(from),
            to_date: Some(today),
            ..ReturnsFilter::default()
        };
        let market = |source| ReturnsError::Market {
            campaign_id,
            source,
        };
        let mut trail = PageTrail::new(format!("GET /v2/campaigns/{campaign_id}/returns"));
        let mut token: Option<String> = None;
        loop {
            let page = client
                .returns(campaign_id, &filter, token.as_deref())
                .await
                .map_err(market)?;
            round.listed += page.returns.len();
            let stored: Vec<StoredReturn> = page
                .returns
                .iter()
                .map(|r| stored(r, campaign_id))
                .collect();
            let changed = store.run(move |c| c.store_returns(&stored, now)).await??;
            for id in changed {
                if !round.orders.contains(&id) {
                    round.orders.push(id);
                }
            }
            token = trail.next(page.next_page_token).map_err(market)?;
            if token.is_none() {
                break;
            }
        }
        // Only a campaign read to its last page moves on.
        let day = today.to_string();
        store
            .run(move |c| c.set_service_state(&key, &day))
            .await??;
    }
    Ok(round)
}

/// The cache's view of one return from the Market.
fn stored(r: &Return, campaign_id: i64) -> StoredReturn {
    StoredReturn {
        return_id: r.id,
        order_id: r.order_id,
        campaign_id,
        kind: r.return_type.clone(),
        shipment_status: r.shipment_status.clone(),
        refund_status: r.refund_status.clone(),
        pickup_till: r.pickup_till_date.map(|t| t.to_utc()),
        amount: r
            .amount
            .as_ref()
            .map(|a| a.value)
            .or_else(|| r.refund_amount.map(Money::from_kopecks)),
        created_at: r.creation_date.map(|t| t.to_utc()),
        updated_at: r.update_date.map(|t| t.to_utc()),
    }
}
