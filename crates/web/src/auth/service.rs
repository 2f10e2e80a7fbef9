//! The domain operations of signing up and in, shared by pages and API.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use plural_kernel::errors::FieldErrors;
use plural_kernel::language::Language;
use plural_kernel::people::{DisplayName, EmailAddress, NewPassword};
use plural_kernel::{DomainError, PersonId};
use plural_store::people::{NewPerson, Person};
use plural_store::sessions::{LinkError, LinkPurpose};

use crate::error::{WebError, WebResult};
use crate::i18n::t_args;
use crate::mail::Email;
use crate::AppState;

pub fn hash_password(p: &NewPassword) -> WebResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(p.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| WebError::Internal(anyhow::anyhow!("hashing password: {e}")))
}

pub fn verify_password(stored: &str, given: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| Argon2::default().verify_password(given.as_bytes(), &h).is_ok())
}

/// A hash of a random password, checked against when the account does not
/// exist, so a wrong email takes as long as a wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default().hash_password(b"decoy password for timing", &salt).map(|h| h.to_string()).unwrap_or_default()
    })
}

/// Count a hit against a rate limit; refuse once it is used up.
pub async fn rate_limit(state: &AppState, bucket: &str, limit: i64) -> WebResult<()> {
    let window = state.config.rate_limits.window_secs;
    if plural_store::rate_limit::hit(&state.db, bucket, limit, window).await? {
        Ok(())
    } else {
        Err(WebError::RateLimited)
    }
}

/// The limits counted per client address.
#[derive(Clone, Copy)]
pub enum ClientLimit {
    SignIn,
    SignUp,
    MagicLink,
    Search,
}

/// Count one attempt by this client against one of the per-address limits.
pub async fn limit_client(
    state: &AppState,
    limit: ClientLimit,
    headers: &axum::http::HeaderMap,
    peer: std::net::SocketAddr,
) -> WebResult<()> {
    let r = &state.config.rate_limits;
    let (name, max) = match limit {
        ClientLimit::SignIn => ("sign-in", r.sign_in),
        ClientLimit::SignUp => ("sign-up", r.sign_up),
        ClientLimit::MagicLink => ("magic-ip", r.magic_link),
        ClientLimit::Search => ("search", r.search),
    };
    rate_limit(state, &format!("{name}:{}", client_ip(state, headers, Some(peer))), max).await
}

pub struct SignUp<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password: &'a str,
    pub language: Language,
}

/// Create an account with a password. Every field problem is reported at once.
pub async fn sign_up(state: &AppState, input: SignUp<'_>) -> WebResult<Person> {
    let mut errors = FieldErrors::new();
    let email = errors.check(EmailAddress::parse("email", input.email));
    let name = errors.check(DisplayName::parse("display_name", input.display_name));
    let personal: Vec<&str> = [input.email, input.display_name].into_iter().filter(|s| !s.is_empty()).collect();
    let password = errors.check(NewPassword::parse("password", input.password, &personal));
    let (Some(email), Some(name), Some(password)) = (email, name, password) else {
        return Err(DomainError::Invalid(errors).into());
    };
    let hash = hash_password(&password)?;
    let new =
        NewPerson { email: &email, display_name: name.as_str(), password_hash: Some(&hash), language: input.language };
    let id = match plural_store::people::create(&state.db, &state.key, new).await {
        Ok(id) => id,
        Err(e) if e.is_unique_violation() => return Err(DomainError::field("email", "email-taken").into()),
        Err(e) => return Err(e.into()),
    };
    person(state, id).await
}

pub async fn person(state: &AppState, id: PersonId) -> WebResult<Person> {
    plural_store::people::get(&state.db, id).await?.ok_or(WebError::not_found())
}

/// Check an email and password. One message for every failure, so nobody
/// can learn which addresses have accounts.
pub async fn sign_in(state: &AppState, email: &str, password: &str) -> WebResult<Person> {
    let invalid = || WebError::Domain(DomainError::field("email", "credentials-invalid"));
    let Ok(email) = EmailAddress::parse("email", email) else {
        return Err(invalid());
    };
    match plural_store::people::find_by_email(&state.db, &state.key, &email).await? {
        Some((person, Some(hash))) if verify_password(&hash, password) => {
            if person.disabled {
                return Err(DomainError::Forbidden("account-disabled").into());
            }
            Ok(person)
        }
        Some(_) => Err(invalid()),
        None => {
            verify_password(decoy_hash(), password);
            Err(invalid())
        }
    }
}

/// Email a sign-in link. The same answer whether or not the address has an
/// account: a link to a new address creates the account when used.
pub async fn send_magic_link(state: &AppState, email: &str, lang: Language, next: &str) -> WebResult<()> {
    let email = EmailAddress::parse("email", email).map_err(DomainError::from)?;
    rate_limit(
        state,
        &format!("magic:{}", state.key.lookup_hash(&email.lookup_key())),
        state.config.rate_limits.magic_link,
    )
    .await?;
    let ttl = state.config.magic_link_minutes * 60;
    let token = plural_store::sessions::create_magic_link(
        &state.db,
        &state.key,
        LinkPurpose::SignIn,
        email.as_str(),
        None,
        ttl,
    )
    .await?;
    let mut link = format!("{}/sign-in/link?token={token}", state.config.base());
    if is_local_path(next) {
        link.push_str("&next=");
        link.extend(url::form_urlencoded::byte_serialize(next.as_bytes()));
    }
    let args = [
        ("node", state.node_name.to_string()),
        ("link", link),
        ("minutes", state.config.magic_link_minutes.to_string()),
    ];
    let email = Email {
        to: email.as_str().to_string(),
        subject: t_args(lang, "email-magic-link-subject", &args),
        text: t_args(lang, "email-magic-link-body", &args),
        ..Email::default()
    };
    crate::mail::queue(&state.db, &state.key, &email).await?;
    Ok(())
}

/// Use a sign-in link: the person it belongs to, created if new.
pub async fn redeem_magic_link(state: &AppState, token: &str, display_name: &str, lang: Language) -> WebResult<Person> {
    let link =
        match plural_store::sessions::redeem_magic_link(&state.db, &state.key, LinkPurpose::SignIn, token).await? {
            Ok(link) => link,
            Err(LinkError::Unknown) => {
                return Err(WebError::BadRequest("link-invalid", "this sign-in link is not valid".into()))
            }
            Err(LinkError::Expired) => {
                return Err(WebError::BadRequest("link-expired", "this sign-in link has expired".into()))
            }
            Err(LinkError::AlreadyUsed) => {
                return Err(WebError::BadRequest("link-used", "this sign-in link has already been used".into()))
            }
        };
    let email = EmailAddress::parse("email", &link.email).map_err(DomainError::from)?;
    if let Some((person, _)) = plural_store::people::find_by_email(&state.db, &state.key, &email).await? {
        if person.disabled {
            return Err(DomainError::Forbidden("account-disabled").into());
        }
        return Ok(person);
    }
    // A new person: a name is needed; default to the part before the @.
    let fallback = email.as_str().split('@').next().unwrap_or("neighbour").to_string();
    let name =
        DisplayName::parse("display_name", if display_name.trim().is_empty() { &fallback } else { display_name })
            .or_else(|_| DisplayName::parse("display_name", "Neighbour"))
            .map_err(DomainError::from)?;
    let new = NewPerson { email: &email, display_name: name.as_str(), password_hash: None, language: lang };
    let id = plural_store::people::create(&state.db, &state.key, new).await?;
    person(state, id).await
}

/// Only same-site paths are followed after sign-in (no open redirects).
pub fn is_local_path(next: &str) -> bool {
    next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") && !next.contains(['\r', '\n'])
}

/// The client's address for rate limits: the peer, or the first
/// `X-Forwarded-For` hop when the node is configured to trust its proxy.
pub fn client_ip(state: &AppState, headers: &axum::http::HeaderMap, peer: Option<std::net::SocketAddr>) -> String {
    if state.config.trust_forwarded_for {
        if let Some(ip) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return ip.to_string();
        }
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "unknown".into())
}
