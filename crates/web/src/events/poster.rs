//! A printable A4 poster for an event, with a QR code that leads back to
//! the event's page, for noticeboards, shop windows and libraries.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;
use chrono::Datelike;
use plural_kernel::events::{EventMode, EventStatus, Repeat};
use qrcode::render::svg;
use qrcode::QrCode;

use super::pages::when;
use super::service;
use crate::error::{WebError, WebResult};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

fn escape_attribute(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The QR code of `url` as an inline SVG element: one unit per module, a
/// quiet zone around it, drawn with presentation attributes only (the CSP
/// forbids inline styles). The stylesheet sets its printed size.
pub fn qr_svg(url: &str, label: &str) -> WebResult<String> {
    let code = QrCode::new(url.as_bytes()).map_err(|e| WebError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    let image = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    let start = image.find("<svg").unwrap_or(0);
    let attributes = format!(r#"<svg class="poster-qr" role="img" aria-label="{}" "#, escape_attribute(label));
    Ok(image[start..].replacen("<svg ", &attributes, 1))
}

#[derive(Template)]
#[template(path = "events/poster.html")]
struct PosterPage {
    page: Page,
    id: String,
    event_title: String,
    cancelled: bool,
    when: String,
    repeats: String,
    where_lines: Vec<String>,
    cost: String,
    accessibility: String,
    organiser: String,
    url: String,
    qr: String,
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

async fn poster(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let l = service::load(&state, &v.actor(), &id).await?;
    let e = &l.event;
    let next = service::next_occurrences(&state, e, 8).await?;
    let (starts, ends) =
        next.iter().find(|o| !o.cancelled).map(|o| (o.starts_at, o.ends_at)).unwrap_or((e.starts_at, e.ends_at));
    let weekday = WEEKDAYS[service::local(e, e.starts_at).weekday().num_days_from_monday() as usize];
    let repeats = match e.repeat {
        Repeat::Never => String::new(),
        Repeat::Weekly => v.t(&format!("poster-every-{weekday}")),
        Repeat::Fortnightly => v.t(&format!("poster-fortnightly-{weekday}")),
        Repeat::Monthly => v.t("event-repeat-monthly"),
    };
    let place = plural_store::places::get(&state.db, e.place_id).await?;
    let mut where_lines: Vec<String> = Vec::new();
    if e.mode != EventMode::Online {
        where_lines.extend([&e.venue, &e.address, &e.postcode].into_iter().filter(|s| !s.is_empty()).cloned());
        if let Some(p) = &place {
            where_lines.push(p.name.clone());
        }
    }
    if e.mode != EventMode::InPerson {
        where_lines.push(v.t("poster-online"));
    }
    let url = super::feeds::event_url(&state, e);
    let qr = qr_svg(&url, &crate::i18n::t_args(v.lang, "poster-qr-label", &[("url", url.clone())]))?;
    Ok(render(&PosterPage {
        page: v.page(&state, crate::i18n::t_args(v.lang, "poster-title", &[("title", e.title.clone())])),
        id: e.id.to_string(),
        event_title: e.title.clone(),
        cancelled: e.status == EventStatus::Cancelled,
        when: format!("{} ({})", when(e, starts, ends), e.time_zone),
        repeats,
        where_lines,
        cost: if e.is_free { v.t("event-free") } else { e.cost.clone() },
        accessibility: e.accessibility.clone(),
        organiser: l.group.name.clone(),
        url,
        qr,
    }))
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/events/{id}/poster", poster)
}
