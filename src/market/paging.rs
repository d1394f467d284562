//! The page tokens of one paging loop: where the list ends, and a loop that would
//! never end. The Market has been seen to hand back a token already followed
//! (A → B → A); a loop that trusts it pages forever, so every loop over pages keeps
//! the tokens it followed.

use std::collections::HashSet;

use super::error::MarketError;

/// The tokens one paging loop has followed, for one endpoint.
#[derive(Debug)]
pub struct PageTrail {
    endpoint: String,
    followed: HashSet<String>,
}

impl PageTrail {
    /// A loop over the pages of `endpoint` (`METHOD /path`, as errors name it).
    pub fn new(endpoint: impl Into<String>) -> Self {
        Self {
            endpoint: endpoint.into(),
            followed: HashSet::new(),
        }
    }

    /// The token of the page to read next: `None` at the end of the list (no token,
    /// or an empty one). A token this loop has already followed is an error: its pages
    /// go round in a circle.
    pub fn next(&mut self, next: Option<String>) -> Result<Option<String>, MarketError> {
        let Some(token) = next.filter(|t| !t.is_empty()) else {
            return Ok(None);
        };
        if !self.followed.insert(token.clone()) {
            return Err(MarketError::Broken {
                endpoint: self.endpoint.clone(),
                detail: format!(
                    "its page tokens go round in a circle: after {} pages the next token \
                     leads back to a page already read",
                    self.followed.len() + 1
                ),
            });
        }
        Ok(Some(token))
    }
}

#[cfg(test)]
mod tests;
