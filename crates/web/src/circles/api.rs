//! The API face of savings circles. Every route answers 404 to anyone who
//! is not a member, so a circle's existence never leaks.

use axum::extract::{Path, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::circles::{self as rules, CircleInput, ContributionState, EntryKind};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service::{self, date_string, Ask, Loaded};
use crate::api::{ApiJson, Caller};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// What every circle says about money.
pub const RECORD_ONLY: &str = "Plural keeps the record; it never holds or moves money.";

#[derive(Debug, Serialize, ToSchema)]
pub struct CircleSummary {
    pub id: String,
    pub name: String,
    /// Each member's contribution per round, in minor units.
    pub amount_minor: i64,
    pub currency: String,
    /// `weekly`, `fortnightly` or `monthly`.
    pub frequency: String,
    pub seats: i64,
    /// `forming`, `running`, `finished` or `wound_up`.
    pub status: String,
    pub cycle: i64,
}

impl CircleSummary {
    fn of(c: &plural_store::circles::Circle) -> Self {
        CircleSummary {
            id: c.id.to_string(),
            name: c.name.clone(),
            amount_minor: c.amount,
            currency: c.currency.clone(),
            frequency: c.frequency.as_str().into(),
            seats: c.seats,
            status: c.status.as_str().into(),
            cycle: c.cycle,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CircleMemberView)]
pub struct MemberView {
    pub person_id: String,
    pub display_name: Option<String>,
    /// The order they joined in.
    pub seat: i64,
    /// The round whose pot they receive.
    pub position: i64,
    pub organiser: bool,
    /// Whether they have committed to a secret for the draw.
    pub committed: bool,
    /// The SHA-256 they committed to, once the draw is done.
    pub commitment: Option<String>,
    /// Their secret, once revealed.
    pub secret: Option<String>,
    /// One mark per round of this cycle: `receiving`, `upcoming`,
    /// `waiting`, `on_time`, `late` or `missed`.
    pub record: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundView {
    pub round: i64,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub recipient: String,
    /// Confirmed contributions so far, in minor units.
    pub pot_minor: i64,
    pub paid_out: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DrawScore {
    pub seat: i64,
    pub score: String,
}

/// The fair draw, shown so anyone can recompute it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DrawView {
    /// SHA-256 of the revealed secrets in seat order, joined by line feeds.
    pub seed: String,
    /// For each seat, SHA-256 of `seed:seat`.
    pub scores: Vec<DrawScore>,
    /// Seats in payout order.
    pub order: Vec<i64>,
    pub algorithm: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CircleView {
    #[serde(flatten)]
    pub summary: CircleSummary,
    pub rules: String,
    /// `fixed` or `draw`.
    pub payout_order: String,
    /// This cycle's first due date, `YYYY-MM-DD`.
    pub start_on: String,
    pub members: Vec<MemberView>,
    pub rounds: Vec<RoundView>,
    pub draw: Option<DrawView>,
    pub note: String,
}

pub const DRAW_ALGORITHM: &str = "List the revealed secrets by seat number and join them with a line feed; \
    the seed is the SHA-256 of that text in lowercase hex; each member's score is the SHA-256 of the seed, a colon \
    and their seat number; the smallest score receives the pot first.";

fn view(l: &Loaded) -> CircleView {
    let facts = l.facts();
    let cycle_rules = facts.rules(&l.circle);
    let ledger = l.ledger();
    let today = plural_store::now();
    let draw = l.draw();
    let members = l
        .members
        .iter()
        .map(|m| MemberView {
            person_id: m.person_id.to_string(),
            display_name: m.display_name.clone(),
            seat: m.seat,
            position: m.position,
            organiser: m.organiser,
            committed: m.commitment.is_some(),
            commitment: draw.as_ref().and(m.commitment.clone()),
            secret: draw.as_ref().and(m.secret.clone()),
            record: if l.circle.status == rules::Status::Forming {
                Vec::new()
            } else {
                rules::record_of(&cycle_rules, &ledger, m.person_id, today).iter().map(|k| k.as_str().into()).collect()
            },
        })
        .collect();
    let rounds = (1..=cycle_rules.rounds())
        .map(|r| RoundView {
            round: r,
            due_on: date_string(cycle_rules.due_on(r)),
            recipient: cycle_rules.recipient(r).map(|p| p.to_string()).unwrap_or_default(),
            pot_minor: rules::pot(&ledger, l.circle.cycle, r),
            paid_out: rules::payout_of(&ledger, l.circle.cycle, r).is_some(),
        })
        .collect();
    CircleView {
        summary: CircleSummary::of(&l.circle),
        rules: l.circle.rules.clone(),
        payout_order: l.circle.payout_order.as_str().into(),
        start_on: date_string(l.circle.start_on),
        members,
        rounds,
        draw: draw.map(|d| DrawView {
            seed: d.seed,
            scores: d.scores.into_iter().map(|(seat, score)| DrawScore { seat, score }).collect(),
            order: d.order,
            algorithm: DRAW_ALGORITHM.into(),
        }),
        note: RECORD_ONLY.into(),
    }
}

/// Your circles.
#[utoipa::path(get, path = "/api/v1/circles", tag = "circles",
    responses((status = 200, body = Vec<CircleSummary>), (status = 401, body = Problem)))]
pub async fn list(State(state): State<AppState>, caller: Caller) -> WebResult<Json<Vec<CircleSummary>>> {
    Ok(Json(service::mine(&state, &caller.actor()).await?.iter().map(CircleSummary::of).collect()))
}

/// A new circle. Give the amount either as `amount_minor` (a whole number
/// of minor units) or `amount` (text in major units, e.g. `"50.00"`).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CircleBody {
    pub name: String,
    #[serde(default)]
    #[schema(value_type = Option<i64>)]
    pub amount_minor: Option<serde_json::Number>,
    #[serde(default)]
    pub amount: Option<String>,
    /// ISO 4217, e.g. `GBP`.
    pub currency: String,
    /// `weekly`, `fortnightly` or `monthly`.
    pub frequency: String,
    /// `YYYY-MM-DD`, today or later.
    pub start_on: String,
    /// Members, and so rounds: 2 to 30.
    pub seats: i64,
    /// In plain words: what happens if someone pays late.
    pub rules: String,
    /// `fixed` or `draw`.
    pub payout_order: String,
}

/// Start a circle. You take seat 1 and are its organiser.
#[utoipa::path(post, path = "/api/v1/circles", tag = "circles", request_body = CircleBody,
    responses((status = 201, body = CircleView), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<CircleBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let input = CircleInput {
        name: b.name,
        amount: b.amount.unwrap_or_default(),
        amount_minor: b.amount_minor.map(|n| n.to_string()),
        currency: b.currency,
        frequency: b.frequency,
        start_on: b.start_on,
        seats: b.seats.to_string(),
        rules: b.rules,
        payout_order: b.payout_order,
    };
    let id = service::create(&state, &actor, &input).await?;
    let loaded = service::load(&state, &actor, &id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(view(&loaded))).into_response())
}

/// One circle: its members, their records and the rounds. Members only.
#[utoipa::path(get, path = "/api/v1/circles/{id}", tag = "circles", params(("id" = String, Path)),
    responses((status = 200, body = CircleView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<CircleView>> {
    Ok(Json(view(&service::load(&state, &caller.actor(), &id).await?)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    pub id: String,
    /// The entry's place in the ledger.
    pub seq: i64,
    pub cycle: i64,
    pub round: i64,
    /// `contribution`, `confirmation`, `dispute`, `correction` or `payout`.
    pub kind: String,
    pub member: String,
    pub amount_minor: i64,
    pub recorded_by: String,
    pub refers_to: Option<String>,
    pub paid_on: Option<String>,
    pub note: String,
    pub recorded_at: i64,
    /// For contributions: `recorded`, `disputed`, `confirmed` or `corrected`.
    pub state: Option<String>,
}

/// The ledger, every cycle, oldest first. Entries are never changed.
#[utoipa::path(get, path = "/api/v1/circles/{id}/entries", tag = "circles", params(("id" = String, Path)),
    responses((status = 200, body = Vec<EntryView>), (status = 404, body = Problem)))]
pub async fn entries(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<Vec<EntryView>>> {
    let l = service::load(&state, &caller.actor(), &id).await?;
    let ledger = l.ledger();
    Ok(Json(
        l.entries
            .iter()
            .map(|s| {
                let e = &s.entry;
                EntryView {
                    id: e.id.to_string(),
                    seq: s.seq,
                    cycle: e.cycle,
                    round: e.round,
                    kind: e.kind.as_str().into(),
                    member: e.member.to_string(),
                    amount_minor: e.amount,
                    recorded_by: e.recorded_by.to_string(),
                    refers_to: e.refers_to.map(|r| r.to_string()),
                    paid_on: e.paid_on.map(date_string),
                    note: e.note.clone(),
                    recorded_at: s.recorded_at,
                    state: (e.kind == EntryKind::Contribution)
                        .then(|| rules::contribution_state(&ledger, e.id))
                        .map(|s: ContributionState| s.as_str().into()),
                }
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SettlementLine {
    pub person_id: String,
    pub display_name: String,
    pub paid_in_minor: i64,
    pub received_minor: i64,
    /// Positive: owed to them; negative: owed by them.
    pub net_minor: i64,
}

/// Who is owed what in the current cycle (the settlement when winding up).
#[utoipa::path(get, path = "/api/v1/circles/{id}/settlement", tag = "circles", params(("id" = String, Path)),
    responses((status = 200, body = Vec<SettlementLine>), (status = 404, body = Problem)))]
pub async fn settlement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<Vec<SettlementLine>>> {
    let l = service::load(&state, &caller.actor(), &id).await?;
    Ok(Json(
        service::settlement(&l)
            .into_iter()
            .map(|s| SettlementLine {
                person_id: s.member.to_string(),
                display_name: s.name,
                paid_in_minor: s.paid_in,
                received_minor: s.received,
                net_minor: s.net,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CircleInvitationView)]
pub struct InvitationView {
    /// Share this link with the person you invite; it works for 14 days.
    pub url: String,
    pub token: String,
}

/// Make an invitation link (organisers, while seats are free).
#[utoipa::path(post, path = "/api/v1/circles/{id}/invitations", tag = "circles", params(("id" = String, Path)),
    responses((status = 201, body = InvitationView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn invite(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<Response> {
    let token = service::invite(&state, &caller.actor(), &id).await?;
    let url = format!("{}/circles/join/{token}", state.config.base());
    Ok((StatusCode::CREATED, Json(InvitationView { url, token })).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CircleJoinBody)]
pub struct JoinBody {
    /// You have read the circle's rules and agree to them.
    pub accept_rules: bool,
}

/// Take a seat through an invitation link.
#[utoipa::path(post, path = "/api/v1/circle-invitations/{token}", tag = "circles", params(("token" = String, Path)),
    request_body = JoinBody,
    responses((status = 201, body = CircleView), (status = 404, body = Problem),
        (status = 409, description = "Already a member, or the circle is full or started", body = Problem),
        (status = 422, body = Problem)))]
pub async fn join(
    State(state): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
    ApiJson(b): ApiJson<JoinBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let id = service::join(&state, &actor, &token, b.accept_rules).await?;
    let loaded = service::load(&state, &actor, &id.to_string()).await?;
    Ok((StatusCode::CREATED, Json(view(&loaded))).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitBody {
    /// Your secret; the node keeps only its SHA-256.
    #[serde(default)]
    pub secret: Option<String>,
    /// Or the SHA-256 (hex) of a secret you keep to yourself.
    #[serde(default)]
    pub commitment: Option<String>,
}

/// Commit to a secret for the fair draw.
#[utoipa::path(post, path = "/api/v1/circles/{id}/draw/commitment", tag = "circles", params(("id" = String, Path)),
    request_body = CommitBody,
    responses((status = 204, description = "Committed"), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn commit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CommitBody>,
) -> WebResult<StatusCode> {
    service::commit_secret(&state, &caller.actor(), &id, b.secret.as_deref(), b.commitment.as_deref()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevealBody {
    pub secret: String,
}

/// Reveal your secret, once every member has committed.
#[utoipa::path(post, path = "/api/v1/circles/{id}/draw/reveal", tag = "circles", params(("id" = String, Path)),
    request_body = RevealBody,
    responses((status = 204, description = "Revealed"), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, description = "Not the secret committed to", body = Problem)))]
pub async fn reveal(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<RevealBody>,
) -> WebResult<StatusCode> {
    service::reveal(&state, &caller.actor(), &id, &b.secret).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Start paying rounds (organisers): every seat filled and, for a draw,
/// every secret revealed.
#[utoipa::path(post, path = "/api/v1/circles/{id}/start", tag = "circles", params(("id" = String, Path)),
    responses((status = 204, description = "Started"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn start(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    service::start(&state, &caller.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContributionBody {
    pub round: i64,
    /// The day you paid, `YYYY-MM-DD`: not in the future.
    pub paid_on: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recorded {
    /// The new ledger entry.
    pub id: String,
}

fn recorded(id: plural_kernel::ids::CircleEntryId) -> Response {
    (StatusCode::CREATED, Json(Recorded { id: id.to_string() })).into_response()
}

/// Record that you paid your contribution to a round.
#[utoipa::path(post, path = "/api/v1/circles/{id}/contributions", tag = "circles", params(("id" = String, Path)),
    request_body = ContributionBody,
    responses((status = 201, body = Recorded), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn contribute(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<ContributionBody>,
) -> WebResult<Response> {
    let ask = Ask::Contribute { round: b.round, paid_on: &b.paid_on };
    Ok(recorded(service::record(&state, &caller.actor(), &id, ask).await?))
}

/// Confirm a contribution arrived: the round's recipient or an organiser,
/// never the payer. A second confirmation is refused (409).
#[utoipa::path(post, path = "/api/v1/circles/{id}/entries/{entry}/confirm", tag = "circles",
    params(("id" = String, Path), ("entry" = String, Path)),
    responses((status = 201, body = Recorded), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn confirm(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, entry)): Path<(String, String)>,
) -> WebResult<Response> {
    Ok(recorded(service::record(&state, &caller.actor(), &id, Ask::Confirm { entry: &entry }).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    /// What is wrong, in a few words.
    pub note: String,
}

/// Flag a contribution that has not arrived. It stays in the ledger.
#[utoipa::path(post, path = "/api/v1/circles/{id}/entries/{entry}/dispute", tag = "circles",
    params(("id" = String, Path), ("entry" = String, Path)), request_body = NoteBody,
    responses((status = 201, body = Recorded), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn dispute(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, entry)): Path<(String, String)>,
    ApiJson(b): ApiJson<NoteBody>,
) -> WebResult<Response> {
    let ask = Ask::Dispute { entry: &entry, note: &b.note };
    Ok(recorded(service::record(&state, &caller.actor(), &id, ask).await?))
}

/// Cancel a contribution recorded in error with a new entry that refers to
/// it: the payer before it is confirmed, or another organiser.
#[utoipa::path(post, path = "/api/v1/circles/{id}/entries/{entry}/correct", tag = "circles",
    params(("id" = String, Path), ("entry" = String, Path)), request_body = NoteBody,
    responses((status = 201, body = Recorded), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn correct(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, entry)): Path<(String, String)>,
    ApiJson(b): ApiJson<NoteBody>,
) -> WebResult<Response> {
    let ask = Ask::Correct { entry: &entry, note: &b.note };
    Ok(recorded(service::record(&state, &caller.actor(), &id, ask).await?))
}

/// Confirm you received the pot of your round: its confirmed contributions.
#[utoipa::path(post, path = "/api/v1/circles/{id}/rounds/{round}/payout", tag = "circles",
    params(("id" = String, Path), ("round" = i64, Path)),
    responses((status = 201, body = Recorded), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem, description = "No such round in this circle")))]
pub async fn payout(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, round)): Path<(String, i64)>,
) -> WebResult<Response> {
    Ok(recorded(service::record(&state, &caller.actor(), &id, Ask::Payout { round }).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SwapBody {
    /// The member (person id) to swap places with.
    pub with: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SwapView {
    pub id: String,
}

/// Ask another member to swap places in the payout order; they must agree.
#[utoipa::path(post, path = "/api/v1/circles/{id}/swaps", tag = "circles", params(("id" = String, Path)),
    request_body = SwapBody,
    responses((status = 201, body = SwapView), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 422, body = Problem)))]
pub async fn propose_swap(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SwapBody>,
) -> WebResult<Response> {
    let swap = service::propose_swap(&state, &caller.actor(), &id, &b.with).await?;
    Ok((StatusCode::CREATED, Json(SwapView { id: swap.to_string() })).into_response())
}

/// Agree to a swap proposed to you: the two places are exchanged.
#[utoipa::path(post, path = "/api/v1/circles/{id}/swaps/{swap}/accept", tag = "circles",
    params(("id" = String, Path), ("swap" = String, Path)),
    responses((status = 204, description = "Swapped"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn accept_swap(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, swap)): Path<(String, String)>,
) -> WebResult<StatusCode> {
    service::decide_swap(&state, &caller.actor(), &id, &swap, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Decline a swap proposed to you.
#[utoipa::path(post, path = "/api/v1/circles/{id}/swaps/{swap}/decline", tag = "circles",
    params(("id" = String, Path), ("swap" = String, Path)),
    responses((status = 204, description = "Declined"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn decline_swap(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, swap)): Path<(String, String)>,
) -> WebResult<StatusCode> {
    service::decide_swap(&state, &caller.actor(), &id, &swap, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganiserBody {
    /// The member (person id) to make a co-organiser.
    pub person: String,
}

/// Make a member a co-organiser (organisers).
#[utoipa::path(post, path = "/api/v1/circles/{id}/organisers", tag = "circles", params(("id" = String, Path)),
    request_body = OrganiserBody,
    responses((status = 204, description = "Done"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn add_organiser(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<OrganiserBody>,
) -> WebResult<StatusCode> {
    service::add_organiser(&state, &caller.actor(), &id, &b.person).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NextCycleBody {
    /// The next cycle's first due date, `YYYY-MM-DD`.
    pub start_on: String,
}

/// Start another cycle with the same members (organisers, once finished).
#[utoipa::path(post, path = "/api/v1/circles/{id}/next-cycle", tag = "circles", params(("id" = String, Path)),
    request_body = NextCycleBody,
    responses((status = 204, description = "Started"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn next_cycle(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<NextCycleBody>,
) -> WebResult<StatusCode> {
    service::next_cycle(&state, &caller.actor(), &id, &b.start_on).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Wind the circle up early (organisers); see the settlement for who is
/// owed what.
#[utoipa::path(post, path = "/api/v1/circles/{id}/wind-up", tag = "circles", params(("id" = String, Path)),
    responses((status = 204, description = "Wound up"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem)))]
pub async fn wind_up(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    service::wind_up(&state, &caller.actor(), &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, create, show, entries, settlement, invite, join, commit, reveal, start, contribute, confirm, dispute,
        correct, payout, propose_swap, accept_swap, decline_swap, add_organiser, next_cycle, wind_up),
    tags((name = "circles", description = "Savings circles: private to their members; Plural records, never moves money"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/circles", list)
        .api(Method::POST, "/api/v1/circles", create)
        .api(Method::GET, "/api/v1/circles/{id}", show)
        .api(Method::GET, "/api/v1/circles/{id}/entries", entries)
        .api(Method::GET, "/api/v1/circles/{id}/settlement", settlement)
        .api(Method::POST, "/api/v1/circles/{id}/invitations", invite)
        .api(Method::POST, "/api/v1/circle-invitations/{token}", join)
        .api(Method::POST, "/api/v1/circles/{id}/draw/commitment", commit)
        .api(Method::POST, "/api/v1/circles/{id}/draw/reveal", reveal)
        .api(Method::POST, "/api/v1/circles/{id}/start", start)
        .api(Method::POST, "/api/v1/circles/{id}/contributions", contribute)
        .api(Method::POST, "/api/v1/circles/{id}/entries/{entry}/confirm", confirm)
        .api(Method::POST, "/api/v1/circles/{id}/entries/{entry}/dispute", dispute)
        .api(Method::POST, "/api/v1/circles/{id}/entries/{entry}/correct", correct)
        .api(Method::POST, "/api/v1/circles/{id}/rounds/{round}/payout", payout)
        .api(Method::POST, "/api/v1/circles/{id}/swaps", propose_swap)
        .api(Method::POST, "/api/v1/circles/{id}/swaps/{swap}/accept", accept_swap)
        .api(Method::POST, "/api/v1/circles/{id}/swaps/{swap}/decline", decline_swap)
        .api(Method::POST, "/api/v1/circles/{id}/organisers", add_organiser)
        .api(Method::POST, "/api/v1/circles/{id}/next-cycle", next_cycle)
        .api(Method::POST, "/api/v1/circles/{id}/wind-up", wind_up)
}
