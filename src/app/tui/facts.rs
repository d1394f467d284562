//! What the dashboard reads of an incident beyond its typed fields: the step it is
//! on while open (the cache stores the last one, `Analyse`, once all are settled).

use crate::cache::Incident;
use crate::domain::incident::steps::{self, Step};

/// The first step not done or skipped yet.
pub fn current_step(i: &Incident) -> Option<Step> {
    steps::current(&i.steps)
}
