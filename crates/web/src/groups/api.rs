//! The API face of groups: listing, creating and editing them, joining and
//! leaving, join requests, invitation links, members' roles and the
//! verified-public-body badge.

use std::collections::HashMap;

use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{header, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use plural_kernel::PlaceId;
use plural_store::groups::{Group, JoinRequest, Member};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service::{self, GroupInput, Joined};
use crate::api::{ApiJson, Caller, MaybeCaller, PageQuery, Paged};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// A group as anyone may see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    pub id: String,
    /// The group's web name, used in its addresses.
    pub slug: String,
    pub name: String,
    pub description: String,
    /// `community_group`, `charity`, `social_enterprise`, `public_body`, `business` or `informal`.
    pub kind: String,
    /// `open`, `approval` or `invite_only`.
    pub join_policy: String,
    /// Slug of the group's place.
    pub place: String,
    /// Checked by the node's administrators to be the public body it says it is.
    pub verified_public_body: bool,
    pub member_count: i64,
    /// Unix seconds.
    pub created_at: i64,
    /// The caller's role in the group (`owner`, `admin`, `member`), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub your_role: Option<String>,
}

impl GroupView {
    fn of(g: &Group, place: String, your_role: Option<String>) -> Self {
        GroupView {
            id: g.id.to_string(),
            slug: g.slug.clone(),
            name: g.name.clone(),
            description: g.description.clone(),
            kind: g.kind.as_str().into(),
            join_policy: g.join_policy.as_str().into(),
            place,
            verified_public_body: g.verified_public_body,
            member_count: g.member_count,
            created_at: g.created_at,
            your_role,
        }
    }
}

async fn place_slug(state: &AppState, id: PlaceId) -> WebResult<String> {
    Ok(plural_store::places::get(&state.db, id).await?.map(|p| p.slug).unwrap_or_default())
}

async fn view(state: &AppState, g: &Group, caller: Option<&Caller>) -> WebResult<GroupView> {
    let role = match caller {
        Some(c) => plural_store::groups::role_of(&state.db, g.id, c.person.id).await?,
        None => None,
    };
    Ok(GroupView::of(g, place_slug(state, g.place_id).await?, role.map(|r| r.as_str().to_string())))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Only groups of this place (its slug).
    pub place: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

/// Groups, by name.
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups", params(ListQuery),
    responses((status = 200, body = Paged<GroupView>), (status = 404, description = "No such place", body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    _caller: MaybeCaller,
    Query(q): Query<ListQuery>,
) -> WebResult<Json<Paged<GroupView>>> {
    let (limit, offset, page, per_page) = PageQuery { page: q.page, per_page: q.per_page }.limit_offset();
    let groups = service::list(&state, q.place.as_deref(), limit, offset).await?;
    let places: HashMap<PlaceId, String> =
        plural_store::places::list(&state.db).await?.into_iter().map(|p| (p.id, p.slug)).collect();
    let items =
        groups.iter().map(|g| GroupView::of(g, places.get(&g.place_id).cloned().unwrap_or_default(), None)).collect();
    Ok(Json(Paged { items, page, per_page }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGroupBody {
    pub name: String,
    /// Web name; suggested from the name when left out.
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// `community_group`, `charity`, `social_enterprise`, `public_body`, `business` or `informal`.
    pub kind: String,
    /// Slug of the group's place.
    pub place: String,
    /// `open`, `approval` or `invite_only`.
    pub join_policy: String,
}

/// Create a group; the caller becomes its owner.
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", request_body = CreateGroupBody,
    responses((status = 201, body = GroupView), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(b): ApiJson<CreateGroupBody>,
) -> WebResult<Response> {
    let input = GroupInput {
        name: &b.name,
        slug: b.slug.as_deref().unwrap_or(""),
        description: b.description.as_deref().unwrap_or(""),
        kind: &b.kind,
        place: &b.place,
        join_policy: &b.join_policy,
    };
    let g = service::create(&state, &caller.actor(), input).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &g, Some(&caller)).await?)).into_response())
}

/// One group.
#[utoipa::path(get, path = "/api/v1/groups/{slug}", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = GroupView), (status = 404, body = Problem)))]
pub async fn show(
    State(state): State<AppState>,
    caller: MaybeCaller,
    Path(slug): Path<String>,
) -> WebResult<Json<GroupView>> {
    let l = service::load(&state, &caller.actor(), &slug).await?;
    Ok(Json(view(&state, &l.group, caller.0.as_ref()).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGroupBody {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub kind: Option<String>,
    pub place: Option<String>,
    pub join_policy: Option<String>,
}

/// Change a group's details; fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/groups/{slug}", tag = "groups", params(("slug" = String, Path)),
    request_body = UpdateGroupBody,
    responses((status = 200, body = GroupView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<UpdateGroupBody>,
) -> WebResult<Json<GroupView>> {
    let l = service::load(&state, &caller.actor(), &slug).await?;
    let g = &l.group;
    let place = match &b.place {
        Some(p) => p.clone(),
        None => place_slug(&state, g.place_id).await?,
    };
    let input = GroupInput {
        name: b.name.as_deref().unwrap_or(&g.name),
        slug: b.slug.as_deref().unwrap_or(&g.slug),
        description: b.description.as_deref().unwrap_or(&g.description),
        kind: b.kind.as_deref().unwrap_or(g.kind.as_str()),
        place: &place,
        join_policy: b.join_policy.as_deref().unwrap_or(g.join_policy.as_str()),
    };
    let g = service::update(&state, &caller.actor(), &slug, input).await?;
    Ok(Json(view(&state, &g, Some(&caller)).await?))
}

/// A member of a group. Only display names are shown, never contact details.
#[derive(Debug, Serialize, ToSchema)]
pub struct MemberView {
    pub person_id: String,
    /// Absent for a former member who has erased their account.
    pub display_name: Option<String>,
    /// `owner`, `admin` or `member`.
    pub role: String,
    /// Unix seconds.
    pub joined_at: i64,
}

impl From<&Member> for MemberView {
    fn from(m: &Member) -> Self {
        MemberView {
            person_id: m.person_id.to_string(),
            display_name: m.display_name.clone(),
            role: m.role.as_str().into(),
            joined_at: m.joined_at,
        }
    }
}

/// The members of a group (for its members and node administrators).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/members", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = [MemberView]), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> WebResult<Json<Vec<MemberView>>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &slug).await?;
    let members = service::members(&state, &actor, &l).await?;
    Ok(Json(members.iter().map(MemberView::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleBody {
    /// `owner`, `admin` or `member`.
    pub role: String,
}

/// Change a member's role. Admins manage members and admins; owners anyone.
#[utoipa::path(put, path = "/api/v1/groups/{slug}/members/{person_id}", tag = "groups",
    params(("slug" = String, Path), ("person_id" = String, Path)), request_body = RoleBody,
    responses((status = 204, description = "Changed"), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, body = Problem)))]
pub async fn change_role(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, person_id)): Path<(String, String)>,
    ApiJson(b): ApiJson<RoleBody>,
) -> WebResult<StatusCode> {
    let person = service::person_id(&person_id)?;
    service::change_role(&state, &caller.actor(), &slug, person, &b.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member from a group.
#[utoipa::path(delete, path = "/api/v1/groups/{slug}/members/{person_id}", tag = "groups",
    params(("slug" = String, Path), ("person_id" = String, Path)),
    responses((status = 204, description = "Removed"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn remove_member(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, person_id)): Path<(String, String)>,
) -> WebResult<StatusCode> {
    let person = service::person_id(&person_id)?;
    service::remove_member(&state, &caller.actor(), &slug, person).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    /// For groups that approve members: a note to the group's admins.
    #[serde(default)]
    pub message: Option<String>,
}

/// A JSON body that may be left out altogether.
async fn optional_body<T: serde::de::DeserializeOwned + Default>(state: &AppState, req: Request) -> WebResult<T> {
    let empty = req.headers().get(header::CONTENT_TYPE).is_none()
        && req.headers().get(header::CONTENT_LENGTH).is_none_or(|v| v.as_bytes() == b"0");
    if empty {
        return Ok(T::default());
    }
    let ApiJson(body) = ApiJson::<T>::from_request(req, state).await?;
    Ok(body)
}

/// The outcome of joining.
#[derive(Debug, Serialize, ToSchema)]
pub struct JoinView {
    /// `member` (joined) or `requested` (waiting for approval).
    pub status: String,
}

/// Join an open group (201), or ask to join one that approves members (202).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/join", tag = "groups", params(("slug" = String, Path)),
    request_body(content = Option<JoinBody>, description = "Optional"),
    responses((status = 201, body = JoinView), (status = 202, body = JoinView), (status = 403, body = Problem),
              (status = 409, body = Problem)))]
pub async fn join(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    req: Request,
) -> WebResult<Response> {
    let message = optional_body::<JoinBody>(&state, req).await?.message.unwrap_or_default();
    let (_, joined) = service::join(&state, &caller.actor(), &slug, &message).await?;
    Ok(match joined {
        Joined::Member => (StatusCode::CREATED, Json(JoinView { status: "member".into() })).into_response(),
        Joined::Requested => (StatusCode::ACCEPTED, Json(JoinView { status: "requested".into() })).into_response(),
    })
}

/// Leave a group. The last owner cannot leave.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/leave", tag = "groups", params(("slug" = String, Path)),
    responses((status = 204, description = "Left"), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn leave(State(state): State<AppState>, caller: Caller, Path(slug): Path<String>) -> WebResult<StatusCode> {
    service::leave(&state, &caller.actor(), &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A request to join, waiting for a decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct JoinRequestView {
    pub person_id: String,
    pub display_name: Option<String>,
    pub message: String,
    /// Unix seconds.
    pub created_at: i64,
}

impl From<&JoinRequest> for JoinRequestView {
    fn from(r: &JoinRequest) -> Self {
        JoinRequestView {
            person_id: r.person_id.to_string(),
            display_name: r.display_name.clone(),
            message: r.message.clone(),
            created_at: r.created_at,
        }
    }
}

/// Pending requests to join (for the group's admins and owners).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/requests", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = [JoinRequestView]), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn requests(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
) -> WebResult<Json<Vec<JoinRequestView>>> {
    let actor = caller.actor();
    let l = service::load(&state, &actor, &slug).await?;
    let requests = service::join_requests(&state, &actor, &l).await?;
    Ok(Json(requests.iter().map(JoinRequestView::from).collect()))
}

/// Approve a request: the person becomes a member.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/requests/{person_id}/approve", tag = "groups",
    params(("slug" = String, Path), ("person_id" = String, Path)),
    responses((status = 204, description = "Approved"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn approve(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, person_id)): Path<(String, String)>,
) -> WebResult<StatusCode> {
    let person = service::person_id(&person_id)?;
    service::decide_request(&state, &caller.actor(), &slug, person, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Decline a request.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/requests/{person_id}/decline", tag = "groups",
    params(("slug" = String, Path), ("person_id" = String, Path)),
    responses((status = 204, description = "Declined"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn decline(
    State(state): State<AppState>,
    caller: Caller,
    Path((slug, person_id)): Path<(String, String)>,
) -> WebResult<StatusCode> {
    let person = service::person_id(&person_id)?;
    service::decide_request(&state, &caller.actor(), &slug, person, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationBody {
    /// The role the link grants: `member`, `admin` or (owners only) `owner`.
    pub role: String,
}

/// A new invitation link. The link is shown this once.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationView {
    pub url: String,
    pub role: String,
    /// Unix seconds.
    pub expires_at: i64,
}

/// Make an invitation link, valid for 14 days.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/invitations", tag = "groups", params(("slug" = String, Path)),
    request_body = InvitationBody,
    responses((status = 201, body = InvitationView), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<InvitationBody>,
) -> WebResult<Response> {
    let inv = service::create_invitation(&state, &caller.actor(), &slug, &b.role).await?;
    let body = InvitationView { url: inv.url, role: inv.role.as_str().into(), expires_at: inv.expires_at };
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// Accept an invitation: join its group with the role it grants.
#[utoipa::path(post, path = "/api/v1/invitations/{token}/accept", tag = "groups", params(("token" = String, Path)),
    responses((status = 201, body = GroupView), (status = 400, description = "Unknown or expired link", body = Problem),
              (status = 409, body = Problem)))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path(token): Path<String>,
) -> WebResult<Response> {
    let (g, _) = service::accept_invitation(&state, &caller.actor(), &token).await?;
    Ok((StatusCode::CREATED, Json(view(&state, &g, Some(&caller)).await?)).into_response())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerificationBody {
    pub verified: bool,
}

/// Mark a public body as verified, or take the mark away (node administrators).
#[utoipa::path(put, path = "/api/v1/groups/{slug}/verification", tag = "groups", params(("slug" = String, Path)),
    request_body = VerificationBody,
    responses((status = 200, body = GroupView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "Not a public body", body = Problem)))]
pub async fn set_verification(
    State(state): State<AppState>,
    caller: Caller,
    Path(slug): Path<String>,
    ApiJson(b): ApiJson<VerificationBody>,
) -> WebResult<Json<GroupView>> {
    let g = service::set_verified(&state, &caller.actor(), &slug, b.verified).await?;
    Ok(Json(view(&state, &g, Some(&caller)).await?))
}

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/groups", list)
        .api(Method::POST, "/api/v1/groups", create)
        .api(Method::GET, "/api/v1/groups/{slug}", show)
        .api(Method::PATCH, "/api/v1/groups/{slug}", update)
        .api(Method::GET, "/api/v1/groups/{slug}/members", members)
        .api(Method::PUT, "/api/v1/groups/{slug}/members/{person_id}", change_role)
        .api(Method::DELETE, "/api/v1/groups/{slug}/members/{person_id}", remove_member)
        .api(Method::POST, "/api/v1/groups/{slug}/join", join)
        .api(Method::POST, "/api/v1/groups/{slug}/leave", leave)
        .api(Method::GET, "/api/v1/groups/{slug}/requests", requests)
        .api(Method::POST, "/api/v1/groups/{slug}/requests/{person_id}/approve", approve)
        .api(Method::POST, "/api/v1/groups/{slug}/requests/{person_id}/decline", decline)
        .api(Method::POST, "/api/v1/groups/{slug}/invitations", create_invitation)
        .api(Method::POST, "/api/v1/invitations/{token}/accept", accept_invitation)
        .api(Method::PUT, "/api/v1/groups/{slug}/verification", set_verification)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    list,
    create,
    show,
    update,
    members,
    change_role,
    remove_member,
    join,
    leave,
    requests,
    approve,
    decline,
    create_invitation,
    accept_invitation,
    set_verification
))]
pub struct Doc;
