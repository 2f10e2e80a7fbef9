//! The API face of community voice: proposals, support, following,
//! comments, official answers, reports and the stewards' queue.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::voice::ProposalInput;
use plural_store::voice::{Answer, Proposal};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service;
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerView {
    pub id: String,
    /// `under_consideration`, `accepted`, `in_progress`, `done` or `not_taken_forward`.
    pub state: String,
    pub body: String,
    /// Slug of the verified public body that answered; null: the place's stewards.
    pub group: Option<String>,
    pub group_name: Option<String>,
    /// The display name of the person who wrote it for the body.
    pub author_name: Option<String>,
    pub created_at: i64,
}

impl AnswerView {
    fn of(a: Answer) -> Self {
        AnswerView {
            id: a.id,
            state: a.state.as_str().into(),
            body: a.body,
            group: a.group_slug,
            group_name: a.group_name,
            author_name: a.author_name,
            created_at: a.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProposalView {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    /// Slug of the place it is about.
    pub place: String,
    pub author_name: Option<String>,
    /// `draft` (seen by its author only) or `published`.
    pub status: String,
    /// The state of the latest official answer; null until answered.
    pub answer_state: Option<String>,
    /// How many people support it (each once).
    pub supports: i64,
    pub comments: i64,
    /// Whether it still gathers support (until a decision is taken).
    pub open_for_support: bool,
    pub created_at: i64,
    pub published_at: Option<i64>,
    /// The official answer then progress updates, oldest first (only in a single proposal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<AnswerView>>,
}

impl ProposalView {
    fn of(p: &Proposal) -> Self {
        ProposalView {
            id: p.id.clone(),
            title: p.title.clone(),
            summary: p.summary.clone(),
            body: p.body.clone(),
            place: p.place_slug.clone(),
            author_name: p.author_name.clone(),
            status: p.status.as_str().into(),
            answer_state: p.answer_state.map(|s| s.as_str().to_string()),
            supports: p.supports,
            comments: p.comments,
            open_for_support: service::gathers_support(p),
            created_at: p.created_at,
            published_at: p.published_at,
            answers: None,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// A place's slug.
    pub place: Option<String>,
    /// An answer state, or `unanswered`.
    pub state: Option<String>,
}

/// Published proposals, newest first.
#[utoipa::path(get, path = "/api/v1/proposals", tag = "voice", params(ListQuery),
    responses((status = 200, body = Vec<ProposalView>), (status = 404, description = "No such place", body = Problem)))]
pub async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> WebResult<Json<Vec<ProposalView>>> {
    let f = service::filter(&state, q.place.as_deref().unwrap_or(""), q.state.as_deref().unwrap_or("")).await?;
    Ok(Json(service::list(&state, &f).await?.iter().map(ProposalView::of).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalBody {
    /// Slug of the place it is about.
    pub place: String,
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    #[serde(default)]
    pub body: String,
    /// Publish at once; otherwise it is kept as a draft.
    #[serde(default)]
    pub publish: bool,
}

/// Propose something for a place (a draft unless `publish` is true).
#[utoipa::path(post, path = "/api/v1/proposals", tag = "voice", request_body = ProposalBody,
    responses((status = 201, body = ProposalView), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ProposalBody>,
) -> WebResult<Response> {
    let input = ProposalInput { title: b.title, summary: b.summary, body: b.body };
    let p = service::create(&state, &caller.actor(), &b.place, &input, b.publish).await?;
    Ok((StatusCode::CREATED, Json(ProposalView::of(&p))).into_response())
}

/// A proposal with its official answer and progress updates (a draft: its author only).
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "voice", params(("id" = String, Path)),
    responses((status = 200, body = ProposalView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<ProposalView>> {
    let p = service::load(&state, &caller.actor(), &id).await?;
    let mut view = ProposalView::of(&p);
    view.answers = Some(service::answers(&state, &p).await?.into_iter().map(AnswerView::of).collect());
    Ok(Json(view))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    pub place: String,
    pub title: String,
    pub summary: String,
    #[serde(default)]
    pub body: String,
}

/// Change a draft (its author).
#[utoipa::path(put, path = "/api/v1/proposals/{id}", tag = "voice", params(("id" = String, Path)),
    request_body = DraftBody,
    responses((status = 200, body = ProposalView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Not a draft any more", body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DraftBody>,
) -> WebResult<Json<ProposalView>> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    let input = ProposalInput { title: b.title, summary: b.summary, body: b.body };
    service::update(&state, &actor, &p, &b.place, &input).await?;
    Ok(Json(ProposalView::of(&service::load(&state, &actor, &id).await?)))
}

/// Publish a draft (its author).
#[utoipa::path(post, path = "/api/v1/proposals/{id}/publish", tag = "voice", params(("id" = String, Path)),
    responses((status = 204, description = "Published"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn publish(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    service::publish(&state, &actor, &p).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Support a proposal (once; 409 if you already do, or once it is decided).
#[utoipa::path(put, path = "/api/v1/proposals/{id}/support", tag = "voice", params(("id" = String, Path)),
    responses((status = 204, description = "Supported"), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn support(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    service::support(&state, &actor, &p).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw your support.
#[utoipa::path(delete, path = "/api/v1/proposals/{id}/support", tag = "voice", params(("id" = String, Path)),
    responses((status = 204, description = "Withdrawn"), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn unsupport(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    service::unsupport(&state, &actor, &p).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Follow a proposal: an email when it is answered or its progress updated.
#[utoipa::path(put, path = "/api/v1/proposals/{id}/follow", tag = "voice", params(("id" = String, Path)),
    responses((status = 204, description = "Following"), (status = 404, body = Problem)))]
pub async fn follow(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    service::follow(&state, &actor, &p, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following a proposal.
#[utoipa::path(delete, path = "/api/v1/proposals/{id}/follow", tag = "voice", params(("id" = String, Path)),
    responses((status = 204, description = "Not following"), (status = 404, body = Problem)))]
pub async fn unfollow(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    service::follow(&state, &actor, &p, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CommentView {
    pub id: String,
    /// The comment this replies to.
    pub parent: Option<String>,
    /// Null when removed.
    pub author_name: Option<String>,
    /// Empty when removed by a steward.
    pub body: String,
    pub removed: bool,
    pub created_at: i64,
}

/// A proposal's comments, oldest first (`parent` gives the thread).
#[utoipa::path(get, path = "/api/v1/proposals/{id}/comments", tag = "voice", params(("id" = String, Path)),
    responses((status = 200, body = Vec<CommentView>), (status = 404, body = Problem)))]
pub async fn comments(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<Vec<CommentView>>> {
    let p = service::load(&state, &caller.actor(), &id).await?;
    Ok(Json(
        service::comments(&state, &p)
            .await?
            .into_iter()
            .map(|c| CommentView {
                id: c.id,
                parent: c.parent_id,
                author_name: c.author_name,
                body: c.body,
                removed: c.removed,
                created_at: c.created_at,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentBody {
    pub comment: String,
    /// The id of the comment this replies to.
    #[serde(default)]
    pub parent: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: String,
}

/// Comment on a published proposal, or reply to a comment.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/comments", tag = "voice", params(("id" = String, Path)),
    request_body = CommentBody,
    responses((status = 201, body = Created), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn comment(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CommentBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    let id = service::comment(&state, &actor, &p, b.parent.as_deref().unwrap_or(""), &b.comment).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// The slug of the verified public body you answer for, or `steward`
    /// to answer as a steward of the proposal's place.
    pub by: String,
    /// `under_consideration`, `accepted` or `not_taken_forward` first; then
    /// `in_progress` and `done` for accepted proposals.
    pub state: String,
    /// The reasons, or what was done.
    pub answer: String,
}

/// Give an official answer or a progress update; followers are emailed.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/answers", tag = "voice", params(("id" = String, Path)),
    request_body = AnswerBody,
    responses((status = 201, body = Created),
        (status = 403, description = "Not a verified public body here, nor a steward", body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn answer(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<AnswerBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &id).await?;
    let id = service::answer(&state, &actor, &p, &b.by, &b.state, &b.answer).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = VoiceReportBody)]
pub struct ReportBody {
    pub proposal: String,
    pub comment: String,
    /// `abusive`, `personal_data`, `spam`, `off_topic` or `other`.
    pub reason: String,
    #[serde(default)]
    pub details: String,
}

/// Report a comment to the place's stewards.
#[utoipa::path(post, path = "/api/v1/voice/reports", tag = "voice", request_body = ReportBody,
    responses((status = 201, body = Created), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ReportBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let p = service::load(&state, &actor, &b.proposal).await?;
    let id = service::report(&state, &actor, &p, &b.comment, &b.reason, &b.details).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = VoiceReportView)]
pub struct ReportView {
    pub id: String,
    pub place_name: String,
    pub proposal_id: String,
    pub proposal_title: String,
    pub comment_id: String,
    pub comment_body: String,
    pub reason: String,
    pub details: String,
    pub created_at: i64,
}

/// Reported comments in the places you steward (every place for node admins).
#[utoipa::path(get, path = "/api/v1/voice/reports", tag = "voice",
    responses((status = 200, body = Vec<ReportView>), (status = 403, body = Problem)))]
pub async fn reports(State(state): State<AppState>, caller: Caller) -> WebResult<Json<Vec<ReportView>>> {
    Ok(Json(
        service::queue(&state, &caller.actor())
            .await?
            .into_iter()
            .map(|r| ReportView {
                id: r.id,
                place_name: r.place_name,
                proposal_id: r.proposal_id,
                proposal_title: r.proposal_title,
                comment_id: r.comment_id,
                comment_body: r.comment_body,
                reason: r.reason,
                details: r.details,
                created_at: r.created_at,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = VoiceDecisionBody)]
pub struct DecisionBody {
    /// `remove` takes the comment down; `dismiss` keeps it.
    pub decision: String,
    /// Why, for the public stewardship log (never personal data).
    #[serde(default)]
    pub reason: String,
}

/// Decide a report (the place's stewards and node admins); logged publicly.
#[utoipa::path(post, path = "/api/v1/voice/reports/{id}/decision", tag = "voice", params(("id" = String, Path)),
    request_body = DecisionBody,
    responses((status = 204, description = "Decided"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> WebResult<StatusCode> {
    service::decide(&state, &caller.actor(), &id, &b.decision, &b.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LogView {
    pub actor_name: Option<String>,
    /// `steward`, `node_admin` or `public_body`.
    pub role: String,
    pub action: String,
    pub subject: String,
    pub reason: String,
    pub created_at: i64,
}

/// A place's public stewardship log, newest first.
#[utoipa::path(get, path = "/api/v1/places/{slug}/stewardship-log", tag = "voice", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<LogView>), (status = 404, body = Problem)))]
pub async fn log(State(state): State<AppState>, Path(slug): Path<String>) -> WebResult<Json<Vec<LogView>>> {
    let place = plural_store::places::by_slug(&state.db, &slug).await?.ok_or(crate::error::WebError::not_found())?;
    Ok(Json(
        plural_store::voice::log_of(&state.db, place.id, 500)
            .await?
            .into_iter()
            .map(|l| LogView {
                actor_name: l.actor_name,
                role: l.role,
                action: l.action,
                subject: l.subject,
                reason: l.reason,
                created_at: l.created_at,
            })
            .collect(),
    ))
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, create, show, update, publish, support, unsupport, follow, unfollow, comments, comment, answer, report,
        reports, decide, log),
    tags((name = "voice", description = "Community voice: proposals, support, comments and official answers"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/proposals", list)
        .api(Method::POST, "/api/v1/proposals", create)
        .api(Method::GET, "/api/v1/proposals/{id}", show)
        .api(Method::PUT, "/api/v1/proposals/{id}", update)
        .api(Method::POST, "/api/v1/proposals/{id}/publish", publish)
        .api(Method::PUT, "/api/v1/proposals/{id}/support", support)
        .api(Method::DELETE, "/api/v1/proposals/{id}/support", unsupport)
        .api(Method::PUT, "/api/v1/proposals/{id}/follow", follow)
        .api(Method::DELETE, "/api/v1/proposals/{id}/follow", unfollow)
        .api(Method::GET, "/api/v1/proposals/{id}/comments", comments)
        .api(Method::POST, "/api/v1/proposals/{id}/comments", comment)
        .api(Method::POST, "/api/v1/proposals/{id}/answers", answer)
        .api(Method::POST, "/api/v1/voice/reports", report)
        .api(Method::GET, "/api/v1/voice/reports", reports)
        .api(Method::POST, "/api/v1/voice/reports/{id}/decision", decide)
        .api(Method::GET, "/api/v1/places/{slug}/stewardship-log", log)
}
