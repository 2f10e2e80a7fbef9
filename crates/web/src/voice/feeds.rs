//! Atom feeds of a node's (or a place's) proposals and of the official
//! answers and progress updates given to them.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::error::{WebError, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// Entries a feed holds at most.
const FEED_ENTRIES: i64 = 100;

fn at(unix: i64) -> FixedDateTime {
    DateTime::<Utc>::from_timestamp(unix, 0).unwrap_or_default().fixed_offset()
}

fn atom_response(body: String) -> Response {
    let mut res = body.into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/atom+xml; charset=utf-8"));
    res
}

#[derive(Debug, Default, Deserialize)]
pub struct FeedQuery {
    #[serde(default)]
    place: String,
}

/// The feed's title and its `?place=` suffix, for a place or the whole node.
async fn scope(state: &AppState, place: &str) -> WebResult<(Option<plural_kernel::PlaceId>, String, String)> {
    match place.trim() {
        "" => Ok((None, state.node_name.to_string(), String::new())),
        slug => {
            let p = plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
            let q = format!("?place={}", url::form_urlencoded::byte_serialize(p.slug.as_bytes()).collect::<String>());
            Ok((Some(p.id), p.name, q))
        }
    }
}

fn feed(state: &AppState, id_path: &str, title: String, updated: i64, entries: Vec<Entry>) -> String {
    let base = state.config.base();
    Feed {
        id: format!("{base}{id_path}"),
        title: Text::plain(title),
        updated: at(updated),
        links: vec![
            Link { href: format!("{base}{id_path}"), rel: "self".into(), ..Default::default() },
            Link { href: format!("{base}/proposals"), rel: "alternate".into(), ..Default::default() },
        ],
        entries,
        ..Default::default()
    }
    .to_string()
}

/// `/proposals.atom`: published proposals, newest first.
async fn proposals(State(state): State<AppState>, Query(q): Query<FeedQuery>) -> WebResult<Response> {
    let (place, name, query) = scope(&state, &q.place).await?;
    let f = plural_store::voice::Filter { place, answer: None };
    let list = plural_store::voice::list(&state.db, &f, FEED_ENTRIES).await?;
    let base = state.config.base();
    let updated = list.iter().map(|p| p.updated_at).max().unwrap_or(0);
    let entries = list
        .iter()
        .map(|p| Entry {
            id: format!("urn:uuid:{}", p.id),
            title: Text::plain(p.title.clone()),
            updated: at(p.updated_at),
            published: p.published_at.map(at),
            links: vec![Link {
                href: format!("{base}/proposals/{}", p.id),
                rel: "alternate".into(),
                ..Default::default()
            }],
            summary: Some(Text::plain(p.summary.clone())),
            ..Default::default()
        })
        .collect();
    Ok(atom_response(feed(&state, &format!("/proposals.atom{query}"), format!("{name}: proposals"), updated, entries)))
}

/// `/proposals/answers.atom`: official answers and progress updates, newest first.
async fn answers(State(state): State<AppState>, Query(q): Query<FeedQuery>) -> WebResult<Response> {
    let (place, name, query) = scope(&state, &q.place).await?;
    let list = plural_store::voice::recent_answers(&state.db, place, FEED_ENTRIES).await?;
    let base = state.config.base();
    let updated = list.iter().map(|(a, _)| a.created_at).max().unwrap_or(0);
    let entries = list
        .into_iter()
        .map(|(a, title)| {
            let by = a.group_name.clone().unwrap_or_else(|| "stewards".into());
            Entry {
                id: format!("urn:uuid:{}", a.id),
                title: Text::plain(format!("{title}: {} ({by})", a.state.as_str().replace('_', " "))),
                updated: at(a.created_at),
                published: Some(at(a.created_at)),
                links: vec![Link {
                    href: format!("{base}/proposals/{}", a.proposal_id),
                    rel: "alternate".into(),
                    ..Default::default()
                }],
                summary: Some(Text::plain(a.body)),
                ..Default::default()
            }
        })
        .collect();
    Ok(atom_response(feed(
        &state,
        &format!("/proposals/answers.atom{query}"),
        format!("{name}: answers"),
        updated,
        entries,
    )))
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/proposals.atom", proposals).page(Method::GET, "/proposals/answers.atom", answers)
}
