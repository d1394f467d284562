//! The resolution workflow's pure core: the seven steps and root causes, rule checks
//! before writes, message lint, templates, reroute options and compensation. Plain
//! functions over plain data and a `now` passed in.
//!
//! Every text meant for an agent comes as a [`Msg`](crate::base::words::Msg) holding both languages, so the
//! caller picks one with `Msg::get` and nothing here needs to know the UI language.

pub mod checks;
pub mod compensation;
pub mod lint;
pub mod reroute;
pub mod status_options;
pub mod steps;
pub mod template;
mod template_vars;

#[cfg(test)]
pub(crate) mod fixtures;

use serde::Deserialize;

/// The `[incident]` section of the config: the date-move budget, the compensation
/// catalogue and the carriers an order can be handed over to. Every part has the
/// product's defaults, so an absent section is a working one.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IncidentConfig {
    pub date_budget: checks::DateBudget,
    pub compensation: Vec<compensation::CompensationKind>,
    pub carriers: Vec<compensation::CarrierContact>,
    /// A claim untouched this long is nobody's: another agent may take the order.
    pub claim_idle_minutes: i64,
}

/// A claim untouched for this long is nobody's: another agent may take the order.
/// The default of the config's `[incident] claim_idle_minutes`.
pub const CLAIM_IDLE_MINUTES: i64 = 30;

impl Default for IncidentConfig {
    fn default() -> Self {
        IncidentConfig {
            date_budget: checks::DateBudget::default(),
            compensation: compensation::default_catalogue(),
            carriers: Vec::new(),
            claim_idle_minutes: CLAIM_IDLE_MINUTES,
        }
    }
}

impl IncidentConfig {
    /// The compensation kind of the catalogue with this id.
    pub fn compensation_kind(&self, id: &str) -> Option<&compensation::CompensationKind> {
        self.compensation.iter().find(|k| k.id == id)
    }

    /// Checks the values; on error, the key and what is wrong (for `ConfigError`).
    pub fn validate(&self) -> Result<(), (&'static str, String)> {
        self.date_budget
            .validate()
            .map_err(|e| ("incident.date_budget", e))?;
        compensation::validate_catalogue(&self.compensation)
            .map_err(|e| ("incident.compensation", e))?;
        if !(1..=1440).contains(&self.claim_idle_minutes) {
            return Err((
                "incident.claim_idle_minutes",
                format!("{} is out of range 1..=1440", self.claim_idle_minutes),
            ));
        }
        compensation::validate_carriers(&self.carriers).map_err(|e| ("incident.carriers", e))
    }
}

#[cfg(test)]
mod tests;
