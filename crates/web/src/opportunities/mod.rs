//! Volunteering opportunities: groups publish roles they need filled, and
//! volunteers say "I'm interested" through the node, which passes the
//! message on without handing out anybody's email address.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
