//! The embeddable widget: a group's or a place's next events as a small page
//! that an organisation puts in an `<iframe>` on its own website. These
//! pages, and only these, may be framed by any site.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, Method};
use axum::response::Response;
use plural_store::events::Filter;

use super::pages::{upcoming_block, Upcoming};
use crate::error::{WebError, WebResult};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// The site-wide policy with `frame-ancestors` opened to every site.
pub const FRAMABLE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; \
     form-action 'self'; frame-ancestors *; base-uri 'none'; connect-src 'self'; font-src 'self'";

#[derive(Template)]
#[template(path = "events/widget.html")]
struct WidgetPage {
    page: Page,
    heading: String,
    events: Vec<Upcoming>,
    /// Absolute, because the widget is read on another site.
    base: String,
    more: String,
}

/// Let any site frame the response. The security middleware keeps a CSP
/// the handler set and leaves out `X-Frame-Options` when it sees [`Framable`].
pub fn framable(mut res: Response) -> Response {
    res.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FRAMABLE_CSP));
    res.extensions_mut().insert(crate::security::Framable);
    res
}

async fn widget(state: &AppState, v: &Visitor, name: &str, filter: Filter, more: String) -> WebResult<Response> {
    let events = upcoming_block(state, filter).await?;
    let base = state.config.base_url.trim_end_matches('/').to_string();
    let heading = crate::i18n::t_args(v.lang, "widget-heading", &[("name", name.to_string())]);
    Ok(framable(render(&WidgetPage {
        page: v.page(state, heading.clone()),
        heading,
        events,
        more: format!("{base}{more}"),
        base,
    })))
}

async fn group(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    let g = plural_store::groups::by_slug(&state.db, &slug).await?.ok_or(WebError::not_found())?;
    let filter = Filter { group: Some(g.id), ..Default::default() };
    widget(&state, &v, &g.name, filter, format!("/groups/{}", g.slug)).await
}

async fn place(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    let places = plural_store::places::list(&state.db).await?;
    let p = places.into_iter().find(|p| p.slug == slug).ok_or(WebError::not_found())?;
    let filter = Filter { place: Some(p.id), within: true, ..Default::default() };
    widget(&state, &v, &p.name, filter, format!("/events?place={}", p.slug)).await
}

/// The `<iframe>` an organisation copies onto its website to show the
/// events of `/groups/{slug}` or `/places/{slug}` (`path`).
pub fn snippet(state: &AppState, lang: plural_kernel::language::Language, path: &str, name: &str) -> String {
    let base = state.config.base_url.trim_end_matches('/');
    let title = crate::i18n::t_args(lang, "widget-heading", &[("name", name.to_string())])
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        r#"<iframe src="{base}/widget{path}/events" title="{title}" width="100%" height="400" loading="lazy"></iframe>"#
    )
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/widget/groups/{slug}/events", group).page(
        Method::GET,
        "/widget/places/{slug}/events",
        place,
    )
}
