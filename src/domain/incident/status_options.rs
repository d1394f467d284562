//! The Status tab's menu (step 5): the status changes an agent may push for this
//! order's model and state, each prefilled and judged by `checks::check`. Like the
//! reroute menu, changes the rules forbid right now are listed too, unavailable with
//! the check's reasons, so an agent sees why part of the menu is closed. Changes that
//! make no sense for the model at all (the DBS chain for FBS, buyer reasons outside DBS)
//! are not listed.
//!
//! An order already in a final status (DELIVERED, CANCELLED, RETURNED,
//! PARTIALLY_RETURNED) gets the model's whole menu, every entry unavailable with the
//! check's "final status" reason: the tab then says why nothing can be done, instead of
//! showing an empty list the agent has to interpret.

use chrono::{DateTime, NaiveDate, Utc};

use super::checks::{CheckContext, Verdict, WriteAction, check};
use crate::base::lang::Lang;
use crate::base::words::{Msg, fill};
use crate::domain::order::{History, Order};
use crate::market::dates::moscow;
use crate::market::enums::{OrderStatus as S, OrderSubstatus as Sub, ProgramType as M};
use words::words;

/// The DBS chain after PROCESSING, in the order of the Market's diagram, with the
/// substatus the shop sends for each step.
const DBS_CHAIN: [(S, Sub); 3] = [
    (S::DELIVERY, Sub::DELIVERY_SERVICE_RECEIVED),
    (S::PICKUP, Sub::PICKUP_SERVICE_RECEIVED),
    (S::DELIVERED, Sub::DELIVERY_SERVICE_DELIVERED),
];

/// The cancellation reasons a DBS seller may send, in the order offered: its own
/// fault first (the honest default), then buyer unreachable (call protocol), then the
/// buyer's reasons (which need the buyer's request in the chat).
const DBS_CANCEL_REASONS: [Sub; 7] = [
    Sub::SHOP_FAILED,
    Sub::USER_UNREACHABLE,
    Sub::USER_CHANGED_MIND,
    Sub::USER_REFUSED_DELIVERY,
    Sub::USER_REFUSED_PRODUCT,
    Sub::USER_REFUSED_QUALITY,
    Sub::REPLACING_ORDER,
];

/// One status change in the Status tab.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusOption {
    /// The `SetStatus` to send, without a real delivery date (the Market takes the day
    /// the status is set). For a model without writes it only restates the current
    /// status and is never available.
    pub action: WriteAction,
    /// A DBS PICKUP/DELIVERED after the planned day: the agent is asked on which day
    /// it really happened, and an earlier day than today goes as `realDeliveryDate`.
    pub asks_real_date: bool,
    /// The change's name in the tab.
    pub label: Msg,
    /// No blocking reason: the change may be confirmed.
    pub available: bool,
    /// The blocking reasons joined with "; " when not available.
    pub why_not: Option<Msg>,
    /// Allowed, but costs something or needs care (e.g. seller fault).
    pub warnings: Vec<Msg>,
    /// What happens when confirmed, for the confirm dialog.
    pub effect: Msg,
}

impl StatusOption {
    fn from_verdict(action: WriteAction, label: Msg, v: Verdict) -> Self {
        let why_not = (!v.allowed).then(|| Msg::join(&v.blocking));
        StatusOption {
            asks_real_date: false,
            action,
            label,
            available: v.allowed,
            why_not,
            warnings: v.warnings,
            effect: v.effect,
        }
    }
}

/// Every status change for this order's model and state, each with its verdict.
pub fn options(
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
) -> Vec<StatusOption> {
    let option = |status: S, substatus: Sub| {
        let label = Msg::each(|l| label(&status, &substatus, l));
        let asks = real_date(order, &status, now).is_some();
        let action = WriteAction::SetStatus {
            status,
            substatus: Some(substatus),
            real_delivery_date: None,
        };
        let mut v = check(&action, order, history, ctx, now);
        if asks {
            let effect = v.effect;
            v.effect = Msg::each(|l| fill(words(l).asks_real_date, &[("effect", &effect.get(l))]));
        }
        StatusOption {
            asks_real_date: asks,
            ..StatusOption::from_verdict(action, label, v)
        }
    };
    match order.model {
        M::FBS | M::EXPRESS => vec![
            option(S::PROCESSING, Sub::READY_TO_SHIP),
            option(S::CANCELLED, Sub::SHOP_FAILED),
        ],
        M::DBS => {
            let chain = DBS_CHAIN
                .iter()
                .skip(chain_start(&order.status))
                .map(|(s, sub)| option(s.clone(), sub.clone()));
            let cancels = DBS_CANCEL_REASONS
                .iter()
                .map(|sub| option(S::CANCELLED, sub.clone()));
            chain.chain(cancels).collect()
        }
        _ => {
            // The check's model rule says where such orders are handled; the action
            // only restates the current status so nothing meaningful could be sent.
            let action = WriteAction::SetStatus {
                status: order.status.clone(),
                substatus: None,
                real_delivery_date: None,
            };
            let v = check(&action, order, history, ctx, now);
            let label = Msg::each(|l| words(l).market_sets);
            vec![StatusOption::from_verdict(action, label, v)]
        }
    }
}

/// Where the DBS chain menu starts: the steps after the order's current one. A final
/// or off-chain status gets the whole chain, so the check explains what blocks it.
fn chain_start(status: &S) -> usize {
    match status {
        S::DELIVERY => 1,
        S::PICKUP => 2,
        _ => 0,
    }
}

/// Today in Moscow for a DBS PICKUP/DELIVERED set after the planned delivery day,
/// when the Market wants `realDeliveryDate`; otherwise none.
fn real_date(order: &Order, target: &S, now: DateTime<Utc>) -> Option<NaiveDate> {
    let today = now.with_timezone(&moscow()).date_naive();
    let late = order.model == M::DBS
        && matches!(target, S::PICKUP | S::DELIVERED)
        && order.due().is_some_and(|due| due < today);
    late.then_some(today)
}

/// The name of a status change in a language, the Market's value in brackets.
fn label(status: &S, substatus: &Sub, lang: Lang) -> String {
    let w = words(lang);
    let name = match (status, substatus) {
        (S::PROCESSING, Sub::READY_TO_SHIP) => w.ready_to_ship,
        (S::DELIVERY, _) => w.delivery,
        (S::PICKUP, _) => w.pickup,
        (S::DELIVERED, _) => w.delivered,
        (S::CANCELLED, Sub::SHOP_FAILED) => w.cancel_shop_failed,
        (S::CANCELLED, Sub::USER_UNREACHABLE) => w.cancel_unreachable,
        (S::CANCELLED, Sub::USER_CHANGED_MIND) => w.cancel_changed_mind,
        (S::CANCELLED, Sub::USER_REFUSED_DELIVERY) => w.cancel_refused_delivery,
        (S::CANCELLED, Sub::USER_REFUSED_PRODUCT) => w.cancel_refused_product,
        (S::CANCELLED, Sub::USER_REFUSED_QUALITY) => w.cancel_refused_quality,
        (S::CANCELLED, Sub::REPLACING_ORDER) => w.cancel_replacing,
        (S::CANCELLED, _) => w.cancel,
        _ => w.change,
    };
    let code = match status {
        S::PROCESSING | S::CANCELLED => format!("{status}/{substatus}"),
        _ => status.to_string(),
    };
    fill(w.labelled, &[("name", &name), ("code", &code)])
}

#[cfg(test)]
mod tests;
mod words;
