//! The API face of campaigns: the campaign itself, its stages, updates and
//! linked events, the petition, pledges and following.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::campaigns::{CampaignInput, PledgeInput, PledgeTotals, SignatureInput, StageInput};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::service::{self, Petition};
use crate::api::{ApiJson, Caller, MaybeCaller};
use crate::error::{Problem, WebResult};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::routes::Routes;
use crate::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct StageView {
    pub id: String,
    pub title: String,
    pub note: String,
    /// `YYYY-MM-DD`, the deadline, if there is one.
    pub due_on: Option<String>,
    pub done: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UpdateView {
    pub id: String,
    /// Markdown.
    pub body: String,
    pub author_name: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventRef {
    pub id: String,
    pub title: String,
    pub starts_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeTotalsView {
    pub money_pence: i64,
    pub hours: i64,
    pub shares_pence: i64,
    /// Of the above, how much depends on a condition ("if we reach £50,000").
    pub conditional_money_pence: i64,
    pub conditional_hours: i64,
    pub conditional_shares_pence: i64,
    pub pledges: i64,
}

impl From<PledgeTotals> for PledgeTotalsView {
    fn from(t: PledgeTotals) -> Self {
        PledgeTotalsView {
            money_pence: t.money_pence,
            hours: t.hours,
            shares_pence: t.shares_pence,
            conditional_money_pence: t.conditional_money_pence,
            conditional_hours: t.conditional_hours,
            conditional_shares_pence: t.conditional_shares_pence,
            pledges: t.pledges,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignSummary {
    pub id: String,
    /// The group's slug.
    pub group: String,
    /// The place's slug.
    pub place: String,
    pub title: String,
    pub goal: String,
    /// `draft`, `active`, `won`, `lost` or `ended`.
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignView {
    pub id: String,
    pub group: String,
    pub group_name: String,
    pub place: String,
    pub place_name: String,
    pub title: String,
    pub goal: String,
    /// Markdown.
    pub story: String,
    /// The story as sanitised HTML.
    pub story_html: String,
    /// Who must act.
    pub target: String,
    pub status: String,
    pub outcome: String,
    pub has_petition: bool,
    pub petition_text: String,
    /// Postcode districts counted as local besides the place.
    pub local_districts: Vec<String>,
    pub petition: Petition,
    pub has_pledges: bool,
    /// Plural records pledges; it never takes payments.
    pub pledge_totals: PledgeTotalsView,
    pub stages: Vec<StageView>,
    pub updates: Vec<UpdateView>,
    pub events: Vec<EventRef>,
    /// The public page, the printable poster and the embeddable counter.
    pub url: String,
    pub poster_url: String,
    pub counter_url: String,
    pub created_at: i64,
    pub updated_at: i64,
}

async fn view(state: &AppState, c: &plural_store::campaigns::Campaign) -> WebResult<CampaignView> {
    let base = state.config.base_url.trim_end_matches('/');
    let stages = plural_store::campaigns::stages(&state.db, &c.id)
        .await?
        .into_iter()
        .map(|s| StageView {
            id: s.id,
            title: s.title,
            note: s.note,
            due_on: s.due_on.map(crate::circles::service::date_string),
            done: s.done,
        })
        .collect();
    let updates = plural_store::campaigns::updates(&state.db, &c.id)
        .await?
        .into_iter()
        .map(|u| UpdateView { id: u.id, body: u.body, author_name: u.author_name, created_at: u.created_at })
        .collect();
    let events = plural_store::campaigns::events(&state.db, &c.id)
        .await?
        .into_iter()
        .map(|e| EventRef { id: e.id, title: e.title, starts_at: e.starts_at })
        .collect();
    Ok(CampaignView {
        id: c.id.clone(),
        group: c.group_slug.clone(),
        group_name: c.group_name.clone(),
        place: c.place_slug.clone(),
        place_name: c.place_name.clone(),
        title: c.title.clone(),
        goal: c.goal.clone(),
        story: c.story.clone(),
        story_html: markdown_to_html(&c.story, RawHtml::AsText),
        target: c.target.clone(),
        status: c.status.as_str().into(),
        outcome: c.outcome.clone(),
        has_petition: c.petition,
        petition_text: c.petition_text.clone(),
        local_districts: c.local_districts.split_whitespace().map(str::to_string).collect(),
        petition: service::petition(state, c).await?,
        has_pledges: c.pledges,
        pledge_totals: service::totals(state, c).await?.into(),
        stages,
        updates,
        events,
        url: format!("{base}/campaigns/{}", c.id),
        poster_url: format!("{base}/campaigns/{}/poster", c.id),
        counter_url: format!("{base}/widget/campaigns/{}/counter", c.id),
        created_at: c.created_at,
        updated_at: c.updated_at,
    })
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// A place's slug.
    pub place: Option<String>,
}

/// Campaigns anyone may see (not drafts), newest first.
#[utoipa::path(get, path = "/api/v1/campaigns", tag = "campaigns", params(ListQuery),
    responses((status = 200, body = Vec<CampaignSummary>), (status = 404, description = "No such place", body = Problem)))]
pub async fn list(State(state): State<AppState>, Query(q): Query<ListQuery>) -> WebResult<Json<Vec<CampaignSummary>>> {
    let items = service::list(&state, q.place.as_deref().unwrap_or("")).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|c| CampaignSummary {
                id: c.id,
                group: c.group_slug,
                place: c.place_slug,
                title: c.title,
                goal: c.goal,
                status: c.status.as_str().into(),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageBody {
    pub title: String,
    #[serde(default)]
    pub note: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub due_on: String,
}

impl StageBody {
    fn input(&self) -> StageInput {
        StageInput { title: self.title.clone(), note: self.note.clone(), due_on: self.due_on.clone() }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignBody {
    pub title: String,
    /// What the campaign wants, in a sentence.
    pub goal: String,
    /// Markdown; HTML is shown as typed, never run.
    #[serde(default)]
    pub story: String,
    /// Who must act: the council, the owner.
    #[serde(default)]
    pub target: String,
    /// `draft` (the default), `active`, `won`, `lost` or `ended`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub has_petition: bool,
    #[serde(default)]
    pub petition_text: String,
    /// Signatures wanted; 0 for none.
    #[serde(default)]
    pub threshold: i64,
    /// Postcode districts (`E13`, never a whole postcode) counted as local.
    #[serde(default)]
    pub local_districts: Vec<String>,
    #[serde(default)]
    pub has_pledges: bool,
}

impl CampaignBody {
    fn input(&self) -> CampaignInput {
        CampaignInput {
            title: self.title.clone(),
            goal: self.goal.clone(),
            story: self.story.clone(),
            target: self.target.clone(),
            status: self.status.clone(),
            outcome: self.outcome.clone(),
            petition: self.has_petition,
            petition_text: self.petition_text.clone(),
            threshold: if self.threshold == 0 { String::new() } else { self.threshold.to_string() },
            local_districts: self.local_districts.join(" "),
            pledges: self.has_pledges,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCampaignBody {
    /// The slug of the group running it (you must be one of its admins).
    pub group: String,
    /// A place's slug; the group's own place when left out.
    #[serde(default)]
    pub place: String,
    pub title: String,
    pub goal: String,
    /// Markdown; HTML is shown as typed, never run.
    #[serde(default)]
    pub story: String,
    #[serde(default)]
    pub target: String,
    /// `draft` (the default), `active`, `won`, `lost` or `ended`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub has_petition: bool,
    #[serde(default)]
    pub petition_text: String,
    #[serde(default)]
    pub threshold: i64,
    #[serde(default)]
    pub local_districts: Vec<String>,
    #[serde(default)]
    pub has_pledges: bool,
    /// The first stages, in order.
    #[serde(default)]
    pub stages: Vec<StageBody>,
}

impl NewCampaignBody {
    fn campaign(self) -> CampaignBody {
        CampaignBody {
            title: self.title,
            goal: self.goal,
            story: self.story,
            target: self.target,
            status: self.status,
            outcome: self.outcome,
            has_petition: self.has_petition,
            petition_text: self.petition_text,
            threshold: self.threshold,
            local_districts: self.local_districts,
            has_pledges: self.has_pledges,
        }
    }
}

/// Start a campaign for a group.
#[utoipa::path(post, path = "/api/v1/campaigns", tag = "campaigns", request_body = NewCampaignBody,
    responses((status = 201, body = CampaignView), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<NewCampaignBody>,
) -> WebResult<Response> {
    let stages: Vec<StageInput> = b.stages.iter().map(StageBody::input).collect();
    let (group, place) = (b.group.clone(), b.place.clone());
    let input = b.campaign().input();
    let c = service::create(&state, &caller.actor(), &group, &place, &input, &stages).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &c).await?)).into_response())
}

#[utoipa::path(get, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = String, Path)),
    responses((status = 200, body = CampaignView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<CampaignView>> {
    let l = service::load(&state, &caller.actor(), &id).await?;
    Ok(Json(view(&state, &l.c).await?))
}

/// Replace a campaign's fields (its organisers).
#[utoipa::path(put, path = "/api/v1/campaigns/{id}", tag = "campaigns", params(("id" = String, Path)),
    request_body = CampaignBody,
    responses((status = 200, body = CampaignView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn edit(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<CampaignBody>,
) -> WebResult<Json<CampaignView>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::edit(&state, &actor, &l, &b.input()).await?;
    let l = service::load(&state, &actor, &id).await?;
    Ok(Json(view(&state, &l.c).await?))
}

/// Add a stage after the others.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/stages", tag = "campaigns", params(("id" = String, Path)),
    request_body = StageBody,
    responses((status = 204, description = "Added"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn add_stage(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<StageBody>,
) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::add_stage(&state, &actor, &l, &b.input()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DoneBody {
    pub done: bool,
}

/// Mark a stage done (or not).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/stages/{stage}/done", tag = "campaigns",
    params(("id" = String, Path), ("stage" = String, Path)), request_body = DoneBody,
    responses((status = 204, description = "Saved"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn stage_done(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, stage)): Path<(String, String)>,
    ApiJson(b): ApiJson<DoneBody>,
) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::set_stage_done(&state, &actor, &l, &stage, b.done).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBody {
    /// Markdown.
    pub body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    pub id: String,
}

/// Post an update; supporters who opted in get it by email.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/updates", tag = "campaigns", params(("id" = String, Path)),
    request_body = UpdateBody,
    responses((status = 201, body = Created), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn post_update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<UpdateBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    let id = service::post_update(&state, &actor, &l, &b.body).await?;
    Ok((StatusCode::CREATED, Json(Created { id })).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = CampaignEventBody)]
pub struct EventBody {
    /// An event's id (or its page's address).
    pub event: String,
}

/// Link one of the node's events to the campaign.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/events", tag = "campaigns", params(("id" = String, Path)),
    request_body = EventBody,
    responses((status = 204, description = "Linked"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn link_event(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<EventBody>,
) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::link_event(&state, &actor, &l, &b.event).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How the petition stands: signatures, how many are local, the threshold.
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/petition", tag = "campaigns", params(("id" = String, Path)),
    responses((status = 200, body = Petition), (status = 404, body = Problem)))]
pub async fn petition(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<Petition>> {
    let l = service::load(&state, &caller.actor(), &id).await?;
    Ok(Json(service::petition(&state, &l.c).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignatureBody {
    /// `name`, `first_name` or `anonymous`: how your name appears.
    pub display: String,
    /// `place` (one of the node's places) or `postcode` (a postcode
    /// district like `E13`). Never an address.
    pub locality_kind: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub postcode_district: String,
    /// Also get the campaign's updates by email.
    #[serde(default)]
    pub follow: bool,
}

/// Sign the petition (once per person).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/signatures", tag = "campaigns", params(("id" = String, Path)),
    request_body = SignatureBody,
    responses((status = 201, body = Petition), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "Signed already, or the campaign is closed", body = Problem),
        (status = 422, body = Problem)))]
pub async fn sign(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<SignatureBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    let input = SignatureInput {
        display: b.display,
        locality_kind: b.locality_kind,
        place: b.place,
        postcode_district: b.postcode_district,
    };
    service::sign(&state, &actor, &l, &input).await?;
    if b.follow {
        service::follow(&state, &actor, &l).await?;
    }
    Ok((StatusCode::CREATED, Json(service::petition(&state, &l.c).await?)).into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeView {
    pub id: String,
    pub person_name: Option<String>,
    /// `money`, `time` or `shares`.
    pub kind: String,
    /// Pence for money and shares; hours for time.
    pub amount: i64,
    pub condition: String,
    pub created_at: i64,
}

/// Who pledged what (the campaign's organisers only).
#[utoipa::path(get, path = "/api/v1/campaigns/{id}/pledges", tag = "campaigns", params(("id" = String, Path)),
    responses((status = 200, body = Vec<PledgeView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn pledges(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<Vec<PledgeView>>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    Ok(Json(
        service::pledge_list(&state, &actor, &l)
            .await?
            .into_iter()
            .map(|p| PledgeView {
                id: p.id,
                person_name: p.person_name,
                kind: p.kind.as_str().into(),
                amount: p.amount,
                condition: p.condition,
                created_at: p.created_at,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PledgeBody {
    /// `money`, `time` or `shares`.
    pub kind: String,
    /// Pounds (`250`, `1,000.50`) for money and shares; whole hours for time.
    pub amount: String,
    /// A condition, such as "if we reach £50,000".
    #[serde(default)]
    pub condition: String,
}

/// Record a pledge. Plural records pledges; it never takes payments.
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/pledges", tag = "campaigns", params(("id" = String, Path)),
    request_body = PledgeBody,
    responses((status = 201, body = PledgeTotalsView), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn pledge(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<PledgeBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    let input = PledgeInput { kind: b.kind, amount: b.amount, condition: b.condition };
    service::pledge(&state, &actor, &l, &input).await?;
    let totals: PledgeTotalsView = service::totals(&state, &l.c).await?.into();
    Ok((StatusCode::CREATED, Json(totals)).into_response())
}

/// Get the campaign's updates by email (opt in).
#[utoipa::path(post, path = "/api/v1/campaigns/{id}/supporters", tag = "campaigns", params(("id" = String, Path)),
    responses((status = 204, description = "Following"), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn follow(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::follow(&state, &actor, &l).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop getting the campaign's updates.
#[utoipa::path(delete, path = "/api/v1/campaigns/{id}/supporters", tag = "campaigns", params(("id" = String, Path)),
    responses((status = 204, description = "Not following"), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn unfollow(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<StatusCode> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &id).await?;
    service::unfollow(&state, &actor, &l).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(OpenApi)]
#[openapi(
    paths(list, create, show, edit, add_stage, stage_done, post_update, link_event, petition, sign, pledges, pledge,
        follow, unfollow),
    tags((name = "campaigns", description = "Campaigns: stages, updates, petitions and pledges (recorded, never collected)"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/campaigns", list)
        .api(Method::POST, "/api/v1/campaigns", create)
        .api(Method::GET, "/api/v1/campaigns/{id}", show)
        .api(Method::PUT, "/api/v1/campaigns/{id}", edit)
        .api(Method::POST, "/api/v1/campaigns/{id}/stages", add_stage)
        .api(Method::POST, "/api/v1/campaigns/{id}/stages/{stage}/done", stage_done)
        .api(Method::POST, "/api/v1/campaigns/{id}/updates", post_update)
        .api(Method::POST, "/api/v1/campaigns/{id}/events", link_event)
        .api(Method::GET, "/api/v1/campaigns/{id}/petition", petition)
        .api(Method::POST, "/api/v1/campaigns/{id}/signatures", sign)
        .api(Method::GET, "/api/v1/campaigns/{id}/pledges", pledges)
        .api(Method::POST, "/api/v1/campaigns/{id}/pledges", pledge)
        .api(Method::POST, "/api/v1/campaigns/{id}/supporters", follow)
        .api(Method::DELETE, "/api/v1/campaigns/{id}/supporters", unfollow)
}
