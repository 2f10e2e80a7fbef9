//! The JSON API's shared plumbing: who is calling (bearer tokens with
//! scopes), strict JSON bodies, pagination, and the OpenAPI document that
//! describes every `/api/v1` route (a test keeps it equal to the router).

pub mod openapi;

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{header, Method};
use plural_kernel::authz::Actor;
use plural_kernel::DomainError;
use plural_store::people::Person;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::WebError;
use crate::routes::Routes;
use crate::AppState;

/// What a token may do. `read` for GET requests; `write` for changes.
pub const SCOPES: [&str; 2] = ["read", "write"];

/// An authenticated API client: a person, through one of their tokens.
#[derive(Clone, Debug)]
pub struct Caller {
    pub person: Person,
    pub scopes: Vec<String>,
}

impl Caller {
    pub fn actor(&self) -> Actor {
        self.person.actor()
    }

    /// Refuse unless the token carries `scope`.
    pub fn require(&self, scope: &'static str) -> Result<(), WebError> {
        if self.scopes.iter().any(|s| s == scope) {
            Ok(())
        } else {
            Err(WebError::InsufficientScope(scope))
        }
    }
}

async fn caller_from(parts: &Parts, state: &AppState) -> Result<Option<Caller>, WebError> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else { return Ok(None) };
    let unauthenticated = || WebError::Domain(DomainError::Unauthenticated);
    let value = value.to_str().map_err(|_| unauthenticated())?;
    let secret = value.strip_prefix("Bearer ").ok_or_else(unauthenticated)?.trim();
    let (person_id, scopes) =
        plural_store::tokens::authenticate(&state.db, secret).await?.ok_or_else(unauthenticated)?;
    let person = plural_store::people::get(&state.db, person_id)
        .await?
        .filter(|p| !p.disabled && !p.erased)
        .ok_or_else(unauthenticated)?;
    Ok(Some(Caller { person, scopes }))
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let caller = caller_from(parts, state).await?.ok_or(WebError::Domain(DomainError::Unauthenticated))?;
        // Reading needs `read`; anything else needs `write`.
        let needed = if matches!(parts.method, Method::GET | Method::HEAD) { "read" } else { "write" };
        caller.require(needed)?;
        Ok(caller)
    }
}

/// A caller who may be anonymous (public reads).
pub struct MaybeCaller(pub Option<Caller>);

impl MaybeCaller {
    pub fn actor(&self) -> Actor {
        self.0.as_ref().map(Caller::actor).unwrap_or(Actor::Anonymous)
    }
}

impl FromRequestParts<AppState> for MaybeCaller {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(MaybeCaller(caller_from(parts, state).await?))
    }
}

/// A JSON request body, strictly read: the content type must be JSON, the
/// body well-formed, and (with `#[serde(deny_unknown_fields)]` on the type)
/// free of fields we do not know.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for ApiJson<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|ct| ct == "application/json" || ct.ends_with("+json"));
        if !is_json {
            return Err(WebError::UnsupportedMediaType);
        }
        let bytes = axum::body::to_bytes(req.into_body(), state.config.max_body_bytes)
            .await
            .map_err(|_| WebError::PayloadTooLarge)?;
        let mut de = serde_json::Deserializer::from_slice(&bytes);
        let value = T::deserialize(&mut de).and_then(|v| de.end().map(|()| v)).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                WebError::BadRequest("malformed-json", e.to_string())
            } else {
                WebError::BadRequest("invalid-body", e.to_string())
            }
        })?;
        Ok(ApiJson(value))
    }
}

/// For PATCH bodies: tells an absent field from an explicit `null`. Use on a
/// field of type `Option<Option<T>>` with `#[serde(default, deserialize_with =
/// "crate::api::present")]`: absent is `None` (leave it alone), `null` is
/// `Some(None)` (clear it).
pub fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// A page of results.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub per_page: i64,
}

/// `?page=&per_page=` read leniently but bounded (1–100 per page).
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Items per page, 1–100 (default 20).
    pub per_page: Option<i64>,
}

impl PageQuery {
    pub fn limit_offset(&self) -> (i64, i64, i64, i64) {
        let page = self.page.unwrap_or(1).max(1);
        let per_page = self.per_page.unwrap_or(20).clamp(1, 100);
        // A page far beyond the end is an empty page, not an overflow.
        (per_page, (page - 1).saturating_mul(per_page), page, per_page)
    }
}

pub fn routes() -> Routes {
    Routes::new().api(Method::GET, "/api/v1/openapi.json", openapi::serve)
}
