//! Group operations, shared by the pages and the API. Each function gathers
//! the facts, asks [`authz::decide`], and then reads or writes the store.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::errors::FieldErrors;
use plural_kernel::groups::{GroupKind, JoinPolicy, Role};
use plural_kernel::places::{parse_description, Slug, Title};
use plural_kernel::{DomainError, PersonId};
use plural_store::groups::{Group, GroupFields, HistoryEntry, InvitationState, JoinRequest, Member};
use plural_store::places::Place;

use crate::error::{WebError, WebResult};
use crate::AppState;

/// How long an invitation link works.
pub const INVITATION_DAYS: i64 = 14;
const NAME_MAX: usize = 120;
const DESCRIPTION_MAX: usize = 5000;
const MESSAGE_MAX: usize = 1000;
/// Web names that would clash with fixed addresses under /groups.
const RESERVED_SLUGS: [&str; 1] = ["new"];

/// A group and what the person asking is in it.
pub struct Loaded {
    pub group: Group,
    pub role: Option<Role>,
}

pub async fn load(state: &AppState, actor: &Actor, slug: &str) -> WebResult<Loaded> {
    let group = plural_store::groups::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?;
    let role = match actor.person_id() {
        Some(p) => plural_store::groups::role_of(&state.db, group.id, p).await?,
        None => None,
    };
    Ok(Loaded { group, role })
}

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

/// The fields of a group as submitted (form or API), not yet checked.
#[derive(Debug, Clone, Default)]
pub struct GroupInput<'a> {
    pub name: &'a str,
    /// Empty: suggested from the name.
    pub slug: &'a str,
    pub description: &'a str,
    pub kind: &'a str,
    /// The slug of the place.
    pub place: &'a str,
    pub join_policy: &'a str,
}

struct Checked {
    name: Title,
    slug: Slug,
    description: String,
    kind: GroupKind,
    place: Place,
    join_policy: JoinPolicy,
}

async fn check(state: &AppState, input: &GroupInput<'_>) -> WebResult<Checked> {
    let mut errors = FieldErrors::new();
    let name = errors.check(Title::parse("name", input.name, NAME_MAX));
    let slug = if input.slug.trim().is_empty() {
        match &name {
            Some(n) => Slug::from_name(n.as_str()).or_else(|| {
                errors.push("slug", "slug-required");
                None
            }),
            // The name is already reported; a slug error too would only confuse.
            None => None,
        }
    } else {
        errors.check(Slug::parse("slug", input.slug))
    };
    let slug = match slug {
        Some(s) if RESERVED_SLUGS.contains(&s.as_str()) => {
            errors.push("slug", "slug-taken");
            None
        }
        other => other,
    };
    let description = errors.check(parse_description("description", input.description, DESCRIPTION_MAX));
    let kind = errors.check(GroupKind::parse("kind", input.kind));
    let place = match plural_store::places::by_slug(&state.db, input.place.trim()).await? {
        Some(p) if !input.place.trim().is_empty() => Some(p),
        _ => {
            errors.push("place", "place-invalid");
            None
        }
    };
    let join_policy = errors.check(JoinPolicy::parse("join_policy", input.join_policy));
    match (name, slug, description, kind, place, join_policy) {
        (Some(name), Some(slug), Some(description), Some(kind), Some(place), Some(join_policy))
            if errors.is_empty() =>
        {
            Ok(Checked { name, slug, description, kind, place, join_policy })
        }
        _ => Err(DomainError::Invalid(errors).into()),
    }
}

fn fields(c: &Checked) -> GroupFields<'_> {
    GroupFields {
        place_id: c.place.id,
        slug: c.slug.as_str(),
        name: c.name.as_str(),
        description: &c.description,
        kind: c.kind,
        join_policy: c.join_policy,
    }
}

async fn reload(state: &AppState, slug: &str) -> WebResult<Group> {
    plural_store::groups::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())
}

/// Create a group; its creator becomes its owner.
pub async fn create(state: &AppState, actor: &Actor, input: GroupInput<'_>) -> WebResult<Group> {
    authz::decide(actor, &Action::CreateGroup)?;
    let owner = me(actor)?;
    let c = check(state, &input).await?;
    match plural_store::groups::create(&state.db, fields(&c), owner).await {
        Ok(_) => reload(state, c.slug.as_str()).await,
        Err(e) if e.is_unique_violation() => Err(DomainError::field("slug", "slug-taken").into()),
        Err(e) => Err(e.into()),
    }
}

/// Change a group's details (its admins and owners, or a node admin).
pub async fn update(state: &AppState, actor: &Actor, slug: &str, input: GroupInput<'_>) -> WebResult<Group> {
    let l = load(state, actor, slug).await?;
    authz::decide(actor, &Action::EditGroup { role: l.role })?;
    let c = check(state, &input).await?;
    match plural_store::groups::update(&state.db, l.group.id, fields(&c)).await {
        Ok(()) => {}
        Err(e) if e.is_unique_violation() => return Err(DomainError::field("slug", "slug-taken").into()),
        Err(e) => return Err(e.into()),
    }
    // The badge vouches for a public body; it cannot outlive the kind.
    if l.group.verified_public_body && c.kind != GroupKind::PublicBody {
        plural_store::groups::set_verified_public_body(&state.db, l.group.id, false).await?;
    }
    reload(state, c.slug.as_str()).await
}

/// Groups, optionally of one place (by its slug).
pub async fn list(state: &AppState, place: Option<&str>, limit: i64, offset: i64) -> WebResult<Vec<Group>> {
    let place_id = match place.map(str::trim).filter(|p| !p.is_empty()) {
        Some(slug) => Some(plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?.id),
        None => None,
    };
    Ok(plural_store::groups::list(&state.db, place_id, limit, offset).await?)
}

/// The member list, for members and node admins. A node admin outside the
/// group looking at it is recorded in each member's access log.
pub async fn members(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<Vec<Member>> {
    authz::decide(actor, &Action::ViewMembers { role: l.role })?;
    let members = plural_store::groups::members(&state.db, l.group.id).await?;
    if l.role.is_none() {
        let what = format!("membership of group {}", l.group.slug);
        for m in &members {
            plural_store::people::log_access(&state.db, m.person_id, "node administrator", &what).await?;
        }
    }
    Ok(members)
}

pub async fn history(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<Vec<HistoryEntry>> {
    authz::decide(actor, &Action::ViewMembers { role: l.role })?;
    Ok(plural_store::groups::history(&state.db, l.group.id, 50).await?)
}

pub async fn join_requests(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<Vec<JoinRequest>> {
    authz::decide(actor, &Action::DecideJoinRequests { role: l.role })?;
    Ok(plural_store::groups::join_requests(&state.db, l.group.id).await?)
}

/// What joining did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joined {
    Member,
    /// The group approves members: a request waits for its admins.
    Requested,
}

/// Join an open group, or ask to join one that approves its members.
pub async fn join(state: &AppState, actor: &Actor, slug: &str, message: &str) -> WebResult<(Group, Joined)> {
    let l = load(state, actor, slug).await?;
    authz::decide(actor, &Action::Join { policy: l.group.join_policy, role: l.role, invited: false })?;
    let person = me(actor)?;
    let message = message.trim();
    if message.chars().count() > MESSAGE_MAX {
        return Err(DomainError::field("message", "message-too-long").into());
    }
    let joined = match l.group.join_policy {
        JoinPolicy::Open => {
            add_member(state, &l.group, person, Role::Member, "open").await?;
            Joined::Member
        }
        JoinPolicy::Approval | JoinPolicy::InviteOnly => {
            plural_store::groups::request_to_join(&state.db, l.group.id, person, message).await?;
            Joined::Requested
        }
    };
    Ok((l.group, joined))
}

async fn add_member(state: &AppState, group: &Group, person: PersonId, role: Role, how: &str) -> WebResult<()> {
    match plural_store::groups::add_member(&state.db, group.id, person, role, how).await {
        Ok(()) => Ok(()),
        // Two clicks racing: the first one made them a member.
        Err(e) if e.is_unique_violation() => Err(DomainError::Conflict("already-a-member").into()),
        Err(e) => Err(e.into()),
    }
}

pub async fn leave(state: &AppState, actor: &Actor, slug: &str) -> WebResult<Group> {
    let l = load(state, actor, slug).await?;
    let owners = plural_store::groups::owner_count(&state.db, l.group.id).await?;
    authz::decide(actor, &Action::Leave { role: l.role, owners })?;
    plural_store::groups::remove_member(&state.db, l.group.id, me(actor)?, "left").await?;
    Ok(l.group)
}

/// Whether the person has asked to join and is waiting.
pub async fn has_pending_request(state: &AppState, actor: &Actor, group: &Group) -> WebResult<bool> {
    match actor.person_id() {
        Some(p) => Ok(plural_store::groups::has_pending_request(&state.db, group.id, p).await?),
        None => Ok(false),
    }
}

/// Approve or decline someone's request to join.
pub async fn decide_request(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    person: PersonId,
    approve: bool,
) -> WebResult<Group> {
    let l = load(state, actor, slug).await?;
    authz::decide(actor, &Action::DecideJoinRequests { role: l.role })?;
    if !plural_store::groups::has_pending_request(&state.db, l.group.id, person).await? {
        return Err(WebError::not_found());
    }
    if approve {
        add_member(state, &l.group, person, Role::Member, "approved").await?;
    } else {
        plural_store::groups::drop_request(&state.db, l.group.id, person).await?;
    }
    Ok(l.group)
}

/// A new invitation link, shown once.
pub struct Invitation {
    pub group: Group,
    pub role: Role,
    pub url: String,
    pub expires_at: i64,
}

pub async fn create_invitation(state: &AppState, actor: &Actor, slug: &str, role: &str) -> WebResult<Invitation> {
    let l = load(state, actor, slug).await?;
    // Who may not invite at all learns only that, not what the form lacks.
    let role = Role::parse("role", role).map_err(|e| {
        authz::decide(actor, &Action::CreateInvitation { role: l.role, invite_role: Role::Member })
            .err()
            .unwrap_or_else(|| DomainError::from(e))
    })?;
    authz::decide(actor, &Action::CreateInvitation { role: l.role, invite_role: role })?;
    let ttl = INVITATION_DAYS * 86400;
    let token = plural_store::groups::create_invitation(&state.db, l.group.id, role, me(actor)?, ttl).await?;
    Ok(Invitation {
        url: format!("{}/invitations/{token}", state.config.base()),
        expires_at: plural_store::now() + ttl,
        group: l.group,
        role,
    })
}

/// The group and role a live invitation link grants.
pub async fn invitation(state: &AppState, token: &str) -> WebResult<(Group, Role)> {
    match plural_store::groups::invitation_state(&state.db, token).await? {
        InvitationState::Live { group, role, .. } => {
            let group = plural_store::groups::get(&state.db, group).await?.ok_or(WebError::not_found())?;
            Ok((group, role))
        }
        InvitationState::Expired => {
            Err(WebError::BadRequest("invitation-expired", "this invitation link has expired".into()))
        }
        InvitationState::Unknown => {
            Err(WebError::BadRequest("invitation-invalid", "this invitation link is not valid".into()))
        }
    }
}

/// Join with the invited role, whatever the group's join policy.
pub async fn accept_invitation(state: &AppState, actor: &Actor, token: &str) -> WebResult<(Group, Role)> {
    let person = me(actor)?;
    let (group, role) = invitation(state, token).await?;
    let current = plural_store::groups::role_of(&state.db, group.id, person).await?;
    authz::decide(actor, &Action::Join { policy: group.join_policy, role: current, invited: true })?;
    add_member(state, &group, person, role, "invitation").await?;
    Ok((reload(state, &group.slug).await?, role))
}

async fn target_role(state: &AppState, group: &Group, person: PersonId) -> WebResult<Role> {
    plural_store::groups::role_of(&state.db, group.id, person).await?.ok_or(WebError::not_found())
}

pub async fn change_role(
    state: &AppState,
    actor: &Actor,
    slug: &str,
    person: PersonId,
    role: &str,
) -> WebResult<Group> {
    let l = load(state, actor, slug).await?;
    let target = target_role(state, &l.group, person).await?;
    let is_self = actor.person_id() == Some(person);
    // Who may not change this member's role learns only that (asked as
    // leaving the role as it is), not what the form lacks.
    let new_role = Role::parse("role", role).map_err(|e| {
        authz::decide(actor, &Action::ChangeRole { role: l.role, target_role: target, new_role: target, is_self })
            .err()
            .unwrap_or_else(|| DomainError::from(e))
    })?;
    authz::decide(actor, &Action::ChangeRole { role: l.role, target_role: target, new_role, is_self })?;
    if target != new_role {
        plural_store::groups::set_role(&state.db, l.group.id, person, new_role).await?;
    }
    Ok(l.group)
}

pub async fn remove_member(state: &AppState, actor: &Actor, slug: &str, person: PersonId) -> WebResult<Group> {
    let l = load(state, actor, slug).await?;
    let target = target_role(state, &l.group, person).await?;
    let is_self = actor.person_id() == Some(person);
    authz::decide(actor, &Action::RemoveMember { role: l.role, target_role: target, is_self })?;
    plural_store::groups::remove_member(&state.db, l.group.id, person, "removed").await?;
    Ok(l.group)
}

/// Mark (or unmark) a group as a verified public body. Node admins only, and
/// only for groups that say they are a public body.
pub async fn set_verified(state: &AppState, actor: &Actor, slug: &str, verified: bool) -> WebResult<Group> {
    let l = load(state, actor, slug).await?;
    authz::decide(actor, &Action::VerifyPublicBody)?;
    if verified && l.group.kind != GroupKind::PublicBody {
        return Err(DomainError::Conflict("not-a-public-body").into());
    }
    if verified != l.group.verified_public_body {
        plural_store::groups::set_verified_public_body(&state.db, l.group.id, verified).await?;
    }
    reload(state, slug).await
}

/// A person id from a path: a malformed one names nobody.
pub fn person_id(s: &str) -> WebResult<PersonId> {
    s.parse().map_err(|_| WebError::not_found())
}
