//! Static assets, served by the node itself (no other origin is ever asked).
//! The stylesheet's URL carries a hash of its content, so it can be cached
//! for a year and still change the moment the file does.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};

use crate::routes::Routes;

pub const CSS: &str = include_str!("../assets/plural.css");

fn css_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        use sha2::{Digest, Sha256};
        hex::encode(&Sha256::digest(CSS.as_bytes())[..6])
    })
}

pub fn css_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| format!("/assets/plural.{}.css", css_hash()))
}

async fn stylesheet(Path(file): Path<String>) -> Response {
    if !(file.starts_with("plural.") && file.ends_with(".css")) {
        return crate::error::WebError::not_found().into_response();
    }
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        CSS,
    )
        .into_response()
}

pub fn routes() -> Routes {
    // Any hash is answered with the current file: an old page still gets a stylesheet.
    Routes::new().ops(Method::GET, "/assets/{file}", stylesheet)
}
