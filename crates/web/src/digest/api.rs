//! The digest at `/api/v1/me/digest`: whether the caller gets the weekly
//! email, and for which places.

use axum::extract::State;
use axum::http::Method;
use axum::Json;
use plural_store::places::Place;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service;
use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// The caller's weekly digest.
#[derive(Debug, Serialize, ToSchema)]
pub struct DigestView {
    /// Whether the weekly "what's on near you" email is on.
    pub subscribed: bool,
    /// Slugs of the places it covers (places within them are included).
    pub places: Vec<String>,
}

impl DigestView {
    fn of(places: Vec<Place>) -> DigestView {
        DigestView { subscribed: !places.is_empty(), places: places.into_iter().map(|p| p.slug).collect() }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DigestBody {
    /// Slugs of places of this node; an empty list turns the email off.
    pub places: Vec<String>,
}

/// Whether the caller gets the weekly digest, and for which places.
#[utoipa::path(get, path = "/api/v1/me/digest", tag = "people",
    responses((status = 200, body = DigestView), (status = 401, body = Problem)))]
pub async fn get_digest(State(state): State<AppState>, caller: Caller) -> WebResult<Json<DigestView>> {
    Ok(Json(DigestView::of(service::places_of(&state, &caller.person).await?)))
}

/// Choose the places of the weekly digest; no places turns it off.
#[utoipa::path(put, path = "/api/v1/me/digest", tag = "people", request_body = DigestBody,
    responses((status = 200, body = DigestView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn put_digest(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<DigestBody>,
) -> WebResult<Json<DigestView>> {
    Ok(Json(DigestView::of(service::set_places(&state, &caller.person, &body.places).await?)))
}

pub fn routes() -> Routes {
    Routes::new().api(Method::GET, "/api/v1/me/digest", get_digest).api(Method::PUT, "/api/v1/me/digest", put_digest)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(get_digest, put_digest))]
pub struct Doc;
