//! The API face of node administration: list people, grant or revoke node
//! admin, disable or enable accounts. Emails are never shown.

use axum::extract::{Path, Query, State};
use axum::http::Method;
use axum::Json;
use plural_kernel::authz::{self, Action};
use plural_store::people::Person;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::service;
use crate::api::{ApiJson, Caller, PageQuery, Paged};
use crate::error::{Problem, WebResult};
use crate::routes::Routes;
use crate::AppState;

/// A person as node admins see them: no contact details.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminPersonView {
    pub id: String,
    pub display_name: String,
    /// Unix seconds.
    pub created_at: i64,
    pub is_node_admin: bool,
    pub disabled: bool,
}

impl AdminPersonView {
    fn of(p: &Person) -> AdminPersonView {
        AdminPersonView {
            id: p.id.to_string(),
            display_name: p.display_name.clone().unwrap_or_default(),
            created_at: p.created_at,
            is_node_admin: p.is_node_admin,
            disabled: p.disabled,
        }
    }
}

/// Everyone with an account, newest first (node admins).
#[utoipa::path(get, path = "/api/v1/admin/people", tag = "admin", params(PageQuery),
    responses((status = 200, body = Paged<AdminPersonView>), (status = 401, body = Problem),
              (status = 403, body = Problem)))]
pub async fn people(
    State(state): State<AppState>,
    caller: Caller,
    Query(q): Query<PageQuery>,
) -> WebResult<Json<Paged<AdminPersonView>>> {
    authz::decide(&caller.actor(), &Action::ManagePeople)?;
    let (limit, offset, page, per_page) = q.limit_offset();
    let items = plural_store::people::list(&state.db, limit, offset).await?;
    Ok(Json(Paged { items: items.iter().map(AdminPersonView::of).collect(), page, per_page }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetAdminBody {
    pub admin: bool,
}

/// Grant or revoke node admin. The last node admin cannot revoke themselves.
#[utoipa::path(put, path = "/api/v1/admin/people/{id}/admin", tag = "admin", request_body = SetAdminBody,
    params(("id" = String, Path, description = "The person's id")),
    responses((status = 200, body = AdminPersonView), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_admin(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SetAdminBody>,
) -> WebResult<Json<AdminPersonView>> {
    authz::decide(&caller.actor(), &Action::ManagePeople)?;
    let target = service::target(&state, &id).await?;
    let person = service::set_node_admin(&state, &caller.person, &target, body.admin).await?;
    Ok(Json(AdminPersonView::of(&person)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDisabledBody {
    pub disabled: bool,
}

/// Disable or enable an account. Disabling ends its sessions and revokes its
/// tokens. Nobody can disable themselves.
#[utoipa::path(put, path = "/api/v1/admin/people/{id}/disabled", tag = "admin", request_body = SetDisabledBody,
    params(("id" = String, Path, description = "The person's id")),
    responses((status = 200, body = AdminPersonView), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_disabled(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SetDisabledBody>,
) -> WebResult<Json<AdminPersonView>> {
    authz::decide(&caller.actor(), &Action::ManagePeople)?;
    let target = service::target(&state, &id).await?;
    let person = service::set_disabled(&state, &caller.person, &target, body.disabled).await?;
    Ok(Json(AdminPersonView::of(&person)))
}

pub fn routes() -> Routes {
    Routes::new()
        .api(Method::GET, "/api/v1/admin/people", people)
        .api(Method::PUT, "/api/v1/admin/people/{id}/admin", set_admin)
        .api(Method::PUT, "/api/v1/admin/people/{id}/disabled", set_disabled)
}

#[derive(utoipa::OpenApi)]
#[openapi(paths(people, set_admin, set_disabled))]
pub struct Doc;
