//! The search page (`/search`, and `/places/{slug}/search`), a plain GET form
//! that works without JavaScript, and the iCalendar feed of any search's events.

use askama::Template;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::search::{round_km, Kind, Need};
use plural_store::search::Fragment;

use super::service::{self, Params};
use crate::error::{WebError, WebResult};
use crate::forms::FormErrors;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Card {
    pub kind: String,
    pub url: String,
    pub title: Vec<Fragment>,
    pub excerpt: Vec<Fragment>,
    pub place: String,
    pub distance: String,
    pub when: String,
    pub why: String,
}

#[derive(Template)]
#[template(path = "search/search.html")]
struct SearchPage {
    page: Page,
    errors: FormErrors,
    p: Params,
    searched: bool,
    results: Vec<Card>,
    total: String,
    applied: Vec<String>,
    places: Vec<Choice>,
    terms: Vec<Choice>,
    kinds: Vec<Choice>,
    needs: Vec<Choice>,
    feed_url: String,
    previous: String,
    next: String,
    /// What arrived from other nodes for the chosen place and matches the words.
    arrived: Vec<crate::federation::following::ArrivedLine>,
    arrived_heading: String,
}

/// `/places/{slug}/search` is the node's search with the place chosen.
async fn place_search(Path(slug): Path<String>, RawQuery(raw): RawQuery) -> Response {
    let mut p = Params::parse(raw.as_deref());
    p.place = slug;
    Redirect::to(&format!("/search?{}", p.query_string())).into_response()
}

async fn search(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    v: Visitor,
    RawQuery(raw): RawQuery,
) -> WebResult<Response> {
    let p = Params::parse(raw.as_deref());
    let places = plural_store::places::list(&state.db).await?;
    let terms = plural_store::directory::terms(&state.db).await?;
    let mut view = SearchPage {
        page: v.page(&state, v.t("search-title")),
        errors: FormErrors::none(),
        searched: false,
        results: Vec::new(),
        total: String::new(),
        applied: Vec::new(),
        places: places
            .iter()
            .map(|pl| Choice { value: pl.slug.clone(), label: pl.name.clone(), selected: pl.slug == p.place })
            .collect(),
        terms: terms
            .iter()
            .map(|t| Choice { value: t.code.clone(), label: t.name.clone(), selected: t.code == p.term })
            .collect(),
        kinds: Kind::ALL
            .iter()
            .map(|k| Choice {
                value: k.as_str().into(),
                label: v.t(service::kind_label(*k)),
                selected: p.kind == k.as_str(),
            })
            .collect(),
        needs: Need::ALL
            .iter()
            .map(|n| Choice {
                value: n.as_str().into(),
                label: v.t(service::need_label(*n)),
                selected: p.access.iter().any(|a| a == n.as_str()),
            })
            .collect(),
        feed_url: format!("/search.ics?{}", p.query_string()),
        previous: String::new(),
        next: String::new(),
        arrived: Vec::new(),
        arrived_heading: String::new(),
        p,
    };
    if view.p.is_empty() {
        return Ok(render(&view));
    }
    service::limit(&state, &headers, peer).await?;
    let resolved = match service::resolve(&state, &view.p, places).await {
        Ok(r) => r,
        Err(WebError::InvalidQuery(errs)) => {
            view.errors = FormErrors::from(v.lang, &errs);
            let mut res = render(&view);
            *res.status_mut() = StatusCode::BAD_REQUEST;
            return Ok(res);
        }
        Err(e) => return Err(e),
    };
    let found = service::run(&state, &resolved).await?;
    let groups = service::group_slugs(&state, &found).await?;
    view.searched = true;
    view.applied = resolved
        .applied
        .iter()
        .map(|a| {
            if a.value.is_empty() {
                v.t(a.id)
            } else {
                crate::i18n::t_args(v.lang, a.id, &[("value", a.value.clone())])
            }
        })
        .collect();
    view.total = v.page(&state, String::new()).t1("search-count", "count", found.total);
    let base = view.p.query_string();
    if resolved.page > 1 {
        view.previous = format!("/search?{base}&page={}", resolved.page - 1);
    }
    if resolved.page * resolved.per_page < found.total {
        view.next = format!("/search?{base}&page={}", resolved.page + 1);
    }
    view.results = found
        .hits
        .iter()
        .map(|h| {
            let place = resolved.places.iter().find(|pl| pl.id.to_string() == h.place_id);
            let words = h.matched_words();
            let why = if words.is_empty() {
                String::new()
            } else {
                let fields: Vec<String> =
                    h.matched_fields().iter().map(|f| v.t(&format!("search-field-{f}"))).collect();
                crate::i18n::t_args(v.lang, "search-why", &[("words", words.join(", ")), ("fields", fields.join(", "))])
            };
            Card {
                kind: v.t(service::kind_label(h.kind)),
                url: service::url_of(h.kind, &h.id, &groups),
                title: h.title_fragments.clone(),
                excerpt: h.excerpt.clone(),
                place: place.map(|pl| pl.name.clone()).unwrap_or_default(),
                distance: h
                    .distance_km
                    .map(|d| {
                        let id = if h.distance_to_place { "search-distance-place" } else { "search-distance" };
                        crate::i18n::t_args(v.lang, id, &[("km", format!("{}", round_km(d)))])
                    })
                    .unwrap_or_default(),
                when: h.next_start.map(|t| v.page(&state, String::new()).date(&t)).unwrap_or_default(),
                why,
            }
        })
        .collect();
    if let (Some(place), false, 1) = (&resolved.place, resolved.query.words.is_empty(), resolved.page) {
        let found = crate::federation::following::search_arrived(&state, place, &resolved.query.words, 10).await;
        view.arrived = crate::federation::following::arrived_lines(&found, &view.page);
        view.arrived_heading = crate::i18n::t_args(v.lang, "search-arrived-heading", &[("place", place.name.clone())]);
    }
    Ok(render(&view))
}

/// `/search.ics`: the events of a search as a calendar to subscribe to.
async fn search_ics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> WebResult<Response> {
    service::limit(&state, &headers, peer).await?;
    let p = Params::parse(raw.as_deref());
    let places = plural_store::places::list(&state.db).await?;
    let mut resolved = service::resolve(&state, &p, places).await?;
    // The calendar holds the search's events; a search for other kinds has none.
    let wants_events = resolved.query.kinds.is_empty() || resolved.query.kinds.contains(&Kind::Event);
    resolved.query.kinds = vec![Kind::Event];
    resolved.query.offset = 0;
    resolved.query.limit = 500;
    let found = if wants_events { service::run(&state, &resolved).await? } else { Default::default() };
    let ids = found.hits.iter().map(|h| crate::events::service::parse_id(&h.id)).collect::<WebResult<Vec<_>>>()?;
    let events = plural_store::events::get_many(&state.db, &ids).await?;
    let name = if p.q.is_empty() { state.node_name.to_string() } else { format!("{} — {}", state.node_name, p.q) };
    let body = crate::events::feeds::calendar(&state, &name, &events).await?;
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    Ok(res)
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/search", search).page(Method::GET, "/search.ics", search_ics).page(
        Method::GET,
        "/places/{slug}/search",
        place_search,
    )
}
