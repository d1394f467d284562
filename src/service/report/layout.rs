//! The report as titled tables of text, in the report's language: what the table and
//! Markdown formats print, each in its own way. Deciding what goes in which column
//! happens here once.

use std::collections::BTreeMap;

use super::labels;
use super::stats::{Durations, KeyedRate, Rate};
use super::words::{PERIOD_DAYS, words};
use super::{Dimension, Report};
use crate::base::lang::Lang;
use crate::base::plural::{DAYS, MOVES, ORDERS};
use crate::base::words::fill;

use Align::{Left as L, Right as R};

/// How a column's cells line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// One titled table, with lines of text under it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Section {
    pub title: String,
    pub columns: Vec<(String, Align)>,
    pub rows: Vec<Vec<String>>,
    pub notes: Vec<String>,
}

impl Section {
    fn new(title: impl Into<String>, columns: &[(&str, Align)]) -> Section {
        Section {
            title: title.into(),
            columns: columns.iter().map(|(n, a)| ((*n).to_owned(), *a)).collect(),
            ..Section::default()
        }
    }
}

/// The tables the Analysis screen shows under its charts: the headline against the
/// period before, the breakdown, the rates, the flow and the cost (the Pareto, the
/// days and the scorecard are its charts).
pub fn tables(r: &Report, lang: Lang) -> Vec<Section> {
    let mut out = vec![headline(r, lang), breakdown(r, lang)];
    out.extend(rates(r, lang));
    out.push(flow(r, lang));
    out.extend(cost(r, lang));
    noted(out, lang)
}

/// Every section of the report.
pub fn sections(r: &Report, lang: Lang) -> Vec<Section> {
    let mut out = vec![summary(r, lang), headline(r, lang), per_day(r, lang)];
    out.extend(pareto(r, lang));
    out.push(breakdown(r, lang));
    out.extend(rates(r, lang));
    out.push(flow(r, lang));
    out.extend(cost(r, lang));
    out.push(scorecard(r, lang));
    noted(out, lang)
}

/// Says so under a table the period left empty.
fn noted(mut out: Vec<Section>, lang: Lang) -> Vec<Section> {
    for s in &mut out {
        if !s.columns.is_empty() && s.rows.is_empty() {
            let none = words(lang).nothing_in_period;
            s.notes.insert(0, none.to_owned());
        }
    }
    out
}

fn summary(r: &Report, lang: Lang) -> Section {
    let w = words(lang);
    let (p, q) = (&r.period, &r.previous_period);
    let mut s = Section::new(
        format!(
            "{} {} — {} ({})",
            w.summary_title,
            p.since,
            p.until,
            PERIOD_DAYS.count(p.days, lang),
        ),
        &[],
    );
    s.notes.push(format!(
        "{} {} — {}; {} {}",
        w.compared_with, q.since, q.until, w.moscow_days_at, r.generated_at
    ));
    s
}

fn headline(r: &Report, lang: Lang) -> Section {
    let w = words(lang);
    let mut s = Section::new(
        w.headline_title,
        &[
            (w.measure, L),
            (w.period, R),
            (w.previous, R),
            (w.change, R),
        ],
    );
    for h in &r.headline {
        s.rows.push(vec![
            labels::headline(h.id, lang).to_owned(),
            labels::value(h.id, h.current, lang),
            labels::value(h.id, h.previous, lang),
            labels::change(h.id, h.change, lang),
        ]);
    }
    s
}

fn per_day(r: &Report, lang: Lang) -> Section {
    let w = words(lang);
    let i = &r.body.incidents;
    let mut s = Section::new(w.per_day_title, &[(w.day, L), (w.opened, R), (w.closed, R)]);
    for d in &i.per_day {
        s.rows.push(vec![
            d.day.clone(),
            d.opened.to_string(),
            d.closed.to_string(),
        ]);
    }
    s.notes.push(format!(
        "{}: {}, {}: {}, {}: {}",
        w.opened, i.opened, w.closed, i.closed, w.open_at_end, i.open_at_end
    ));
    s
}

fn pareto(r: &Report, lang: Lang) -> [Section; 2] {
    let w = words(lang);
    let closed = r.body.incidents.closed;
    let mut causes = Section::new(
        format!("{} ({}: {})", w.pareto_title, w.closed, closed),
        &[
            (w.cause, L),
            (w.owner, L),
            ("n", R),
            (w.share, R),
            (w.cumulative, R),
        ],
    );
    for c in &r.body.causes {
        causes.rows.push(vec![
            labels::cause(&c.cause, lang),
            labels::owner(&c.owner, lang),
            c.count.to_string(),
            labels::share(Some(c.share), lang),
            labels::share(Some(c.cumulative_share), lang),
        ]);
    }
    let mut owners = Section::new(
        w.owners_title,
        &[(w.owner, L), ("n", R), (w.share, R), (w.cumulative, R)],
    );
    for o in &r.body.owners {
        owners.rows.push(vec![
            labels::owner(&o.owner, lang),
            o.count.to_string(),
            labels::share(Some(o.share), lang),
            labels::share(Some(o.cumulative_share), lang),
        ]);
    }
    [causes, owners]
}

fn breakdown(r: &Report, lang: Lang) -> Section {
    let w = words(lang);
    let by = r.by;
    let with_rates = matches!(
        by,
        Dimension::Carrier | Dimension::Region | Dimension::Campaign
    );
    let mut cols = vec![
        (labels::dimension(by, lang), L),
        (w.opened, R),
        (w.closed, R),
    ];
    if with_rates {
        cols.extend([
            (w.compensation, R),
            (w.late_shipment, R),
            (w.late_delivery, R),
            (w.seller_cancels, R),
        ]);
    } else {
        cols.extend([
            (w.share, R),
            (w.seller_fault, R),
            (w.compensation, R),
            (w.to_detect, R),
            (w.to_resolve, R),
        ]);
    }
    let mut s = Section::new(
        format!("{} {}", w.by_prefix, labels::dimension(by, lang)),
        &cols,
    );
    for g in &r.body.breakdown {
        let mut row = vec![
            labels::group(by, &g.key, g.model.as_deref(), lang),
            g.opened.to_string(),
            g.closed.to_string(),
        ];
        let rate =
            |x: &Option<Rate>| x.as_ref().map_or("—".to_owned(), |x| labels::rate(x, lang));
        if with_rates {
            row.extend([
                labels::money(g.compensation, lang),
                rate(&g.late_shipment),
                rate(&g.late_delivery),
                rate(&g.seller_cancellations),
            ]);
        } else {
            row.extend([
                labels::share(g.closed_share, lang),
                g.seller_fault.to_string(),
                labels::money(g.compensation, lang),
                labels::duration(g.detect.median_seconds, lang),
                labels::duration(g.resolve.median_seconds, lang),
            ]);
        }
        s.rows.push(row);
    }
    if !with_rates {
        s.notes.push(w.breakdown_note.to_owned());
    }
    s
}

/// The three rates side by side for each key (carrier or region).
fn rates_by_key(title: &str, key_col: &str, lists: [&[KeyedRate]; 3], lang: Lang) -> Section {
    let w = words(lang);
    let mut by: BTreeMap<&str, [Option<Rate>; 3]> = BTreeMap::new();
    for (i, list) in lists.iter().enumerate() {
        for k in *list {
            by.entry(k.key.as_str()).or_default()[i] = Some(k.rate);
        }
    }
    let mut s = Section::new(
        title,
        &[
            (key_col, L),
            (w.late_shipment, R),
            (w.late_delivery, R),
            (w.seller_cancels, R),
        ],
    );
    let mut rows: Vec<(u64, Vec<String>)> = by
        .into_iter()
        .map(|(key, rs)| {
            let size = rs.iter().flatten().map(|r| r.denominator).sum();
            let mut row = vec![labels::name(key)];
            row.extend(
                rs.iter()
                    .map(|r| r.map_or("—".to_owned(), |r| labels::rate(&r, lang))),
            );
            (size, row)
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    s.rows = rows.into_iter().map(|(_, r)| r).collect();
    s
}

fn rates(r: &Report, lang: Lang) -> [Section; 3] {
    let w = words(lang);
    let rt = &r.body.rates;
    let tables = [
        (w.late_shipment_rate, &rt.late_shipment),
        (w.late_delivery_rate, &rt.late_delivery),
        (w.seller_cancellation_rate, &rt.seller_cancellations),
    ];
    let mut total = Section::new(
        w.rates_title,
        &[
            (w.rate, L),
            (w.cases, R),
            (w.of_total, R),
            (w.share, R),
            (w.pending, R),
            (w.unknown, R),
        ],
    );
    for (name, t) in &tables {
        total.rows.push(vec![
            (*name).to_owned(),
            t.total.numerator.to_string(),
            t.total.denominator.to_string(),
            labels::share(t.total.share, lang),
            t.pending.to_string(),
            t.unknown.to_string(),
        ]);
    }
    let carriers = rates_by_key(
        w.rates_by_carrier,
        w.carrier,
        [
            &rt.late_shipment.by_carrier,
            &rt.late_delivery.by_carrier,
            &rt.seller_cancellations.by_carrier,
        ],
        lang,
    );
    let regions = rates_by_key(
        w.rates_by_region,
        w.region,
        [
            &rt.late_shipment.by_region,
            &rt.late_delivery.by_region,
            &rt.seller_cancellations.by_region,
        ],
        lang,
    );
    [total, carriers, regions]
}

fn flow(r: &Report, lang: Lang) -> Section {
    let w = words(lang);
    let f = &r.body.flow;
    let mut s = Section::new(
        w.flow_title,
        &[(w.from_opening, L), ("n", R), (w.median, R), ("p90", R)],
    );
    let row = |name: &str, d: &Durations| {
        vec![
            name.to_owned(),
            d.count.to_string(),
            labels::duration(d.median_seconds, lang),
            labels::duration(d.p90_seconds, lang),
        ]
    };
    s.rows.push(row(w.to_first_claim, &f.detect));
    s.rows.push(row(w.to_first_message, &f.first_contact));
    s.rows.push(row(w.to_close, &f.resolve));
    s.notes.push(format!(
        "{}: {}; {}: {}",
        w.never_claimed, f.unclaimed, w.no_message_to_buyer, f.not_contacted
    ));
    s.notes.push(format!(
        "{}: {}; {}: {}",
        w.detected_before_buyer,
        labels::rate(&f.detected_before_buyer, lang),
        w.reopened,
        labels::rate(&f.reopened, lang)
    ));
    s
}

fn cost(r: &Report, lang: Lang) -> [Section; 3] {
    let w = words(lang);
    let c = &r.body.cost;
    let amount_cols = |key: &'static str| [(key, L), (w.amount, R), (w.entries, R)];
    let mut causes = Section::new(
        format!(
            "{}: {} ({}: {})",
            w.compensation_title,
            labels::money(c.compensation, lang),
            w.entries,
            c.entries
        ),
        &amount_cols(w.cause),
    );
    for a in &c.by_cause {
        causes.rows.push(vec![
            labels::cause(&a.key, lang),
            labels::money(a.amount, lang),
            a.entries.to_string(),
        ]);
    }
    let mut carriers = Section::new(w.compensation_by_carrier, &amount_cols(w.carrier));
    for a in &c.by_carrier {
        carriers.rows.push(vec![
            labels::name(&a.key),
            labels::money(a.amount, lang),
            a.entries.to_string(),
        ]);
    }
    let m = &c.date_moves;
    let mut moves = Section::new(w.date_moves_title, &[(w.carrier, L), (w.moves, R)]);
    for k in &m.by_carrier {
        moves
            .rows
            .push(vec![labels::name(&k.key), k.count.to_string()]);
    }
    moves.notes.push(format!(
        "{}, {}; {}; {}: {}",
        MOVES.count(m.moves, lang),
        ORDERS.count(m.orders, lang),
        fill(w.shift_in_all, &[("days", &DAYS.count(m.shift_days, lang))],),
        w.made_by_agents,
        m.by_agents
    ));
    let u = &c.unredeemed;
    moves.notes.push(format!(
        "{}: {}, {}",
        w.unredeemed_parcels_back,
        u.parcels,
        labels::money(u.value, lang)
    ));
    [causes, carriers, moves]
}

fn scorecard(r: &Report, lang: Lang) -> Section {
    let w = words(lang);
    let mut s = Section::new(
        w.scorecard_title,
        &[
            (w.carrier, L),
            (w.orders, R),
            (w.late, R),
            (w.lost, R),
            (w.median_days_late, R),
        ],
    );
    for c in &r.body.carriers {
        s.rows.push(vec![
            labels::name(&c.carrier),
            c.orders.to_string(),
            labels::rate(&c.late, lang),
            labels::rate(&c.lost, lang),
            c.median_days_late.map_or("—".to_owned(), |d| d.to_string()),
        ]);
    }
    s
}
