//! Search and discovery: one search across services, events, opportunities
//! and groups (words, place, distance, dates, category, free, access,
//! language, kind), as a page that works without JavaScript, a JSON API, and
//! an iCalendar feed of the events of any search.

pub mod api;
pub mod pages;
pub mod service;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
