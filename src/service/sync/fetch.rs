//! The async side of a sync: each pass paged through `POST /v1/businesses/{id}/orders`,
//! each order parsed on its own (one that does not parse is skipped and counted), the
//! pages handed to the writer, a failing page tried again when the failure passes.

use std::collections::BTreeMap;
use std::sync::mpsc;

use chrono::{DateTime, Utc};
use tokio::task::JoinSet;

use super::{Batch, Limits, PAGE_LIMIT, PAGE_ROUNDS, Pass, QUOTA_SOON, SyncError};
use crate::domain::order::Order;
use crate::market::client::RateLimitKind;
use crate::market::enums::ProgramType;
use crate::market::paging::PageTrail;
use crate::market::{MarketClient, MarketError};

/// What one pass saw: each business with the latest update among its orders.
pub(super) type Seen = Vec<(i64, DateTime<Utc>)>;

/// Collects the fetchers: the latest update each business's orders showed, and the
/// first error, after which the rest are aborted.
pub(super) async fn join_fetchers(
    mut fetchers: JoinSet<Result<Seen, SyncError>>,
    limits: &mut Limits,
) -> (BTreeMap<i64, DateTime<Utc>>, Option<SyncError>) {
    let mut max_updated: BTreeMap<i64, DateTime<Utc>> = BTreeMap::new();
    let mut first_error = None;
    loop {
        // The deadline and the lease stop the fetchers; the loop then collects them as
        // cancelled, so the writer sees every sender gone and finishes what it has.
        let joined = if first_error.is_some() {
            fetchers.join_next().await
        } else {
            match limits.bound(async { Ok(fetchers.join_next().await) }).await {
                Ok(joined) => joined,
                Err(e) => {
                    first_error = Some(e);
                    fetchers.abort_all();
                    continue;
                }
            }
        };
        let Some(joined) = joined else { break };
        match joined {
            Ok(Ok(seen)) => {
                for (b, t) in seen {
                    let e = max_updated.entry(b).or_insert(t);
                    *e = (*e).max(t);
                }
            }
            Ok(Err(e)) => {
                if first_error.is_none() {
                    first_error = Some(e);
                    fetchers.abort_all();
                }
            }
            Err(join) if join.is_cancelled() => {}
            Err(_) => first_error = first_error.or(Some(SyncError::WriterGone)),
        }
    }
    (max_updated, first_error)
}

/// Pages through one pass, parsing each order on its own: one that does not parse is
/// skipped, counted and logged with its id while the rest goes on. Returns the latest
/// `updateDate` seen per business.
pub(super) async fn fetch_pass(
    client: &MarketClient,
    pass: Pass,
    models: &BTreeMap<i64, (i64, ProgramType)>,
    tx: mpsc::SyncSender<Batch>,
) -> Result<Seen, SyncError> {
    let mut token: Option<String> = None;
    let mut trail = PageTrail::new(format!("POST /v1/businesses/{}/orders", pass.business_id));
    let mut latest: Option<DateTime<Utc>> = None;
    loop {
        let page = fetch_page(client, &pass, token.as_deref()).await?;
        let mut batch = Vec::with_capacity(page.orders.len());
        let mut skipped = 0;
        for read in page.orders {
            match read {
                Ok(o) => {
                    let model = models
                        .get(&o.campaign_id)
                        .map(|(_, m)| m.clone())
                        .unwrap_or(ProgramType::Other(String::new()));
                    let order = Order::from_wire(&o, pass.business_id, model);
                    if let Some(u) = order.updated_at {
                        latest = Some(latest.map_or(u, |l| l.max(u)));
                    }
                    batch.push(order);
                }
                Err(e) => {
                    skipped += 1;
                    tracing::warn!(error = %e, "skipped an order the Market sent in an unexpected shape");
                    eprintln!("skipped: {}", crate::base::text::clean(&e.to_string()));
                }
            }
        }
        let sent = if batch.is_empty() {
            tx.send(Batch::Skipped(skipped))
        } else {
            tx.send(Batch::Orders(batch, skipped))
        };
        if sent.is_err() {
            return Err(SyncError::WriterGone);
        }
        token = trail.next(page.next_page_token)?;
        if token.is_none() {
            break;
        }
    }
    Ok(latest
        .map(|l| vec![(pass.business_id, l)])
        .unwrap_or_default())
}

/// One page, with a few more tries than the client's own when the failure is one that
/// passes (5xx, resets, damaged bodies): a long sync should not die on a bad minute.
pub(super) async fn fetch_page(
    client: &MarketClient,
    pass: &Pass,
    token: Option<&str>,
) -> Result<crate::market::client::OrdersPageRead, MarketError> {
    let mut round = 0;
    loop {
        match client
            .orders_page(pass.business_id, &pass.filter, token, PAGE_LIMIT)
            .await
        {
            Err(e) if worth_another_round(&e) && round < PAGE_ROUNDS => {
                round += 1;
                tracing::warn!(error = %e, round, "page failed; trying it again");
                tokio::time::sleep(std::time::Duration::from_millis(500 * round)).await;
            }
            other => return other,
        }
    }
}

/// Whether a failed page is worth asking for again after the client gave up. Not when
/// the client has already waited all it may: no answer within the timeout (twice), a
/// quota that does not come back within seconds; nor for an answer that would come
/// back as broken again: each of those only stretched a failing sync to many minutes.
pub(super) fn worth_another_round(e: &MarketError) -> bool {
    match e {
        MarketError::Timeout { .. } | MarketError::Broken { .. } => false,
        MarketError::RateLimited {
            kind: RateLimitKind::Quota,
            until,
            ..
        } => until.is_some_and(|u| u - Utc::now() <= QUOTA_SOON),
        other => other.is_retryable(),
    }
}
