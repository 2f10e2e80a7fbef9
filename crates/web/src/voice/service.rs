//! The domain operations of community voice, shared by pages, API and feeds.

use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::voice::{self as rules, AnswerState, ProposalInput, Status};
use plural_kernel::{DomainError, FieldErrors, PersonId, PlaceId};
use plural_store::voice::{Answer, Comment, Filter, NewAnswer, NewReport, Proposal, Report};

use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{WebError, WebResult};
use crate::i18n::t_args;
use crate::mail::Email;
use crate::AppState;

/// Comments one person may write per rate-limit window (an hour).
pub const COMMENT_LIMIT: i64 = 30;

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

/// What a list is narrowed to, as asked (place slug; answer state, or
/// `unanswered`). An unknown place is "not found"; an unknown state is ignored.
pub async fn filter(state: &AppState, place: &str, answer: &str) -> WebResult<Filter> {
    let place = match place.trim() {
        "" => None,
        slug => Some(plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?.id),
    };
    let answer = match answer.trim() {
        "unanswered" => Some(None),
        s => AnswerState::parse("state", s).ok().map(Some),
    };
    Ok(Filter { place, answer })
}

pub async fn list(state: &AppState, f: &Filter) -> WebResult<Vec<Proposal>> {
    Ok(plural_store::voice::list(&state.db, f, 200).await?)
}

/// A proposal, if it may be seen: published ones by anyone, drafts by their
/// author only; removed ones by nobody.
pub async fn load(state: &AppState, actor: &Actor, id: &str) -> WebResult<Proposal> {
    let p = plural_store::voice::get(&state.db, id).await?.ok_or(WebError::not_found())?;
    match p.status {
        Status::Published => Ok(p),
        Status::Draft if actor.person_id() == Some(p.author_id) => Ok(p),
        _ => Err(WebError::not_found()),
    }
}

async fn checked(state: &AppState, place: &str, input: &ProposalInput) -> WebResult<(PlaceId, rules::CheckedProposal)> {
    let place = match place.trim() {
        "" => None,
        slug => plural_store::places::by_slug(&state.db, slug).await?,
    };
    match (place, rules::check_proposal(input)) {
        (Some(p), Ok(c)) => Ok((p.id, c)),
        (place, checked) => {
            let mut errors = checked.err().unwrap_or_default();
            if place.is_none() {
                errors.push("place", "voice-place-invalid");
            }
            Err(DomainError::Invalid(errors).into())
        }
    }
}

/// Propose: a draft, or published at once.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    place: &str,
    input: &ProposalInput,
    publish: bool,
) -> WebResult<Proposal> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Propose)?;
    let (place, checked) = checked(state, place, input).await?;
    let id = plural_store::voice::create(&state.db, place, person, &checked, publish).await?;
    plural_store::voice::get(&state.db, &id).await?.ok_or(WebError::not_found())
}

pub async fn update(
    state: &AppState,
    actor: &Actor,
    p: &Proposal,
    place: &str,
    input: &ProposalInput,
) -> WebResult<()> {
    authz::decide(actor, &Action::EditProposal { is_author: actor.person_id() == Some(p.author_id) })?;
    if p.status != Status::Draft {
        return Err(DomainError::Conflict("voice-not-draft").into());
    }
    let (place, checked) = checked(state, place, input).await?;
    if !plural_store::voice::update_draft(&state.db, &p.id, place, &checked).await? {
        return Err(DomainError::Conflict("voice-not-draft").into());
    }
    Ok(())
}

pub async fn publish(state: &AppState, actor: &Actor, p: &Proposal) -> WebResult<()> {
    authz::decide(actor, &Action::EditProposal { is_author: actor.person_id() == Some(p.author_id) })?;
    if !plural_store::voice::publish(&state.db, &p.id).await? {
        return Err(DomainError::Conflict("voice-not-draft").into());
    }
    Ok(())
}

/// Whether a proposal takes support now.
pub fn gathers_support(p: &Proposal) -> bool {
    p.status == Status::Published && AnswerState::gathers_support(p.answer_state)
}

/// Support a proposal: once per person.
pub async fn support(state: &AppState, actor: &Actor, p: &Proposal) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Propose)?;
    if !gathers_support(p) {
        return Err(DomainError::Conflict("voice-support-closed").into());
    }
    if !plural_store::voice::support(&state.db, &p.id, person).await? {
        return Err(DomainError::Conflict("voice-already-supported").into());
    }
    Ok(())
}

pub async fn unsupport(state: &AppState, actor: &Actor, p: &Proposal) -> WebResult<()> {
    let person = me(actor)?;
    if !gathers_support(p) {
        return Err(DomainError::Conflict("voice-support-closed").into());
    }
    if !plural_store::voice::unsupport(&state.db, &p.id, person).await? {
        return Err(DomainError::Conflict("voice-not-supported").into());
    }
    Ok(())
}

pub async fn follow(state: &AppState, actor: &Actor, p: &Proposal, on: bool) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Propose)?;
    if on {
        plural_store::voice::follow(&state.db, &p.id, person).await?;
    } else {
        plural_store::voice::unfollow(&state.db, &p.id, person).await?;
    }
    Ok(())
}

/// Comment on a published proposal, or reply to a comment on it.
pub async fn comment(state: &AppState, actor: &Actor, p: &Proposal, parent: &str, body: &str) -> WebResult<String> {
    let person = me(actor)?;
    authz::decide(actor, &Action::Propose)?;
    if p.status != Status::Published {
        return Err(DomainError::Conflict("voice-not-published").into());
    }
    let body = rules::parse_comment("comment", body).map_err(DomainError::from)?;
    let key = format!("voice-comment:{person}");
    if !plural_store::rate_limit::hit(&state.db, &key, COMMENT_LIMIT, 3600).await? {
        return Err(WebError::RateLimited);
    }
    let parent = Some(parent.trim()).filter(|s| !s.is_empty());
    plural_store::voice::add_comment(&state.db, &p.id, parent, person, &body)
        .await?
        .ok_or(DomainError::field("parent", "voice-parent-invalid").into())
}

pub async fn comments(state: &AppState, p: &Proposal) -> WebResult<Vec<Comment>> {
    Ok(plural_store::voice::comments(&state.db, &p.id).await?)
}

/// Report a comment to the place's stewards.
pub async fn report(
    state: &AppState,
    actor: &Actor,
    p: &Proposal,
    comment: &str,
    reason: &str,
    details: &str,
) -> WebResult<String> {
    let reporter = me(actor)?;
    let all = comments(state, p).await?;
    let Some(c) = all.iter().find(|c| c.id == comment.trim() && !c.removed) else {
        return Err(DomainError::field("comment", "voice-comment-invalid").into());
    };
    let mut errors = FieldErrors::new();
    let reason = errors.check(rules::parse_reason("reason", reason));
    let details = errors.check(rules::parse_details("details", details));
    let (Some(reason), Some(details)) = (reason, details) else { return Err(DomainError::Invalid(errors).into()) };
    if c.author_id == reporter {
        return Err(DomainError::field("comment", "voice-report-own").into());
    }
    let r = NewReport { place: p.place_id, proposal: &p.id, comment: &c.id, reporter, reason, details: &details };
    Ok(plural_store::voice::report(&state.db, &r).await?)
}

/// The reports a steward (or node admin) should look at.
pub async fn queue(state: &AppState, actor: &Actor) -> WebResult<Vec<Report>> {
    let person = me(actor)?;
    let places = plural_store::mutual_aid::stewarded_by(&state.db, person).await?;
    authz::decide(actor, &Action::ModerateVoice { steward: !places.is_empty() })?;
    let node_admin = authz::decide(actor, &Action::AppointStewards).is_ok();
    Ok(plural_store::voice::open_reports(&state.db, if node_admin { None } else { Some(&places) }).await?)
}

/// Decide a report: take the comment down, or dismiss the report. Logged publicly.
/// `decision` is `remove` or `dismiss`, read only once the actor may decide.
pub async fn decide(state: &AppState, actor: &Actor, report: &str, decision: &str, reason: &str) -> WebResult<()> {
    let person = me(actor)?;
    let place = plural_store::voice::open_report_place(&state.db, report).await?.ok_or(WebError::not_found())?;
    let steward = plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&place);
    authz::decide(actor, &Action::ModerateVoice { steward })?;
    let remove = match decision {
        "remove" => true,
        "dismiss" => false,
        _ => return Err(DomainError::field("decision", "voice-decision-invalid").into()),
    };
    let reason = rules::parse_details("reason", reason).map_err(DomainError::from)?;
    let role = if steward { "steward" } else { "node_admin" };
    if !plural_store::voice::decide_report(&state.db, report, person, role, remove, &reason).await? {
        return Err(DomainError::Conflict("voice-report-decided").into());
    }
    Ok(())
}

/// Who the actor may answer a proposal as: `("steward", place name)` if
/// they steward its place, and `(group slug, group name)` for each verified
/// public body they run whose place is the proposal's place or contains it.
pub async fn answerers(state: &AppState, actor: &Actor, p: &Proposal) -> WebResult<Vec<(String, String)>> {
    let Some(person) = actor.person_id() else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    if plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&p.place_id) {
        out.push(("steward".to_string(), p.place_name.clone()));
    }
    let chain: Vec<PlaceId> =
        plural_store::places::ancestry(&state.db, p.place_id).await?.into_iter().map(|pl| pl.id).collect();
    for (g, role) in plural_store::groups::of_person(&state.db, person).await? {
        let action = Action::AnswerProposal {
            steward: false,
            body_role: Some(role),
            body_verified: g.verified_public_body,
            body_here: chain.contains(&g.place_id),
        };
        if authz::decide(actor, &action).is_ok() {
            out.push((g.slug, g.name));
        }
    }
    Ok(out)
}

/// Give an official answer or a progress update, as a verified public body
/// (`by` is its slug) or as the place's stewards (`by` is `steward`), and
/// tell the proposal's followers by email.
pub async fn answer(
    state: &AppState,
    actor: &Actor,
    p: &Proposal,
    by: &str,
    new_state: &str,
    body: &str,
) -> WebResult<String> {
    let person = me(actor)?;
    if p.status != Status::Published {
        return Err(DomainError::Conflict("voice-not-published").into());
    }
    let mut errors = FieldErrors::new();
    let new_state = errors.check(AnswerState::parse("state", new_state));
    let body = errors.check(rules::parse_answer("answer", body));
    if let Some(s) = new_state {
        errors.check(AnswerState::check_move("state", p.answer_state, s));
    }
    let group = match by.trim() {
        "steward" => None,
        "" => {
            errors.push("by", "voice-by-required");
            None
        }
        slug => match plural_store::groups::by_slug(&state.db, slug).await? {
            Some(g) => Some(g),
            None => {
                errors.push("by", "voice-by-invalid");
                None
            }
        },
    };
    // Permission first, so a person with no standing learns that rather than
    // the details of their form.
    let action = match &group {
        Some(g) => {
            let chain: Vec<PlaceId> =
                plural_store::places::ancestry(&state.db, p.place_id).await?.into_iter().map(|pl| pl.id).collect();
            Action::AnswerProposal {
                steward: false,
                body_role: plural_store::groups::role_of(&state.db, g.id, person).await?,
                body_verified: g.verified_public_body,
                body_here: chain.contains(&g.place_id),
            }
        }
        None if by.trim() == "steward" => Action::AnswerProposal {
            steward: plural_store::mutual_aid::stewarded_by(&state.db, person).await?.contains(&p.place_id),
            body_role: None,
            body_verified: false,
            body_here: false,
        },
        None => Action::Propose,
    };
    authz::decide(actor, &action)?;
    let (Some(new_state), Some(body)) = (new_state, body) else { return Err(DomainError::Invalid(errors).into()) };
    if !errors.is_empty() {
        return Err(DomainError::Invalid(errors).into());
    }
    let a = NewAnswer {
        proposal: &p.id,
        place: p.place_id,
        from: p.answer_state,
        state: new_state,
        body: &body,
        group: group.as_ref().map(|g| g.id),
        author: person,
    };
    let id = plural_store::voice::answer(&state.db, &a).await?.ok_or(DomainError::Conflict("voice-answer-changed"))?;
    let who = group.map(|g| g.name).unwrap_or_else(|| p.place_name.clone());
    notify_followers(state, p, person, new_state, &who, &body).await?;
    Ok(id)
}

async fn notify_followers(
    state: &AppState,
    p: &Proposal,
    except: PersonId,
    new_state: AnswerState,
    who: &str,
    body: &str,
) -> WebResult<()> {
    for follower in plural_store::voice::followers(&state.db, &p.id).await? {
        if follower == except {
            continue;
        }
        let Some(address) = plural_store::people::email(&state.db, &state.key, follower).await? else { continue };
        let lang = plural_store::people::get(&state.db, follower).await?.map(|p| p.language).unwrap_or_default();
        let args = [
            ("node", state.node_name.to_string()),
            ("title", p.title.clone()),
            ("state", crate::i18n::t(lang, &format!("voice-state-{}", new_state.as_str().replace('_', "-")))),
            ("who", who.to_string()),
            ("answer", body.to_string()),
            ("link", format!("{}/proposals/{}", state.config.base(), p.id)),
        ];
        let email = Email {
            to: address,
            subject: t_args(lang, "voice-email-answer-subject", &args),
            text: t_args(lang, "voice-email-answer-body", &args),
            ..Email::default()
        };
        crate::mail::queue(&state.db, &state.key, &email).await?;
    }
    Ok(())
}

pub async fn answers(state: &AppState, p: &Proposal) -> WebResult<Vec<Answer>> {
    Ok(plural_store::voice::answers(&state.db, &p.id).await?)
}

/// Community voice in a person's own data export.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportVoice {
    pub proposals: Vec<ExportProposal>,
    pub comments: Vec<ExportComment>,
    /// Ids of the proposals supported.
    pub supported: Vec<String>,
    /// Ids of the proposals followed.
    pub following: Vec<String>,
    pub reports: Vec<ExportReport>,
    /// Ids of the polls voted in. How is not held against anyone: ballots
    /// are stored apart with nothing linking them to a voter.
    pub polls_voted: Vec<String>,
    /// Ids of the participatory budgets voted in (the selection likewise unlinked).
    pub budgets_voted: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportProposal {
    pub id: String,
    pub title: String,
    pub status: String,
    pub created_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportComment {
    pub id: String,
    pub proposal_id: String,
    pub body: String,
    /// Taken down by a steward.
    pub removed: bool,
    pub created_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportReport {
    pub comment_id: String,
    pub reason: String,
    pub created_at: i64,
}

pub async fn export_for(state: &AppState, person: PersonId) -> WebResult<ExportVoice> {
    let v = plural_store::voice::person_voice(&state.db, person).await?;
    Ok(ExportVoice {
        proposals: v
            .proposals
            .into_iter()
            .map(|(id, title, status, created_at)| ExportProposal { id, title, status, created_at })
            .collect(),
        comments: v
            .comments
            .into_iter()
            .map(|(id, proposal_id, body, removed, created_at)| ExportComment {
                id,
                proposal_id,
                body,
                removed,
                created_at,
            })
            .collect(),
        supported: v.supported,
        following: v.following,
        reports: v
            .reports
            .into_iter()
            .map(|(comment_id, reason, created_at)| ExportReport { comment_id, reason, created_at })
            .collect(),
        polls_voted: v.polls_voted,
        budgets_voted: v.budgets_voted,
    })
}
