//! The report as titled tables of text, in the report's language: what the table and
//! Markdown formats print, each in its own way. Deciding what goes in which column
//! happens here once.

use std::collections::BTreeMap;

use super::labels::{self, tr};
use super::stats::{Durations, KeyedRate, Rate};
use super::{Dimension, Report};
use crate::base::lang::Lang;
use crate::base::plural::{DAYS, MOVES, ORDERS};

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
            let none = tr(lang, "за период ничего нет", "nothing in the period");
            s.notes.insert(0, none.to_owned());
        }
    }
    out
}

fn summary(r: &Report, lang: Lang) -> Section {
    let (p, q) = (&r.period, &r.previous_period);
    let mut s = Section::new(
        format!(
            "{} {} — {} ({} {})",
            tr(lang, "Разбор инцидентов:", "Incident analysis:"),
            p.since,
            p.until,
            p.days,
            if p.days == 1 {
                tr(lang, "дн.", "day")
            } else {
                tr(lang, "дн.", "days")
            }
        ),
        &[],
    );
    s.notes.push(format!(
        "{} {} — {}; {} {}",
        tr(lang, "сравнение с", "compared with"),
        q.since,
        q.until,
        tr(
            lang,
            "дни — по Москве, расчёт на",
            "Moscow days, computed at"
        ),
        r.generated_at
    ));
    s
}

fn headline(r: &Report, lang: Lang) -> Section {
    let mut s = Section::new(
        tr(
            lang,
            "Период против предыдущего",
            "The period against the previous one",
        ),
        &[
            (tr(lang, "показатель", "measure"), L),
            (tr(lang, "период", "period"), R),
            (tr(lang, "предыдущий", "previous"), R),
            (tr(lang, "изменение", "change"), R),
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
    let i = &r.body.incidents;
    let mut s = Section::new(
        tr(lang, "Инциденты по дням", "Incidents per day"),
        &[
            (tr(lang, "день", "day"), L),
            (tr(lang, "открыто", "opened"), R),
            (tr(lang, "закрыто", "closed"), R),
        ],
    );
    for d in &i.per_day {
        s.rows.push(vec![
            d.day.clone(),
            d.opened.to_string(),
            d.closed.to_string(),
        ]);
    }
    s.notes.push(format!(
        "{}: {}, {}: {}, {}: {}",
        tr(lang, "открыто", "opened"),
        i.opened,
        tr(lang, "закрыто", "closed"),
        i.closed,
        tr(lang, "открыты на конец периода", "open at the end"),
        i.open_at_end
    ));
    s
}

fn pareto(r: &Report, lang: Lang) -> [Section; 2] {
    let closed = r.body.incidents.closed;
    let mut causes = Section::new(
        format!(
            "{} ({}: {})",
            tr(lang, "Причины, Парето", "Root causes, Pareto"),
            tr(lang, "закрыто", "closed"),
            closed
        ),
        &[
            (tr(lang, "причина", "cause"), L),
            (tr(lang, "чья вина", "owner"), L),
            ("n", R),
            (tr(lang, "доля", "share"), R),
            (tr(lang, "накоплено", "cumulative"), R),
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
        tr(lang, "Чья вина", "Fault owners"),
        &[
            (tr(lang, "чья вина", "owner"), L),
            ("n", R),
            (tr(lang, "доля", "share"), R),
            (tr(lang, "накоплено", "cumulative"), R),
        ],
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
    let by = r.by;
    let with_rates = matches!(
        by,
        Dimension::Carrier | Dimension::Region | Dimension::Campaign
    );
    let mut cols = vec![
        (labels::dimension(by, lang), L),
        (tr(lang, "открыто", "opened"), R),
        (tr(lang, "закрыто", "closed"), R),
    ];
    if with_rates {
        cols.extend([
            (tr(lang, "компенсации", "compensation"), R),
            (tr(lang, "опозд. отгрузка", "late shipment"), R),
            (tr(lang, "опозд. доставка", "late delivery"), R),
            (tr(lang, "отмены продавца", "seller cancels"), R),
        ]);
    } else {
        cols.extend([
            (tr(lang, "доля", "share"), R),
            (tr(lang, "вина продавца", "seller fault"), R),
            (tr(lang, "компенсации", "compensation"), R),
            (tr(lang, "до взятия", "to detect"), R),
            (tr(lang, "до закрытия", "to resolve"), R),
        ]);
    }
    let mut s = Section::new(
        format!(
            "{} {}",
            tr(lang, "В разрезе:", "By"),
            labels::dimension(by, lang)
        ),
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
        s.notes.push(
            tr(
                lang,
                "времена — медианы; «вина продавца» — закрытые с причиной продавца",
                "times are medians; \"seller fault\": closed with a cause the seller owns",
            )
            .to_owned(),
        );
    }
    s
}

/// The three rates side by side for each key (carrier or region).
fn rates_by_key(title: &str, key_col: &str, lists: [&[KeyedRate]; 3], lang: Lang) -> Section {
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
            (tr(lang, "опозд. отгрузка", "late shipment"), R),
            (tr(lang, "опозд. доставка", "late delivery"), R),
            (tr(lang, "отмены продавца", "seller cancels"), R),
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
    let rt = &r.body.rates;
    let tables = [
        (
            tr(
                lang,
                "опоздания с отгрузкой (FBS, Экспресс)",
                "late shipment (FBS, Express)",
            ),
            &rt.late_shipment,
        ),
        (
            tr(lang, "опоздания с доставкой (DBS)", "late delivery (DBS)"),
            &rt.late_delivery,
        ),
        (
            tr(
                lang,
                "отмены по вине продавца",
                "seller-fault cancellations",
            ),
            &rt.seller_cancellations,
        ),
    ];
    let mut total = Section::new(
        tr(
            lang,
            "Показатели, как их считает Маркет",
            "Rates as the Market counts them",
        ),
        &[
            (tr(lang, "показатель", "rate"), L),
            (tr(lang, "случаев", "count"), R),
            (tr(lang, "из", "of"), R),
            (tr(lang, "доля", "share"), R),
            (tr(lang, "срок не наступил", "pending"), R),
            (tr(lang, "неизвестно", "unknown"), R),
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
        tr(lang, "Показатели по службам доставки", "Rates by carrier"),
        tr(lang, "служба доставки", "carrier"),
        [
            &rt.late_shipment.by_carrier,
            &rt.late_delivery.by_carrier,
            &rt.seller_cancellations.by_carrier,
        ],
        lang,
    );
    let regions = rates_by_key(
        tr(lang, "Показатели по регионам", "Rates by region"),
        tr(lang, "регион", "region"),
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
    let f = &r.body.flow;
    let mut s = Section::new(
        tr(lang, "Скорость реакции", "Flow"),
        &[
            (tr(lang, "от открытия", "from opening"), L),
            ("n", R),
            (tr(lang, "медиана", "median"), R),
            ("p90", R),
        ],
    );
    let row = |name: &str, d: &Durations| {
        vec![
            name.to_owned(),
            d.count.to_string(),
            labels::duration(d.median_seconds, lang),
            labels::duration(d.p90_seconds, lang),
        ]
    };
    s.rows.push(row(
        tr(lang, "до взятия в работу", "to the first claim"),
        &f.detect,
    ));
    s.rows.push(row(
        tr(
            lang,
            "до первого сообщения покупателю",
            "to the first message to the buyer",
        ),
        &f.first_contact,
    ));
    s.rows
        .push(row(tr(lang, "до закрытия", "to the close"), &f.resolve));
    s.notes.push(format!(
        "{}: {}; {}: {}",
        tr(lang, "не взяты в работу", "never claimed"),
        f.unclaimed,
        tr(lang, "без сообщения покупателю", "no message to the buyer"),
        f.not_contacted
    ));
    s.notes.push(format!(
        "{}: {}; {}: {}",
        tr(
            lang,
            "замечено раньше покупателя",
            "detected before the buyer wrote"
        ),
        labels::rate(&f.detected_before_buyer, lang),
        tr(lang, "открыто повторно", "reopened"),
        labels::rate(&f.reopened, lang)
    ));
    s
}

fn cost(r: &Report, lang: Lang) -> [Section; 3] {
    let c = &r.body.cost;
    let amount_cols = |key: &'static str| {
        [
            (key, L),
            (tr(lang, "сумма", "amount"), R),
            (tr(lang, "записей", "entries"), R),
        ]
    };
    let mut causes = Section::new(
        format!(
            "{}: {} ({}: {})",
            tr(lang, "Компенсации", "Compensation given"),
            labels::money(c.compensation, lang),
            tr(lang, "записей", "entries"),
            c.entries
        ),
        &amount_cols(tr(lang, "причина", "cause")),
    );
    for a in &c.by_cause {
        causes.rows.push(vec![
            labels::cause(&a.key, lang),
            labels::money(a.amount, lang),
            a.entries.to_string(),
        ]);
    }
    let mut carriers = Section::new(
        tr(
            lang,
            "Компенсации по службам доставки",
            "Compensation by carrier",
        ),
        &amount_cols(tr(lang, "служба доставки", "carrier")),
    );
    for a in &c.by_carrier {
        carriers.rows.push(vec![
            labels::name(&a.key),
            labels::money(a.amount, lang),
            a.entries.to_string(),
        ]);
    }
    let m = &c.date_moves;
    let mut moves = Section::new(
        tr(lang, "Переносы даты доставки", "Delivery date moves"),
        &[
            (tr(lang, "служба доставки", "carrier"), L),
            (tr(lang, "переносов", "moves"), R),
        ],
    );
    for k in &m.by_carrier {
        moves
            .rows
            .push(vec![labels::name(&k.key), k.count.to_string()]);
    }
    moves.notes.push(format!(
        "{}, {}; {}; {}: {}",
        MOVES.count(m.moves, lang),
        ORDERS.count(m.orders, lang),
        match lang {
            Lang::Ru => format!("сдвиг в сумме — {}", DAYS.count(m.shift_days, lang)),
            Lang::En => format!("{} in all", DAYS.count(m.shift_days, lang)),
        },
        tr(lang, "сделано агентами", "made by agents"),
        m.by_agents
    ));
    let u = &c.unredeemed;
    moves.notes.push(format!(
        "{}: {}, {}",
        tr(lang, "невыкупов вернулось", "unredeemed parcels back"),
        u.parcels,
        labels::money(u.value, lang)
    ));
    [causes, carriers, moves]
}

fn scorecard(r: &Report, lang: Lang) -> Section {
    let mut s = Section::new(
        tr(lang, "Карточка служб доставки", "Carrier scorecard"),
        &[
            (tr(lang, "служба доставки", "carrier"), L),
            (tr(lang, "заказов", "orders"), R),
            (tr(lang, "опоздали", "late"), R),
            (tr(lang, "потеряны", "lost"), R),
            (tr(lang, "медиана опоздания, дн.", "median days late"), R),
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
