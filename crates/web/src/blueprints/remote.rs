//! Browsing another node's catalogue by its address: this node reads it
//! over ActivityPub (the node actor's `blueprints` collection, fetched like
//! any remote object: signed when the node asks for authorized fetch, ids
//! checked against the addresses they came from), or, from a node that does
//! not publish one, from `<node>/blueprints/feed.json` (the plain signed
//! JSON feed). Either way every signature and chain is checked here, and
//! only documents on the address's host are fetched, through the federation
//! layer's guarded client (no private or loopback addresses, redirects
//! checked), with a time and size limit, and only for signed-in people,
//! rate limited.

use std::time::Duration;

use plural_kernel::authz::Actor;
use plural_kernel::blueprints as bp;
use plural_kernel::provenance::{self, Signed};
use plural_kernel::DomainError;
use serde::{Deserialize, Serialize};

use super::service::MODULES;
use crate::error::{WebError, WebResult};
use crate::AppState;

const TIMEOUT: Duration = Duration::from_secs(10);
const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Catalogues one person may look at per hour.
pub const BROWSE_LIMIT: i64 = 60;

#[derive(Debug, Deserialize)]
struct Feed {
    format: String,
    origin: String,
    key: String,
    blueprints: Vec<serde_json::Value>,
}

/// One blueprint in another node's catalogue, as checked here.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RemoteBlueprint {
    pub id: String,
    pub version: String,
    pub name: String,
    pub summary: String,
    pub digest: String,
    /// Campaigns on that node adopted from it (as that node says).
    pub adoptions: i64,
    /// Whether its signature, digest and chain check out and it is signed
    /// with that node's key.
    pub verified: bool,
    /// Why not, when it does not.
    pub problem: Option<String>,
    /// Where it came from, when it is an adaptation: origins, nearest first.
    pub derived_from: Vec<String>,
    /// How it went, as groups on that node tell it (at most 20; the
    /// Markdown sanitised here, never that node's HTML).
    pub stories: Vec<super::service::Story>,
}

/// The stories a feed item carries, cleaned: bounded in number and length,
/// the HTML made here from the Markdown.
fn stories_of(item: &serde_json::Value) -> Vec<super::service::Story> {
    let Some(list) = item.get("stories").and_then(serde_json::Value::as_array) else { return Vec::new() };
    let s = |v: &serde_json::Value, k: &str, max: usize| -> String {
        v.get(k).and_then(serde_json::Value::as_str).unwrap_or("").chars().take(max).collect()
    };
    list.iter()
        .take(20)
        .map(|v| {
            let body = s(v, "body", super::service::STORY_MAX);
            super::service::Story {
                body_html: crate::rich_text::markdown_to_html(&body, crate::rich_text::RawHtml::Strip),
                group: s(v, "group", 200),
                place: s(v, "place", 200),
                body,
                created_at: v.get("created_at").and_then(serde_json::Value::as_i64).unwrap_or(0),
            }
        })
        .filter(|st| !st.body.trim().is_empty())
        .collect()
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Catalogue {
    pub origin: String,
    /// That node's Ed25519 public key (hex).
    pub key: String,
    pub blueprints: Vec<RemoteBlueprint>,
    /// How it was read: `activitypub` or `feed`.
    pub via: String,
}

/// The address of a node's feed, from its address (only scheme, host and port are kept).
pub fn feed_url(input: &str) -> Result<url::Url, DomainError> {
    let bad = || DomainError::field("url", "blueprint-url-invalid");
    let mut u = url::Url::parse(input.trim()).map_err(|_| bad())?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() || !u.username().is_empty() {
        return Err(bad());
    }
    u.set_path("/blueprints/feed.json");
    u.set_query(None);
    u.set_fragment(None);
    Ok(u)
}

/// Fetch and check another node's catalogue.
pub async fn browse(state: &AppState, actor: &Actor, input: &str) -> WebResult<Catalogue> {
    let person = actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))?;
    let url = feed_url(input)?;
    if !plural_store::rate_limit::hit(&state.db, &format!("blueprint-browse:{person}"), BROWSE_LIMIT, 3600).await? {
        return Err(WebError::RateLimited);
    }
    let unreachable = || WebError::from(DomainError::field("url", "blueprint-feed-unreachable"));
    let invalid = || WebError::from(DomainError::field("url", "blueprint-feed-invalid"));
    // Through the federation layer's guarded client: a person browsing may
    // not make this node reach a private, loopback or other special address.
    let allow_loopback = state.config.federation.allow_loopback;
    if crate::federation::fetch::check_url(&url, allow_loopback).is_err() {
        return Err(DomainError::field("url", "blueprint-url-refused").into());
    }
    // Defederation covers catalogues too, whichever way they are read.
    if crate::federation::is_blocked(state, &url.host_str().unwrap_or_default().to_ascii_lowercase()).await {
        return Err(DomainError::field("url", "blueprint-domain-blocked").into());
    }
    if let Some(catalogue) = over_activitypub(state, &url).await {
        return Ok(catalogue);
    }
    let client = crate::federation::fetch::client(allow_loopback, TIMEOUT);
    let mut res = client
        .get(url)
        .header(reqwest::header::USER_AGENT, concat!("Plural/", env!("CARGO_PKG_VERSION"), " (blueprint catalogue)"))
        .send()
        .await
        .map_err(|_| unreachable())?;
    if !res.status().is_success() {
        return Err(unreachable());
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(|_| unreachable())? {
        if bytes.len() + chunk.len() > MAX_BYTES {
            return Err(invalid());
        }
        bytes.extend_from_slice(&chunk);
    }
    let feed: Feed = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if feed.format != "plural-blueprint-feed/1" {
        return Err(invalid());
    }
    let blueprints = feed.blueprints.iter().filter_map(|item| check(&feed, item)).collect();
    Ok(Catalogue { origin: feed.origin, key: feed.key, blueprints, via: "feed".into() })
}

/// The catalogue as the node's ActivityPub actor publishes it (its
/// `blueprints` collection, on the same origin), checked as a feed is;
/// `None` when the node has no such actor or collection.
async fn over_activitypub(state: &AppState, feed: &url::Url) -> Option<Catalogue> {
    use crate::federation::{fetch::fetch_object, origin_of};
    let mut actor_url = feed.clone();
    actor_url.set_path("/actor");
    let actor = fetch_object(state, actor_url.as_str()).await.ok()?;
    let collection_id = actor.get("blueprints")?.as_str()?;
    if origin_of(collection_id) != origin_of(actor_url.as_str()) {
        return None;
    }
    let collection = fetch_object(state, collection_id).await.ok()?;
    let text = |k: &str| collection.get(k).and_then(serde_json::Value::as_str).map(str::to_string);
    let items = collection.get("orderedItems")?.as_array()?;
    let feed = Feed {
        format: "plural-blueprint-feed/1".into(),
        origin: text("blueprintOrigin")?,
        key: text("blueprintKey")?,
        // Each `Document` carries what a feed item does, under other names.
        blueprints: items
            .iter()
            .map(|d| {
                serde_json::json!({
                    "signed": d.get("signedBlueprint"),
                    "adoptions": d.get("adoptions"),
                    "stories": d.get("stories"),
                })
            })
            .collect(),
    };
    let blueprints = feed.blueprints.iter().filter_map(|item| check(&feed, item)).collect();
    Some(Catalogue { origin: feed.origin, key: feed.key, blueprints, via: "activitypub".into() })
}

fn check(feed: &Feed, item: &serde_json::Value) -> Option<RemoteBlueprint> {
    let signed: Signed = serde_json::from_value(item.get("signed")?.clone()).ok()?;
    let b = &signed.head.blueprint;
    let lang = b.languages.first().cloned().unwrap_or_default();
    let outcome = provenance::verify(&signed, &MODULES);
    let problem = match &outcome {
        Err(problems) => problems.first().map(|p| p.to_string()),
        Ok(_) if signed.head.key != feed.key || b.origin.as_deref() != Some(feed.origin.as_str()) => {
            Some("not signed by the node that lists it".to_string())
        }
        Ok(_) => None,
    };
    Some(RemoteBlueprint {
        id: b.id.clone(),
        version: b.version.clone(),
        name: bp::text_in(&b.name, &lang, &b.languages).to_string(),
        summary: bp::text_in(&b.summary, &lang, &b.languages).to_string(),
        digest: signed.head.digest.clone(),
        adoptions: item.get("adoptions").and_then(serde_json::Value::as_i64).unwrap_or(0),
        verified: problem.is_none(),
        problem,
        derived_from: signed.chain.iter().filter_map(|l| l.blueprint.origin.clone()).collect(),
        stories: stories_of(item),
    })
}

/// Fetch a signed blueprint document from an http(s) URL (installing by
/// address, from the admin page or `plural blueprint install <url>`):
/// through the federation layer's guarded client, like browsing, so an
/// address may not make the node reach a private, loopback or other special
/// address; with a time limit and a size limit.
pub async fn fetch_document(url: &str, allow_loopback: bool) -> anyhow::Result<String> {
    let url = url::Url::parse(url)?;
    anyhow::ensure!(matches!(url.scheme(), "http" | "https"), "a blueprint URL starts with https://");
    crate::federation::fetch::check_url(&url, allow_loopback).map_err(|e| anyhow::anyhow!("{url}: {e}"))?;
    let client = crate::federation::fetch::client(allow_loopback, TIMEOUT);
    let mut res = client
        .get(url.clone())
        .header(reqwest::header::USER_AGENT, concat!("Plural/", env!("CARGO_PKG_VERSION"), " (blueprint install)"))
        .send()
        .await?;
    anyhow::ensure!(res.status().is_success(), "fetching {url}: {}", res.status());
    let mut bytes = Vec::new();
    while let Some(chunk) = res.chunk().await? {
        anyhow::ensure!(bytes.len() + chunk.len() <= MAX_BYTES, "{url}: the document is too large");
        bytes.extend_from_slice(&chunk);
    }
    Ok(String::from_utf8(bytes)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_feed_path_of_a_web_address_is_fetched() {
        assert_eq!(
            feed_url("https://a.example/anything?x=1#y").unwrap().as_str(),
            "https://a.example/blueprints/feed.json"
        );
        assert_eq!(feed_url("http://127.0.0.1:8080").unwrap().as_str(), "http://127.0.0.1:8080/blueprints/feed.json");
        for bad in ["file:///etc/passwd", "ftp://a.example", "a.example", "https://user:pw@a.example", ""] {
            assert!(feed_url(bad).is_err(), "{bad}");
        }
    }
}
