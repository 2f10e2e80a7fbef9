//! Notices: short public announcements by a group ("Food bank closed on
//! Monday"), or by a place's stewards for the whole place ("Road closure on
//! High Street"). Shown on the place's and the group's pages until they
//! expire, and federated as ActivityStreams `Note`s (`federation.rs`).

pub mod api;
pub mod federation;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
