//! Blueprints: community apps packaged as data so any place can adopt and
//! adapt them. This node serves the blueprint JSON Schema at
//! `/blueprints/schema.json`, lists the blueprints installed on it (those
//! shipped in the repository's `blueprints/` folder), checks blueprints
//! sent to it, and lets a group adopt one: a campaign is created from it,
//! pre-filled, with its stage deadlines computed from the dates the
//! organiser enters.
//!
//! Each node signs what it lists with an Ed25519 key derived from its node
//! key; `/blueprints/feed.json` is its catalogue as plain signed JSON, and
//! `remote` reads and checks another node's. The ActivityPub face of the
//! catalogue belongs to the federation layer: it should carry the same
//! signed documents (`provenance::Signed`) and merge what it receives
//! beside `service::catalogue`. Blueprints published here or installed
//! from elsewhere (`plural blueprint publish|install`) are kept as signed
//! documents (`plural_store::blueprints`) and join the catalogue; an
//! adopted campaign can be published as an adaptation. Not yet here (see
//! ARCHITECTURE.md): telling adopters of new versions.

pub mod api;
pub mod follow;
pub mod pages;
pub mod remote;
pub mod service;
pub mod update_pages;
pub mod updates;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes()).merge(update_pages::routes())
}
