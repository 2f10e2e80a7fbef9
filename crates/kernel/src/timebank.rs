//! The time bank: an hour given is an hour earned, whatever the task. The
//! giver records the time, the receiver confirms it; disputes are flagged,
//! mistakes corrected by new entries. Like a savings circle's ledger it only
//! grows, and [`apply`] is the one way an entry is added.

use serde::Serialize;

use crate::errors::{DomainError, FieldError, FieldErrors};
use crate::ids::PersonId;

/// The most one entry may record: a long day.
pub const MINUTES_MAX: i64 = 12 * 60;
pub const DESCRIPTION_MAX: usize = 200;
pub const NOTE_MAX: usize = 500;
const DAY: i64 = 86_400;

/// Hours as people write them (`1`, `1.5`, `0.25`), in whole quarter hours,
/// as minutes.
pub fn parse_hours(field: &'static str, s: &str) -> Result<i64, FieldError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "timebank-hours-required"));
    }
    if s.starts_with('-') {
        return Err(FieldError::new(field, "timebank-hours-not-positive"));
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) || whole.len() > 4 || frac.len() > 2 {
        return Err(FieldError::new(field, "timebank-hours-invalid"));
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| FieldError::new(field, "timebank-hours-invalid"))?
    };
    let hundredths: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| FieldError::new(field, "timebank-hours-invalid"))? * 10,
        _ => frac.parse().map_err(|_| FieldError::new(field, "timebank-hours-invalid"))?,
    };
    if hundredths % 25 != 0 {
        return Err(FieldError::new(field, "timebank-hours-quarters"));
    }
    let minutes = whole * 60 + hundredths * 60 / 100;
    if minutes <= 0 {
        return Err(FieldError::new(field, "timebank-hours-not-positive"));
    }
    if minutes > MINUTES_MAX {
        return Err(FieldError::new(field, "timebank-hours-too-many"));
    }
    Ok(minutes)
}

/// Minutes as hours for people: `90` → `1.5`.
pub fn hours(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.abs();
    match m % 60 {
        0 => format!("{sign}{}", m / 60),
        r => format!("{sign}{}.{}", m / 60, format!("{:02}", r * 100 / 60).trim_end_matches('0')),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// "I gave this time": recorded by the giver.
    Record,
    /// "They did": the receiver.
    Confirmation,
    /// "That is not right": the receiver; flagged, never overwritten.
    Dispute,
    /// Cancels a record made in error: the giver, before it is confirmed.
    Correction,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Record, Kind::Confirmation, Kind::Dispute, Kind::Correction];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Record => "record",
            Kind::Confirmation => "confirmation",
            Kind::Dispute => "dispute",
            Kind::Correction => "correction",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub kind: Kind,
    pub giver: PersonId,
    pub receiver: PersonId,
    /// The time given (records only; 0 otherwise).
    pub minutes: i64,
    pub description: String,
    pub done_on: Option<i64>,
    pub recorded_by: PersonId,
    pub refers_to: Option<String>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Op {
    Record { by: PersonId, to: PersonId, minutes: i64, done_on: i64, description: String },
    Confirm { by: PersonId, entry: String },
    Dispute { by: PersonId, entry: String, note: String },
    Correct { by: PersonId, entry: String, note: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Recorded,
    Disputed,
    Confirmed,
    Corrected,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Recorded => "recorded",
            State::Disputed => "disputed",
            State::Confirmed => "confirmed",
            State::Corrected => "corrected",
        }
    }
}

pub fn state(entries: &[Entry], id: &str) -> State {
    let about = |k: Kind| entries.iter().any(|e| e.kind == k && e.refers_to.as_deref() == Some(id));
    if about(Kind::Correction) {
        State::Corrected
    } else if about(Kind::Confirmation) {
        State::Confirmed
    } else if about(Kind::Dispute) {
        State::Disputed
    } else {
        State::Recorded
    }
}

fn note(s: &str) -> Result<String, FieldError> {
    let s = s.trim();
    if s.chars().count() > NOTE_MAX {
        return Err(FieldError::new("note", "timebank-text-too-long"));
    }
    Ok(s.to_string())
}

/// Decide whether `op` may be added, given the entries it could be about
/// (those of the two people concerned), and make the entry with `id`.
pub fn apply(entries: &[Entry], op: &Op, id: String, today: i64) -> Result<Entry, DomainError> {
    match op {
        Op::Record { by, to, minutes, done_on, description } => {
            let mut errors = FieldErrors::new();
            if by == to {
                errors.push("with", "timebank-self");
            }
            if !(1..=MINUTES_MAX).contains(minutes) {
                errors.push("hours", "timebank-hours-too-many");
            }
            if *done_on > today - today.rem_euclid(DAY) {
                errors.push("done_on", "timebank-done-on-future");
            }
            let description = description.trim();
            if description.is_empty() {
                errors.push("description", "timebank-description-required");
            } else if description.chars().count() > DESCRIPTION_MAX || description.chars().any(char::is_control) {
                errors.push("description", "timebank-text-too-long");
            }
            errors.into_result()?;
            Ok(Entry {
                id,
                kind: Kind::Record,
                giver: *by,
                receiver: *to,
                minutes: *minutes,
                description: description.to_string(),
                done_on: Some(*done_on),
                recorded_by: *by,
                refers_to: None,
                note: String::new(),
            })
        }
        Op::Confirm { by, entry } | Op::Dispute { by, entry, .. } | Op::Correct { by, entry, .. } => {
            let r = entries
                .iter()
                .find(|e| e.id == *entry && e.kind == Kind::Record && (e.giver == *by || e.receiver == *by))
                .ok_or(DomainError::NotFound)?;
            let st = state(entries, &r.id);
            if st == State::Corrected {
                return Err(DomainError::Conflict("timebank-corrected"));
            }
            let (kind, note) = match op {
                Op::Confirm { .. } => {
                    if r.receiver != *by {
                        return Err(DomainError::Forbidden("timebank-receiver-only"));
                    }
                    if st == State::Confirmed {
                        return Err(DomainError::Conflict("timebank-already-confirmed"));
                    }
                    (Kind::Confirmation, String::new())
                }
                Op::Dispute { note: n, .. } => {
                    if r.receiver != *by {
                        return Err(DomainError::Forbidden("timebank-receiver-only"));
                    }
                    if st != State::Recorded {
                        return Err(DomainError::Conflict("timebank-not-waiting"));
                    }
                    (Kind::Dispute, note(n)?)
                }
                Op::Correct { note: n, .. } => {
                    if r.giver != *by {
                        return Err(DomainError::Forbidden("timebank-giver-only"));
                    }
                    if st == State::Confirmed {
                        return Err(DomainError::Conflict("timebank-already-confirmed"));
                    }
                    (Kind::Correction, note(n)?)
                }
                Op::Record { .. } => return Err(DomainError::NotFound),
            };
            Ok(Entry {
                id,
                kind,
                giver: r.giver,
                receiver: r.receiver,
                minutes: 0,
                description: String::new(),
                done_on: None,
                recorded_by: *by,
                refers_to: Some(r.id.clone()),
                note,
            })
        }
    }
}

/// A person's balance in minutes: confirmed time given minus confirmed time
/// received. Over everyone, balances sum to zero.
pub fn balance(entries: &[Entry], person: PersonId) -> i64 {
    entries
        .iter()
        .filter(|e| e.kind == Kind::Record && state(entries, &e.id) == State::Confirmed)
        .map(|e| {
            if e.giver == person {
                e.minutes
            } else if e.receiver == person {
                -e.minutes
            } else {
                0
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const TODAY: i64 = 1_795_651_200;

    #[test]
    fn hours_are_quarter_hours_within_a_day() {
        assert_eq!(parse_hours("h", "1.5"), Ok(90));
        assert_eq!(parse_hours("h", "0.25"), Ok(15));
        assert_eq!(parse_hours("h", "2"), Ok(120));
        let code = |s: &str| parse_hours("h", s).err().map(|e| e.code);
        assert_eq!(code("0"), Some("timebank-hours-not-positive"));
        assert_eq!(code("-1"), Some("timebank-hours-not-positive"));
        assert_eq!(code("1.1"), Some("timebank-hours-quarters"));
        assert_eq!(code("13"), Some("timebank-hours-too-many"));
        assert_eq!(code("lots"), Some("timebank-hours-invalid"));
        assert_eq!(hours(90), "1.5");
        assert_eq!(hours(15), "0.25");
        assert_eq!(hours(-120), "-2");
    }

    #[derive(Debug, Clone)]
    enum Step {
        Record { by: usize, to: usize, quarters: i64 },
        Confirm { by: usize, pick: usize },
        Dispute { by: usize, pick: usize },
        Correct { by: usize, pick: usize },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0usize..4, 0usize..4, 0i64..60).prop_map(|(by, to, quarters)| Step::Record { by, to, quarters }),
            (0usize..4, any::<usize>()).prop_map(|(by, pick)| Step::Confirm { by, pick }),
            (0usize..4, any::<usize>()).prop_map(|(by, pick)| Step::Dispute { by, pick }),
            (0usize..4, any::<usize>()).prop_map(|(by, pick)| Step::Correct { by, pick }),
        ]
    }

    proptest! {
        /// Whatever arrives in whatever order: entries are only added, each
        /// record is confirmed at most once and only by its receiver, and
        /// the balances of everyone always sum to zero.
        #[test]
        fn the_time_bank_invariants_hold(steps in prop::collection::vec(step(), 0..80)) {
            let people: Vec<PersonId> = (0..4).map(|_| PersonId::new()).collect();
            let mut entries: Vec<Entry> = Vec::new();
            for (n, s) in steps.iter().enumerate() {
                let pick = |p: usize| {
                    let r: Vec<&Entry> = entries.iter().filter(|e| e.kind == Kind::Record).collect();
                    if r.is_empty() { "none".to_string() } else { r[p % r.len()].id.clone() }
                };
                let op = match *s {
                    Step::Record { by, to, quarters } => Op::Record {
                        by: people[by], to: people[to], minutes: quarters * 15, done_on: TODAY, description: "help".into(),
                    },
                    Step::Confirm { by, pick: p } => Op::Confirm { by: people[by], entry: pick(p) },
                    Step::Dispute { by, pick: p } => Op::Dispute { by: people[by], entry: pick(p), note: String::new() },
                    Step::Correct { by, pick: p } => Op::Correct { by: people[by], entry: pick(p), note: String::new() },
                };
                let before = entries.clone();
                if let Ok(e) = apply(&entries, &op, format!("e{n}"), TODAY) {
                    if e.kind == Kind::Confirmation {
                        let r = entries.iter().find(|x| Some(&x.id) == e.refers_to.as_ref());
                        prop_assert!(r.is_some_and(|r| r.receiver == e.recorded_by));
                    }
                    entries.push(e);
                }
                prop_assert_eq!(&entries[..before.len()], &before[..]);
                let total: i64 = people.iter().map(|p| balance(&entries, *p)).sum();
                prop_assert_eq!(total, 0);
                for r in entries.iter().filter(|e| e.kind == Kind::Record) {
                    let confirmations = entries
                        .iter()
                        .filter(|e| e.kind == Kind::Confirmation && e.refers_to.as_ref() == Some(&r.id))
                        .count();
                    prop_assert!(confirmations <= 1);
                }
            }
        }
    }

    #[test]
    fn only_the_receiver_confirms_and_only_once() {
        let (a, b) = (PersonId::new(), PersonId::new());
        let rec = apply(
            &[],
            &Op::Record { by: a, to: b, minutes: 60, done_on: TODAY, description: "Fixed a bike".into() },
            "r".into(),
            TODAY,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let l = vec![rec];
        assert!(matches!(
            apply(&l, &Op::Confirm { by: a, entry: "r".into() }, "c".into(), TODAY),
            Err(DomainError::Forbidden(_))
        ));
        let c =
            apply(&l, &Op::Confirm { by: b, entry: "r".into() }, "c".into(), TODAY).unwrap_or_else(|e| panic!("{e}"));
        let l = [l, vec![c]].concat();
        assert!(matches!(
            apply(&l, &Op::Confirm { by: b, entry: "r".into() }, "d".into(), TODAY),
            Err(DomainError::Conflict("timebank-already-confirmed"))
        ));
        assert_eq!(balance(&l, a), 60);
        assert_eq!(balance(&l, b), -60);
        // A future date or giving time to oneself is refused.
        assert!(apply(
            &[],
            &Op::Record { by: a, to: a, minutes: 60, done_on: TODAY + DAY, description: "x".into() },
            "z".into(),
            TODAY
        )
        .is_err());
    }
}
