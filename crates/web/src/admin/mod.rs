//! Running the node: counts, the job queue, and managing people (node
//! admins only).

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
