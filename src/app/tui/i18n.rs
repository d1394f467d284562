//! Every word the dashboard shows, in Russian (the default) and English: section and
//! column titles, detail labels, footer words, help, the rule "why" lines, timeline
//! event kinds and the description of every keymap action. Nothing under `ui/` spells
//! a label itself, so a missing translation is a compile error or a failing test here.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};

use super::action::Act;
use super::state::{Section, SortKey};
use crate::base::lang::Lang;
use crate::base::text::clean;
use crate::base::words::fill;
use crate::domain::risk::Rule;
use crate::market::dates::moscow;

mod acting;
mod acts;
mod analysis;
mod kept;
mod labels;
mod names;
pub mod trail;
pub mod words;
mod workflow;
pub use acting::{Acting, acting};
use acts::acts;
pub use analysis::{AnalysisWords, analysis};
pub use kept::{KeptWords, kept};
pub use labels::{Strings, strings};
use names::names;
pub use workflow::{Workflow, workflow};

/// The title of a section tab; a view from the config keeps its own name.
pub fn section_name(lang: Lang, section: &Section) -> Cow<'_, str> {
    let s = strings(lang);
    match section {
        Section::AtRisk => Cow::Borrowed(s.at_risk),
        Section::Undelivered => Cow::Borrowed(s.undelivered),
        Section::Mine => Cow::Borrowed(s.mine),
        Section::All => Cow::Borrowed(s.all),
        Section::View { name, .. } | Section::Orders { name, .. } => clean(name),
    }
}

/// The name of a sort order.
pub fn sort_name(lang: Lang, key: SortKey) -> &'static str {
    let n = names(lang);
    match key {
        SortKey::Urgency => n.sort_urgency,
        SortKey::Due => n.sort_due,
        SortKey::Value => n.sort_value,
        SortKey::Updated => n.sort_updated,
        SortKey::OrderId => n.sort_order_id,
    }
}

/// One line on why a rule matters, for the detail pane.
pub fn rule_why(lang: Lang, rule: Rule) -> &'static str {
    use Rule::*;
    let n = names(lang);
    match rule {
        NotReceivedDispute => n.why_not_received_dispute,
        CancelRequestPending => n.why_cancel_request_pending,
        Expiring => n.why_expiring,
        ShipmentOverdue => n.why_shipment_overdue,
        DeliveryOverdue => n.why_delivery_overdue,
        Undelivered => n.why_undelivered,
        ShipmentDueSoon => n.why_shipment_due_soon,
        DeliveryDueToday => n.why_delivery_due_today,
        DateChangeBudget => n.why_date_change_budget,
        Stale => n.why_stale,
        NoTrack => n.why_no_track,
        StorageExpiring => n.why_storage_expiring,
        DateUnconfirmed => n.why_date_unconfirmed,
        BuyerWaiting => n.why_buyer_waiting,
        LostClaimClock => n.why_lost_claim_clock,
        ReturnStuck => n.why_return_stuck,
    }
}

/// The name of a timeline event kind; `None` for a kind this build does not know.
pub fn event_kind(lang: Lang, kind: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match kind {
        "created" => n.event_created,
        "status" => n.event_status,
        "substatus" => n.event_substatus,
        "delivery_dates" => n.event_delivery_dates,
        "shipment_date" => n.event_shipment_date,
        "tracks" => n.event_tracks,
        "carrier" => n.event_carrier,
        "cancel_requested" => n.event_cancel_requested,
        "storage_limit" => n.event_storage_limit,
        "real_delivery_date" => n.event_real_delivery_date,
        "return" => n.event_return,
        _ => return None,
    })
}

fn act_text(lang: Lang, act: Act) -> [&'static str; 2] {
    let w = acts(lang);
    match act {
        Act::MoveDown => w.move_down,
        Act::MoveUp => w.move_up,
        Act::PageDown => w.page_down,
        Act::PageUp => w.page_up,
        Act::Top => w.top,
        Act::Bottom => w.bottom,
        Act::NextSection => w.next_section,
        Act::PrevSection => w.prev_section,
        Act::Filter => w.filter,
        Act::CycleSort => w.cycle_sort,
        Act::ToggleDetail => w.toggle_detail,
        Act::NextTab => w.next_tab,
        Act::PrevTab => w.prev_tab,
        Act::Refetch => w.refetch,
        Act::Refresh => w.refresh,
        Act::Claim => w.claim,
        Act::StepDone => w.step_done,
        Act::CloseIncident => w.close_incident,
        Act::ActOnTab => w.act_on_tab,
        Act::Mark => w.mark,
        Act::ClearMarks => w.clear_marks,
        Act::Note => w.note,
        Act::SkipStep => w.skip_step,
        Act::LogCall => w.log_call,
        Act::EditDraft => w.edit_draft,
        Act::InlineEdit => w.inline_edit,
        Act::CopyDraft => w.copy_draft,
        Act::CopyId => w.copy_id,
        Act::SendDraft => w.send_draft,
        Act::Undo => w.undo,
        Act::Reopen => w.reopen,
        Act::Writes => w.writes,
        Act::Analysis => w.analysis,
        Act::Team => w.team,
        Act::Notices => w.notices,
        Act::Command => w.command,
        Act::PeriodBack => w.period_back,
        Act::PeriodForward => w.period_forward,
        Act::PeriodLonger => w.period_longer,
        Act::PeriodShorter => w.period_shorter,
        Act::CycleBy => w.cycle_by,
        Act::SwitchLang => w.switch_lang,
        Act::Confirm => w.confirm,
        Act::Help => w.help,
        Act::Back => w.back,
        Act::Quit => w.quit,
    }
}

/// A short word for an act, for the footer hints.
pub fn action_hint(lang: Lang, act: Act) -> &'static str {
    act_text(lang, act)[0]
}

/// The full description of an act, for the `?` screen.
pub fn action_desc(lang: Lang, act: Act) -> &'static str {
    act_text(lang, act)[1]
}

/// The "terminal too small" message.
pub fn too_small(lang: Lang, need: (u16, u16), have: (u16, u16)) -> String {
    let (nw, nh, w, h) = (need.0, need.1, have.0, have.1);
    fill(
        strings(lang).too_small,
        &[("nw", &nw), ("nh", &nh), ("w", &w), ("h", &h)],
    )
}

/// A deadline relative to now: "in 3h 20m" / "через 3ч 20м", "2d 4h ago" / "2д 4ч назад".
pub fn relative(lang: Lang, secs: i64) -> String {
    let words = strings(lang);
    let [dw, hw, mw] = words.span_units;
    let (past, s) = (secs <= 0, secs.unsigned_abs());
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    let span = if d > 0 {
        format!("{d}{dw} {h}{hw}")
    } else if h > 0 {
        format!("{h}{hw} {m:02}{mw}")
    } else {
        format!("{m}{mw}")
    };
    let text = if past {
        words.relative_past
    } else {
        words.relative_future
    };
    fill(text, &[("span", &span)])
}

/// How old the data is: "40 s ago" / "40 с назад", coarser as it grows.
pub fn age(lang: Lang, secs: i64) -> String {
    let words = strings(lang);
    let [sec, min, hour, day] = words.age_units;
    let (n, unit) = match secs {
        s if s < 0 => return words.just_now.to_owned(),
        s if s < 60 => (s, sec),
        s if s < 3600 => (s / 60, min),
        s if s < 86_400 => (s / 3600, hour),
        s => (s / 86_400, day),
    };
    fill(words.ago, &[("n", &n), ("unit", &unit)])
}

/// An instant as the Market's clock (Moscow, UTC+3) shows it: `DD.MM HH:MM`.
pub fn msk_datetime(t: DateTime<Utc>) -> String {
    t.with_timezone(&moscow()).format("%d.%m %H:%M").to_string()
}

/// An instant's Moscow time of day: `HH:MM`.
pub fn msk_clock(t: DateTime<Utc>) -> String {
    t.with_timezone(&moscow()).format("%H:%M").to_string()
}

/// A calendar day: `DD.MM`.
pub fn day(d: NaiveDate) -> String {
    d.format("%d.%m").to_string()
}

/// Who wrote a chat message, by the Market's sender value; `None` for a value this
/// build does not know (shown cleaned, as sent).
pub fn chat_sender(lang: Lang, sender: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match sender {
        "PARTNER" => n.sender_partner,
        "CUSTOMER" => n.sender_customer,
        "MARKET" => n.sender_market,
        "SUPPORT" => n.sender_support,
        _ => return None,
    })
}

/// The name of an outbox write kind; `None` for a kind this build does not know.
pub fn write_kind(lang: Lang, kind: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match kind {
        "status" => n.write_status,
        "statuses" => n.write_statuses,
        "delivery_date" => n.write_delivery_date,
        "track" => n.write_track,
        "storage_limit" => n.write_storage_limit,
        "cancellation_answer" => n.write_cancellation_answer,
        "transfer" => n.write_transfer,
        "chat_message" => n.write_chat_message,
        _ => return None,
    })
}

/// A detail tab's name, as the tab bar shows it.
pub fn tab_name(lang: Lang, tab: super::state::DetailTab) -> &'static str {
    use super::state::DetailTab;
    let (s, a) = (strings(lang), acting(lang));
    match tab {
        DetailTab::Order => s.tab_order,
        DetailTab::Timeline => s.tab_timeline,
        DetailTab::Incident => s.tab_incident,
        DetailTab::Contact => a.tab_contact,
        DetailTab::Reroute => a.tab_reroute,
        DetailTab::Compensation => a.tab_compensation,
        DetailTab::Status => a.tab_status,
    }
}

/// A tab's name cut short, for a narrow tab bar: still a word, never a number.
pub fn tab_short(lang: Lang, tab: super::state::DetailTab) -> &'static str {
    use super::state::DetailTab::*;
    let n = names(lang);
    match tab {
        Order => n.tab_short_order,
        Timeline => n.tab_short_timeline,
        Incident => n.tab_short_incident,
        Contact => n.tab_short_contact,
        Reroute => n.tab_short_reroute,
        Compensation => n.tab_short_compensation,
        Status => n.tab_short_status,
    }
}

/// Why syncs fail, in words, by `SyncError::failure_kind`; `None` for a kind this
/// build does not know (the message is shown instead).
pub fn sync_failure(lang: Lang, kind: &str) -> Option<&'static str> {
    let n = names(lang);
    Some(match kind {
        "unreachable" => n.failure_unreachable,
        "timeout" => n.failure_timeout,
        "auth" => n.failure_auth,
        "refused" => n.failure_refused,
        "broken" => n.failure_broken,
        "cache" => n.failure_cache,
        "deadline" => n.failure_deadline,
        _ => return None,
    })
}

/// Where an outbox write is, in words.
pub fn write_state(lang: Lang, state: crate::cache::OutboxState) -> &'static str {
    use crate::cache::OutboxState as O;
    let n = names(lang);
    match state {
        O::Queued => n.state_queued,
        O::Sending => n.state_sending,
        O::Sent => n.state_sent,
        O::Failed => n.state_failed,
        O::Cancelled => n.state_cancelled,
        O::Dismissed => n.state_dismissed,
    }
}

#[cfg(test)]
mod tests;
