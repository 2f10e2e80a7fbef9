//! Events: one-off and repeating events organised by groups, with RSVPs and
//! waiting lists, calendars (iCalendar) and Atom feeds.

pub mod api;
pub mod feeds;
pub mod pages;
pub mod poster;
pub mod service;
pub mod widget;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes()).merge(feeds::routes()).merge(poster::routes()).merge(widget::routes())
}
