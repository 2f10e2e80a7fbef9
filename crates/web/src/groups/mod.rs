//! Groups: organisations, collectives and campaign teams in a place, with
//! owners, admins and members, join requests and invitation links.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
