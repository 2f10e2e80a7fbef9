//! Campaigns: a group in a place working towards a goal, with stages and
//! deadlines, updates, linked events and an outcome; a petition (one
//! signature per person, with a locality that is a place or a postcode
//! district, never an address), pledges that Plural records but never
//! collects, supporters who get updates by email, a public page that works
//! as the campaign's website, a poster and an embeddable counter.

pub mod api;
pub mod pages;
pub mod service;
pub mod widget;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(widget::routes()).merge(api::routes())
}
