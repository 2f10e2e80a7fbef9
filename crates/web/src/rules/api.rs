//! The API face of node rules: the rules in force, open proposals and the
//! history of changes; proposing a change.

use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::node_rules::ProposalInput;
use plural_store::rules::RuleChange;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service;
use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct RuleChangeView {
    /// Rule change N.
    pub number: i64,
    /// `block_domain`, `unblock_domain`, `min_group_size` or `epsilon_per_dataset`.
    pub rule: String,
    pub value: String,
    pub reason: String,
    /// Who proposed it (or the node admin who made it).
    pub proposed_by: Option<String>,
    /// `members` (decided by a poll of the node's members) or `node_admin`.
    pub actor_role: String,
    pub poll: Option<String>,
    pub poll_closes_at: Option<i64>,
    /// `open`, `applied` or `declined`.
    pub status: String,
    pub yes_votes: i64,
    pub no_votes: i64,
    /// The votes needed for the poll to count.
    pub quorum: i64,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

pub fn change_view(c: &RuleChange) -> RuleChangeView {
    RuleChangeView {
        number: c.number,
        rule: c.rule.as_str().into(),
        value: c.value.clone(),
        reason: c.reason.clone(),
        proposed_by: c.proposer_name.clone(),
        actor_role: c.actor_role.clone(),
        poll: c.poll_id.as_ref().map(|p| format!("/polls/{p}")),
        poll_closes_at: c.poll_closes_at,
        status: c.status.clone(),
        yes_votes: c.yes_votes,
        no_votes: c.no_votes,
        quorum: c.quorum,
        created_at: c.created_at,
        decided_at: c.decided_at,
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentView {
    pub rule: String,
    pub value: String,
    /// The rule change that set it; null when the node's config file did.
    pub set_by_change: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RulesView {
    /// The numeric rules in force.
    pub rules: Vec<CurrentView>,
    /// Domains this node does not federate with.
    pub blocked_domains: Vec<CurrentView>,
    /// Votes a rule-change poll needs to count.
    pub quorum: i64,
    /// Every change, the newest first (open proposals among them).
    pub changes: Vec<RuleChangeView>,
}

fn current_view(c: &service::Current) -> CurrentView {
    CurrentView { rule: c.rule.into(), value: c.value.clone(), set_by_change: c.change.as_ref().map(|ch| ch.number) }
}

/// The node's rules, where each value came from, and every change.
#[utoipa::path(get, path = "/api/v1/rules", tag = "rules", responses((status = 200, body = RulesView)))]
pub async fn show(State(state): State<AppState>) -> WebResult<Json<RulesView>> {
    let (numbers, domains) = service::current(&state).await?;
    Ok(Json(RulesView {
        rules: numbers.iter().map(current_view).collect(),
        blocked_domains: domains.iter().map(current_view).collect(),
        quorum: state.config.rules.quorum,
        changes: service::history(&state).await?.iter().map(change_view).collect(),
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = RuleProposalBody)]
pub struct ProposalBody {
    /// `block_domain`, `unblock_domain`, `min_group_size` or `epsilon_per_dataset`.
    pub rule: String,
    /// A domain, a whole number (min group size, at least 5) or ε (0.01 to 10).
    pub value: String,
    pub reason: String,
    /// Days the poll stays open (2 to 60; 14 when left out).
    #[serde(default)]
    pub days: Option<i64>,
}

/// Propose a change to a rule: a poll of the node's members decides it.
/// Only people whose home is a place on this node may propose.
#[utoipa::path(post, path = "/api/v1/rules/proposals", tag = "rules", request_body = ProposalBody,
    responses((status = 201, body = RuleChangeView), (status = 403, body = Problem),
        (status = 409, description = "The same change is already proposed", body = Problem),
        (status = 422, body = Problem)))]
pub async fn propose(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<ProposalBody>,
) -> WebResult<Response> {
    let input = ProposalInput {
        rule: b.rule,
        value: b.value,
        reason: b.reason,
        days: b.days.map(|d| d.to_string()).unwrap_or_default(),
    };
    let c = service::propose(&state, &caller.actor(), &input).await?;
    Ok((StatusCode::CREATED, Json(change_view(&c))).into_response())
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(show, propose),
    tags((name = "rules", description = "The node's rules, changed by a poll of its members"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new().api(Method::GET, "/api/v1/rules", show).api(Method::POST, "/api/v1/rules/proposals", propose)
}
