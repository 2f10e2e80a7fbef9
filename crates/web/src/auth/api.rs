//! The API face of signing up and in: create an account, exchange a
//! password for a personal access token, ask for a sign-in link.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::errors::FieldErrors;
use plural_kernel::language::Language;
use plural_kernel::places::Title;
use plural_kernel::DomainError;
use plural_store::people::Person;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, limit_client, ClientLimit};
use crate::api::{ApiJson, SCOPES};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// A person as they see themselves.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub id: String,
    pub display_name: String,
    /// The person's own email address (never shown to anyone else).
    pub email: Option<String>,
    /// Interface language: `en`, `ar` or `pl`.
    pub language: String,
    /// Slug of the person's home place, if they chose one.
    pub home_place: Option<String>,
    pub is_node_admin: bool,
    pub has_password: bool,
    /// Unix seconds.
    pub created_at: i64,
    /// Set while the person is visible to other servers: their handle
    /// (`acct:handle@host`).
    pub fediverse_handle: Option<String>,
    /// Their ActivityPub actor while visible.
    pub actor: Option<String>,
}

impl MeView {
    pub async fn of(state: &AppState, p: &Person) -> WebResult<MeView> {
        let home_place = match p.home_place_id {
            Some(id) => plural_store::places::get(&state.db, id).await?.map(|pl| pl.slug),
            None => None,
        };
        Ok(MeView {
            id: p.id.to_string(),
            display_name: p.display_name.clone().unwrap_or_default(),
            email: plural_store::people::email(&state.db, &state.key, p.id).await?,
            language: p.language.code().to_string(),
            home_place,
            is_node_admin: p.is_node_admin,
            has_password: p.has_password,
            created_at: p.created_at,
            fediverse_handle: p.fediverse_handle.clone(),
            actor: p
                .fediverse_handle
                .as_ref()
                .map(|_| crate::federation::actors::actor_id(state.config.base(), &format!("person:{}", p.id))),
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUpBody {
    pub email: String,
    /// What to be called; a pseudonym is fine.
    pub display_name: String,
    /// At least 10 characters, not a common or breached password.
    pub password: String,
    /// `en` (default), `ar` or `pl`.
    #[serde(default)]
    pub language: Option<String>,
}

/// Create an account.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "people", request_body = SignUpBody,
    responses((status = 201, body = MeView), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn create_account(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SignUpBody>,
) -> WebResult<Response> {
    limit_client(&state, ClientLimit::SignUp, &headers, peer).await?;
    let language = match body.language.as_deref() {
        None => Language::En,
        Some(l) => Language::parse(l).ok_or(DomainError::field("language", "language-invalid"))?,
    };
    let input =
        service::SignUp { email: &body.email, display_name: &body.display_name, password: &body.password, language };
    let person = service::sign_up(&state, input).await?;
    Ok((StatusCode::CREATED, Json(MeView::of(&state, &person).await?)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTokenBody {
    pub email: String,
    pub password: String,
    /// A name to recognise the token by, e.g. "noticeboard script".
    pub name: String,
    /// Any of `read`, `write`.
    pub scopes: Vec<String>,
}

/// A new personal access token. `token` is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewTokenView {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub token: String,
}

/// Check token fields shared by the API and the account page.
pub fn parse_token_request(name: &str, scopes: &[String]) -> Result<(String, Vec<&'static str>), DomainError> {
    let mut errors = FieldErrors::new();
    let name = errors.check(Title::parse("name", name, 80));
    let mut chosen = Vec::new();
    for s in scopes {
        match SCOPES.iter().find(|k| **k == s.as_str()) {
            Some(k) if !chosen.contains(k) => chosen.push(*k),
            Some(_) => {}
            None => errors.push("scopes", "scope-invalid"),
        }
    }
    if chosen.is_empty() && errors.0.iter().all(|e| e.field != "scopes") {
        errors.push("scopes", "scope-required");
    }
    errors.into_result()?;
    Ok((name.map(|n| n.as_str().to_string()).unwrap_or_default(), chosen))
}

/// Exchange an email and password for a personal access token.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "people", request_body = CreateTokenBody,
    responses((status = 201, body = NewTokenView), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn create_token(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CreateTokenBody>,
) -> WebResult<Response> {
    limit_client(&state, ClientLimit::SignIn, &headers, peer).await?;
    let (name, scopes) = parse_token_request(&body.name, &body.scopes)?;
    let person = service::sign_in(&state, &body.email, &body.password).await?;
    let (id, token) = plural_store::tokens::create(&state.db, person.id, &name, &scopes).await?;
    let view = NewTokenView { id: id.to_string(), name, scopes: scopes.iter().map(|s| s.to_string()).collect(), token };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MagicLinkBody {
    pub email: String,
}

/// Email a sign-in link (the same answer whether or not an account exists).
#[utoipa::path(post, path = "/api/v1/magic-links", tag = "people", request_body = MagicLinkBody,
    responses((status = 202, description = "If the address can receive mail, a link is on its way"),
              (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn request_magic_link(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<MagicLinkBody>,
) -> WebResult<StatusCode> {
    limit_client(&state, ClientLimit::MagicLink, &headers, peer).await?;
    service::send_magic_link(&state, &body.email, Language::En, "").await?;
    Ok(StatusCode::ACCEPTED)
}

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::POST, "/api/v1/accounts", create_account)
        .api(Method::POST, "/api/v1/tokens", create_token)
        .api(Method::POST, "/api/v1/magic-links", request_magic_link)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(create_account, create_token, request_magic_link))]
pub struct Doc;
