//! The API face of mutual aid: posts, responding, conversations, blocks,
//! reports and the moderation queue.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::mutual_aid::PostInput;
use plural_kernel::{DomainError, PersonId};
use plural_store::mutual_aid::Post;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service;
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct PostView {
    pub id: String,
    /// `offer` or `request`.
    pub kind: String,
    pub category: String,
    pub title: String,
    pub details: String,
    pub when: String,
    /// Slug of the place: where, roughly. Never an address.
    pub place: String,
    pub author_name: Option<String>,
    /// Unix seconds: the end of the last day it is shown.
    pub expires_at: i64,
    /// `open`, `closed` or `removed`.
    pub status: String,
    pub created_at: i64,
}

impl PostView {
    fn of(p: &Post) -> Self {
        PostView {
            id: p.id.clone(),
            kind: p.kind.as_str().into(),
            category: p.category.clone(),
            title: p.title.clone(),
            details: p.details.clone(),
            when: p.when.clone(),
            place: p.place_slug.clone(),
            author_name: p.author_name.clone(),
            expires_at: p.expires_at,
            status: p.status.as_str().into(),
            created_at: p.created_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// A place's slug.
    pub place: Option<String>,
    /// `offer` or `request`.
    pub kind: Option<String>,
    pub category: Option<String>,
}

/// Open offers and requests, newest first.
#[utoipa::path(get, path = "/api/v1/mutual-aid/posts", tag = "mutual-aid", params(ListQuery),
    responses((status = 200, body = Vec<PostView>), (status = 404, description = "No such place", body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Query(q): Query<ListQuery>,
) -> WebResult<Json<Vec<PostView>>> {
    let f = service::filter(
        &state,
        q.place.as_deref().unwrap_or(""),
        q.kind.as_deref().unwrap_or(""),
        q.category.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(Json(service::list(&state, &caller.actor(), &f).await?.iter().map(PostView::of).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    /// `offer` or `request`.
    pub kind: String,
    /// `lifts`, `shopping`, `diy`, `childcare_swaps`, `company`, `tech_help`,
    /// `meals`, `gardening`, `pets` or `other`.
    pub category: String,
    /// Slug of the place: never an address.
    pub place: String,
    pub title: String,
    #[serde(default)]
    pub details: String,
    /// When, in words.
    #[serde(default)]
    pub when: String,
    /// `YYYY-MM-DD`, the last day it is shown (two weeks when left out).
    #[serde(default)]
    pub expires_on: String,
}

/// Offer help, or ask for it.
#[utoipa::path(post, path = "/api/v1/mutual-aid/posts", tag = "mutual-aid", request_body = PostBody,
    responses((status = 201, body = PostView), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<PostBody>,
) -> WebResult<Response> {
    let input = PostInput {
        kind: b.kind,
        category: b.category,
        title: b.title,
        details: b.details,
        when: b.when,
        expires_on: b.expires_on,
    };
    let p = service::create(&state, &caller.actor(), &b.place, &input).await?;
    Ok((StatusCode::CREATED, Json(PostView::of(&p))).into_response())
}

#[utoipa::path(get, path = "/api/v1/mutual-aid/posts/{id}", tag = "mutual-aid", params(("id" = String, Path)),
    responses((status = 200, body = PostView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<PostView>> {
    Ok(Json(PostView::of(&service::load(&state, &caller.actor(), &id).await?)))
}

/// Close your own post.
#[utoipa::path(post, path = "/api/v1/mutual-aid/posts/{id}/close", tag = "mutual-aid", params(("id" = String, Path)),
    responses((status = 204, description = "Closed"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn close(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let post = service::load(&state, &actor, &id).await?;
    service::close(&state, &actor, &post).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationRef {
    /// The private conversation between you and the post's author.
    pub conversation: String,
}

/// Respond to a post: opens a private conversation with its author.
#[utoipa::path(post, path = "/api/v1/mutual-aid/posts/{id}/responses", tag = "mutual-aid", params(("id" = String, Path)),
    request_body = MessageBody,
    responses((status = 201, body = ConversationRef), (status = 403, description = "Blocked", body = Problem),
        (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem),
        (status = 429, body = Problem)))]
pub async fn respond(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MessageBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let post = service::load(&state, &actor, &id).await?;
    let conversation = service::respond(&state, &actor, &post, &b.message).await?;
    Ok((StatusCode::CREATED, Json(ConversationRef { conversation })).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub sender_name: Option<String>,
    /// Whether you sent it.
    pub mine: bool,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ConversationView {
    pub id: String,
    pub post_id: String,
    pub post_title: String,
    /// The other person's display name (never an address).
    pub with_name: Option<String>,
    /// The other person's id, to block or report them.
    pub with: String,
    pub messages: Vec<MessageView>,
}

/// Your conversations.
#[utoipa::path(get, path = "/api/v1/mutual-aid/conversations", tag = "mutual-aid",
    responses((status = 200, body = Vec<ConversationView>), (status = 401, body = Problem)))]
pub async fn conversations(State(state): State<AppState>, caller: Caller) -> WebResult<Json<Vec<ConversationView>>> {
    let me = caller.person.id;
    let all = plural_store::mutual_aid::conversations_of(&state.db, me).await?;
    Ok(Json(all.iter().map(|c| conversation_view(c, me, Vec::new())).collect()))
}

fn conversation_view(
    c: &plural_store::mutual_aid::Conversation,
    me: PersonId,
    messages: Vec<plural_store::mutual_aid::Message>,
) -> ConversationView {
    let other = service::other(c, me);
    ConversationView {
        id: c.id.clone(),
        post_id: c.post_id.clone(),
        post_title: c.post_title.clone(),
        with_name: if other == c.author_id { c.author_name.clone() } else { c.responder_name.clone() },
        with: other.to_string(),
        messages: messages
            .into_iter()
            .map(|m| MessageView {
                mine: m.sender_id == me,
                sender_name: m.sender_name,
                body: m.body,
                created_at: m.created_at,
            })
            .collect(),
    }
}

/// One conversation: its two people only.
#[utoipa::path(get, path = "/api/v1/mutual-aid/conversations/{id}", tag = "mutual-aid", params(("id" = String, Path)),
    responses((status = 200, body = ConversationView), (status = 404, body = Problem)))]
pub async fn conversation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<ConversationView>> {
    let (c, messages) = service::conversation(&state, &caller.actor(), &id).await?;
    Ok(Json(conversation_view(&c, caller.person.id, messages)))
}

/// Write in a conversation.
#[utoipa::path(post, path = "/api/v1/mutual-aid/conversations/{id}/messages", tag = "mutual-aid",
    params(("id" = String, Path)), request_body = MessageBody,
    responses((status = 204, description = "Sent"), (status = 403, description = "Blocked", body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn send(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<MessageBody>,
) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let (c, _) = service::conversation(&state, &actor, &id).await?;
    service::send(&state, &actor, &c, &b.message).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonBody {
    /// A person's id.
    pub person: String,
}

fn person_id(s: &str) -> WebResult<PersonId> {
    Ok(s.trim().parse().map_err(|_| DomainError::field("person", "aid-person-invalid"))?)
}

/// Block someone: neither of you can then reach the other through mutual aid.
#[utoipa::path(post, path = "/api/v1/mutual-aid/blocks", tag = "mutual-aid", request_body = PersonBody,
    responses((status = 204, description = "Blocked"), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn block(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<PersonBody>,
) -> WebResult<StatusCode> {
    service::block(&state, &caller.actor(), person_id(&b.person)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Unblock someone you blocked.
#[utoipa::path(delete, path = "/api/v1/mutual-aid/blocks/{person}", tag = "mutual-aid", params(("person" = String, Path)),
    responses((status = 204, description = "Unblocked"), (status = 404, body = Problem)))]
pub async fn unblock(
    State(state): State<AppState>,
    caller: Caller,
    Path(person): Path<String>,
) -> WebResult<StatusCode> {
    let p: PersonId = person.parse().map_err(|_| crate::error::WebError::not_found())?;
    service::unblock(&state, &caller.actor(), p).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportBody {
    /// The post this is about.
    pub post: String,
    /// Who is reported: the post's author when left out.
    #[serde(default)]
    pub person: Option<String>,
    /// `unsafe`, `harassment`, `scam`, `spam` or `other`.
    pub reason: String,
    #[serde(default)]
    pub details: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportRef {
    pub id: String,
}

/// Report a post or a person to the place's stewards.
#[utoipa::path(post, path = "/api/v1/mutual-aid/reports", tag = "mutual-aid", request_body = ReportBody,
    responses((status = 201, body = ReportRef), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn report(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ReportBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let post = service::load(&state, &actor, &b.post).await?;
    let person = match &b.person {
        Some(p) => person_id(p)?,
        None => post.author_id,
    };
    let id = service::report(&state, &actor, &post, person, &b.reason, &b.details).await?;
    Ok((StatusCode::CREATED, Json(ReportRef { id })).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    pub id: String,
    pub place_name: String,
    pub post_id: String,
    pub post_title: String,
    pub person_name: Option<String>,
    pub reporter_name: Option<String>,
    pub reason: String,
    pub details: String,
    pub created_at: i64,
}

/// The moderation queue: open reports in the places you steward (every
/// place for node admins).
#[utoipa::path(get, path = "/api/v1/mutual-aid/reports", tag = "mutual-aid",
    responses((status = 200, body = Vec<ReportView>), (status = 403, body = Problem)))]
pub async fn reports(State(state): State<AppState>, caller: Caller) -> WebResult<Json<Vec<ReportView>>> {
    Ok(Json(
        service::queue(&state, &caller.actor())
            .await?
            .into_iter()
            .map(|r| ReportView {
                id: r.id,
                place_name: r.place_name,
                post_id: r.post_id,
                post_title: r.post_title,
                person_name: r.person_name,
                reporter_name: r.reporter_name,
                reason: r.reason,
                details: r.details,
                created_at: r.created_at,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    /// `remove` takes the post down; `dismiss` keeps it.
    pub decision: String,
}

/// Decide a report (the place's stewards and node admins).
#[utoipa::path(post, path = "/api/v1/mutual-aid/reports/{id}/decision", tag = "mutual-aid", params(("id" = String, Path)),
    request_body = DecisionBody,
    responses((status = 204, description = "Decided"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<DecisionBody>,
) -> WebResult<StatusCode> {
    service::decide(&state, &caller.actor(), &id, &b.decision).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StewardBody {
    /// The place's slug.
    pub place: String,
    /// The person's id.
    pub person: String,
}

/// Name a steward of a place (node admins).
#[utoipa::path(post, path = "/api/v1/mutual-aid/stewards", tag = "mutual-aid", request_body = StewardBody,
    responses((status = 204, description = "Named"), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn appoint(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<StewardBody>,
) -> WebResult<StatusCode> {
    service::appoint(&state, &caller.actor(), &b.place, person_id(&b.person)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, create, show, close, respond, conversations, conversation, send, block, unblock, report, reports, decide,
        appoint),
    tags((name = "mutual-aid", description = "Offers and requests of everyday help; private conversations; safety"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/mutual-aid/posts", list)
        .api(Method::POST, "/api/v1/mutual-aid/posts", create)
        .api(Method::GET, "/api/v1/mutual-aid/posts/{id}", show)
        .api(Method::POST, "/api/v1/mutual-aid/posts/{id}/close", close)
        .api(Method::POST, "/api/v1/mutual-aid/posts/{id}/responses", respond)
        .api(Method::GET, "/api/v1/mutual-aid/conversations", conversations)
        .api(Method::GET, "/api/v1/mutual-aid/conversations/{id}", conversation)
        .api(Method::POST, "/api/v1/mutual-aid/conversations/{id}/messages", send)
        .api(Method::POST, "/api/v1/mutual-aid/blocks", block)
        .api(Method::DELETE, "/api/v1/mutual-aid/blocks/{person}", unblock)
        .api(Method::POST, "/api/v1/mutual-aid/reports", report)
        .api(Method::GET, "/api/v1/mutual-aid/reports", reports)
        .api(Method::POST, "/api/v1/mutual-aid/reports/{id}/decision", decide)
        .api(Method::POST, "/api/v1/mutual-aid/stewards", appoint)
}
