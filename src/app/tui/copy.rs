//! `Y`: the selected order's id to the clipboard — what an agent pastes into the
//! Market's cabinet — and, pressed again while that notice is still on the line, the
//! order's track code, for the carrier's site. The copy itself is the event loop's
//! (`Effect::Copy`, through `clipboard`).

use super::action::Effect;
use super::i18n::strings;
use super::state::{AppState, NOTICE_SECONDS};
use crate::base::text::clean;
use crate::base::words::fill;

/// `Y` on the list.
pub(super) fn id(state: &mut AppState) -> Vec<Effect> {
    let Some(row) = state.selected_row() else {
        return vec![];
    };
    let order_id = row.order.order_id;
    let track = row.order.tracks.first().map(|t| clean(t).into_owned());
    let again = state
        .copied
        .is_some_and(|(id, at)| id == order_id && (state.now - at).num_seconds() < NOTICE_SECONDS);
    let lang = state.lang;
    if again && let Some(track) = track {
        state.copied = None;
        let what = fill(
            strings(lang).copied_track,
            &[("track", &track), ("id", &order_id)],
        );
        return vec![Effect::Copy { text: track, what }];
    }
    state.copied = Some((order_id, state.now));
    let s = strings(lang);
    let what = match track {
        Some(t) => fill(s.copied_id_track, &[("id", &order_id), ("track", &t)]),
        None => fill(s.copied_id, &[("id", &order_id)]),
    };
    vec![Effect::Copy {
        text: order_id.to_string(),
        what,
    }]
}

#[cfg(test)]
mod tests;
