//! A person's own account: profile, email, password, sessions, tokens, the
//! log of accesses to their data, export and erasure; and the public
//! profile of those who chose to be visible to other servers.

pub mod api;
pub mod pages;
pub mod profile;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes()).merge(profile::routes())
}
