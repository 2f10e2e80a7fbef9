//! The domain operations on notices, shared by pages and API. Each gathers
//! the facts, asks [`authz::decide`], then reads or writes the store and
//! tells federation.

use chrono_tz::Tz;
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::errors::FieldErrors;
use plural_kernel::ids::NoticeId;
use plural_kernel::notices::{self as rules, NoticeInput};
use plural_kernel::{DomainError, PersonId, PlaceId};
use plural_store::groups::Group;
use plural_store::notices::{Filter, Notice};

use crate::error::{WebError, WebResult};
use crate::AppState;

/// How many current notices a place's or a group's page shows.
pub const ON_PAGE: i64 = 5;

/// The node's time zone, which form times are read and shown in.
pub fn zone(state: &AppState) -> Tz {
    state.config.time_zone.parse().unwrap_or(chrono_tz::Europe::London)
}

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

/// The question authz is asked about posting for `group`, or for the whole
/// `place` when there is no group.
async fn publish_action(state: &AppState, actor: &Actor, place: PlaceId, group: Option<&Group>) -> WebResult<Action> {
    let Some(person) = actor.person_id() else {
        return Ok(Action::PublishNotice { for_group: group.is_some(), steward: false, group_role: None });
    };
    Ok(match group {
        Some(g) => Action::PublishNotice {
            for_group: true,
            steward: false,
            group_role: plural_store::groups::role_of(&state.db, g.id, person).await?,
        },
        None => Action::PublishNotice {
            for_group: false,
            steward: plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&place),
            group_role: None,
        },
    })
}

/// May this person post a notice for `group`, or for the whole `place`?
pub async fn may_post(state: &AppState, actor: &Actor, place: PlaceId, group: Option<&Group>) -> WebResult<bool> {
    let action = publish_action(state, actor, place, group).await?;
    Ok(authz::decide(actor, &action).is_ok())
}

/// A notice and whether the person asking may change it.
pub struct Loaded {
    pub notice: Notice,
    pub may_manage: bool,
}

impl Loaded {
    pub fn is_expired(&self) -> bool {
        rules::is_expired(self.notice.expires_at, plural_store::now())
    }
}

/// Load a notice. An expired notice still loads: its page says so.
pub async fn load(state: &AppState, actor: &Actor, id: &str) -> WebResult<Loaded> {
    let id: NoticeId = id.parse().map_err(|_| WebError::not_found())?;
    let notice = plural_store::notices::get(&state.db, id).await?.ok_or(WebError::not_found())?;
    let group = match notice.group_id {
        Some(g) => plural_store::groups::get(&state.db, g).await?,
        None => None,
    };
    let may_manage = may_post(state, actor, notice.place_id, group.as_ref()).await?;
    Ok(Loaded { notice, may_manage })
}

/// Refuse a change to a notice the person may not manage.
fn require_manage(actor: &Actor, loaded: &Loaded) -> WebResult<()> {
    me(actor)?;
    if loaded.may_manage {
        Ok(())
    } else if loaded.notice.group_id.is_some() {
        Err(DomainError::Forbidden("group-admin-only").into())
    } else {
        Err(DomainError::Forbidden("notice-steward-only").into())
    }
}

/// Current (not expired) notices, newest first.
pub async fn list(state: &AppState, filter: Filter, limit: i64, offset: i64) -> WebResult<Vec<Notice>> {
    Ok(plural_store::notices::list_current(&state.db, filter, plural_store::now(), limit, offset).await?)
}

/// The current values of a notice, to start an edit from.
pub fn input_of(state: &AppState, n: &Notice) -> NoticeInput {
    NoticeInput {
        title: n.title.clone(),
        body: n.body.clone(),
        expires_at: n.expires_at.map(|t| rules::expiry_input(t, zone(state))).unwrap_or_default(),
    }
}

/// Post a notice for the group with slug `group`, or, when that is blank,
/// for the whole place with slug `place`.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    group: &str,
    place: &str,
    input: &NoticeInput,
) -> WebResult<Notice> {
    let person = me(actor)?;
    let mut errors = FieldErrors::new();
    let group = match group.trim() {
        "" => None,
        slug => match plural_store::groups::by_slug(&state.db, slug).await? {
            Some(g) => Some(g),
            None => {
                errors.push("group", "notice-group-invalid");
                None
            }
        },
    };
    let place = match (&group, place.trim()) {
        (Some(g), _) => Some(g.place_id),
        (None, slug) if errors.is_empty() => match plural_store::places::by_slug(&state.db, slug).await? {
            Some(p) if !slug.is_empty() => Some(p.id),
            _ => {
                errors.push("place", "notice-place-invalid");
                None
            }
        },
        (None, _) => None,
    };
    // Who may post is decided before the text is looked at: a refusal is
    // not hidden behind field errors.
    if let Some(place) = place {
        let action = publish_action(state, actor, place, group.as_ref()).await?;
        authz::decide(actor, &action)?;
    }
    let checked = rules::check(input, plural_store::now(), zone(state), None);
    let (Some(place), Ok(checked)) = (place, &checked) else {
        if let Err(e) = checked {
            errors.0.extend(e.0);
        }
        return Err(DomainError::Invalid(errors).into());
    };
    errors.into_result()?;
    let id = plural_store::notices::create(&state.db, place, group.map(|g| g.id), person, checked).await?;
    let notice = plural_store::notices::get(&state.db, id).await?.ok_or(WebError::not_found())?;
    Ok(notice)
}

pub async fn update(state: &AppState, actor: &Actor, loaded: &Loaded, input: &NoticeInput) -> WebResult<Notice> {
    require_manage(actor, loaded)?;
    let n = &loaded.notice;
    let checked = rules::check(input, plural_store::now(), zone(state), n.expires_at).map_err(DomainError::Invalid)?;
    plural_store::notices::update(&state.db, n.id, &checked).await?;
    let notice = plural_store::notices::get(&state.db, n.id).await?.ok_or(WebError::not_found())?;
    Ok(notice)
}

pub async fn delete(state: &AppState, actor: &Actor, loaded: &Loaded) -> WebResult<()> {
    require_manage(actor, loaded)?;
    plural_store::notices::delete(&state.db, loaded.notice.id).await?;
    Ok(())
}
