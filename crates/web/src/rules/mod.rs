//! Node rules: the `/rules` page and API, proposals decided by a poll of
//! the node's members, and the job that applies a closed poll's outcome.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
