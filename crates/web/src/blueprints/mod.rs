//! Blueprints: community apps packaged as data so any place can adopt and
//! adapt them. This node serves the blueprint JSON Schema at
//! `/blueprints/schema.json`, lists the blueprints installed on it (those
//! shipped in the repository's `blueprints/` folder), checks blueprints
//! sent to it, and lets a group adopt one: a campaign is created from it,
//! pre-filled, with its stage deadlines computed from the dates the
//! organiser enters.
//!
//! Not yet here (see ARCHITECTURE.md): signing and provenance chains, a
//! node's own published catalogue and its signed JSON feed, browsing other
//! nodes' catalogues (the federation helper's ActivityPub side plugs in at
//! `service::installed`, which is where remote catalogues would be merged),
//! publishing adaptations and new versions with a diff.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
