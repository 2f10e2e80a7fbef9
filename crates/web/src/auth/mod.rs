//! Signing up, signing in (password or magic link by email) and signing out.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
