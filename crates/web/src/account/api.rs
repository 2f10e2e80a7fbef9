//! The API face of one's own account: `/api/v1/me` and below.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::language::Language;
use plural_store::people::Person;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, Deletion, Export, ProfileChange};
use crate::api::{ApiJson, Caller, PageQuery, Paged};
use crate::auth::api::MeView;
use crate::error::{Problem, WebError, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "people",
    responses((status = 200, body = MeView), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn me(State(state): State<AppState>, caller: Caller) -> WebResult<Json<MeView>> {
    Ok(Json(MeView::of(&state, &caller.person).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PatchMeBody {
    pub display_name: Option<String>,
    /// `en`, `ar` or `pl`.
    pub language: Option<String>,
    /// Slug of a place of this node; `null` clears it. Only the place is
    /// kept, never an address.
    #[serde(default, deserialize_with = "crate::api::present")]
    #[schema(value_type = Option<String>)]
    pub home_place: Option<Option<String>>,
}

/// Change any of display name, language and home place.
#[utoipa::path(patch, path = "/api/v1/me", tag = "people", request_body = PatchMeBody,
    responses((status = 200, body = MeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn patch_me(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<PatchMeBody>,
) -> WebResult<Json<MeView>> {
    let change = ProfileChange {
        display_name: body.display_name.as_deref(),
        language: body.language.as_deref(),
        home_place: body.home_place.as_ref().map(|h| h.as_deref()),
    };
    let saved = service::update_profile(&state, &caller.person, change).await?;
    Ok(Json(MeView::of(&state, &saved).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FediverseBody {
    /// Be visible to other servers as `acct:handle@host` (lower-case
    /// letters, numbers and single hyphens, 2 to 60 characters); `null` or
    /// empty: stop being visible (the public profile goes, followers
    /// elsewhere are forgotten).
    pub handle: Option<String>,
}

/// Choose whether (and as what) other servers of the fediverse see you.
#[utoipa::path(put, path = "/api/v1/me/fediverse", tag = "people", request_body = FediverseBody,
    responses((status = 200, body = MeView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn set_fediverse(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<FediverseBody>,
) -> WebResult<Json<MeView>> {
    let saved = service::set_fediverse_handle(&state, &caller.person, body.handle.as_deref()).await?;
    Ok(Json(MeView::of(&state, &saved).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EmailBody {
    pub email: String,
}

/// Change the email address: a confirmation link goes to the new address,
/// and nothing changes until it is used.
#[utoipa::path(post, path = "/api/v1/me/email", tag = "people", request_body = EmailBody,
    responses((status = 202, description = "A confirmation link is on its way to the new address"),
              (status = 401, body = Problem), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn change_email(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<EmailBody>,
) -> WebResult<StatusCode> {
    service::request_email_change(&state, &caller.person, &body.email, caller.person.language).await?;
    Ok(StatusCode::ACCEPTED)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordBody {
    /// Needed when the account has a password already.
    #[serde(default)]
    pub current_password: String,
    /// At least 10 characters, not a common or breached password.
    pub new_password: String,
}

/// Set or change the password. Every browser session ends; tokens stay.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "people", request_body = PasswordBody,
    responses((status = 204, description = "Saved"), (status = 401, body = Problem), (status = 422, body = Problem),
              (status = 429, body = Problem)))]
pub async fn change_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<PasswordBody>,
) -> WebResult<StatusCode> {
    service::change_password(&state, &caller.person, &body.current_password, &body.new_password, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The export as a download, for the page and the API alike.
pub async fn export_response(state: &AppState, me: &Person) -> WebResult<Response> {
    let export = service::export(state, me).await?;
    let body = serde_json::to_string_pretty(&export).map_err(|e| WebError::Internal(e.into()))?;
    let disposition = format!("attachment; filename=\"{}\"", service::export_file_name(export.exported_at));
    let mut res = body.into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// Everything the node holds about the caller, as one JSON file. The export
/// is recorded in the caller's access log.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "people",
    responses((status = 200, body = Export), (status = 401, body = Problem)))]
pub async fn export(State(state): State<AppState>, caller: Caller) -> WebResult<Response> {
    export_response(&state, &caller.person).await
}

/// Erase the account: personal data goes; group histories keep "former
/// member". Refused (409, naming the groups) while the caller is the only
/// owner of a group that has other members.
#[utoipa::path(delete, path = "/api/v1/me", tag = "people",
    responses((status = 204, description = "Erased"), (status = 401, body = Problem), (status = 409, body = SoleOwnerProblem)))]
pub async fn delete_me(State(state): State<AppState>, caller: Caller) -> WebResult<Response> {
    match service::delete_account(&state, &caller.person).await? {
        Deletion::Erased => Ok(StatusCode::NO_CONTENT.into_response()),
        Deletion::SoleOwner(groups) => {
            let problem = Problem {
                type_: "urn:plural:problem:sole-owner".into(),
                title: crate::i18n::t(Language::En, "problem-sole-owner"),
                status: StatusCode::CONFLICT.as_u16(),
                code: "sole-owner".into(),
                detail: Some(format!(
                    "hand over ownership (make another member an owner) or remove the other members first: {}",
                    groups.join(", ")
                )),
                errors: vec![],
            };
            let mut res = (StatusCode::CONFLICT, Json(SoleOwnerProblem { problem, groups })).into_response();
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
            Ok(res)
        }
    }
}

/// The refusal to erase: a problem document plus the groups in question.
#[derive(Debug, Serialize, ToSchema)]
pub struct SoleOwnerProblem {
    #[serde(flatten)]
    pub problem: Problem,
    /// Names of the groups the caller is the only owner of.
    pub groups: Vec<String>,
}

/// End every browser session of the caller. Tokens stay valid.
#[utoipa::path(post, path = "/api/v1/me/sign-out-everywhere", tag = "people",
    responses((status = 204, description = "Every session ended"), (status = 401, body = Problem)))]
pub async fn sign_out_everywhere(State(state): State<AppState>, caller: Caller) -> WebResult<StatusCode> {
    service::sign_out_everywhere(&state, &caller.person).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A personal access token, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    /// Unix seconds.
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
}

/// The caller's tokens, newest first.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "people", params(PageQuery),
    responses((status = 200, body = Paged<TokenView>), (status = 401, body = Problem)))]
pub async fn tokens(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PageQuery>,
) -> WebResult<Json<Paged<TokenView>>> {
    let (limit, offset, page, per_page) = q.limit_offset();
    let all = service::tokens(&state, &caller.person).await?;
    let items = all
        .into_iter()
        .skip(usize::try_from(offset).unwrap_or(0))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|t| TokenView {
            id: t.id.to_string(),
            name: t.name,
            scopes: t.scopes,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked: t.revoked,
        })
        .collect();
    Ok(Json(Paged { items, page, per_page }))
}

/// Revoke one of the caller's tokens (404 for anyone else's).
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "people",
    params(("id" = String, Path, description = "The token's id")),
    responses((status = 204, description = "Revoked"), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<StatusCode> {
    service::revoke_token(&state, &caller.person, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/me", me)
        .api(Method::PATCH, "/api/v1/me", patch_me)
        .api(Method::DELETE, "/api/v1/me", delete_me)
        .api(Method::PUT, "/api/v1/me/fediverse", set_fediverse)
        .api(Method::POST, "/api/v1/me/email", change_email)
        .api(Method::POST, "/api/v1/me/password", change_password)
        .api(Method::GET, "/api/v1/me/export", export)
        .api(Method::POST, "/api/v1/me/sign-out-everywhere", sign_out_everywhere)
        .api(Method::GET, "/api/v1/me/tokens", tokens)
        .api(Method::DELETE, "/api/v1/me/tokens/{id}", revoke_token)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    me,
    patch_me,
    set_fediverse,
    delete_me,
    change_email,
    change_password,
    export,
    sign_out_everywhere,
    tokens,
    revoke_token
))]
pub struct Doc;
