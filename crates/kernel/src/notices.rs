//! Notices: short public announcements by a group ("Food bank closed on
//! Monday"), or by a place's stewards for the whole place ("Road closure on
//! High Street"). A notice may expire: after that it leaves every list, but
//! its own page still answers, marked as expired.

use chrono::{DateTime, NaiveDateTime};
use chrono_tz::Tz;

use crate::errors::{FieldError, FieldErrors};
use crate::places::{parse_description, Title};

pub const TITLE_MAX: usize = 120;
/// A notice is short; anything longer belongs in a campaign or a proposal.
pub const BODY_MAX: usize = 4000;

/// A notice as submitted, not yet checked.
#[derive(Debug, Clone, Default)]
pub struct NoticeInput {
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Blank (never expires), an RFC 3339 time, or `YYYY-MM-DDTHH:MM` in
    /// the node's time zone (what a `datetime-local` field sends).
    pub expires_at: String,
}

/// A notice that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedNotice {
    pub title: String,
    /// Markdown, as written; rendered through the sanitiser when shown.
    pub body: String,
    /// Unix seconds.
    pub expires_at: Option<i64>,
}

/// When a notice expires: blank, an RFC 3339 time, or a local wall-clock
/// time `YYYY-MM-DDTHH:MM[:SS]` in `zone`.
pub fn parse_expiry(field: &'static str, s: &str, zone: Tz) -> Result<Option<i64>, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(Some(t.timestamp()));
    }
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .and_then(|local| crate::events::local_to_unix(zone, local))
        .map(Some)
        .ok_or(FieldError::new(field, "notice-expiry-invalid"))
}

/// An expiry as the form shows it: `YYYY-MM-DDTHH:MM` in `zone`.
pub fn expiry_input(unix: i64, zone: Tz) -> String {
    crate::events::unix_to_local(zone, unix).format("%Y-%m-%dT%H:%M").to_string()
}

/// Check every field, reporting every problem at once. `now` is unix
/// seconds; `previous_expiry` is the stored expiry when editing, which may
/// stay as it is even once it has passed (the notice is edited, not revived).
pub fn check(
    input: &NoticeInput,
    now: i64,
    zone: Tz,
    previous_expiry: Option<i64>,
) -> Result<CheckedNotice, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(Title::parse("title", &input.title, TITLE_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("title", "notice-title-required"),
        "name-too-long" => FieldError::new("title", "notice-title-too-long"),
        _ => FieldError::new("title", "notice-title-invalid"),
    }));
    let body = errors.check(
        parse_description("body", &input.body, BODY_MAX).map_err(|_| FieldError::new("body", "notice-body-too-long")),
    );
    let expires_at =
        errors.check(parse_expiry("expires_at", &input.expires_at, zone)).map(|at| match (at, previous_expiry) {
            // The form shows minutes: the same minute as stored is the stored
            // time, so an edit neither moves it nor counts it as new.
            (Some(at), Some(previous)) if at.div_euclid(60) == previous.div_euclid(60) => Some(previous),
            (at, _) => at,
        });
    if let Some(Some(at)) = expires_at {
        if at <= now && Some(at) != previous_expiry {
            errors.push("expires_at", "notice-expiry-in-past");
        }
    }
    match (title, body, expires_at) {
        (Some(title), Some(body), Some(expires_at)) if errors.is_empty() => {
            Ok(CheckedNotice { title: title.as_str().to_string(), body, expires_at })
        }
        _ => Err(errors),
    }
}

/// Whether a notice has expired at `now`.
pub fn is_expired(expires_at: Option<i64>, now: i64) -> bool {
    expires_at.is_some_and(|at| at <= now)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;
    const LONDON: Tz = chrono_tz::Europe::London;

    fn input(title: &str, body: &str, expires_at: &str) -> NoticeInput {
        NoticeInput { title: title.into(), body: body.into(), expires_at: expires_at.into() }
    }

    fn fields(r: Result<CheckedNotice, FieldErrors>) -> Vec<(&'static str, &'static str)> {
        r.err().map(|e| e.0.iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default()
    }

    #[test]
    fn a_plain_notice_never_expires() {
        let c = check(&input(" Bins on Thursday ", "Collection moved.\r\n", ""), NOW, LONDON, None);
        assert_eq!(
            c,
            Ok(CheckedNotice { title: "Bins on Thursday".into(), body: "Collection moved.".into(), expires_at: None })
        );
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let long_body = "x".repeat(BODY_MAX + 1);
        let got = fields(check(&input(" ", &long_body, "2001-01-01T10:00"), NOW, LONDON, None));
        assert_eq!(
            got,
            vec![
                ("title", "notice-title-required"),
                ("body", "notice-body-too-long"),
                ("expires_at", "notice-expiry-in-past")
            ]
        );
        let got = fields(check(&input(&"t".repeat(TITLE_MAX + 1), "", "soon"), NOW, LONDON, None));
        assert_eq!(got, vec![("title", "notice-title-too-long"), ("expires_at", "notice-expiry-invalid")]);
    }

    #[test]
    fn expiry_is_local_time_or_rfc3339() {
        // 1 July: London is on summer time, an hour ahead of UTC.
        assert_eq!(parse_expiry("e", "2026-07-01T10:00", LONDON), Ok(Some(1_782_896_400)));
        assert_eq!(parse_expiry("e", "2026-07-01T09:00:00Z", LONDON), Ok(Some(1_782_896_400)));
        assert_eq!(expiry_input(1_782_896_400, LONDON), "2026-07-01T10:00");
        // The hour skipped when clocks go forward does not exist.
        assert!(parse_expiry("e", "2026-03-29T01:30", LONDON).is_err());
    }

    #[test]
    fn a_past_expiry_may_stay_when_editing() {
        let past = parse_expiry("e", "2001-01-01T10:00", LONDON).ok().flatten();
        let i = input("Closed", "", "2001-01-01T10:00");
        assert!(check(&i, NOW, LONDON, None).is_err());
        assert!(check(&i, NOW, LONDON, past).is_ok());
        // Stored to the second (from the API), shown to the minute (in the form): still the same.
        let stored = past.map(|t| t + 42);
        assert_eq!(check(&i, NOW, LONDON, stored).map(|c| c.expires_at), Ok(stored));
        assert!(is_expired(past, NOW));
        assert!(!is_expired(None, NOW));
        assert!(!is_expired(Some(NOW + 1), NOW));
    }
}
