//! Imports: services and events published elsewhere (Open Referral HSDS,
//! iCalendar files and subscriptions, CSV) written into this node. The
//! command line and the admin pages call the same functions; every import
//! ends with a [`report::Report`] of what was taken and what was refused.

pub mod api;
pub mod csv;
pub mod hsds;
pub mod ical;
pub mod pages;
pub mod report;
pub mod service;
pub mod subscriptions;
mod tabular;

use crate::routes::Routes;

pub fn routes() -> Routes {
    api::routes().merge(pages::routes())
}

/// Whether `path` receives an uploaded file, and so the larger body limit
/// (`import_max_bytes`).
pub fn is_upload(path: &str) -> bool {
    path.starts_with("/api/v1/imports/") || pages::UPLOADS.iter().any(|(p, _)| *p == path)
}
