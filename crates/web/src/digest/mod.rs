//! The weekly "what's on near you" email: opting in (on the account page
//! and at `/api/v1/me/digest`), the weekly run, and unsubscribing from a
//! link in the email without signing in.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
