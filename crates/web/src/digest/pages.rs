//! Unsubscribing from the digest without signing in. The link in the email
//! shows a confirmation page (mail scanners that open links must not
//! unsubscribe anyone); its button posts the signed token back.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use super::service;
use crate::error::WebResult;
use crate::forms::FormData;
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

#[derive(Template)]
#[template(path = "digest/unsubscribe.html")]
struct UnsubscribePage {
    page: Page,
    token: String,
    valid: bool,
}

async fn confirm_page(State(state): State<AppState>, v: Visitor, Path(token): Path<String>) -> Response {
    let valid = service::person_of_token(&state.key, &token).is_some();
    let mut res = render(&UnsubscribePage { page: v.page(&state, v.t("digest-unsubscribe-title")), token, valid });
    if !valid {
        *res.status_mut() = StatusCode::NOT_FOUND;
    }
    res
}

/// The confirmation page's button: a normal form, with its CSRF token.
async fn unsubscribe(State(state): State<AppState>, form: FormData) -> WebResult<Response> {
    service::unsubscribe(&state, form.get("token")).await?;
    Ok(Redirect::to("/?notice=digest-unsubscribed").into_response())
}

/// RFC 8058 one-click unsubscribe: the mail client POSTs
/// `List-Unsubscribe=One-Click` to the address in `List-Unsubscribe`, with
/// no cookies and no page. The signed token in the path is what
/// authenticates it, which is why `csrf::protect` lets this path through.
async fn one_click(State(state): State<AppState>, Path(token): Path<String>) -> WebResult<StatusCode> {
    service::unsubscribe(&state, &token).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/digest/unsubscribe/{token}", confirm_page)
        .page(Method::POST, "/digest/unsubscribe/{token}", one_click)
        .page(Method::POST, "/digest/unsubscribe", unsubscribe)
}
