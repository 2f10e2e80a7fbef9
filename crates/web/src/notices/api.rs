//! The API face of notices: listing current ones (by place or group),
//! reading one, and posting, editing and deleting them.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::notices::NoticeInput;
use plural_store::notices::{Filter, Notice};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service;
use crate::api::{ApiJson, Caller, MaybeCaller, PageQuery, Paged};
use crate::error::{Problem, WebError, WebResult};
use crate::federation::objects::rfc3339;
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::routes::Routes;
use crate::AppState;

/// A notice: a short public announcement by a group, or for a whole place.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    pub id: String,
    /// Slug of its place.
    pub place: String,
    pub place_name: String,
    /// Slug of the group that posted it; absent for a place-wide notice.
    pub group: Option<String>,
    pub group_name: Option<String>,
    pub title: String,
    /// Markdown, as written.
    pub body: String,
    /// The body rendered and sanitised.
    pub body_html: String,
    /// RFC 3339; absent when it does not expire.
    pub expires_at: Option<String>,
    /// Expired notices are left out of lists but can still be read.
    pub expired: bool,
    /// The notice's page, which is also its ActivityPub id.
    pub url: String,
    /// RFC 3339.
    pub created_at: String,
    pub updated_at: String,
}

impl NoticeView {
    fn of(state: &AppState, n: &Notice) -> Self {
        NoticeView {
            id: n.id.to_string(),
            place: n.place_slug.clone(),
            place_name: n.place_name.clone(),
            group: n.group_slug.clone(),
            group_name: n.group_name.clone(),
            title: n.title.clone(),
            body: n.body.clone(),
            body_html: markdown_to_html(&n.body, RawHtml::Strip),
            expires_at: n.expires_at.map(rfc3339),
            expired: plural_kernel::notices::is_expired(n.expires_at, plural_store::now()),
            url: super::federation::notice_id(state.config.base(), n),
            created_at: rfc3339(n.created_at),
            updated_at: rfc3339(n.updated_at),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only notices at this place (its slug): its own and its groups'.
    pub place: Option<String>,
    /// Only this group's notices (its slug).
    pub group: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

fn slug(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Current notices (not expired), newest first.
#[utoipa::path(get, path = "/api/v1/notices", tag = "notices", params(ListQuery),
    responses((status = 200, body = Paged<NoticeView>), (status = 404, description = "No such place or group", body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    Query(q): Query<ListQuery>,
) -> WebResult<Json<Paged<NoticeView>>> {
    let (limit, offset, page, per_page) = PageQuery { page: q.page, per_page: q.per_page }.limit_offset();
    let place = match slug(&q.place) {
        Some(s) => Some(plural_store::places::by_slug(&state.db, s).await?.ok_or(WebError::not_found())?.id),
        None => None,
    };
    let group = match slug(&q.group) {
        Some(s) => Some(plural_store::groups::by_slug(&state.db, s).await?.ok_or(WebError::not_found())?.id),
        None => None,
    };
    let filter = Filter { place, group, ..Filter::default() };
    let items = service::list(&state, filter, limit, offset).await?.iter().map(|n| NoticeView::of(&state, n)).collect();
    Ok(Json(Paged { items, page, per_page }))
}

/// One notice, expired or not.
#[utoipa::path(get, path = "/api/v1/notices/{id}", tag = "notices", params(("id" = String, Path)),
    responses((status = 200, body = NoticeView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<NoticeView>> {
    let loaded = service::load(&state, &caller.actor(), &id).await?;
    Ok(Json(NoticeView::of(&state, &loaded.notice)))
}

/// The fields of a notice. On create, `title` and one of `group` or
/// `place` are required; on update, fields left out keep their value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeBody {
    /// Slug of the group posting it (create only); its admins and owners may.
    #[serde(default)]
    pub group: Option<String>,
    /// Slug of the place, for a notice to the whole place without a group
    /// (create only); its stewards and node admins may.
    #[serde(default)]
    pub place: Option<String>,
    /// At most 120 characters.
    #[serde(default)]
    pub title: Option<String>,
    /// Markdown, at most 4,000 characters; HTML is removed when shown.
    #[serde(default)]
    pub body: Option<String>,
    /// RFC 3339 (or `YYYY-MM-DDTHH:MM` in the node's time zone), in the
    /// future; an empty string removes the expiry.
    #[serde(default)]
    pub expires_at: Option<String>,
}

impl NoticeBody {
    /// Lay the body's fields over `base` (empty on create).
    fn apply(&self, mut base: NoticeInput) -> NoticeInput {
        for (target, value) in
            [(&mut base.title, &self.title), (&mut base.body, &self.body), (&mut base.expires_at, &self.expires_at)]
        {
            if let Some(v) = value {
                v.clone_into(target);
            }
        }
        base
    }
}

/// Post a notice for a group, or for a whole place.
#[utoipa::path(post, path = "/api/v1/notices", tag = "notices", request_body = NoticeBody,
    responses((status = 201, body = NoticeView), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NoticeBody>,
) -> WebResult<Response> {
    let input = b.apply(NoticeInput::default());
    let group = b.group.as_deref().unwrap_or("");
    let n = service::create(&state, &caller.actor(), group, b.place.as_deref().unwrap_or(""), &input).await?;
    Ok((StatusCode::CREATED, Json(NoticeView::of(&state, &n))).into_response())
}

/// Change a notice: those who may post it.
#[utoipa::path(patch, path = "/api/v1/notices/{id}", tag = "notices", params(("id" = String, Path)),
    request_body = NoticeBody,
    responses((status = 200, body = NoticeView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NoticeBody>,
) -> WebResult<Json<NoticeView>> {
    if b.group.is_some() || b.place.is_some() {
        return Err(WebError::BadRequest("invalid-body", "group and place cannot be changed".into()));
    }
    let actor = caller.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    let input = b.apply(service::input_of(&state, &loaded.notice));
    let n = service::update(&state, &actor, &loaded, &input).await?;
    Ok(Json(NoticeView::of(&state, &n)))
}

/// Delete a notice: those who may post it. Followers on other servers are
/// sent a `Delete`.
#[utoipa::path(delete, path = "/api/v1/notices/{id}", tag = "notices", params(("id" = String, Path)),
    responses((status = 204, description = "Deleted"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<Response> {
    let actor = caller.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    service::delete(&state, &actor, &loaded).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, show, create, update, delete), tags((name = "notices", description = "Notices")))]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/notices", list)
        .api(Method::POST, "/api/v1/notices", create)
        .api(Method::GET, "/api/v1/notices/{id}", show)
        .api(Method::PATCH, "/api/v1/notices/{id}", update)
        .api(Method::DELETE, "/api/v1/notices/{id}", delete)
}
