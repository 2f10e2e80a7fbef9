//! The OpenAPI 3.1 document of `/api/v1`. Each feature describes its own
//! operations (a `Doc` beside its handlers); this file joins them.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.description = Some(
            "A personal access token (`plural_pat_…`), made on the account page or with POST /api/v1/tokens. \
             Scope `read` allows GET requests; `write` allows changes."
                .into(),
        );
        components.add_security_scheme("token", SecurityScheme::Http(scheme));
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Plural API",
        version = "1",
        description = "The JSON API of a Plural node. Errors are RFC 9457 problem documents \
                       (`application/problem+json`) with a stable `code`.",
        license(name = "AGPL-3.0-or-later", identifier = "AGPL-3.0-or-later")
    ),
    paths(serve),
    modifiers(&BearerAuth),
    security((), ("token" = [])),
    tags(
        (name = "people", description = "Accounts, tokens and personal data"),
        (name = "places", description = "The places a node hosts"),
        (name = "groups", description = "Organisations, collectives and teams"),
        (name = "admin", description = "Node administration"),
        (name = "meta", description = "About the API itself"),
    )
)]
struct ApiDoc;

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::auth::api::Doc::openapi());
    doc.merge(crate::account::api::Doc::openapi());
    doc.merge(crate::digest::api::Doc::openapi());
    doc.merge(crate::places::api::Doc::openapi());
    doc.merge(crate::groups::api::Doc::openapi());
    doc.merge(crate::admin::api::Doc::openapi());
    doc.merge(crate::opportunities::api::Doc::openapi());
    doc.merge(crate::notices::api::Doc::openapi());
    doc.merge(crate::events::api::Doc::openapi());
    doc.merge(crate::directory::api::Doc::openapi());
    doc.merge(crate::search::api::Doc::openapi());
    doc.merge(crate::imports::api::Doc::openapi());
    doc.merge(crate::circles::api::Doc::openapi());
    doc.merge(crate::mutual_aid::api::Doc::openapi());
    doc.merge(crate::campaigns::api::Doc::openapi());
    doc.merge(crate::blueprints::api::Doc::openapi());
    doc.merge(crate::federation::following::Doc::openapi());
    doc.merge(crate::timebank::api::Doc::openapi());
    doc.merge(crate::voice::api::Doc::openapi());
    doc.merge(crate::voice::poll_api::Doc::openapi());
    doc.merge(crate::voice::budget_api::Doc::openapi());
    doc.merge(crate::voice::consultations::Doc::openapi());
    doc.merge(crate::voice::insight::Doc::openapi());
    doc.merge(crate::voice::surveys::Doc::openapi());
    doc.merge(crate::voice::local_reports::Doc::openapi());
    doc.merge(crate::rules::api::Doc::openapi());
    unique_operation_ids(&mut doc);
    doc
}

/// Handlers in different features share names (`list`, `show`); operation
/// ids must be unique across the document, so each is prefixed with its tag.
fn unique_operation_ids(doc: &mut utoipa::openapi::OpenApi) {
    let mut seen = std::collections::BTreeSet::new();
    for (path, item) in doc.paths.paths.iter_mut() {
        let ops = [
            ("get", &mut item.get),
            ("put", &mut item.put),
            ("post", &mut item.post),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op.as_mut() else { continue };
            let tag = op.tags.as_ref().and_then(|t| t.first()).cloned().unwrap_or_default();
            let name =
                op.operation_id.clone().unwrap_or_else(|| format!("{method}{}", path.replace(['/', '{', '}'], "_")));
            let mut id =
                if tag.is_empty() || name.starts_with(&format!("{tag}_")) { name } else { format!("{tag}_{name}") };
            if !seen.insert(id.clone()) {
                id = format!("{id}_{method}");
                seen.insert(id.clone());
            }
            op.operation_id = Some(id);
        }
    }
}

fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| document().to_pretty_json().unwrap_or_default())
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI 3.1 document", content_type = "application/json")))]
pub async fn serve() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], document_json()).into_response()
}
