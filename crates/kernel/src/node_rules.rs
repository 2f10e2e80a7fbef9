//! Node rules: the few settings of a node its members may change by a
//! poll (or its admins directly), and the hard floors no vote can break.
//!
//! A proposal names a rule, a new value and a reason; it is checked here
//! before any poll is opened, and checked again when the outcome is
//! applied, so a value outside the floors can never take effect.

use serde::Serialize;

use crate::errors::{FieldError, FieldErrors};

/// The smallest minimum group size a vote may set: below this a withheld
/// cell could be guessed from its neighbours too easily.
pub const MIN_GROUP_FLOOR: i64 = 5;
/// The largest: beyond it nearly every cell would be withheld.
pub const MIN_GROUP_CEILING: i64 = 1000;
/// The privacy budget per dataset lies in `[EPSILON_MIN, EPSILON_MAX]`.
pub const EPSILON_MIN: f64 = 0.01;
pub const EPSILON_MAX: f64 = 10.0;
pub const REASON_MAX: usize = 2000;
/// A rule-change poll is open this many days unless the proposer says.
pub const DAYS_DEFAULT: i64 = 14;
pub const DAYS_MIN: i64 = 2;
pub const DAYS_MAX: i64 = 60;

/// A rule that can be changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Stop federating with a domain.
    BlockDomain,
    /// Federate with a blocked domain again.
    UnblockDomain,
    /// `insight.min_group_size`.
    MinGroupSize,
    /// `insight.epsilon_per_dataset`.
    EpsilonPerDataset,
}

impl Rule {
    pub const ALL: [Rule; 4] = [Rule::BlockDomain, Rule::UnblockDomain, Rule::MinGroupSize, Rule::EpsilonPerDataset];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::BlockDomain => "block_domain",
            Rule::UnblockDomain => "unblock_domain",
            Rule::MinGroupSize => "min_group_size",
            Rule::EpsilonPerDataset => "epsilon_per_dataset",
        }
    }

    pub fn parse(s: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

/// A checked new value, in the form it is stored (`value`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Domain(String),
    MinGroupSize(i64),
    Epsilon(f64),
}

impl Value {
    /// The stored and shown form.
    pub fn encode(&self) -> String {
        match self {
            Value::Domain(d) => d.clone(),
            Value::MinGroupSize(n) => n.to_string(),
            Value::Epsilon(e) => {
                let s = format!("{e:.2}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            }
        }
    }
}

/// A domain (`example.org`, an address, or either with a port).
pub fn parse_domain(field: &'static str, input: &str) -> Result<String, FieldError> {
    let d = input.trim().trim_end_matches('.').to_ascii_lowercase();
    let ok = !d.is_empty()
        && d.len() <= 253
        && d.split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        || (!d.is_empty() && d.parse::<std::net::IpAddr>().is_ok());
    let ok = ok || d.rsplit_once(':').is_some_and(|(h, p)| !h.is_empty() && p.parse::<u16>().is_ok());
    if ok {
        Ok(d)
    } else {
        Err(FieldError::new(field, "federation-domain-invalid"))
    }
}

/// Check a new value for a rule against the floors.
pub fn check_value(rule: Rule, input: &str) -> Result<Value, FieldError> {
    let s = input.trim();
    match rule {
        Rule::BlockDomain | Rule::UnblockDomain => parse_domain("value", s).map(Value::Domain),
        Rule::MinGroupSize => match s.parse::<i64>() {
            Ok(n) if n < MIN_GROUP_FLOOR => Err(FieldError::new("value", "rules-min-group-too-small")),
            Ok(n) if n > MIN_GROUP_CEILING => Err(FieldError::new("value", "rules-min-group-too-large")),
            Ok(n) => Ok(Value::MinGroupSize(n)),
            Err(_) => Err(FieldError::new("value", "rules-whole-number")),
        },
        Rule::EpsilonPerDataset => match s.replace(',', ".").parse::<f64>() {
            Ok(e) if e.is_finite() && (EPSILON_MIN..=EPSILON_MAX).contains(&e) => {
                // Kept to hundredths, as shown.
                Ok(Value::Epsilon((e * 100.0).round() / 100.0))
            }
            Ok(_) => Err(FieldError::new("value", "rules-epsilon-range")),
            Err(_) => Err(FieldError::new("value", "rules-number")),
        },
    }
}

/// A proposal as submitted.
#[derive(Debug, Clone, Default)]
pub struct ProposalInput {
    pub rule: String,
    pub value: String,
    pub reason: String,
    /// How many days the poll stays open; blank for the default.
    pub days: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CheckedProposal {
    pub rule: Rule,
    pub value: Value,
    pub reason: String,
    pub days: i64,
}

/// Check every field of a proposal, reporting every problem at once.
pub fn check_proposal(input: &ProposalInput) -> Result<CheckedProposal, FieldErrors> {
    let mut errors = FieldErrors::new();
    let rule = match input.rule.trim() {
        "" => {
            errors.push("rule", "rules-rule-required");
            None
        }
        s => {
            let r = Rule::parse(s);
            if r.is_none() {
                errors.push("rule", "rules-rule-invalid");
            }
            r
        }
    };
    let value = match (rule, input.value.trim()) {
        (_, "") => {
            errors.push("value", "rules-value-required");
            None
        }
        (Some(rule), s) => errors.check(check_value(rule, s)),
        (None, _) => None,
    };
    let reason = input.reason.trim().replace("\r\n", "\n");
    if reason.is_empty() {
        errors.push("reason", "rules-reason-required");
    } else if reason.chars().count() > REASON_MAX {
        errors.push("reason", "rules-reason-too-long");
    }
    let days = match input.days.trim() {
        "" => Some(DAYS_DEFAULT),
        s => match s.parse::<i64>() {
            Ok(d) if (DAYS_MIN..=DAYS_MAX).contains(&d) => Some(d),
            _ => {
                errors.push("days", "rules-days-range");
                None
            }
        },
    };
    match (rule, value, days) {
        (Some(rule), Some(value), Some(days)) if errors.is_empty() => Ok(CheckedProposal { rule, value, reason, days }),
        _ => Err(errors),
    }
}

/// Whether a closed rule-change poll carries: a strict majority of the
/// votes cast said yes, and at least `quorum` votes were cast.
pub fn carried(yes: u64, no: u64, quorum: u64) -> bool {
    let cast = yes + no;
    cast >= quorum && yes * 2 > cast
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// No accepted minimum group size is below the floor or above the ceiling.
        #[test]
        fn min_group_size_never_breaks_the_floor(n in -100i64..2000) {
            let r = check_value(Rule::MinGroupSize, &n.to_string());
            prop_assert_eq!(r.is_ok(), (MIN_GROUP_FLOOR..=MIN_GROUP_CEILING).contains(&n));
            if let Ok(Value::MinGroupSize(v)) = r { prop_assert!(v >= MIN_GROUP_FLOOR); }
        }

        /// No accepted ε is outside (0, 10], whatever is typed.
        #[test]
        fn epsilon_stays_in_its_range(e in -20.0f64..20.0, s in "\\PC{0,8}") {
            for input in [e.to_string(), s] {
                if let Ok(Value::Epsilon(v)) = check_value(Rule::EpsilonPerDataset, &input) {
                    prop_assert!(v > 0.0 && (EPSILON_MIN..=EPSILON_MAX).contains(&v));
                }
            }
        }

        /// A vote carries only with a strict majority and a quorum.
        #[test]
        fn carried_needs_majority_and_quorum(yes in 0u64..50, no in 0u64..50, quorum in 0u64..10) {
            prop_assert_eq!(carried(yes, no, quorum), yes > no && yes + no >= quorum);
        }
    }

    #[test]
    fn every_problem_in_a_proposal_is_reported_at_once() {
        let bad = ProposalInput { rule: "".into(), value: "".into(), reason: " ".into(), days: "90".into() };
        let fields: Vec<&str> = check_proposal(&bad).unwrap_err().0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["rule", "value", "reason", "days"]);
        let low =
            ProposalInput { rule: "min_group_size".into(), value: "3".into(), reason: "x".into(), days: "".into() };
        assert_eq!(check_proposal(&low).unwrap_err().0[0].code, "rules-min-group-too-small");
        let ok = ProposalInput {
            rule: "block_domain".into(),
            value: " Spam.Example ".into(),
            reason: "It floods us".into(),
            days: "".into(),
        };
        let p = check_proposal(&ok).unwrap();
        assert_eq!((p.value.encode(), p.days), ("spam.example".to_string(), DAYS_DEFAULT));
        assert_eq!(check_value(Rule::EpsilonPerDataset, "0,5").unwrap().encode(), "0.5");
        assert!(!carried(1, 1, 0));
        assert!(!carried(2, 0, 3));
        assert!(carried(2, 1, 3));
    }
}
