//! The confirm dialogs of writes and compensation, and what `y` does in them: the
//! rule check of each order a write goes to, the count to type for several.

use super::*;

/// The orders one action goes to: every marked order when the selected one is
/// marked among others, else just the selected one.
pub(super) fn targets(
    state: &AppState,
    order_id: i64,
    action: WriteAction,
) -> Vec<(i64, WriteAction)> {
    if state.marked.len() > 1 && state.marked.contains(&order_id) {
        state
            .marked
            .iter()
            .map(|&id| (id, action.clone()))
            .collect()
    } else {
        vec![(order_id, action)]
    }
}

/// Opens the confirm dialog of writes, with the rule check of the selected order.
/// The marked others are checked one by one where they are queued.
pub(super) fn confirm_writes(state: &mut AppState, title: String, writes: Vec<(i64, WriteAction)>) {
    let lang = state.lang;
    let Some((view, order, history)) = loaded(state) else {
        refuse(state, not_loaded());
        return;
    };
    let verdict = writes
        .iter()
        .find(|(id, _)| *id == order.order_id)
        .map(|(_, a)| check(a, order, history, &view.ctx, state.now))
        .unwrap_or_default();
    let texts = |m: &[Msg]| m.iter().map(|m| m.get(lang).to_owned()).collect::<Vec<_>>();
    let mut effect = verdict.effect.get(lang).to_owned();
    if writes.len() > 1 {
        let n = writes.len();
        let orders = match (lang, n % 10, n % 100) {
            (Lang::En, _, _) => "orders, each checked on its own",
            (Lang::Ru, 1, r) if r != 11 => "заказ; каждый проверяется отдельно",
            (Lang::Ru, 2..=4, r) if !(12..=14).contains(&r) => {
                "заказа; каждый проверяется отдельно"
            }
            (Lang::Ru, _, _) => "заказов; каждый проверяется отдельно",
        };
        effect = format!("{effect} — {n} {orders}");
    }
    state.pending = Some(Pending::Write(WriteConfirm {
        title,
        effect,
        warnings: texts(&verdict.warnings),
        blocking: texts(&verdict.blocking),
        writes,
        typed: String::new(),
    }));
    state.mode = Mode::Confirm;
}

pub(super) fn confirm_compensation(
    state: &mut AppState,
    order_id: i64,
    version: i64,
    kind: &str,
    amount: f64,
    lead: Option<String>,
) {
    let lang = state.lang;
    let Some(k) = state
        .incident_cfg
        .compensation
        .iter()
        .find(|k| k.id == kind)
    else {
        return;
    };
    let mut warnings = vec![tr(
        lang,
        "записывается в инцидент; покупателю — через черновик (шаблон compensation_offer)",
        "recorded on the incident; offered to the buyer through a draft (template compensation_offer)",
    )];
    if let Some(l) = &lead {
        warnings.push(format!("{}: {l}", tr(lang, "подтвердил", "confirmed by")));
    }
    let tab = |t| crate::tui::i18n::tab_name(lang, t);
    let (from, to) = (tab(state.act_from), tab(DetailTab::Compensation));
    let origin = match (lang, state.act_from == DetailTab::Compensation) {
        (Lang::Ru, true) => format!("Заказ {order_id} · вкладка «{to}»"),
        (Lang::Ru, false) => format!("Заказ {order_id} · a на вкладке «{from}» открыло «{to}»"),
        (Lang::En, true) => format!("Order {order_id} · the {to} tab"),
        (Lang::En, false) => format!("Order {order_id} · a on the {from} tab went to {to}"),
    };
    state.pending = Some(Pending::Compensation(CompensationConfirm {
        order_id,
        version,
        kind: kind.to_owned(),
        title: k.name().get(lang).to_owned(),
        origin,
        amount,
        lead,
        warnings,
    }));
    state.mode = Mode::Confirm;
}

/// `y` on a write, compensation or manual step: the effect, unless something still
/// stops it (then the dialog stays open and says why).
pub(in crate::tui) fn confirm(state: &mut AppState, pending: Pending) -> Vec<Effect> {
    match pending {
        Pending::Write(w) => {
            if !w.ready() {
                let why = if !w.blocking.is_empty() {
                    w.blocking.join("; ")
                } else {
                    format!(
                        "{} {}",
                        tr(
                            state.lang,
                            "введите число заказов:",
                            "type the number of orders:"
                        ),
                        w.writes.len()
                    )
                };
                state.footer.error = Some(why);
                state.pending = Some(Pending::Write(w));
                state.mode = Mode::Confirm;
                return vec![];
            }
            if w.writes.len() > 1 {
                state.marked.clear();
            }
            vec![Effect::Write(w.writes)]
        }
        Pending::Compensation(c) => {
            offer_draft(state, &c);
            vec![Effect::Command(Command::Compensate {
                order_id: c.order_id,
                version: c.version,
                kind: c.kind,
                amount: c.amount,
                lead: c.lead,
            })]
        }
        Pending::Manual(m) => vec![Effect::Command(Command::Reroute {
            order_id: m.order_id,
            version: m.version,
            outcome: m.title,
        })],
        Pending::TakeOver { .. }
        | Pending::CloseAnyway { .. }
        | Pending::Close { .. }
        | Pending::Quit(_) => vec![],
    }
}
