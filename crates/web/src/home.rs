//! The node's front page.

use askama::Template;
use axum::extract::State;
use axum::http::Method;
use axum::response::Response;
use plural_store::groups::Group;
use plural_store::places::Place;

use crate::error::WebResult;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    places: Vec<Place>,
    groups: Vec<Group>,
    events: Vec<crate::events::pages::Upcoming>,
}

async fn home(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    state.public_pages.page(&v, node_home(&state, &v)).await
}

async fn node_home(state: &AppState, v: &Visitor) -> WebResult<Response> {
    let places = plural_store::places::list(&state.db).await?.into_iter().filter(|p| p.parent_id.is_none()).collect();
    let groups = plural_store::groups::list(&state.db, None, 6, 0).await?;
    let events = crate::events::pages::upcoming_block(state, plural_store::events::Filter::default()).await?;
    let page = v.page(state, v.t("home-title"));
    Ok(render(&HomePage { page, places, groups, events }))
}

pub fn routes() -> Routes {
    Routes::new().page(Method::GET, "/", home)
}
