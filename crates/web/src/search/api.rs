//! `GET /api/v1/search`: the same search as the page, as JSON.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{HeaderMap, Method};
use axum::Json;
use plural_kernel::search::round_km;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use super::service::{self, Params};
use crate::api::MaybeCaller;
use crate::error::WebResult;
use crate::routes::Routes;
use crate::AppState;

/// A piece of an excerpt; `matched` pieces are the searched words.
#[derive(Debug, Serialize, ToSchema)]
pub struct FragmentView {
    pub text: String,
    pub matched: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HitView {
    /// `service`, `event`, `opportunity` or `group`.
    pub kind: String,
    pub id: String,
    pub title: String,
    /// The page of the thing on this node.
    pub url: String,
    pub place_id: String,
    /// The title with matched words marked.
    pub title_fragments: Vec<FragmentView>,
    /// An excerpt of the description with matched words marked.
    pub snippet: Vec<FragmentView>,
    /// The searched words found, and in which fields (`title`, `description`).
    pub matched_words: Vec<String>,
    pub matched_fields: Vec<String>,
    /// Kilometres from the search's point (rounded: tenths below 10 km); absent without a point.
    pub distance_km: Option<f64>,
    /// True when the distance is to the thing's place centre (it has no location of its own).
    pub distance_to_place: bool,
    /// Events: the next occurrence's start (RFC 3339), in the date range if one was given.
    pub next_occurrence: Option<String>,
    /// Relevance to the words (higher is better); 0 without words.
    pub score: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchView {
    pub items: Vec<HitView>,
    pub page: i64,
    pub per_page: i64,
    /// How many matched in all.
    pub total: i64,
    /// True when more matched than one search considers (the best-scoring are kept).
    pub capped: bool,
    /// The filters applied, as `parameter=value`.
    pub filters: Vec<String>,
}

fn rfc3339(unix: i64) -> String {
    plural_store::from_unix(unix).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// Search services, events, opportunities and groups.
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    params(
        ("q" = Option<String>, Query, description = "Words to find (stemmed English: 'gardening' finds 'garden')"),
        ("place" = Option<String>, Query, description = "A place's slug: that place and the places within it"),
        ("lat" = Option<f64>, Query, description = "Latitude of the point to measure distance from (with lon)"),
        ("lon" = Option<f64>, Query, description = "Longitude of the point to measure distance from (with lat)"),
        ("near" = Option<String>, Query, description = "A UK postcode district (SE11) to measure distance from"),
        ("within" = Option<f64>, Query, description = "Only within this many km of the point, district or place centre"),
        ("from" = Option<String>, Query, description = "Events with an occurrence on or after this date (YYYY-MM-DD)"),
        ("to" = Option<String>, Query, description = "Events with an occurrence on or before this date (YYYY-MM-DD)"),
        ("term" = Option<String>, Query, description = "A taxonomy term's code or id (services)"),
        ("free" = Option<bool>, Query, description = "Only what is free"),
        ("access" = Option<String>, Query, description = "An accessibility need, repeatable: step_free, hearing_loop, accessible_toilet, sign_language"),
        ("language" = Option<String>, Query, description = "An ISO 639-1 language code"),
        ("kind" = Option<String>, Query, description = "service, event, opportunity or group"),
        ("page" = Option<i64>, Query, description = "Page number, from 1"),
        ("per_page" = Option<i64>, Query, description = "Items per page, 1–100 (default 20)"),
    ),
    responses(
        (status = 200, description = "Matches, most relevant first, then nearest, then soonest", body = SearchView),
        (status = 400, description = "A parameter cannot be used; `errors` names each", content_type = "application/problem+json"),
        (status = 429, description = "Too many searches from this address; try again later", content_type = "application/problem+json"),
    ))]
pub async fn search(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    _caller: MaybeCaller,
    RawQuery(raw): RawQuery,
) -> WebResult<Json<SearchView>> {
    service::limit(&state, &headers, peer).await?;
    let p = Params::parse(raw.as_deref());
    let places = plural_store::places::list(&state.db).await?;
    let resolved = service::resolve(&state, &p, places).await?;
    let found = service::run(&state, &resolved).await?;
    let groups = service::group_slugs(&state, &found).await?;
    let base = state.config.base_url.trim_end_matches('/');
    let fragments = |f: &[plural_store::search::Fragment]| -> Vec<FragmentView> {
        f.iter().map(|x| FragmentView { text: x.text.clone(), matched: x.matched }).collect()
    };
    let items = found
        .hits
        .iter()
        .map(|h| HitView {
            kind: h.kind.as_str().into(),
            id: h.id.clone(),
            title: h.title.clone(),
            url: format!("{base}{}", service::url_of(h.kind, &h.id, &groups)),
            place_id: h.place_id.clone(),
            title_fragments: fragments(&h.title_fragments),
            snippet: fragments(&h.excerpt),
            matched_words: h.matched_words(),
            matched_fields: h.matched_fields().iter().map(|f| f.to_string()).collect(),
            distance_km: h.distance_km.map(round_km),
            distance_to_place: h.distance_to_place,
            next_occurrence: h.next_start.map(rfc3339),
            score: h.score,
        })
        .collect();
    let filters = url::form_urlencoded::parse(p.query_string().as_bytes()).map(|(k, v)| format!("{k}={v}")).collect();
    Ok(Json(SearchView {
        items,
        page: resolved.page as i64,
        per_page: resolved.per_page as i64,
        total: found.total as i64,
        capped: found.capped,
        filters,
    }))
}

#[derive(OpenApi)]
#[openapi(
    paths(search),
    components(schemas(SearchView, HitView, FragmentView)),
    tags((name = "search", description = "Search across services, events, opportunities and groups"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new().api(Method::GET, "/api/v1/search", search)
}
