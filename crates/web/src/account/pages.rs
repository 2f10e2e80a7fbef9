//! The account pages: profile, email, password, groups, sessions, tokens,
//! the access log, export and deletion.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use plural_kernel::groups::Role;
use plural_kernel::language::Language;
use plural_kernel::DomainError;
use plural_store::people::Person;
use serde::Deserialize;

use super::service::{self, Deletion, Overview, ProfileChange, ACCESSED_BY_SELF, WHAT_EXPORT};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::{cookie, session_cookie_name, Visitor, LANG_COOKIE};
use crate::AppState;

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct MembershipRow {
    pub slug: String,
    pub name: String,
    pub role: String,
}

pub struct SessionRow {
    pub created: String,
    pub last_seen: String,
    pub current: bool,
}

pub struct TokenRow {
    pub id: String,
    pub name: String,
    pub scopes: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
}

pub struct AccessRow {
    pub by: String,
    pub what: String,
    pub at: String,
}

/// What was typed into the profile form (or what is saved).
#[derive(Default)]
struct ProfileForm {
    errors: FormErrors,
    display_name: String,
    language: String,
    home_place: String,
}

/// What was typed into one of the smaller forms.
#[derive(Default)]
struct OtherForms {
    email_errors: FormErrors,
    email: String,
    password_errors: FormErrors,
    token_errors: FormErrors,
    token_name: String,
    token_read: bool,
    token_write: bool,
    digest_errors: FormErrors,
    /// What was sent in the digest form, when it is shown again with a problem.
    digest_sent: Option<(bool, Vec<String>)>,
    fediverse_errors: FormErrors,
    /// The handle sent in the fediverse form, when it is shown again with a problem.
    fediverse_sent: Option<String>,
}

#[derive(Template)]
#[template(path = "account/index.html")]
struct AccountPage {
    page: Page,
    email: String,
    has_password: bool,
    profile_errors: FormErrors,
    display_name: String,
    languages: Vec<Choice>,
    places: Vec<Choice>,
    digest_on: bool,
    digest_places: Vec<Choice>,
    /// The handle as saved (visible) or as sent with a problem.
    fediverse_handle: String,
    /// `@handle@host` while visible.
    fediverse_address: Option<String>,
    forms: OtherForms,
    memberships: Vec<MembershipRow>,
    sessions: Vec<SessionRow>,
    tokens: Vec<TokenRow>,
    access: Vec<AccessRow>,
}

#[derive(Template)]
#[template(path = "account/token_created.html")]
struct TokenCreatedPage {
    page: Page,
    name: String,
    scopes: String,
    secret: String,
}

#[derive(Template)]
#[template(path = "account/email_confirm.html")]
struct EmailConfirmPage {
    page: Page,
    token: String,
}

#[derive(Template)]
#[template(path = "account/delete.html")]
struct DeletePage {
    page: Page,
    errors: FormErrors,
    blockers: Vec<String>,
    word: String,
}

/// Date and time, to the minute, in UTC (what sessions and logs need).
fn when(at: i64) -> String {
    let t = plural_store::from_unix(at);
    format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

fn role_label(v: &Visitor, role: Role) -> String {
    v.t(match role {
        Role::Owner => "account-role-owner",
        Role::Admin => "account-role-admin",
        Role::Member => "account-role-member",
    })
}

/// Access-log entries the node writes itself are codes, shown in words;
/// anything else (e.g. an operator's note) is shown as written.
fn access_words(v: &Visitor, text: &str, known: &[(&str, &str)]) -> String {
    known.iter().find(|(code, _)| *code == text).map(|(_, id)| v.t(id)).unwrap_or_else(|| text.to_string())
}

fn current_session(state: &AppState, jar: &CookieJar) -> Option<String> {
    jar.get(session_cookie_name(state)).map(|c| c.value().to_string())
}

fn account_page(
    state: &AppState,
    v: &Visitor,
    me: &Person,
    ov: Overview,
    profile: ProfileForm,
    forms: OtherForms,
) -> Response {
    let title = if profile.errors.any()
        || forms.email_errors.any()
        || forms.password_errors.any()
        || forms.token_errors.any()
        || forms.digest_errors.any()
        || forms.fediverse_errors.any()
    {
        format!("{} {}", v.t("error-title-prefix"), v.t("account-title"))
    } else {
        v.t("account-title")
    };
    let languages = Language::ALL
        .iter()
        .map(|l| Choice { value: l.code().into(), label: l.autonym().into(), selected: l.code() == profile.language })
        .collect();
    let mut places = vec![Choice {
        value: String::new(),
        label: v.t("account-home-place-none"),
        selected: profile.home_place.is_empty(),
    }];
    places.extend(ov.places.iter().map(|p| Choice {
        value: p.slug.clone(),
        label: p.name.clone(),
        selected: p.slug == profile.home_place,
    }));
    // Off until chosen; the home place is ticked ready for when it is turned on.
    let (digest_on, digest_chosen): (bool, Vec<String>) = match &forms.digest_sent {
        Some((on, slugs)) => (*on, slugs.clone()),
        None if ov.digest_places.is_empty() => {
            (false, ov.places.iter().filter(|p| Some(p.id) == me.home_place_id).map(|p| p.slug.clone()).collect())
        }
        None => (true, ov.places.iter().filter(|p| ov.digest_places.contains(&p.id)).map(|p| p.slug.clone()).collect()),
    };
    let digest_places = ov
        .places
        .iter()
        .map(|p| Choice { value: p.slug.clone(), label: p.name.clone(), selected: digest_chosen.contains(&p.slug) })
        .collect();
    let memberships = ov
        .memberships
        .iter()
        .map(|(g, r)| MembershipRow { slug: g.slug.clone(), name: g.name.clone(), role: role_label(v, *r) })
        .collect();
    let sessions = ov
        .sessions
        .iter()
        .map(|(s, current)| SessionRow {
            created: when(s.created_at),
            last_seen: when(s.last_seen_at),
            current: *current,
        })
        .collect();
    let tokens = ov
        .tokens
        .iter()
        .map(|t| TokenRow {
            id: t.id.to_string(),
            name: t.name.clone(),
            scopes: t.scopes.join(", "),
            created: when(t.created_at),
            last_used: t.last_used_at.map(when).unwrap_or_else(|| v.t("account-never")),
            revoked: t.revoked,
        })
        .collect();
    let access = ov
        .access_log
        .iter()
        .map(|a| AccessRow {
            by: access_words(
                v,
                a.accessed_by.as_deref().unwrap_or(""),
                &[(ACCESSED_BY_SELF, "account-access-by-self")],
            ),
            what: access_words(
                v,
                &a.what,
                &[
                    (WHAT_EXPORT, "account-access-export"),
                    ("admin-granted", "account-access-admin-granted"),
                    ("admin-revoked", "account-access-admin-revoked"),
                ],
            ),
            at: when(a.at),
        })
        .collect();
    render(&AccountPage {
        page: v.page(state, title),
        email: ov.email.unwrap_or_default(),
        has_password: me.has_password,
        profile_errors: profile.errors,
        display_name: profile.display_name,
        languages,
        places,
        digest_on,
        digest_places,
        fediverse_handle: forms.fediverse_sent.clone().or_else(|| me.fediverse_handle.clone()).unwrap_or_default(),
        fediverse_address: me.fediverse_handle.as_ref().map(|h| format!("@{h}@{}", state.config.host())),
        forms,
        memberships,
        sessions,
        tokens,
        access,
    })
}

/// The profile form filled with what is saved.
async fn saved_profile(state: &AppState, me: &Person) -> WebResult<ProfileForm> {
    let home_place = match me.home_place_id {
        Some(id) => plural_store::places::get(&state.db, id).await?.map(|p| p.slug).unwrap_or_default(),
        None => String::new(),
    };
    Ok(ProfileForm {
        errors: FormErrors::none(),
        display_name: me.display_name.clone().unwrap_or_default(),
        language: me.language.code().to_string(),
        home_place,
    })
}

fn fresh_forms() -> OtherForms {
    OtherForms { token_read: true, ..OtherForms::default() }
}

/// Show the account page again with one form's problems; other forms as saved.
async fn with_errors(
    state: &AppState,
    v: &Visitor,
    jar: &CookieJar,
    me: &Person,
    profile: Option<ProfileForm>,
    forms: OtherForms,
) -> WebResult<Response> {
    let ov = service::overview(state, me, current_session(state, jar).as_deref()).await?;
    let profile = match profile {
        Some(p) => p,
        None => saved_profile(state, me).await?,
    };
    Ok(account_page(state, v, me, ov, profile, forms))
}

async fn show(State(state): State<AppState>, v: Visitor, jar: CookieJar) -> WebResult<Response> {
    let me = v.require()?;
    with_errors(&state, &v, &jar, me, None, fresh_forms()).await
}

async fn save_profile(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?;
    let change = ProfileChange {
        display_name: Some(form.get("display_name")),
        language: Some(form.get("language")),
        home_place: Some(Some(form.get("home_place"))),
    };
    match service::update_profile(&state, me, change).await {
        Ok(saved) => {
            let mut res = Redirect::to("/account?notice=account-profile-saved").into_response();
            // The language chosen here wins over an earlier switcher choice.
            let c = cookie(&state, LANG_COOKIE, saved.language.code().to_string(), Some(365 * 86400));
            if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let profile = ProfileForm {
                errors: FormErrors::from(v.lang, &errs),
                display_name: form.get("display_name").to_string(),
                language: form.get("language").to_string(),
                home_place: form.get("home_place").to_string(),
            };
            with_errors(&state, &v, &jar, me, Some(profile), fresh_forms()).await
        }
        Err(e) => Err(e),
    }
}

async fn change_email(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?;
    match service::request_email_change(&state, me, form.get("email"), v.lang).await {
        Ok(()) => Ok(Redirect::to("/account?notice=account-email-sent").into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let forms = OtherForms {
                email_errors: FormErrors::from(v.lang, &errs),
                email: form.get("email").to_string(),
                ..fresh_forms()
            };
            with_errors(&state, &v, &jar, me, None, forms).await
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// Opening the emailed link only shows a button: mail scanners that fetch
/// links must not use it up.
async fn confirm_email_form(State(state): State<AppState>, v: Visitor, Query(q): Query<TokenQuery>) -> Response {
    render(&EmailConfirmPage { page: v.page(&state, v.t("account-email-confirm-title")), token: q.token })
}

/// Works without being signed in: the link itself proves the address, and
/// names the account it belongs to.
async fn confirm_email(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    service::confirm_email_change(&state, form.get("token")).await?;
    let target = if v.person.is_some() {
        "/account?notice=account-email-changed"
    } else {
        "/sign-in?notice=account-email-changed"
    };
    Ok(Redirect::to(target).into_response())
}

async fn change_password(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?;
    let current = current_session(&state, &jar);
    match service::change_password(
        &state,
        me,
        form.get("current_password"),
        form.get("new_password"),
        current.as_deref(),
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/account?notice=account-password-saved").into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let forms = OtherForms { password_errors: FormErrors::from(v.lang, &errs), ..fresh_forms() };
            with_errors(&state, &v, &jar, me, None, forms).await
        }
        Err(e) => Err(e),
    }
}

async fn create_token(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?;
    let scopes: Vec<String> = form.0.iter().filter(|(k, _)| k == "scopes").map(|(_, s)| s.clone()).collect();
    match service::create_token(&state, me, form.get("name"), &scopes).await {
        Ok(token) => {
            let mut res = render(&TokenCreatedPage {
                page: v.page(&state, v.t("account-token-created-title")),
                name: token.name,
                scopes: token.scopes.join(", "),
                secret: token.secret,
            });
            // The secret is on this page only: keep it out of every cache.
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            Ok(res)
        }
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let forms = OtherForms {
                token_errors: FormErrors::from(v.lang, &errs),
                token_name: form.get("name").to_string(),
                token_read: scopes.iter().any(|s| s == "read"),
                token_write: scopes.iter().any(|s| s == "write"),
                ..OtherForms::default()
            };
            with_errors(&state, &v, &jar, me, None, forms).await
        }
        Err(e) => Err(e),
    }
}

/// The weekly digest: on for the places ticked, or off.
async fn save_digest(State(state): State<AppState>, v: Visitor, jar: CookieJar, form: FormData) -> WebResult<Response> {
    let me = v.require()?;
    let on = form.get("digest") == "on";
    let slugs: Vec<String> = form.0.iter().filter(|(k, _)| k == "digest_places").map(|(_, s)| s.clone()).collect();
    let result = if on && slugs.is_empty() {
        Err(DomainError::field("digest_places", "digest-places-required").into())
    } else {
        crate::digest::service::set_places(&state, me, if on { &slugs } else { &[] }).await
    };
    match result {
        Ok(_) if on => Ok(Redirect::to("/account?notice=digest-on#digest").into_response()),
        Ok(_) => Ok(Redirect::to("/account?notice=digest-off#digest").into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let forms = OtherForms {
                digest_errors: FormErrors::from(v.lang, &errs),
                digest_sent: Some((on, slugs)),
                ..fresh_forms()
            };
            with_errors(&state, &v, &jar, me, None, forms).await
        }
        Err(e) => Err(e),
    }
}

/// Be visible to other servers under a handle, or stop (an empty handle).
async fn save_fediverse(
    State(state): State<AppState>,
    v: Visitor,
    jar: CookieJar,
    form: FormData,
) -> WebResult<Response> {
    let me = v.require()?;
    let handle = form.get(service::FEDIVERSE_HANDLE);
    match service::set_fediverse_handle(&state, me, Some(handle)).await {
        Ok(p) if p.fediverse_handle.is_some() => {
            Ok(Redirect::to("/account?notice=fediverse-visible#fediverse").into_response())
        }
        Ok(_) => Ok(Redirect::to("/account?notice=fediverse-hidden#fediverse").into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let forms = OtherForms {
                fediverse_errors: FormErrors::from(v.lang, &errs),
                fediverse_sent: Some(handle.to_string()),
                ..fresh_forms()
            };
            with_errors(&state, &v, &jar, me, None, forms).await
        }
        Err(e) => Err(e),
    }
}

async fn revoke_token(State(state): State<AppState>, v: Visitor, Path(id): Path<String>) -> WebResult<Response> {
    let me = v.require()?;
    service::revoke_token(&state, me, &id).await?;
    Ok(Redirect::to("/account?notice=account-token-revoked").into_response())
}

/// A response that also removes the session cookie.
fn signed_out(state: &AppState, to: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    let gone = cookie(state, session_cookie_name(state), String::new(), Some(0));
    if let Ok(v) = HeaderValue::from_str(&gone.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

async fn sign_out_everywhere(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let me = v.require()?;
    service::sign_out_everywhere(&state, me).await?;
    Ok(signed_out(&state, "/?notice=account-signed-out-everywhere"))
}

async fn export(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let me = v.require()?;
    super::api::export_response(&state, me).await
}

fn delete_page(state: &AppState, v: &Visitor, errors: FormErrors, blockers: Vec<String>) -> Response {
    let title = if errors.any() {
        format!("{} {}", v.t("error-title-prefix"), v.t("account-delete-title"))
    } else {
        v.t("account-delete-title")
    };
    render(&DeletePage { page: v.page(state, title), errors, blockers, word: v.t("account-delete-word") })
}

async fn delete_form(State(state): State<AppState>, v: Visitor) -> WebResult<Response> {
    let me = v.require()?;
    let blockers = plural_store::people::sole_ownerships(&state.db, me.id).await?;
    Ok(delete_page(&state, &v, FormErrors::none(), blockers))
}

async fn delete(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    let me = v.require()?;
    if let Err(DomainError::Invalid(errs)) =
        service::check_delete_confirmation(me, form.get("confirm"), &v.t("account-delete-word"))
    {
        let blockers = plural_store::people::sole_ownerships(&state.db, me.id).await?;
        return Ok(delete_page(&state, &v, FormErrors::from(v.lang, &errs), blockers));
    }
    match service::delete_account(&state, me).await? {
        Deletion::Erased => Ok(signed_out(&state, "/?notice=account-deleted")),
        Deletion::SoleOwner(blockers) => {
            let mut res = delete_page(&state, &v, FormErrors::none(), blockers);
            *res.status_mut() = StatusCode::CONFLICT;
            Ok(res)
        }
    }
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/account", show)
        .page(Method::POST, "/account", save_profile)
        .page(Method::POST, "/account/email", change_email)
        .page(Method::GET, "/account/email/confirm", confirm_email_form)
        .page(Method::POST, "/account/email/confirm", confirm_email)
        .page(Method::POST, "/account/password", change_password)
        .page(Method::POST, "/account/tokens", create_token)
        .page(Method::POST, "/account/digest", save_digest)
        .page(Method::POST, "/account/fediverse", save_fediverse)
        .page(Method::POST, "/account/tokens/{id}/revoke", revoke_token)
        .page(Method::POST, "/account/sign-out-everywhere", sign_out_everywhere)
        .page(Method::GET, "/account/export", export)
        .page(Method::GET, "/account/delete", delete_form)
        .page(Method::POST, "/account/delete", delete)
}
