//! Surveys: a group's admins (or a place's stewards) ask the people of a
//! place questions of the same kinds as consultations, for a period, with a
//! purpose. Residents respond once; a response carries only the answers, a
//! self-declared area (a place within the survey's place, or none) and the
//! month it was given — coarse on purpose, for insight releases to count.
//! Questions, answers and their checks are those of consultations.

use crate::consultations::{self, ConsultationInput, Question};
use crate::errors::{FieldError, FieldErrors};

const DAY: i64 = 86_400;

#[derive(Debug, Clone, Default)]
pub struct SurveyInput {
    pub title: String,
    pub purpose: String,
    /// One per line, as for consultations.
    pub questions: String,
    /// `YYYY-MM-DD`, or blank for today.
    pub opens_on: String,
    /// `YYYY-MM-DD`: the last day to respond.
    pub closes_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub title: String,
    pub purpose: String,
    pub questions: Vec<Question>,
    pub opens_at: i64,
    pub closes_at: i64,
}

/// Check every field, reporting every problem at once (title, purpose,
/// questions and last day as for a consultation; a first day, if given, from
/// today up to the last day).
pub fn check(input: &SurveyInput, now: i64) -> Result<Checked, FieldErrors> {
    let as_consultation = ConsultationInput {
        title: input.title.clone(),
        purpose: input.purpose.clone(),
        questions: input.questions.clone(),
        closes_on: input.closes_on.clone(),
    };
    let checked = consultations::check(&as_consultation, now);
    let today = now - now.rem_euclid(DAY);
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let opens_at = match input.opens_on.trim() {
        "" => Ok(now),
        s => match time::Date::parse(s, &format) {
            Ok(d) => {
                let day = d.midnight().assume_utc().unix_timestamp();
                if day < today {
                    Err(FieldError::new("opens_on", "survey-opens-in-past"))
                } else {
                    Ok(day.max(now))
                }
            }
            Err(_) => Err(FieldError::new("opens_on", "consultation-date-invalid")),
        },
    };
    match (checked, opens_at) {
        (Ok(c), Ok(opens_at)) if opens_at <= c.closes_at => {
            Ok(Checked { title: c.title, purpose: c.purpose, questions: c.questions, opens_at, closes_at: c.closes_at })
        }
        (Ok(_), Ok(_)) => {
            let mut errors = FieldErrors::new();
            errors.push("opens_on", "survey-opens-after-close");
            Err(errors)
        }
        (checked, opens_at) => {
            let mut errors = checked.err().unwrap_or_default();
            if let Err(e) = opens_at {
                // Keep the order of the form's fields: the first day comes before the last.
                let at = errors.0.iter().position(|f| f.field == "closes_on").unwrap_or(errors.0.len());
                errors.0.insert(at, e);
            }
            Err(errors)
        }
    }
}

pub fn is_open(opens_at: i64, closes_at: i64, now: i64) -> bool {
    opens_at <= now && now <= closes_at
}

/// The calendar month of `unix` as `YYYY-MM`: all a response says of when.
pub fn period(unix: i64) -> String {
    let d = time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// A self-declared area: blank, or one of the places within the survey's
/// place (`areas`, their slugs).
pub fn check_area(given: &str, areas: &[String]) -> Result<String, FieldError> {
    let given = given.trim();
    if given.is_empty() || areas.iter().any(|a| a == given) {
        Ok(given.to_string())
    } else {
        Err(FieldError::new("area", "survey-area-invalid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_651_200; // 2026-11-26

    fn input() -> SurveyInput {
        SurveyInput {
            title: "Loughborough estate: how is the heating?".into(),
            purpose: "The tenants' association takes the totals to the housing office.".into(),
            questions: "scale: How warm is your flat?\nchoice: Any damp? | Yes | No".into(),
            opens_on: String::new(),
            closes_on: "2026-12-20".into(),
        }
    }

    #[test]
    fn a_survey_opens_today_unless_told_and_never_after_it_closes() {
        let c = check(&input(), NOW).unwrap();
        assert_eq!((c.opens_at, c.questions.len()), (NOW, 2));
        let later = check(&SurveyInput { opens_on: "2026-12-01".into(), ..input() }, NOW).unwrap();
        assert_eq!(later.opens_at, 1_796_083_200);
        let codes = |i: SurveyInput| -> Vec<(&str, &str)> {
            check(&i, NOW).unwrap_err().0.iter().map(|e| (e.field, e.code)).collect()
        };
        assert_eq!(
            codes(SurveyInput { opens_on: "2026-12-21".into(), ..input() }),
            [("opens_on", "survey-opens-after-close")]
        );
        assert_eq!(
            codes(SurveyInput { opens_on: "2026-11-01".into(), ..input() }),
            [("opens_on", "survey-opens-in-past")]
        );
        assert_eq!(
            codes(SurveyInput { title: " ".into(), opens_on: "soon".into(), closes_on: "x".into(), ..input() }),
            [
                ("title", "consultation-title-required"),
                ("opens_on", "consultation-date-invalid"),
                ("closes_on", "consultation-date-invalid")
            ]
        );
    }

    #[test]
    fn a_response_says_only_the_month() {
        assert_eq!(period(NOW), "2026-11");
        assert_eq!(period(1_798_761_599), "2026-12");
        assert_eq!(period(1_798_761_600), "2027-01");
    }

    #[test]
    fn an_area_is_blank_or_a_place_within() {
        let areas = vec!["loughborough-estate".to_string()];
        assert_eq!(check_area(" ", &areas).unwrap(), "");
        assert_eq!(check_area("loughborough-estate", &areas).unwrap(), "loughborough-estate");
        assert_eq!(check_area("elsewhere", &areas).unwrap_err().code, "survey-area-invalid");
    }
}
