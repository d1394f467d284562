//! The confirm dialogs of writes and compensation, and what `y` does in them: the
//! rule check of each order a write goes to, the count to type for several.

use super::*;
use crate::base::plural::ORDERS;
use crate::base::words::fill;
use crate::service::command::OrderVerdict;

/// The orders one action goes to: every marked order when several are marked (the
/// act was allowed for them by `permit::bulk`), else just the selected one.
pub(super) fn targets(
    state: &AppState,
    order_id: i64,
    action: WriteAction,
) -> Vec<(i64, WriteAction)> {
    if crate::app::tui::permit::bulk(state).is_some() {
        state
            .marked
            .iter()
            .map(|&id| (id, action.clone()))
            .collect()
    } else {
        vec![(order_id, action)]
    }
}

/// Opens the confirm dialog of writes. One order is checked here, on the detail the
/// screen has; several are checked by the service, each against its own rules and
/// claim (`Command::Check`), and `y` waits for that answer.
pub(super) fn confirm_writes(
    state: &mut AppState,
    title: String,
    writes: Vec<(i64, WriteAction)>,
) -> Vec<Effect> {
    let lang = state.lang;
    let Some((view, order, history)) = loaded(state) else {
        refuse(state, not_loaded());
        return vec![];
    };
    let bulk = writes.len() > 1;
    let verdict = writes
        .iter()
        .find(|(id, _)| *id == order.order_id)
        .or(writes.first())
        .map(|(_, a)| check(a, order, history, &view.ctx, state.now))
        .unwrap_or_default();
    let texts = |m: &[Msg]| m.iter().map(|m| m.get(lang).to_owned()).collect::<Vec<_>>();
    let mut effect = verdict.effect.get(lang).to_owned();
    let mut effects = Vec::new();
    if bulk {
        let n = writes.len();
        let orders = ORDERS.count(n, lang);
        effect = fill(
            acting(lang).bulk_effect,
            &[("effect", &effect), ("orders", &orders)],
        );
        effects.push(Effect::Command(Command::Check {
            order_ids: writes.iter().map(|(id, _)| *id).collect(),
            action: writes[0].1.clone(),
        }));
    }
    state.mode = Mode::Confirm(Pending::Write(WriteConfirm {
        title,
        effect,
        // Several orders: what each may or may not get comes with the service's check.
        warnings: if bulk {
            vec![]
        } else {
            texts(&verdict.warnings)
        },
        blocking: if bulk {
            vec![]
        } else {
            texts(&verdict.blocking)
        },
        writes,
        typed: String::new(),
        checked: !bulk,
        refused: vec![],
    }));
    effects
}

/// The service's check of a bulk write came in: the orders it may not go to leave
/// the dialog, named with why; the count to type becomes what is left.
pub(in crate::app::tui) fn checked(state: &mut AppState, verdicts: &[OrderVerdict]) {
    let lang = state.lang;
    let Mode::Confirm(Pending::Write(w)) = &mut state.mode else {
        return;
    };
    let asked: std::collections::BTreeSet<i64> = w.writes.iter().map(|(id, _)| *id).collect();
    let answered: std::collections::BTreeSet<i64> = verdicts.iter().map(|v| v.order_id).collect();
    if w.checked || asked != answered {
        return;
    }
    for v in verdicts {
        for warn in &v.warnings {
            let text = warn.get(lang).to_owned();
            if !w.warnings.contains(&text) {
                w.warnings.push(text);
            }
        }
        if !v.blocking.is_empty() {
            let why = Msg::join(&v.blocking).get(lang).to_owned();
            w.refused.push((v.order_id, why));
            w.writes.retain(|(id, _)| *id != v.order_id);
        }
    }
    w.checked = true;
    if w.writes.is_empty() {
        w.blocking.push(acting(lang).none_allowed.to_owned());
    }
}

pub(super) fn confirm_compensation(
    state: &mut AppState,
    order_id: i64,
    version: i64,
    kind: &str,
    amount: crate::base::money::Money,
    lead: Option<String>,
) {
    let lang = state.lang;
    let w = acting(lang);
    let Some(k) = state.incident_cfg.compensation_kind(kind) else {
        return;
    };
    let mut warnings = vec![w.compensation_recorded.to_owned()];
    if let Some(l) = &lead {
        warnings.push(fill(w.lead_confirmed, &[("lead", l)]));
    }
    let tab = |t| crate::app::tui::i18n::tab_name(lang, t);
    let (from, to) = (tab(state.act_from), tab(DetailTab::Compensation));
    let origin = if state.act_from == DetailTab::Compensation {
        fill(w.origin_tab, &[("id", &order_id), ("to", &to)])
    } else {
        fill(
            w.origin_moved,
            &[("id", &order_id), ("from", &from), ("to", &to)],
        )
    };
    state.mode = Mode::Confirm(Pending::Compensation(CompensationConfirm {
        order_id,
        version,
        kind: kind.to_owned(),
        title: k.name().get(lang).to_owned(),
        origin,
        amount,
        lead,
        warnings,
    }));
}

/// `y` on a write, compensation or manual step: the effect, unless something still
/// stops it (then the dialog stays open and says why).
pub(in crate::app::tui) fn confirm(state: &mut AppState, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::Write(w) => {
            if !w.ready() {
                let why = if !w.blocking.is_empty() {
                    w.blocking.join("; ")
                } else if !w.checked {
                    acting(state.lang).still_checking.to_owned()
                } else {
                    fill(
                        acting(state.lang).type_order_count,
                        &[("n", &w.writes.len())],
                    )
                };
                state.mode = Mode::Confirm(Pending::Write(w));
                state.warn(why);
                return vec![];
            }
            if w.needs_count() {
                state.marked.clear();
            }
            vec![Effect::Write(w.writes)]
        }
        Pending::Compensation(c) => {
            let mut effects = vec![Effect::Command(Command::Compensate {
                order_id: c.order_id,
                version: c.version,
                kind: c.kind.clone(),
                amount: c.amount,
                lead: c.lead.clone(),
            })];
            effects.extend(offer_draft(state, &c));
            effects
        }
        Pending::Outbox(o) => vec![Effect::Command(Command::Outbox {
            order_id: o.order_id,
            row_id: o.row_id,
            act: o.act,
        })],
        Pending::Manual(m) => vec![Effect::Command(Command::Reroute {
            order_id: m.order_id,
            version: m.version,
            outcome: m.title,
        })],
        Pending::ReplaceDraft { draft, .. } => {
            state.detail_tab = DetailTab::Contact;
            drafts::make(state, draft)
        }
        Pending::TakeOver { .. }
        | Pending::CloseAnyway { .. }
        | Pending::Close { .. }
        | Pending::Quit(_) => vec![],
    }
}
