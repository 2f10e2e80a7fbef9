//! The domain operations on opportunities, shared by pages and API. Each
//! gathers the facts, asks [`authz::decide`], then reads or writes the store.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::errors::FieldErrors;
use plural_kernel::groups::Role;
use plural_kernel::language::Language;
use plural_kernel::opportunities::{self as rules, OpportunityId, OpportunityInput, ResponseId, Status};
use plural_kernel::DomainError;
use plural_store::groups::Group;
use plural_store::opportunities::{Filter, Opportunity, Response};

use crate::error::{WebError, WebResult};
use crate::i18n::t_args;
use crate::mail::Email;
use crate::AppState;

/// Expressions of interest one person may send per rate-limit window.
pub const INTEREST_LIMIT: i64 = 10;

/// An opportunity and what the person asking is in its group.
pub struct Loaded {
    pub opportunity: Opportunity,
    pub role: Option<Role>,
}

impl Loaded {
    pub fn may_manage(&self, actor: &Actor) -> bool {
        authz::decide(actor, &Action::ManageGroupContent { role: self.role }).is_ok()
    }

    pub fn may_see_responses(&self, actor: &Actor) -> bool {
        authz::decide(actor, &Action::ViewOpportunityResponses { role: self.role }).is_ok()
    }

    pub fn is_open(&self) -> bool {
        rules::is_open(self.opportunity.status, self.opportunity.closes_on, plural_store::now())
    }
}

fn me(actor: &Actor) -> WebResult<plural_kernel::PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

/// Load an opportunity. Drafts are invisible (404) to all but those who may manage them.
pub async fn load(state: &AppState, actor: &Actor, id: &str) -> WebResult<Loaded> {
    let id: OpportunityId = id.parse().map_err(|_| WebError::not_found())?;
    let opportunity = plural_store::opportunities::get(&state.db, id).await?.ok_or(WebError::not_found())?;
    let role = match actor.person_id() {
        Some(p) => plural_store::groups::role_of(&state.db, opportunity.group_id, p).await?,
        None => None,
    };
    let loaded = Loaded { opportunity, role };
    if loaded.opportunity.status == Status::Draft && !loaded.may_manage(actor) {
        return Err(WebError::not_found());
    }
    Ok(loaded)
}

pub async fn list(state: &AppState, filter: Filter, limit: i64, offset: i64) -> WebResult<Vec<Opportunity>> {
    Ok(plural_store::opportunities::list_open(&state.db, filter, limit, offset).await?)
}

/// The groups in which this person may publish opportunities.
pub async fn publishable_groups(state: &AppState, actor: &Actor) -> WebResult<Vec<Group>> {
    let Some(person) = actor.person_id() else { return Ok(Vec::new()) };
    Ok(plural_store::groups::of_person(&state.db, person)
        .await?
        .into_iter()
        .filter(|(_, role)| authz::decide(actor, &Action::ManageGroupContent { role: Some(*role) }).is_ok())
        .map(|(g, _)| g)
        .collect())
}

/// The current values of an opportunity, to start an edit from.
pub fn input_of(o: &Opportunity) -> OpportunityInput {
    OpportunityInput {
        title: o.title.clone(),
        description: o.description.clone(),
        commitment_kind: o.commitment_kind.as_str().to_string(),
        commitment_hours: o.commitment_hours.map(|h| h.to_string()).unwrap_or_default(),
        commitment_text: o.commitment_text.clone(),
        skills: o.skills.join("\n"),
        no_experience_needed: o.no_experience_needed,
        min_age: o.min_age.map(|a| a.to_string()).unwrap_or_default(),
        suitable_for: o.suitable_for.clone(),
        location: o.location.clone(),
        remote: o.remote,
        closes_on: o.closes_on.map(date_string).unwrap_or_default(),
        status: o.status.as_str().to_string(),
    }
}

/// A stored day as `YYYY-MM-DD`.
pub fn date_string(unix: i64) -> String {
    let t = plural_store::from_unix(unix);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// Create an opportunity for the group with slug `group`, at `place` (a
/// place slug) or, when that is blank, at the group's own place.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    group: &str,
    place: &str,
    input: &OpportunityInput,
) -> WebResult<Opportunity> {
    let person = me(actor)?;
    let mut errors = FieldErrors::new();
    let group = match group.trim() {
        "" => None,
        slug => plural_store::groups::by_slug(&state.db, slug).await?,
    };
    if let Some(g) = &group {
        let role = plural_store::groups::role_of(&state.db, g.id, person).await?;
        authz::decide(actor, &Action::ManageGroupContent { role })?;
    } else {
        errors.push("group", "opportunity-group-invalid");
    }
    let place_id = match place.trim() {
        "" => group.as_ref().map(|g| g.place_id),
        slug => match plural_store::places::by_slug(&state.db, slug).await? {
            Some(p) => Some(p.id),
            None => {
                errors.push("place", "place-invalid");
                None
            }
        },
    };
    let checked = match rules::check(input, plural_store::now(), None) {
        Ok(c) => Some(c),
        Err(e) => {
            errors.0.extend(e.0);
            None
        }
    };
    errors.into_result()?;
    let (Some(group), Some(place_id), Some(checked)) = (group, place_id, checked) else {
        return Err(DomainError::field("group", "opportunity-group-invalid").into());
    };
    let id = plural_store::opportunities::create(&state.db, group.id, place_id, person, &checked).await?;
    plural_store::opportunities::get(&state.db, id).await?.ok_or(WebError::not_found())
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    loaded: &Loaded,
    input: &OpportunityInput,
) -> WebResult<Opportunity> {
    authz::decide(actor, &Action::ManageGroupContent { role: loaded.role })?;
    let o = &loaded.opportunity;
    let checked = rules::check(input, plural_store::now(), o.closes_on).map_err(DomainError::Invalid)?;
    plural_store::opportunities::update(&state.db, o.id, &checked).await?;
    plural_store::opportunities::get(&state.db, o.id).await?.ok_or(WebError::not_found())
}

pub async fn close(state: &AppState, actor: &Actor, loaded: &Loaded) -> WebResult<()> {
    authz::decide(actor, &Action::ManageGroupContent { role: loaded.role })?;
    plural_store::opportunities::set_status(&state.db, loaded.opportunity.id, Status::Closed).await?;
    Ok(())
}

/// Say "I'm interested". The group's admins and owners are emailed the
/// message with the volunteer's display name and a link to the responses
/// page; the volunteer's address stays on the node.
pub async fn express_interest(
    state: &AppState,
    actor: &Actor,
    loaded: &Loaded,
    message: &str,
) -> WebResult<ResponseId> {
    let person = me(actor)?;
    crate::auth::service::rate_limit(state, &format!("opportunity-interest:{person}"), INTEREST_LIMIT).await?;
    let message = rules::parse_message("message", message).map_err(DomainError::from)?;
    if !loaded.is_open() {
        return Err(DomainError::Conflict("opportunity-not-open").into());
    }
    let o = &loaded.opportunity;
    let id = plural_store::opportunities::express_interest(&state.db, o.id, person, &message)
        .await?
        .ok_or(DomainError::Conflict("already-interested"))?;
    let volunteer = plural_store::people::get(&state.db, person).await?;
    let name = volunteer.and_then(|p| p.display_name).unwrap_or_default();
    let link = format!("{}/opportunities/{}/responses", state.config.base(), o.id);
    for manager in plural_store::opportunities::group_managers(&state.db, o.group_id).await? {
        let Some(to) = plural_store::people::email(&state.db, &state.key, manager).await? else { continue };
        let lang = plural_store::people::get(&state.db, manager).await?.map(|p| p.language).unwrap_or_default();
        let args = [
            ("node", state.node_name.to_string()),
            ("title", o.title.clone()),
            ("group", o.group_name.clone()),
            ("volunteer", name.clone()),
            ("message", message.clone()),
            ("link", link.clone()),
        ];
        queue(state, lang, to, "opportunity-email-interest-subject", "opportunity-email-interest-body", &args).await?;
    }
    Ok(id)
}

async fn queue(
    state: &AppState,
    lang: Language,
    to: String,
    subject: &str,
    body: &str,
    args: &[(&'static str, String)],
) -> WebResult<()> {
    let email = Email { to, subject: t_args(lang, subject, args), text: t_args(lang, body, args), ..Email::default() };
    crate::mail::queue(&state.db, &state.key, &email).await?;
    Ok(())
}

/// Withdraw one's own interest.
pub async fn withdraw(state: &AppState, actor: &Actor, loaded: &Loaded) -> WebResult<()> {
    let person = me(actor)?;
    if plural_store::opportunities::withdraw(&state.db, loaded.opportunity.id, person).await? {
        Ok(())
    } else {
        Err(DomainError::Conflict("not-interested").into())
    }
}

/// The caller's own active interest, if any.
pub async fn my_response(state: &AppState, actor: &Actor, loaded: &Loaded) -> WebResult<Option<Response>> {
    match actor.person_id() {
        Some(p) => Ok(plural_store::opportunities::active_response_of(&state.db, loaded.opportunity.id, p).await?),
        None => Ok(None),
    }
}

/// Everyone who came forward: for the group's admins and owners only.
pub async fn responses(state: &AppState, actor: &Actor, loaded: &Loaded) -> WebResult<Vec<Response>> {
    authz::decide(actor, &Action::ViewOpportunityResponses { role: loaded.role })?;
    Ok(plural_store::opportunities::responses(&state.db, loaded.opportunity.id).await?)
}

/// Answer a volunteer through the node: they are emailed the message, in
/// the group's name, without the admin's address.
pub async fn reply(state: &AppState, actor: &Actor, loaded: &Loaded, response: &str, message: &str) -> WebResult<()> {
    let author = me(actor)?;
    authz::decide(actor, &Action::ViewOpportunityResponses { role: loaded.role })?;
    let message = rules::parse_message("message", message).map_err(DomainError::from)?;
    let id: ResponseId = response.parse().map_err(|_| WebError::not_found())?;
    let response = plural_store::opportunities::response(&state.db, id)
        .await?
        .filter(|r| r.opportunity_id == loaded.opportunity.id)
        .ok_or(WebError::not_found())?;
    if response.status != "active" {
        return Err(DomainError::Conflict("response-withdrawn").into());
    }
    plural_store::opportunities::add_reply(&state.db, response.id, author, &message).await?;
    let o = &loaded.opportunity;
    if let Some(to) = plural_store::people::email(&state.db, &state.key, response.person_id).await? {
        let lang =
            plural_store::people::get(&state.db, response.person_id).await?.map(|p| p.language).unwrap_or_default();
        let args = [
            ("node", state.node_name.to_string()),
            ("title", o.title.clone()),
            ("group", o.group_name.clone()),
            ("message", message),
            ("link", format!("{}/opportunities/{}", state.config.base(), o.id)),
        ];
        queue(state, lang, to, "opportunity-email-reply-subject", "opportunity-email-reply-body", &args).await?;
    }
    Ok(())
}

/// An expression of interest in a person's data export.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportInterest {
    pub opportunity_id: String,
    pub opportunity_title: String,
    pub group_name: String,
    pub message: String,
    /// `active` or `withdrawn`.
    pub status: String,
    pub created_at: i64,
    /// What the group replied through the node.
    pub replies: Vec<ExportReply>,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportReply {
    pub message: String,
    pub at: i64,
}

/// Everything a person told groups about volunteering, and their replies.
pub async fn export_for(state: &AppState, person: plural_kernel::PersonId) -> WebResult<Vec<ExportInterest>> {
    Ok(plural_store::opportunities::interests_of(&state.db, person)
        .await?
        .into_iter()
        .map(|r| ExportInterest {
            opportunity_id: r.opportunity_id.to_string(),
            opportunity_title: r.opportunity_title,
            group_name: r.group_name,
            message: r.message,
            status: r.status,
            created_at: r.created_at,
            replies: r.replies.into_iter().map(|(message, at)| ExportReply { message, at }).collect(),
        })
        .collect())
}
