//! The embeddable signature counter (a small page for an `<iframe>` on the
//! campaign's own website) and the printable A4 poster with a QR code.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use plural_kernel::language::Language;
use plural_store::campaigns::Campaign;

use super::service::{self, Petition};
use crate::error::WebResult;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

fn url(state: &AppState, c: &Campaign) -> String {
    format!("{}/campaigns/{}", state.config.base_url.trim_end_matches('/'), c.id)
}

#[derive(Template)]
#[template(path = "campaigns/counter.html")]
struct CounterPage {
    page: Page,
    title: String,
    petition: Petition,
    has_petition: bool,
    url: String,
}

async fn counter(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let l = service::load(&state, &v.actor(), &id).await?;
    let petition = service::petition(&state, &l.c).await?;
    Ok(crate::events::widget::framable(render(&CounterPage {
        page: v.page(&state, l.c.title.clone()),
        title: l.c.title.clone(),
        petition,
        has_petition: l.c.petition,
        url: url(&state, &l.c),
    })))
}

/// The `<iframe>` a campaign copies onto its own website.
pub fn snippet(state: &AppState, lang: Language, c: &Campaign) -> String {
    let base = state.config.base_url.trim_end_matches('/');
    let title = crate::i18n::t_args(lang, "campaign-counter-frame-title", &[("title", c.title.clone())])
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    format!(
        r#"<iframe src="{base}/widget/campaigns/{}/counter" title="{title}" width="100%" height="200" loading="lazy"></iframe>"#,
        c.id
    )
}

#[derive(Template)]
#[template(path = "campaigns/poster.html")]
struct PosterPage {
    page: Page,
    c: Campaign,
    petition: Petition,
    url: String,
    qr: String,
}

async fn poster(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let l = service::load(&state, &v.actor(), &id).await?;
    let petition = service::petition(&state, &l.c).await?;
    let url = url(&state, &l.c);
    let qr =
        crate::events::poster::qr_svg(&url, &crate::i18n::t_args(v.lang, "poster-qr-label", &[("url", url.clone())]))?;
    Ok(render(&PosterPage {
        page: v.page(&state, crate::i18n::t_args(v.lang, "poster-title", &[("title", l.c.title.clone())])),
        c: l.c,
        petition,
        url,
        qr,
    }))
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/widget/campaigns/{id}/counter", counter).page(
        Method::GET,
        "/campaigns/{id}/poster",
        poster,
    )
}
