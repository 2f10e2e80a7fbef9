//! The Open Referral HSDS 3.0 API at `/openreferral/`: the directory as open
//! data, in the shape other directories and apps already read. It is
//! documented by HSDS's own OpenAPI file, not by ours, so its routes are not
//! under `/api/v1`. Public, keyless, readable from any origin.

use std::collections::HashMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use plural_kernel::{DomainError, GroupId};
use plural_store::directory::{self as store, Location, Service, Taxonomy, Term};
use plural_store::groups::Group;
use serde_json::{json, Map, Value};

use crate::error::{Problem, WebError};
use crate::routes::Routes;
use crate::AppState;

pub const HSDS_VERSION: &str = "3.0";
pub const HSDS_PROFILE: &str = "https://openreferral.org/hsds/3.0";
pub const HSDS_OPENAPI: &str = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json";
/// Addresses are stored without a country; this node's directory is British.
const COUNTRY: &str = "GB";
const PER_PAGE_DEFAULT: i64 = 50;
const PER_PAGE_MAX: i64 = 500;

/// A 400 naming the query parameter that was wrong.
struct BadParam(&'static str, &'static str);

enum Failure {
    Bad(BadParam),
    Web(WebError),
}

impl Failure {
    /// Outside a request's parameters (the export), a bad parameter is our own bug.
    fn into_web(self) -> WebError {
        match self {
            Failure::Web(e) => e,
            Failure::Bad(BadParam(p, why)) => WebError::Internal(anyhow::anyhow!("export: {p} {why}")),
        }
    }
}

impl<E: Into<WebError>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Web(e.into())
    }
}

fn cors(mut res: Response) -> Response {
    res.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    res
}

fn problem(status: StatusCode, code: &str, title: &str, detail: Option<String>) -> Response {
    let body = Problem {
        type_: format!("urn:plural:problem:{code}"),
        title: title.to_string(),
        status: status.as_u16(),
        code: code.to_string(),
        detail,
        errors: vec![],
    };
    let mut res = (status, axum::Json(body)).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    res
}

/// Every answer, good or bad, as JSON with the open CORS header. Errors are
/// made here, as problems, so the page renderer leaves them alone.
fn answer(result: Result<Value, Failure>) -> Response {
    let res = match result {
        Ok(v) => axum::Json(v).into_response(),
        Err(Failure::Bad(BadParam(param, why))) => problem(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            Some(format!("query parameter `{param}` {why}")),
        ),
        Err(Failure::Web(WebError::Domain(DomainError::NotFound))) => {
            problem(StatusCode::NOT_FOUND, "not-found", "Not found", None)
        }
        Err(Failure::Web(e)) => {
            tracing::error!(error = %e, "openreferral request failed");
            problem(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", "Internal error", None)
        }
    };
    cors(res)
}

fn not_found() -> Failure {
    Failure::Web(WebError::Domain(DomainError::NotFound))
}

fn valid_uuid(s: &str) -> bool {
    uuid::Uuid::parse_str(s).is_ok()
}

/// A stable id for a part HSDS wants an id of but Plural does not store
/// apart (an address, an accessibility note, an attribute).
fn derived_id(base: &str, salt: u128) -> String {
    let n = uuid::Uuid::parse_str(base).map(|u| u.as_u128()).unwrap_or_default();
    uuid::Uuid::from_u128(n ^ salt).to_string()
}

fn rfc3339(unix: i64) -> String {
    plural_store::from_unix(unix)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// Insert only what has a value: HSDS fields are typed strings, never null.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(v) = value {
        map.insert(key.to_string(), v.into());
    }
}

fn non_empty(s: &str) -> Option<String> {
    Some(s.to_string()).filter(|s| !s.is_empty())
}

// The query.

struct Params(HashMap<String, String>);

impl Params {
    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn uuid(&self, name: &'static str) -> Result<Option<String>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some(v) if valid_uuid(v) => Ok(Some(v.to_string())),
            Some(_) => Err(Failure::Bad(BadParam(name, "must be a UUID"))),
        }
    }

    fn boolean(&self, name: &'static str) -> Result<Option<bool>, Failure> {
        match self.get(name) {
            None => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(_) => Err(Failure::Bad(BadParam(name, "must be true or false"))),
        }
    }

    /// `(limit, offset, page)`.
    fn paging(&self) -> Result<(i64, i64, i64), Failure> {
        let page = match self.get("page") {
            None => 1,
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=1_000_000).contains(p))
                .ok_or(Failure::Bad(BadParam("page", "must be a whole number from 1")))?,
        };
        let per_page = match self.get("per_page") {
            None => PER_PAGE_DEFAULT,
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|p| (1..=PER_PAGE_MAX).contains(p))
                .ok_or(Failure::Bad(BadParam("per_page", "must be a whole number from 1 to 500")))?,
        };
        Ok((per_page, (page - 1) * per_page, page))
    }

    /// A full postcode (`SE15 4ST`) or a district (`SE15`), as its district.
    fn postcode_district(&self) -> Result<Option<String>, Failure> {
        let Some(v) = self.get("postcode") else { return Ok(None) };
        let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_uppercase();
        let bad =
            || Failure::Bad(BadParam("postcode", "must be a UK postcode or postcode district, like SE15 4ST or SE15"));
        if !compact.chars().all(|c| c.is_ascii_alphanumeric())
            || !compact.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            return Err(bad());
        }
        match compact.len() {
            2..=4 => Ok(Some(compact)),
            5..=7 => Ok(Some(compact[..compact.len() - 3].to_string())),
            _ => Err(bad()),
        }
    }

    fn modified_after(&self) -> Result<Option<i64>, Failure> {
        let Some(v) = self.get("modified_after") else { return Ok(None) };
        if let Ok(t) = time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339) {
            return Ok(Some(t.unix_timestamp()));
        }
        let date_format = time::macros::format_description!("[year]-[month]-[day]");
        match time::Date::parse(v, &date_format) {
            Ok(d) => Ok(Some(d.midnight().assume_utc().unix_timestamp())),
            Err(_) => {
                Err(Failure::Bad(BadParam("modified_after", "must be a date (YYYY-MM-DD) or an RFC 3339 date-time")))
            }
        }
    }
}

fn paged(contents: Vec<Value>, total: i64, page: i64, per_page: i64) -> Value {
    let total_pages = if total == 0 { 0 } else { (total + per_page - 1) / per_page };
    json!({
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": contents.len(),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

// The entities.

/// Organisations by id, each with its contact details, in a few queries however many.
async fn organizations_of(state: &AppState, ids: &[GroupId]) -> Result<HashMap<GroupId, Value>, Failure> {
    let groups = plural_store::groups::get_many(&state.db, ids).await?;
    let found: Vec<GroupId> = groups.keys().copied().collect();
    let mut details = store::org_details_of(&state.db, &found).await?;
    Ok(groups
        .into_iter()
        .map(|(id, g)| (id, organization(state, &g, details.remove(&id).unwrap_or_default())))
        .collect())
}

fn organization(state: &AppState, g: &Group, d: store::OrgDetails) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), g.id.to_string().into());
    m.insert("name".into(), g.name.clone().into());
    m.insert("description".into(), g.description.clone().into());
    put(&mut m, "website", d.website);
    put(&mut m, "email", d.email);
    m.insert("uri".into(), format!("{}/groups/{}", state.config.base(), g.slug).into());
    let phones: Vec<Value> = d
        .phones
        .iter()
        .map(|p| {
            let mut pm = Map::new();
            pm.insert("id".into(), p.id.clone().into());
            pm.insert("organization_id".into(), g.id.to_string().into());
            pm.insert("number".into(), p.number.clone().into());
            put(&mut pm, "description", non_empty(&p.description));
            Value::Object(pm)
        })
        .collect();
    m.insert("phones".into(), phones.into());
    Value::Object(m)
}

fn taxonomy_json(t: &Taxonomy) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), t.id.clone().into());
    m.insert("name".into(), t.name.clone().into());
    m.insert("description".into(), t.description.clone().into());
    put(&mut m, "uri", t.uri.clone());
    put(&mut m, "version", t.version.clone());
    Value::Object(m)
}

fn term_json(t: &Term, taxonomies: &[Taxonomy]) -> Value {
    let tax = taxonomies.iter().find(|x| x.id == t.taxonomy_id);
    let mut m = Map::new();
    m.insert("id".into(), t.id.clone().into());
    m.insert("code".into(), t.code.clone().into());
    m.insert("name".into(), t.name.clone().into());
    m.insert("description".into(), t.description.clone().into());
    put(&mut m, "parent_id", t.parent_id.clone());
    put(&mut m, "taxonomy", tax.map(|x| x.name.clone()));
    m.insert("taxonomy_id".into(), t.taxonomy_id.clone().into());
    put(&mut m, "taxonomy_detail", tax.map(taxonomy_json));
    m.insert("language".into(), "en".into());
    Value::Object(m)
}

fn location_json(l: &Location, group: &str) -> Value {
    let mut m = Map::new();
    m.insert("id".into(), l.id.clone().into());
    m.insert("location_type".into(), "physical".into());
    m.insert("organization_id".into(), group.into());
    put(&mut m, "name", non_empty(&l.name));
    put(&mut m, "latitude", l.latitude);
    put(&mut m, "longitude", l.longitude);
    let mut a = Map::new();
    a.insert("id".into(), derived_id(&l.id, 1).into());
    a.insert("location_id".into(), l.id.clone().into());
    a.insert("address_1".into(), l.address_1.clone().into());
    put(&mut a, "address_2", non_empty(&l.address_2));
    a.insert("city".into(), l.city.clone().into());
    a.insert("state_province".into(), "".into());
    a.insert("postal_code".into(), l.postcode.clone().into());
    a.insert("country".into(), COUNTRY.into());
    a.insert("address_type".into(), "physical".into());
    m.insert("addresses".into(), vec![Value::Object(a)].into());
    let access: Vec<Value> = non_empty(&l.accessibility)
        .map(|d| json!({"id": derived_id(&l.id, 2), "location_id": l.id, "description": d}))
        .into_iter()
        .collect();
    m.insert("accessibility".into(), access.into());
    Value::Object(m)
}

/// What a service is shown with.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Its id, name, status and when it last changed.
    Minimal,
    /// Its own fields and taxonomy terms.
    Plain,
    /// Everything, nested.
    Full,
}

/// What the services of one response share, read once for the response
/// rather than once for each service: the taxonomy, the places, and each
/// organisation (an organisation's services usually come together).
#[derive(Default)]
struct Shared {
    tables: Option<(Vec<Term>, Vec<Taxonomy>, Vec<plural_store::places::Place>)>,
    organizations: HashMap<GroupId, Option<Value>>,
}

impl Shared {
    async fn tables(
        &mut self,
        state: &AppState,
    ) -> Result<&(Vec<Term>, Vec<Taxonomy>, Vec<plural_store::places::Place>), Failure> {
        let tables = match self.tables.take() {
            Some(t) => t,
            None => (
                store::terms(&state.db).await?,
                store::taxonomies(&state.db).await?,
                plural_store::places::list(&state.db).await?,
            ),
        };
        Ok(self.tables.insert(tables))
    }

    /// Read the organisations of these services that were not read yet, together.
    async fn read_organizations(&mut self, state: &AppState, services: &[Service]) -> Result<(), Failure> {
        self.read(state, services.iter().map(|s| s.group_id)).await
    }

    async fn read(&mut self, state: &AppState, ids: impl Iterator<Item = GroupId>) -> Result<(), Failure> {
        let mut missing: Vec<GroupId> = Vec::new();
        for id in ids {
            if !self.organizations.contains_key(&id) && !missing.contains(&id) {
                missing.push(id);
            }
        }
        let mut found = organizations_of(state, &missing).await?;
        for id in missing {
            let org = found.remove(&id);
            self.organizations.insert(id, org);
        }
        Ok(())
    }

    async fn organization(&mut self, state: &AppState, id: GroupId) -> Result<Option<Value>, Failure> {
        self.read(state, std::iter::once(id)).await?;
        Ok(self.organizations.get(&id).cloned().flatten())
    }
}

async fn service_json(state: &AppState, s: &Service, detail: Detail, shared: &mut Shared) -> Result<Value, Failure> {
    let mut m = Map::new();
    m.insert("id".into(), s.id.clone().into());
    m.insert("name".into(), s.name.clone().into());
    m.insert("status".into(), s.status.clone().into());
    m.insert("last_modified".into(), rfc3339(s.updated_at).into());
    if detail == Detail::Minimal {
        return Ok(Value::Object(m));
    }
    m.insert("organization_id".into(), s.group_id.to_string().into());
    m.insert("description".into(), s.description.clone().into());
    put(&mut m, "url", s.url.clone());
    put(&mut m, "email", s.email.clone());
    put(&mut m, "eligibility_description", non_empty(&s.eligibility_description));
    put(&mut m, "assured_date", s.last_reviewed.clone());
    let (terms, taxonomies, places) = shared.tables(state).await?;
    let attributes: Vec<Value> = s
        .term_ids
        .iter()
        .filter_map(|id| terms.iter().find(|t| &t.id == id))
        .map(|t| {
            let salt = uuid::Uuid::parse_str(&t.id).map(|u| u.as_u128()).unwrap_or_default();
            json!({
                "id": derived_id(&s.id, salt),
                "link_id": s.id,
                "link_type": "service",
                "link_entity": "service",
                "taxonomy_term_id": t.id,
                "taxonomy_term": term_json(t, taxonomies),
            })
        })
        .collect();
    m.insert("attributes".into(), attributes.into());
    if detail == Detail::Plain {
        return Ok(Value::Object(m));
    }
    let areas: Vec<Value> = s
        .areas
        .iter()
        .map(|a| {
            let name = places.iter().find(|p| p.id == a.place_id).map(|p| p.name.clone()).unwrap_or_default();
            json!({"id": a.id, "service_id": s.id, "name": name})
        })
        .collect();
    if let Some(org) = shared.organization(state, s.group_id).await? {
        m.insert("organization".into(), org);
    }
    let group = s.group_id.to_string();
    let sals: Vec<Value> = s
        .locations
        .iter()
        .map(|sal| {
            json!({
                "id": sal.id,
                "service_id": s.id,
                "location_id": sal.location.id,
                "location": location_json(&sal.location, &group),
            })
        })
        .collect();
    m.insert("service_at_locations".into(), sals.into());
    let schedules: Vec<Value> = s
        .schedules
        .iter()
        .map(|h| {
            let mut sm = Map::new();
            sm.insert("id".into(), h.id.clone().into());
            sm.insert("service_id".into(), s.id.clone().into());
            sm.insert("freq".into(), h.freq.clone().into());
            sm.insert("wkst".into(), "MO".into());
            sm.insert("byday".into(), h.byday.clone().into());
            sm.insert("opens_at".into(), h.opens_at.clone().into());
            sm.insert("closes_at".into(), h.closes_at.clone().into());
            put(&mut sm, "description", non_empty(&h.description));
            Value::Object(sm)
        })
        .collect();
    m.insert("schedules".into(), schedules.into());
    let costs: Vec<Value> = s
        .cost_options
        .iter()
        .map(|c| {
            let mut cm = Map::new();
            cm.insert("id".into(), c.id.clone().into());
            cm.insert("service_id".into(), s.id.clone().into());
            cm.insert("option".into(), (if c.free { "Free" } else { "Charge" }).into());
            let amount = if c.free { Some(0.0) } else { c.amount_minor.map(|a| a as f64 / 100.0) };
            put(&mut cm, "amount", amount);
            put(&mut cm, "currency", c.currency.clone().or_else(|| c.free.then(|| "GBP".to_string())));
            put(&mut cm, "amount_description", non_empty(&c.description));
            Value::Object(cm)
        })
        .collect();
    m.insert("cost_options".into(), costs.into());
    let languages: Vec<Value> =
        s.languages.iter().map(|l| json!({"id": l.id, "service_id": s.id, "code": l.code})).collect();
    m.insert("languages".into(), languages.into());
    m.insert("service_areas".into(), areas.into());
    Ok(Value::Object(m))
}

// The handlers.

async fn root(State(state): State<AppState>) -> Response {
    answer(Ok(json!({
        "version": HSDS_VERSION,
        "profile": HSDS_PROFILE,
        "openapi_url": HSDS_OPENAPI,
        "publisher": {"name": state.node_name.to_string(), "url": state.config.base()},
    })))
}

/// The filters services and service-at-locations share.
async fn filter(state: &AppState, p: &Params) -> Result<store::Filter, Failure> {
    let mut postcode_district = p.postcode_district()?;
    let mut near = None;
    if let Some(v) = p.get("proximity") {
        let metres = v
            .parse::<f64>()
            .ok()
            .filter(|m| m.is_finite() && *m > 0.0 && *m <= 200_000.0)
            .ok_or(Failure::Bad(BadParam("proximity", "must be a distance in metres, from 1 to 200000")))?;
        let district =
            postcode_district.take().ok_or(Failure::Bad(BadParam("proximity", "needs a postcode to measure from")))?;
        // The district's centre comes from this node's own located records.
        let centre = plural_store::search::district_centre(&state.db, &district).await?.ok_or(Failure::Bad(
            BadParam("postcode", "is a district this node has no located services or events in"),
        ))?;
        near = Some((centre, metres / 1000.0));
    }
    Ok(store::Filter {
        term_id: p.uuid("taxonomy_term_id")?,
        taxonomy_id: p.uuid("taxonomy_id")?,
        group_id: p
            .uuid("organization_id")?
            .map(|id| id.parse().map_err(|_| Failure::Bad(BadParam("organization_id", "must be a UUID"))))
            .transpose()?,
        search: p.get("search").map(|s| s.chars().take(200).collect()),
        modified_after: p.modified_after()?,
        postcode_district,
        near,
        place_ids: vec![],
    })
}

async fn services_list(state: &AppState, p: &Params) -> Result<Value, Failure> {
    let (limit, offset, page) = p.paging()?;
    let minimal = p.boolean("minimal")?.unwrap_or(false);
    let full = p.boolean("full")?.unwrap_or(true);
    let filter = filter(state, p).await?;
    let detail = match (minimal, full) {
        (true, _) => Detail::Minimal,
        (false, true) => Detail::Full,
        (false, false) => Detail::Plain,
    };
    let (services, total) = store::services(&state.db, &filter, limit, offset).await?;
    let mut contents = Vec::with_capacity(services.len());
    let mut shared = Shared::default();
    if detail == Detail::Full {
        shared.read_organizations(state, &services).await?;
    }
    for s in &services {
        contents.push(service_json(state, s, detail, &mut shared).await?);
    }
    Ok(paged(contents, total, page, limit))
}

async fn services(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    answer(services_list(&state, &Params(q)).await)
}

async fn one_service(state: &AppState, id: &str) -> Result<Value, Failure> {
    if !valid_uuid(id) {
        return Err(not_found());
    }
    let s = store::service(&state.db, id).await?.ok_or_else(not_found)?;
    service_json(state, &s, Detail::Full, &mut Shared::default()).await
}

async fn service(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    answer(one_service(&state, &id).await)
}

async fn organizations_list(state: &AppState, p: &Params) -> Result<Value, Failure> {
    let (limit, offset, page) = p.paging()?;
    let (ids, total) = store::organisation_ids(&state.db, limit, offset).await?;
    let mut found = organizations_of(state, &ids).await?;
    let contents: Vec<Value> = ids.iter().filter_map(|id| found.remove(id)).collect();
    Ok(paged(contents, total, page, limit))
}

async fn organizations(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    answer(organizations_list(&state, &Params(q)).await)
}

async fn one_organization(state: &AppState, id: &str) -> Result<Value, Failure> {
    let id = id.parse().map_err(|_| not_found())?;
    let g = plural_store::groups::get(&state.db, id).await?.ok_or_else(not_found)?;
    let mut org = organization(state, &g, store::org_details(&state.db, g.id).await?);
    let filter = store::Filter { group_id: Some(g.id), ..store::Filter::default() };
    let (services, _) = store::services(&state.db, &filter, 500, 0).await?;
    let mut list = Vec::with_capacity(services.len());
    let mut shared = Shared::default();
    for s in &services {
        list.push(service_json(state, s, Detail::Plain, &mut shared).await?);
    }
    if let Value::Object(m) = &mut org {
        m.insert("services".into(), list.into());
    }
    Ok(org)
}

async fn organization_one(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    answer(one_organization(&state, &id).await)
}

async fn taxonomies_list(state: &AppState, p: &Params) -> Result<Value, Failure> {
    let (limit, offset, page) = p.paging()?;
    let all = store::taxonomies(&state.db).await?;
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let contents = all
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(taxonomy_json)
        .collect();
    Ok(paged(contents, total, page, limit))
}

async fn taxonomies(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    answer(taxonomies_list(&state, &Params(q)).await)
}

async fn taxonomy(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let result = async {
        let t = store::taxonomy(&state.db, &id).await?.ok_or_else(not_found)?;
        Ok(taxonomy_json(&t))
    }
    .await;
    answer(result)
}

async fn terms_list(state: &AppState, p: &Params) -> Result<Value, Failure> {
    let (limit, offset, page) = p.paging()?;
    let top_only = p.boolean("top_only")?.unwrap_or(false);
    let parent = p.uuid("parent_id")?;
    let taxonomy = p.uuid("taxonomy_id")?;
    let taxonomies = store::taxonomies(&state.db).await?;
    let all: Vec<Term> = store::terms(&state.db)
        .await?
        .into_iter()
        .filter(|t| !top_only || t.parent_id.is_none())
        .filter(|t| parent.as_ref().is_none_or(|p| t.parent_id.as_ref() == Some(p)))
        .filter(|t| taxonomy.as_ref().is_none_or(|x| &t.taxonomy_id == x))
        .collect();
    let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
    let contents = all
        .iter()
        .skip(usize::try_from(offset).unwrap_or(usize::MAX))
        .take(usize::try_from(limit).unwrap_or(0))
        .map(|t| term_json(t, &taxonomies))
        .collect();
    Ok(paged(contents, total, page, limit))
}

async fn terms(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    answer(terms_list(&state, &Params(q)).await)
}

async fn term(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let result = async {
        let t = store::term(&state.db, &id).await?.ok_or_else(not_found)?;
        Ok(term_json(&t, &store::taxonomies(&state.db).await?))
    }
    .await;
    answer(result)
}

/// A service-at-location: the link, its location, and its service (HSDS nests both).
async fn sal_json(
    state: &AppState,
    link: &str,
    s: &Service,
    full: bool,
    shared: &mut Shared,
) -> Result<Value, Failure> {
    let sal = s.locations.iter().find(|l| l.id == link).ok_or_else(not_found)?;
    let mut m = Map::new();
    m.insert("id".into(), sal.id.clone().into());
    m.insert("service_id".into(), s.id.clone().into());
    m.insert("location_id".into(), sal.location.id.clone().into());
    m.insert("location".into(), location_json(&sal.location, &s.group_id.to_string()));
    if full {
        m.insert("service".into(), service_json(state, s, Detail::Plain, shared).await?);
    }
    Ok(Value::Object(m))
}

async fn sals_list(state: &AppState, p: &Params) -> Result<Value, Failure> {
    let (limit, offset, page) = p.paging()?;
    let full = p.boolean("full")?.unwrap_or(true);
    let (ids, total) = store::service_at_location_ids(&state.db, &filter(state, p).await?, limit, offset).await?;
    let mut service_ids: Vec<String> = Vec::new();
    for (_, service) in &ids {
        if !service_ids.contains(service) {
            service_ids.push(service.clone());
        }
    }
    let services = store::services_with_ids(&state.db, &service_ids).await?;
    let mut contents = Vec::with_capacity(ids.len());
    let mut shared = Shared::default();
    for (link, service) in &ids {
        let s = services.iter().find(|s| &s.id == service).ok_or_else(not_found)?;
        contents.push(sal_json(state, link, s, full, &mut shared).await?);
    }
    Ok(paged(contents, total, page, limit))
}

async fn service_at_locations(State(state): State<AppState>, Query(q): Query<HashMap<String, String>>) -> Response {
    answer(sals_list(&state, &Params(q)).await)
}

async fn service_at_location(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let result = async {
        let service = store::service_of_link(&state.db, &id).await?.ok_or_else(not_found)?;
        let s = store::service(&state.db, &service).await?.ok_or_else(not_found)?;
        sal_json(&state, &id, &s, true, &mut Shared::default()).await
    }
    .await;
    answer(result)
}

pub fn routes() -> Routes {
    Routes::new()
        .ops(Method::GET, "/openreferral", root)
        .ops(Method::GET, "/openreferral/", root)
        .ops(Method::GET, "/openreferral/services", services)
        .ops(Method::GET, "/openreferral/services/{id}", service)
        .ops(Method::GET, "/openreferral/organizations", organizations)
        .ops(Method::GET, "/openreferral/organizations/{id}", organization_one)
        .ops(Method::GET, "/openreferral/taxonomies", taxonomies)
        .ops(Method::GET, "/openreferral/taxonomies/{id}", taxonomy)
        .ops(Method::GET, "/openreferral/taxonomy_terms", terms)
        .ops(Method::GET, "/openreferral/taxonomy_terms/{id}", term)
        .ops(Method::GET, "/openreferral/service_at_locations", service_at_locations)
        .ops(Method::GET, "/openreferral/service_at_locations/{id}", service_at_location)
}

/// Every service of a place (and the places within it), fully nested, as
/// one HSDS page: what `plural export` writes.
pub async fn export_place(state: &AppState, place_slug: &str) -> crate::error::WebResult<Value> {
    let q = super::service::ListQuery { place: place_slug.to_string(), ..Default::default() };
    let mut contents = Vec::new();
    let mut total = 0;
    let mut shared = Shared::default();
    loop {
        let (services, all) = super::service::list(state, &q, PER_PAGE_MAX, contents.len() as i64).await?;
        total = total.max(all);
        if services.is_empty() {
            break;
        }
        shared.read_organizations(state, &services).await.map_err(Failure::into_web)?;
        for s in &services {
            contents.push(service_json(state, s, Detail::Full, &mut shared).await.map_err(Failure::into_web)?);
        }
        if contents.len() as i64 >= all {
            break;
        }
    }
    let size = (contents.len() as i64).max(1);
    Ok(paged(contents, total, 1, size))
}
