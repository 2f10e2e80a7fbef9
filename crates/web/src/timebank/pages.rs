//! The time bank page: your balance, what you gave and received, and the
//! buttons to confirm, dispute or correct. Time is recorded from a mutual
//! aid conversation (see `mutual_aid::pages`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::timebank::{self as rules, Kind, State as EntryState};
use plural_kernel::DomainError;

use super::service::{self, Ask};
use crate::error::{WebError, WebResult};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

pub struct Row {
    pub id: String,
    pub gave: bool,
    pub with: String,
    pub hours: String,
    pub description: String,
    pub done_on: String,
    pub state: String,
    pub can_confirm: bool,
    pub can_dispute: bool,
    pub can_correct: bool,
}

#[derive(Template)]
#[template(path = "timebank/index.html")]
struct IndexPage {
    page: Page,
    balance: String,
    rows: Vec<Row>,
}

async fn index(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    v.require()?;
    let (me, all) = service::ledger(&state, &v.actor()).await?;
    let kernel: Vec<rules::Entry> = all.iter().map(|s| s.entry.clone()).collect();
    let rows = all
        .iter()
        .rev()
        .filter(|s| s.entry.kind == Kind::Record)
        .map(|s| {
            let e = &s.entry;
            let st = rules::state(&kernel, &e.id);
            let gave = e.giver == me;
            Row {
                id: e.id.clone(),
                gave,
                with: if gave { s.receiver_name.clone() } else { s.giver_name.clone() }.unwrap_or_default(),
                hours: rules::hours(e.minutes),
                description: e.description.clone(),
                done_on: e.done_on.map(crate::circles::service::date_string).unwrap_or_default(),
                state: v.t(&format!("timebank-state-{}", st.as_str())),
                can_confirm: !gave && matches!(st, EntryState::Recorded | EntryState::Disputed),
                can_dispute: !gave && st == EntryState::Recorded,
                can_correct: gave && matches!(st, EntryState::Recorded | EntryState::Disputed),
            }
        })
        .collect();
    let balance = rules::hours(service::balance(me, &all));
    Ok(render(&IndexPage { page: v.page(&state, v.t("timebank-title")), balance, rows }))
}

async fn act(state: &AppState, v: &Visitor, id: &str, ask: Ask, done: &str) -> WebResult<Response> {
    v.require()?;
    match service::act(state, &v.actor(), id, ask, "").await {
        Ok(_) => Ok(Redirect::to(&format!("/timebank?notice={done}")).into_response()),
        Err(WebError::Domain(DomainError::Conflict(code) | DomainError::Forbidden(code)))
            if code.starts_with("timebank-") =>
        {
            Ok(Redirect::to(&format!("/timebank?notice={code}")).into_response())
        }
        Err(e) => Err(e),
    }
}

async fn confirm(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    act(&state, &v, &id, Ask::Confirm, "timebank-confirmed").await
}

async fn dispute(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    act(&state, &v, &id, Ask::Dispute, "timebank-disputed").await
}

async fn correct(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    act(&state, &v, &id, Ask::Correct, "timebank-corrected-notice").await
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/timebank", index)
        .page(Method::POST, "/timebank/entries/{id}/confirm", confirm)
        .page(Method::POST, "/timebank/entries/{id}/dispute", dispute)
        .page(Method::POST, "/timebank/entries/{id}/correct", correct)
}
