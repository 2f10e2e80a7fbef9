//! A person's public profile, `/people/{handle}`: shown only for people
//! who chose to be visible to other servers (a fediverse handle in their
//! account), and then only what they chose to show: their name, their
//! handle and their home place. Asked for ActivityStreams, the same URL
//! answers with their `Person` actor (see `federation::negotiate`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::Response;

use crate::error::{WebError, WebResult};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

#[derive(Template)]
#[template(path = "account/profile.html")]
struct ProfilePage {
    page: Page,
    name: String,
    /// `@handle@host`, what to search for on another server.
    address: String,
    home_place: Option<(String, String)>,
}

async fn show(State(state): State<AppState>, v: Visitor, Path(handle): Path<String>) -> WebResult<Response> {
    let person =
        plural_store::people::by_fediverse_handle(&state.db, &handle).await?.ok_or_else(WebError::not_found)?;
    let home_place = match person.home_place_id {
        Some(id) => plural_store::places::get(&state.db, id).await?.map(|p| (p.slug, p.name)),
        None => None,
    };
    let name = person.display_name.clone().unwrap_or_default();
    let mut page = Page::new(&state, &v, name.clone());
    page.activity_id = Some(crate::federation::actors::actor_id(state.config.base(), &format!("person:{}", person.id)));
    let address = format!("@{}@{}", person.fediverse_handle.unwrap_or_default(), state.config.host());
    Ok(render(&ProfilePage { page, name, address, home_place }))
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/people/{handle}", show)
}
