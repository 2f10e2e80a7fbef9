//! The sign-up, sign-in and sign-out pages.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use plural_kernel::language::Language;
use plural_kernel::DomainError;
use plural_store::people::Person;
use serde::Deserialize;

use super::service::{self, is_local_path, limit_client, ClientLimit};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::{cookie, session_cookie_name, Visitor, LANG_COOKIE};
use crate::AppState;

#[derive(Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "auth/sign_up.html")]
struct SignUpPage {
    page: Page,
    errors: FormErrors,
    email: String,
    display_name: String,
    next: String,
}

#[derive(Template)]
#[template(path = "auth/sign_in.html")]
struct SignInPage {
    page: Page,
    errors: FormErrors,
    link_errors: FormErrors,
    email: String,
    next: String,
}

#[derive(Template)]
#[template(path = "auth/check_email.html")]
struct CheckEmailPage {
    page: Page,
}

#[derive(Template)]
#[template(path = "auth/confirm_link.html")]
struct ConfirmLinkPage {
    page: Page,
    errors: FormErrors,
    token: String,
    next: String,
}

/// Start a session for `person` and go on to `next` (or the account page).
pub async fn start_session(state: &AppState, person: &Person, next: &str) -> WebResult<Response> {
    let ttl = state.config.session_days * 86400;
    let token = plural_store::sessions::create(&state.db, person.id, ttl).await?;
    let target = if is_local_path(next) { next.to_string() } else { "/account?notice=signed-in".to_string() };
    let mut res = Redirect::to(&target).into_response();
    let c = cookie(state, session_cookie_name(state), token, Some(ttl));
    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

async fn sign_up_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NextQuery>) -> Response {
    let page = v.page(&state, v.t("sign-up-title"));
    render(&SignUpPage {
        page,
        errors: FormErrors::none(),
        email: String::new(),
        display_name: String::new(),
        next: q.next,
    })
}

async fn sign_up(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    v: Visitor,
    form: FormData,
) -> WebResult<Response> {
    limit_client(&state, ClientLimit::SignUp, &headers, peer).await?;
    let input = service::SignUp {
        email: form.get("email"),
        display_name: form.get("display_name"),
        password: form.get("password"),
        language: v.lang,
    };
    match service::sign_up(&state, input).await {
        Ok(person) => {
            let next = form.get("next");
            start_session(&state, &person, if next.is_empty() { "/account?notice=welcome" } else { next }).await
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let page = v.page(&state, format!("{} {}", v.t("error-title-prefix"), v.t("sign-up-title")));
            Ok(render(&SignUpPage {
                page,
                errors: FormErrors::from(v.lang, &errs),
                email: form.get("email").to_string(),
                display_name: form.get("display_name").to_string(),
                next: form.get("next").to_string(),
            }))
        }
        Err(e) => Err(e),
    }
}

async fn sign_in_form(State(state): State<AppState>, v: Visitor, Query(q): Query<NextQuery>) -> Response {
    let page = v.page(&state, v.t("sign-in-title"));
    render(&SignInPage {
        page,
        errors: FormErrors::none(),
        link_errors: FormErrors::none(),
        email: String::new(),
        next: q.next,
    })
}

async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    v: Visitor,
    form: FormData,
) -> WebResult<Response> {
    limit_client(&state, ClientLimit::SignIn, &headers, peer).await?;
    let outcome = match service::sign_in(&state, form.get("email"), form.get("password")).await {
        // Said on the form, where the person is looking, rather than as an error page.
        Err(WebError::Domain(DomainError::Forbidden("account-disabled"))) => {
            Err(WebError::Domain(DomainError::field("email", "account-disabled")))
        }
        other => other,
    };
    match outcome {
        Ok(person) => start_session(&state, &person, form.get("next")).await,
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let page = v.page(&state, format!("{} {}", v.t("error-title-prefix"), v.t("sign-in-title")));
            Ok(render(&SignInPage {
                page,
                errors: FormErrors::from(v.lang, &errs),
                link_errors: FormErrors::none(),
                email: form.get("email").to_string(),
                next: form.get("next").to_string(),
            }))
        }
        Err(e) => Err(e),
    }
}

async fn request_link(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    v: Visitor,
    form: FormData,
) -> WebResult<Response> {
    limit_client(&state, ClientLimit::MagicLink, &headers, peer).await?;
    match service::send_magic_link(&state, form.get("link_email"), v.lang, form.get("next")).await {
        Ok(()) => Ok(render(&CheckEmailPage { page: v.page(&state, v.t("check-email-title")) })),
        Err(WebError::Domain(DomainError::Invalid(mut errs))) => {
            for e in &mut errs.0 {
                e.field = "link_email";
            }
            let page = v.page(&state, format!("{} {}", v.t("error-title-prefix"), v.t("sign-in-title")));
            Ok(render(&SignInPage {
                page,
                errors: FormErrors::none(),
                link_errors: FormErrors::from(v.lang, &errs),
                email: form.get("link_email").to_string(),
                next: form.get("next").to_string(),
            }))
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct LinkQuery {
    #[serde(default)]
    token: String,
    #[serde(default)]
    next: String,
}

/// Opening the emailed link only shows a button: mail scanners that fetch
/// links must not use up the link or sign anyone in.
async fn confirm_link(State(state): State<AppState>, v: Visitor, Query(q): Query<LinkQuery>) -> Response {
    render(&ConfirmLinkPage {
        page: v.page(&state, v.t("confirm-link-title")),
        errors: FormErrors::none(),
        token: q.token,
        next: q.next,
    })
}

async fn use_link(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    let person = service::redeem_magic_link(&state, form.get("token"), form.get("display_name"), v.lang).await?;
    start_session(&state, &person, form.get("next")).await
}

async fn sign_out(State(state): State<AppState>, jar: CookieJar) -> WebResult<Response> {
    if let Some(c) = jar.get(session_cookie_name(&state)) {
        plural_store::sessions::delete(&state.db, c.value()).await?;
    }
    let mut res = Redirect::to("/?notice=signed-out").into_response();
    let gone = cookie(&state, session_cookie_name(&state), String::new(), Some(0));
    if let Ok(v) = HeaderValue::from_str(&gone.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[derive(Deserialize)]
struct ReturnQuery {
    #[serde(rename = "return", default)]
    back: String,
}

/// Switch language, with or without an account: a cookie remembers it, and
/// a signed-in person's preference is saved too.
async fn choose_language(
    State(state): State<AppState>,
    v: Visitor,
    Path(code): Path<String>,
    Query(q): Query<ReturnQuery>,
) -> WebResult<Response> {
    let lang = Language::parse(&code).ok_or(WebError::not_found())?;
    if let Some(p) = &v.person {
        plural_store::people::set_language(&state.db, p.id, lang).await?;
    }
    let back = if is_local_path(&q.back) && !q.back.starts_with("/language/") { q.back } else { "/".into() };
    let mut res = Redirect::to(&back).into_response();
    let c = cookie(&state, LANG_COOKIE, lang.code().to_string(), Some(365 * 86400));
    if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/sign-up", sign_up_form)
        .page(Method::POST, "/sign-up", sign_up)
        .page(Method::GET, "/sign-in", sign_in_form)
        .page(Method::POST, "/sign-in", sign_in)
        .page(Method::POST, "/sign-in/email", request_link)
        .page(Method::GET, "/sign-in/link", confirm_link)
        .page(Method::POST, "/sign-in/link", use_link)
        .page(Method::POST, "/sign-out", sign_out)
        .page(Method::GET, "/language/{code}", choose_language)
}
