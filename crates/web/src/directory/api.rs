//! The API face of the directory: listing services, reading one, and
//! publishing or editing them for a group (its admins and owners). The same
//! service operations serve the pages.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_store::directory::{CostOption, Location, Service};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::pages::input_from_service;
use super::service::{self, CostInput, LocationInput, ServiceInput};
use crate::api::{ApiJson, Caller, MaybeCaller, PageQuery, Paged};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct LocationView {
    pub name: String,
    pub address_1: String,
    pub address_2: String,
    pub city: String,
    pub postcode: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accessibility: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HoursView {
    /// RFC 5545 weekday codes: `MO`, `TU`, … `SU`.
    pub days: Vec<String>,
    /// `HH:MM`, local time.
    pub opens_at: String,
    pub closes_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CostView {
    pub free: bool,
    /// In minor units (pence).
    pub amount_minor: Option<i64>,
    pub currency: Option<String>,
    pub description: String,
}

/// A service as anyone may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceView {
    pub id: String,
    /// Slug of the publishing group.
    pub group: String,
    /// Slug of the service's place.
    pub place: String,
    pub name: String,
    /// Markdown.
    pub description: String,
    /// `active`, `temporarily closed`, `inactive` or `defunct`.
    pub status: String,
    pub url: Option<String>,
    pub email: Option<String>,
    pub eligibility: String,
    /// `YYYY-MM-DD`: when its publisher last checked the details.
    pub last_reviewed: Option<String>,
    /// The first of `locations` (kept for clients written before there could be several).
    pub location: Option<LocationView>,
    /// Every place the service is offered at, in order.
    pub locations: Vec<LocationView>,
    pub hours: Vec<HoursView>,
    /// The first of `cost_options`.
    pub cost: Option<CostView>,
    /// Free, or each price, in order.
    pub cost_options: Vec<CostView>,
    /// ISO 639-1 codes.
    pub languages: Vec<String>,
    /// Taxonomy term codes.
    pub terms: Vec<String>,
    /// Unix seconds.
    pub updated_at: i64,
}

fn location_view(l: &Location) -> LocationView {
    LocationView {
        name: l.name.clone(),
        address_1: l.address_1.clone(),
        address_2: l.address_2.clone(),
        city: l.city.clone(),
        postcode: l.postcode.clone(),
        latitude: l.latitude,
        longitude: l.longitude,
        accessibility: l.accessibility.clone(),
    }
}

fn cost_view(c: &CostOption) -> CostView {
    CostView {
        free: c.free,
        amount_minor: c.amount_minor,
        currency: c.currency.clone(),
        description: c.description.clone(),
    }
}

async fn view(state: &AppState, s: &Service) -> WebResult<ServiceView> {
    let group = plural_store::groups::get(&state.db, s.group_id).await?.map(|g| g.slug).unwrap_or_default();
    let place = plural_store::places::get(&state.db, s.place_id).await?.map(|p| p.slug).unwrap_or_default();
    let terms = plural_store::directory::terms(&state.db).await?;
    Ok(ServiceView {
        id: s.id.clone(),
        group,
        place,
        name: s.name.clone(),
        description: s.description.clone(),
        status: s.status.clone(),
        url: s.url.clone(),
        email: s.email.clone(),
        eligibility: s.eligibility_description.clone(),
        last_reviewed: s.last_reviewed.clone(),
        location: s.locations.first().map(|l| location_view(&l.location)),
        locations: s.locations.iter().map(|l| location_view(&l.location)).collect(),
        hours: s
            .schedules
            .iter()
            .map(|h| HoursView {
                days: h.byday.split(',').map(str::to_string).collect(),
                opens_at: h.opens_at.clone(),
                closes_at: h.closes_at.clone(),
            })
            .collect(),
        cost: s.cost_options.first().map(cost_view),
        cost_options: s.cost_options.iter().map(cost_view).collect(),
        languages: s.languages.iter().map(|l| l.code.clone()).collect(),
        terms: terms.iter().filter(|t| s.term_ids.contains(&t.id)).map(|t| t.code.clone()).collect(),
        updated_at: s.updated_at,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only services in this place (its slug).
    pub place: Option<String>,
    /// Only services with this taxonomy term (its code or id).
    pub term: Option<String>,
    /// Only services of this group (its slug).
    pub group: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Services, by name.
#[utoipa::path(get, path = "/api/v1/services", tag = "directory", params(ListQuery),
    responses((status = 200, body = Paged<ServiceView>), (status = 404, description = "No such place, term or group", body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    Query(q): Query<ListQuery>,
) -> WebResult<Json<Paged<ServiceView>>> {
    let (limit, offset, page, per_page) = PageQuery { page: q.page, per_page: q.per_page }.limit_offset();
    let query = service::ListQuery {
        place: q.place.unwrap_or_default(),
        term: q.term.unwrap_or_default(),
        group: q.group.unwrap_or_default(),
    };
    let (services, _) = service::list(&state, &query, limit, offset).await?;
    let mut items = Vec::with_capacity(services.len());
    for s in &services {
        items.push(view(&state, s).await?);
    }
    Ok(Json(Paged { items, page, per_page }))
}

/// One service.
#[utoipa::path(get, path = "/api/v1/services/{id}", tag = "directory", params(("id" = String, Path)),
    responses((status = 200, body = ServiceView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<ServiceView>> {
    let (s, _) = service::load(&state, &id).await?;
    Ok(Json(view(&state, &s).await?))
}

/// A service's fields. On create, `group`, `name` and `place` are needed;
/// on update, fields left out stay as they are (`group` cannot change).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ServiceBody {
    /// Slug of the publishing group (create only).
    pub group: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// `active` (default), `temporarily closed`, `inactive` or `defunct`.
    pub status: Option<String>,
    /// Slug of the service's place.
    pub place: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
    pub eligibility: Option<String>,
    /// Every place the service is offered at, replacing those it has. Use
    /// either this or the single-location fields below (which set the first).
    /// Problems in the first are named by the single-location field names,
    /// in later ones `locations[1].postcode` and so on (`cost_options[1].amount`
    /// for prices).
    pub locations: Option<Vec<LocationBody>>,
    pub location_name: Option<String>,
    pub address_1: Option<String>,
    pub address_2: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub accessibility: Option<String>,
    /// Weekday codes the service is open: `MO` … `SU`.
    pub days: Option<Vec<String>>,
    /// `HH:MM`.
    pub opens_at: Option<String>,
    pub closes_at: Option<String>,
    /// `free`, `paid`, or empty for "not said".
    pub cost: Option<String>,
    /// Pounds and pence, e.g. `2.50`, when paid.
    pub amount: Option<String>,
    pub cost_description: Option<String>,
    /// Each price, replacing those it has. Use either this or `cost`,
    /// `amount` and `cost_description` (which set the first).
    pub cost_options: Option<Vec<CostBody>>,
    /// ISO 639-1 codes.
    pub languages: Option<Vec<String>>,
    /// Taxonomy term codes or ids.
    pub terms: Option<Vec<String>>,
}

/// One place a service is offered at.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationBody {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address_1: String,
    #[serde(default)]
    pub address_2: String,
    /// Empty: the name of the service's place.
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub postcode: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(default)]
    pub accessibility: String,
}

/// One price of a service: free, or an amount.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CostBody {
    #[serde(default)]
    pub free: bool,
    /// Pounds and pence, e.g. `2.50`, when not free.
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub description: String,
}

impl ServiceBody {
    /// The body laid over what is there already.
    fn over(self, mut i: ServiceInput) -> WebResult<ServiceInput> {
        let set = |target: &mut String, v: Option<String>| {
            if let Some(v) = v {
                *target = v;
            }
        };
        set(&mut i.name, self.name);
        set(&mut i.description, self.description);
        set(&mut i.status, self.status);
        set(&mut i.place, self.place);
        set(&mut i.url, self.url);
        set(&mut i.email, self.email);
        set(&mut i.eligibility, self.eligibility);
        let single_location = [&self.location_name, &self.address_1, &self.address_2, &self.city, &self.postcode]
            .iter()
            .any(|f| f.is_some())
            || self.latitude.is_some()
            || self.longitude.is_some()
            || self.accessibility.is_some();
        match self.locations {
            Some(_) if single_location => {
                return Err(plural_kernel::DomainError::field("locations", "directory-locations-twice").into())
            }
            Some(list) => {
                i.locations = list
                    .into_iter()
                    .map(|l| LocationInput {
                        name: l.name,
                        address_1: l.address_1,
                        address_2: l.address_2,
                        city: l.city,
                        postcode: l.postcode,
                        latitude: l.latitude.map(|n| n.to_string()).unwrap_or_default(),
                        longitude: l.longitude.map(|n| n.to_string()).unwrap_or_default(),
                        accessibility: l.accessibility,
                    })
                    .collect()
            }
            None if single_location => {
                if i.locations.is_empty() {
                    i.locations.push(LocationInput::default());
                }
                if let Some(first) = i.locations.first_mut() {
                    set(&mut first.name, self.location_name);
                    set(&mut first.address_1, self.address_1);
                    set(&mut first.address_2, self.address_2);
                    set(&mut first.city, self.city);
                    set(&mut first.postcode, self.postcode);
                    set(&mut first.latitude, self.latitude.map(|n| n.to_string()));
                    set(&mut first.longitude, self.longitude.map(|n| n.to_string()));
                    set(&mut first.accessibility, self.accessibility);
                }
            }
            None => {}
        }
        let single_cost = self.cost.is_some() || self.amount.is_some() || self.cost_description.is_some();
        match self.cost_options {
            Some(_) if single_cost => {
                return Err(plural_kernel::DomainError::field("cost_options", "directory-costs-twice").into())
            }
            Some(list) => {
                i.costs = list
                    .into_iter()
                    .map(|c| CostInput {
                        kind: if c.free { "free" } else { "paid" }.into(),
                        amount: c.amount,
                        description: c.description,
                    })
                    .collect()
            }
            None if single_cost => {
                if i.costs.is_empty() {
                    i.costs.push(CostInput::default());
                }
                if let Some(first) = i.costs.first_mut() {
                    set(&mut first.kind, self.cost);
                    set(&mut first.amount, self.amount);
                    set(&mut first.description, self.cost_description);
                }
            }
            None => {}
        }
        set(&mut i.opens_at, self.opens_at);
        set(&mut i.closes_at, self.closes_at);
        set(&mut i.languages, self.languages.map(|l| l.join(",")));
        if let Some(d) = self.days {
            i.days = d;
        }
        if let Some(t) = self.terms {
            i.terms = t;
        }
        Ok(i)
    }
}

/// Publish a service for a group the caller administers.
#[utoipa::path(post, path = "/api/v1/services", tag = "directory", request_body = ServiceBody,
    responses((status = 201, body = ServiceView), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(mut b): ApiJson<ServiceBody>,
) -> WebResult<Response> {
    let group = b.group.take().unwrap_or_default();
    let base = ServiceInput { status: "active".into(), ..ServiceInput::default() };
    let s = service::create(&state, &caller.actor(), &group, &b.over(base)?).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &s).await?)).into_response())
}

/// Change a service; fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/services/{id}", tag = "directory", params(("id" = String, Path)),
    request_body = ServiceBody,
    responses((status = 200, body = ServiceView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ServiceBody>,
) -> WebResult<Json<ServiceView>> {
    let (s, group) = service::load(&state, &id).await?;
    if b.group.as_deref().is_some_and(|g| g != group.slug) {
        return Err(plural_kernel::DomainError::field("group", "directory-group-fixed").into());
    }
    let place = plural_store::places::get(&state.db, s.place_id).await?.map(|p| p.slug).unwrap_or_default();
    let input = b.over(input_from_service(&s, place))?;
    let s = service::update(&state, &caller.actor(), &id, &input).await?;
    Ok(Json(view(&state, &s).await?))
}

/// A phone number of an organisation.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneBody {
    pub number: String,
    #[serde(default)]
    pub description: String,
}

/// An organisation's public contact details: the group's own, never a member's.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationBody {
    pub website: Option<String>,
    pub email: Option<String>,
    #[serde(default)]
    pub phones: Vec<PhoneBody>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationView {
    /// Slug of the group.
    pub group: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phones: Vec<PhoneBody>,
}

/// Set a group's public contact details for the directory (replaces them all).
#[utoipa::path(put, path = "/api/v1/groups/{slug}/directory", tag = "directory", params(("slug" = String, Path)),
    request_body = OrganisationBody,
    responses((status = 200, body = OrganisationView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn set_organisation(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<OrganisationBody>,
) -> WebResult<Json<OrganisationView>> {
    let input = service::OrgInput {
        website: b.website.unwrap_or_default(),
        email: b.email.unwrap_or_default(),
        phones: b.phones.into_iter().map(|p| (p.number, p.description)).collect(),
    };
    let (group, d) = service::set_org_details(&state, &caller.actor(), &slug, &input).await?;
    Ok(Json(OrganisationView {
        group: group.slug,
        website: d.website,
        email: d.email,
        phones: d.phones.into_iter().map(|p| PhoneBody { number: p.number, description: p.description }).collect(),
    }))
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(list, show, create, update, set_organisation))]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/services", list)
        .api(Method::POST, "/api/v1/services", create)
        .api(Method::GET, "/api/v1/services/{id}", show)
        .api(Method::PATCH, "/api/v1/services/{id}", update)
        .api(Method::PUT, "/api/v1/groups/{slug}/directory", set_organisation)
}
