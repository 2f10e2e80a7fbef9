//! Who is visiting: their session (if signed in), their language and their
//! CSRF token. Sessions live in the database, so any process can serve any
//! request.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum_extra::extract::cookie::{Cookie, SameSite};
use axum_extra::extract::CookieJar;
use plural_kernel::authz::Actor;
use plural_kernel::language::Language;
use plural_store::people::Person;

use crate::csrf::CsrfToken;
use crate::error::WebError;
use crate::layout::Page;
use crate::AppState;

pub const LANG_COOKIE: &str = "plural_lang";

/// The session cookie's name. Under https it carries the `__Host-` prefix,
/// which browsers only accept from a secure origin, for the whole host.
pub fn session_cookie_name(state: &AppState) -> &'static str {
    if state.config.secure_cookies() {
        "__Host-plural_session"
    } else {
        "plural_session"
    }
}

/// A cookie with the node's standard protections.
pub fn cookie(state: &AppState, name: &'static str, value: String, max_age_secs: Option<i64>) -> Cookie<'static> {
    let mut c = Cookie::new(name, value);
    c.set_http_only(true);
    c.set_same_site(SameSite::Lax);
    c.set_secure(state.config.secure_cookies());
    c.set_path("/");
    if let Some(secs) = max_age_secs {
        c.set_max_age(time::Duration::seconds(secs));
    }
    c
}

/// The visitor's interface language: their explicit choice (cookie), else
/// what their browser asks for, else the node's default. A signed-in
/// person's saved preference is applied by [`Visitor`].
pub fn language_of(state: &AppState, headers: &HeaderMap) -> Language {
    let jar = CookieJar::from_headers(headers);
    jar.get(LANG_COOKIE)
        .and_then(|c| Language::parse(c.value()))
        .or_else(|| {
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Language::from_accept_language)
        })
        .unwrap_or_else(|| state.config.default_language())
}

/// The visitor of a page.
#[derive(Clone)]
pub struct Visitor {
    pub person: Option<Person>,
    pub lang: Language,
    pub csrf: String,
    /// Path and query of the page, so the language switcher can come back.
    pub path: String,
    /// A short confirmation to show once (`?notice=…` after a redirect).
    pub notice: Option<String>,
}

impl Visitor {
    pub fn actor(&self) -> Actor {
        match &self.person {
            Some(p) => p.actor(),
            None => Actor::Anonymous,
        }
    }

    /// The signed-in person, or "please sign in".
    pub fn require(&self) -> Result<&Person, WebError> {
        self.person.as_ref().ok_or(WebError::Domain(plural_kernel::DomainError::Unauthenticated))
    }

    pub fn page(&self, state: &AppState, title: impl Into<String>) -> Page {
        Page::new(state, self, title.into())
    }

    pub fn t(&self, id: &str) -> String {
        crate::i18n::t(self.lang, id)
    }
}

impl Visitor {
    /// Who is visiting, from the request's headers: the session cookie, the
    /// language cookie and `Accept-Language`. `csrf` is the visitor's token.
    pub async fn from_headers(
        state: &AppState,
        headers: &HeaderMap,
        uri: &axum::http::Uri,
        csrf: String,
    ) -> Result<Visitor, WebError> {
        let jar = CookieJar::from_headers(headers);
        let ttl = state.config.session_days * 86400;
        let mut person = None;
        if let Some(c) = jar.get(session_cookie_name(state)) {
            if let Some(id) = plural_store::sessions::person_for(&state.db, c.value(), ttl).await? {
                person = plural_store::people::get(&state.db, id).await?.filter(|p| !p.disabled && !p.erased);
            }
        }
        let explicit = jar.get(LANG_COOKIE).and_then(|c| Language::parse(c.value()));
        let lang = match (&explicit, &person) {
            (Some(l), _) => *l,
            (None, Some(p)) => p.language,
            (None, None) => language_of(state, headers),
        };
        let path = uri.path_and_query().map(|p| p.to_string()).unwrap_or_else(|| "/".into());
        let notice = uri.query().and_then(|q| {
            url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "notice").map(|(_, v)| v.into_owned())
        });
        let notice = notice
            .filter(|n| n.len() < 40 && n.chars().all(|c| c.is_ascii_lowercase() || c == '-'))
            .map(|n| crate::i18n::t(lang, &format!("notice-{n}")));
        Ok(Visitor { person, lang, csrf, path, notice })
    }
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let csrf = parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        Visitor::from_headers(state, &parts.headers, &parts.uri, csrf).await
    }
}
