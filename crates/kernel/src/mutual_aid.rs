//! Mutual aid: neighbours offering and asking for everyday help in a place
//! (a lift, shopping, a hand with DIY, a childcare swap, company, tech
//! help). Where is only ever a place — never an address; two people share
//! more in their private conversation if they choose to.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, FieldErrors};
use crate::places::Title;

pub const TITLE_MAX: usize = 120;
pub const DETAILS_MAX: usize = 2000;
pub const WHEN_MAX: usize = 120;
pub const MESSAGE_MAX: usize = 2000;
/// A post lasts at most this long; help needed in three months is a plan,
/// not a request, and stale offers mislead.
pub const EXPIRY_MAX_DAYS: i64 = 60;
/// A post with no expiry given lasts this long.
pub const EXPIRY_DEFAULT_DAYS: i64 = 14;
const DAY: i64 = 86_400;

/// An offer of help, or a request for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Offer,
    Request,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::Offer, Kind::Request];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Offer => "offer",
            Kind::Request => "request",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s.trim()).ok_or(FieldError::new(field, "aid-kind-invalid"))
    }
}

/// What kind of help.
pub const CATEGORIES: [&str; 10] =
    ["lifts", "shopping", "diy", "childcare_swaps", "company", "tech_help", "meals", "gardening", "pets", "other"];

pub fn parse_category(field: &'static str, s: &str) -> Result<&'static str, FieldError> {
    CATEGORIES.into_iter().find(|c| *c == s.trim()).ok_or(FieldError::new(field, "aid-category-invalid"))
}

/// Where a post is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Open,
    /// Its author closed it (the help was found, or is no longer on offer).
    Closed,
    /// Taken down by a steward of the place.
    Removed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Closed, Status::Removed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Removed => "removed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Status::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The start (UTC) of the day holding `unix`.
pub fn day_start(unix: i64) -> i64 {
    unix - unix.rem_euclid(DAY)
}

/// A post as submitted, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct PostInput {
    pub kind: String,
    pub category: String,
    pub title: String,
    pub details: String,
    /// When, in words: "Saturday mornings", "any evening next week".
    pub when: String,
    /// `YYYY-MM-DD`, the last day it is shown; blank for two weeks.
    pub expires_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPost {
    pub kind: Kind,
    pub category: &'static str,
    pub title: String,
    pub details: String,
    pub when: String,
    /// The end of the last day it is shown (unix seconds).
    pub expires_at: i64,
}

fn line(field: &'static str, s: &str, max: usize) -> Result<String, FieldError> {
    let s = s.trim();
    if s.chars().count() > max {
        return Err(FieldError::new(field, "aid-text-too-long"));
    }
    if s.chars().any(char::is_control) {
        return Err(FieldError::new(field, "aid-text-invalid"));
    }
    Ok(s.to_string())
}

/// Check every field, reporting every problem at once.
pub fn check(input: &PostInput, now: i64) -> Result<CheckedPost, FieldErrors> {
    let mut errors = FieldErrors::new();
    let kind = errors.check(Kind::parse("kind", &input.kind));
    let category = errors.check(parse_category("category", &input.category));
    let title = errors.check(Title::parse("title", &input.title, TITLE_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("title", "aid-title-required"),
        "name-too-long" => FieldError::new("title", "aid-text-too-long"),
        _ => FieldError::new("title", "aid-text-invalid"),
    }));
    let details = input.details.trim().replace("\r\n", "\n");
    if details.chars().count() > DETAILS_MAX {
        errors.push("details", "aid-text-too-long");
    }
    let when = errors.check(line("when", &input.when, WHEN_MAX));
    let today = day_start(now);
    let expires_at = match input.expires_on.trim() {
        "" => Some(today + (EXPIRY_DEFAULT_DAYS + 1) * DAY - 1),
        s => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            match time::Date::parse(s, &format) {
                Ok(d) => {
                    let day = d.midnight().assume_utc().unix_timestamp();
                    if day < today {
                        errors.push("expires_on", "aid-expires-in-past");
                        None
                    } else if day > today + EXPIRY_MAX_DAYS * DAY {
                        errors.push("expires_on", "aid-expires-too-far");
                        None
                    } else {
                        Some(day + DAY - 1)
                    }
                }
                Err(_) => {
                    errors.push("expires_on", "aid-date-invalid");
                    None
                }
            }
        }
    };
    match (kind, category, title, when, expires_at) {
        (Some(kind), Some(category), Some(title), Some(when), Some(expires_at)) if errors.is_empty() => {
            Ok(CheckedPost { kind, category, title: title.as_str().to_string(), details, when, expires_at })
        }
        _ => Err(errors),
    }
}

/// A message in a conversation: required, bounded.
pub fn parse_message(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "aid-message-required"));
    }
    if s.chars().count() > MESSAGE_MAX {
        return Err(FieldError::new(field, "aid-text-too-long"));
    }
    Ok(s.replace("\r\n", "\n"))
}

/// Whether a post can still be answered.
pub fn is_open(status: Status, expires_at: i64, now: i64) -> bool {
    status == Status::Open && now <= expires_at
}

/// Why something is reported to the place's stewards.
pub const REPORT_REASONS: [&str; 5] = ["unsafe", "harassment", "scam", "spam", "other"];

pub fn parse_reason(field: &'static str, s: &str) -> Result<&'static str, FieldError> {
    REPORT_REASONS.into_iter().find(|c| *c == s.trim()).ok_or(FieldError::new(field, "aid-reason-invalid"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_651_200; // 2026-11-26

    fn input() -> PostInput {
        PostInput {
            kind: "offer".into(),
            category: "lifts".into(),
            title: "Lifts to the hospital on Tuesdays".into(),
            ..PostInput::default()
        }
    }

    #[test]
    fn a_post_lasts_two_weeks_unless_told() {
        let p = check(&input(), NOW).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.expires_at, NOW + 15 * DAY - 1);
        let mut i = input();
        i.expires_on = "2026-11-26".into();
        assert_eq!(check(&i, NOW).map(|p| p.expires_at).ok(), Some(NOW + DAY - 1));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = PostInput {
            kind: "gift".into(),
            category: "weapons".into(),
            title: " ".into(),
            details: "x".repeat(DETAILS_MAX + 1),
            when: "a\u{7}".into(),
            expires_on: "2026-11-25".into(),
        };
        let errs = check(&bad, NOW).err().map(|e| e.0).unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["kind", "category", "title", "details", "when", "expires_on"]);
        let mut far = input();
        far.expires_on = "2027-06-01".into();
        assert!(check(&far, NOW).is_err());
    }

    #[test]
    fn open_means_open_and_not_expired() {
        assert!(is_open(Status::Open, NOW, NOW));
        assert!(!is_open(Status::Open, NOW - 1, NOW));
        assert!(!is_open(Status::Closed, NOW + DAY, NOW));
        assert!(!is_open(Status::Removed, NOW + DAY, NOW));
    }
}
