//! The API face of participatory budgets.

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::budgets::Outcome;
use plural_store::budgets::{Budget, Project};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::budgets as service;
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectView {
    pub id: String,
    pub title: String,
    pub description: String,
    /// Whole units of the budget's currency.
    pub cost: i64,
    /// `pending`, `accepted` or `rejected`.
    pub review: String,
    pub review_note: String,
    /// Once closed: its votes, and `funded`, `did_not_fit` or `no_votes`.
    pub votes: Option<u64>,
    pub outcome: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BudgetView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub place: String,
    /// Whole units (pounds).
    pub amount: i64,
    /// `proposing`, `reviewing`, `voting` or `closed`.
    pub stage: String,
    pub voters: i64,
    pub projects: Vec<ProjectView>,
    /// Once closed: what was not spent.
    pub left_over: Option<i64>,
}

async fn view(state: &AppState, b: Budget, projects: Vec<Project>) -> WebResult<BudgetView> {
    let results = if b.stage == plural_kernel::budgets::Stage::Closed {
        Some(service::results(state, &b, &projects).await?)
    } else {
        None
    };
    let projects = projects
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let fared = results.as_ref().and_then(|r| r.fared.iter().find(|f| f.project == i));
            ProjectView {
                id: p.id,
                title: p.title,
                description: p.description,
                cost: p.cost,
                review: p.review.as_str().into(),
                review_note: p.review_note,
                votes: fared.map(|f| f.votes),
                outcome: fared.map(|f| {
                    match f.outcome {
                        Outcome::Funded => "funded",
                        Outcome::DidNotFit => "did_not_fit",
                        Outcome::NoVotes => "no_votes",
                    }
                    .to_string()
                }),
            }
        })
        .collect();
    Ok(BudgetView {
        id: b.id,
        title: b.title,
        description: b.description,
        place: b.place_slug,
        amount: b.amount,
        stage: b.stage.as_str().into(),
        voters: b.voters,
        projects,
        left_over: results.map(|r| r.left_over),
    })
}

/// Participatory budgets, newest first.
#[utoipa::path(get, path = "/api/v1/budgets", tag = "budgets", responses((status = 200, body = Vec<BudgetView>)))]
pub async fn list(State(state): State<AppState>) -> WebResult<Json<Vec<BudgetView>>> {
    let mut out = Vec::new();
    for b in service::list(&state).await? {
        out.push(view(&state, b, Vec::new()).await?);
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetBody {
    /// The place's slug.
    pub place: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Whole units, as text: `25000` or `£25,000`.
    pub amount: String,
}

/// Open a participatory budget for a place (its stewards, node admins).
#[utoipa::path(post, path = "/api/v1/budgets", tag = "budgets", request_body = BudgetBody,
    responses((status = 201, body = BudgetView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<BudgetBody>,
) -> WebResult<Response> {
    let budget = service::create(&state, &caller.actor(), &b.place, &b.title, &b.description, &b.amount).await?;
    Ok((StatusCode::CREATED, Json(view(&state, budget, Vec::new()).await?)).into_response())
}

/// A budget with its projects (and, once closed, how each fared).
#[utoipa::path(get, path = "/api/v1/budgets/{id}", tag = "budgets", params(("id" = String, Path)),
    responses((status = 200, body = BudgetView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<BudgetView>> {
    let (b, projects) = service::load(&state, &id).await?;
    Ok(Json(view(&state, b, projects).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectBody {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Whole units, as text; no more than the budget.
    pub cost: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: String,
}

/// Propose a project while the budget takes projects.
#[utoipa::path(post, path = "/api/v1/budgets/{id}/projects", tag = "budgets", params(("id" = String, Path)),
    request_body = ProjectBody,
    responses((status = 201, body = Created), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn propose(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<ProjectBody>,
) -> WebResult<Response> {
    let (b, _) = service::load(&state, &id).await?;
    let id = service::propose(&state, &caller.actor(), &b, &p.title, &p.description, &p.cost).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// `accepted` or `rejected`.
    pub decision: String,
    /// Why, shown with the project.
    #[serde(default)]
    pub note: String,
}

/// Accept or reject a project (the stewards, while in review).
#[utoipa::path(post, path = "/api/v1/budgets/{id}/projects/{project}/review", tag = "budgets",
    params(("id" = String, Path), ("project" = String, Path)), request_body = ReviewBody,
    responses((status = 204, description = "Reviewed"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn review(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, project)): Path<(String, String)>,
    ApiJson(r): ApiJson<ReviewBody>,
) -> WebResult<StatusCode> {
    let (b, _) = service::load(&state, &id).await?;
    service::review(&state, &caller.actor(), &b, &project, &r.decision, &r.note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = BudgetStageView)]
pub struct StageView {
    pub stage: String,
}

/// Move the budget to its next stage (proposing → reviewing → voting → closed).
#[utoipa::path(post, path = "/api/v1/budgets/{id}/advance", tag = "budgets", params(("id" = String, Path)),
    responses((status = 200, body = StageView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn advance(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<StageView>> {
    let (b, projects) = service::load(&state, &id).await?;
    let stage = service::advance(&state, &caller.actor(), &b, &projects).await?;
    Ok(Json(StageView { stage: stage.as_str().into() }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SelectionBody {
    /// Ids of accepted projects, costing together no more than the budget.
    pub projects: Vec<String>,
}

/// Vote, once: a selection that fits the budget.
#[utoipa::path(post, path = "/api/v1/budgets/{id}/ballots", tag = "budgets", params(("id" = String, Path)),
    request_body = SelectionBody,
    responses((status = 204, description = "Counted"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn vote(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(s): ApiJson<SelectionBody>,
) -> WebResult<StatusCode> {
    let (b, projects) = service::load(&state, &id).await?;
    service::vote(&state, &caller.actor(), &b, &projects, &s.projects).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, create, show, propose, review, advance, vote),
    tags((name = "budgets", description = "Participatory budgets: projects with costs, review, votes within the budget"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/budgets", list)
        .api(Method::POST, "/api/v1/budgets", create)
        .api(Method::GET, "/api/v1/budgets/{id}", show)
        .api(Method::POST, "/api/v1/budgets/{id}/projects", propose)
        .api(Method::POST, "/api/v1/budgets/{id}/projects/{project}/review", review)
        .api(Method::POST, "/api/v1/budgets/{id}/advance", advance)
        .api(Method::POST, "/api/v1/budgets/{id}/ballots", vote)
}
