//! The admin page: the node at a glance and its people.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::authz::{self, Action};
use plural_store::people::Person;
use plural_store::places::NodeCounts;

use super::service;
use crate::api::PageQuery;
use crate::error::WebResult;
use crate::forms::FormData;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "admin/index.html")]
struct AdminPage {
    page: Page,
    counts: NodeCounts,
    jobs: Vec<(String, i64)>,
    people: Vec<Person>,
    me: plural_kernel::PersonId,
    page_no: i64,
    prev: Option<i64>,
    next: Option<i64>,
}

async fn index(State(state): State<AppState>, v: Visitor, Query(q): Query<PageQuery>) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::ManagePeople)?;
    let me = v.require()?.id;
    let page_no = q.page.unwrap_or(1).max(1);
    let counts = plural_store::places::node_counts(&state.db).await?;
    let jobs = plural_store::jobs::counts(&state.db)
        .await?
        .into_iter()
        .map(|(status, n)| match status.as_str() {
            "queued" | "running" | "done" | "failed" => (v.t(&format!("admin-job-{status}")), n),
            _ => (status, n),
        })
        .collect();
    let people = plural_store::people::list(&state.db, PER_PAGE, (page_no - 1) * PER_PAGE).await?;
    let prev = (page_no > 1).then_some(page_no - 1);
    let next = (page_no * PER_PAGE < counts.people).then_some(page_no + 1);
    let page = v.page(&state, v.t("admin-title"));
    Ok(render(&AdminPage { page, counts, jobs, people, me, page_no, prev, next }))
}

fn wants(form: &FormData, field: &str) -> bool {
    form.checked(field)
}

async fn set_admin(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::ManagePeople)?;
    let admin = v.require()?;
    let target = service::target(&state, &id).await?;
    let grant = wants(&form, "admin");
    service::set_node_admin(&state, admin, &target, grant).await?;
    let notice = if grant { "admin-granted" } else { "admin-revoked" };
    Ok(Redirect::to(&format!("/admin?notice={notice}")).into_response())
}

async fn set_disabled(
    State(state): State<AppState>,
    v: Visitor,
    Path(id): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::ManagePeople)?;
    let admin = v.require()?;
    let target = service::target(&state, &id).await?;
    let disabled = wants(&form, "disabled");
    service::set_disabled(&state, admin, &target, disabled).await?;
    let notice = if disabled { "person-disabled" } else { "person-enabled" };
    Ok(Redirect::to(&format!("/admin?notice={notice}")).into_response())
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/admin", index).page(Method::POST, "/admin/people/{id}/admin", set_admin).page(
        Method::POST,
        "/admin/people/{id}/disable",
        set_disabled,
    )
}
