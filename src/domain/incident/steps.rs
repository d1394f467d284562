//! The seven steps of resolving an incident (the seller FAQ's backbone), the state each
//! step is in, the root-cause codes an incident closes with and who owns each cause.
//! The cache stores the step states as a JSON map step id → [`StepState`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::base::words::{Msg, fill};
use crate::domain::order::Order;
use crate::market::enums::{OrderStatus as S, OrderSubstatus as Sub, ProgramType};

/// One step of the workflow, numbered 1..=7 as in the product brief.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    #[default]
    Verify = 1,
    Notify = 2,
    Reroute = 3,
    Compensate = 4,
    UpdateMarket = 5,
    RuleCheck = 6,
    Analyse = 7,
}

impl Step {
    /// All steps, in order.
    pub const ALL: [Step; 7] = [
        Step::Verify,
        Step::Notify,
        Step::Reroute,
        Step::Compensate,
        Step::UpdateMarket,
        Step::RuleCheck,
        Step::Analyse,
    ];

    /// The stable id used in the cache and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Step::Verify => "verify",
            Step::Notify => "notify",
            Step::Reroute => "reroute",
            Step::Compensate => "compensate",
            Step::UpdateMarket => "update_market",
            Step::RuleCheck => "rule_check",
            Step::Analyse => "analyse",
        }
    }

    /// The step with this id.
    pub fn from_id(id: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.id() == id)
    }

    /// 1..=7.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The step with this number (the cache's `incidents.step`).
    pub fn from_number(n: i64) -> Option<Step> {
        Step::ALL.into_iter().find(|s| i64::from(s.number()) == n)
    }

    /// The step after this one; `None` after the last.
    pub fn next(self) -> Option<Step> {
        Step::from_number(i64::from(self.number()) + 1)
    }

    /// The step's title for the checklist.
    pub fn title(self) -> Msg {
        Msg::each(|l| words(l).step_titles[usize::from(self.number()) - 1])
    }

    /// Whether an agent may skip the step with a reason. Verifying is always possible
    /// and closing always needs the analysis, so those two never are.
    pub fn can_skip(self) -> bool {
        !matches!(self, Step::Verify | Step::Analyse)
    }
}

/// Where one step stands. Absent from the map means "not started".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StepState {
    pub done: bool,
    /// What came of it, in the agent's words ("carrier: parcel found, ETA Friday").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Why the step was skipped; `Some` means skipped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
    /// The Unix user who settled it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

impl StepState {
    /// Done or skipped: nothing left to do on this step.
    pub fn is_settled(&self) -> bool {
        self.done || self.skipped.is_some()
    }
}

/// The states of an incident's steps, keyed by step.
pub type StepStates = BTreeMap<Step, StepState>;

/// The step an incident is at: the first not settled, or the last once all are.
pub fn at(states: &StepStates) -> Step {
    current(states).unwrap_or(Step::Analyse)
}

/// Reads the cache's JSON map. Ids this build does not know (a newer version wrote
/// them) are dropped rather than failing, so an old binary can still open the incident.
pub fn states_from_json(json: &str) -> Result<StepStates, String> {
    let raw: BTreeMap<String, StepState> =
        serde_json::from_str(json).map_err(|e| format!("step states are not valid JSON: {e}"))?;
    Ok(raw
        .into_iter()
        .filter_map(|(k, v)| Step::from_id(&k).map(|s| (s, v)))
        .collect())
}

/// The JSON map the cache stores.
pub fn states_to_json(states: &StepStates) -> String {
    let raw: BTreeMap<&str, &StepState> = states.iter().map(|(k, v)| (k.id(), v)).collect();
    serde_json::to_string(&raw).unwrap_or_else(|_| "{}".to_owned())
}

/// Marks a step done by `by` at `now`, with what came of it.
pub fn complete(
    states: &mut StepStates,
    step: Step,
    outcome: Option<String>,
    by: &str,
    now: DateTime<Utc>,
) {
    states.insert(
        step,
        StepState {
            done: true,
            outcome: outcome.filter(|o| !o.trim().is_empty()),
            skipped: None,
            at: Some(now),
            by: Some(by.to_owned()),
        },
    );
}

/// Why `step` may not be skipped: said by the rule and, before a reason is typed, by
/// the dashboard.
pub fn cannot_skip(step: Step) -> Msg {
    Msg::each(|l| fill(words(l).not_skippable, &[("step", &step.title().get(l))]))
}

/// Skips a step with a reason. Refused for a step that cannot be skipped and without a
/// reason: a skip nobody explained is indistinguishable from a forgotten step.
pub fn skip(
    states: &mut StepStates,
    step: Step,
    reason: &str,
    by: &str,
    now: DateTime<Utc>,
) -> Result<(), Msg> {
    if !step.can_skip() {
        return Err(cannot_skip(step));
    }
    if reason.trim().is_empty() {
        return Err(Msg::each(|l| words(l).say_why_skipped));
    }
    states.insert(
        step,
        StepState {
            done: false,
            outcome: None,
            skipped: Some(reason.trim().to_owned()),
            at: Some(now),
            by: Some(by.to_owned()),
        },
    );
    Ok(())
}

/// The first step not yet done or skipped; `None` when every step is settled.
pub fn current(states: &StepStates) -> Option<Step> {
    Step::ALL
        .into_iter()
        .find(|s| !states.get(s).is_some_and(StepState::is_settled))
}

/// A skip reason to suggest for this step of this order, when the step plainly does
/// not apply. The agent still confirms it: a suggestion is never applied silently.
pub fn suggested_skip(step: Step, order: &Order) -> Option<Msg> {
    let closed = matches!(order.status, S::CANCELLED | S::DELIVERED);
    match step {
        Step::Reroute if order.model == ProgramType::FBY => {
            Some(Msg::each(|l| words(l).fby_no_reroute))
        }
        Step::Reroute if closed => Some(Msg::each(|l| {
            fill(words(l).nothing_to_reroute, &[("status", &order.status)])
        })),
        Step::UpdateMarket if order.model == ProgramType::FBY => {
            Some(Msg::each(|l| words(l).fby_no_writes))
        }
        Step::UpdateMarket if closed => Some(Msg::each(|l| {
            fill(words(l).nothing_to_update, &[("status", &order.status)])
        })),
        _ => None,
    }
}

/// Who is at fault for a root cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultOwner {
    Seller,
    Carrier,
    Buyer,
    Marketplace,
    None,
}

impl FaultOwner {
    /// The stable id stored in `incidents.fault_owner` and used by reports.
    pub fn id(self) -> &'static str {
        match self {
            FaultOwner::Seller => "seller",
            FaultOwner::Carrier => "carrier",
            FaultOwner::Buyer => "buyer",
            FaultOwner::Marketplace => "marketplace",
            FaultOwner::None => "none",
        }
    }

    /// The owner with this id.
    pub fn from_id(id: &str) -> Option<FaultOwner> {
        [
            FaultOwner::Seller,
            FaultOwner::Carrier,
            FaultOwner::Buyer,
            FaultOwner::Marketplace,
            FaultOwner::None,
        ]
        .into_iter()
        .find(|o| o.id() == id)
    }

    /// Whose fault it is, as a closed incident says it ("carrier's fault").
    pub fn fault(self) -> Msg {
        Msg::each(|l| self.pick(&words(l).faults))
    }

    /// The owner's name for screens and reports.
    pub fn label(self) -> Msg {
        Msg::each(|l| self.pick(&words(l).owners))
    }

    /// This owner's text among one per owner.
    fn pick(self, texts: &OwnerWords) -> &'static str {
        match self {
            FaultOwner::Seller => texts.seller,
            FaultOwner::Carrier => texts.carrier,
            FaultOwner::Buyer => texts.buyer,
            FaultOwner::Marketplace => texts.market,
            FaultOwner::None => texts.none,
        }
    }
}

/// Declares the root causes with their stable ids and owners.
macro_rules! root_causes {
    ($($variant:ident = $id:literal, $owner:ident;)+) => {
        /// Why an incident happened: the code it closes with (step 7).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum RootCause { $($variant),+ }

        impl RootCause {
            /// Every code, in the product brief's order.
            pub const ALL: &'static [RootCause] = &[$(RootCause::$variant),+];

            /// The stable id stored in `incidents.root_cause` and used by reports.
            pub fn id(self) -> &'static str {
                match self { $(RootCause::$variant => $id),+ }
            }

            /// The code with this id.
            pub fn from_id(id: &str) -> Option<RootCause> {
                match id { $($id => Some(RootCause::$variant),)+ _ => None }
            }

            /// Who is at fault. Where the brief names two owners, the one a report
            /// should count is chosen here and [`RootCause::owner_note`] says so.
            pub fn owner(self) -> FaultOwner {
                match self { $(RootCause::$variant => FaultOwner::$owner),+ }
            }

            /// The code's name for the closing dialog.
            pub fn label(self) -> Msg {
                Msg::each(|l| words(l).causes[self as usize])
            }
        }
    };
}

root_causes! {
    Stock = "stock", Seller;
    Picking = "picking", Seller;
    Label = "label", Seller;
    MissedHandover = "missed_handover", Seller;
    UnrealisticPromise = "unrealistic_promise", Seller;
    LateStatus = "late_status", Seller;
    BadData = "bad_data", Seller;
    CarrierDelay = "carrier_delay", Carrier;
    Lost = "lost", Carrier;
    Damaged = "damaged", Carrier;
    Misrouted = "misrouted", Carrier;
    CourierNoShow = "courier_no_show", Carrier;
    BuyerUnreachable = "buyer_unreachable", Buyer;
    Address = "address", Buyer;
    BuyerRescheduled = "buyer_rescheduled", Buyer;
    Refused = "refused", Buyer;
    Marketplace = "marketplace", Marketplace;
    External = "external", None;
}

impl RootCause {
    /// For the codes the brief gives two owners: which one we count, and what the
    /// agent should write down so a report reader can tell the cases apart.
    pub fn owner_note(self) -> Option<Msg> {
        match self {
            RootCause::BadData => Some(Msg::each(|l| words(l).bad_data_owner)),
            RootCause::Lost => Some(Msg::each(|l| words(l).lost_owner)),
            _ => None,
        }
    }

    /// The cause the order's own substatus points at, to preselect in the closing
    /// dialog. A hint only: the agent knows more than the substatus.
    pub fn suggest(order: &Order) -> Option<RootCause> {
        if order.items_lost {
            return Some(RootCause::Lost);
        }
        Some(match order.substatus {
            Sub::SHOP_FAILED | Sub::MISSING_ITEM | Sub::WAITING_FOR_STOCKS => RootCause::Stock,
            Sub::WRONG_ITEM | Sub::WRONG_ITEM_DELIVERED => RootCause::Picking,
            Sub::COURIER_NOT_COME_FOR_ORDER => RootCause::MissedHandover,
            Sub::TOO_MANY_DELIVERY_DATE_CHANGES | Sub::TOO_LONG_DELIVERY => {
                RootCause::UnrealisticPromise
            }
            Sub::INAPPROPRIATE_WEIGHT_SIZE | Sub::INCOMPLETE_CONTACT_INFORMATION => {
                RootCause::BadData
            }
            Sub::DELIVERY_SERVICE_LOST
            | Sub::SORTING_CENTER_LOST
            | Sub::DROPOFF_LOST
            | Sub::LOST => RootCause::Lost,
            Sub::DAMAGED_BOX | Sub::BROKEN_ITEM => RootCause::Damaged,
            Sub::SHIPPED_TO_WRONG_DELIVERY_SERVICE
            | Sub::PICKUP_POINT_CLOSED
            | Sub::DROPOFF_CLOSED => RootCause::Misrouted,
            Sub::COURIER_NOT_FOUND
            | Sub::CANCELLED_COURIER_NOT_FOUND
            | Sub::COURIER_NOT_DELIVER_ORDER => RootCause::CourierNoShow,
            Sub::USER_UNREACHABLE => RootCause::BuyerUnreachable,
            Sub::USER_WANTS_TO_CHANGE_ADDRESS => RootCause::Address,
            Sub::USER_WANTS_TO_CHANGE_DELIVERY_DATE => RootCause::BuyerRescheduled,
            Sub::USER_REFUSED_DELIVERY
            | Sub::USER_REFUSED_PRODUCT
            | Sub::USER_REFUSED_QUALITY
            | Sub::PICKUP_EXPIRED => RootCause::Refused,
            Sub::TECHNICAL_ERROR | Sub::SERVICE_FAULT | Sub::DELIVERY_NOT_MANAGED_REGION => {
                RootCause::Marketplace
            }
            _ => return None,
        })
    }
}

/// Whether an incident may close: only with a root cause, so step 7's reports never
/// have a hole.
pub fn can_close(root_cause: Option<RootCause>) -> Result<(), Msg> {
    match root_cause {
        Some(_) => Ok(()),
        None => Err(Msg::each(|l| words(l).choose_cause)),
    }
}

#[cfg(test)]
mod tests;
mod words;
use words::{OwnerWords, words};
