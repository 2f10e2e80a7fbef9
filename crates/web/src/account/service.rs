//! The domain operations of a person's own account, shared by the account
//! pages and the `/api/v1/me` API. Every operation acts on the signed-in
//! person only and asks [`authz::decide`] first.

use plural_kernel::authz::{self, Action};
use plural_kernel::errors::FieldErrors;
use plural_kernel::groups::Role;
use plural_kernel::language::Language;
use plural_kernel::people::{DisplayName, EmailAddress, NewPassword};
use plural_kernel::{DomainError, TokenId};
use plural_store::groups::Group;
use plural_store::people::{AccessRecord, Person, ProfileUpdate};
use plural_store::places::Place;
use plural_store::sessions::{LinkError, LinkPurpose, SessionInfo};
use plural_store::tokens::TokenInfo;
use serde::Serialize;
use utoipa::ToSchema;

use crate::auth::service::{hash_password, person, rate_limit, verify_password};
use crate::error::{WebError, WebResult};
use crate::i18n::t_args;
use crate::mail::Email;
use crate::AppState;

/// How the access log names the person themself as the one who looked.
pub const ACCESSED_BY_SELF: &str = "self";
/// The access-log entry for a download of one's own data.
pub const WHAT_EXPORT: &str = "export";

fn allow(me: &Person) -> WebResult<()> {
    authz::decide(&me.actor(), &Action::EditOwnAccount)?;
    Ok(())
}

/// Everything the account page shows.
pub struct Overview {
    pub email: Option<String>,
    pub places: Vec<Place>,
    pub memberships: Vec<(Group, Role)>,
    /// Each session, and whether it is the one asking.
    pub sessions: Vec<(SessionInfo, bool)>,
    pub tokens: Vec<TokenInfo>,
    pub access_log: Vec<AccessRecord>,
    /// The places of the weekly digest; empty when it is off.
    pub digest_places: Vec<plural_kernel::PlaceId>,
}

pub async fn overview(state: &AppState, me: &Person, current_session: Option<&str>) -> WebResult<Overview> {
    allow(me)?;
    Ok(Overview {
        email: plural_store::people::email(&state.db, &state.key, me.id).await?,
        places: plural_store::places::list(&state.db).await?,
        memberships: plural_store::groups::of_person(&state.db, me.id).await?,
        sessions: plural_store::sessions::list_marking(&state.db, me.id, current_session).await?,
        tokens: plural_store::tokens::list(&state.db, me.id).await?,
        access_log: plural_store::people::access_log(&state.db, me.id, 50).await?,
        digest_places: plural_store::digest::places_of(&state.db, me.id).await?,
    })
}

/// A change to the profile. `None` leaves a field as it is; for the home
/// place, `Some(None)` (or an empty slug) clears it.
#[derive(Default)]
pub struct ProfileChange<'a> {
    pub display_name: Option<&'a str>,
    pub language: Option<&'a str>,
    pub home_place: Option<Option<&'a str>>,
}

/// Change name, language or home place; every field problem is reported at once.
pub async fn update_profile(state: &AppState, me: &Person, change: ProfileChange<'_>) -> WebResult<Person> {
    allow(me)?;
    let mut errors = FieldErrors::new();
    let name = match change.display_name {
        Some(n) => errors.check(DisplayName::parse("display_name", n)).map(|n| n.as_str().to_string()),
        None => me.display_name.clone(),
    };
    let language = match change.language {
        Some(l) => {
            let parsed = Language::parse(l);
            if parsed.is_none() {
                errors.push("language", "language-invalid");
            }
            parsed
        }
        None => Some(me.language),
    };
    let home_place = match change.home_place.map(|h| h.map(str::trim).filter(|s| !s.is_empty())) {
        None => Some(me.home_place_id),
        Some(None) => Some(None),
        Some(Some(slug)) => match plural_store::places::by_slug(&state.db, slug).await? {
            Some(place) => Some(Some(place.id)),
            None => {
                errors.push("home_place", "place-invalid");
                None
            }
        },
    };
    let (Some(name), Some(language), Some(home_place_id)) = (name, language, home_place) else {
        return Err(DomainError::Invalid(errors).into());
    };
    errors.into_result()?;
    let update = ProfileUpdate { display_name: &name, language, home_place_id };
    plural_store::people::update_profile(&state.db, me.id, update).await?;
    person(state, me.id).await
}

/// Be visible to other servers as `acct:handle@host` (an ActivityPub
/// `Person` with a public profile page), or stop being visible (`None` or
/// an empty handle): then nothing about the person is published and their
/// followers elsewhere are forgotten. A handle must be free among people,
/// groups, places and the node's own name, since WebFinger finds all of
/// them by it.
pub async fn set_fediverse_handle(state: &AppState, me: &Person, handle: Option<&str>) -> WebResult<Person> {
    allow(me)?;
    let handle = handle.map(str::trim).filter(|h| !h.is_empty()).map(str::to_ascii_lowercase);
    let Some(handle) = handle else {
        plural_store::people::set_fediverse_handle(&state.db, me.id, None).await?;
        return person(state, me.id).await;
    };
    let slug = plural_kernel::places::Slug::parse(FEDIVERSE_HANDLE, &handle).map_err(DomainError::from)?;
    let handle = slug.as_str();
    let taken_by_other = match crate::federation::actors::local_by_username(state, handle).await {
        Some(crate::federation::actors::Local::Person(p)) => p.id != me.id,
        Some(_) => true,
        None => false,
    };
    if taken_by_other {
        return Err(DomainError::field(FEDIVERSE_HANDLE, "slug-taken").into());
    }
    match plural_store::people::set_fediverse_handle(&state.db, me.id, Some(handle)).await {
        Err(e) if e.is_unique_violation() => Err(DomainError::field(FEDIVERSE_HANDLE, "slug-taken").into()),
        other => other.map_err(WebError::from),
    }?;
    person(state, me.id).await
}

/// The form and API field of the fediverse handle.
pub const FEDIVERSE_HANDLE: &str = "fediverse_handle";

/// Hide most of an address, for the notice sent to the old one.
fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('?')),
        None => "***".into(),
    }
}

/// Email a confirmation link to the new address. Nothing changes until the
/// link is used, so a typo cannot lock anyone out.
pub async fn request_email_change(state: &AppState, me: &Person, new_email: &str, lang: Language) -> WebResult<()> {
    allow(me)?;
    let email = EmailAddress::parse("email", new_email).map_err(DomainError::from)?;
    let current = plural_store::people::email(&state.db, &state.key, me.id).await?;
    if current.is_some_and(|c| c.to_lowercase() == email.lookup_key()) {
        return Err(DomainError::field("email", "email-unchanged").into());
    }
    // Counted before the lookup, so nobody can test many addresses for accounts.
    rate_limit(state, &format!("email-change:{}", me.id), state.config.rate_limits.magic_link).await?;
    if plural_store::people::find_by_email(&state.db, &state.key, &email).await?.is_some() {
        return Err(DomainError::field("email", "email-taken").into());
    }
    let ttl = state.config.magic_link_minutes * 60;
    let token = plural_store::sessions::create_magic_link(
        &state.db,
        &state.key,
        LinkPurpose::ChangeEmail,
        email.as_str(),
        Some(me.id),
        ttl,
    )
    .await?;
    let args = [
        ("node", state.node_name.to_string()),
        ("link", format!("{}/account/email/confirm?token={token}", state.config.base())),
        ("minutes", state.config.magic_link_minutes.to_string()),
    ];
    let mail = Email {
        to: email.as_str().to_string(),
        subject: t_args(lang, "account-email-confirm-subject", &args),
        text: t_args(lang, "account-email-confirm-body", &args),
        ..Email::default()
    };
    crate::mail::queue(&state.db, &state.key, &mail).await?;
    Ok(())
}

/// Use an email confirmation link: the address becomes the account's, and
/// the old address is told.
pub async fn confirm_email_change(state: &AppState, token: &str) -> WebResult<Person> {
    let invalid = || WebError::BadRequest("email-link-invalid", "this confirmation link is not valid".into());
    let link = match plural_store::sessions::redeem_magic_link(&state.db, &state.key, LinkPurpose::ChangeEmail, token)
        .await?
    {
        Ok(link) => link,
        Err(LinkError::Unknown) => return Err(invalid()),
        Err(LinkError::Expired) => {
            return Err(WebError::BadRequest("email-link-expired", "this confirmation link has expired".into()))
        }
        Err(LinkError::AlreadyUsed) => {
            return Err(WebError::BadRequest("email-link-used", "this confirmation link has already been used".into()))
        }
    };
    let Some(id) = link.person else { return Err(invalid()) };
    let me = match plural_store::people::get(&state.db, id).await? {
        Some(p) if !p.erased && !p.disabled => p,
        _ => return Err(invalid()),
    };
    let email = EmailAddress::parse("email", &link.email).map_err(DomainError::from)?;
    let old = plural_store::people::email(&state.db, &state.key, me.id).await?;
    match plural_store::people::set_email(&state.db, &state.key, me.id, &email).await {
        Ok(()) => {}
        Err(e) if e.is_unique_violation() => {
            return Err(WebError::BadRequest(
                "email-taken-meanwhile",
                "another account has started using this address since the link was sent".into(),
            ))
        }
        Err(e) => return Err(e.into()),
    }
    if let Some(old) = old.filter(|o| o.to_lowercase() != email.lookup_key()) {
        let args = [("node", state.node_name.to_string()), ("new", masked(email.as_str()))];
        let mail = Email {
            to: old,
            subject: t_args(me.language, "account-email-changed-subject", &args),
            text: t_args(me.language, "account-email-changed-body", &args),
            ..Email::default()
        };
        crate::mail::queue(&state.db, &state.key, &mail).await?;
    }
    Ok(me)
}

/// Set a first password or change it (the current one is needed when there
/// is one). Other sessions end: whoever knew the old password is signed out.
/// `keep_session` is the session to keep signed in, if the change came from one.
pub async fn change_password(
    state: &AppState,
    me: &Person,
    current: &str,
    new: &str,
    keep_session: Option<&str>,
) -> WebResult<()> {
    allow(me)?;
    rate_limit(state, &format!("password:{}", me.id), state.config.rate_limits.sign_in).await?;
    let mut errors = FieldErrors::new();
    if let Some(hash) = plural_store::people::password_hash(&state.db, me.id).await? {
        if current.is_empty() {
            errors.push("current_password", "current-password-required");
        } else if !verify_password(&hash, current) {
            errors.push("current_password", "current-password-wrong");
        }
    }
    let email = plural_store::people::email(&state.db, &state.key, me.id).await?.unwrap_or_default();
    let name = me.display_name.clone().unwrap_or_default();
    let personal: Vec<&str> = [email.as_str(), name.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
    let password = errors.check(NewPassword::parse("new_password", new, &personal));
    errors.into_result()?;
    let Some(password) = password else { return Err(WebError::Internal(anyhow::anyhow!("password unchecked"))) };
    let hash = hash_password(&password)?;
    plural_store::people::set_password_hash(&state.db, me.id, &hash).await?;
    match keep_session {
        Some(token) => plural_store::sessions::delete_others(&state.db, me.id, token).await?,
        None => plural_store::sessions::delete_all(&state.db, me.id).await?,
    };
    Ok(())
}

/// End every session, the current one included. Tokens are not sessions
/// and stay valid until revoked.
pub async fn sign_out_everywhere(state: &AppState, me: &Person) -> WebResult<u64> {
    allow(me)?;
    Ok(plural_store::sessions::delete_all(&state.db, me.id).await?)
}

/// A new token: its id, name, scopes and the secret (shown once).
pub struct NewToken {
    pub id: TokenId,
    pub name: String,
    pub scopes: Vec<&'static str>,
    pub secret: String,
}

pub async fn create_token(state: &AppState, me: &Person, name: &str, scopes: &[String]) -> WebResult<NewToken> {
    allow(me)?;
    let (name, scopes) = crate::auth::api::parse_token_request(name, scopes)?;
    let (id, secret) = plural_store::tokens::create(&state.db, me.id, &name, &scopes).await?;
    Ok(NewToken { id, name, scopes, secret })
}

pub async fn tokens(state: &AppState, me: &Person) -> WebResult<Vec<TokenInfo>> {
    allow(me)?;
    Ok(plural_store::tokens::list(&state.db, me.id).await?)
}

/// Revoke one of the person's own live tokens. Someone else's token, an
/// unknown id and an already revoked token all read as "not found".
pub async fn revoke_token(state: &AppState, me: &Person, id: &str) -> WebResult<()> {
    allow(me)?;
    let id: TokenId = id.parse().map_err(|_| WebError::not_found())?;
    if plural_store::tokens::revoke(&state.db, me.id, id).await? {
        Ok(())
    } else {
        Err(WebError::not_found())
    }
}

/// The typed confirmation on the delete form: the word DELETE (or its
/// translation) or the person's display name.
pub fn check_delete_confirmation(me: &Person, typed: &str, word: &str) -> Result<(), DomainError> {
    let typed = typed.trim();
    let name_matches = me.display_name.as_deref().is_some_and(|n| n == typed);
    if typed.is_empty() {
        Err(DomainError::field("confirm", "delete-confirm-required"))
    } else if typed == "DELETE" || typed == word || name_matches {
        Ok(())
    } else {
        Err(DomainError::field("confirm", "delete-confirm-mismatch"))
    }
}

/// What came of asking to delete an account.
pub enum Deletion {
    Erased,
    /// The groups the person is the only owner of, with other members.
    SoleOwner(Vec<String>),
}

/// Erase the account: personal data goes, a tombstone stays so group
/// histories read "former member". Refused while a group would be left
/// without an owner.
pub async fn delete_account(state: &AppState, me: &Person) -> WebResult<Deletion> {
    allow(me)?;
    let blockers = plural_store::people::erase(&state.db, me.id).await?;
    if !blockers.is_empty() {
        return Ok(Deletion::SoleOwner(blockers));
    }
    Ok(Deletion::Erased)
}

/// Everything the node holds about a person, in one document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Export {
    /// `plural-export/1`.
    pub format: String,
    pub node: String,
    /// Unix seconds.
    pub exported_at: i64,
    pub profile: ExportProfile,
    pub memberships: Vec<ExportMembership>,
    pub join_requests: Vec<ExportJoinRequest>,
    /// Lines of group histories that are about the person.
    pub group_history: Vec<ExportGroupEvent>,
    pub sessions: Vec<ExportSession>,
    /// Names, scopes and times only: secrets are never stored.
    pub api_tokens: Vec<ExportToken>,
    pub personal_data_access: Vec<ExportAccess>,
    /// Expressions of interest in volunteering opportunities, and the replies.
    pub volunteering: Vec<crate::opportunities::service::ExportInterest>,
    /// Savings circles the person belongs to, with their own ledger lines.
    pub circles: Vec<crate::circles::service::ExportCircle>,
    /// Petitions signed, pledges made and campaigns followed.
    pub campaigns: crate::campaigns::service::ExportCampaigns,
    /// Proposals, comments, supports, follows and reports; the polls and
    /// budgets voted in (never how).
    pub voice: crate::voice::service::ExportVoice,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportProfile {
    pub id: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub language: String,
    pub home_place: Option<ExportPlace>,
    pub is_node_admin: bool,
    pub has_password: bool,
    pub created_at: i64,
    /// The handle other servers see, while visible to them.
    pub fediverse_handle: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportPlace {
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportMembership {
    pub group_slug: String,
    pub group_name: String,
    pub role: String,
    pub joined_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportJoinRequest {
    pub group_slug: String,
    pub group_name: String,
    pub message: String,
    pub created_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportGroupEvent {
    pub group_slug: String,
    pub group_name: String,
    pub kind: String,
    pub detail: String,
    pub at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportSession {
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportToken {
    pub id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExportAccess {
    pub accessed_by: Option<String>,
    pub what: String,
    pub at: i64,
}

/// Gather the export, recording it in the person's access log first (so
/// the export lists itself).
pub async fn export(state: &AppState, me: &Person) -> WebResult<Export> {
    allow(me)?;
    let db = &state.db;
    plural_store::people::log_access(db, me.id, ACCESSED_BY_SELF, WHAT_EXPORT).await?;
    let home_place = match me.home_place_id {
        Some(id) => plural_store::places::get(db, id).await?.map(|p| ExportPlace { slug: p.slug, name: p.name }),
        None => None,
    };
    let profile = ExportProfile {
        id: me.id.to_string(),
        display_name: me.display_name.clone(),
        email: plural_store::people::email(db, &state.key, me.id).await?,
        language: me.language.code().to_string(),
        home_place,
        is_node_admin: me.is_node_admin,
        has_password: me.has_password,
        created_at: me.created_at,
        fediverse_handle: me.fediverse_handle.clone(),
    };
    let memberships = plural_store::people::memberships_of(db, me.id)
        .await?
        .into_iter()
        .map(|m| ExportMembership {
            group_slug: m.group_slug,
            group_name: m.group_name,
            role: m.role,
            joined_at: m.joined_at,
        })
        .collect();
    let join_requests = plural_store::people::join_requests_of(db, me.id)
        .await?
        .into_iter()
        .map(|r| ExportJoinRequest {
            group_slug: r.group_slug,
            group_name: r.group_name,
            message: r.message,
            created_at: r.created_at,
        })
        .collect();
    let group_history = plural_store::people::group_events_about(db, me.id)
        .await?
        .into_iter()
        .map(|e| ExportGroupEvent {
            group_slug: e.group_slug,
            group_name: e.group_name,
            kind: e.kind,
            detail: e.detail,
            at: e.at,
        })
        .collect();
    let sessions = plural_store::sessions::list(db, me.id)
        .await?
        .into_iter()
        .map(|s| ExportSession { created_at: s.created_at, last_seen_at: s.last_seen_at, expires_at: s.expires_at })
        .collect();
    let api_tokens = plural_store::tokens::list(db, me.id)
        .await?
        .into_iter()
        .map(|t| ExportToken {
            id: t.id.to_string(),
            name: t.name,
            scopes: t.scopes,
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked: t.revoked,
        })
        .collect();
    let personal_data_access = plural_store::people::access_log(db, me.id, i64::MAX)
        .await?
        .into_iter()
        .map(|a| ExportAccess { accessed_by: a.accessed_by, what: a.what, at: a.at })
        .collect();
    Ok(Export {
        format: "plural-export/1".into(),
        node: state.node_name.to_string(),
        exported_at: plural_store::now(),
        profile,
        memberships,
        join_requests,
        group_history,
        sessions,
        api_tokens,
        personal_data_access,
        volunteering: crate::opportunities::service::export_for(state, me.id).await?,
        circles: crate::circles::service::export_for(state, me.id).await?,
        campaigns: crate::campaigns::service::export_for(state, me.id).await?,
        voice: crate::voice::service::export_for(state, me.id).await?,
    })
}

/// `plural-export-YYYY-MM-DD.json`.
pub fn export_file_name(at: i64) -> String {
    let t = plural_store::from_unix(at);
    format!("plural-export-{:04}-{:02}-{:02}.json", t.year(), u8::from(t.month()), t.day())
}
