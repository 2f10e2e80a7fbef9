//! Reading a search from query parameters into the store's query, and
//! running it. Pages, the API and the calendar feed all come through here.

use plural_kernel::errors::FieldErrors;
use plural_kernel::search::{self as rules, Kind, Need, Point};
use plural_store::places::Place;
use plural_store::search::{Page, Query};

use crate::error::{WebError, WebResult};
use crate::AppState;

pub const PER_PAGE: usize = 20;
const MAX_WITHIN_KM: f64 = 500.0;
const MAX_QUERY_CHARS: usize = 200;

/// A search as it was asked: every parameter as text, so a page can show
/// back what was typed, and a URL can be rebuilt from it.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pub q: String,
    pub place: String,
    pub lat: String,
    pub lon: String,
    pub near: String,
    pub within: String,
    pub from: String,
    pub to: String,
    pub term: String,
    pub free: bool,
    pub access: Vec<String>,
    pub language: String,
    pub kind: String,
    pub page: String,
    pub per_page: String,
}

impl Params {
    /// From a raw query string; unknown parameters are ignored.
    pub fn parse(raw: Option<&str>) -> Params {
        let mut p = Params::default();
        for (k, v) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let v = v.trim().to_string();
            match k.as_ref() {
                "q" => p.q = v,
                "place" => p.place = v,
                "lat" => p.lat = v,
                "lon" => p.lon = v,
                "near" => p.near = v,
                "within" => p.within = v,
                "from" => p.from = v,
                "to" => p.to = v,
                "term" => p.term = v,
                "free" => p.free = matches!(v.as_str(), "1" | "on" | "true" | "yes"),
                "access" if !v.is_empty() => p.access.push(v),
                "language" => p.language = v,
                "kind" => p.kind = v,
                "page" => p.page = v,
                "per_page" => p.per_page = v,
                _ => {}
            }
        }
        p
    }

    /// The query string of this search (without paging), for links and feeds.
    pub fn query_string(&self) -> String {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("place", &self.place),
            ("lat", &self.lat),
            ("lon", &self.lon),
            ("near", &self.near),
            ("within", &self.within),
            ("from", &self.from),
            ("to", &self.to),
            ("term", &self.term),
            ("language", &self.language),
            ("kind", &self.kind),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if self.free {
            s.append_pair("free", "1");
        }
        for a in &self.access {
            s.append_pair("access", a);
        }
        s.finish()
    }

    pub fn is_empty(&self) -> bool {
        self.query_string().is_empty()
    }
}

/// A filter that was applied, for "why it matched": a message id and its argument.
#[derive(Debug, Clone)]
pub struct Applied {
    pub id: &'static str,
    pub value: String,
}

/// A search read and checked, ready to run.
pub struct Resolved {
    pub query: Query,
    pub place: Option<Place>,
    pub places: Vec<Place>,
    pub applied: Vec<Applied>,
    pub page: usize,
    pub per_page: usize,
}

fn number(errors: &mut FieldErrors, field: &'static str, code: &'static str, s: &str) -> Option<f64> {
    if s.is_empty() {
        return None;
    }
    match s.parse::<f64>() {
        Ok(n) if n.is_finite() => Some(n),
        _ => {
            errors.push(field, code);
            None
        }
    }
}

fn day(errors: &mut FieldErrors, field: &'static str, s: &str) -> Option<i64> {
    if s.is_empty() {
        return None;
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(s, &format) {
        Ok(d) => Some(d.midnight().assume_utc().unix_timestamp()),
        Err(_) => {
            errors.push(field, "search-date-invalid");
            None
        }
    }
}

/// The ids of a place and every place within it (Lambeth includes Coldharbour).
pub fn place_and_within(places: &[Place], root: &Place) -> Vec<plural_kernel::PlaceId> {
    let mut ids = vec![root.id];
    let mut i = 0;
    while i < ids.len() {
        let parent = ids[i];
        let children: Vec<_> =
            places.iter().filter(|p| p.parent_id == Some(parent) && !ids.contains(&p.id)).map(|p| p.id).collect();
        ids.extend(children);
        i += 1;
    }
    ids
}

/// Check every parameter, collecting every problem; nothing runs unless all are usable.
/// `places` is every place (the caller has usually read them already).
pub async fn resolve(state: &AppState, p: &Params, places: Vec<Place>) -> WebResult<Resolved> {
    let mut e = FieldErrors::new();
    let mut q = Query { now: plural_store::now(), ..Default::default() };
    let mut applied = Vec::new();
    if p.q.chars().count() > MAX_QUERY_CHARS {
        e.push("q", "search-q-too-long");
    }
    q.words = rules::words(&p.q);
    if q.words.is_empty() && p.q.chars().any(char::is_alphanumeric) {
        e.push("q", "search-q-only-common");
    }
    let place = if p.place.is_empty() {
        None
    } else {
        let found = places.iter().find(|pl| pl.slug == p.place).cloned();
        match &found {
            Some(pl) => {
                q.place_ids = place_and_within(&places, pl).iter().map(|id| id.to_string()).collect();
                applied.push(Applied { id: "search-applied-place", value: pl.name.clone() });
            }
            None => e.push("place", "search-place-unknown"),
        }
        found
    };
    let lat = number(&mut e, "lat", "search-lat-invalid", &p.lat);
    let lon = number(&mut e, "lon", "search-lon-invalid", &p.lon);
    match (p.lat.is_empty(), p.lon.is_empty()) {
        (false, false) => match lat.zip(lon).and_then(|(a, b)| Point::new(a, b)) {
            Some(point) => {
                q.point = Some(point);
                applied
                    .push(Applied { id: "search-applied-point", value: format!("{:.4}, {:.4}", point.lat, point.lon) });
            }
            None if lat.is_some() && lon.is_some() => e.push("lat", "search-lat-invalid"),
            None => {}
        },
        (true, false) => e.push("lat", "search-point-incomplete"),
        (false, true) => e.push("lon", "search-point-incomplete"),
        (true, true) => {}
    }
    if !p.near.is_empty() {
        if q.point.is_some() {
            e.push("near", "search-near-and-point");
        } else if let Some(district) = e.check(rules::parse_postcode_district("near", &p.near)) {
            match plural_store::search::district_centre(&state.db, &district).await? {
                Some(point) => {
                    q.point = Some(point);
                    applied.push(Applied { id: "search-applied-near", value: district });
                }
                None => e.push("near", "search-near-unknown"),
            }
        }
    }
    // Near a place, when no point was given: its centre.
    if q.point.is_none() && !p.within.is_empty() {
        if let Some(centre) = place.as_ref().and_then(|pl| pl.footprint.as_ref()).and_then(|f| f.centre()) {
            q.point = Some(centre);
        }
    }
    if let Some(km) = number(&mut e, "within", "search-within-invalid", &p.within) {
        if !(km > 0.0 && km <= MAX_WITHIN_KM) {
            e.push("within", "search-within-invalid");
        } else if q.point.is_none() && e.is_empty() {
            e.push("within", "search-within-needs-point");
        } else {
            q.within_km = Some(km);
            applied.push(Applied { id: "search-applied-within", value: format!("{km}") });
        }
    }
    q.from = day(&mut e, "from", &p.from);
    // `to` is a whole day: up to its end.
    q.to = day(&mut e, "to", &p.to).map(|t| t + 86400);
    if let (Some(from), Some(to)) = (q.from, q.to) {
        if to <= from {
            e.push("to", "search-to-before-from");
        } else if to - from > plural_kernel::events::MAX_HORIZON_DAYS * 86400 {
            e.push("to", "search-range-too-long");
        }
    }
    if q.from.is_some() || q.to.is_some() {
        let value = format!("{} – {}", p.from, p.to).trim_matches([' ', '–']).to_string();
        applied.push(Applied { id: "search-applied-dates", value });
    }
    if !p.term.is_empty() {
        let terms = plural_store::directory::terms(&state.db).await?;
        match terms.iter().find(|t| t.code == p.term || t.id == p.term) {
            Some(t) => {
                q.term_id = Some(t.id.clone());
                applied.push(Applied { id: "search-applied-term", value: t.name.clone() });
            }
            None => e.push("term", "search-term-unknown"),
        }
    }
    q.free_only = p.free;
    if p.free {
        applied.push(Applied { id: "search-applied-free", value: String::new() });
    }
    for a in &p.access {
        if let Some(need) = e.check(Need::parse("access", a)) {
            if !q.needs.contains(&need) {
                q.needs.push(need);
                applied.push(Applied { id: need_label(need), value: String::new() });
            }
        }
    }
    if !p.language.is_empty() {
        if let Some(code) = e.check(
            plural_kernel::directory::parse_language_code("language", &p.language)
                .map_err(|_| plural_kernel::FieldError::new("language", "search-language-invalid")),
        ) {
            applied.push(Applied { id: "search-applied-language", value: code.clone() });
            q.language = Some(code);
        }
    }
    if !p.kind.is_empty() {
        if let Some(kind) = e.check(Kind::parse("kind", &p.kind)) {
            q.kinds = vec![kind];
            applied.push(Applied { id: kind_label(kind), value: String::new() });
        }
    }
    let page = if p.page.is_empty() {
        1
    } else {
        match p.page.parse::<usize>() {
            Ok(n) if (1..=1000).contains(&n) => n,
            _ => {
                e.push("page", "search-page-invalid");
                1
            }
        }
    };
    let per_page = if p.per_page.is_empty() {
        PER_PAGE
    } else {
        match p.per_page.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                e.push("per_page", "search-page-invalid");
                PER_PAGE
            }
        }
    };
    if !e.is_empty() {
        return Err(WebError::InvalidQuery(e));
    }
    q.limit = per_page;
    q.offset = (page - 1) * per_page;
    Ok(Resolved { query: q, place, places, applied, page, per_page })
}

pub fn need_label(n: Need) -> &'static str {
    match n {
        Need::StepFree => "search-access-step-free",
        Need::HearingLoop => "search-access-hearing-loop",
        Need::AccessibleToilet => "search-access-toilet",
        Need::SignLanguage => "search-access-sign-language",
    }
}

pub fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Service => "search-kind-service",
        Kind::Event => "search-kind-event",
        Kind::Opportunity => "search-kind-opportunity",
        Kind::Group => "search-kind-group",
    }
}

/// Where a hit is read.
pub fn url_of(kind: Kind, id: &str, groups: &[(String, String)]) -> String {
    match kind {
        Kind::Service => format!("/services/{id}"),
        Kind::Event => format!("/events/{id}"),
        Kind::Opportunity => format!("/opportunities/{id}"),
        Kind::Group => {
            let slug = groups.iter().find(|(gid, _)| gid == id).map(|(_, s)| s.as_str()).unwrap_or(id);
            format!("/groups/{slug}")
        }
    }
}

/// Count one search by this client against `rate_limits.search`: searches
/// are the node's most expensive reads, so no one address may swamp them
/// (429 once the window's allowance is used).
pub async fn limit(state: &AppState, headers: &axum::http::HeaderMap, peer: std::net::SocketAddr) -> WebResult<()> {
    crate::auth::service::limit_client(state, crate::auth::service::ClientLimit::Search, headers, peer).await
}

/// Run a checked search.
pub async fn run(state: &AppState, r: &Resolved) -> WebResult<Page> {
    Ok(plural_store::search::search(&state.db, &r.query, &r.places).await?)
}

/// Group slugs of the group hits, in one query per page rather than one per hit.
pub async fn group_slugs(state: &AppState, page: &Page) -> WebResult<Vec<(String, String)>> {
    let hits: Vec<(&str, plural_kernel::GroupId)> = page
        .hits
        .iter()
        .filter(|h| h.kind == Kind::Group)
        .filter_map(|h| Some((h.id.as_str(), h.id.parse().ok()?)))
        .collect();
    let ids: Vec<_> = hits.iter().map(|(_, id)| *id).collect();
    let groups = plural_store::groups::get_many(&state.db, &ids).await?;
    Ok(hits.into_iter().filter_map(|(hit, id)| Some((hit.to_string(), groups.get(&id)?.slug.clone()))).collect())
}
