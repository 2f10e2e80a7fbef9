//! The domain operations of campaigns, shared by the pages, the API, the
//! poster and the counter.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use plural_kernel::authz::{self, Action, Actor};
use plural_kernel::campaigns::{
    self as rules, CampaignInput, Locality, PledgeInput, PledgeTotals, SignatureInput, StageInput, Status,
};
use plural_kernel::groups::Role;
use plural_kernel::{DomainError, FieldErrors, PersonId};
use plural_store::campaigns::{Campaign, NewSignature, Pledge};
use plural_store::groups::Group;
use plural_store::NodeKey;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::error::{WebError, WebResult};
use crate::i18n::t_args;
use crate::mail::Email;
use crate::AppState;

/// A campaign with what the person asking may do with it.
pub struct Loaded {
    pub c: Campaign,
    pub role: Option<Role>,
    pub can_run: bool,
}

fn me(actor: &Actor) -> WebResult<PersonId> {
    actor.person_id().ok_or(WebError::Domain(DomainError::Unauthenticated))
}

pub fn may_run(actor: &Actor, role: Option<Role>) -> bool {
    authz::decide(actor, &Action::RunCampaign { role }).is_ok()
}

/// A campaign, if it may be seen: a draft exists only for its organisers.
pub async fn load(state: &AppState, actor: &Actor, id: &str) -> WebResult<Loaded> {
    let c = plural_store::campaigns::get(&state.db, id).await?.ok_or(WebError::not_found())?;
    let role = match actor.person_id() {
        Some(p) => plural_store::groups::role_of(&state.db, c.group_id, p).await?,
        None => None,
    };
    let can_run = may_run(actor, role);
    if c.status == Status::Draft && !can_run {
        return Err(WebError::not_found());
    }
    Ok(Loaded { c, role, can_run })
}

fn run(actor: &Actor, l: &Loaded) -> WebResult<()> {
    authz::decide(actor, &Action::RunCampaign { role: l.role })?;
    Ok(())
}

/// Campaigns anyone may see, in a place (slug) or everywhere.
pub async fn list(state: &AppState, place: &str) -> WebResult<Vec<Campaign>> {
    let place = match place.trim() {
        "" => None,
        slug => Some(plural_store::places::by_slug(&state.db, slug).await?.ok_or(WebError::not_found())?.id),
    };
    Ok(plural_store::campaigns::list_public(&state.db, place, 200).await?)
}

/// The groups a person may run campaigns for.
pub async fn runnable_groups(state: &AppState, actor: &Actor) -> WebResult<Vec<Group>> {
    let person = me(actor)?;
    Ok(plural_store::groups::of_person(&state.db, person)
        .await?
        .into_iter()
        .filter(|(_, r)| may_run(actor, Some(*r)))
        .map(|(g, _)| g)
        .collect())
}

/// The campaigns of the groups a person runs, drafts included.
pub async fn mine(state: &AppState, actor: &Actor) -> WebResult<Vec<Campaign>> {
    if actor.person_id().is_none() {
        return Ok(Vec::new());
    }
    let groups: Vec<_> = runnable_groups(state, actor).await?.into_iter().map(|g| g.id).collect();
    Ok(plural_store::campaigns::of_groups(&state.db, &groups).await?)
}

/// Start a campaign for a group (slug), in a place (slug; the group's own
/// place when blank), with its first stages.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    group: &str,
    place: &str,
    input: &CampaignInput,
    stages: &[StageInput],
) -> WebResult<Campaign> {
    create_from(state, actor, group, place, input, stages, None).await
}

/// Start a campaign, recording the blueprint it was adopted from.
pub async fn create_from(
    state: &AppState,
    actor: &Actor,
    group: &str,
    place: &str,
    input: &CampaignInput,
    stages: &[StageInput],
    blueprint: Option<&plural_store::campaigns::BlueprintRef>,
) -> WebResult<Campaign> {
    let n = check_new(state, actor, group, place, input, stages).await?;
    let id =
        plural_store::campaigns::create(&state.db, n.group, n.place, n.by, &n.campaign, &n.stages, blueprint).await?;
    plural_store::campaigns::get(&state.db, &id).await?.ok_or(WebError::not_found())
}

/// A new campaign, checked and allowed, ready to be written.
pub struct NewCampaign {
    pub group: plural_kernel::GroupId,
    pub place: plural_kernel::PlaceId,
    pub by: plural_kernel::PersonId,
    pub campaign: plural_kernel::campaigns::CheckedCampaign,
    pub stages: Vec<plural_kernel::campaigns::CheckedStage>,
}

/// Check a new campaign for a group (by slug) in a place (by slug; blank:
/// the group's) and that the actor may run campaigns for the group; every
/// problem is reported at once.
pub async fn check_new(
    state: &AppState,
    actor: &Actor,
    group: &str,
    place: &str,
    input: &CampaignInput,
    stages: &[StageInput],
) -> WebResult<NewCampaign> {
    let person = me(actor)?;
    let mut errors = FieldErrors::new();
    let group = plural_store::groups::by_slug(&state.db, group.trim()).await?;
    let role = match &group {
        Some(g) => plural_store::groups::role_of(&state.db, g.id, person).await?,
        None => None,
    };
    if group.is_some() {
        authz::decide(actor, &Action::RunCampaign { role })?;
    } else {
        errors.push("group", "campaign-group-invalid");
    }
    let place = match (place.trim(), &group) {
        ("", Some(g)) => Some(g.place_id),
        ("", None) => None,
        (slug, _) => {
            let p = plural_store::places::by_slug(&state.db, slug).await?.map(|p| p.id);
            if p.is_none() {
                errors.push("place", "campaign-place-invalid");
            }
            p
        }
    };
    let checked = rules::check(input).map_err(|e| errors.0.extend(e.0)).ok();
    let mut checked_stages = Vec::new();
    for s in stages {
        if let Ok(s) = rules::check_stage(s).map_err(|e| errors.0.extend(e.0)) {
            checked_stages.push(s);
        }
    }
    let (Some(group), Some(place), Some(checked)) = (group, place, checked) else {
        return Err(DomainError::Invalid(errors).into());
    };
    errors.into_result()?;
    Ok(NewCampaign { group: group.id, place, by: person, campaign: checked, stages: checked_stages })
}

pub async fn edit(state: &AppState, actor: &Actor, l: &Loaded, input: &CampaignInput) -> WebResult<()> {
    run(actor, l)?;
    let checked = rules::check(input).map_err(DomainError::Invalid)?;
    plural_store::campaigns::update(&state.db, &l.c.id, &checked).await?;
    Ok(())
}

pub async fn add_stage(state: &AppState, actor: &Actor, l: &Loaded, input: &StageInput) -> WebResult<()> {
    run(actor, l)?;
    let s = rules::check_stage(input).map_err(DomainError::Invalid)?;
    plural_store::campaigns::add_stage(&state.db, &l.c.id, &s).await?;
    Ok(())
}

pub async fn set_stage_done(state: &AppState, actor: &Actor, l: &Loaded, stage: &str, done: bool) -> WebResult<()> {
    run(actor, l)?;
    if !plural_store::campaigns::set_stage_done(&state.db, &l.c.id, stage, done).await? {
        return Err(WebError::not_found());
    }
    Ok(())
}

/// Post an update; every supporter who opted in gets it by email.
pub async fn post_update(state: &AppState, actor: &Actor, l: &Loaded, body: &str) -> WebResult<String> {
    run(actor, l)?;
    let person = me(actor)?;
    let body = rules::check_update(body).map_err(DomainError::from)?;
    let id = plural_store::campaigns::add_update(&state.db, &l.c.id, person, &body).await?;
    if l.c.status != Status::Draft {
        for supporter in plural_store::campaigns::supporters(&state.db, &l.c.id).await? {
            email_update(state, &l.c, supporter, &body).await?;
        }
    }
    Ok(id)
}

async fn email_update(state: &AppState, c: &Campaign, to: PersonId, body: &str) -> WebResult<()> {
    let Some(address) = plural_store::people::email(&state.db, &state.key, to).await? else { return Ok(()) };
    let lang = plural_store::people::get(&state.db, to).await?.map(|p| p.language).unwrap_or_default();
    let base = state.config.base();
    let unsubscribe_url = format!("{base}/campaigns/unsubscribe/{}", unsubscribe_token(&state.key, &c.id, to));
    let args = [
        ("node", state.node_name.to_string()),
        ("title", c.title.clone()),
        ("group", c.group_name.clone()),
        ("body", body.to_string()),
        ("link", format!("{base}/campaigns/{}", c.id)),
        ("unsubscribe", unsubscribe_url.clone()),
    ];
    let email = Email {
        to: address,
        subject: t_args(lang, "campaign-email-update-subject", &args),
        text: t_args(lang, "campaign-email-update-body", &args),
        html: None,
        unsubscribe_url: Some(unsubscribe_url),
    };
    crate::mail::queue(&state.db, &state.key, &email).await?;
    Ok(())
}

/// Link one of the node's events (published or cancelled, never a draft).
pub async fn link_event(state: &AppState, actor: &Actor, l: &Loaded, event: &str) -> WebResult<()> {
    run(actor, l)?;
    let bad = || WebError::from(DomainError::field("event", "campaign-event-invalid"));
    let id = event.trim().rsplit('/').next().unwrap_or("").parse().map_err(|_| bad())?;
    let e = plural_store::events::get(&state.db, id).await?.ok_or_else(bad)?;
    if e.status == plural_kernel::events::EventStatus::Draft {
        return Err(bad());
    }
    plural_store::campaigns::link_event(&state.db, &l.c.id, e.id).await?;
    Ok(())
}

fn open(l: &Loaded) -> WebResult<()> {
    if l.c.status.is_open() {
        Ok(())
    } else {
        Err(DomainError::Conflict("campaign-closed").into())
    }
}

/// Sign the petition, once. Where the signer lives is a place of this node
/// or a postcode district; whether that is local is decided now.
pub async fn sign(state: &AppState, actor: &Actor, l: &Loaded, input: &SignatureInput) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::SupportCampaign)?;
    if !l.c.petition {
        return Err(DomainError::Conflict("campaign-no-petition").into());
    }
    open(l)?;
    let s = rules::check_signature(input).map_err(DomainError::Invalid)?;
    let districts = rules::parse_districts("local_districts", &l.c.local_districts).unwrap_or_default();
    let (kind, locality, chain) = match &s.locality {
        Locality::Place(slug) => {
            let places = plural_store::places::list(&state.db).await?;
            let Some(mut at) = places.iter().find(|p| p.slug == *slug) else {
                return Err(DomainError::field("place", "campaign-place-invalid").into());
            };
            // The place and its ancestors (bounded, in case of bad data).
            let mut chain = vec![at.slug.clone()];
            for _ in 0..places.len() {
                match at.parent_id.and_then(|pid| places.iter().find(|p| p.id == pid)) {
                    Some(parent) => {
                        chain.push(parent.slug.clone());
                        at = parent;
                    }
                    None => break,
                }
            }
            ("place", slug.clone(), chain)
        }
        Locality::District(d) => ("postcode", d.as_str().to_string(), Vec::new()),
    };
    let local = rules::is_local(&l.c.place_slug, &districts, &s.locality, &chain);
    let new =
        NewSignature { campaign: &l.c.id, person, display: s.display, locality_kind: kind, locality: &locality, local };
    if !plural_store::campaigns::sign(&state.db, &new).await? {
        return Err(DomainError::Conflict("campaign-already-signed").into());
    }
    Ok(())
}

/// How a petition stands.
#[derive(Debug, Clone, Copy, serde::Serialize, utoipa::ToSchema)]
pub struct Petition {
    pub signatures: i64,
    /// Signers whose place is within the campaign's, or whose postcode
    /// district the campaign counts as local.
    pub local: i64,
    /// Signatures wanted (0: none set).
    pub threshold: i64,
    /// Whole percent towards the threshold, at most 100.
    pub percent: Option<i64>,
}

pub async fn petition(state: &AppState, c: &Campaign) -> WebResult<Petition> {
    let (signatures, local) = plural_store::campaigns::petition_counts(&state.db, &c.id).await?;
    Ok(Petition {
        signatures,
        local,
        threshold: c.threshold,
        percent: rules::progress_percent(signatures, c.threshold),
    })
}

/// Record a pledge. Plural records it; it never takes a payment.
pub async fn pledge(state: &AppState, actor: &Actor, l: &Loaded, input: &PledgeInput) -> WebResult<String> {
    let person = me(actor)?;
    authz::decide(actor, &Action::SupportCampaign)?;
    if !l.c.pledges {
        return Err(DomainError::Conflict("campaign-no-pledges").into());
    }
    open(l)?;
    let p = rules::check_pledge(input).map_err(DomainError::Invalid)?;
    Ok(plural_store::campaigns::pledge(&state.db, &l.c.id, person, p.kind, p.amount, &p.condition).await?)
}

pub async fn withdraw_pledge(state: &AppState, actor: &Actor, l: &Loaded, pledge: &str) -> WebResult<()> {
    let person = me(actor)?;
    if !plural_store::campaigns::withdraw_pledge(&state.db, &l.c.id, pledge, person).await? {
        return Err(WebError::not_found());
    }
    Ok(())
}

pub async fn totals(state: &AppState, c: &Campaign) -> WebResult<PledgeTotals> {
    let pledges = plural_store::campaigns::pledges(&state.db, &c.id).await?;
    Ok(rules::totals(pledges.iter().map(|p| (p.kind, p.amount, p.condition.as_str()))))
}

/// Who pledged what: the campaign's organisers only.
pub async fn pledge_list(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<Vec<Pledge>> {
    run(actor, l)?;
    Ok(plural_store::campaigns::pledges(&state.db, &l.c.id).await?)
}

/// A person's own pledges to a campaign.
pub async fn my_pledges(state: &AppState, actor: &Actor, c: &Campaign) -> WebResult<Vec<Pledge>> {
    let Some(person) = actor.person_id() else { return Ok(Vec::new()) };
    Ok(plural_store::campaigns::pledges(&state.db, &c.id)
        .await?
        .into_iter()
        .filter(|p| p.person_id == person)
        .collect())
}

/// Opt in to updates by email.
pub async fn follow(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<()> {
    let person = me(actor)?;
    authz::decide(actor, &Action::SupportCampaign)?;
    if l.c.status == Status::Draft {
        return Err(WebError::not_found());
    }
    plural_store::campaigns::follow(&state.db, &l.c.id, person).await?;
    Ok(())
}

pub async fn unfollow(state: &AppState, actor: &Actor, l: &Loaded) -> WebResult<()> {
    let person = me(actor)?;
    plural_store::campaigns::unfollow(&state.db, &l.c.id, person).await?;
    Ok(())
}

// Unsubscribe links: campaign, person and an HMAC of both under a key
// derived from the node key. They do not expire and can only ever stop
// one campaign's updates.

fn mac(key: &NodeKey, campaign: &str, person: &str) -> Vec<u8> {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(&key.derive("campaign-unsubscribe")).unwrap_or_else(|_| unreachable!());
    mac.update(campaign.as_bytes());
    mac.update(b"/");
    mac.update(person.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

pub fn unsubscribe_token(key: &NodeKey, campaign: &str, person: PersonId) -> String {
    let person = person.to_string();
    format!("{campaign}.{person}.{}", B64.encode(mac(key, campaign, &person)))
}

/// The campaign and person a genuine token names.
pub fn of_token(key: &NodeKey, token: &str) -> Option<(String, PersonId)> {
    let mut parts = token.trim().splitn(3, '.');
    let (campaign, person, sig) = (parts.next()?, parts.next()?, parts.next()?);
    let sig = B64.decode(sig).ok()?;
    if !bool::from(mac(key, campaign, person).ct_eq(&sig)) {
        return None;
    }
    Some((campaign.to_string(), person.parse().ok()?))
}

/// Stop a campaign's updates for the person a link names, without signing in.
pub async fn unsubscribe(state: &AppState, token: &str) -> WebResult<()> {
    let (campaign, person) = of_token(&state.key, token)
        .ok_or_else(|| WebError::from(DomainError::field("token", "campaign-link-invalid")))?;
    plural_store::campaigns::unfollow(&state.db, &campaign, person).await?;
    Ok(())
}

/// What a person's own data export says about their campaigning.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ExportCampaigns {
    /// Petitions signed, with the place or postcode district given.
    #[schema(value_type = Vec<Object>)]
    pub signatures: Vec<plural_store::campaigns::OwnSignature>,
    /// Pledges (amounts in pence, or hours), withdrawn ones included.
    #[schema(value_type = Vec<Object>)]
    pub pledges: Vec<plural_store::campaigns::OwnPledge>,
    /// Campaigns whose updates they get by email.
    pub following: Vec<String>,
}

pub async fn export_for(state: &AppState, person: PersonId) -> WebResult<ExportCampaigns> {
    Ok(ExportCampaigns {
        signatures: plural_store::campaigns::signatures_of(&state.db, person).await?,
        pledges: plural_store::campaigns::pledges_of(&state.db, person).await?,
        following: plural_store::campaigns::followed_by(&state.db, person).await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsubscribe_tokens_are_signed_for_one_campaign() {
        let key = NodeKey::from_secret(&NodeKey::generate_secret()).unwrap();
        let person = PersonId::new();
        let token = unsubscribe_token(&key, "c1", person);
        assert_eq!(of_token(&key, &token), Some(("c1".to_string(), person)));
        assert_eq!(of_token(&key, &token.replacen("c1", "c2", 1)), None);
        let other = NodeKey::from_secret(&NodeKey::generate_secret()).unwrap();
        assert_eq!(of_token(&other, &token), None);
    }
}
