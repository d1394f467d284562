//! The rule check that runs before every write to the Market (step 6). Pure: the
//! action, the order, what we observed, the context and `now` in; a verdict out that
//! blocks what the Market forbids or would refuse, warns what costs quality index, and
//! states the effect for the confirm dialog. The rules are `market-api.md` §5 and §8
//! and `domain-anchors.md` B3–B6.

mod delivery;
mod status;
mod words;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::compensation::CarrierContact;
use super::lint::{LintOptions, lint_with};
use crate::base::lang::Lang;
use crate::base::words::{Msg, fill};
use crate::domain::order::{History, Order};
use crate::domain::risk::Thresholds;
use crate::domain::write::WriteKind;
use crate::market::dates::moscow;
use crate::market::enums::{
    CancellationRejectReason, DeliveryDateReason, OrderStatus as S, OrderSubstatus as Sub,
    ProgramType as M,
};
use crate::market::wire::write::{
    CancellationAnswer, DeliveryDateChange, DeliveryDateRequest, StatusChange, StatusChangeDates,
    StatusChangeDelivery, TrackRequest,
};
use words::{CheckWords, words};

/// A write to the Market an agent wants to make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "write", rename_all = "snake_case")]
pub enum WriteAction {
    /// `PUT …/status`. `real_delivery_date` only for DBS PICKUP/DELIVERED set late.
    SetStatus {
        status: S,
        substatus: Option<Sub>,
        real_delivery_date: Option<NaiveDate>,
    },
    /// `PUT …/delivery/date` (DBS). The reason is optional here so a missing one is
    /// reported, not unrepresentable.
    MoveDeliveryDate {
        reason: Option<DeliveryDateReason>,
        new_date: NaiveDate,
    },
    /// `POST …/delivery/track` (DBS): the only way to record another carrier.
    SetTrack { carrier_id: i64, track: String },
    /// `PUT …/delivery/storage-limit` (DBS).
    ExtendStorage { new_date: NaiveDate },
    /// `PUT …/cancellation/accept` (DBS).
    AnswerCancellation {
        accept: bool,
        reason: Option<CancellationRejectReason>,
    },
    /// `POST …/first-mile/shipments/{id}/orders/transfer` (FBS).
    TransferToNextShipment,
    /// A message in the order's chat.
    ChatMessage { text: String },
}

impl WriteAction {
    /// The outbox write that carries this action out, in the Market's own request
    /// shape, for the outbox row of order `order_id`. `None` while the action is incomplete: a date move without a reason, a
    /// refusal without one, a transfer without its shipment id. Check first: this
    /// only converts.
    pub fn to_write(&self, order_id: i64, shipment_id: Option<i64>) -> Option<WriteKind> {
        Some(match self {
            WriteAction::SetStatus {
                status,
                substatus,
                real_delivery_date,
            } => WriteKind::Status(StatusChange {
                status: status.clone(),
                substatus: substatus.clone(),
                delivery: real_delivery_date.map(|d| StatusChangeDelivery {
                    dates: StatusChangeDates {
                        real_delivery_date: d,
                    },
                }),
            }),
            WriteAction::MoveDeliveryDate { reason, new_date } => {
                WriteKind::DeliveryDate(DeliveryDateRequest {
                    dates: DeliveryDateChange { to_date: *new_date },
                    reason: reason.clone()?,
                })
            }
            WriteAction::SetTrack { carrier_id, track } => WriteKind::Track(TrackRequest {
                track_code: track.trim().to_owned(),
                delivery_service_id: *carrier_id,
            }),
            WriteAction::ExtendStorage { new_date } => WriteKind::storage_limit(*new_date),
            WriteAction::AnswerCancellation { accept, reason } => {
                if !accept && reason.is_none() {
                    return None;
                }
                WriteKind::CancellationAnswer(CancellationAnswer {
                    accepted: *accept,
                    reason: if *accept { None } else { reason.clone() },
                })
            }
            WriteAction::TransferToNextShipment => WriteKind::Transfer {
                shipment_id: shipment_id?,
                order_ids: vec![order_id],
            },
            WriteAction::ChatMessage { text } => WriteKind::ChatMessage { text: text.clone() },
        })
    }
}

/// The date-move budget (config `[incident.date_budget]`). The Market does not
/// publish its limits; third-party sources say 3 moves of at most +3 days each.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DateBudget {
    /// Moves allowed per order; the next one is blocked when they are used up.
    pub max_moves: u32,
    /// A single move further than this is warned about (the Market may refuse it).
    pub max_step_days: i64,
    /// Total shift that blocks further moves; none by default (only warned, at the
    /// risk rule's `date_shift_days`).
    pub max_shift_days: Option<i64>,
}

impl Default for DateBudget {
    fn default() -> Self {
        DateBudget {
            max_moves: 3,
            max_step_days: 3,
            max_shift_days: None,
        }
    }
}

impl DateBudget {
    /// Checks the values.
    pub fn validate(&self) -> Result<(), String> {
        if !(1..=20).contains(&self.max_moves) {
            return Err(format!(
                "max_moves {} is out of range 1..=20",
                self.max_moves
            ));
        }
        if !(1..=365).contains(&self.max_step_days) {
            return Err(format!(
                "max_step_days {} is out of range 1..=365",
                self.max_step_days
            ));
        }
        match self.max_shift_days {
            Some(d) if !(1..=365).contains(&d) => {
                Err(format!("max_shift_days {d} is out of range 1..=365"))
            }
            _ => Ok(()),
        }
    }
}

/// One call to the buyer, as the agent logged it (for `USER_UNREACHABLE`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Call {
    pub at: DateTime<Utc>,
    /// How long the connection lasted, in seconds (0 when nobody answered).
    pub connected_secs: u32,
    /// The number was unavailable: the 5-second rule does not apply.
    #[serde(default)]
    pub number_unavailable: bool,
}

/// What the check needs besides the order: config, evidence the agent recorded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CheckContext {
    pub thresholds: Thresholds,
    pub budget: DateBudget,
    /// The calls to the buyer.
    pub calls: Vec<Call>,
    /// The buyer's UTC offset; Moscow when unknown.
    pub buyer_utc_offset: Option<FixedOffset>,
    /// The buyer asked in the chat to cancel (evidence for a buyer-reason cancel).
    pub buyer_asked_to_cancel: bool,
    /// The buyer asked in the chat for another date (evidence for the buyer reason).
    pub buyer_asked_new_date: bool,
    /// The pickup storage was already extended once.
    pub storage_extended: bool,
    /// When the FBS shipment the order is in forms, if known.
    pub shipment_forms_at: Option<DateTime<Utc>>,
    /// Carriers from the config, for names in messages.
    pub carriers: Vec<CarrierContact>,
}

/// What the check says about one action.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Verdict {
    /// No blocking reason: the action may be confirmed.
    pub allowed: bool,
    pub blocking: Vec<Msg>,
    /// Allowed, but costs something or needs care.
    pub warnings: Vec<Msg>,
    /// What happens when confirmed, for the confirm dialog.
    pub effect: Msg,
}

/// The helpers take the text as made in a language, usually from the check's table:
/// `v.block(|l| words(l).choose_carrier)`.
impl Verdict {
    pub(super) fn block<S: Into<String>>(&mut self, text: impl Fn(Lang) -> S) {
        self.blocking.push(Msg::each(text));
    }
    pub(super) fn warn<S: Into<String>>(&mut self, text: impl Fn(Lang) -> S) {
        self.warnings.push(Msg::each(text));
    }
    pub(super) fn effect<S: Into<String>>(&mut self, text: impl Fn(Lang) -> S) {
        self.effect = Msg::each(text);
    }
    pub(super) fn seller_fault(&mut self) {
        self.warn(|l| words(l).seller_fault);
    }
}

/// Checks one action against the Market's rules.
pub fn check(
    action: &WriteAction,
    order: &Order,
    history: &History,
    ctx: &CheckContext,
    now: DateTime<Utc>,
) -> Verdict {
    let mut v = Verdict::default();
    let chat = matches!(action, WriteAction::ChatMessage { .. });
    if chat || model_allows_writes(order, &mut v) {
        let today = now.with_timezone(&moscow()).date_naive();
        match action {
            WriteAction::SetStatus {
                status,
                substatus,
                real_delivery_date,
            } => status::status(
                &mut v,
                order,
                ctx,
                now,
                status,
                substatus.as_ref(),
                *real_delivery_date,
            ),
            WriteAction::MoveDeliveryDate { reason, new_date } => delivery::move_date(
                &mut v,
                order,
                history,
                ctx,
                today,
                reason.as_ref(),
                *new_date,
            ),
            WriteAction::SetTrack { carrier_id, track } => {
                delivery::set_track(&mut v, order, ctx, *carrier_id, track);
            }
            WriteAction::ExtendStorage { new_date } => {
                delivery::extend_storage(&mut v, order, ctx, today, *new_date);
            }
            WriteAction::AnswerCancellation { accept, reason } => delivery::answer_cancellation(
                &mut v,
                order,
                history,
                ctx,
                now,
                *accept,
                reason.as_ref(),
            ),
            WriteAction::TransferToNextShipment => delivery::transfer(&mut v, order, ctx, now),
            WriteAction::ChatMessage { text } => chat_message(&mut v, order, text),
        }
    }
    v.allowed = v.blocking.is_empty();
    v
}

/// FBY, LaaS and unknown models get no writes through this tool.
pub(super) fn model_allows_writes(order: &Order, v: &mut Verdict) -> bool {
    match &order.model {
        M::DBS | M::FBS | M::EXPRESS => return true,
        M::FBY => v.block(|l| words(l).fby_no_writes),
        M::LAAS => v.block(|l| words(l).laas_no_writes),
        M::Other(m) => v.block(|l| fill(words(l).unknown_model, &[("model", m)])),
    }
    v.effect(|l| words(l).nothing_sent);
    false
}

/// An action's name, picked from the check's table: `|w| w.what_track`.
type What = fn(&'static CheckWords) -> &'static str;

/// Blocks unless the order is DBS; `what` names the action.
fn dbs_only(v: &mut Verdict, order: &Order, what: What) -> bool {
    if order.model == M::DBS {
        return true;
    }
    v.block(|l| {
        let w = words(l);
        fill(w.dbs_only, &[("what", &what(w)), ("model", &order.model)])
    });
    false
}

fn status_in(v: &mut Verdict, order: &Order, allowed: &[S], what: What) {
    if !allowed.contains(&order.status) {
        let list = allowed.iter().map(S::as_str).collect::<Vec<_>>().join("/");
        v.block(|l| {
            let w = words(l);
            fill(
                w.only_in_status,
                &[
                    ("what", &what(w)),
                    ("list", &list),
                    ("status", &order.status),
                ],
            )
        });
    }
}

fn chat_message(v: &mut Verdict, order: &Order, text: &str) {
    let opts = LintOptions {
        known_numbers: std::iter::once(order.order_id.to_string())
            .chain(order.tracks.iter().cloned())
            .collect(),
        ..LintOptions::default()
    };
    for f in lint_with(text, &opts) {
        let m = Msg::each(|l| f.message(l));
        if f.blocking {
            v.blocking.push(m);
        } else {
            v.warnings.push(m);
        }
    }
    v.effect(|l| words(l).chat_effect);
}

/// An instant as agents read it: Moscow time, "07.12 18:02 МСК" / "07.12 18:02 MSK".
pub fn moscow_time(t: DateTime<Utc>) -> Msg {
    let at = t.with_timezone(&moscow()).format("%d.%m %H:%M").to_string();
    Msg::each(|l| format!("{at} {}", words(l).msk))
}

/// "3 ч 20 мин" / "3h 20m": a span at a glance.
pub fn duration_text(d: Duration) -> Msg {
    let m = d.num_minutes().max(0);
    let (days, h, min) = (m / 1440, m % 1440 / 60, m % 60);
    if days > 0 {
        Msg::each(|l| fill(words(l).span_days, &[("days", &days), ("h", &h)]))
    } else {
        let min = format!("{min:02}");
        Msg::each(|l| fill(words(l).span_hours, &[("h", &h), ("min", &min)]))
    }
}

pub use delivery::{cancel_answer_due, carrier_name, check_carrier_change};
pub use status::call_protocol;

#[cfg(test)]
mod tests;
