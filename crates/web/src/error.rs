//! Errors of the web layer, mapped in one place to both faces: an HTML page
//! in the reader's language, or an RFC 9457 problem document for the API.
//!
//! Handlers and extractors return [`WebError`]. Its `IntoResponse` only
//! records *what* went wrong (an [`ErrorInfo`] in the response extensions);
//! the [`render_errors`] middleware, which knows the request, decides *how*
//! to show it. Framework rejections (unknown route, wrong method, body too
//! large) are caught by the same middleware, so no face ever shows a bare
//! status or a 500 for bad input.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::errors::{DomainError, FieldError};
use plural_kernel::language::Language;
use plural_store::StoreError;
use serde::Serialize;

use crate::i18n::t;
use crate::AppState;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    /// A request the client must change: a stable code and an English detail.
    #[error("bad request: {0}: {1}")]
    BadRequest(&'static str, String),
    /// Query parameters that cannot be used (a search's filters): 400, per parameter.
    #[error("invalid query: {0}")]
    InvalidQuery(plural_kernel::FieldErrors),
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("too many requests")]
    RateLimited,
    #[error("the form has expired")]
    Csrf,
    /// The token is valid but lacks a scope the action needs.
    #[error("insufficient scope")]
    InsufficientScope(&'static str),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What went wrong, as the renderer needs it.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
}

impl WebError {
    pub fn not_found() -> Self {
        WebError::Domain(DomainError::NotFound)
    }

    pub fn info(&self) -> ErrorInfo {
        let simple = |status, code| ErrorInfo { status, code, detail: None, errors: vec![] };
        match self {
            WebError::Domain(DomainError::Invalid(errs)) => ErrorInfo {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid-input",
                detail: None,
                errors: errs.0.clone(),
            },
            WebError::Domain(DomainError::NotFound) => simple(StatusCode::NOT_FOUND, "not-found"),
            WebError::Domain(DomainError::Unauthenticated) => simple(StatusCode::UNAUTHORIZED, "unauthenticated"),
            WebError::Domain(DomainError::Forbidden(reason)) => ErrorInfo {
                status: StatusCode::FORBIDDEN,
                code: "forbidden",
                detail: Some((*reason).to_string()),
                errors: vec![],
            },
            WebError::Domain(DomainError::Conflict(reason)) => ErrorInfo {
                status: StatusCode::CONFLICT,
                code: "conflict",
                detail: Some((*reason).to_string()),
                errors: vec![],
            },
            WebError::BadRequest(code, detail) => {
                ErrorInfo { status: StatusCode::BAD_REQUEST, code, detail: Some(detail.clone()), errors: vec![] }
            }
            WebError::InvalidQuery(errs) => ErrorInfo {
                status: StatusCode::BAD_REQUEST,
                code: "invalid-query",
                detail: None,
                errors: errs.0.clone(),
            },
            WebError::UnsupportedMediaType => simple(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type"),
            WebError::PayloadTooLarge => simple(StatusCode::PAYLOAD_TOO_LARGE, "payload-too-large"),
            WebError::RateLimited => simple(StatusCode::TOO_MANY_REQUESTS, "rate-limited"),
            WebError::Csrf => simple(StatusCode::FORBIDDEN, "csrf-failed"),
            WebError::InsufficientScope(scope) => ErrorInfo {
                status: StatusCode::FORBIDDEN,
                code: "insufficient-scope",
                detail: Some(format!("this token needs the `{scope}` scope")),
                errors: vec![],
            },
            WebError::Store(_) | WebError::Internal(_) => simple(StatusCode::INTERNAL_SERVER_ERROR, "internal-error"),
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if matches!(self, WebError::Store(_) | WebError::Internal(_)) {
            tracing::error!(error = %self, "request failed");
        }
        let info = self.info();
        let mut res = info.status.into_response();
        res.extensions_mut().insert(info);
        res
    }
}

pub type WebResult<T> = Result<T, WebError>;

/// One field problem as the API shows it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    /// The field, as named in the request.
    pub field: String,
    /// Stable machine-readable code, e.g. `email-invalid`.
    pub code: String,
    /// What to fix, in words.
    pub message: String,
}

/// An RFC 9457 problem document. `code` is stable; `title` and `detail` are for people.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub code: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// The message for a field error, in a language.
pub fn field_message(lang: Language, e: &FieldError) -> String {
    t(lang, &format!("error-{}", e.code))
}

pub fn problem(info: &ErrorInfo) -> Response {
    let lang = Language::En;
    let body = Problem {
        type_: format!("urn:plural:problem:{}", info.code),
        title: t(lang, &format!("problem-{}", info.code)),
        status: info.status.as_u16(),
        code: info.code.to_string(),
        detail: info.detail.clone(),
        errors: info
            .errors
            .iter()
            .map(|e| ProblemField {
                field: e.field.to_string(),
                code: e.code.to_string(),
                message: field_message(lang, e),
            })
            .collect(),
    };
    let mut res = (info.status, axum::Json(body)).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    res
}

/// Turn any error response into the right face. Runs around every route.
pub async fn render_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    // Probes and scrapers get the plain answer they asked for.
    if matches!(path, "/healthz" | "/readyz" | "/metrics") {
        return next.run(req).await;
    }
    let is_api = path.starts_with("/api/");
    let headers = req.headers().clone();
    let uri = req.uri().clone();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let info = match res.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        // Responses made by the framework or a layer (unknown route, wrong
        // method, body limit, panic): only bare ones are replaced.
        None if res.headers().get(header::CONTENT_TYPE).is_none_or(|ct| ct.as_bytes().starts_with(b"text/plain")) => {
            let code = match status {
                StatusCode::NOT_FOUND => "not-found",
                StatusCode::METHOD_NOT_ALLOWED => "method-not-allowed",
                StatusCode::PAYLOAD_TOO_LARGE => "payload-too-large",
                StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported-media-type",
                StatusCode::REQUEST_TIMEOUT => "timeout",
                s if s.is_server_error() => "internal-error",
                _ => "bad-request",
            };
            ErrorInfo { status, code, detail: None, errors: vec![] }
        }
        None => return res,
    };
    let mut out = if is_api {
        problem(&info)
    } else if info.status == StatusCode::UNAUTHORIZED {
        let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let next = url::form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect::<String>();
        Redirect::to(&format!("/sign-in?next={next}")).into_response()
    } else {
        // The page keeps the visitor's header (signed in or not, their language).
        let csrf = axum_extra::extract::CookieJar::from_headers(&headers)
            .get(crate::csrf::cookie_name(&state))
            .map(|c| c.value().to_string())
            .unwrap_or_default();
        let visitor = match crate::session::Visitor::from_headers(&state, &headers, &uri, csrf).await {
            Ok(v) => v,
            Err(_) => crate::session::Visitor {
                person: None,
                lang: crate::session::language_of(&state, &headers),
                csrf: String::new(),
                path: "/".into(),
                notice: None,
            },
        };
        crate::layout::error_page(&state, &visitor, &info)
    };
    // Keep headers a handler set deliberately (e.g. Allow, Retry-After).
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = res.headers().get(&name) {
            out.headers_mut().insert(name, v.clone());
        }
    }
    out
}
