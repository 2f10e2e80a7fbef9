//! The directory of services: what local groups and public bodies offer
//! residents (food banks, advice, free wifi, …), published by the groups
//! themselves, shown as pages, and shared as Open Referral HSDS 3.0 at
//! `/openreferral/` so other directories can read it.

pub mod api;
pub mod hsds;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes()).merge(hsds::routes())
}
