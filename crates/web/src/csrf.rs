//! Protection against cross-site request forgery for every HTML form.
//!
//! Each browser gets a random token in an HttpOnly cookie; every form
//! carries the same token in a hidden `csrf` field (double submit). A
//! state-changing request whose field does not match the cookie, or whose
//! `Origin` is another site, is refused before any handler runs. The JSON
//! API is exempt: it authenticates with bearer tokens, never cookies.
//!
//! File uploads (`multipart/form-data`) carry the token as a part named
//! `csrf`, read here from the buffered body like the urlencoded field. Not
//! in the action's query string: a token in a URL would reach logs and
//! `Referer` headers.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use subtle::ConstantTimeEq;

use crate::error::WebError;
use crate::AppState;

/// The visitor's CSRF token, for forms on the page being rendered.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

pub fn cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies() {
        "__Host-plural_csrf"
    } else {
        "plural_csrf"
    }
}

fn is_multipart(content_type: &HeaderValue) -> bool {
    content_type.to_str().is_ok_and(|ct| ct.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The `csrf` part of a multipart body. Forms put it first, so the file
/// after it is not parsed twice.
async fn multipart_field(content_type: &HeaderValue, body: Bytes) -> Option<String> {
    let req = Request::builder().header(header::CONTENT_TYPE, content_type).body(Body::from(body)).ok()?;
    let mut form = Multipart::from_request(req, &()).await.ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("csrf") {
            return field.text().await.ok();
        }
    }
    None
}

pub async fn protect(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(req.headers());
    let existing = jar.get(cookie_name(&state)).map(|c| c.value().to_string()).filter(|v| v.len() >= 32);
    let token = existing.clone().unwrap_or_else(plural_store::crypto::random_token);
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let is_api = req.uri().path().starts_with("/api/");
    // RFC 8058 one-click unsubscribe comes from a mail client with no cookie
    // and no form token; the signed token in the path authenticates it, and
    // all it can do is turn the weekly email (or a campaign's updates) off.
    let is_one_click_unsubscribe =
        req.uri().path().starts_with("/digest/unsubscribe/") || req.uri().path().starts_with("/campaigns/unsubscribe/");

    // Inboxes take activities from other servers, authenticated by HTTP
    // signatures (checked in `federation::inbox`), never by cookies.
    let is_inbox = crate::federation::is_inbox(req.uri().path());

    let mut req = req;
    if unsafe_method && !is_api && !is_one_click_unsubscribe && !is_inbox {
        if let Some(origin) = req.headers().get(header::ORIGIN) {
            if origin.as_bytes() != state.config.origin().as_bytes() && origin.as_bytes() != b"null" {
                return WebError::Csrf.into_response();
            }
        }
        let (parts, body) = req.into_parts();
        let bytes = match axum::body::to_bytes(body, crate::body_limit(&state.config, parts.uri.path())).await {
            Ok(b) => b,
            Err(_) => return WebError::PayloadTooLarge.into_response(),
        };
        let sent = match parts.headers.get(header::CONTENT_TYPE).filter(|ct| is_multipart(ct)) {
            Some(content_type) => multipart_field(content_type, bytes.clone()).await,
            None => url::form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned()),
        };
        let ok = match (&existing, sent) {
            (Some(cookie), Some(sent)) => bool::from(cookie.as_bytes().ct_eq(sent.as_bytes())),
            _ => false,
        };
        if !ok {
            return WebError::Csrf.into_response();
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }
    req.extensions_mut().insert(CsrfToken(token.clone()));
    let mut res = next.run(req).await;
    if existing.is_none() && !is_api {
        let c = crate::session::cookie(&state, cookie_name(&state), token, None);
        if let Ok(v) = c.to_string().parse() {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
