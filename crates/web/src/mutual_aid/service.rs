//! The domain operations of mutual aid, shared by pages and API.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::mutual_aid::{self as rules, Kind, PostInput, Status};
use plural_kernel::{DomainError, PersonId};
use plural_store::mutual_aid::{Conversation, Filter, Message, NewReport, Post, Report};

use crate::error::{WebError, WebResult};
use crate::i18n::t_args;
use crate::mail::Email;
use crate::AppState;

/// Messages one person may send per rate-limit window (an hour).
pub const MESSAGE_LIMIT: i64 = 30;

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

/// What a list is narrowed to, as asked (place slug, kind, category).
pub async fn filter(state: &AppState, place: &str, kind: &str, category: &str) -> WebResult<Filter> {
    let place = match place.trim() {
        "" => None,
        slug => Some(plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?.id),
    };
    Ok(Filter {
        place,
        kind: Kind::parse("kind", kind).ok(),
        category: rules::parse_category("category", category).ok(),
    })
}

pub async fn list(state: &AppState, actor: &Actor, f: &Filter) -> WebResult<Vec<Post>> {
    Ok(plural_store::mutual_aid::list_open(&state.db, f, actor.person_id(), 100).await?)
}

/// A post, if it may be seen: open ones by anyone, closed ones by their
/// author, removed ones by nobody but their author.
pub async fn load(state: &AppState, actor: &Actor, id: &str) -> WebResult<Post> {
    let post = plural_store::mutual_aid::post(&state.db, id).await?.ok_or(WebError::not_found())?;
    let is_author = actor.person_id() == Some(post.author_id);
    if !is_author && !rules::is_open(post.status, post.expires_at, plural_store::now()) {
        return Err(WebError::not_found());
    }
    Ok(post)
}

pub fn is_open(p: &Post) -> bool {
    rules::is_open(p.status, p.expires_at, plural_store::now())
}

pub async fn create(state: &AppState, actor: &Actor, place: &str, input: &PostInput) -> WebResult<Post> {
    let person = me(actor)?;
    authz::decide(actor, &Action::PostMutualAid)?;
    let place = match place.trim() {
        "" => None,
        slug => plural_store::places::by_slug(&state.db, slug).await?,
    };
    let checked = rules::check(input, plural_store::now());
    let (place, checked) = match (place, checked) {
        (Some(p), Ok(c)) => (p, c),
        (place, checked) => {
            let mut errors = checked.err().unwrap_or_default();
            if place.is_none() {
                errors.push("place", "aid-place-invalid");
            }
            return Err(DomainError::Invalid(errors).into());
        }
    };
    let id = plural_store::mutual_aid::create_post(&state.db, place.id, person, &checked).await?;
    plural_store::mutual_aid::post(&state.db, &id).await?.ok_or(WebError::not_found())
}

pub async fn close(state: &AppState, actor: &Actor, post: &Post) -> WebResult<()> {
    authz::decide(actor, &Action::ManageAidPost { is_author: actor.person_id() == Some(post.author_id) })?;
    if post.status != Status::Open {
        return Err(DomainError::Conflict("aid-not-open").into());
    }
    plural_store::mutual_aid::set_status(&state.db, &post.id, Status::Closed).await?;
    Ok(())
}

async fn rate_limit(state: &AppState, person: PersonId) -> WebResult<()> {
    let key = format!("aid-message:{person}");
    if !plural_store::rate_limit::hit(&state.db, &key, MESSAGE_LIMIT, 3600).await? {
        return Err(WebError::RateLimited);
    }
    Ok(())
}

/// Respond to a post: opens (or continues) the private conversation with
/// its author, who is emailed without either address being shown.
pub async fn respond(state: &AppState, actor: &Actor, post: &Post, message: &str) -> WebResult<String> {
    let person = me(actor)?;
    let blocked = plural_store::mutual_aid::blocked_between(&state.db, person, post.author_id).await?;
    authz::decide(actor, &Action::RespondToAid { is_author: person == post.author_id, blocked })?;
    if !is_open(post) {
        return Err(DomainError::Conflict("aid-not-open").into());
    }
    let message = rules::parse_message("message", message).map_err(DomainError::from)?;
    rate_limit(state, person).await?;
    let id = plural_store::mutual_aid::respond(&state.db, &post.id, post.author_id, person, &message).await?;
    notify(state, post.author_id, person, &post.title, &id).await?;
    Ok(id)
}

/// A conversation, for its two people only (404 for anyone else).
pub async fn conversation(state: &AppState, actor: &Actor, id: &str) -> WebResult<(Conversation, Vec<Message>)> {
    let person = me(actor)?;
    let c = plural_store::mutual_aid::conversation(&state.db, id).await?.ok_or(WebError::not_found())?;
    authz::decide(actor, &Action::ViewAidConversation { party: person == c.author_id || person == c.responder_id })?;
    let messages = plural_store::mutual_aid::messages(&state.db, id).await?;
    Ok((c, messages))
}

/// The other person in a conversation.
pub fn other(c: &Conversation, me: PersonId) -> PersonId {
    if c.author_id == me {
        c.responder_id
    } else {
        c.author_id
    }
}

pub async fn send(state: &AppState, actor: &Actor, c: &Conversation, message: &str) -> WebResult<()> {
    let person = me(actor)?;
    let to = other(c, person);
    if plural_store::mutual_aid::blocked_between(&state.db, person, to).await? {
        return Err(DomainError::Forbidden("aid-blocked").into());
    }
    let message = rules::parse_message("message", message).map_err(DomainError::from)?;
    rate_limit(state, person).await?;
    plural_store::mutual_aid::add_message(&state.db, &c.id, person, &message).await?;
    notify(state, to, person, &c.post_title, &c.id).await
}

async fn notify(state: &AppState, to: PersonId, from: PersonId, title: &str, conversation: &str) -> WebResult<()> {
    let Some(address) = plural_store::people::email(&state.db, &state.key, to).await? else { return Ok(()) };
    let lang = plural_store::people::get(&state.db, to).await?.map(|p| p.language).unwrap_or_default();
    let from = plural_store::people::get(&state.db, from).await?.and_then(|p| p.display_name).unwrap_or_default();
    let args = [
        ("node", state.node_name.to_string()),
        ("name", from),
        ("title", title.to_string()),
        ("link", format!("{}/mutual-aid/conversations/{conversation}", state.config.base())),
    ];
    let email = Email {
        to: address,
        subject: t_args(lang, "aid-email-message-subject", &args),
        text: t_args(lang, "aid-email-message-body", &args),
        ..Email::default()
    };
    crate::mail::queue(&state.db, &state.key, &email).await?;
    Ok(())
}

pub async fn block(state: &AppState, actor: &Actor, other: PersonId) -> WebResult<()> {
    let person = me(actor)?;
    if other == person {
        return Err(DomainError::field("person", "aid-block-self").into());
    }
    plural_store::people::get(&state.db, other).await?.ok_or(WebError::not_found())?;
    plural_store::mutual_aid::block(&state.db, person, other).await?;
    Ok(())
}

pub async fn unblock(state: &AppState, actor: &Actor, other: PersonId) -> WebResult<()> {
    let person = me(actor)?;
    if plural_store::mutual_aid::unblock(&state.db, person, other).await? {
        Ok(())
    } else {
        Err(WebError::not_found())
    }
}

/// Report a post (its author) or, from a conversation, the other person,
/// to the place's stewards.
pub async fn report(
    state: &AppState,
    actor: &Actor,
    post: &Post,
    person: PersonId,
    reason: &str,
    details: &str,
) -> WebResult<String> {
    let reporter = me(actor)?;
    let mut errors = plural_kernel::FieldErrors::new();
    let reason = errors.check(rules::parse_reason("reason", reason));
    let details = details.trim();
    if details.chars().count() > rules::DETAILS_MAX {
        errors.push("details", "aid-text-too-long");
    }
    let Some(reason) = reason.filter(|_| errors.is_empty()) else { return Err(DomainError::Invalid(errors).into()) };
    if person == reporter {
        return Err(DomainError::field("person", "aid-report-self").into());
    }
    let r = NewReport { place: post.place_id, post: &post.id, reporter, person, reason, details };
    Ok(plural_store::mutual_aid::report(&state.db, &r).await?)
}

/// The reports a steward (or node admin) should look at.
pub async fn queue(state: &AppState, actor: &Actor) -> WebResult<Vec<Report>> {
    let person = me(actor)?;
    let places = plural_store::mutual_aid::stewarded_by(&state.db, person).await?;
    authz::decide(actor, &Action::ModerateAid { steward: !places.is_empty() })?;
    let node_admin = authz::decide(actor, &Action::AppointStewards).is_ok();
    Ok(plural_store::mutual_aid::open_reports(&state.db, if node_admin { None } else { Some(&places) }).await?)
}

/// Decide a report: take the post down, or dismiss the report.
/// `decision` is `remove` or `dismiss`, read only once the actor may decide.
pub async fn decide(state: &AppState, actor: &Actor, report: &str, decision: &str) -> WebResult<()> {
    let person = me(actor)?;
    let (place, _) =
        plural_store::mutual_aid::open_report_place(&state.db, report).await?.ok_or(WebError::not_found())?;
    let steward = plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&place);
    authz::decide(actor, &Action::ModerateAid { steward })?;
    let remove = match decision {
        "remove" => true,
        "dismiss" => false,
        _ => return Err(DomainError::field("decision", "aid-decision-invalid").into()),
    };
    if !plural_store::mutual_aid::decide_report(&state.db, report, person, remove).await? {
        return Err(DomainError::Conflict("aid-report-decided").into());
    }
    Ok(())
}

/// Name a steward of a place (node admins).
pub async fn appoint(state: &AppState, actor: &Actor, place: &str, person: PersonId) -> WebResult<()> {
    authz::decide(actor, &Action::AppointStewards)?;
    let place = plural_store::places::by_slug(&state.db, place.trim())
        .await?
        .ok_or(DomainError::field("place", "aid-place-invalid"))?;
    plural_store::people::get(&state.db, person).await?.ok_or(DomainError::field("person", "aid-person-invalid"))?;
    plural_store::mutual_aid::add_steward(&state.db, place.id, person).await?;
    Ok(())
}

/// Name a steward of a place by their email address (the page for node
/// admins; the address is looked up, never shown).
pub async fn appoint_by_email(state: &AppState, actor: &Actor, place: &str, email: &str) -> WebResult<()> {
    authz::decide(actor, &Action::AppointStewards)?;
    let mut errors = plural_kernel::FieldErrors::new();
    let place_ok = plural_store::places::by_slug(&state.db, place.trim()).await?.is_some();
    if !place_ok {
        errors.push("place", "aid-place-invalid");
    }
    let person = match plural_kernel::people::EmailAddress::parse("email", email) {
        Ok(e) => plural_store::people::find_by_email(&state.db, &state.key, &e).await?.map(|(p, _)| p.id),
        Err(_) => None,
    };
    let Some(person) = person.filter(|_| place_ok) else {
        if person.is_none() {
            errors.push("email", "aid-person-invalid");
        }
        return Err(DomainError::Invalid(errors).into());
    };
    appoint(state, actor, place, person).await
}
