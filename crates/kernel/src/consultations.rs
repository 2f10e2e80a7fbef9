//! Consultations: a verified public body asks a place questions (free
//! text, a choice, a scale of 1 to 5) for a period, with a purpose
//! statement; residents respond once each; when it closes the body
//! publishes its response. Responses are never shown one by one, to the
//! body or anyone: what was heard leaves only as aggregates.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, FieldErrors};
use crate::places::Title;

pub const TITLE_MAX: usize = 150;
pub const PURPOSE_MAX: usize = 4000;
pub const PROMPT_MAX: usize = 300;
pub const OPTION_MAX: usize = 120;
pub const QUESTIONS_MAX: usize = 20;
pub const ANSWER_MAX: usize = 2000;
pub const RESPONSE_MAX: usize = 8000;
pub const SCALE_MAX: u8 = 5;
/// A consultation runs at most this long.
pub const DURATION_MAX_DAYS: i64 = 120;
const DAY: i64 = 86_400;

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Question {
    Text {
        prompt: String,
    },
    Choice {
        prompt: String,
        options: Vec<String>,
    },
    /// 1 (least) to 5 (most).
    Scale {
        prompt: String,
    },
}

impl Question {
    pub fn prompt(&self) -> &str {
        match self {
            Question::Text { prompt } | Question::Choice { prompt, .. } | Question::Scale { prompt } => prompt,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Question::Text { .. } => "text",
            Question::Choice { .. } => "choice",
            Question::Scale { .. } => "scale",
        }
    }
}

fn clean(s: &str, max: usize) -> Option<String> {
    let s = s.trim();
    (!s.is_empty() && s.chars().count() <= max && !s.chars().any(char::is_control)).then(|| s.to_string())
}

/// Questions written one per line, which works in a plain text box:
/// `text: What would make the park safer?`,
/// `scale: How safe do you feel there?`,
/// `choice: How often do you go? | Daily | Weekly | Rarely`.
pub fn parse_questions(field: &'static str, s: &str) -> Result<Vec<Question>, FieldError> {
    let mut out = Vec::new();
    for line in s.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (kind, rest) = line.split_once(':').ok_or(FieldError::new(field, "consultation-question-invalid"))?;
        let q = match kind.trim().to_lowercase().as_str() {
            "text" => Question::Text {
                prompt: clean(rest, PROMPT_MAX).ok_or(FieldError::new(field, "consultation-question-invalid"))?,
            },
            "scale" => Question::Scale {
                prompt: clean(rest, PROMPT_MAX).ok_or(FieldError::new(field, "consultation-question-invalid"))?,
            },
            "choice" => {
                let mut parts = rest.split('|');
                let prompt = parts
                    .next()
                    .and_then(|p| clean(p, PROMPT_MAX))
                    .ok_or(FieldError::new(field, "consultation-question-invalid"))?;
                let options: Vec<String> = parts.filter_map(|o| clean(o, OPTION_MAX)).collect();
                if options.len() < 2 {
                    return Err(FieldError::new(field, "consultation-choice-options"));
                }
                Question::Choice { prompt, options }
            }
            _ => return Err(FieldError::new(field, "consultation-question-kind")),
        };
        out.push(q);
    }
    if out.is_empty() {
        return Err(FieldError::new(field, "consultation-questions-required"));
    }
    if out.len() > QUESTIONS_MAX {
        return Err(FieldError::new(field, "consultation-questions-too-many"));
    }
    Ok(out)
}

/// The same questions written back in the line format (for the form).
pub fn write_questions(qs: &[Question]) -> String {
    qs.iter()
        .map(|q| match q {
            Question::Text { prompt } => format!("text: {prompt}"),
            Question::Scale { prompt } => format!("scale: {prompt}"),
            Question::Choice { prompt, options } => format!("choice: {prompt} | {}", options.join(" | ")),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Debug, Clone, Default)]
pub struct ConsultationInput {
    pub title: String,
    pub purpose: String,
    pub questions: String,
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

/// Check every field, reporting every problem at once. The purpose is required:
/// people are told what their answers are for before they give them.
pub fn check(input: &ConsultationInput, now: i64) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(Title::parse("title", &input.title, TITLE_MAX).map_err(|e| match e.code {
        "name-required" => FieldError::new("title", "consultation-title-required"),
        _ => FieldError::new("title", "consultation-text-too-long"),
    }));
    let purpose = input.purpose.trim().replace("\r\n", "\n");
    if purpose.is_empty() {
        errors.push("purpose", "consultation-purpose-required");
    } else if purpose.chars().count() > PURPOSE_MAX {
        errors.push("purpose", "consultation-text-too-long");
    }
    let questions = errors.check(parse_questions("questions", &input.questions));
    let today = now - now.rem_euclid(DAY);
    let format = time::macros::format_description!("[year]-[month]-[day]");
    let closes_at = match time::Date::parse(input.closes_on.trim(), &format) {
        Ok(d) => {
            let day = d.midnight().assume_utc().unix_timestamp();
            if day < today {
                errors.push("closes_on", "consultation-closes-in-past");
                None
            } else if day > today + DURATION_MAX_DAYS * DAY {
                errors.push("closes_on", "consultation-closes-too-far");
                None
            } else {
                Some(day + DAY - 1)
            }
        }
        Err(_) => {
            errors.push("closes_on", "consultation-date-invalid");
            None
        }
    };
    match (title, questions, closes_at) {
        (Some(t), Some(questions), Some(closes_at)) if errors.is_empty() => {
            Ok(Checked { title: t.as_str().to_string(), purpose, questions, opens_at: now, closes_at })
        }
        _ => Err(errors),
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Skipped,
    Text(String),
    /// A choice's option position, or a scale point (1–5).
    Number(u8),
}

/// Check one response: one entry per question, each blank (skipped) or a
/// fitting answer; at least one answered.
pub fn check_answers(questions: &[Question], given: &[String]) -> Result<Vec<Answer>, FieldError> {
    let field = "answers";
    if given.len() != questions.len() {
        return Err(FieldError::new(field, "consultation-answers-count"));
    }
    let mut out = Vec::with_capacity(given.len());
    for (q, a) in questions.iter().zip(given) {
        let a = a.trim();
        if a.is_empty() {
            out.push(Answer::Skipped);
            continue;
        }
        out.push(match q {
            Question::Text { .. } => {
                if a.chars().count() > ANSWER_MAX {
                    return Err(FieldError::new(field, "consultation-answer-too-long"));
                }
                Answer::Text(a.replace("\r\n", "\n"))
            }
            Question::Choice { options, .. } => match a.parse::<u8>() {
                Ok(n) if usize::from(n) < options.len() => Answer::Number(n),
                _ => return Err(FieldError::new(field, "consultation-answer-invalid")),
            },
            Question::Scale { .. } => match a.parse::<u8>() {
                Ok(n) if (1..=SCALE_MAX).contains(&n) => Answer::Number(n),
                _ => return Err(FieldError::new(field, "consultation-answer-invalid")),
            },
        });
    }
    if out.iter().all(|a| *a == Answer::Skipped) {
        return Err(FieldError::new(field, "consultation-answers-none"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_651_200; // 2026-11-26

    #[test]
    fn questions_are_read_line_by_line() {
        let qs = parse_questions(
            "questions",
            "text: What would make the park safer?\nscale: How safe do you feel?\n\nchoice: How often? | Daily | Weekly",
        )
        .unwrap();
        assert_eq!(qs.len(), 3);
        assert_eq!(
            qs[2],
            Question::Choice { prompt: "How often?".into(), options: vec!["Daily".into(), "Weekly".into()] }
        );
        assert_eq!(parse_questions("q", &write_questions(&qs)).unwrap(), qs);
        assert_eq!(parse_questions("q", "choice: Only one | A").unwrap_err().code, "consultation-choice-options");
        assert_eq!(parse_questions("q", "poll: What?").unwrap_err().code, "consultation-question-kind");
        assert_eq!(parse_questions("q", "What?").unwrap_err().code, "consultation-question-invalid");
    }

    #[test]
    fn answers_fit_their_questions() {
        let qs = parse_questions("q", "text: Why?\nscale: How much?\nchoice: Which? | A | B").unwrap();
        let ok = check_answers(&qs, &["Because".into(), "4".into(), "".into()]).unwrap();
        assert_eq!(ok, vec![Answer::Text("Because".into()), Answer::Number(4), Answer::Skipped]);
        assert!(check_answers(&qs, &["".into(), "6".into(), "".into()]).is_err());
        assert!(check_answers(&qs, &["".into(), "".into(), "2".into()]).is_err());
        assert_eq!(
            check_answers(&qs, &["".into(), "".into(), "".into()]).unwrap_err().code,
            "consultation-answers-none"
        );
    }

    #[test]
    fn a_purpose_is_required() {
        let input = ConsultationInput {
            title: "Brixton Hill park".into(),
            purpose: " ".into(),
            questions: "text: What would you change?".into(),
            closes_on: "2026-12-20".into(),
        };
        let fields: Vec<&str> = check(&input, NOW).unwrap_err().0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["purpose"]);
    }
}
