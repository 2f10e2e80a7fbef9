//! A person's own account: profile, email, password, sessions, tokens, the
//! log of accesses to their data, export and erasure.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
