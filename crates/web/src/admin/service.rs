//! What node admins do to people, shared by the admin page and the API.
//! Every action on a person is written to that person's access log, so
//! they can see who did what to their account.

use plural_kernel::authz::{self, Action};
use plural_kernel::PersonId;
use plural_store::people::Person;

use crate::error::{WebError, WebResult};
use crate::AppState;

/// The person an action is about; erased accounts are gone for good.
pub async fn target(state: &AppState, id: &str) -> WebResult<Person> {
    let id: PersonId = id.parse().map_err(|_| WebError::not_found())?;
    plural_store::people::get(&state.db, id).await?.filter(|p| !p.erased).ok_or(WebError::not_found())
}

fn admin_label(admin: &Person) -> String {
    format!("node admin {}", admin.display_name.as_deref().unwrap_or_default())
}

pub async fn set_node_admin(state: &AppState, admin: &Person, target: &Person, grant: bool) -> WebResult<Person> {
    let admins = usize::try_from(plural_store::people::active_admin_count(&state.db).await?).unwrap_or(0);
    let actor = admin.actor();
    authz::decide(&actor, &Action::SetNodeAdmin { grant, is_self: admin.id == target.id, admins })?;
    if target.is_node_admin != grant {
        if !plural_store::people::set_node_admin(&state.db, target.id, grant).await? {
            return Err(WebError::not_found());
        }
        let what = if grant { "granted node admin" } else { "revoked node admin" };
        plural_store::people::log_access(&state.db, target.id, &admin_label(admin), what).await?;
    }
    reload(state, target.id).await
}

pub async fn set_disabled(state: &AppState, admin: &Person, target: &Person, disabled: bool) -> WebResult<Person> {
    authz::decide(&admin.actor(), &Action::SetDisabled { is_self: admin.id == target.id })?;
    if target.disabled != disabled {
        if !plural_store::people::set_disabled(&state.db, target.id, disabled).await? {
            return Err(WebError::not_found());
        }
        let what = if disabled { "disabled the account" } else { "enabled the account" };
        plural_store::people::log_access(&state.db, target.id, &admin_label(admin), what).await?;
    }
    reload(state, target.id).await
}

pub async fn reload(state: &AppState, id: PersonId) -> WebResult<Person> {
    plural_store::people::get(&state.db, id).await?.ok_or(WebError::not_found())
}
