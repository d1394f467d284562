//! The incident's typed fields to and from their columns — the only place they are
//! converted. Steps and compensation are JSON in their columns, the step a number, the
//! root cause and fault owner their stable ids. A value this build cannot read (a newer
//! build wrote it, or it was damaged) reads as "not set" rather than failing the whole
//! incident.

use rusqlite::types::ToSql;
use rusqlite::{Row, Transaction, params_from_iter};

use super::Incident;
use crate::cache::{from_ts, ts};
use crate::domain::incident::compensation::Given;
use crate::domain::incident::steps::{
    FaultOwner, RootCause, Step, states_from_json, states_to_json,
};

/// The columns an act may change, in the order `Changeable::values` gives them.
pub(super) const CHANGEABLE: &str = "step, steps, notes, carrier_answer, compensation, \
    closed_at, closed_by, root_cause, fault_owner, detected_before_buyer, lesson, last_error";

/// The fields an act may change, as their columns hold them.
pub(super) struct Changeable {
    step: i64,
    steps: String,
    notes: String,
    carrier_answer: Option<String>,
    compensation: String,
    closed_at: Option<i64>,
    closed_by: Option<String>,
    root_cause: Option<&'static str>,
    fault_owner: Option<&'static str>,
    detected_before_buyer: Option<bool>,
    lesson: Option<String>,
    last_error: Option<String>,
}

impl Changeable {
    pub(super) fn of(i: &Incident) -> Changeable {
        Changeable {
            step: i64::from(i.step.number()),
            steps: states_to_json(&i.steps),
            notes: i.notes.clone(),
            carrier_answer: i.carrier_answer.clone(),
            compensation: serde_json::to_string(&i.compensation).unwrap_or_else(|_| "[]".into()),
            closed_at: i.closed_at.map(ts),
            closed_by: i.closed_by.clone(),
            root_cause: i.root_cause.map(RootCause::id),
            fault_owner: i.fault_owner.map(FaultOwner::id),
            detected_before_buyer: i.detected_before_buyer,
            lesson: i.lesson.clone(),
            last_error: i.last_error.clone(),
        }
    }

    /// The values for `CHANGEABLE`, in its order.
    pub(super) fn values(&self) -> [&dyn ToSql; 12] {
        [
            &self.step,
            &self.steps,
            &self.notes,
            &self.carrier_answer,
            &self.compensation,
            &self.closed_at,
            &self.closed_by,
            &self.root_cause,
            &self.fault_owner,
            &self.detected_before_buyer,
            &self.lesson,
            &self.last_error,
        ]
    }
}

/// Reads the `CHANGEABLE` columns, starting at column `at` of `r`, over `base`.
pub(super) fn read_changeable(
    r: &Row<'_>,
    at: usize,
    base: Incident,
) -> rusqlite::Result<Incident> {
    Ok(Incident {
        step: Step::from_number(r.get(at)?).unwrap_or_default(),
        steps: states_from_json(&r.get::<_, String>(at + 1)?).unwrap_or_default(),
        notes: r.get(at + 2)?,
        carrier_answer: r.get(at + 3)?,
        compensation: compensation_from_column(&r.get::<_, String>(at + 4)?),
        closed_at: r.get::<_, Option<i64>>(at + 5)?.map(from_ts),
        closed_by: r.get(at + 6)?,
        root_cause: r
            .get::<_, Option<String>>(at + 7)?
            .and_then(|id| RootCause::from_id(&id)),
        fault_owner: r
            .get::<_, Option<String>>(at + 8)?
            .and_then(|id| FaultOwner::from_id(&id)),
        detected_before_buyer: r.get(at + 9)?,
        lesson: r.get(at + 10)?,
        last_error: r.get(at + 11)?,
        ..base
    })
}

/// `incidents.compensation`: the entries given; a ledger this build cannot read counts
/// as nothing given, never as a failure.
pub(in crate::cache) fn compensation_from_column(json: &str) -> Vec<Given> {
    serde_json::from_str(json).unwrap_or_default()
}

/// Writes `after`'s changeable fields and its version over incident `id`, if it is
/// still at `expected_version`. Returns the rows changed (0: it was not).
pub(super) fn write_changes(
    tx: &Transaction<'_>,
    id: i64,
    after: &Incident,
    expected_version: i64,
) -> rusqlite::Result<usize> {
    let sets = CHANGEABLE
        .split(',')
        .enumerate()
        .map(|(n, c)| format!("{} = ?{}", c.trim(), n + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let changeable = Changeable::of(after);
    let mut values: Vec<&dyn ToSql> = vec![&id];
    values.extend(changeable.values());
    values.push(&after.version);
    values.push(&expected_version);
    tx.execute(
        &format!("UPDATE incidents SET {sets}, version = ?14 WHERE id = ?1 AND version = ?15"),
        params_from_iter(values),
    )
}
