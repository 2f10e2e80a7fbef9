//! The OpenActive dataset site: says in plain words what the node publishes
//! and under which licence, and embeds the schema.org `Dataset` whose
//! `distribution` lists each RPDE feed, so OpenActive's crawlers find them.

use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde_json::{json, Value};

use super::rpde::{self, Feed, LICENSE};
use crate::error::WebResult;
use crate::layout::{render, Page};
use crate::session::Visitor;
use crate::AppState;

pub const PATH: &str = "/openactive/";
const ENCODING: &str = "application/vnd.openactive.rpde+json; version=1";

/// A feed as the page lists it.
pub struct FeedLink {
    pub url: String,
    pub title: String,
    pub description: String,
}

#[derive(Template)]
#[template(path = "openactive/dataset.html")]
struct DatasetPage {
    page: Page,
    feeds: Vec<FeedLink>,
    license: &'static str,
    jsonld: String,
}

fn rfc3339(unix: i64) -> String {
    plural_store::from_unix(unix).format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}

/// The schema.org `Dataset`, in the visitor's language.
pub fn dataset(state: &AppState, page: &Page, modified: Option<i64>) -> Value {
    let base = state.config.base_url.trim_end_matches('/');
    let url = format!("{base}{PATH}");
    let distribution: Vec<Value> = rpde::FEEDS
        .iter()
        .map(|f: &&Feed| {
            json!({
                "@type": "DataDownload",
                "identifier": f.kind,
                "name": f.kind,
                "additionalType": format!("https://openactive.io/{}", f.kind),
                "encodingFormat": ENCODING,
                "contentUrl": rpde::feed_url(state, f),
            })
        })
        .collect();
    let mut v = json!({
        "@context": ["https://schema.org/", "https://openactive.io/"],
        "@type": "Dataset",
        "@id": url,
        "url": url,
        "name": page.title,
        "description": page.t1("openactive-dataset-description", "node", &page.node_name),
        "keywords": ["Events", "Sessions", "Community", "Activities", "OpenActive"],
        "license": LICENSE,
        "inLanguage": [page.lang_code()],
        "schemaVersion": "https://openactive.io/modelling-opportunity-data/2.0/",
        "publisher": { "@type": "Organization", "name": page.node_name, "url": format!("{base}/") },
        "distribution": distribution,
    });
    if let Some(m) = modified {
        v["dateModified"] = json!(rfc3339(m));
    }
    v
}

pub async fn page(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let modified = plural_store::openactive::last_changed_at(&state.db).await?;
    let page = v.page(&state, v.t("openactive-title"));
    let jsonld = crate::jsonld::script_body(&dataset(&state, &page, modified));
    let feeds = vec![
        FeedLink {
            url: rpde::feed_url(&state, &rpde::SERIES),
            title: page.t("openactive-feed-series"),
            description: page.t("openactive-feed-series-help"),
        },
        FeedLink {
            url: rpde::feed_url(&state, &rpde::SESSIONS),
            title: page.t("openactive-feed-sessions"),
            description: page.t("openactive-feed-sessions-help"),
        },
    ];
    Ok(render(&DatasetPage { page, feeds, license: LICENSE, jsonld }))
}

pub async fn redirect() -> Response {
    Redirect::permanent(PATH).into_response()
}
