//! Security headers on every response. The Content-Security-Policy allows
//! nothing from another origin and no inline script or style at all.

use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'; font-src 'self'";

/// Marks a response that any site may frame (the events widget); its
/// handler sets its own CSP, and `X-Frame-Options` is left out.
#[derive(Clone, Copy, Debug)]
pub struct Framable;

pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let framable = res.extensions().get::<Framable>().is_some();
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Pages differ per visitor; let shared caches keep nothing unless a route says otherwise.
    set(h, header::CACHE_CONTROL, "private, no-cache");
    if !framable {
        set(h, header::X_FRAME_OPTIONS, "DENY");
    }
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    set(h, HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(h, HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    res
}
