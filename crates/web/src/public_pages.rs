//! A short-lived copy of the busiest public pages as anonymous visitors
//! see them, so a place's home read by many people is worked out once
//! every few seconds instead of a dozen queries for every reader.
//!
//! Only visitors who are not signed in are served copies: a signed-in
//! person's page shows what they may do. A page is copied only when it
//! came out whole (200) and holds no form token, so no visitor's token is
//! ever shown to another.
//!
//! How a copy goes stale:
//! - Any write this process takes (every request that is not GET, HEAD or
//!   OPTIONS, and every job its worker runs) starts a new *generation*; a
//!   copy made in an older one is never served again. A page being worked
//!   out while a write lands is kept under the generation it started in,
//!   so it cannot outlive that write either.
//! - Writes by another process (a second web process on PostgreSQL, a
//!   `plural import` run from the command line) and the passing of time
//!   ("this week") are caught by the time limit, `public_page_cache_seconds`.
//!   That is how late an anonymous reader may see them; 0 turns copies off.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use plural_kernel::language::Language;

use crate::error::WebResult;
use crate::session::Visitor;
use crate::AppState;

/// The most memory copies may take, in bytes of page.
const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// A page body larger than this is not copied (it would crowd out the rest).
const MAX_PAGE_BYTES: usize = 512 * 1024;

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    generation: u64,
    /// Path and query, as asked.
    path: String,
    lang: Language,
}

#[derive(Clone)]
struct Kept {
    headers: HeaderMap,
    body: Bytes,
}

pub struct PublicPages {
    /// `None`: copies are turned off.
    copies: Option<moka::sync::Cache<Key, Kept>>,
    generation: AtomicU64,
}

impl PublicPages {
    pub fn new(keep_for: Duration) -> Self {
        let copies = (!keep_for.is_zero()).then(|| {
            moka::sync::Cache::builder()
                .time_to_live(keep_for)
                .weigher(|k: &Key, c: &Kept| (k.path.len() + c.body.len()).try_into().unwrap_or(u32::MAX))
                .max_capacity(MAX_BYTES)
                .build()
        });
        PublicPages { copies, generation: AtomicU64::new(0) }
    }

    /// Something was written: no copy made before now is served again.
    pub fn written(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The page `v` asked for: a copy when one is fresh, else `render`'s,
    /// copied for the next anonymous reader when it may be.
    pub async fn page<F>(&self, v: &Visitor, render: F) -> WebResult<Response>
    where
        F: std::future::Future<Output = WebResult<Response>>,
    {
        let Some(copies) = self.copies.as_ref().filter(|_| v.person.is_none()) else {
            return render.await;
        };
        let key = Key { generation: self.generation.load(Ordering::SeqCst), path: v.path.clone(), lang: v.lang };
        if let Some(copy) = copies.get(&key) {
            let mut res = Response::new(Body::from(copy.body));
            *res.headers_mut() = copy.headers;
            return Ok(res);
        }
        let res = render.await?;
        if res.status() != StatusCode::OK || res.headers().contains_key(header::SET_COOKIE) {
            return Ok(res);
        }
        let (parts, body) = res.into_parts();
        // Pages are rendered whole into memory, so reading the body back costs no waiting.
        let body = axum::body::to_bytes(body, usize::MAX)
            .await
            .map_err(|e| crate::error::WebError::Internal(anyhow::anyhow!("reading a rendered page: {e}")))?;
        let holds_token = !v.csrf.is_empty() && body.windows(v.csrf.len()).any(|w| w == v.csrf.as_bytes());
        if body.len() <= MAX_PAGE_BYTES && !holds_token {
            copies.insert(key, Kept { headers: parts.headers.clone(), body: body.clone() });
        }
        Ok(Response::from_parts(parts, Body::from(body)))
    }
}

/// After every request that may have written, start a new generation.
pub async fn forget_after_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let res = next.run(req).await;
    if writes {
        state.public_pages.written();
    }
    res
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicUsize;

    use axum::response::{Html, IntoResponse};

    use super::*;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    fn anonymous(path: &str) -> Visitor {
        Visitor { person: None, lang: Language::En, csrf: TOKEN.into(), path: path.into(), notice: None }
    }

    /// Serve `v` a page whose body is `html` (with `status`), counting renders.
    async fn serve(pages: &PublicPages, v: &Visitor, renders: &AtomicUsize, html: &str, status: StatusCode) -> String {
        let render = async {
            renders.fetch_add(1, Ordering::SeqCst);
            let mut res = Html(html.to_string()).into_response();
            *res.status_mut() = status;
            Ok(res)
        };
        let res = pages.page(v, render).await.unwrap_or_else(|_| panic!("served"));
        String::from_utf8(axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_copy_is_served_until_something_is_written() {
        let pages = PublicPages::new(Duration::from_secs(60));
        let renders = AtomicUsize::new(0);
        let v = anonymous("/places/lambeth");
        assert_eq!(serve(&pages, &v, &renders, "first", StatusCode::OK).await, "first");
        assert_eq!(serve(&pages, &v, &renders, "second", StatusCode::OK).await, "first");
        assert_eq!(renders.load(Ordering::SeqCst), 1);
        // Each language and each path has its own copy.
        let polish = Visitor { lang: Language::Pl, ..anonymous("/places/lambeth") };
        assert_eq!(serve(&pages, &polish, &renders, "pierwsza", StatusCode::OK).await, "pierwsza");
        assert_eq!(serve(&pages, &anonymous("/places/lambeth?x=1"), &renders, "other", StatusCode::OK).await, "other");
        pages.written();
        assert_eq!(serve(&pages, &v, &renders, "third", StatusCode::OK).await, "third");
        assert_eq!(renders.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn pages_with_a_form_token_or_not_whole_are_not_copied() {
        let pages = PublicPages::new(Duration::from_secs(60));
        let renders = AtomicUsize::new(0);
        let v = anonymous("/places/lambeth");
        let with_token = format!("<input name=csrf value={TOKEN}>");
        serve(&pages, &v, &renders, &with_token, StatusCode::OK).await;
        serve(&pages, &v, &renders, &with_token, StatusCode::OK).await;
        serve(&pages, &v, &renders, "gone", StatusCode::NOT_FOUND).await;
        assert_eq!(serve(&pages, &v, &renders, "found", StatusCode::OK).await, "found");
        assert_eq!(renders.load(Ordering::SeqCst), 4);
    }

    #[tokio::test]
    async fn a_time_of_zero_turns_copies_off() {
        let pages = PublicPages::new(Duration::ZERO);
        let renders = AtomicUsize::new(0);
        let v = anonymous("/");
        serve(&pages, &v, &renders, "a", StatusCode::OK).await;
        assert_eq!(serve(&pages, &v, &renders, "b", StatusCode::OK).await, "b");
    }
}
