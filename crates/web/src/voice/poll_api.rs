//! The API face of polls: list, open, read (with results when they may be
//! seen), vote.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::polls::PollInput;
use plural_store::polls::Poll;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::polls::{self as service, Submitted};
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PollRoundView)]
pub struct RoundView {
    /// Votes per option this round (0 once out of the race).
    pub counts: Vec<u64>,
    /// Whether each option was still in the race.
    pub continuing: Vec<bool>,
    /// Ballots with no continuing option left.
    pub exhausted: u64,
    /// The position of the option eliminated after this round.
    pub eliminated: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultsView {
    pub ballots: u64,
    /// Votes per option, by position (first preferences for ranked polls).
    pub counts: Vec<u64>,
    /// Ranked polls: every round of the instant runoff.
    pub rounds: Option<Vec<RoundView>>,
    /// The winning option's position; null on a tie or with no votes.
    pub winner: Option<usize>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PollView {
    pub id: String,
    pub question: String,
    pub description: String,
    /// `single`, `multiple`, `approval` or `ranked`.
    pub kind: String,
    pub max_choices: usize,
    /// Options by position (ballots name positions).
    pub options: Vec<String>,
    pub place: String,
    /// When set, only this group's members vote; otherwise people whose home is in the place.
    pub group_name: Option<String>,
    /// `live` or `after_close`.
    pub results_shown: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub open: bool,
    pub voters: i64,
    /// Whether you voted (never what); null when not signed in.
    pub you_voted: Option<bool>,
    /// Whether you may vote; null when not signed in.
    pub you_may_vote: Option<bool>,
    /// Null until results may be seen.
    pub results: Option<ResultsView>,
}

async fn view(state: &AppState, p: Poll, caller: Option<&Caller>) -> WebResult<PollView> {
    let (you_voted, you_may_vote) = match caller {
        Some(c) => (
            Some(plural_store::polls::has_voted(&state.db, &p.id, c.person.id).await?),
            Some(service::eligible(state, c.person.id, &p).await?),
        ),
        None => (None, None),
    };
    let results = if service::results_visible(&p) && !p.options.is_empty() {
        let r = service::shown_results(state, &p).await?;
        Some(ResultsView {
            ballots: r.ballots,
            counts: r.counts.clone(),
            rounds: r.runoff.as_ref().map(|ro| {
                ro.rounds
                    .iter()
                    .map(|x| RoundView {
                        counts: x.counts.clone(),
                        continuing: x.continuing.clone(),
                        exhausted: x.exhausted,
                        eliminated: x.eliminated,
                    })
                    .collect()
            }),
            winner: r.winner,
        })
    } else {
        None
    };
    Ok(PollView {
        open: service::is_open(&p),
        id: p.id,
        question: p.question,
        description: p.description,
        kind: p.kind.as_str().into(),
        max_choices: p.max_choices,
        options: p.options,
        place: p.place_slug,
        group_name: p.group_name,
        results_shown: p.results.as_str().into(),
        opens_at: p.opens_at,
        closes_at: p.closes_at,
        voters: p.voters,
        you_voted,
        you_may_vote,
        results,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// A place's slug.
    pub place: Option<String>,
}

/// Polls: open ones closing soonest first, then closed ones (without options or results).
#[utoipa::path(get, path = "/api/v1/polls", tag = "polls", params(ListQuery),
    responses((status = 200, body = Vec<PollView>), (status = 404, body = Problem)))]
pub async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> WebResult<Json<Vec<PollView>>> {
    let mut out = Vec::new();
    for p in service::list(&state, q.place.as_deref().unwrap_or("")).await? {
        out.push(view(&state, p, None).await?);
    }
    Ok(Json(out))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PollBody {
    pub question: String,
    #[serde(default)]
    pub description: String,
    /// `single`, `multiple`, `approval` or `ranked`.
    pub kind: String,
    /// Two to thirty options.
    pub options: Vec<String>,
    /// For `multiple`: how many may be chosen (at least 2).
    #[serde(default)]
    pub max_choices: Option<usize>,
    /// `live` or `after_close`.
    pub results: String,
    /// `YYYY-MM-DD`, the last day of voting (within 90 days).
    pub closes_on: String,
    /// A place's slug: everyone whose home is in it may vote (its stewards open these).
    #[serde(default)]
    pub place: String,
    /// A group's slug: only its members vote (its admins open these).
    #[serde(default)]
    pub group: String,
}

/// Open a poll (voting starts at once).
#[utoipa::path(post, path = "/api/v1/polls", tag = "polls", request_body = PollBody,
    responses((status = 201, body = PollView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<PollBody>,
) -> WebResult<Response> {
    // Lines are how the form sends options; an option holding a line break is refused, not split.
    let options = if b.options.iter().any(|o| o.contains('\n')) { String::new() } else { b.options.join("\n") };
    let input = PollInput {
        question: b.question,
        description: b.description,
        kind: b.kind,
        options,
        max_choices: b.max_choices.map(|n| n.to_string()).unwrap_or_default(),
        results: b.results,
        closes_on: b.closes_on,
    };
    let p = service::create(&state, &caller.actor(), &b.place, &b.group, &input).await?;
    Ok((StatusCode::CREATED, Json(view(&state, p, Some(&caller)).await?)).into_response())
}

/// A poll, with its results once they may be seen.
#[utoipa::path(get, path = "/api/v1/polls/{id}", tag = "polls", params(("id" = String, Path)),
    responses((status = 200, body = PollView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<PollView>> {
    let p = service::load(&state, &id).await?;
    Ok(Json(view(&state, p, caller.0.as_ref()).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BallotBody {
    /// Option positions: the one (single), up to `max_choices` (multiple),
    /// those approved (approval), or in order of preference (ranked; not
    /// every option need be ranked, none twice).
    pub choices: Vec<usize>,
}

/// Vote, once. The node records that you voted and, apart, your ballot;
/// nothing links the two.
#[utoipa::path(post, path = "/api/v1/polls/{id}/ballots", tag = "polls", params(("id" = String, Path)),
    request_body = BallotBody,
    responses((status = 204, description = "Counted"), (status = 403, description = "Not eligible", body = Problem),
        (status = 404, body = Problem), (status = 409, description = "Already voted, or closed", body = Problem),
        (status = 422, body = Problem)))]
pub async fn vote(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<BallotBody>,
) -> WebResult<StatusCode> {
    let p = service::load(&state, &id).await?;
    service::vote(&state, &caller.actor(), &p, &Submitted::Ranking(b.choices)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, create, show, vote),
    tags((name = "polls", description = "Polls with secret ballots: single, multiple, approval, ranked (instant runoff)"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/polls", list)
        .api(Method::POST, "/api/v1/polls", create)
        .api(Method::GET, "/api/v1/polls/{id}", show)
        .api(Method::POST, "/api/v1/polls/{id}/ballots", vote)
}
