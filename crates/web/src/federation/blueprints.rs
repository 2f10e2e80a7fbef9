//! The node's blueprint catalogue over ActivityPub: the node actor's
//! `blueprints` collection (also listed in its `streams`), each blueprint a
//! `Document` at its page's address (`/blueprints/{id}`, answered as
//! ActivityStreams when asked for it) carrying the blueprint exactly as
//! signed, so whoever receives it checks the Ed25519 signatures and the
//! derived-from chain themselves, as with the plain signed feed
//! (`/blueprints/feed.json`), whose items these are.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::actors::{actor_id, NODE};
use super::{activity_response, json_error};
use crate::blueprints::service::{self, FeedItem};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::AppState;

/// The id of the node actor's blueprint collection.
pub fn collection_id(base: &str) -> String {
    format!("{base}/actor/blueprints")
}

/// A blueprint's ActivityPub id: its page.
pub fn object_id(base: &str, id: &str) -> String {
    format!("{base}/blueprints/{id}")
}

/// A catalogue item as an ActivityStreams `Document`.
fn object(state: &AppState, f: &FeedItem) -> Value {
    let base = state.config.base();
    let b = &f.installed.blueprint;
    let lang = b.languages.first().map_or("en", String::as_str);
    let text = |t| plural_kernel::blueprints::text_in(t, lang, &b.languages);
    let id = object_id(base, &b.id);
    json!({
        "id": id,
        "type": "Document",
        "name": text(&b.name),
        // Blueprint texts carry no HTML (checked), but ActivityStreams
        // summaries are HTML: escaped on the way, never trusted.
        "summary": markdown_to_html(text(&b.summary), RawHtml::AsText),
        "url": id,
        "attributedTo": actor_id(base, NODE),
        "mediaType": "application/json",
        "version": b.version,
        "signedBlueprint": f.signed,
        "adoptions": f.adoptions,
        "stories": f.stories,
        "to": ["https://www.w3.org/ns/activitystreams#Public"],
    })
}

/// `/actor/blueprints`: every blueprint of the catalogue (it is small: the
/// shipped ones and those published or installed here), not paged.
pub async fn collection(State(state): State<AppState>) -> Response {
    let items = match service::feed_items(&state).await {
        Ok(items) => items,
        Err(e) => {
            tracing::error!(error = ?e, "the blueprint collection");
            return json_error(StatusCode::INTERNAL_SERVER_ERROR, "internal-error", "the catalogue could not be read");
        }
    };
    let objects: Vec<Value> = items.iter().map(|f| object(&state, f)).collect();
    activity_response(json!({
        "@context": super::objects::context(&state),
        "id": collection_id(state.config.base()),
        "type": "OrderedCollection",
        "attributedTo": actor_id(state.config.base(), NODE),
        // Whose catalogue this is: the origin its blueprints name and the
        // Ed25519 key they must be signed with (as the signed feed states them).
        "blueprintOrigin": service::origin(&state),
        "blueprintKey": plural_kernel::provenance::public_key(&service::signing_key(&state)),
        "totalItems": objects.len(),
        "orderedItems": objects,
    }))
}

/// One blueprint of the catalogue as an ActivityStreams document, or None
/// when there is none by that id (the page's own routes answer then).
pub async fn document(state: &AppState, id: &str) -> Option<Value> {
    let items = service::feed_items(state).await.ok()?;
    let f = items.iter().find(|f| f.installed.blueprint.id == id)?;
    let mut doc = object(state, f);
    doc["@context"] = super::objects::context(state);
    Some(doc)
}
