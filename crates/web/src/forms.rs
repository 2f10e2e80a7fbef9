//! HTML forms: reading submitted fields, and showing what was wrong with
//! them (an error summary at the top linking to each field, a message at
//! each field, the person's input kept).

use axum::extract::{FromRequest, Request};
use plural_kernel::errors::FieldErrors;
use plural_kernel::language::Language;

use crate::error::{field_message, WebError};
use crate::AppState;

/// The fields of a submitted `application/x-www-form-urlencoded` form.
/// Missing fields read as empty; each handler parses what it needs into
/// domain types, so a malformed form is reported field by field.
#[derive(Debug, Clone, Default)]
pub struct FormData(pub Vec<(String, String)>);

impl FormData {
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    pub fn opt(&self, name: &str) -> Option<&str> {
        Some(self.get(name)).filter(|v| !v.trim().is_empty())
    }

    pub fn checked(&self, name: &str) -> bool {
        matches!(self.get(name), "on" | "true" | "1" | "yes")
    }
}

impl FromRequest<AppState> for FormData {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(WebError::UnsupportedMediaType);
        }
        let bytes = axum::body::to_bytes(req.into_body(), state.config.max_body_bytes)
            .await
            .map_err(|_| WebError::PayloadTooLarge)?;
        Ok(FormData(url::form_urlencoded::parse(&bytes).into_owned().collect()))
    }
}

/// The errors of a form, ready for a template, in the page's language.
#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    pub items: Vec<(String, String)>,
}

impl FormErrors {
    pub fn from(lang: Language, errors: &FieldErrors) -> Self {
        FormErrors { items: errors.0.iter().map(|e| (e.field.to_string(), field_message(lang, e))).collect() }
    }

    pub fn none() -> Self {
        Self::default()
    }

    pub fn any(&self) -> bool {
        !self.items.is_empty()
    }

    /// The message for one field, or an empty string.
    pub fn of(&self, field: &str) -> String {
        self.items.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()).unwrap_or_default()
    }

    pub fn has(&self, field: &str) -> bool {
        self.items.iter().any(|(f, _)| f == field)
    }
}
