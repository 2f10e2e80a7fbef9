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

/// Each feature's own document, in the order they are merged.
fn parts() -> Vec<utoipa::openapi::OpenApi> {
    vec![
        crate::auth::api::Doc::openapi(),
        crate::account::api::Doc::openapi(),
        crate::digest::api::Doc::openapi(),
        crate::places::api::Doc::openapi(),
        crate::groups::api::Doc::openapi(),
        crate::admin::api::Doc::openapi(),
        crate::opportunities::api::Doc::openapi(),
        crate::notices::api::Doc::openapi(),
        crate::events::api::Doc::openapi(),
        crate::directory::api::Doc::openapi(),
        crate::search::api::Doc::openapi(),
        crate::imports::api::Doc::openapi(),
        crate::circles::api::Doc::openapi(),
        crate::mutual_aid::api::Doc::openapi(),
        crate::campaigns::api::Doc::openapi(),
        crate::blueprints::api::Doc::openapi(),
        crate::federation::following::Doc::openapi(),
        crate::timebank::api::Doc::openapi(),
        crate::voice::api::Doc::openapi(),
        crate::voice::poll_api::Doc::openapi(),
        crate::voice::budget_api::Doc::openapi(),
        crate::voice::consultations::Doc::openapi(),
        crate::voice::insight::Doc::openapi(),
        crate::voice::surveys::Doc::openapi(),
        crate::voice::local_reports::Doc::openapi(),
        crate::rules::api::Doc::openapi(),
    ]
}

/// The whole document.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for part in parts() {
        doc.merge(part);
    }
    unique_operation_ids(&mut doc);
    describe_problem_responses(&mut doc);
    doc
}

/// Schema names that two features give different schemas. utoipa's merge
/// keeps the first and silently drops the second, so the second feature's
/// responses would be described by the first's schema (schemathesis found
/// the timebank's entries described as a savings circle's). Must be empty;
/// a test checks it.
pub fn schema_name_clashes() -> Vec<String> {
    let mut seen = std::collections::BTreeMap::new();
    let mut clashes = Vec::new();
    for part in std::iter::once(ApiDoc::openapi()).chain(parts()) {
        for (name, schema) in part.components.map(|c| c.schemas).unwrap_or_default() {
            let schema = serde_json::to_value(schema).unwrap_or_default();
            match seen.get(&name) {
                Some(first) if *first != schema => clashes.push(name),
                Some(_) => {}
                None => {
                    seen.insert(name, schema);
                }
            }
        }
    }
    clashes
}

/// Errors are problem documents (`application/problem+json`, see
/// `error.rs`), whatever each operation's annotation says, and some come
/// from the router and extractors before any handler runs: a path, query or
/// JSON body that cannot be read (400), a token that is unknown or too
/// weak (401, 403), a body that is not JSON (415), a path naming nothing
/// (404). Every operation's document says so, so clients and schemathesis
/// can rely on it.
fn describe_problem_responses(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    const PROBLEM: &str = "application/problem+json";
    let problem = |description: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(description)
                .content(PROBLEM, ContentBuilder::new().schema(Some(Ref::from_schema_name("Problem"))).build())
                .build(),
        )
    };
    for (path, item) in doc.paths.paths.iter_mut() {
        let has_path_params = path.contains('{');
        let ops = [
            (true, &mut item.get),
            (false, &mut item.put),
            (false, &mut item.post),
            (false, &mut item.patch),
            (false, &mut item.delete),
        ];
        for (is_read, op) in ops {
            let Some(op) = op.as_mut() else { continue };
            for (status, response) in op.responses.responses.iter_mut() {
                let RefOr::T(response) = response else { continue };
                if status.starts_with(['4', '5']) {
                    if let Some(content) = response.content.shift_remove("application/json") {
                        response.content.insert(PROBLEM.into(), content);
                    }
                }
            }
            let mut common = vec![
                ("400", "A path or query parameter, or the JSON body, cannot be read"),
                ("401", "The bearer token is unknown, revoked or expired, or this needs one"),
            ];
            if !is_read {
                common.push(("403", "The token lacks the `write` scope, or the caller may not do this"));
            }
            if op.request_body.is_some() {
                common.push(("415", "The body is not `application/json`"));
            }
            if has_path_params {
                common.push(("404", "Nothing has this id or name"));
            }
            for (status, description) in common {
                op.responses.responses.entry(status.to_string()).or_insert_with(|| problem(description));
            }
        }
    }
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
