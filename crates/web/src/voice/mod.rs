//! Community voice: proposals that residents make, support and discuss in
//! threaded, moderated comments, with official answers from a verified
//! public body or the place's stewards and progress updates to completion;
//! and polls (single, multiple, approval, ranked by instant runoff) whose
//! ballots are stored apart from who voted; and participatory budgets whose
//! selections must fit the budget.

pub mod api;
pub mod budget_api;
pub mod budget_pages;
pub mod budgets;
pub mod consultations;
pub mod feeds;
pub mod insight;
pub mod insight_pages;
pub mod local_reports;
pub mod pages;
pub mod photos;
pub mod poll_api;
pub mod poll_pages;
pub mod polls;
pub mod service;
pub mod surveys;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes()
        .merge(feeds::routes())
        .merge(api::routes())
        .merge(poll_pages::routes())
        .merge(poll_api::routes())
        .merge(budget_pages::routes())
        .merge(budget_api::routes())
        .merge(consultations::routes())
        .merge(insight::routes())
        .merge(insight_pages::routes())
        .merge(surveys::routes())
        .merge(local_reports::routes())
}
