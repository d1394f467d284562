//! The Analysis screen at 80×24 and 120×40: the Pareto, the carrier scorecard with the
//! cursor on a bar, incidents per day and the tables under them; and while the report
//! is being computed.

use super::fixtures::state;
use super::render;
use crate::app::tui::state::{AppState, Chart, Mode};
use crate::base::lang::Lang;
use crate::service::report::headline::compare;
use crate::service::report::incidents::DayCount;
use crate::service::report::stats::Rate;
use crate::service::report::{Body, CarrierScore, CauseRow, IncidentCounts, Report, SCHEMA};

fn report(s: &AppState) -> Report {
    let cause = |id: &str, owner: &str, count: u64, share: f64, cumulative_share: f64| CauseRow {
        cause: id.into(),
        owner: owner.into(),
        count,
        share,
        cumulative_share,
    };
    let carrier = |name: &str, orders: u64, late: u64, lost: u64| CarrierScore {
        carrier: name.into(),
        orders,
        late: Rate::new(late, orders),
        lost: Rate::new(lost, orders),
        median_days_late: Some(2),
    };
    let per_day: Vec<DayCount> = s
        .analysis
        .period
        .each_day()
        .zip([4, 7, 3, 9, 12, 5, 6])
        .map(|(d, n)| DayCount {
            day: d.to_string(),
            opened: n,
            closed: n / 2,
        })
        .collect();
    let body = Body {
        incidents: IncidentCounts {
            opened: 46,
            closed: 20,
            open_at_end: 26,
            per_day,
        },
        causes: vec![
            cause("carrier_delay", "carrier", 9, 0.45, 0.45),
            cause("missed_handover", "seller", 5, 0.25, 0.70),
            cause("address", "buyer", 4, 0.20, 0.90),
            cause("lost", "carrier", 2, 0.10, 1.0),
        ],
        carriers: vec![
            carrier("СДЭК", 240, 31, 2),
            carrier("Boxberry", 120, 9, 0),
            carrier("Почта России", 60, 14, 3),
        ],
        ..Body::default()
    };
    let previous = Body {
        incidents: IncidentCounts {
            opened: 38,
            closed: 25,
            ..IncidentCounts::default()
        },
        ..Body::default()
    };
    Report {
        schema: SCHEMA,
        generated_at: "2026-11-26T08:00:00Z".into(),
        period: s.analysis.period.info(),
        previous_period: s.analysis.period.previous().info(),
        by: s.analysis.by,
        headline: compare(&body, &previous),
        body,
    }
}

pub(super) fn analysis(lang: Lang, computed: bool) -> AppState {
    let mut s = state(lang);
    s.mode = Mode::Analysis;
    if computed {
        s.analysis.report = Some(Box::new(report(&s)));
        s.analysis.chart = Chart::Carriers;
        s.analysis.cursor = 2;
    }
    s
}

#[test]
fn analysis_screen_at_120x40_en() {
    insta::assert_snapshot!(
        "analysis_120x40_en",
        render(&analysis(Lang::En, true), 120, 40).backend()
    );
}

#[test]
fn analysis_screen_at_80x24_ru() {
    insta::assert_snapshot!(
        "analysis_80x24_ru",
        render(&analysis(Lang::Ru, true), 80, 24).backend()
    );
}

#[test]
fn analysis_screen_says_it_computes_until_the_report_comes() {
    let screen = format!("{:?}", render(&analysis(Lang::En, false), 80, 24).backend());
    assert!(screen.contains("Computing the report"), "{screen}");
}

#[test]
fn analysis_screen_never_panics_at_any_size() {
    let s = analysis(Lang::Ru, true);
    for w in (20..=130).step_by(7) {
        for h in (5..=45).step_by(4) {
            render(&s, w, h);
        }
    }
}
