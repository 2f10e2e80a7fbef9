//! The domain operations of participatory budgets, shared by pages and API.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::budgets::{self as rules, Fared, Review, Stage};
use plural_kernel::{DomainError, FieldError, PersonId};
use plural_store::budgets::{Budget, Project};
use plural_store::polls::VoteOutcome;
use serde::Serialize;

use crate::error::{WebError, WebResult};
use crate::AppState;

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

pub async fn list(state: &AppState) -> WebResult<Vec<Budget>> {
    Ok(plural_store::budgets::list(&state.db, 100).await?)
}

pub async fn load(state: &AppState, id: &str) -> WebResult<(Budget, Vec<Project>)> {
    let b = plural_store::budgets::get(&state.db, id).await?.ok_or(WebError::not_found())?;
    let projects = plural_store::budgets::projects(&state.db, id).await?;
    Ok((b, projects))
}

/// Check the actor may manage budgets in `place`; the role they act in, for the log.
async fn manage(state: &AppState, actor: &Actor, place: plural_kernel::PlaceId) -> WebResult<&'static str> {
    let person = me(actor)?;
    let steward = plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&place);
    authz::decide(actor, &Action::ManageBudget { steward })?;
    Ok(if steward { "steward" } else { "node_admin" })
}

/// Open a budget for a place (its stewards, node admins).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    place: &str,
    title: &str,
    description: &str,
    amount: &str,
) -> WebResult<Budget> {
    let person = me(actor)?;
    let place = plural_store::places::by_slug(&state.db, place.trim()).await?;
    if let Some(p) = &place {
        manage(state, actor, p.id).await?;
    }
    let (place, checked) = match (place, rules::check(title, description, amount)) {
        (Some(p), Ok(c)) => (p, c),
        (place, checked) => {
            let mut errors = checked.err().unwrap_or_default();
            if place.is_none() {
                errors.push("place", "budget-place-invalid");
            }
            return Err(DomainError::Invalid(errors).into());
        }
    };
    let id = plural_store::budgets::create(&state.db, place.id, person, &checked).await?;
    Ok(load(state, &id).await?.0)
}

/// Move a budget to its next stage. Voting needs at least one accepted project.
pub async fn advance(state: &AppState, actor: &Actor, b: &Budget, projects: &[Project]) -> WebResult<Stage> {
    let role = manage(state, actor, b.place_id).await?;
    let by = plural_store::budgets::Steward { person: me(actor)?, role };
    let next = b.stage.next().ok_or(DomainError::Conflict("budget-closed"))?;
    if next == Stage::Voting && !projects.iter().any(|p| p.review == Review::Accepted) {
        return Err(DomainError::Conflict("budget-nothing-accepted").into());
    }
    if !plural_store::budgets::advance(&state.db, b, b.stage, next, &by).await? {
        return Err(DomainError::Conflict("budget-stage-changed").into());
    }
    Ok(next)
}

/// Propose a project with its cost, while the budget takes projects.
pub async fn propose(
    state: &AppState,
    actor: &Actor,
    b: &Budget,
    title: &str,
    description: &str,
    cost: &str,
) -> WebResult<String> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Propose)?;
    if b.stage != Stage::Proposing {
        return Err(DomainError::Conflict("budget-not-proposing").into());
    }
    let checked = rules::check(title, description, cost).map_err(|mut e| {
        for f in &mut e.0 {
            if f.field == "amount" {
                f.field = "cost";
            }
        }
        DomainError::Invalid(e)
    })?;
    if checked.amount > b.amount {
        return Err(DomainError::field("cost", "budget-cost-over-budget").into());
    }
    plural_store::budgets::add_project(&state.db, &b.id, person, &checked)
        .await?
        .ok_or(DomainError::Conflict("budget-not-proposing").into())
}

/// Accept or reject a project (the stewards, during review).
pub async fn review(
    state: &AppState,
    actor: &Actor,
    b: &Budget,
    project: &str,
    decision: &str,
    note: &str,
) -> WebResult<()> {
    let role = manage(state, actor, b.place_id).await?;
    let by = plural_store::budgets::Steward { person: me(actor)?, role };
    let review = match decision.trim() {
        "accepted" => Review::Accepted,
        "rejected" => Review::Rejected,
        _ => return Err(DomainError::field("decision", "budget-decision-invalid").into()),
    };
    let note = note.trim();
    if note.chars().count() > rules::DESCRIPTION_MAX {
        return Err(DomainError::field("note", "budget-text-too-long").into());
    }
    if b.stage != Stage::Reviewing {
        return Err(DomainError::Conflict("budget-not-reviewing").into());
    }
    if !plural_store::budgets::review(&state.db, b, project, review, note, &by).await? {
        return Err(WebError::not_found());
    }
    Ok(())
}

/// Whether a person may vote: their home is the budget's place or within it.
pub async fn eligible(state: &AppState, person: PersonId, b: &Budget) -> WebResult<bool> {
    let Some(home) = plural_store::people::get(&state.db, person).await?.and_then(|p| p.home_place_id) else {
        return Ok(false);
    };
    Ok(plural_store::places::ancestry(&state.db, home).await?.iter().any(|pl| pl.id == b.place_id))
}

fn accepted(projects: &[Project]) -> Vec<(usize, i64)> {
    projects.iter().enumerate().filter(|(_, p)| p.review == Review::Accepted).map(|(i, p)| (i, p.cost)).collect()
}

/// Vote for accepted projects (by id) costing together no more than the budget; once.
pub async fn vote(
    state: &AppState,
    actor: &Actor,
    b: &Budget,
    projects: &[Project],
    chosen: &[String],
) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Vote { eligible: eligible(state, person, b).await? })?;
    if b.stage != Stage::Voting {
        return Err(DomainError::Conflict("budget-not-voting").into());
    }
    let indexes = chosen
        .iter()
        .map(|id| {
            projects.iter().position(|p| p.id == id.trim()).ok_or(FieldError::new("projects", "budget-project-unknown"))
        })
        .collect::<Result<Vec<usize>, _>>()
        .map_err(DomainError::from)?;
    let selection = rules::check_selection(b.amount, &accepted(projects), &indexes).map_err(DomainError::from)?;
    let ids: Vec<&str> = selection.iter().filter_map(|i| projects.get(*i)).map(|p| p.id.as_str()).collect();
    match plural_store::budgets::vote(&state.db, &b.id, person, &ids.join(",")).await? {
        VoteOutcome::Counted => Ok(()),
        VoteOutcome::AlreadyVoted => Err(DomainError::Conflict("budget-already-voted").into()),
        VoteOutcome::Closed => Err(DomainError::Conflict("budget-not-voting").into()),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BudgetResults {
    pub ballots: u64,
    /// Every accepted project by votes, with how it fared (`project` indexes the projects list).
    pub fared: Vec<Fared>,
    pub left_over: i64,
}

/// Count a budget's selections (shown once it is closed).
pub async fn results(state: &AppState, b: &Budget, projects: &[Project]) -> WebResult<BudgetResults> {
    let stored = plural_store::budgets::ballots(&state.db, &b.id).await?;
    let selections: Vec<Vec<usize>> = stored
        .iter()
        .map(|s| s.split(',').filter_map(|id| projects.iter().position(|p| p.id == id)).collect())
        .collect();
    let (fared, left_over) = rules::allocate(b.amount, &accepted(projects), &selections);
    Ok(BudgetResults { ballots: selections.len() as u64, fared, left_over })
}
