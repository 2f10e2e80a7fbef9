//! The API face of places: read the hierarchy (public), create and edit
//! places (node admins).

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::places::Footprint;
use plural_store::places::Place;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, PlaceInput};
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// A place.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlaceView {
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Slug of the place this one is part of.
    pub parent: Option<String>,
    /// `{"type": "circle", "latitude", "longitude", "radius_m"}` or
    /// `{"type": "polygon", "geojson": <GeoJSON geometry>}`.
    #[schema(value_type = Option<Object>)]
    pub footprint: Option<serde_json::Value>,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
}

fn footprint_json(f: &Footprint) -> serde_json::Value {
    match f {
        Footprint::Circle { latitude, longitude, radius_m } => serde_json::json!({
            "type": "circle", "latitude": latitude, "longitude": longitude, "radius_m": radius_m
        }),
        Footprint::Polygon { geojson } => serde_json::json!({
            "type": "polygon",
            "geojson": serde_json::from_str::<serde_json::Value>(geojson).unwrap_or(serde_json::Value::Null),
        }),
    }
}

impl PlaceView {
    pub fn of(place: &Place, all: &[Place]) -> PlaceView {
        PlaceView {
            slug: place.slug.clone(),
            name: place.name.clone(),
            description: place.description.clone(),
            parent: service::parent_slug(all, place).map(str::to_string),
            footprint: place.footprint.as_ref().map(footprint_json),
            created_at: place.created_at,
            updated_at: place.updated_at,
        }
    }
}

/// Every place, by name.
#[utoipa::path(get, path = "/api/v1/places", tag = "places",
    responses((status = 200, body = Vec<PlaceView>)))]
pub async fn list(State(state): State<AppState>, _caller: MaybeCaller) -> WebResult<Json<Vec<PlaceView>>> {
    let all = plural_store::places::list(&state.db).await?;
    Ok(Json(all.iter().map(|p| PlaceView::of(p, &all)).collect()))
}

/// One place.
#[utoipa::path(get, path = "/api/v1/places/{slug}", tag = "places",
    params(("slug" = String, Path, description = "The place's web name")),
    responses((status = 200, body = PlaceView), (status = 404, body = Problem)))]
pub async fn get(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    Path(slug): Path<String>,
) -> WebResult<Json<PlaceView>> {
    let place = service::by_slug(&state, &slug).await?;
    let all = plural_store::places::list(&state.db).await?;
    Ok(Json(PlaceView::of(&place, &all)))
}

/// A new place. The footprint is either `latitude` + `longitude` +
/// `radius_m`, or `geojson`, or neither.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePlaceBody {
    /// Made from the name when left out.
    #[serde(default)]
    pub slug: Option<String>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Slug of the place this one is part of.
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub radius_m: Option<f64>,
    /// A GeoJSON Polygon or MultiPolygon geometry.
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub geojson: Option<serde_json::Value>,
}

fn number(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

fn geojson_text(g: &Option<serde_json::Value>) -> String {
    match g {
        None | Some(serde_json::Value::Null) => String::new(),
        // A geometry sent as a string of JSON is accepted too.
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// Add a place (node admins).
#[utoipa::path(post, path = "/api/v1/places", tag = "places", request_body = CreatePlaceBody,
    responses((status = 201, body = PlaceView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<CreatePlaceBody>,
) -> WebResult<Response> {
    let input = PlaceInput {
        slug: body.slug.unwrap_or_default(),
        name: body.name,
        description: body.description.unwrap_or_default(),
        parent: body.parent.unwrap_or_default(),
        latitude: number(body.latitude),
        longitude: number(body.longitude),
        radius_m: number(body.radius_m),
        geojson: geojson_text(&body.geojson),
    };
    let place = service::create(&state, &caller.actor(), &input).await?;
    let all = plural_store::places::list(&state.db).await?;
    Ok((StatusCode::CREATED, Json(PlaceView::of(&place, &all))).into_response())
}

/// Changes to a place: only the fields given change. `parent: null` makes
/// it a top-level place; `footprint: null` removes its footprint; any of
/// `latitude`, `longitude`, `radius_m`, `geojson` replaces the footprint.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdatePlaceBody {
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "crate::api::present")]
    #[schema(value_type = Option<String>)]
    pub parent: Option<Option<String>>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub radius_m: Option<f64>,
    #[serde(default)]
    #[schema(value_type = Option<Object>)]
    pub geojson: Option<serde_json::Value>,
    /// Only `null` is accepted: remove the footprint.
    #[serde(default, deserialize_with = "crate::api::present")]
    #[schema(value_type = Option<Object>)]
    pub footprint: Option<Option<serde_json::Value>>,
}

/// Change a place (node admins).
#[utoipa::path(patch, path = "/api/v1/places/{slug}", tag = "places", request_body = UpdatePlaceBody,
    params(("slug" = String, Path, description = "The place's web name")),
    responses((status = 200, body = PlaceView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(body): ApiJson<UpdatePlaceBody>,
) -> WebResult<Json<PlaceView>> {
    plural_kernel::authz::decide(&caller.actor(), &plural_kernel::authz::Action::EditPlace)?;
    let place = service::by_slug(&state, &slug).await?;
    let all = plural_store::places::list(&state.db).await?;
    let mut input = PlaceInput::of(&place, service::parent_slug(&all, &place));
    if let Some(s) = body.slug {
        input.slug = s;
    }
    if let Some(n) = body.name {
        input.name = n;
    }
    if let Some(d) = body.description {
        input.description = d;
    }
    if let Some(p) = body.parent {
        input.parent = p.unwrap_or_default();
    }
    match body.footprint {
        Some(None) => {
            input.latitude.clear();
            input.longitude.clear();
            input.radius_m.clear();
            input.geojson.clear();
        }
        Some(Some(_)) => {
            return Err(plural_kernel::DomainError::field("footprint", "footprint-null-only").into());
        }
        None => {}
    }
    if body.geojson.is_some() {
        input.geojson = geojson_text(&body.geojson);
        input.latitude.clear();
        input.longitude.clear();
        input.radius_m.clear();
    } else if body.latitude.is_some() || body.longitude.is_some() || body.radius_m.is_some() {
        input.geojson.clear();
        for (given, field) in [
            (body.latitude, &mut input.latitude),
            (body.longitude, &mut input.longitude),
            (body.radius_m, &mut input.radius_m),
        ] {
            if given.is_some() {
                *field = number(given);
            }
        }
    }
    let place = service::update(&state, &caller.actor(), &place, &input).await?;
    let all = plural_store::places::list(&state.db).await?;
    Ok(Json(PlaceView::of(&place, &all)))
}

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/places", list)
        .api(Method::POST, "/api/v1/places", create)
        .api(Method::GET, "/api/v1/places/{slug}", get)
        .api(Method::PATCH, "/api/v1/places/{slug}", update)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, get, create, update))]
pub struct Doc;
