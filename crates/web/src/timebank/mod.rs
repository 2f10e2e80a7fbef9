//! The time bank: an hour given is an hour earned. Members record the time
//! they gave (from a mutual aid conversation, or the API), the receiver
//! confirms it, and each member sees their balance.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
