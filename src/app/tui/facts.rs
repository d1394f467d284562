//! What the dashboard reads of an incident as the cache hands it over — the step
//! states, the root cause and its owner, the compensation given — in one place, so
//! that the screens and the keys never parse the stored form themselves.

use crate::cache::Incident;
use crate::domain::incident::compensation::Given;
use crate::domain::incident::steps::{self, FaultOwner, RootCause, Step, StepStates};

/// Each step's state (none when the stored form cannot be read).
pub fn steps(i: &Incident) -> StepStates {
    steps::states_from_json(&i.steps).unwrap_or_default()
}

/// The first step not done or skipped yet.
pub fn current_step(i: &Incident) -> Option<Step> {
    steps::current(&steps(i))
}

/// The root cause it was closed with.
pub fn cause(i: &Incident) -> Option<RootCause> {
    i.root_cause.as_deref().and_then(RootCause::from_id)
}

/// Who is at fault, as stored at closing.
pub fn owner(i: &Incident) -> Option<FaultOwner> {
    i.fault_owner.as_deref().and_then(FaultOwner::from_id)
}

/// The compensation given on it, oldest first.
pub fn given(i: &Incident) -> Vec<Given> {
    serde_json::from_str(&i.compensation).unwrap_or_default()
}
