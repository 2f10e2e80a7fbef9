//! Domain errors. Every error carries a stable machine-readable `code`
//! (kebab-case) that is also the Fluent message id the web layer uses to
//! explain it in the reader's language.

use std::fmt;

/// One thing wrong with one input field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    /// Name of the form / API field, as the client sent it.
    pub field: &'static str,
    /// Stable code, e.g. `email-invalid`; the message id is `error-{code}`.
    pub code: &'static str,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str) -> Self {
        Self { field, code }
    }
}

/// Every problem found in one submission, so a form can list them all at once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn push(&mut self, field: &'static str, code: &'static str) {
        self.0.push(FieldError::new(field, code));
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Keep the value if it parsed, remember the error if not.
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }
    pub fn into_result(self) -> Result<(), DomainError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self))
        }
    }
}

impl fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.0.iter().map(|e| format!("{}: {}", e.field, e.code)).collect();
        f.write_str(&parts.join(", "))
    }
}

/// What can go wrong in a domain operation, independent of how it was asked.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthenticated,
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The request conflicts with the current state (e.g. already a member).
    #[error("conflict: {0}")]
    Conflict(&'static str),
}

impl DomainError {
    pub fn field(field: &'static str, code: &'static str) -> Self {
        DomainError::Invalid(FieldErrors(vec![FieldError::new(field, code)]))
    }
}

impl From<FieldError> for DomainError {
    fn from(e: FieldError) -> Self {
        DomainError::Invalid(FieldErrors(vec![e]))
    }
}
