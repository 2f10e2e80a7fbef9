//! Places: the hierarchy of areas a node serves (a borough and its wards),
//! each with a footprint.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
