//! OpenActive: the node's events as open data. A dataset site at
//! `/openactive/` (a page for people, with the schema.org `Dataset` for
//! machines) and two RPDE feeds it lists. What changed, and when, is kept by
//! `plural_store::openactive`; these modules only read it.

pub mod dataset;
pub mod rpde;

use axum::http::Method;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/openactive", dataset::redirect)
        .page(Method::GET, "/openactive/", dataset::page)
        .ops(Method::GET, "/openactive/rpde/session-series", rpde::series)
        .ops(Method::GET, "/openactive/rpde/scheduled-sessions", rpde::sessions)
}
