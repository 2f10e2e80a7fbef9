//! Participatory budgeting: a sum of money for a place, projects proposed
//! with their costs, a review stage, a vote in which each person's
//! selection must fit the budget (the knapsack constraint), and results
//! that say how each project fared.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldError, FieldErrors};
use crate::places::Title;

pub const TITLE_MAX: usize = 150;
pub const DESCRIPTION_MAX: usize = 4000;
/// Amounts are whole pounds (or the currency's major unit): budgets are
/// decided in round figures, and voters add them up in their heads.
pub const AMOUNT_MAX: i64 = 100_000_000;

/// Where a budget is in its life; it only moves forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Anyone may propose a project.
    Proposing,
    /// The stewards check projects are feasible and costed; accept or reject each.
    Reviewing,
    /// People choose accepted projects within the budget.
    Voting,
    /// Results are final.
    Closed,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::Proposing, Stage::Reviewing, Stage::Voting, Stage::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Proposing => "proposing",
            Stage::Reviewing => "reviewing",
            Stage::Voting => "voting",
            Stage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Stage::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// The stage after this one.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Proposing => Some(Stage::Reviewing),
            Stage::Reviewing => Some(Stage::Voting),
            Stage::Voting => Some(Stage::Closed),
            Stage::Closed => None,
        }
    }
}

/// A project's review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Review {
    Pending,
    Accepted,
    Rejected,
}

impl Review {
    pub fn as_str(self) -> &'static str {
        match self {
            Review::Pending => "pending",
            Review::Accepted => "accepted",
            Review::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Review::Pending, Review::Accepted, Review::Rejected].into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// A whole amount: digits only (a pound sign and thousands commas allowed).
pub fn parse_amount(field: &'static str, s: &str) -> Result<i64, FieldError> {
    let cleaned: String = s.trim().trim_start_matches('£').chars().filter(|c| *c != ',' && *c != ' ').collect();
    match cleaned.parse::<i64>() {
        Ok(n) if n > 0 && n <= AMOUNT_MAX => Ok(n),
        Ok(_) => Err(FieldError::new(field, "budget-amount-out-of-range")),
        Err(_) => Err(FieldError::new(field, "budget-amount-invalid")),
    }
}

fn text(field: &'static str, s: &str, max: usize) -> Result<String, FieldError> {
    let s = s.trim().replace("\r\n", "\n");
    if s.chars().count() > max {
        return Err(FieldError::new(field, "budget-text-too-long"));
    }
    Ok(s)
}

fn title(field: &'static str, s: &str) -> Result<String, FieldError> {
    Title::parse(field, s, TITLE_MAX).map(|t| t.as_str().to_string()).map_err(|e| match e.code {
        "name-required" => FieldError::new(field, "budget-title-required"),
        "name-too-long" => FieldError::new(field, "budget-text-too-long"),
        _ => FieldError::new(field, "budget-text-invalid"),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    pub title: String,
    pub description: String,
    pub amount: i64,
}

/// A budget or a project: a title, a description, an amount (the budget's
/// total, or the project's cost), every problem reported at once.
pub fn check(title_in: &str, description: &str, amount: &str) -> Result<Checked, FieldErrors> {
    let mut errors = FieldErrors::new();
    let title = errors.check(title("title", title_in));
    let description = errors.check(text("description", description, DESCRIPTION_MAX));
    let amount = errors.check(parse_amount("amount", amount));
    match (title, description, amount) {
        (Some(title), Some(description), Some(amount)) if errors.is_empty() => {
            Ok(Checked { title, description, amount })
        }
        _ => Err(errors),
    }
}

/// Check a selection: projects that exist and were accepted, each once,
/// costing together no more than the budget.
pub fn check_selection(budget: i64, accepted: &[(usize, i64)], chosen: &[usize]) -> Result<Vec<usize>, FieldError> {
    let field = "projects";
    if chosen.is_empty() {
        return Err(FieldError::new(field, "budget-choose-some"));
    }
    let mut sorted = chosen.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    if sorted.len() != chosen.len() {
        return Err(FieldError::new(field, "budget-project-repeated"));
    }
    let mut total: i64 = 0;
    for c in &sorted {
        let Some((_, cost)) = accepted.iter().find(|(i, _)| i == c) else {
            return Err(FieldError::new(field, "budget-project-unknown"));
        };
        total = total.saturating_add(*cost);
    }
    if total > budget {
        return Err(FieldError::new(field, "budget-over-limit"));
    }
    Ok(sorted)
}

/// How a project fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Funded,
    /// It had votes, but what was left did not cover its cost.
    DidNotFit,
    NoVotes,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fared {
    pub project: usize,
    pub votes: u64,
    pub cost: i64,
    pub outcome: Outcome,
}

/// Fund projects by votes: most votes first (a tie goes to the cheaper,
/// then to the one proposed first), each funded if it fits what is left.
/// Returns every accepted project, in that order, and what is left over.
pub fn allocate(budget: i64, projects: &[(usize, i64)], selections: &[Vec<usize>]) -> (Vec<Fared>, i64) {
    let mut votes: Vec<(usize, i64, u64)> = projects.iter().map(|(i, c)| (*i, *c, 0)).collect();
    for s in selections {
        for p in s {
            if let Some(v) = votes.iter_mut().find(|(i, _, _)| i == p) {
                v.2 += 1;
            }
        }
    }
    votes.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(&b.1)).then(a.0.cmp(&b.0)));
    let mut left = budget;
    let fared = votes
        .into_iter()
        .map(|(project, cost, votes)| {
            let outcome = if votes == 0 {
                Outcome::NoVotes
            } else if cost <= left {
                left -= cost;
                Outcome::Funded
            } else {
                Outcome::DidNotFit
            };
            Fared { project, votes, cost, outcome }
        })
        .collect();
    (fared, left)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_whole_and_positive() {
        assert_eq!(parse_amount("amount", "£25,000"), Ok(25_000));
        assert_eq!(parse_amount("amount", "0").unwrap_err().code, "budget-amount-out-of-range");
        assert_eq!(parse_amount("amount", "12.50").unwrap_err().code, "budget-amount-invalid");
        let errs = check(" ", "", "lots").unwrap_err();
        let fields: Vec<&str> = errs.0.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["title", "amount"]);
    }

    #[test]
    fn a_selection_must_fit_the_budget() {
        let accepted = [(0, 6000), (1, 3000), (2, 2000)];
        assert_eq!(check_selection(10_000, &accepted, &[0, 1]), Ok(vec![0, 1]));
        assert_eq!(check_selection(10_000, &accepted, &[0, 1, 2]).unwrap_err().code, "budget-over-limit");
        assert_eq!(check_selection(10_000, &accepted, &[3]).unwrap_err().code, "budget-project-unknown");
        assert_eq!(check_selection(10_000, &accepted, &[1, 1]).unwrap_err().code, "budget-project-repeated");
        assert_eq!(check_selection(10_000, &accepted, &[]).unwrap_err().code, "budget-choose-some");
    }

    proptest! {
        /// Whatever is chosen, an accepted selection never costs more than
        /// the budget, and one that fits is never refused.
        #[test]
        fn the_knapsack_constraint_holds(budget in 1i64..20_000, costs in proptest::collection::vec(1i64..10_000, 1..8), pick in proptest::collection::vec(any::<bool>(), 8)) {
            let accepted: Vec<(usize, i64)> = costs.iter().copied().enumerate().collect();
            let chosen: Vec<usize> = (0..costs.len()).filter(|i| pick[*i]).collect();
            let total: i64 = chosen.iter().map(|i| costs[*i]).sum();
            let r = check_selection(budget, &accepted, &chosen);
            prop_assert_eq!(r.is_ok(), !chosen.is_empty() && total <= budget);
        }

        /// Funded projects never cost more than the budget, and a project
        /// with votes is left out only when it no longer fits.
        #[test]
        fn allocation_stays_within_the_budget(budget in 1i64..20_000, costs in proptest::collection::vec(1i64..10_000, 1..8), ballots in proptest::collection::vec(proptest::collection::vec(0usize..8, 0..4), 0..30)) {
            let projects: Vec<(usize, i64)> = costs.iter().copied().enumerate().collect();
            let (fared, left) = allocate(budget, &projects, &ballots);
            let spent: i64 = fared.iter().filter(|f| f.outcome == Outcome::Funded).map(|f| f.cost).sum();
            prop_assert_eq!(spent + left, budget);
            prop_assert!(left >= 0);
            for f in &fared {
                if f.outcome == Outcome::DidNotFit {
                    prop_assert!(f.cost > left);
                }
            }
        }
    }
}
