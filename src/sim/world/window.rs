//! The time window of an orders query (`POST /v1/businesses/{businessId}/orders`):
//! the limits of `GetBusinessOrdersRequest` and the defaults of its dates
//! (`OrderDatesFilterDTO`), resolved to bounds the orders are matched against.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use crate::market::wire::order::OrdersFilter;

use super::Refusal;
use super::lifecycle::{day_start, msk_date};
use super::rules::bad;

/// The longest span a date filter may cover, in days.
const MAX_PERIOD_DAYS: i64 = 30;
/// At most this many ids in `orderIds` / `campaignIds`.
const MAX_IDS: usize = 50;

/// The time bounds of an orders query, in unix seconds (From inclusive, To exclusive).
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Window {
    pub created: (Option<i64>, Option<i64>),
    pub shipment: (Option<NaiveDate>, Option<NaiveDate>),
    pub updated: (Option<i64>, Option<i64>),
}

fn too_long() -> Refusal {
    bad(
        "BAD_REQUEST",
        format!("Too long time period. Maximum is '{MAX_PERIOD_DAYS}' days"),
    )
}

/// A day range a client sent (From inclusive, To exclusive). As `OrderDatesFilterDTO`
/// says of both creation and shipment days, a range under a day is widened to one.
fn day_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
    names: (&str, &str),
) -> Result<(Option<NaiveDate>, Option<NaiveDate>), Refusal> {
    let max = Duration::days(MAX_PERIOD_DAYS);
    match (from, to) {
        (Some(f), Some(t)) if f > t => Err(bad(
            "BAD_REQUEST",
            format!("{} {f} is after {} {t}", names.0, names.1),
        )),
        (Some(f), Some(t)) if t - f > max => Err(too_long()),
        (Some(f), Some(t)) if f == t => Ok((Some(f), Some(f + Duration::days(1)))),
        // A From without To runs to now (today included).
        (Some(f), None) if today + Duration::days(1) - f > max => Err(too_long()),
        // A To without From covers the longest period allowed before it.
        (None, Some(t)) => Ok((Some(t - max), Some(t))),
        _ => Ok((from, to)),
    }
}

/// The creation days of an orders query, with the defaults of `OrderDatesFilterDTO`:
/// `creationDateFrom` is 30 days before today and `creationDateTo` is today, whatever
/// else the filter holds (an update or shipment window does not lift them), and a range
/// under a day is widened to one. The spec does not say whether a defaulted To keeps
/// today's orders; "the last 30 days" of the method's description says it does, so here
/// it reaches through today. A From more than 30 days back, or a To before the default
/// From, is refused rather than read as some other window.
fn creation_days(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), Refusal> {
    let max = Duration::days(MAX_PERIOD_DAYS);
    let default_from = today - max;
    let (from, to) = match (from, to) {
        (Some(f), Some(t)) => {
            if f > t {
                return Err(bad(
                    "BAD_REQUEST",
                    format!("creationDateFrom {f} is after creationDateTo {t}"),
                ));
            }
            if t - f > max {
                return Err(too_long());
            }
            (f, t)
        }
        (Some(f), None) if f < default_from => return Err(too_long()),
        (Some(f), None) => (f, today + Duration::days(1)),
        (None, Some(t)) if t < default_from => {
            return Err(bad(
                "BAD_REQUEST",
                format!(
                    "creationDateTo {t} is before creationDateFrom, which is {default_from} \
                     (30 days ago) when not sent: send creationDateFrom too"
                ),
            ));
        }
        (None, Some(t)) => (default_from, t),
        (None, None) => (default_from, today + Duration::days(1)),
    };
    Ok((from, to.max(from + Duration::days(1))))
}

/// Validates the limits of `GetBusinessOrdersRequest` and resolves its time window.
/// Creation days always have one (see `creation_days`), except for a query by
/// `orderIds` that names no creation day: the spec is silent there, and an order asked
/// for by id is found whatever its age (as the legacy method's `orderIds`, which takes no
/// other filter, does).
pub(super) fn orders_window(f: &OrdersFilter, now: DateTime<Utc>) -> Result<Window, Refusal> {
    if f.order_ids.len() > MAX_IDS {
        return Err(bad(
            "BAD_REQUEST",
            format!(
                "orderIds: size must be between 0 and {MAX_IDS}, got {}",
                f.order_ids.len()
            ),
        ));
    }
    if f.campaign_ids.len() > MAX_IDS {
        return Err(bad(
            "BAD_REQUEST",
            format!(
                "campaignIds: size must be between 0 and {MAX_IDS}, got {}",
                f.campaign_ids.len()
            ),
        ));
    }
    let now_s = now.timestamp();
    let today = msk_date(now_s);
    let d = f.dates.clone().unwrap_or_default();
    let by_id_only =
        !f.order_ids.is_empty() && d.creation_date_from.is_none() && d.creation_date_to.is_none();
    let created = if by_id_only {
        (None, None)
    } else {
        let (from, to) = creation_days(d.creation_date_from, d.creation_date_to, today)?;
        (Some(day_start(from)), Some(day_start(to)))
    };
    let shipment = day_range(
        d.shipment_date_from,
        d.shipment_date_to,
        today,
        ("shipmentDateFrom", "shipmentDateTo"),
    )?;
    let max = MAX_PERIOD_DAYS * 86_400;
    let ts = |t: Option<DateTime<FixedOffset>>| t.map(|t| t.timestamp());
    let updated = match (ts(d.update_date_from), ts(d.update_date_to)) {
        (Some(f), Some(t)) if f > t => {
            return Err(bad("BAD_REQUEST", "updateDateFrom is after updateDateTo"));
        }
        (Some(f), Some(t)) if t - f > max => return Err(too_long()),
        (Some(f), None) if now_s - f > max => return Err(too_long()),
        (None, Some(t)) => (Some(t - max), Some(t)),
        other => other,
    };
    Ok(Window {
        created,
        shipment,
        updated,
    })
}

#[cfg(test)]
mod tests;
