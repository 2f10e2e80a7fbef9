//! Mutual aid: neighbours offering and asking for everyday help in a place.
//! Responding opens a private conversation between the two people only,
//! through the node (no address is ever shown); anyone can block or report,
//! and a place's stewards work through the reports.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
