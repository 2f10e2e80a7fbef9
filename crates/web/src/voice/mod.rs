//! Community voice: proposals that residents make, support and discuss in
//! threaded, moderated comments, with official answers from a verified
//! public body or the place's stewards and progress updates to completion.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(feeds::routes()).merge(api::routes())
}
