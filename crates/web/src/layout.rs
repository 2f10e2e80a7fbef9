//! The page layout: what every page template receives as `page`, and the
//! error page.

use askama::Template;
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Response};
use plural_kernel::language::Language;

use crate::error::ErrorInfo;
use crate::i18n;
use crate::session::Visitor;
use crate::AppState;

/// The signed-in person as the header shows them.
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub display_name: String,
    pub is_node_admin: bool,
}

/// What the base layout needs; every page template has one as `page`.
#[derive(Clone, Debug)]
pub struct Page {
    pub lang: Language,
    pub title: String,
    pub node_name: String,
    pub user: Option<SignedIn>,
    pub csrf: String,
    pub path: String,
    pub notice: Option<String>,
    pub css_url: &'static str,
    /// The ActivityPub id of what the page shows, advertised with
    /// `<link rel="alternate" type="application/activity+json">`.
    pub activity_id: Option<String>,
}

pub struct LanguageLink {
    pub code: &'static str,
    pub autonym: &'static str,
    pub current: bool,
    pub href: String,
}

impl Page {
    pub fn new(state: &AppState, v: &Visitor, title: String) -> Page {
        Page {
            lang: v.lang,
            title,
            node_name: state.node_name.to_string(),
            user: v.person.as_ref().map(|p| SignedIn {
                display_name: p.display_name.clone().unwrap_or_default(),
                is_node_admin: p.is_node_admin,
            }),
            csrf: v.csrf.clone(),
            path: v.path.clone(),
            notice: v.notice.clone(),
            css_url: crate::assets::css_url(),
            activity_id: None,
        }
    }

    /// A message in the page's language.
    pub fn t(&self, id: &str) -> String {
        i18n::t(self.lang, id)
    }

    /// A message with one argument.
    pub fn t1(&self, id: &str, name: &'static str, value: impl ToString) -> String {
        i18n::t_args(self.lang, id, &[(name, value.to_string())])
    }

    /// A message with two arguments.
    pub fn t2(&self, id: &str, a: &'static str, av: impl ToString, b: &'static str, bv: impl ToString) -> String {
        i18n::t_args(self.lang, id, &[(a, av.to_string()), (b, bv.to_string())])
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    pub fn dir(&self) -> &'static str {
        self.lang.dir()
    }

    pub fn languages(&self) -> Vec<LanguageLink> {
        let back: String = url::form_urlencoded::byte_serialize(self.path.as_bytes()).collect();
        Language::ALL
            .iter()
            .map(|l| LanguageLink {
                code: l.code(),
                autonym: l.autonym(),
                current: *l == self.lang,
                href: format!("/language/{}?return={back}", l.code()),
            })
            .collect()
    }

    /// A date in the page's language (ISO 8601 is read the same everywhere).
    pub fn date(&self, unix: &i64) -> String {
        let t = plural_store::from_unix(*unix);
        format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
    }
}

/// Render a template as an HTML response, or an error if rendering fails.
pub fn render<T: Template>(t: &T) -> Response {
    match t.render() {
        Ok(body) => {
            let mut res = Html(body).into_response();
            res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
            res
        }
        Err(e) => crate::error::WebError::Internal(anyhow::anyhow!("template: {e}")).into_response(),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorTemplate<'a> {
    page: Page,
    heading: String,
    explanation: String,
    info: &'a ErrorInfo,
}

/// The page shown for an error, in the visitor's language.
pub fn error_page(state: &AppState, v: &Visitor, info: &ErrorInfo) -> Response {
    let lang = v.lang;
    let heading = i18n::t(lang, &format!("problem-{}", info.code));
    let explanation = i18n::t(lang, &format!("problem-{}-help", info.code));
    let t = ErrorTemplate { page: Page::new(state, v, heading.clone()), heading, explanation, info };
    let body = t.render().unwrap_or_else(|_| "Error".to_string());
    let mut res = (info.status, Html(body)).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    res
}
