//! Reading a page of `POST /v1/businesses/{businessId}/orders`: in one pass over the
//! body when every order in it is well formed (the usual case), else order by order, so
//! one order in an unexpected shape costs itself and not the page.

use serde_json::value::RawValue;

use super::super::error::MarketError;
use super::super::wire::BusinessOrder;
use super::super::wire::order::RawOrdersAnswer;

/// One page of v1 business orders, each read on its own: one that does not parse is an
/// error of its own (naming its id when it can) while the others are read.
#[derive(Debug)]
pub struct OrdersPageRead {
    /// Up to 50 orders, in the Market's order.
    pub orders: Vec<Result<BusinessOrder, MarketError>>,
    /// The token of the next page; `None` on the last page.
    pub next_page_token: Option<String>,
}

/// A page of orders as it comes when every order in it is well formed: read in one
/// pass over the body.
#[derive(serde::Deserialize)]
struct WholeOrdersAnswer {
    #[serde(default)]
    orders: Option<Vec<BusinessOrder>>,
    #[serde(default)]
    paging: Option<super::super::wire::Paging>,
}

/// Reads an orders page: in one pass when it is whole (the usual case), else order by
/// order from their JSON, so one broken order does not cost the page.
/// The orders of a page, each read or not (`None`: the page had no list), and the
/// token of the next one.
type OrdersAnswer = (
    Option<Vec<Result<BusinessOrder, MarketError>>>,
    Option<String>,
);

pub(super) fn orders_answer(b: &[u8]) -> Result<OrdersAnswer, serde_json::Error> {
    // UTF-8 checked once for the body, not again for each string in it.
    let whole = match std::str::from_utf8(b) {
        Ok(text) => serde_json::from_str::<WholeOrdersAnswer>(text),
        Err(_) => serde_json::from_slice::<WholeOrdersAnswer>(b),
    };
    if let Ok(whole) = whole {
        return Ok((
            whole.orders.map(|o| o.into_iter().map(Ok).collect()),
            whole.paging.and_then(|p| p.next_page_token),
        ));
    }
    let page: RawOrdersAnswer = serde_json::from_slice(b)?;
    Ok((
        page.orders
            .map(|o| o.iter().map(|raw| parse_order(raw)).collect()),
        page.paging.and_then(|p| p.next_page_token),
    ))
}

/// Reads one order of a `RawOrdersPage`. The error names the order id when the JSON
/// has a readable `orderId`, so a skipped order can be reported.
pub fn parse_order(raw: &RawValue) -> Result<BusinessOrder, MarketError> {
    serde_json::from_str::<BusinessOrder>(raw.get()).map_err(|e| {
        #[derive(serde::Deserialize)]
        struct IdOnly {
            #[serde(rename = "orderId")]
            order_id: Option<i64>,
        }
        let order_id = serde_json::from_str::<IdOnly>(raw.get())
            .ok()
            .and_then(|o| o.order_id);
        MarketError::BadOrder {
            order_id,
            detail: e.to_string(),
        }
    })
}
