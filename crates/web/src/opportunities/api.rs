//! The API face of opportunities: listing and reading them, creating and
//! editing them (group admins), saying "I'm interested", and the responses.

use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::opportunities::OpportunityInput;
use plural_store::opportunities::{Filter, Opportunity};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service::{self, date_string, Loaded};
use crate::api::{ApiJson, Caller, MaybeCaller, PageQuery, Paged};
use crate::error::{Problem, WebError, WebResult};
use crate::rich_text::{markdown_to_html, RawHtml};
use crate::routes::Routes;
use crate::AppState;

/// How much time the role asks for.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommitmentView {
    /// `weekly`, `monthly`, `one_off` or `flexible`.
    pub kind: String,
    /// Hours a week, a month, or in all for a one-off.
    pub hours: Option<i64>,
    /// In the group's words, e.g. "Saturday mornings".
    pub text: String,
}

/// A volunteering opportunity.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpportunityView {
    pub id: String,
    /// Slug of the group offering it.
    pub group: String,
    pub group_name: String,
    /// Slug of its place.
    pub place: String,
    pub title: String,
    /// Markdown, as written.
    pub description: String,
    /// The description rendered and sanitised.
    pub description_html: String,
    pub commitment: CommitmentView,
    pub skills: Vec<String>,
    pub no_experience_needed: bool,
    pub min_age: Option<i64>,
    pub suitable_for: String,
    pub location: String,
    pub remote: bool,
    /// Last day to come forward, `YYYY-MM-DD`.
    pub closes_on: Option<String>,
    /// `draft`, `published` or `closed`.
    pub status: String,
    /// Whether volunteers may still say they are interested.
    pub open: bool,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
}

impl OpportunityView {
    fn of(o: &Opportunity) -> Self {
        OpportunityView {
            id: o.id.to_string(),
            group: o.group_slug.clone(),
            group_name: o.group_name.clone(),
            place: o.place_slug.clone(),
            title: o.title.clone(),
            description: o.description.clone(),
            description_html: markdown_to_html(&o.description, RawHtml::Strip),
            commitment: CommitmentView {
                kind: o.commitment_kind.as_str().into(),
                hours: o.commitment_hours,
                text: o.commitment_text.clone(),
            },
            skills: o.skills.clone(),
            no_experience_needed: o.no_experience_needed,
            min_age: o.min_age,
            suitable_for: o.suitable_for.clone(),
            location: o.location.clone(),
            remote: o.remote,
            closes_on: o.closes_on.map(date_string),
            status: o.status.as_str().into(),
            open: plural_kernel::opportunities::is_open(o.status, o.closes_on, plural_store::now()),
            created_at: o.created_at,
            updated_at: o.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only opportunities at this place (its slug).
    pub place: Option<String>,
    /// Only those needing no experience.
    pub no_experience_needed: Option<bool>,
    /// Only those that can be done remotely.
    pub remote: Option<bool>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Opportunities still taking volunteers, soonest closing first.
#[utoipa::path(get, path = "/api/v1/opportunities", tag = "opportunities", params(ListQuery),
    responses((status = 200, body = Paged<OpportunityView>), (status = 404, description = "No such place", body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    Query(q): Query<ListQuery>,
) -> WebResult<Json<Paged<OpportunityView>>> {
    let (limit, offset, page, per_page) = PageQuery { page: q.page, per_page: q.per_page }.limit_offset();
    let place = match q.place.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(slug) => Some(plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?.id),
        None => None,
    };
    let filter = Filter {
        place,
        group: None,
        no_experience_needed: q.no_experience_needed.unwrap_or(false),
        remote: q.remote.unwrap_or(false),
    };
    let items = service::list(&state, filter, limit, offset).await?.iter().map(OpportunityView::of).collect();
    Ok(Json(Paged { items, page, per_page }))
}

/// One opportunity. Drafts are found only by the group's admins.
#[utoipa::path(get, path = "/api/v1/opportunities/{id}", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = OpportunityView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(id): Path<String>,
) -> WebResult<Json<OpportunityView>> {
    let loaded = service::load(&state, &caller.actor(), &id).await?;
    Ok(Json(OpportunityView::of(&loaded.opportunity)))
}

/// The fields of an opportunity. On create, `group` and `title` are
/// required; on update, fields left out keep their value.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpportunityBody {
    /// Slug of the group offering it (create only).
    #[serde(default)]
    pub group: Option<String>,
    /// Slug of the place; the group's place when left out (create only).
    #[serde(default)]
    pub place: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    /// Markdown; HTML is removed when shown.
    #[serde(default)]
    pub description: Option<String>,
    /// `weekly`, `monthly`, `one_off` or `flexible` (the default).
    #[serde(default)]
    pub commitment_kind: Option<String>,
    #[serde(default)]
    pub commitment_hours: Option<i64>,
    #[serde(default)]
    pub commitment_text: Option<String>,
    #[serde(default)]
    pub skills: Option<Vec<String>>,
    #[serde(default)]
    pub no_experience_needed: Option<bool>,
    #[serde(default)]
    pub min_age: Option<i64>,
    #[serde(default)]
    pub suitable_for: Option<String>,
    /// Where it happens; required unless `remote`.
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub remote: Option<bool>,
    /// `YYYY-MM-DD`, not in the past.
    #[serde(default)]
    pub closes_on: Option<String>,
    /// `draft`, `published` (the default on create) or `closed`.
    #[serde(default)]
    pub status: Option<String>,
}

impl OpportunityBody {
    /// Lay the body's fields over `base` (empty on create).
    fn apply(&self, mut base: OpportunityInput) -> OpportunityInput {
        let set = |target: &mut String, v: &Option<String>| {
            if let Some(v) = v {
                v.clone_into(target);
            }
        };
        set(&mut base.title, &self.title);
        set(&mut base.description, &self.description);
        set(&mut base.commitment_kind, &self.commitment_kind);
        if let Some(h) = self.commitment_hours {
            base.commitment_hours = h.to_string();
        }
        set(&mut base.commitment_text, &self.commitment_text);
        if let Some(skills) = &self.skills {
            base.skills = skills.join("\n");
        }
        if let Some(b) = self.no_experience_needed {
            base.no_experience_needed = b;
        }
        if let Some(a) = self.min_age {
            base.min_age = a.to_string();
        }
        set(&mut base.suitable_for, &self.suitable_for);
        set(&mut base.location, &self.location);
        if let Some(b) = self.remote {
            base.remote = b;
        }
        set(&mut base.closes_on, &self.closes_on);
        set(&mut base.status, &self.status);
        base
    }
}

/// Publish (or draft) an opportunity for a group the caller administers.
#[utoipa::path(post, path = "/api/v1/opportunities", tag = "opportunities", request_body = OpportunityBody,
    responses((status = 201, body = OpportunityView), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<OpportunityBody>,
) -> WebResult<Response> {
    let input = b.apply(OpportunityInput::default());
    let o = service::create(
        &state,
        &caller.actor(),
        b.group.as_deref().unwrap_or(""),
        b.place.as_deref().unwrap_or(""),
        &input,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(OpportunityView::of(&o))).into_response())
}

/// Change an opportunity (publish, close, edit): the group's admins and owners.
#[utoipa::path(patch, path = "/api/v1/opportunities/{id}", tag = "opportunities", params(("id" = String, Path)),
    request_body = OpportunityBody,
    responses((status = 200, body = OpportunityView), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<OpportunityBody>,
) -> WebResult<Json<OpportunityView>> {
    if b.group.is_some() || b.place.is_some() {
        return Err(WebError::BadRequest("invalid-body", "group and place cannot be changed".into()));
    }
    let actor = caller.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    let input = b.apply(service::input_of(&loaded.opportunity));
    let o = service::update(&state, &actor, &loaded, &input).await?;
    Ok(Json(OpportunityView::of(&o)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InterestBody {
    /// A few words to the group: who you are, when you are free.
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InterestView {
    /// The expression of interest.
    pub id: String,
    /// `active`.
    pub status: String,
}

/// Say "I'm interested". The group's admins are emailed your message and
/// display name, never your address.
#[utoipa::path(post, path = "/api/v1/opportunities/{id}/interest", tag = "opportunities", params(("id" = String, Path)),
    request_body = InterestBody,
    responses((status = 201, body = InterestView), (status = 404, body = Problem),
        (status = 409, description = "Already interested, or no longer open", body = Problem),
        (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn interest(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(b): ApiJson<InterestBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    let rid = service::express_interest(&state, &actor, &loaded, &b.message).await?;
    Ok((StatusCode::CREATED, Json(InterestView { id: rid.to_string(), status: "active".into() })).into_response())
}

/// Withdraw your interest.
#[utoipa::path(delete, path = "/api/v1/opportunities/{id}/interest", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 204, description = "Withdrawn"), (status = 404, body = Problem),
        (status = 409, description = "You had not said you were interested", body = Problem)))]
pub async fn withdraw(State(state): State<AppState>, caller: Caller, Path(id): Path<String>) -> WebResult<Response> {
    let actor = caller.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    service::withdraw(&state, &actor, &loaded).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReplyView {
    pub author_name: Option<String>,
    pub message: String,
    pub created_at: i64,
}

/// Someone who came forward, as the group sees them: a name, never an address.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResponseView {
    pub id: String,
    pub display_name: Option<String>,
    pub message: String,
    /// `active` or `withdrawn`.
    pub status: String,
    pub created_at: i64,
    pub replies: Vec<ReplyView>,
}

/// Everyone who said they were interested: the group's admins and owners only.
#[utoipa::path(get, path = "/api/v1/opportunities/{id}/responses", tag = "opportunities", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ResponseView>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn responses(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> WebResult<Json<Vec<ResponseView>>> {
    let actor = caller.actor();
    let loaded: Loaded = service::load(&state, &actor, &id).await?;
    let all = service::responses(&state, &actor, &loaded).await?;
    Ok(Json(
        all.into_iter()
            .map(|r| ResponseView {
                id: r.id.to_string(),
                display_name: r.display_name,
                message: r.message,
                status: r.status,
                created_at: r.created_at,
                replies: r
                    .replies
                    .into_iter()
                    .map(|x| ReplyView { author_name: x.author_name, message: x.message, created_at: x.created_at })
                    .collect(),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyBody {
    pub message: String,
}

/// Answer a volunteer; they are emailed, without your address.
#[utoipa::path(post, path = "/api/v1/opportunities/{id}/responses/{response_id}/reply", tag = "opportunities",
    params(("id" = String, Path), ("response_id" = String, Path)), request_body = ReplyBody,
    responses((status = 204, description = "Sent"), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, response_id)): Path<(String, String)>,
    ApiJson(b): ApiJson<ReplyBody>,
) -> WebResult<Response> {
    let actor = caller.actor();
    let loaded = service::load(&state, &actor, &id).await?;
    service::reply(&state, &actor, &loaded, &response_id, &b.message).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(list, show, create, update, interest, withdraw, responses, reply),
    tags((name = "opportunities", description = "Volunteering opportunities"))
)]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/opportunities", list)
        .api(Method::POST, "/api/v1/opportunities", create)
        .api(Method::GET, "/api/v1/opportunities/{id}", show)
        .api(Method::PATCH, "/api/v1/opportunities/{id}", update)
        .api(Method::POST, "/api/v1/opportunities/{id}/interest", interest)
        .api(Method::DELETE, "/api/v1/opportunities/{id}/interest", withdraw)
        .api(Method::GET, "/api/v1/opportunities/{id}/responses", responses)
        .api(Method::POST, "/api/v1/opportunities/{id}/responses/{response_id}/reply", reply)
}
