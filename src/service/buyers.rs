//! DBS buyers, fetched by the syncing process for the orders with an open incident
//! (`getOrderBuyerInfo`), once per order and again when the order changes, within the
//! method's own quota: the name the drafts address, the proxy phone the "buyer
//! unreachable" protocol calls, and `trusted` (the Market checked the buyer: write, do
//! not call).

use chrono::{DateTime, Duration, Utc};
use futures::StreamExt;

use super::store::{Store, StoreGone};
use crate::cache::{BuyerToFetch, CacheError, StoredBuyer};
use crate::market::{MarketClient, MarketError};

/// The method's documented quota: 3,000 requests an hour.
const HOURLY_QUOTA: usize = 3_000;
/// At most this many in one round, so a round stays short and the quota spreads over
/// the hour.
const PER_ROUND: usize = 100;

/// Requests in flight at once: the client's own limit per business.
const IN_FLIGHT: usize = 4;

/// A 4xx about the order itself, not about the key or the pace.
fn refuses_the_order(e: &MarketError) -> bool {
    e.http_status()
        .is_some_and(|s| (400..500).contains(&s) && !matches!(s, 401 | 403 | 420))
}

/// Why the buyers could not be fetched.
#[derive(Debug, thiserror::Error)]
pub enum BuyerError {
    #[error("the buyer of order {order_id}: {source}")]
    Market {
        order_id: i64,
        #[source]
        source: MarketError,
    },
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Store(#[from] StoreGone),
}

/// What one round of buyer fetching did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuyerRound {
    pub fetched: usize,
    /// Answered with a refusal (the order left the statuses that have a buyer, say).
    pub refused: usize,
    /// Left for a later round: the hour's quota is spent.
    pub deferred: usize,
    /// The first buyer that could not be fetched (the others were kept).
    pub failed: Option<String>,
}

/// Fetches the buyers due, within what is left of the hour's quota.
pub async fn sync_buyers(
    client: &MarketClient,
    store: &Store,
    now: DateTime<Utc>,
) -> Result<BuyerRound, BuyerError> {
    let hour_ago = now - Duration::hours(1);
    let (spent, due) = store
        .run(move |c| {
            Ok::<_, CacheError>((
                c.buyers_fetched_since(hour_ago)?,
                c.buyers_to_fetch(PER_ROUND)?,
            ))
        })
        .await??;
    let allowed = HOURLY_QUOTA.saturating_sub(spent).min(due.len());
    let mut round = BuyerRound {
        deferred: due.len() - allowed,
        ..BuyerRound::default()
    };
    // Side by side, up to what the client lets through at once: a round of buyers
    // costs the time of a few requests, not of each in turn.
    let fetched: Vec<Result<(BuyerToFetch, StoredBuyer, bool), BuyerError>> =
        futures::stream::iter(due.into_iter().take(allowed))
            .map(|to| fetch_one(client, to, now))
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
    let mut first_error = None;
    let mut store_these = Vec::new();
    for f in fetched {
        match f {
            Ok((to, stored, ok)) => {
                if ok {
                    round.fetched += 1;
                } else {
                    round.refused += 1;
                }
                store_these.push((to, stored));
            }
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    // What came is kept even when another request failed.
    store
        .run(move |c| {
            store_these
                .iter()
                .try_for_each(|(to, stored)| c.store_buyer(to, stored, now))
        })
        .await??;
    round.failed = first_error.map(|e| e.to_string());
    Ok(round)
}

/// One buyer: stored with `true` when fetched, with `false` when the Market refused
/// for this order.
async fn fetch_one(
    client: &MarketClient,
    to: BuyerToFetch,
    now: DateTime<Utc>,
) -> Result<(BuyerToFetch, StoredBuyer, bool), BuyerError> {
    match client.buyer(to.campaign_id, to.order_id).await {
        Ok(b) => Ok((
            to.clone(),
            StoredBuyer {
                order_id: to.order_id,
                fetched_at: now,
                name: StoredBuyer::full_name(
                    b.first_name.as_deref(),
                    b.middle_name.as_deref(),
                    b.last_name.as_deref(),
                ),
                phone: b.phone,
                trusted: b.trusted,
                error: None,
            },
            true,
        )),
        // A refusal about this order (it left PROCESSING/DELIVERY/PICKUP,
        // it is not DBS after all): remembered, so it is not asked again
        // until the order changes.
        Err(e) if refuses_the_order(&e) => Ok((
            to.clone(),
            StoredBuyer {
                order_id: to.order_id,
                fetched_at: now,
                error: Some(e.to_string()),
                ..StoredBuyer::default()
            },
            false,
        )),
        Err(source) => Err(BuyerError::Market {
            order_id: to.order_id,
            source,
        }),
    }
}
