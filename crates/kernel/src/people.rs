//! People: the values we accept about a person, parsed once at the edge.

use crate::errors::FieldError;
use std::fmt;

/// A syntactically valid email address, normalised (trimmed; domain lower-cased).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(field: &'static str, input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "email-required"));
        }
        if s.len() > 254 {
            return Err(FieldError::new(field, "email-invalid"));
        }
        let (local, domain) = s.rsplit_once('@').ok_or(FieldError::new(field, "email-invalid"))?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && local.chars().all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if !local_ok || !domain_ok {
            return Err(FieldError::new(field, "email-invalid"));
        }
        Ok(EmailAddress(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form used for the keyed lookup hash: the whole address lower-cased,
    /// so "Sam@Example.org" and "sam@example.org" are one account.
    pub fn lookup_key(&self) -> String {
        self.0.to_lowercase()
    }
}

// Email addresses are personal data: keep them out of logs by accident.
impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EmailAddress(…)")
    }
}

/// What a person wants to be called. Pseudonyms welcome; no real name needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_CHARS: usize = 60;

    pub fn parse(field: &'static str, input: &str) -> Result<Self, FieldError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldError::new(field, "display-name-required"));
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(field, "display-name-too-long"));
        }
        if s.chars().any(|c| c.is_control()) {
            return Err(FieldError::new(field, "display-name-invalid"));
        }
        Ok(DisplayName(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that passed the node's policy. Never printed.
#[derive(Clone)]
pub struct NewPassword(String);

impl NewPassword {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 256;

    /// Refuses short passwords and ones found in lists of breached and common
    /// passwords (zxcvbn's dictionaries), or built from the person's own
    /// email and name.
    pub fn parse(field: &'static str, input: &str, personal: &[&str]) -> Result<Self, FieldError> {
        let len = input.chars().count();
        if len < Self::MIN_CHARS {
            return Err(FieldError::new(field, "password-too-short"));
        }
        if len > Self::MAX_CHARS {
            return Err(FieldError::new(field, "password-too-long"));
        }
        let entropy = zxcvbn::zxcvbn(input, personal);
        if u8::from(entropy.score()) < 3 {
            return Err(FieldError::new(field, "password-too-common"));
        }
        Ok(NewPassword(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_normalised_and_checked() {
        let e = EmailAddress::parse("email", "  Sam@Example.ORG ").map(|e| e.as_str().to_string());
        assert_eq!(e, Ok("Sam@example.org".to_string()));
        for bad in ["", "sam", "sam@", "@example.org", "sam@example", "sam@exa mple.org", "a..@b.c"] {
            assert!(EmailAddress::parse("email", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn display_name_rules() {
        assert!(DisplayName::parse("n", "Auntie Bea").is_ok());
        assert_eq!(DisplayName::parse("n", "  ").map(|_| ()), Err(FieldError::new("n", "display-name-required")));
        assert!(DisplayName::parse("n", &"x".repeat(61)).is_err());
        assert!(DisplayName::parse("n", "bad\u{0007}").is_err());
    }

    #[test]
    fn weak_passwords_are_refused() {
        assert_eq!(NewPassword::parse("p", "short", &[]).map(|_| ()), Err(FieldError::new("p", "password-too-short")));
        assert_eq!(
            NewPassword::parse("p", "password123", &[]).map(|_| ()),
            Err(FieldError::new("p", "password-too-common"))
        );
        assert!(NewPassword::parse("p", "correct horse battery staple", &[]).is_ok());
    }
}
