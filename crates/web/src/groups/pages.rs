//! The group pages: the list, creating and editing a group, the group page
//! with its members, requests and invitations, and accepting an invitation.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use plural_kernel::authz::{self, Action};
use plural_kernel::groups::{GroupKind, JoinPolicy, Role};
use plural_kernel::DomainError;
use plural_store::groups::Group;
use plural_store::places::Place;
use serde::Deserialize;

use super::service::{self, GroupInput, Joined, Loaded};
use crate::error::{WebError, WebResult};
use crate::forms::{FormData, FormErrors};
use crate::layout::{render, Page};
use crate::routes::Routes;
use crate::session::Visitor;
use crate::AppState;

/// A value and its label, for radios and selects.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub hint: String,
    pub selected: bool,
}

fn t1(v: &Visitor, id: &str, name: &'static str, value: impl ToString) -> String {
    crate::i18n::t_args(v.lang, id, &[(name, value.to_string())])
}

fn kind_label(v: &Visitor, k: GroupKind) -> String {
    v.t(&format!("group-kind-{}", k.as_str()))
}

fn policy_label(v: &Visitor, p: JoinPolicy) -> String {
    v.t(&format!("group-policy-{}", p.as_str()))
}

fn role_label(v: &Visitor, r: Role) -> String {
    v.t(&format!("group-role-{}", r.as_str()))
}

/// A group as a card in the list.
pub struct Card {
    pub slug: String,
    pub name: String,
    pub place: String,
    pub kind: String,
    pub verified: bool,
    pub member_count: i64,
}

#[derive(Template)]
#[template(path = "groups/list.html")]
struct ListPage {
    page: Page,
    groups: Vec<Card>,
    places: Vec<Choice>,
    place: Option<Place>,
}

#[derive(Deserialize)]
struct PlaceQuery {
    #[serde(default)]
    place: String,
}

async fn list(State(state): State<AppState>, v: Visitor, Query(q): Query<PlaceQuery>) -> WebResult<Response> {
    let places = plural_store::places::list(&state.db).await?;
    let place = places.iter().find(|p| !q.place.is_empty() && p.slug == q.place).cloned();
    if !q.place.is_empty() && place.is_none() {
        return Err(WebError::not_found());
    }
    let groups = service::list(&state, place.as_ref().map(|p| p.slug.as_str()), 500, 0).await?;
    let groups = groups
        .iter()
        .map(|g| Card {
            slug: g.slug.clone(),
            name: g.name.clone(),
            place: places.iter().find(|p| p.id == g.place_id).map(|p| p.name.clone()).unwrap_or_default(),
            kind: kind_label(&v, g.kind),
            verified: g.verified_public_body,
            member_count: g.member_count,
        })
        .collect();
    let title = match &place {
        Some(p) => t1(&v, "groups-in-place-title", "place", &p.name),
        None => v.t("groups-title"),
    };
    let choices = places
        .iter()
        .map(|p| Choice {
            value: p.slug.clone(),
            label: p.name.clone(),
            hint: String::new(),
            selected: Some(&p.slug) == place.as_ref().map(|pl| &pl.slug),
        })
        .collect();
    Ok(render(&ListPage { page: v.page(&state, title), groups, places: choices, place }))
}

#[derive(Template)]
#[template(path = "groups/form.html")]
struct FormPage {
    page: Page,
    errors: FormErrors,
    /// Where the form goes: `/groups` or `/groups/{slug}/edit`.
    action: String,
    heading: String,
    button: String,
    /// Not `name`: a macro parameter of that name would hide it.
    group_name: String,
    slug: String,
    slug_hint: String,
    description: String,
    kinds: Vec<Choice>,
    places: Vec<Choice>,
    policies: Vec<Choice>,
    cancel: String,
}

/// The values a form shows: what was submitted, or what is stored.
struct FormValues {
    name: String,
    slug: String,
    description: String,
    kind: String,
    place: String,
    join_policy: String,
}

impl FormValues {
    fn from_form(f: &FormData) -> Self {
        FormValues {
            name: f.get("name").into(),
            slug: f.get("slug").into(),
            description: f.get("description").into(),
            kind: f.get("kind").into(),
            place: f.get("place").into(),
            join_policy: f.get("join_policy").into(),
        }
    }

    fn input(&self) -> GroupInput<'_> {
        GroupInput {
            name: &self.name,
            slug: &self.slug,
            description: &self.description,
            kind: &self.kind,
            place: &self.place,
            join_policy: &self.join_policy,
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    v: &Visitor,
    errors: FormErrors,
    values: FormValues,
    action: String,
    heading: String,
    button: String,
    cancel: String,
) -> WebResult<Response> {
    let title = if errors.any() { format!("{} {heading}", v.t("error-title-prefix")) } else { heading.clone() };
    let places = plural_store::places::list(&state.db)
        .await?
        .into_iter()
        .map(|p| Choice { selected: p.slug == values.place, value: p.slug, label: p.name, hint: String::new() })
        .collect();
    let kinds = GroupKind::ALL
        .iter()
        .map(|k| Choice {
            value: k.as_str().into(),
            label: kind_label(v, *k),
            hint: String::new(),
            selected: k.as_str() == values.kind,
        })
        .collect();
    let policies = JoinPolicy::ALL
        .iter()
        .map(|p| Choice {
            value: p.as_str().into(),
            label: policy_label(v, *p),
            hint: v.t(&format!("group-policy-{}-hint", p.as_str())),
            selected: p.as_str() == values.join_policy,
        })
        .collect();
    Ok(render(&FormPage {
        page: v.page(state, title),
        errors,
        action,
        heading,
        button,
        group_name: values.name,
        slug: values.slug,
        slug_hint: t1(v, "group-field-slug-hint", "base", format!("{}/groups/", state.config.base())),
        description: values.description,
        kinds,
        places,
        policies,
        cancel,
    }))
}

async fn new_form(State(state): State<AppState>, v: Visitor, Query(q): Query<PlaceQuery>) -> WebResult<Response> {
    authz::decide(&v.actor(), &Action::CreateGroup)?;
    let values = FormValues {
        name: String::new(),
        slug: String::new(),
        description: String::new(),
        kind: String::new(),
        place: q.place,
        join_policy: JoinPolicy::Open.as_str().into(),
    };
    form_page(
        &state,
        &v,
        FormErrors::none(),
        values,
        "/groups".into(),
        v.t("group-new-title"),
        v.t("group-new-button"),
        "/groups".into(),
    )
    .await
}

async fn create(State(state): State<AppState>, v: Visitor, form: FormData) -> WebResult<Response> {
    let values = FormValues::from_form(&form);
    match service::create(&state, &v.actor(), values.input()).await {
        Ok(g) => Ok(Redirect::to(&format!("/groups/{}?notice=group-created", g.slug)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let errors = FormErrors::from(v.lang, &errs);
            let (heading, button) = (v.t("group-new-title"), v.t("group-new-button"));
            form_page(&state, &v, errors, values, "/groups".into(), heading, button, "/groups".into()).await
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    let actor = v.actor();
    let l = service::load(&state, &actor, &slug).await?;
    authz::decide(&actor, &Action::EditGroup { role: l.role })?;
    let g = &l.group;
    let place = plural_store::places::get(&state.db, g.place_id).await?.map(|p| p.slug).unwrap_or_default();
    let values = FormValues {
        name: g.name.clone(),
        slug: g.slug.clone(),
        description: g.description.clone(),
        kind: g.kind.as_str().into(),
        place,
        join_policy: g.join_policy.as_str().into(),
    };
    let heading = t1(&v, "group-edit-title", "name", &g.name);
    let (action, cancel) = (format!("/groups/{slug}/edit"), format!("/groups/{slug}"));
    form_page(&state, &v, FormErrors::none(), values, action, heading, v.t("group-edit-button"), cancel).await
}

async fn edit(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    let values = FormValues::from_form(&form);
    match service::update(&state, &v.actor(), &slug, values.input()).await {
        Ok(g) => Ok(Redirect::to(&format!("/groups/{}?notice=group-updated", g.slug)).into_response()),
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            let l = service::load(&state, &v.actor(), &slug).await?;
            let errors = FormErrors::from(v.lang, &errs);
            let heading = t1(&v, "group-edit-title", "name", &l.group.name);
            let (action, cancel) = (format!("/groups/{slug}/edit"), format!("/groups/{slug}"));
            form_page(&state, &v, errors, values, action, heading, v.t("group-edit-button"), cancel).await
        }
        Err(e) => Err(e),
    }
}

/// One member as the group page lists them.
pub struct MemberRow {
    pub person_id: String,
    pub name: String,
    pub role: String,
    pub is_you: bool,
    /// Roles the viewer may give this member (empty: no role form).
    pub role_choices: Vec<Choice>,
    pub can_remove: bool,
}

pub struct RequestRow {
    pub person_id: String,
    pub name: String,
    pub message: String,
    pub at: i64,
}

pub struct HistoryRow {
    pub text: String,
    pub at: i64,
}

#[derive(Template)]
#[template(path = "groups/show.html")]
struct ShowPage {
    page: Page,
    group: Group,
    place: Option<Place>,
    kind: String,
    policy: String,
    your_role: String,
    is_member: bool,
    signed_in: bool,
    can_edit: bool,
    can_leave: bool,
    can_verify: bool,
    pending: bool,
    /// Why the last action could not be done, if it could not.
    alert: Vec<String>,
    members: Vec<MemberRow>,
    history: Vec<HistoryRow>,
    requests: Vec<RequestRow>,
    can_decide: bool,
    invite_roles: Vec<Choice>,
    message: String,
    events: Vec<crate::events::pages::Upcoming>,
    feed_path: String,
    events_manage: bool,
    notices: crate::notices::pages::Block,
    jsonld: String,
    widget_snippet: String,
}

fn name_or_former(v: &Visitor, name: &Option<String>) -> String {
    name.clone().unwrap_or_else(|| v.t("group-former-member"))
}

fn history_text(v: &Visitor, e: &plural_store::groups::HistoryEntry) -> String {
    let who = if e.had_person { name_or_former(v, &e.display_name) } else { v.t("group-former-member") };
    let args = |role: String| {
        crate::i18n::t_args(
            v.lang,
            &format!("group-history-{}", e.kind.replace('_', "-")),
            &[("name", who.clone()), ("role", role)],
        )
    };
    match e.kind.as_str() {
        "left" if e.detail == "removed" => {
            crate::i18n::t_args(v.lang, "group-history-removed", &[("name", who.clone())])
        }
        "role_changed" => {
            args(Role::parse("role", &e.detail).map(|r| role_label(v, r)).unwrap_or_else(|_| e.detail.clone()))
        }
        // created, joined, left, verified, unverified
        _ => args(String::new()),
    }
}

async fn show_page(
    state: &AppState,
    v: &Visitor,
    l: Loaded,
    alert: Vec<String>,
    message: String,
) -> WebResult<Response> {
    let actor = v.actor();
    let g = l.group.clone();
    let place = plural_store::places::get(&state.db, g.place_id).await?;
    let can = |a: Action| authz::decide(&actor, &a).is_ok();
    let can_view_members = can(Action::ViewMembers { role: l.role });
    let (mut members, mut history) = (Vec::new(), Vec::new());
    if can_view_members {
        for m in service::members(state, &actor, &l).await? {
            let is_you = actor.person_id() == Some(m.person_id);
            let role_choices: Vec<Choice> = Role::ALL
                .iter()
                .filter(|r| {
                    can(Action::ChangeRole { role: l.role, target_role: m.role, new_role: **r, is_self: is_you })
                })
                .map(|r| Choice {
                    value: r.as_str().into(),
                    label: role_label(v, *r),
                    hint: String::new(),
                    selected: *r == m.role,
                })
                .collect();
            members.push(MemberRow {
                person_id: m.person_id.to_string(),
                name: name_or_former(v, &m.display_name),
                role: role_label(v, m.role),
                is_you,
                // A form offering only the current role changes nothing.
                role_choices: if role_choices.len() > 1 { role_choices } else { Vec::new() },
                can_remove: can(Action::RemoveMember { role: l.role, target_role: m.role, is_self: is_you }),
            });
        }
        history = service::history(state, &actor, &l)
            .await?
            .iter()
            .map(|e| HistoryRow { text: history_text(v, e), at: e.at })
            .collect();
    }
    let can_decide = can(Action::DecideJoinRequests { role: l.role });
    let requests = if can_decide {
        service::join_requests(state, &actor, &l)
            .await?
            .into_iter()
            .map(|r| RequestRow {
                person_id: r.person_id.to_string(),
                name: name_or_former(v, &r.display_name),
                message: r.message,
                at: r.created_at,
            })
            .collect()
    } else {
        Vec::new()
    };
    let invite_roles = Role::ALL
        .iter()
        .filter(|r| can(Action::CreateInvitation { role: l.role, invite_role: **r }))
        .map(|r| Choice {
            value: r.as_str().into(),
            label: role_label(v, *r),
            hint: String::new(),
            selected: *r == Role::Member,
        })
        .collect();
    let pending = l.role.is_none() && service::has_pending_request(state, &actor, &g).await?;
    let title = if alert.is_empty() { g.name.clone() } else { format!("{} {}", v.t("error-title-prefix"), g.name) };
    let events_manage = crate::events::service::may_manage(&actor, l.role);
    let filter = plural_store::events::Filter { group: Some(g.id), drafts: events_manage, ..Default::default() };
    let events = crate::events::pages::upcoming_block(state, filter).await?;
    let notices = crate::notices::pages::for_group(state, v, &g).await?;
    let jsonld = crate::jsonld::script_body(&crate::jsonld::group(state, &g, place.as_ref()));
    let widget_snippet = crate::events::widget::snippet(state, v.lang, &format!("/groups/{}", g.slug), &g.name);
    let page = ShowPage {
        jsonld,
        widget_snippet,
        events_manage,
        notices,
        feed_path: format!("/groups/{}", g.slug),
        events,
        page: crate::layout::Page {
            activity_id: Some(crate::federation::actors::actor_id(state.config.base(), &format!("group:{}", g.id))),
            ..v.page(state, title)
        },
        kind: kind_label(v, g.kind),
        policy: policy_label(v, g.join_policy),
        your_role: l.role.map(|r| role_label(v, r)).unwrap_or_default(),
        is_member: l.role.is_some(),
        signed_in: v.person.is_some(),
        can_edit: can(Action::EditGroup { role: l.role }),
        can_leave: l.role.is_some(),
        can_verify: can(Action::VerifyPublicBody) && (g.kind == GroupKind::PublicBody || g.verified_public_body),
        pending,
        alert,
        members,
        history,
        requests,
        can_decide,
        invite_roles,
        message,
        group: g,
        place,
    };
    Ok(render(&page))
}

async fn show(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    let l = service::load(&state, &v.actor(), &slug).await?;
    show_page(&state, &v, l, Vec::new(), String::new()).await
}

/// After an action on the group page: on success go back to it with a
/// notice; when the action was refused for a reason the person can act on
/// (last owner, already a member, bad input), show the page again saying why.
async fn after_action<T>(
    state: &AppState,
    v: &Visitor,
    slug: &str,
    result: WebResult<T>,
    notice: impl FnOnce(&T) -> String,
    message: &str,
) -> WebResult<Response> {
    let (status, alert) = match result {
        Ok(t) => return Ok(Redirect::to(&format!("/groups/{slug}?notice={}", notice(&t))).into_response()),
        Err(WebError::Domain(DomainError::Forbidden(code))) => {
            (StatusCode::FORBIDDEN, vec![v.t(&format!("group-reason-{code}"))])
        }
        Err(WebError::Domain(DomainError::Conflict(code))) => {
            (StatusCode::CONFLICT, vec![v.t(&format!("group-reason-{code}"))])
        }
        // Like any form: the page again, saying what to fix.
        Err(WebError::Domain(DomainError::Invalid(errs))) => {
            (StatusCode::OK, FormErrors::from(v.lang, &errs).items.into_iter().map(|(_, m)| m).collect())
        }
        Err(e) => return Err(e),
    };
    let l = service::load(state, &v.actor(), slug).await?;
    let mut res = show_page(state, v, l, alert, message.to_string()).await?;
    *res.status_mut() = status;
    Ok(res)
}

async fn join(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let result = service::join(&state, &v.actor(), &slug, form.get("message")).await;
    let notice = |(_, j): &(Group, Joined)| match j {
        Joined::Member => "group-joined".to_string(),
        Joined::Requested => "group-requested".to_string(),
    };
    after_action(&state, &v, &slug, result, notice, form.get("message")).await
}

async fn leave(State(state): State<AppState>, v: Visitor, Path(slug): Path<String>) -> WebResult<Response> {
    v.require()?;
    let result = service::leave(&state, &v.actor(), &slug).await;
    after_action(&state, &v, &slug, result, |_| "group-left".into(), "").await
}

async fn approve(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, person)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let person = service::person_id(&person)?;
    let result = service::decide_request(&state, &v.actor(), &slug, person, true).await;
    after_action(&state, &v, &slug, result, |_| "group-request-approved".into(), "").await
}

async fn decline(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, person)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let person = service::person_id(&person)?;
    let result = service::decide_request(&state, &v.actor(), &slug, person, false).await;
    after_action(&state, &v, &slug, result, |_| "group-request-declined".into(), "").await
}

async fn change_role(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, person)): Path<(String, String)>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let person = service::person_id(&person)?;
    let result = service::change_role(&state, &v.actor(), &slug, person, form.get("role")).await;
    after_action(&state, &v, &slug, result, |_| "group-role-changed".into(), "").await
}

async fn remove(
    State(state): State<AppState>,
    v: Visitor,
    Path((slug, person)): Path<(String, String)>,
) -> WebResult<Response> {
    v.require()?;
    let person = service::person_id(&person)?;
    let result = service::remove_member(&state, &v.actor(), &slug, person).await;
    after_action(&state, &v, &slug, result, |_| "group-member-removed".into(), "").await
}

async fn verification(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    let verified = form.checked("verified");
    let result = service::set_verified(&state, &v.actor(), &slug, verified).await;
    let notice = if verified { "group-verified" } else { "group-unverified" };
    after_action(&state, &v, &slug, result, |_| notice.into(), "").await
}

#[derive(Template)]
#[template(path = "groups/invitation_created.html")]
struct InvitationCreatedPage {
    page: Page,
    group: Group,
    role: String,
    url: String,
    expires_at: i64,
}

async fn create_invitation(
    State(state): State<AppState>,
    v: Visitor,
    Path(slug): Path<String>,
    form: FormData,
) -> WebResult<Response> {
    v.require()?;
    match service::create_invitation(&state, &v.actor(), &slug, form.get("role")).await {
        Ok(inv) => Ok(render(&InvitationCreatedPage {
            page: v.page(&state, v.t("group-invitation-created-title")),
            role: role_label(&v, inv.role),
            url: inv.url,
            expires_at: inv.expires_at,
            group: inv.group,
        })),
        Err(e) => after_action(&state, &v, &slug, Err::<(), _>(e), |_| String::new(), "").await,
    }
}

#[derive(Template)]
#[template(path = "groups/invitation.html")]
struct InvitationPage {
    page: Page,
    group: Group,
    role: String,
    token: String,
    already_member: bool,
}

/// Opening the link only shows the group and a button, so link previews and
/// mail scanners do not make anyone a member.
async fn invitation(State(state): State<AppState>, v: Visitor, Path(token): Path<String>) -> WebResult<Response> {
    v.require()?;
    let (group, role) = service::invitation(&state, &token).await?;
    let already_member = match v.person.as_ref() {
        Some(p) => plural_store::groups::role_of(&state.db, group.id, p.id).await?.is_some(),
        None => false,
    };
    Ok(render(&InvitationPage {
        page: v.page(&state, t1(&v, "group-invitation-title", "name", &group.name)),
        role: role_label(&v, role),
        group,
        token,
        already_member,
    }))
}

async fn accept_invitation(
    State(state): State<AppState>,
    v: Visitor,
    Path(token): Path<String>,
) -> WebResult<Response> {
    v.require()?;
    let (group, _) = service::accept_invitation(&state, &v.actor(), &token).await?;
    Ok(Redirect::to(&format!("/groups/{}?notice=group-invitation-accepted", group.slug)).into_response())
}

pub fn routes() -> Routes {
    Routes::new()
        .page(Method::GET, "/groups", list)
        .page(Method::POST, "/groups", create)
        .page(Method::GET, "/groups/new", new_form)
        .page(Method::GET, "/groups/{slug}", show)
        .page(Method::GET, "/groups/{slug}/edit", edit_form)
        .page(Method::POST, "/groups/{slug}/edit", edit)
        .page(Method::POST, "/groups/{slug}/join", join)
        .page(Method::POST, "/groups/{slug}/leave", leave)
        .page(Method::POST, "/groups/{slug}/requests/{person_id}/approve", approve)
        .page(Method::POST, "/groups/{slug}/requests/{person_id}/decline", decline)
        .page(Method::POST, "/groups/{slug}/invitations", create_invitation)
        .page(Method::POST, "/groups/{slug}/members/{person_id}/role", change_role)
        .page(Method::POST, "/groups/{slug}/members/{person_id}/remove", remove)
        .page(Method::POST, "/groups/{slug}/verification", verification)
        .page(Method::GET, "/invitations/{token}", invitation)
        .page(Method::POST, "/invitations/{token}", accept_invitation)
}
