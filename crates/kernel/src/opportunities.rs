//! Volunteering opportunities: a role a group needs filled, and what a
//! volunteer needs to know before saying "I'm interested".

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::errors::{FieldError, FieldErrors};
use crate::places::{parse_description, Title};

macro_rules! opportunity_id {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

opportunity_id!(OpportunityId);
opportunity_id!(ResponseId);

pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 5000;
pub const SHORT_TEXT_MAX: usize = 200;
pub const SKILLS_MAX: usize = 10;
pub const SKILL_MAX_CHARS: usize = 40;
pub const MESSAGE_MAX: usize = 2000;
/// More hours than this a week (or a month) is a job, not volunteering; it
/// is almost always a typing slip.
pub const HOURS_MAX: i64 = 200;

/// Where an opportunity is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Only the group's admins see it.
    Draft,
    /// Listed and open to expressions of interest.
    Published,
    /// Still readable, but no longer taking volunteers.
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::Published, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Published => "published",
            Status::Closed => "closed",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        Status::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(FieldError::new(field, "opportunity-status-invalid"))
    }
}

/// How often the time is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentKind {
    Weekly,
    Monthly,
    OneOff,
    Flexible,
}

impl CommitmentKind {
    pub const ALL: [CommitmentKind; 4] =
        [CommitmentKind::Weekly, CommitmentKind::Monthly, CommitmentKind::OneOff, CommitmentKind::Flexible];

    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentKind::Weekly => "weekly",
            CommitmentKind::Monthly => "monthly",
            CommitmentKind::OneOff => "one_off",
            CommitmentKind::Flexible => "flexible",
        }
    }

    pub fn parse(field: &'static str, s: &str) -> Result<Self, FieldError> {
        CommitmentKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or(FieldError::new(field, "opportunity-commitment-invalid"))
    }
}

/// Hours given (per week, per month, or in all for a one-off): blank, or a
/// whole number from 1 to [`HOURS_MAX`].
pub fn parse_hours(field: &'static str, s: &str) -> Result<Option<i64>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(h) if (1..=HOURS_MAX).contains(&h) => Ok(Some(h)),
        _ => Err(FieldError::new(field, "opportunity-hours-invalid")),
    }
}

/// Skills wanted, one per line or separated by commas: trimmed, blanks and
/// repeats dropped, at most [`SKILLS_MAX`] of at most [`SKILL_MAX_CHARS`].
pub fn parse_skills(field: &'static str, s: &str) -> Result<Vec<String>, FieldError> {
    let mut skills: Vec<String> = Vec::new();
    for skill in s.split([',', '\n']).map(str::trim).filter(|s| !s.is_empty()) {
        if skill.chars().count() > SKILL_MAX_CHARS || skill.chars().any(char::is_control) {
            return Err(FieldError::new(field, "opportunity-skill-invalid"));
        }
        if !skills.iter().any(|k| k.eq_ignore_ascii_case(skill)) {
            skills.push(skill.to_string());
        }
    }
    if skills.len() > SKILLS_MAX {
        return Err(FieldError::new(field, "opportunity-skills-too-many"));
    }
    Ok(skills)
}

/// A minimum age: blank, or 10 to 100.
pub fn parse_min_age(field: &'static str, s: &str) -> Result<Option<i64>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(a) if (10..=100).contains(&a) => Ok(Some(a)),
        _ => Err(FieldError::new(field, "opportunity-min-age-invalid")),
    }
}

/// A one-line text (location, "suitable for", time in words): trimmed and bounded.
pub fn parse_line(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    if s.chars().count() > SHORT_TEXT_MAX {
        return Err(FieldError::new(field, "opportunity-text-too-long"));
    }
    if s.chars().any(char::is_control) {
        return Err(FieldError::new(field, "opportunity-text-invalid"));
    }
    Ok(s.to_string())
}

/// A calendar date `YYYY-MM-DD`, as unix seconds at its start (UTC).
pub fn parse_date(field: &'static str, s: &str) -> Result<Option<i64>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &format)
        .map(|d| Some(d.midnight().assume_utc().unix_timestamp()))
        .map_err(|_| FieldError::new(field, "opportunity-date-invalid"))
}

/// The start (UTC) of the day holding `unix`.
pub fn day_start(unix: i64) -> i64 {
    unix - unix.rem_euclid(86_400)
}

/// An opportunity as submitted, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct OpportunityInput {
    pub title: String,
    pub description: String,
    pub commitment_kind: String,
    pub commitment_hours: String,
    pub commitment_text: String,
    pub skills: String,
    pub no_experience_needed: bool,
    pub min_age: String,
    pub suitable_for: String,
    pub location: String,
    pub remote: bool,
    pub closes_on: String,
    pub status: String,
}

/// An opportunity that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedOpportunity {
    pub title: String,
    /// Markdown, as written; rendered through a sanitiser when shown.
    pub description: String,
    pub commitment_kind: CommitmentKind,
    pub commitment_hours: Option<i64>,
    pub commitment_text: String,
    pub skills: Vec<String>,
    pub no_experience_needed: bool,
    pub min_age: Option<i64>,
    pub suitable_for: String,
    pub location: String,
    pub remote: bool,
    pub closes_on: Option<i64>,
    pub status: Status,
}

/// Check every field, reporting every problem at once. `now` is unix
/// seconds; `previous_closes_on` is the stored closing date when editing,
/// which may stay as it is even once it has passed.
pub fn check(
    input: &OpportunityInput,
    now: i64,
    previous_closes_on: Option<i64>,
) -> Result<CheckedOpportunity, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(Title::parse("title", &input.title, TITLE_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("title", "opportunity-title-required"),
        "name-too-long" => FieldError::new("title", "opportunity-title-too-long"),
        _ => FieldError::new("title", "opportunity-text-invalid"),
    }));
    let description = errors.check(parse_description("description", &input.description, DESCRIPTION_MAX));
    let kind = if input.commitment_kind.trim().is_empty() {
        Some(CommitmentKind::Flexible)
    } else {
        errors.check(CommitmentKind::parse("commitment_kind", &input.commitment_kind))
    };
    let hours = errors.check(parse_hours("commitment_hours", &input.commitment_hours));
    let commitment_text = errors.check(parse_line("commitment_text", &input.commitment_text));
    let skills = errors.check(parse_skills("skills", &input.skills));
    let min_age = errors.check(parse_min_age("min_age", &input.min_age));
    let suitable_for = errors.check(parse_line("suitable_for", &input.suitable_for));
    let location = errors.check(parse_line("location", &input.location));
    let closes_on = errors.check(parse_date("closes_on", &input.closes_on));
    if let Some(Some(date)) = closes_on {
        if date < day_start(now) && Some(date) != previous_closes_on {
            errors.push("closes_on", "opportunity-closes-in-past");
        }
    }
    let status = if input.status.trim().is_empty() {
        Some(Status::Published)
    } else {
        errors.check(Status::parse("status", &input.status))
    };
    if let (Some(l), false) = (&location, input.remote) {
        if l.is_empty() {
            errors.push("location", "opportunity-location-required");
        }
    }
    match (title, description, kind, hours, commitment_text, skills, min_age, suitable_for, location, closes_on, status)
    {
        (
            Some(title),
            Some(description),
            Some(commitment_kind),
            Some(commitment_hours),
            Some(commitment_text),
            Some(skills),
            Some(min_age),
            Some(suitable_for),
            Some(location),
            Some(closes_on),
            Some(status),
        ) if errors.is_empty() => Ok(CheckedOpportunity {
            title: title.as_str().to_string(),
            description,
            commitment_kind,
            commitment_hours,
            commitment_text,
            skills,
            no_experience_needed: input.no_experience_needed,
            min_age,
            suitable_for,
            location,
            remote: input.remote,
            closes_on,
            status,
        }),
        _ => Err(errors),
    }
}

/// A message to or from a volunteer: required, bounded.
pub fn parse_message(field: &'static str, s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "opportunity-message-required"));
    }
    if s.chars().count() > MESSAGE_MAX {
        return Err(FieldError::new(field, "opportunity-message-too-long"));
    }
    Ok(s.replace("\r\n", "\n"))
}

/// Whether volunteers may still come forward.
pub fn is_open(status: Status, closes_on: Option<i64>, now: i64) -> bool {
    status == Status::Published && closes_on.is_none_or(|d| d >= day_start(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;

    fn input() -> OpportunityInput {
        OpportunityInput {
            title: "Food share driver".into(),
            location: "Community centre".into(),
            ..OpportunityInput::default()
        }
    }

    #[test]
    fn a_minimal_opportunity_is_published_and_flexible() {
        let c = check(&input(), NOW, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.status, Status::Published);
        assert_eq!(c.commitment_kind, CommitmentKind::Flexible);
        assert!(c.skills.is_empty());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = OpportunityInput {
            title: " ".into(),
            commitment_kind: "yearly".into(),
            commitment_hours: "0".into(),
            min_age: "3".into(),
            closes_on: "2001-01-01".into(),
            status: "archived".into(),
            ..OpportunityInput::default()
        };
        let errs = check(&bad, NOW, None).err().map(|e| e.0).unwrap_or_default();
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        for f in ["title", "commitment_kind", "commitment_hours", "min_age", "closes_on", "status", "location"] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn a_past_closing_date_may_stay_when_editing() {
        let mut i = input();
        i.closes_on = "2001-01-01".into();
        let past = parse_date("closes_on", "2001-01-01").ok().flatten();
        assert!(check(&i, NOW, None).is_err());
        assert!(check(&i, NOW, past).is_ok());
        i.closes_on = "2099-12-31".into();
        assert!(check(&i, NOW, None).is_ok());
    }

    #[test]
    fn remote_roles_need_no_location() {
        let mut i = input();
        i.location.clear();
        assert!(check(&i, NOW, None).is_err());
        i.remote = true;
        assert!(check(&i, NOW, None).is_ok());
    }

    #[test]
    fn skills_are_split_deduplicated_and_bounded() {
        assert_eq!(parse_skills("s", "Driving, driving\nLifting ,"), Ok(vec!["Driving".into(), "Lifting".into()]));
        let many = (0..11).map(|i| format!("skill {i}")).collect::<Vec<_>>().join(",");
        assert!(parse_skills("s", &many).is_err());
        assert!(parse_skills("s", &"x".repeat(41)).is_err());
    }

    #[test]
    fn open_means_published_and_not_past_closing() {
        assert!(is_open(Status::Published, None, NOW));
        assert!(is_open(Status::Published, Some(day_start(NOW)), NOW));
        assert!(!is_open(Status::Published, Some(day_start(NOW) - 1), NOW));
        assert!(!is_open(Status::Draft, None, NOW));
        assert!(!is_open(Status::Closed, None, NOW));
    }

    #[test]
    fn messages_are_required_and_bounded() {
        assert!(parse_message("m", "  ").is_err());
        assert!(parse_message("m", &"a".repeat(MESSAGE_MAX + 1)).is_err());
        assert_eq!(parse_message("m", "Hello\r\nthere"), Ok("Hello\nthere".into()));
    }
}
